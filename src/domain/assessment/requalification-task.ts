// Whether a deal's owner gets a re-qualification task today, and what it says: one task per deal
// and due period. The period starts on the due date and lasts `maxAgeDays`; a deal left unanswered
// for a whole period gets one new task for the next period, and an answer (a new assessment) moves
// the due date, so the next task is for a new period. The period a task was created for is kept
// on the deal (DEAL_PROPERTIES.requalifyTaskKey), so the daily sweep never creates a second one.
import type { Localized } from '../errors.ts';
import type { CreateTaskEffect, Effect } from '../lifecycle/effects.ts';
import { formatDay } from '../lifecycle/note.ts';
import { DEAL_PROPERTIES } from '../properties.ts';
import type { QualificationPolicy } from './assessment.ts';
import { requalification, type DealStageContext, type QualificationHistory } from './history.ts';

const MS_PER_DAY = 86_400_000;

/** What the decision needs to know about the deal, as plain data. */
export interface RequalificationTaskInput {
  dealId: string;
  dealName: string | null;
  /** The deal owner (`hubspot_owner_id`), who gets the task. */
  ownerId: string | null;
  history: QualificationHistory;
  stage: DealStageContext;
  /** The period key of the last task created for this deal (the deal's property), or null. */
  lastTaskKey: string | null;
  policy: QualificationPolicy;
  /** The owner's language. */
  language: 'en' | 'de';
  now: Date;
}

/** Why no task is created. */
export type NoTaskReason = 'closed' | 'not_due' | 'never_assessed' | 'already_tasked';

/** The decision: a task with its period key and effects, or why not. */
export type RequalificationTaskDecision =
  | { create: false; reason: NoTaskReason; dueDate: string | null }
  | { create: true; periodKey: string; dueDate: string; effects: Effect[] };

/** The due period `now` falls in: `<due date>#<n>`, n counting whole `maxAgeDays` since the due date. */
export function requalificationPeriodKey(dueDate: string, maxAgeDays: number, now: Date): string {
  const dueMs = Date.parse(`${dueDate}T00:00:00Z`);
  const todayMs = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const period = Math.max(0, Math.floor((todayMs - dueMs) / (maxAgeDays * MS_PER_DAY)));
  return `${dueDate}#${period}`;
}

/**
 * Decides whether the deal's owner gets a re-qualification task now. Closed deals never do; deals
 * never assessed do not (there is no period to count from: check-qualification reports them);
 * a deal already tasked for the current period does not. The task's text names the deal and the
 * reasons, with the due date as the owner's language writes it.
 */
export function decideRequalificationTask(
  input: RequalificationTaskInput,
): RequalificationTaskDecision {
  const due = requalification(input.history, input.stage, input.policy, input.now);
  if (due.closed) return { create: false, reason: 'closed', dueDate: null };
  if (due.dueDate === null) return { create: false, reason: 'never_assessed', dueDate: null };
  if (!due.due) return { create: false, reason: 'not_due', dueDate: due.dueDate };
  const periodKey = requalificationPeriodKey(due.dueDate, input.policy.maxAgeDays, input.now);
  if (periodKey === input.lastTaskKey) {
    return { create: false, reason: 'already_tasked', dueDate: due.dueDate };
  }
  const name = input.dealName?.trim() || `#${input.dealId}`;
  const day = formatDay(due.dueDate);
  const subject: Localized = {
    en: `Re-qualify the deal “${name}”`,
    de: `Deal „${name}“ neu qualifizieren`,
  };
  const body: Localized = {
    en: [
      `The deal “${name}” is due for re-qualification since ${day.en}.`,
      ...due.reasons.map((reason) => reason.en),
      'Open the deal and answer the qualification questions on the Opportunity Plan card.',
    ].join(' '),
    de: [
      `Der Deal „${name}“ ist seit dem ${day.de} zur Neuqualifizierung fällig.`,
      ...due.reasons.map((reason) => reason.de),
      'Öffnen Sie den Deal und beantworten Sie die Qualifizierungsfragen auf der Karte „Opportunity Plan“.',
    ].join(' '),
  };
  const task: CreateTaskEffect = {
    type: 'createTask',
    target: { object: 'deal', deal: { id: input.dealId } },
    ...(input.ownerId ? { ownerId: input.ownerId } : {}),
    language: input.language,
    subject,
    body,
    dueAt: input.now.toISOString(),
  };
  return {
    create: true,
    periodKey,
    dueDate: due.dueDate,
    effects: [
      task,
      {
        type: 'writeProperties',
        target: { object: 'deal', deal: { id: input.dealId } },
        properties: {
          [DEAL_PROPERTIES.requalifyTaskKey.name]: periodKey,
          [DEAL_PROPERTIES.requalifyBy.name]: due.dueDate,
        },
      },
    ],
  };
}
