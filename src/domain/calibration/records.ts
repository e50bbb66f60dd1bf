// The calibration's raw material: one record per hand-off, read from the contacts' loop histories
// (CONTACT_PROPERTIES.loopHistory), with the score, grade and rule points the hand-off carried and
// what became of it — won, lost, returned with a reason, or still open.
import type { HandOffScore } from '../lifecycle/events.ts';
import type { LoopEntry } from '../lifecycle/state.ts';
import type { ScoreResult } from '../scoring/evaluate.ts';
import type { ScoringModel } from '../scoring/model.ts';
import { DIMENSIONS } from '../scoring/model.ts';

const DAY_MS = 86_400_000;

/** What became of a hand-off. */
export type HandOffOutcome = 'won' | 'lost' | 'returned' | 'open';

/** One hand-off to sales and its outcome. */
export interface HandOffRecord {
  contactId: string;
  dealId?: string;
  /** When the contact was handed off (ISO 8601). */
  at: string;
  /** 1 for the first hand-off of the contact, 2 after one return, and so on. */
  loopNumber: number;
  /** Total score at the hand-off, when it was recorded. */
  score?: number;
  grade?: string;
  /** Points each matched rule carried in the model at the hand-off; absent in older histories. */
  rules?: Record<string, number>;
  outcome: HandOffOutcome;
  /** The return reason code, for returned hand-offs. */
  reason?: string;
  /** Days from hand-off to the outcome, for decided hand-offs. */
  days?: number;
}

/** A decided hand-off: its outcome is known. */
export type DecidedRecord = HandOffRecord & { outcome: 'won' | 'lost' | 'returned' };

/** True when the hand-off's outcome is known (won, lost or returned). */
export function isDecided(record: HandOffRecord): record is DecidedRecord {
  return record.outcome !== 'open';
}

/** One contact's loop history, as the server reads it from HubSpot. */
export interface ContactHistory {
  contactId: string;
  history: readonly LoopEntry[];
}

/**
 * Turns loop histories into hand-off records, oldest first (ties by contact id, so the order does
 * not depend on the order HubSpot returned the contacts in). A hand-off is closed by the next
 * return, win or loss in the contact's history; a win recorded without a hand-off (a deal opened
 * directly in HubSpot) is not a hand-off and is not counted.
 */
export function handOffRecords(contacts: readonly ContactHistory[]): HandOffRecord[] {
  const records: HandOffRecord[] = [];
  for (const { contactId, history } of contacts) {
    let open: HandOffRecord | undefined;
    let loopNumber = 0;
    for (const entry of history) {
      if (entry.kind === 'handoff') {
        if (open !== undefined) records.push(open);
        loopNumber += 1;
        open = {
          contactId,
          at: entry.at,
          loopNumber,
          outcome: 'open',
          ...(entry.dealId === undefined ? {} : { dealId: entry.dealId }),
          ...(entry.score === undefined ? {} : { score: entry.score }),
          ...(entry.grade === undefined ? {} : { grade: entry.grade }),
          ...(entry.rules === undefined ? {} : { rules: { ...entry.rules } }),
        };
        continue;
      }
      if (open === undefined) continue;
      if (entry.kind === 'return' || entry.kind === 'won' || entry.kind === 'lost') {
        const days = Math.max(0, (Date.parse(entry.at) - Date.parse(open.at)) / DAY_MS);
        records.push({
          ...open,
          outcome: entry.kind === 'return' ? 'returned' : entry.kind,
          ...(entry.kind === 'return' && entry.reason !== undefined
            ? { reason: entry.reason }
            : {}),
          ...(open.dealId === undefined && entry.dealId !== undefined
            ? { dealId: entry.dealId }
            : {}),
          days: Math.round(days * 10) / 10,
        });
        open = undefined;
      }
    }
    if (open !== undefined) records.push(open);
  }
  return records.sort(
    (a, b) =>
      Date.parse(a.at) - Date.parse(b.at) ||
      (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0),
  );
}

/**
 * The score a hand-off records: total, grade, and for every rule that matched (its reason is in
 * the result, even when a cap took its points) the points the model gives that rule.
 */
export function handOffScore(result: ScoreResult, model: ScoringModel): HandOffScore {
  const nominal = new Map<string, number>();
  for (const dimension of DIMENSIONS) {
    for (const group of model[dimension].groups) {
      for (const rule of group.rules) nominal.set(rule.id, rule.points);
    }
  }
  const rules: Record<string, number> = {};
  for (const reason of result.reasons) {
    const points = nominal.get(reason.ruleId);
    if (points !== undefined) rules[reason.ruleId] = points;
  }
  return { total: result.total, grade: result.grade, rules };
}
