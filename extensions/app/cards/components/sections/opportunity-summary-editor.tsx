// Section 3, opportunity summary: project, our solution, budget, the customer's problems, whether
// they must act now and what happens if not, the timeline and the expected results.
import { Checkbox, Flex, Select, Text } from '@hubspot/ui-extensions';
import { ACT_NOW_DECISIONS, optionsOf } from '../../lib/options.ts';
import type { ActNowDecision } from '../../lib/types.ts';
import { TextListEditor } from '../list-editors.tsx';
import { AmountInput, DayInput, LongText, ShortText } from '../fields.tsx';
import type { SectionEditorProps } from '../section-form.tsx';

/** The opportunity summary editor. */
export function OpportunitySummaryEditor({
  draft,
  onChange,
  i18n,
  plan,
}: SectionEditorProps<'opportunitySummary'>) {
  const t = i18n.t.summary;
  const { budget, actNow, timeline } = draft;
  return (
    <Flex direction="column" gap="md">
      <LongText
        label={t.projectDescription}
        name="projectDescription"
        value={draft.projectDescription}
        onChange={(projectDescription) => onChange({ ...draft, projectDescription })}
        testId="opportunitySummary-projectDescription"
        i18n={i18n}
      />
      <LongText
        label={t.solution}
        name="solution"
        description={t.solutionHelp}
        value={draft.solution}
        onChange={(solution) => onChange({ ...draft, solution })}
        testId="opportunitySummary-solution"
        i18n={i18n}
      />
      <Text format={{ fontWeight: 'demibold' }}>{t.budget}</Text>
      <Flex direction="row" gap="sm" align="end" wrap>
        <AmountInput
          label={t.budgetAmount}
          name="budget.amount"
          currencies={[budget.currency, plan.currency]}
          min={0}
          value={budget.amount ?? undefined}
          onChange={(value) =>
            onChange({
              ...draft,
              budget: { ...budget, amount: Number.isFinite(value) ? value : null },
            })
          }
          testId="opportunitySummary-budgetAmount"
        />
        <ShortText
          label={t.budgetCurrency}
          name="budget.currency"
          description={i18n.t.customerProfile.currencyHelp}
          value={budget.currency ?? ''}
          onChange={(value) =>
            onChange({
              ...draft,
              budget: {
                ...budget,
                currency: value.trim() === '' ? null : value.trim().toUpperCase(),
              },
            })
          }
          testId="opportunitySummary-budgetCurrency"
        />
        <Checkbox
          name="budget.confirmed"
          checked={budget.confirmed}
          onChange={(confirmed) => onChange({ ...draft, budget: { ...budget, confirmed } })}
          testId="opportunitySummary-budgetConfirmed"
        >
          {t.budgetConfirmed}
        </Checkbox>
      </Flex>
      <TextListEditor
        label={t.problems}
        values={draft.problems}
        path="problems"
        onChange={(problems) => onChange({ ...draft, problems })}
        i18n={i18n}
        testId="opportunitySummary-problems"
      />
      <Select
        label={t.actNow}
        name="actNow.decision"
        value={actNow.decision}
        options={optionsOf(ACT_NOW_DECISIONS, i18n.t.actNow)}
        onChange={(value) =>
          onChange({ ...draft, actNow: { ...actNow, decision: value as ActNowDecision } })
        }
        testId="opportunitySummary-actNow"
      />
      <LongText
        label={t.actNowWhy}
        name="actNow.why"
        value={actNow.why}
        onChange={(why) => onChange({ ...draft, actNow: { ...actNow, why } })}
        i18n={i18n}
      />
      <LongText
        label={t.consequences}
        name="consequencesOfInaction"
        value={draft.consequencesOfInaction}
        onChange={(consequencesOfInaction) => onChange({ ...draft, consequencesOfInaction })}
        i18n={i18n}
      />
      <Text format={{ fontWeight: 'demibold' }}>{t.timeline}</Text>
      <LongText
        label={t.timelineDescription}
        name="timeline.description"
        value={timeline.description}
        onChange={(description) => onChange({ ...draft, timeline: { ...timeline, description } })}
        i18n={i18n}
      />
      <DayInput
        label={t.targetDate}
        name="timeline.targetDate"
        value={timeline.targetDate}
        onChange={(targetDate) => onChange({ ...draft, timeline: { ...timeline, targetDate } })}
        i18n={i18n}
        testId="opportunitySummary-targetDate"
      />
      <TextListEditor
        label={t.expectedResults}
        values={draft.expectedResults}
        path="expectedResults"
        onChange={(expectedResults) => onChange({ ...draft, expectedResults })}
        i18n={i18n}
        testId="opportunitySummary-expectedResults"
      />
    </Flex>
  );
}
