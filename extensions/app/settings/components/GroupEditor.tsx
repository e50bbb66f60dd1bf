// One group of scoring rules, collapsed to its name, rule count and cap until opened (a group
// with a field error opens by itself). Inside: its name, cap and its rules, each one line.
import { useState } from 'react';
import { Accordion, Button, Flex, Input, NumberInput, Text } from '@hubspot/ui-extensions';
import { errorProps, messageAt } from '../lib/field-errors.ts';
import { format } from '../lib/i18n.ts';
import type { DimensionKey } from '../lib/model-edit.ts';
import type { PropertyView, ScoringGroup } from '../lib/types.ts';
import type { EditorProps } from './editor-props.ts';
import { RuleEditor } from './RuleEditor.tsx';

/** Props of GroupEditor. */
export interface GroupEditorProps extends EditorProps<ScoringGroup> {
  path: string;
  dimension: DimensionKey;
  properties: readonly PropertyView[];
  onRemove: () => void;
  onAddRule: () => void;
  onRemoveRule: (index: number) => void;
  onChangeRule: (index: number, rule: ScoringGroup['rules'][number]) => void;
}

/** Edits one group; its rules are listed collapsed. */
export function GroupEditor(props: GroupEditorProps) {
  const { value: group, onChange, t, language, errors, path, dimension, properties } = props;
  const [open, setOpen] = useState(false);
  const hasError = messageAt(errors, path) !== undefined;
  const title = format(
    group.cap === undefined ? t.groupTitle : t.groupTitleCapped,
    { name: group.label[language], count: group.rules.length, cap: group.cap ?? 0 },
    language,
  );
  return (
    <Accordion
      title={title}
      open={open || hasError}
      onClick={() => setOpen(!(open || hasError))}
      size="sm"
    >
      <Flex direction="column" gap="small">
        <Flex gap="small" wrap>
          <Input
            name={`${path}.label.en`}
            label={t.groupLabelEn}
            value={group.label.en}
            onChange={(en) => onChange({ ...group, label: { ...group.label, en } })}
            {...errorProps(errors, `${path}.label.en`)}
          />
          <Input
            name={`${path}.label.de`}
            label={t.groupLabelDe}
            value={group.label.de}
            onChange={(de) => onChange({ ...group, label: { ...group.label, de } })}
            {...errorProps(errors, `${path}.label.de`)}
          />
          <NumberInput
            name={`${path}.cap`}
            testId={`${path}.cap`}
            label={t.groupCap}
            description={t.groupCapDescription}
            value={group.cap}
            onChange={(cap) => {
              const { cap: _old, ...rest } = group;
              onChange(Number.isFinite(cap) ? { ...rest, cap } : rest);
            }}
            {...errorProps(errors, `${path}.cap`)}
          />
          <Input
            name={`${path}.id`}
            label={t.groupId}
            value={group.id}
            onChange={(id) => onChange({ ...group, id })}
            {...errorProps(errors, `${path}.id`)}
          />
        </Flex>
        {group.rules.length === 0 ? <Text variant="microcopy">{t.noRules}</Text> : null}
        {group.rules.map((rule, index) => (
          <RuleEditor
            key={`${index}-${rule.id}`}
            value={rule}
            onChange={(next) => props.onChangeRule(index, next)}
            onRemove={() => props.onRemoveRule(index)}
            t={t}
            language={language}
            errors={errors}
            path={`${path}.rules.${index}`}
            allowDecay={dimension === 'engagement'}
            properties={properties}
          />
        ))}
        <Flex gap="small">
          <Button size="sm" onClick={props.onAddRule} testId={`${path}.addRule`}>
            {format(t.addRule, { group: group.label[language] }, language)}
          </Button>
          <Button size="sm" variant="destructive" onClick={props.onRemove}>
            {format(t.removeGroup, { group: group.label[language] }, language)}
          </Button>
        </Flex>
      </Flex>
    </Accordion>
  );
}
