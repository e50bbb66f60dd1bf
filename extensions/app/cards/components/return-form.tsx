// Returning a lead to marketing, from the deal or the contact: a reason (required) and a note.
// Whether the note is required for a reason is the backend's rule; its answer is shown as is.
import { useState } from 'react';
import { Accordion, Select } from '@hubspot/ui-extensions';
import type { I18n } from '../lib/i18n.ts';
import { SECTION_LIMITS } from '../lib/validate-section.ts';
import { ActionForm, useSubmission } from './action-form.tsx';
import { LongText } from './fields.tsx';
import type { ReturnInput, ReturnReasonView } from '../lib/types.ts';

/** The props of ReturnForm. */
interface ReturnFormProps {
  reasons: readonly ReturnReasonView[];
  i18n: I18n;
  onSubmit: (input: ReturnInput) => Promise<boolean>;
  testId: string;
}

/**
 * The return form in its collapsed panel, as the deal's plan and the contact's card offer it
 * (`testIds`: the panel's and the form's).
 */
export function ReturnPanel({
  testIds,
  ...form
}: Omit<ReturnFormProps, 'testId'> & { testIds: { panel: string; form: string } }) {
  return (
    <Accordion title={form.i18n.t.returnToMarketing.title} size="sm" testId={testIds.panel}>
      <ReturnForm {...form} testId={testIds.form} />
    </Accordion>
  );
}

/** The return-to-marketing form; `onSubmit` resolves true when the return was done. */
export function ReturnForm({ reasons, i18n, onSubmit, testId }: ReturnFormProps) {
  const t = i18n.t.returnToMarketing;
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const form = useSubmission({
    ready: reason !== '',
    send: () => onSubmit(note.trim() === '' ? { reason } : { reason, note: note.trim() }),
    reset: () => {
      setReason('');
      setNote('');
    },
  });
  const { touched } = form;

  return (
    <ActionForm form={form} label={t.submit} variant="destructive" testId={testId}>
      <Select
        label={t.reason}
        name="reason"
        required
        value={reason}
        options={reasons.map((entry) => ({ value: entry.code, label: i18n.pick(entry.label) }))}
        onChange={(value) => setReason(String(value))}
        error={touched && reason === ''}
        validationMessage={touched && reason === '' ? t.reasonRequired : undefined}
        testId={`${testId}-reason`}
      />
      <LongText
        label={t.note}
        name="note"
        description={t.noteHelp}
        value={note}
        onChange={setNote}
        i18n={i18n}
        max={SECTION_LIMITS.returnNote}
        testId={`${testId}-note`}
      />
    </ActionForm>
  );
}
