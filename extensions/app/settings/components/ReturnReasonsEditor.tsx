// Return reasons: the codes sales picks from when returning a lead, their labels, and the lead
// status each one sets on the contact. Each reason is one line ("No budget → Unqualified") until
// opened, so the tab stays short; a new reason and one with a problem are open.
import { useState } from 'react';
import { Accordion, Button, Flex, Heading, Input, Select, Text } from '@hubspot/ui-extensions';
import { errorProps, messageAt } from '../lib/field-errors.ts';
import { format } from '../lib/i18n.ts';
import type { ReturnReason } from '../lib/types.ts';
import { leadStatusOptions } from '../lib/properties.ts';
import type { PropertyView } from '../lib/types.ts';
import type { EditorProps } from './editor-props.ts';
import { withCurrent, type Option } from './options.ts';

const base = 'lifecycle.returnReasons';

/** The label of a lead status (its code when the portal does not list it). */
function optionLabelOf(options: readonly Option[], value: string): string {
  return options.find((option) => option.value === value)?.label ?? value;
}

/** The first `reason_n` code not yet used. */
function nextCode(reasons: readonly ReturnReason[]): string {
  const taken = new Set(reasons.map((reason) => reason.code));
  let n = 1;
  while (taken.has(`reason_${n}`)) n += 1;
  return `reason_${n}`;
}

/** Props of ReturnReasonsEditor: the reasons and the portal's contact properties (lead statuses). */
export interface ReturnReasonsEditorProps extends EditorProps<ReturnReason[]> {
  properties: readonly PropertyView[];
}

/** Edits the list of return reasons, each collapsed to "label → lead status" until opened. */
export function ReturnReasonsEditor(props: ReturnReasonsEditorProps) {
  const { value: reasons, onChange, t, language, errors } = props;
  // Opened by the admin (or added just now); a reason with a problem opens by itself.
  const [opened, setOpened] = useState<ReadonlySet<number>>(new Set());
  const update = (index: number, patch: Partial<ReturnReason>) =>
    onChange(reasons.map((reason, i) => (i === index ? { ...reason, ...patch } : reason)));
  const statuses = leadStatusOptions(props.properties);
  const toggle = (index: number) => {
    const next = new Set(opened);
    if (next.has(index)) next.delete(index);
    else next.add(index);
    setOpened(next);
  };

  return (
    <Flex direction="column" gap="small">
      <Heading>{t.reasonsHeading}</Heading>
      <Text variant="microcopy">{t.reasonsDescription}</Text>
      {reasons.map((reason, index) => {
        const path = `${base}.${index}`;
        const name = reason.label[language] || reason.code;
        const status = optionLabelOf(statuses, reason.leadStatus);
        const open = opened.has(index) || messageAt(errors, path) !== undefined;
        return (
          <Accordion
            key={index}
            testId={path}
            title={format(t.reasonTitle, { code: name, status }, language)}
            open={open}
            onClick={() => toggle(index)}
            size="sm"
          >
            <Flex direction="column" gap="small">
              <Flex gap="small" wrap align="end">
                <Input
                  name={`${path}.code`}
                  testId={`${path}.code`}
                  label={t.reasonCode}
                  value={reason.code}
                  onChange={(code) => update(index, { code: code.trim() })}
                  {...errorProps(errors, `${path}.code`)}
                />
                <Input
                  name={`${path}.label.en`}
                  label={t.reasonLabelEn}
                  value={reason.label.en}
                  onChange={(en) => update(index, { label: { ...reason.label, en } })}
                  {...errorProps(errors, `${path}.label.en`)}
                />
                <Input
                  name={`${path}.label.de`}
                  label={t.reasonLabelDe}
                  value={reason.label.de}
                  onChange={(de) => update(index, { label: { ...reason.label, de } })}
                  {...errorProps(errors, `${path}.label.de`)}
                />
                <Select
                  name={`${path}.leadStatus`}
                  testId={`${path}.leadStatus`}
                  label={t.reasonLeadStatus}
                  value={reason.leadStatus}
                  options={withCurrent(statuses, [reason.leadStatus])}
                  onChange={(picked) => update(index, { leadStatus: String(picked) })}
                  {...errorProps(errors, `${path}.leadStatus`)}
                />
              </Flex>
              <Flex>
                <Button
                  size="xs"
                  variant="transparent"
                  testId={`${path}.remove`}
                  onClick={() => {
                    setOpened(new Set());
                    onChange(reasons.filter((_, i) => i !== index));
                  }}
                >
                  {format(t.removeReason, { reason: name }, language)}
                </Button>
              </Flex>
            </Flex>
          </Accordion>
        );
      })}
      {errors[base] === undefined ? null : <Text variant="microcopy">{errors[base]}</Text>}
      <Button
        size="sm"
        testId="add-reason"
        onClick={() => {
          setOpened(new Set([...opened, reasons.length]));
          onChange([
            ...reasons,
            { code: nextCode(reasons), label: { en: '', de: '' }, leadStatus: 'OPEN' },
          ]);
        }}
      >
        {t.addReason}
      </Button>
    </Flex>
  );
}
