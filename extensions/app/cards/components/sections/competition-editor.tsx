// Section 6, competition: every competitor with their history, positioning, strategy, strengths,
// weaknesses, objections, stumbling blocks, our win strategy and threat level, plus a per-competitor
// "can they win?" assessment; or the explicit statement that no competition is known.
import {
  Accordion,
  Checkbox,
  Flex,
  Select,
  Text,
  useExtensionActions,
} from '@hubspot/ui-extensions';
import { useCardApi } from '../../lib/api.ts';
import { newItemId } from '../../lib/list.ts';
import { LEVELS, optionsOf } from '../../lib/options.ts';
import type { AssessmentView, Competitor, Level, PlanView } from '../../lib/types.ts';
import { AssessmentForm } from '../assessment-form.tsx';
import { ObjectListEditor, TextListEditor } from '../list-editors.tsx';
import { LongText, ShortText } from '../fields.tsx';
import type { SectionEditorProps } from '../section-form.tsx';
import type { I18n } from '../../lib/i18n.ts';

type TextListKey = 'strengths' | 'weaknesses' | 'objectionsAgainstUs' | 'stumblingBlocks';
type LongTextKey = 'historyWithAccount' | 'positioning' | 'strategy' | 'winStrategy';

/** The competition editor; `onAssessed` receives the deal's assessment after a competitor was assessed. */
export function CompetitionEditor({
  draft,
  onChange,
  i18n,
  plan,
  onAssessed,
}: SectionEditorProps<'competition'> & { onAssessed: (assessment: AssessmentView) => void }) {
  const t = i18n.t.competition;
  const saved = new Set(
    plan.sections.competition.content.competitors.map((competitor) => competitor.id),
  );
  const newCompetitor = (): Competitor => ({
    id: newItemId(),
    name: '',
    historyWithAccount: '',
    positioning: '',
    strategy: '',
    strengths: [],
    weaknesses: [],
    objectionsAgainstUs: [],
    stumblingBlocks: [],
    winStrategy: '',
    threatLevel: null,
  });
  const locked = draft.competitors.length > 0;

  return (
    <Flex direction="column" gap="md">
      <Checkbox
        name="noCompetitionKnown"
        checked={draft.noCompetitionKnown && !locked}
        readOnly={locked}
        description={locked ? t.noCompetitionLocked : undefined}
        onChange={(noCompetitionKnown) => onChange({ ...draft, noCompetitionKnown })}
        testId="competition-none"
      >
        {t.noCompetitionKnown}
      </Checkbox>
      <ObjectListEditor
        label={t.competitors}
        items={draft.competitors}
        onChange={(competitors) => onChange({ ...draft, competitors })}
        i18n={i18n}
        testId="competition-competitors"
        tileTestId
        addLabel={t.addCompetitor}
        newItem={newCompetitor}
        onAdd={(competitors) => onChange({ ...draft, noCompetitionKnown: false, competitors })}
        renderItem={(competitor, index, { update, prefix, controls }) => {
          const longText = (key: LongTextKey) => (
            <LongText
              label={t[key]}
              name={`competitors.${index}.${key}`}
              value={competitor[key]}
              onChange={(value) => update({ [key]: value })}
              testId={`${prefix}-${key}`}
              i18n={i18n}
            />
          );
          const textList = (key: TextListKey) => (
            <TextListEditor
              label={t[key]}
              values={competitor[key]}
              path={`competitors.${index}.${key}`}
              onChange={(values) => update({ [key]: values })}
              i18n={i18n}
              testId={`${prefix}-${key}`}
            />
          );
          return (
            <Flex direction="column" gap="xs">
              <Flex direction="row" gap="sm" align="end" wrap>
                <ShortText
                  label={t.name}
                  name={`competitors.${index}.name`}
                  required
                  value={competitor.name}
                  onChange={(name) => update({ name })}
                  testId={`${prefix}-name`}
                />
                <Select
                  label={t.threatLevel}
                  name={`competitors.${index}.threatLevel`}
                  value={competitor.threatLevel ?? undefined}
                  options={optionsOf(LEVELS, i18n.t.levels)}
                  onChange={(value) => update({ threatLevel: value as Level })}
                  testId={`${prefix}-threatLevel`}
                />
              </Flex>
              {longText('historyWithAccount')}
              {longText('positioning')}
              {longText('strategy')}
              {textList('strengths')}
              {textList('weaknesses')}
              {textList('objectionsAgainstUs')}
              {textList('stumblingBlocks')}
              {longText('winStrategy')}
              <CompetitorAssessment
                competitor={competitor}
                saved={saved.has(competitor.id)}
                plan={plan}
                i18n={i18n}
                prefix={prefix}
                onAssessed={onAssessed}
              />
              {controls}
            </Flex>
          );
        }}
      />
    </Flex>
  );
}

/** A competitor's latest "can they win?" score and, once the competitor is saved, the form to assess it. */
function CompetitorAssessment({
  competitor,
  saved,
  plan,
  i18n,
  prefix,
  onAssessed,
}: {
  competitor: Competitor;
  saved: boolean;
  plan: PlanView;
  i18n: I18n;
  prefix: string;
  onAssessed: (assessment: AssessmentView) => void;
}) {
  const t = i18n.t.competition;
  const api = useCardApi();
  const { addAlert } = useExtensionActions<'crm.record.tab'>();
  const latest = plan.assessment.competitors.find((entry) => entry.competitorId === competitor.id);
  return (
    <>
      <Text format={{ fontWeight: 'demibold' }}>{t.canTheyWin}</Text>
      <Text variant="microcopy" testId={`${prefix}-assessment`}>
        {latest
          ? i18n.format(t.competitorScore, {
              score: i18n.formatNumber(latest.score),
              threat: i18n.t.threats[latest.threat],
              date: i18n.formatDate(latest.answeredAt),
            })
          : t.notAssessed}
      </Text>
      {saved ? (
        <Accordion title={t.assessCompetitor} size="sm">
          <AssessmentForm
            i18n={i18n}
            perspective="competitor"
            testId={`${prefix}-assess`}
            onSubmit={async ({ answers, note }) => {
              const result = await api.submitCompetitorAssessment(plan.dealId, competitor.id, {
                answers,
                ...(note ? { note } : {}),
              });
              if (!result.ok) {
                addAlert({
                  type: 'danger',
                  title: i18n.t.common.failedTitle,
                  message: i18n.pick(result.error.message),
                });
                return false;
              }
              onAssessed(result.data);
              addAlert({
                type: 'success',
                title: i18n.t.common.savedTitle,
                message: i18n.format(t.assessmentSaved, { name: competitor.name }),
              });
              return true;
            }}
          />
        </Accordion>
      ) : (
        <Text variant="microcopy">{t.saveFirst}</Text>
      )}
    </>
  );
}
