// Return reasons: the codes sales picks from when returning a lead, their labels, and the lead
// status each one sets on the contact.
import { Button, Flex, Heading, Input, Select, Text, Tile } from '@hubspot/ui-extensions';
import { errorProps } from '../lib/field-errors.ts';
import { format } from '../lib/i18n.ts';
import type { ReturnReason } from '../lib/types.ts';
import { leadStatusOptions } from '../lib/properties.ts';
import type { PropertyView } from '../lib/types.ts';
import type { EditorProps } from './editor-props.ts';
import { withCurrent } from './options.ts';

const base = 'lifecycle.returnReasons';

/** The first `reason_n` code not yet used. */
function nextCode(reasons: readonly ReturnReason[]): string {
  const taken = new Set(reasons.map((reason) => reason.code));
  let n = 1;
  while (taken.has(`reason_${n}`)) n += 1;
  return `reason_${n}`;
}

/** Edits the list of return reasons. */
/** Props of ReturnReasonsEditor: the reasons and the portal's contact properties (lead statuses). */
export interface ReturnReasonsEditorProps extends EditorProps<ReturnReason[]> {
  properties: readonly PropertyView[];
}

export function ReturnReasonsEditor(props: ReturnReasonsEditorProps) {
  const { value: reasons, onChange, t, language, errors } = props;
  const update = (index: number, patch: Partial<ReturnReason>) =>
    onChange(reasons.map((reason, i) => (i === index ? { ...reason, ...patch } : reason)));

  return (
    <Flex direction="column" gap="small">
      <Heading>{t.reasonsHeading}</Heading>
      <Text variant="microcopy">{t.reasonsDescription}</Text>
      {reasons.map((reason, index) => {
        const path = `${base}.${index}`;
        return (
          <Tile compact key={index} testId={path}>
            <Flex direction="column" gap="small">
              <Flex justify="between" align="center">
                <Text format={{ fontWeight: 'demibold' }}>
                  {format(t.reasonTitle, { code: reason.label[language] || reason.code }, language)}
                </Text>
                <Button
                  size="xs"
                  variant="transparent"
                  onClick={() => onChange(reasons.filter((_, i) => i !== index))}
                >
                  {t.removeReason}
                </Button>
              </Flex>
              <Flex gap="small" wrap>
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
                  options={withCurrent(leadStatusOptions(props.properties), [reason.leadStatus])}
                  onChange={(status) => update(index, { leadStatus: String(status) })}
                  {...errorProps(errors, `${path}.leadStatus`)}
                />
              </Flex>
            </Flex>
          </Tile>
        );
      })}
      {errors[base] === undefined ? null : <Text variant="microcopy">{errors[base]}</Text>}
      <Button
        size="sm"
        testId="add-reason"
        onClick={() =>
          onChange([
            ...reasons,
            { code: nextCode(reasons), label: { en: '', de: '' }, leadStatus: 'OPEN' },
          ])
        }
      >
        {t.addReason}
      </Button>
    </Flex>
  );
}
