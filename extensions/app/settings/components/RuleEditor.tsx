// One scoring rule: "if <property> <operator> <value>, add <points>". Collapsed it is one line in
// plain words ("Annual revenue is at least 10,000,000 → +10"); "Edit" opens its fields. The
// property is picked by its HubSpot label, the operators follow the property's type, and a
// property with options offers them as the value.
import { useState } from 'react';
import { Button, Flex, Input, NumberInput, Select, Text, Tile } from '@hubspot/ui-extensions';
import type { Operator } from '../lib/catalog.ts';
import { errorProps, messageAt } from '../lib/field-errors.ts';
import { format } from '../lib/i18n.ts';
import { dateProperties, operatorsFor, propertyNamed, propertyOptions } from '../lib/properties.ts';
import { changeOperator } from '../lib/rule-value.ts';
import { ruleSummary } from '../lib/rule-summary.ts';
import type { PropertyView, ScoringRule } from '../lib/types.ts';
import type { EditorProps } from './editor-props.ts';
import { RuleValueInput } from './RuleValueInput.tsx';
import { InlineSave } from './SaveBar.tsx';

/** Props of RuleEditor: the rule, its full path and whether it may decay. */
export interface RuleEditorProps extends EditorProps<ScoringRule> {
  path: string;
  allowDecay: boolean;
  onRemove: () => void;
  /** The portal's contact properties (empty: names are typed). */
  properties: readonly PropertyView[];
}

const NO_DECAY = '';

/** The rule with another property: its label from the portal follows on save, its operator fits. */
function changeProperty(
  rule: ScoringRule,
  name: string,
  properties: readonly PropertyView[],
): ScoringRule {
  const { propertyLabel: _stale, ...rest } = rule;
  const next = { ...rest, property: name } as ScoringRule;
  const allowed = operatorsFor(propertyNamed(properties, name));
  return allowed.includes(next.operator) ? next : changeOperator(next, allowed[0] ?? 'is_known');
}

/** Edits one rule; collapsed to a sentence until "Edit" or an error opens it. */
export function RuleEditor(props: RuleEditorProps) {
  const { value: rule, onChange, t, language, errors, path, allowDecay, onRemove } = props;
  const { properties } = props;
  const [open, setOpen] = useState(false);
  const hasError = messageAt(errors, path) !== undefined;
  const expanded = open || hasError;
  const set = (patch: Partial<ScoringRule>) => onChange({ ...rule, ...patch } as ScoringRule);
  const property = propertyNamed(properties, rule.property);
  const operators = operatorsFor(property);
  const shownOperators = operators.includes(rule.operator)
    ? operators
    : [...operators, rule.operator];
  const summary = ruleSummary(rule, properties, t, language);

  return (
    <Tile compact testId={path}>
      <Flex direction="column" gap="small">
        <Flex justify="between" align="center" gap="small">
          <Flex direction="column" gap="flush">
            <Text format={{ fontWeight: 'demibold' }}>{rule.label[language]}</Text>
            <Text variant="microcopy" testId={`${path}.summary`}>
              {summary}
            </Text>
          </Flex>
          <Flex gap="extra-small">
            <Button
              size="xs"
              variant="secondary"
              onClick={() => setOpen(!expanded)}
              testId={`${path}.toggle`}
            >
              {format(expanded ? t.ruleDone : t.ruleEdit, { rule: rule.label[language] }, language)}
            </Button>
            <Button size="xs" variant="transparent" onClick={onRemove} testId={`${path}.remove`}>
              {format(t.removeRule, { rule: rule.label[language] }, language)}
            </Button>
          </Flex>
        </Flex>
        {expanded ? (
          <>
            <Flex gap="small" wrap>
              {properties.length > 0 ? (
                <Select
                  name={`${path}.property`}
                  testId={`${path}.property`}
                  label={t.ruleProperty}
                  value={rule.property}
                  options={propertyOptions(properties, [rule.property])}
                  onChange={(name) => onChange(changeProperty(rule, String(name), properties))}
                  {...errorProps(errors, `${path}.property`)}
                />
              ) : (
                <Input
                  name={`${path}.property`}
                  testId={`${path}.property`}
                  label={t.rulePropertyName}
                  value={rule.property}
                  onChange={(name) => onChange(changeProperty(rule, name.trim(), properties))}
                  {...errorProps(errors, `${path}.property`)}
                />
              )}
              <Select
                name={`${path}.operator`}
                testId={`${path}.operator`}
                label={t.ruleOperator}
                value={rule.operator}
                options={shownOperators.map((op) => ({ value: op, label: t[`op_${op}`] }))}
                onChange={(op) => onChange(changeOperator(rule, op as Operator))}
                {...errorProps(errors, `${path}.operator`)}
              />
              <RuleValueInput
                rule={rule}
                property={property}
                path={path}
                t={t}
                errors={errors}
                onValue={(value) => onChange({ ...rule, value } as ScoringRule)}
              />
              <NumberInput
                name={`${path}.points`}
                testId={`${path}.points`}
                label={t.rulePoints}
                value={rule.points}
                onChange={(points) =>
                  set({ points: Number.isFinite(points) ? Math.trunc(points) : rule.points })
                }
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
              {allowDecay ? <DecayPicker {...props} /> : null}
              <Input
                name={`${path}.id`}
                testId={`${path}.id`}
                label={t.ruleId}
                value={rule.id}
                onChange={(id) => set({ id })}
                {...errorProps(errors, `${path}.id`)}
              />
            </Flex>
            <InlineSave testId={`${path}.bar`} />
          </>
        ) : null}
      </Flex>
    </Tile>
  );
}

/** The date property whose age fades an engagement rule's points (none: no fading). */
function DecayPicker({ value: rule, onChange, t, errors, path, properties }: RuleEditorProps) {
  const name = `${path}.decayDateProperty`;
  const apply = (picked: string) => {
    const trimmed = picked.trim();
    const { decayDateProperty: _dropped, ...rest } = rule;
    onChange(
      (trimmed === NO_DECAY ? rest : { ...rest, decayDateProperty: trimmed }) as ScoringRule,
    );
  };
  if (properties.length === 0)
    return (
      <Input
        name={name}
        label={t.ruleDecayProperty}
        value={rule.decayDateProperty ?? ''}
        onChange={apply}
        {...errorProps(errors, name)}
      />
    );
  return (
    <Select
      name={name}
      testId={name}
      label={t.ruleDecayProperty}
      value={rule.decayDateProperty ?? NO_DECAY}
      options={[
        { value: NO_DECAY, label: t.ruleNoDecay },
        ...propertyOptions(dateProperties(properties), [rule.decayDateProperty ?? '']),
      ]}
      onChange={(picked) => apply(String(picked))}
      {...errorProps(errors, name)}
    />
  );
}
