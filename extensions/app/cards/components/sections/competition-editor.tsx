// Section 6, competition: every competitor with their history, positioning, strategy, strengths,
// weaknesses, objections, stumbling blocks, our win strategy and threat level, plus a per-competitor
// "can they win?" assessment; or the explicit statement that no competition is known.
import {
  Accordion,
  Button,
  Checkbox,
  Flex,
  Input,
  Select,
  Text,
  TextArea,
  Tile,
  useExtensionActions,
} from '@hubspot/ui-extensions';
import { useCardApi } from '../../lib/api.ts';
import { moveItem, newItemId, removeItem, replaceItem } from '../../lib/list.ts';
import { LEVELS, optionsOf } from '../../lib/options.ts';
import type { AssessmentView, Competitor, Level } from '../../lib/types.ts';
import { AssessmentForm } from '../assessment-form.tsx';
import { ItemControls, TextListEditor } from '../list-editors.tsx';
import type { SectionEditorProps } from '../section-form.tsx';
import { fieldError } from '../section-form.tsx';

type TextListKey = 'strengths' | 'weaknesses' | 'objectionsAgainstUs' | 'stumblingBlocks';
type LongTextKey = 'historyWithAccount' | 'positioning' | 'strategy' | 'winStrategy';

/** The competition editor; `onAssessed` receives the deal's assessment after a competitor was assessed. */
export function CompetitionEditor({
  draft,
  onChange,
  errors,
  i18n,
  plan,
  onAssessed,
}: SectionEditorProps<'competition'> & { onAssessed: (assessment: AssessmentView) => void }) {
  const t = i18n.t.competition;
  const api = useCardApi();
  const { addAlert } = useExtensionActions<'crm.record.tab'>();
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
      <Text format={{ fontWeight: 'demibold' }}>{t.competitors}</Text>
      {draft.competitors.map((competitor, index) => {
        const update = (patch: Partial<Competitor>) =>
          onChange({
            ...draft,
            competitors: replaceItem(draft.competitors, index, { ...competitor, ...patch }),
          });
        const prefix = `competition-competitors-${index}`;
        const latest = plan.assessment.competitors.find(
          (entry) => entry.competitorId === competitor.id,
        );
        const longText = (key: LongTextKey) => (
          <TextArea
            label={t[key]}
            name={`competitors.${index}.${key}`}
            value={competitor[key]}
            onChange={(value) => update({ [key]: value })}
            testId={`${prefix}-${key}`}
          />
        );
        const textList = (key: TextListKey) => (
          <TextListEditor
            label={t[key]}
            values={competitor[key]}
            onChange={(values) => update({ [key]: values })}
            i18n={i18n}
            testId={`${prefix}-${key}`}
          />
        );
        return (
          <Tile key={competitor.id} compact testId={prefix}>
            <Flex direction="column" gap="xs">
              <Flex direction="row" gap="sm" align="end" wrap>
                <Input
                  label={t.name}
                  name={`competitors.${index}.name`}
                  required
                  value={competitor.name}
                  onChange={(name) => update({ name })}
                  testId={`${prefix}-name`}
                  {...fieldError(errors, `competitors.${index}.name`)}
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
              {saved.has(competitor.id) ? (
                <Accordion title={t.assessCompetitor} size="sm">
                  <AssessmentForm
                    i18n={i18n}
                    perspective="competitor"
                    testId={`${prefix}-assess`}
                    onSubmit={async ({ answers, note }) => {
                      const result = await api.submitCompetitorAssessment(
                        plan.dealId,
                        competitor.id,
                        {
                          answers,
                          ...(note ? { note } : {}),
                        },
                      );
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
              <ItemControls
                index={index}
                count={draft.competitors.length}
                i18n={i18n}
                onMove={(offset) =>
                  onChange({ ...draft, competitors: moveItem(draft.competitors, index, offset) })
                }
                onRemove={() =>
                  onChange({ ...draft, competitors: removeItem(draft.competitors, index) })
                }
                testId={prefix}
              />
            </Flex>
          </Tile>
        );
      })}
      <Button
        size="xs"
        variant="secondary"
        onClick={() =>
          onChange({
            ...draft,
            noCompetitionKnown: false,
            competitors: [...draft.competitors, newCompetitor()],
          })
        }
        testId="competition-competitors-add"
      >
        {t.addCompetitor}
      </Button>
    </Flex>
  );
}
