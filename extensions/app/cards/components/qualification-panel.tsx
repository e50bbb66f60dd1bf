// The qualification tab: the four questions (prefilled with the latest answers, so a seller only
// changes what changed), the latest verdict and score, the trend, and the score's history as a chart.
import {
  Flex,
  Heading,
  LineChart,
  StatusTag,
  Text,
  useExtensionActions,
} from '@hubspot/ui-extensions';
import { useCardApi } from '../lib/api.ts';
import type { I18n } from '../lib/i18n.ts';
import { userName } from '../lib/people.ts';
import type { AssessmentView, PlanView, Verdict } from '../lib/types.ts';
import { AssessmentForm } from './assessment-form.tsx';

/** StatusTag variant per verdict. */
export const VERDICT_VARIANT: Record<Verdict, 'success' | 'warning' | 'danger'> = {
  qualified: 'success',
  at_risk: 'warning',
  not_qualified: 'danger',
};

/** The qualification tab of the plan card. */
export function QualificationPanel({
  plan,
  i18n,
  onAssessed,
}: {
  plan: PlanView;
  i18n: I18n;
  onAssessed: (assessment: AssessmentView) => void;
}) {
  const { t } = i18n;
  const api = useCardApi();
  const { addAlert } = useExtensionActions<'crm.record.tab'>();
  const { latest, series, trend } = plan.assessment;
  // No delta before a second assessment (the trend is then `unknown`, whose text has none).
  const delta = trend.delta ?? 0;
  const signedDelta = `${delta > 0 ? '+' : ''}${i18n.formatNumber(delta)}`;
  return (
    <Flex direction="column" gap="md">
      <Heading>{t.qualification.title}</Heading>
      {latest ? (
        <Flex direction="row" gap="sm" align="center" wrap>
          <StatusTag variant={VERDICT_VARIANT[latest.verdict]} testId="qualification-verdict">
            {`${t.verdicts[latest.verdict]} · ${i18n.formatNumber(latest.score)}`}
          </StatusTag>
          <Text variant="microcopy" testId="qualification-latest">
            {i18n.format(t.qualification.latest, {
              date: i18n.formatDateTime(latest.answeredAt),
              user: userName(plan.owners, latest.answeredBy, i18n) ?? t.common.unknownPerson,
            })}
          </Text>
          <Text variant="microcopy" testId="qualification-trend">
            {`${t.qualification.trend}: ${i18n.format(t.trends[trend.direction], { delta: signedDelta })}`}
          </Text>
        </Flex>
      ) : null}
      <AssessmentForm
        key={latest?.id ?? 'none'}
        i18n={i18n}
        perspective="deal"
        initialAnswers={latest?.answers}
        initialDecisionDate={latest?.expectedDecisionDate ?? null}
        testId="assessment"
        onSubmit={async (input) => {
          const result = await api.submitAssessment(plan.dealId, input);
          if (!result.ok) {
            addAlert({
              type: 'danger',
              title: t.common.failedTitle,
              message: i18n.pick(result.error.message),
            });
            return false;
          }
          onAssessed(result.data);
          const stored = result.data.latest;
          addAlert({
            type: 'success',
            title: t.common.savedTitle,
            message: stored
              ? i18n.format(t.qualification.saved, {
                  score: i18n.formatNumber(stored.score),
                  verdict: t.verdicts[stored.verdict],
                })
              : t.common.savedTitle,
          });
          return true;
        }}
      />
      <Heading>{t.qualification.history}</Heading>
      {series.length === 0 ? (
        <Text variant="microcopy">{t.qualification.historyEmpty}</Text>
      ) : (
        <LineChart
          testId="qualification-history"
          data={series.map((point) => ({ at: i18n.formatDateTime(point.at), score: point.score }))}
          axes={{
            x: { field: 'at', fieldType: 'category', label: t.qualification.chartDate },
            y: { field: 'score', fieldType: 'linear', label: t.qualification.chartScore },
          }}
          options={{ showTooltips: true, showDataLabels: true }}
        />
      )}
    </Flex>
  );
}
