// The cards' action forms (the qualification assessment, the hand-off to sales, the return to
// marketing): the fields in a column and one submit button that spins while the form is sent.
// Submitting marks the form touched, so its fields show their problems; a complete form is sent
// once at a time and cleared when the backend did the action.
import { useState, type ReactNode } from 'react';
import { Flex, Form, LoadingButton } from '@hubspot/ui-extensions';

/** What an action form sends and how it starts over. */
export interface SubmissionOptions {
  /** The form is complete: submitting sends it. */
  ready: boolean;
  /** Sends the form; resolves true when the backend did the action. */
  send: () => Promise<boolean>;
  /** Clears the fields after the action was done. */
  reset: () => void;
}

/** A form's submission: tried yet (`touched`), being sent (`busy`), and `submit`. */
export interface Submission {
  touched: boolean;
  busy: boolean;
  submit: () => Promise<void>;
}

/** The submission of an action form (see the file's head). */
export function useSubmission({ ready, send, reset }: SubmissionOptions): Submission {
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setTouched(true);
    if (!ready || busy) return;
    setBusy(true);
    let done = false;
    try {
      done = await send();
    } finally {
      // A send that throws (not the card API's own failures: those resolve false) frees the button.
      setBusy(false);
    }
    if (done) {
      reset();
      setTouched(false);
    }
  };
  return { touched, busy, submit };
}

/** The form around an action's fields, with its submit button (`${testId}-submit` unless given). */
export function ActionForm({
  form,
  label,
  variant,
  testId,
  submitTestId = `${testId}-submit`,
  children,
}: {
  form: Submission;
  /** The submit button's label. */
  label: string;
  variant: 'primary' | 'destructive';
  testId: string;
  submitTestId?: string;
  children: ReactNode;
}) {
  return (
    <Form onSubmit={() => void form.submit()} preventDefault testId={testId}>
      <Flex direction="column" gap="sm">
        {children}
        <LoadingButton
          variant={variant}
          type="button"
          loading={form.busy}
          onClick={() => void form.submit()}
          testId={submitTestId}
        >
          {label}
        </LoadingButton>
      </Flex>
    </Form>
  );
}
