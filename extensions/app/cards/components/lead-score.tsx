// The lead score in words on the contact card: the matched rules with their points, and (when the
// server sends it, src/domain/scoring/explanation.ts) every rule of the model matched or not, with
// the grade, band and engagement decay explained.
import { Accordion, Flex, Heading, Text } from '@hubspot/ui-extensions';
import { DataTable } from './data-table.tsx';
import type { I18n } from '../lib/i18n.ts';
import type { QualificationView, ScoreExplanation } from '../lib/types.ts';

type RuleExplanation = ScoreExplanation['rules'][number];

/** The matched rules with their points and why they matched. */
export function ScoreReasons({ view, i18n }: { view: QualificationView; i18n: I18n }) {
  const { t } = i18n;
  return (
    <>
      <Heading>{t.lead.reasons}</Heading>
      {view.score.reasons.length === 0 ? (
        <Text variant="microcopy">{t.lead.noReasons}</Text>
      ) : (
        <DataTable
          testId="lead-reasons"
          rows={view.score.reasons}
          rowKey={(reason) => reason.ruleId}
          columns={[
            {
              header: t.lead.points,
              width: 'min',
              cell: (reason) => formatPoints(reason.points, i18n),
            },
            { header: t.lead.reason, cell: (reason) => i18n.pick(reason.label) },
            { header: t.lead.why, cell: (reason) => i18n.pick(reason.why) },
          ]}
        />
      )}
    </>
  );
}

/** Every rule of the scoring model, matched or not, and how grade, band and decay came about. */
export function ScoreExplanationView({
  explanation,
  i18n,
}: {
  explanation: ScoreExplanation;
  i18n: I18n;
}) {
  const t = i18n.t.lead;
  const matched = explanation.rules.filter((rule) => rule.earned !== null);
  const unmatched = explanation.rules.filter((rule) => rule.earned === null);
  return (
    <Accordion title={t.explanation} size="sm" testId="lead-explanation">
      <Flex direction="column" gap="sm">
        <Text testId="lead-explanation-grade">{i18n.pick(explanation.grade)}</Text>
        <Text testId="lead-explanation-band">{i18n.pick(explanation.band)}</Text>
        <Text testId="lead-explanation-decay">
          {explanation.decay ? i18n.pick(explanation.decay) : t.noDecay}
        </Text>
        <Heading>{t.matchedRules}</Heading>
        <RuleTable
          rules={matched}
          pointsLabel={t.earned}
          empty={t.noReasons}
          points={(rule) =>
            rule.detail ? i18n.pick(rule.detail) : formatPoints(rule.earned ?? 0, i18n)
          }
          i18n={i18n}
          testId="lead-explanation-matched"
        />
        <Heading>{t.unmatchedRules}</Heading>
        <RuleTable
          rules={unmatched}
          pointsLabel={t.points}
          empty={t.noUnmatchedRules}
          points={(rule) => formatPoints(rule.points, i18n)}
          i18n={i18n}
          testId="lead-explanation-unmatched"
        />
      </Flex>
    </Accordion>
  );
}

/** Rules with their points (as `points` words them), label and condition; `empty` when none. */
function RuleTable({
  rules,
  pointsLabel,
  empty,
  points,
  i18n,
  testId,
}: {
  rules: RuleExplanation[];
  pointsLabel: string;
  empty: string;
  points: (rule: RuleExplanation) => string;
  i18n: I18n;
  testId: string;
}) {
  const t = i18n.t.lead;
  if (rules.length === 0) return <Text variant="microcopy">{empty}</Text>;
  return (
    <DataTable
      testId={testId}
      rows={rules}
      rowKey={(rule) => rule.ruleId}
      columns={[
        { header: pointsLabel, width: 'min', cell: points },
        { header: t.rule, cell: (rule) => i18n.pick(rule.label) },
        { header: t.condition, cell: (rule) => i18n.pick(rule.condition) },
      ]}
    />
  );
}

/** Points with their sign, so "−10" reads as a penalty. */
export function formatPoints(points: number, i18n: I18n): string {
  const formatted = i18n.formatNumber(Math.abs(points));
  return points > 0 ? `+${formatted}` : points < 0 ? `−${formatted}` : formatted;
}
