// The value input of one scoring rule, shaped by its operator (text, number, [min, max], a list,
// days, an ISO date, or nothing) and, for a property with options, a picker of those options.
import { Flex, Input, MultiSelect, NumberInput, Select, TextArea } from '@hubspot/ui-extensions';
import { errorProps, type FieldErrorMap } from '../lib/field-errors.ts';
import { valueOptions } from '../lib/properties.ts';
import { listToText, parseTextOrNumber, textToList, valueKindOf } from '../lib/rule-value.ts';
import type { PropertyView, ScoringRule } from '../lib/types.ts';
import type { Messages } from '../messages/index.ts';
import { withCurrent } from './options.ts';

/** Props of RuleValueInput. */
export interface RuleValueInputProps {
  rule: ScoringRule;
  property: PropertyView | undefined;
  path: string;
  t: Messages;
  errors: FieldErrorMap;
  onValue: (value: unknown) => void;
}

const asNumber = (value: unknown, fallback = 0): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

/** The input for the rule's value; null for operators without one. */
export function RuleValueInput({ rule, property, path, t, errors, onValue }: RuleValueInputProps) {
  const current = (rule as { value?: unknown }).value;
  const kind = valueKindOf(rule.operator);
  const valuePath = `${path}.value`;
  const choices = valueOptions(property);
  const error = errorProps(errors, valuePath);
  switch (kind) {
    case 'text':
    case 'textOrNumber':
      if (choices !== null)
        return (
          <Select
            name={valuePath}
            testId={valuePath}
            label={t.ruleValue}
            value={current === undefined ? '' : String(current)}
            options={withCurrent(choices, [current === undefined ? '' : String(current)])}
            onChange={(value) => onValue(String(value))}
            {...error}
          />
        );
      return (
        <Input
          name={valuePath}
          testId={valuePath}
          label={t.ruleValue}
          value={current === undefined ? '' : String(current)}
          onChange={(text) => onValue(kind === 'textOrNumber' ? parseTextOrNumber(text) : text)}
          {...error}
        />
      );
    case 'date':
      return (
        <Input
          name={valuePath}
          testId={valuePath}
          label={t.ruleValueDate}
          value={typeof current === 'string' ? current : ''}
          onChange={onValue}
          {...error}
        />
      );
    case 'number':
    case 'days':
      return (
        <NumberInput
          name={valuePath}
          testId={valuePath}
          label={kind === 'days' ? t.ruleValueDays : t.ruleValue}
          value={asNumber(current)}
          onChange={(n) => onValue(n)}
          {...error}
        />
      );
    case 'between': {
      const [min, max] = Array.isArray(current) ? current : [0, 0];
      return (
        <Flex gap="small">
          <NumberInput
            name={`${valuePath}.0`}
            testId={`${valuePath}.0`}
            label={t.ruleValueMin}
            value={asNumber(min)}
            onChange={(n) => onValue([n, asNumber(max)])}
            {...error}
          />
          <NumberInput
            name={`${valuePath}.1`}
            testId={`${valuePath}.1`}
            label={t.ruleValueMax}
            value={asNumber(max)}
            onChange={(n) => onValue([asNumber(min), n])}
          />
        </Flex>
      );
    }
    case 'list': {
      const values = Array.isArray(current) ? (current as string[]) : [];
      if (choices !== null)
        return (
          <MultiSelect
            name={valuePath}
            testId={valuePath}
            label={t.ruleValueChoices}
            value={values}
            options={withCurrent(choices, values)}
            onChange={(picked) => onValue(picked.map(String))}
            {...error}
          />
        );
      return (
        <TextArea
          name={valuePath}
          testId={valuePath}
          label={t.ruleValueList}
          rows={3}
          value={listToText(values)}
          onChange={(text) => onValue(textToList(text))}
          {...error}
        />
      );
    }
    case 'none':
      return null;
  }
}
