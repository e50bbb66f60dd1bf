// Returning a lead to marketing, from the deal or the contact: a reason (required) and a note.
// Whether the note is required for a reason is the backend's rule; its answer is shown as is.
import { useState } from 'react';
import { Flex, Form, LoadingButton, Select } from '@hubspot/ui-extensions';
import type { I18n } from '../lib/i18n.ts';
import { SECTION_LIMITS } from '../lib/validate-section.ts';
import { LongText } from './fields.tsx';
import type { ReturnInput, ReturnReasonView } from '../lib/types.ts';

/** The return-to-marketing form; `onSubmit` resolves true when the return was done. */
export function ReturnForm({
  reasons,
  i18n,
  onSubmit,
  testId,
}: {
  reasons: readonly ReturnReasonView[];
  i18n: I18n;
  onSubmit: (input: ReturnInput) => Promise<boolean>;
  testId: string;
}) {
  const t = i18n.t.returnToMarketing;
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setTouched(true);
    if (reason === '' || busy) return;
    setBusy(true);
    const done = await onSubmit(note.trim() === '' ? { reason } : { reason, note: note.trim() });
    setBusy(false);
    if (done) {
      setReason('');
      setNote('');
      setTouched(false);
    }
  };

  return (
    <Form onSubmit={() => void submit()} preventDefault testId={testId}>
      <Flex direction="column" gap="sm">
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
        <LoadingButton
          variant="destructive"
          type="button"
          loading={busy}
          onClick={() => void submit()}
          testId={`${testId}-submit`}
        >
          {t.submit}
        </LoadingButton>
      </Flex>
    </Form>
  );
}
