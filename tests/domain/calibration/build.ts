// Builders for calibration tests: a three-rule model and hand-off records whose outcomes follow a
// pattern the calibration should find (small companies come back for "no budget").
import type { DecidedRecord } from '../../../src/domain/calibration/index.ts';
import type { ReturnReason } from '../../../src/domain/lifecycle/index.ts';
import { DEFAULT_LIFECYCLE_POLICY } from '../../../src/domain/lifecycle/index.ts';
import type { ScoringModel } from '../../../src/domain/scoring/index.ts';
import { modelWith, rule } from '../scoring/model-builders.ts';

export const REASONS: ReturnReason[] = DEFAULT_LIFECYCLE_POLICY.returnReasons;

/** Fit rules: small company (+10), VP title (+20), software industry (+10, no effect on outcomes). */
export function calibrationModel(): ScoringModel {
  return {
    ...modelWith({
      fitRules: [
        rule('small-company', { operator: 'is_known' }, 10),
        rule('title-vp', { operator: 'is_known' }, 20),
        rule('software', { operator: 'is_known' }, 10),
      ],
      totalCap: 100,
    }),
    thresholds: { mql: 20, sql: 30 },
  };
}

const DAY_MS = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00Z');

/** One decided hand-off on day `day`, matching `rules` (their model points recorded). */
export function handOff(
  index: number,
  rules: Record<string, number>,
  outcome: DecidedRecord['outcome'],
  reason?: string,
): DecidedRecord {
  const score = Object.values(rules).reduce((a, b) => a + b, 0);
  return {
    contactId: String(1000 + index),
    at: new Date(START + index * DAY_MS).toISOString(),
    loopNumber: 1,
    score,
    grade: score >= 40 ? 'A1' : score >= 20 ? 'B1' : 'C1',
    rules,
    outcome,
    ...(outcome === 'returned' ? { reason: reason ?? 'no_budget' } : {}),
    days: 10,
  };
}

/**
 * `n` hand-offs cycling through four kinds of lead: small software companies with a VP (most come
 * back for no budget), small ones without a VP (come back), big ones with a VP (won), big ones
 * without (mixed). Deterministic.
 */
export function patternedHistory(n: number): DecidedRecord[] {
  const records: DecidedRecord[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 4;
    const small = kind < 2;
    const vp = kind === 0 || kind === 2;
    const rules: Record<string, number> = { software: 10 };
    if (small) rules['small-company'] = 10;
    if (vp) rules['title-vp'] = 20;
    // Return rates: small 80 %, big with VP 0 %, big without 40 %.
    const returned = small ? i % 5 < 4 : vp ? false : i % 5 < 2;
    const outcome: DecidedRecord['outcome'] = returned ? 'returned' : i % 3 === 0 ? 'lost' : 'won';
    records.push(handOff(i, rules, outcome, small ? 'no_budget' : 'bad_timing'));
  }
  return records;
}

export const DAY = DAY_MS;
