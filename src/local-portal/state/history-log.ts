// A record's property history as one flat write log: `[timestamp, sourceType, name, value, name,
// value, …, timestamp, sourceType, …]` — a number starts a write, the strings after it are the
// source and the (name, value) pairs that write changed. HubSpot keeps every past value of every
// property (`propertiesWithHistory`), and the lagged search index rebuilds records as they stood
// seconds ago from it; holding it as an array and an entry object per property cost ~6 KB and
// ~100 heap objects per contact, so at 100,000 contacts the portal stood still in GC for up to a
// second and counted requests late (search 429s in `npm run bench` that HubSpot's servers would not
// give). One array per record holds the same facts with one timestamp per write.
// JSON-serialisable as it is (snapshots).
import type { PropertyHistoryEntry } from './types.ts';

/** The write log of one record, oldest write first. */
export type HistoryLog = (string | number)[];

/** Appends one write: every change shares its timestamp and source. Nothing for no change. */
export function appendWrite(
  log: HistoryLog,
  timestamp: number,
  sourceType: string,
  changes: readonly (readonly [string, string])[],
): void {
  if (changes.length === 0) return;
  log.push(timestamp, sourceType);
  for (const [name, value] of changes) log.push(name, value);
}

/** Calls `visit` for every (name, value) in the log, oldest first, with its write's time and source. */
export function forEachChange(
  log: readonly (string | number)[],
  visit: (name: string, value: string, timestamp: number, sourceType: string) => void,
): void {
  let timestamp = 0;
  let sourceType = '';
  let index = 0;
  while (index < log.length) {
    const item = log[index];
    if (typeof item === 'number') {
      timestamp = item;
      sourceType = String(log[index + 1]);
      index += 2;
      continue;
    }
    visit(String(item), String(log[index + 1]), timestamp, sourceType);
    index += 2;
  }
}

/** One property's past values, oldest first (empty when it never had one). */
export function propertyHistory(log: readonly (string | number)[], name: string) {
  const entries: PropertyHistoryEntry[] = [];
  forEachChange(log, (changed, value, timestamp, sourceType) => {
    if (changed === name) entries.push({ value, timestamp, sourceType });
  });
  return entries;
}

/** The instants of the log's writes, oldest first. */
export function writeTimes(log: readonly (string | number)[]): number[] {
  return log.filter((item): item is number => typeof item === 'number');
}

/**
 * The log of a stored record in any format a snapshot may hold: the write log itself, or the
 * per-property entry lists older snapshots saved (`{ name: [{ value, timestamp, sourceType }] }`),
 * regrouped into writes by time and source.
 */
export function toHistoryLog(stored: unknown): HistoryLog {
  if (Array.isArray(stored)) return stored as HistoryLog;
  if (typeof stored !== 'object' || stored === null) return [];
  const changes: { name: string; entry: PropertyHistoryEntry; order: number }[] = [];
  for (const [name, entries] of Object.entries(stored as Record<string, unknown>)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries as PropertyHistoryEntry[])
      changes.push({ name, entry, order: changes.length });
  }
  // Stable by time: one property's values keep their order, and so does a write's.
  changes.sort((a, b) => a.entry.timestamp - b.entry.timestamp || a.order - b.order);
  const log: HistoryLog = [];
  let current: { timestamp: number; sourceType: string } | undefined;
  for (const { name, entry } of changes) {
    if (current?.timestamp !== entry.timestamp || current.sourceType !== entry.sourceType) {
      current = { timestamp: entry.timestamp, sourceType: entry.sourceType };
      log.push(entry.timestamp, entry.sourceType);
    }
    log.push(name, entry.value);
  }
  return log;
}
