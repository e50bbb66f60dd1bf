// Counting outcomes of hand-offs, and the one statistical test the calibration uses: whether two
// groups' return rates differ by more than chance (two-proportion z-test, pooled variance).
// https://www.itl.nist.gov/div898/handbook/prc/section3/prc33.htm
import type { DecidedRecord } from './records.ts';

/** Outcomes of a group of decided hand-offs. */
export interface Tally {
  /** Decided hand-offs in the group. */
  decided: number;
  won: number;
  lost: number;
  returned: number;
  /** Returns per reason code. */
  returnsByReason: Record<string, number>;
}

/** An empty tally. */
export function emptyTally(): Tally {
  return { decided: 0, won: 0, lost: 0, returned: 0, returnsByReason: {} };
}

/** Adds one decided hand-off to a tally (in place) and returns it. */
export function count(tally: Tally, record: DecidedRecord): Tally {
  tally.decided += 1;
  tally[record.outcome] += 1;
  if (record.outcome === 'returned') {
    const reason = record.reason ?? 'other';
    tally.returnsByReason[reason] = (tally.returnsByReason[reason] ?? 0) + 1;
  }
  return tally;
}

/** Tallies a list of decided hand-offs. */
export function tallyOf(records: readonly DecidedRecord[]): Tally {
  return records.reduce(count, emptyTally());
}

/** A share in whole percent (0 when the whole is 0). */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 100);
}

/** Share of returns among decided hand-offs, 0 … 1 (0 for an empty group). */
export function returnRate(tally: Tally): number {
  return tally.decided === 0 ? 0 : tally.returned / tally.decided;
}

/** Share of wins among decided hand-offs, 0 … 1 (0 for an empty group). */
export function winRate(tally: Tally): number {
  return tally.decided === 0 ? 0 : tally.won / tally.decided;
}

/**
 * z of the difference between two groups' return rates (a − b); 0 when either group is empty or
 * both rates are 0 or 1 (no variance: the test says nothing).
 */
export function returnRateZ(a: Tally, b: Tally): number {
  if (a.decided === 0 || b.decided === 0) return 0;
  const pooled = (a.returned + b.returned) / (a.decided + b.decided);
  const variance = pooled * (1 - pooled) * (1 / a.decided + 1 / b.decided);
  if (variance === 0) return 0;
  return (returnRate(a) - returnRate(b)) / Math.sqrt(variance);
}

/** The most frequent return reason of a tally (ties: the alphabetically first code), if any. */
export function topReason(tally: Tally): { reason: string; count: number } | undefined {
  let best: { reason: string; count: number } | undefined;
  for (const reason of Object.keys(tally.returnsByReason).sort()) {
    const n = tally.returnsByReason[reason] ?? 0;
    if (best === undefined || n > best.count) best = { reason, count: n };
  }
  return best;
}
