// The four qualification questions, each answered on the 1–5 scale with evidence; for the deal
// itself with the expected decision date ("…and when?"), for a competitor from their side
// ("can they win?"). The score and verdict are the backend's; this form only collects answers.
import { useState } from 'react';
import { Flex, Select, Tile } from '@hubspot/ui-extensions';
import type { I18n } from '../lib/i18n.ts';
import { SECTION_LIMITS, isCalendarDay } from '../lib/validate-section.ts';
import { ActionForm, useSubmission } from './action-form.tsx';
import { DayInput, LongText } from './fields.tsx';
import { QUESTION_ORDER, SCALE_VALUES } from '../lib/options.ts';
import type { AnswerView, AssessmentInput, QuestionId } from '../lib/types.ts';

/** The assessment form; `onSubmit` resolves true when the backend stored the assessment. */
export function AssessmentForm({
  i18n,
  perspective,
  initialAnswers,
  initialDecisionDate,
  onSubmit,
  testId,
}: {
  i18n: I18n;
  /** `deal`: our own chances, with a decision date; `competitor`: a competitor's chances. */
  perspective: 'deal' | 'competitor';
  initialAnswers?: readonly AnswerView[];
  initialDecisionDate?: string | null;
  onSubmit: (input: AssessmentInput) => Promise<boolean>;
  testId: string;
}) {
  const t = i18n.t.qualification;
  const labels = perspective === 'deal' ? i18n.t.questions : i18n.t.competitorQuestions;
  const initial = (question: QuestionId) =>
    initialAnswers?.find((answer) => answer.question === question);
  const [values, setValues] = useState<Record<QuestionId, number | null>>(
    () =>
      Object.fromEntries(QUESTION_ORDER.map((q) => [q, initial(q)?.value ?? null])) as Record<
        QuestionId,
        number | null
      >,
  );
  const [evidence, setEvidence] = useState<Record<QuestionId, string>>(
    () =>
      Object.fromEntries(QUESTION_ORDER.map((q) => [q, initial(q)?.evidence ?? ''])) as Record<
        QuestionId,
        string
      >,
  );
  const [decisionDate, setDecisionDate] = useState<string | null>(initialDecisionDate ?? null);
  const [note, setNote] = useState('');
  const needsDate = perspective === 'deal';
  const dateProblem = !needsDate
    ? null
    : decisionDate === null
      ? t.dateRequired
      : isCalendarDay(decisionDate)
        ? null
        : i18n.t.common.invalidDate;
  const complete = QUESTION_ORDER.every((q) => values[q] !== null) && dateProblem === null;

  const form = useSubmission({
    ready: complete,
    send: () => {
      const answers = QUESTION_ORDER.map((question) => ({
        question,
        value: values[question] as number,
        evidence: evidence[question].trim(),
      }));
      const trimmedNote = note.trim();
      const input: AssessmentInput = {
        answers,
        expectedDecisionDate: decisionDate ?? '',
        ...(trimmedNote === '' ? {} : { note: trimmedNote }),
      };
      return onSubmit(input);
    },
    reset: () => setNote(''),
  });
  const { touched } = form;
  const decisionDateErrors: Record<string, string> =
    touched && dateProblem ? { expectedDecisionDate: dateProblem } : {};

  // Each question has answers of its own ("Can we win…, and when?" is not answered "Yes, proven").
  const scaleOptions = (question: QuestionId) =>
    SCALE_VALUES.map((value) => ({
      value,
      label: `${value} – ${i18n.t.answers[question][String(value) as '1' | '2' | '3' | '4' | '5']}`,
    }));
  return (
    <ActionForm form={form} label={t.submit} variant="primary" testId={testId}>
      {QUESTION_ORDER.map((question) => {
        const missing = touched && values[question] === null;
        return (
          <Tile key={question} compact>
            <Flex direction="column" gap="xs">
              <Select
                label={labels[question]}
                name={`${question}.value`}
                required
                value={values[question] ?? undefined}
                options={scaleOptions(question)}
                onChange={(value) =>
                  setValues((current) => ({ ...current, [question]: Number(value) }))
                }
                error={missing}
                validationMessage={missing ? t.answerRequired : undefined}
                testId={`${testId}-${question}`}
              />
              <LongText
                label={t.evidence}
                name={`${question}.evidence`}
                description={t.evidenceHelp}
                value={evidence[question]}
                onChange={(text) => setEvidence((current) => ({ ...current, [question]: text }))}
                i18n={i18n}
                max={SECTION_LIMITS.evidence}
                testId={`${testId}-${question}-evidence`}
              />
            </Flex>
          </Tile>
        );
      })}
      {needsDate ? (
        <DayInput
          label={t.decisionDate}
          name="expectedDecisionDate"
          required
          value={decisionDate}
          onChange={setDecisionDate}
          errors={decisionDateErrors}
          i18n={i18n}
          testId={`${testId}-decisionDate`}
        />
      ) : null}
      <LongText
        label={t.note}
        name="note"
        value={note}
        onChange={setNote}
        i18n={i18n}
        max={SECTION_LIMITS.evidence}
        testId={`${testId}-note`}
      />
    </ActionForm>
  );
}
