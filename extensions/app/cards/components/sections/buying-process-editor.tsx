// Section 4, milestones & buying process: the customer's steps to a signature in order (each with
// due date, status, who drives it, and whether it needs an approval or is a legal requirement) and
// the customer's own deadlines.
import { Checkbox, Flex, Select, Text } from '@hubspot/ui-extensions';
import { newItemId } from '../../lib/list.ts';
import { STEP_STATUSES, optionsOf } from '../../lib/options.ts';
import type { BuyingStep, StepStatus } from '../../lib/types.ts';
import { ObjectListEditor } from '../list-editors.tsx';
import { DayInput, ShortText } from '../fields.tsx';
import type { SectionEditorProps } from '../section-form.tsx';

/** The buying process editor. */
export function BuyingProcessEditor({
  draft,
  onChange,
  i18n,
}: SectionEditorProps<'buyingProcess'>) {
  const t = i18n.t.buyingProcess;
  const newStep = (): BuyingStep => ({
    id: newItemId(),
    name: '',
    dueDate: null,
    status: 'planned',
    owner: '',
    needsApproval: false,
    legalRequirement: false,
  });
  return (
    <Flex direction="column" gap="md">
      <ObjectListEditor
        label={t.steps}
        items={draft.steps}
        onChange={(steps) => onChange({ ...draft, steps })}
        i18n={i18n}
        testId="buyingProcess-steps"
        tileTestId
        addLabel={t.addStep}
        newItem={newStep}
        renderItem={(step, index, { update, prefix, controls }) => (
          <Flex direction="column" gap="xs">
            <Text variant="microcopy">{`${index + 1}.`}</Text>
            <Flex direction="row" gap="sm" align="end" wrap>
              <ShortText
                label={t.name}
                name={`steps.${index}.name`}
                required
                value={step.name}
                onChange={(name) => update({ name })}
                testId={`${prefix}-name`}
              />
              <DayInput
                label={t.dueDate}
                name={`steps.${index}.dueDate`}
                value={step.dueDate}
                onChange={(dueDate) => update({ dueDate })}
                i18n={i18n}
                testId={`${prefix}-dueDate`}
              />
              <Select
                label={t.status}
                name={`steps.${index}.status`}
                value={step.status}
                options={optionsOf(STEP_STATUSES, i18n.t.stepStatus)}
                onChange={(value) => update({ status: value as StepStatus })}
                testId={`${prefix}-status`}
              />
              <ShortText
                label={t.owner}
                name={`steps.${index}.owner`}
                value={step.owner}
                onChange={(owner) => update({ owner })}
                testId={`${prefix}-owner`}
              />
            </Flex>
            <Flex direction="row" gap="md" align="center" wrap>
              <Checkbox
                name={`steps.${index}.needsApproval`}
                checked={step.needsApproval}
                onChange={(needsApproval) => update({ needsApproval })}
                testId={`${prefix}-needsApproval`}
              >
                {t.needsApproval}
              </Checkbox>
              <Checkbox
                name={`steps.${index}.legalRequirement`}
                checked={step.legalRequirement}
                onChange={(legalRequirement) => update({ legalRequirement })}
                testId={`${prefix}-legalRequirement`}
              >
                {t.legalRequirement}
              </Checkbox>
              {controls}
            </Flex>
          </Flex>
        )}
      />
      <ObjectListEditor
        label={t.deadlines}
        items={draft.customerDeadlines}
        onChange={(customerDeadlines) => onChange({ ...draft, customerDeadlines })}
        i18n={i18n}
        testId="buyingProcess-customerDeadlines"
        addLabel={t.addDeadline}
        newItem={() => ({ id: newItemId(), name: '', date: '' })}
        renderItem={(deadline, index, { update, prefix, controls }) => (
          <Flex direction="row" gap="sm" align="end" wrap>
            <ShortText
              label={t.deadlineName}
              name={`customerDeadlines.${index}.name`}
              required
              value={deadline.name}
              onChange={(name) => update({ name })}
              testId={`${prefix}-name`}
            />
            <DayInput
              label={t.deadlineDate}
              name={`customerDeadlines.${index}.date`}
              required
              value={deadline.date}
              onChange={(date) => update({ date: date ?? '' })}
              i18n={i18n}
              testId={`${prefix}-date`}
            />
            {controls}
          </Flex>
        )}
      />
    </Flex>
  );
}
