// One scoring rule: "if <property> <operator> <value>, add <points>", with its id and labels.
import {
  Button,
  Flex,
  Input,
  NumberInput,
  Select,
  Text,
  TextArea,
  Tile,
} from '@hubspot/ui-extensions';
import { OPERATORS, type Operator } from '../lib/catalog.ts';
import { errorProps } from '../lib/field-errors.ts';
import { format } from '../lib/i18n.ts';
import {
  changeOperator,
  listToText,
  parseTextOrNumber,
  textToList,
  valueKindOf,
} from '../lib/rule-value.ts';
import type { ScoringRule } from '../lib/types.ts';
import type { EditorProps } from './editor-props.ts';

/** Props of RuleEditor: the rule, its full path and whether it may decay. */
export interface RuleEditorProps extends EditorProps<ScoringRule> {
  path: string;
  allowDecay: boolean;
  onRemove: () => void;
}

const asNumber = (value: unknown, fallback = 0): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

/** Edits one rule; the value input follows the operator's value shape. */
export function RuleEditor(props: RuleEditorProps) {
  const { value: rule, onChange, t, errors, path, allowDecay, onRemove } = props;
  const set = (patch: Partial<ScoringRule>) => onChange({ ...rule, ...patch } as ScoringRule);
  const setValue = (value: unknown) => onChange({ ...rule, value } as ScoringRule);
  const current = (rule as { value?: unknown }).value;
  const kind = valueKindOf(rule.operator);
  const valuePath = `${path}.value`;

  let valueInput = null;
  switch (kind) {
    case 'text':
    case 'textOrNumber':
    case 'date':
      valueInput = (
        <Input
          name={valuePath}
          testId={valuePath}
          label={kind === 'date' ? t.ruleValueDate : t.ruleValue}
          value={current === undefined ? '' : String(current)}
          onChange={(text) => setValue(kind === 'textOrNumber' ? parseTextOrNumber(text) : text)}
          {...errorProps(errors, valuePath)}
        />
      );
      break;
    case 'number':
    case 'days':
      valueInput = (
        <NumberInput
          name={valuePath}
          testId={valuePath}
          label={kind === 'days' ? t.ruleValueDays : t.ruleValue}
          value={asNumber(current)}
          onChange={(n) => setValue(n)}
          {...errorProps(errors, valuePath)}
        />
      );
      break;
    case 'between': {
      const [min, max] = Array.isArray(current) ? current : [0, 0];
      valueInput = (
        <Flex gap="small">
          <NumberInput
            name={`${valuePath}.0`}
            testId={`${valuePath}.0`}
            label={t.ruleValueMin}
            value={asNumber(min)}
            onChange={(n) => setValue([n, asNumber(max)])}
            {...errorProps(errors, valuePath)}
          />
          <NumberInput
            name={`${valuePath}.1`}
            testId={`${valuePath}.1`}
            label={t.ruleValueMax}
            value={asNumber(max)}
            onChange={(n) => setValue([asNumber(min), n])}
          />
        </Flex>
      );
      break;
    }
    case 'list':
      valueInput = (
        <TextArea
          name={valuePath}
          testId={valuePath}
          label={t.ruleValueList}
          rows={3}
          value={listToText(Array.isArray(current) ? (current as string[]) : [])}
          onChange={(text) => setValue(textToList(text))}
          {...errorProps(errors, valuePath)}
        />
      );
      break;
    case 'none':
      valueInput = null;
      break;
  }

  return (
    <Tile compact testId={path}>
      <Flex direction="column" gap="small">
        <Flex justify="between" align="center">
          <Text format={{ fontWeight: 'demibold' }}>{format(t.ruleTitle, { id: rule.id })}</Text>
          <Button size="xs" variant="transparent" onClick={onRemove} testId={`${path}.remove`}>
            {t.removeRule}
          </Button>
        </Flex>
        <Flex gap="small" wrap>
          <Input
            name={`${path}.id`}
            testId={`${path}.id`}
            label={t.ruleId}
            value={rule.id}
            onChange={(id) => set({ id })}
            {...errorProps(errors, `${path}.id`)}
          />
          <Input
            name={`${path}.property`}
            testId={`${path}.property`}
            label={t.ruleProperty}
            value={rule.property}
            onChange={(property) => set({ property: property.trim() })}
            {...errorProps(errors, `${path}.property`)}
          />
          <Select
            name={`${path}.operator`}
            testId={`${path}.operator`}
            label={t.ruleOperator}
            value={rule.operator}
            options={OPERATORS.map((op) => ({ value: op, label: t[`op_${op}`] }))}
            onChange={(op) => onChange(changeOperator(rule, op as Operator))}
            {...errorProps(errors, `${path}.operator`)}
          />
          {valueInput}
          <NumberInput
            name={`${path}.points`}
            testId={`${path}.points`}
            label={t.rulePoints}
            value={rule.points}
            onChange={(points) => set({ points: asNumber(points) })}
            {...errorProps(errors, `${path}.points`)}
          />
        </Flex>
        <Flex gap="small" wrap>
          <Input
            name={`${path}.label.en`}
            label={t.ruleLabelEn}
            value={rule.label.en}
            onChange={(en) => set({ label: { ...rule.label, en } })}
            {...errorProps(errors, `${path}.label.en`)}
          />
          <Input
            name={`${path}.label.de`}
            label={t.ruleLabelDe}
            value={rule.label.de}
            onChange={(de) => set({ label: { ...rule.label, de } })}
            {...errorProps(errors, `${path}.label.de`)}
          />
          {allowDecay ? (
            <Input
              name={`${path}.decayDateProperty`}
              label={t.ruleDecayProperty}
              value={rule.decayDateProperty ?? ''}
              onChange={(text) => {
                const trimmed = text.trim();
                const { decayDateProperty: _dropped, ...rest } = rule;
                onChange(
                  (trimmed === '' ? rest : { ...rest, decayDateProperty: trimmed }) as ScoringRule,
                );
              }}
              {...errorProps(errors, `${path}.decayDateProperty`)}
            />
          ) : null}
        </Flex>
      </Flex>
    </Tile>
  );
}
