// Who reads what in the bulk rescore's readers (src/jobs/rescore-readers.ts): the state the
// readers and the writer share, and the decisions over it that do no I/O — which parked last pages
// ride along with a reader's page, when a range parks, and what a reader with nothing left of its
// own takes: half of a long range, a parked range nobody above takes along, or the rest behind a
// slow page (HubSpot's search usually answers in hundreds of milliseconds, now and then in
// seconds, and the pages of a range are read one after another).
import type { Partition, QueuedUpdate } from './rescore-parts.ts';

/** A page being searched for a range. */
export interface Search {
  /** When it was asked (the readers' monotonic clock, ms). */
  since: number;
  /** How many of the range's own contacts the page can hold (the rest of it is riders'). */
  room: number;
}

/** What the readers and the writer share. */
export interface PipelineState {
  partitions: Partition[];
  toWrite: QueuedUpdate[];
  /** Contacts after each partition's cursor, as its last page's `total` said (for progress). */
  remainingBy: Map<Partition, number>;
  readThisRun: number;
  errors: number;
  readersDone: boolean;
  failure: unknown;
  /** The highest id when the run split the portal (the unbounded range's end for stealing). */
  highestId?: string;
  /** The ranges a reader is paging now. */
  reading: Set<Partition>;
  /** Ranges whose last, partial page waits to ride along with the page of a range above. */
  parked: Partition[];
  /** The ranges whose page is being searched now: since when, and the room its contacts have in it. */
  searching: Map<Partition, Search>;
  /** A search in flight this long is slow: readers stop waiting for it (the hedge's delay). */
  slowSearchMs: number;
  /** Search pages sent a second time because the first copy was slow (src/jobs/hedged-request.ts). */
  hedges: number;
}

/**
 * For a reader with nothing else to do: the highest parked range that no reader above takes
 * along (the ranges parked below it then ride along with its page), or undefined. A parked range
 * with a reader above waits for that reader's next page: it costs no search of its own, and that
 * reader, once its own range is done, comes back here for it (unless that page is slow: see
 * `hasReaderAbove`).
 */
export function unparkHighest(st: PipelineState, at: number): Partition | undefined {
  let best: Partition | undefined;
  for (const parked of st.parked) {
    if (hasReaderAbove(st, parked, BigInt(parked.hi!), at)) continue;
    if (!best || BigInt(parked.hi!) > BigInt(best.hi!)) best = parked;
  }
  if (best) st.parked.splice(st.parked.indexOf(best), 1);
  return best;
}

/** HubSpot's search takes at most 5 filter groups: the reader's own range and 4 riders. */
export const MAX_RIDERS = 4;

/**
 * The parked last pages that ride along with `own`'s next page: ranges wholly below it (so their
 * contacts come first in the ascending results, every one of them), together at most `room`.
 */
export function takeRiders(st: PipelineState, own: Partition, room: number): Partition[] {
  if (own.lo === null || st.parked.length === 0) return [];
  const floor = BigInt(own.lo);
  const riders: Partition[] = [];
  let used = 0;
  for (const parked of [...st.parked]) {
    if (riders.length >= MAX_RIDERS) break;
    const remaining = st.remainingBy.get(parked) ?? room;
    if (parked.hi === null || BigInt(parked.hi) > floor || used + remaining > room) continue;
    riders.push(parked);
    used += remaining;
    st.parked.splice(st.parked.indexOf(parked), 1);
  }
  return riders.sort((a, b) => (BigInt(a.hi!) < BigInt(b.hi!) ? -1 : 1));
}

/**
 * Whether the partition's last page should ride along with another reader's page instead of
 * costing a search of its own: fewer contacts left than a page (as the last page's `total` said)
 * while a range above it is still being read, whose next page takes it along.
 */
export function shouldPark(
  st: PipelineState,
  partition: Partition,
  exact: boolean,
  pageSize: number,
  at: number,
): boolean {
  const remaining = st.remainingBy.get(partition);
  if (!exact || partition.done || partition.hi === null || remaining === undefined) return false;
  if (remaining >= pageSize) return false;
  const top = BigInt(partition.hi);
  return hasReaderAbove(st, partition, top, at);
}

/**
 * Whether a range above `top` is being read and has a page after the one it may be searching now
 * (that next page takes a parked range below along). A reader on its last page never comes back
 * for it before that page answers, and a reader whose page is slow comes back only seconds later:
 * a parked range does not wait for either.
 */
function hasReaderAbove(st: PipelineState, partition: Partition, top: bigint, at: number): boolean {
  for (const other of st.reading)
    if (
      other !== partition &&
      !other.done &&
      other.lo !== null &&
      BigInt(other.lo) >= top &&
      contactsAfterSearch(st, other) > 0 &&
      !isSlow(st, other, at)
    )
      return true;
  return false;
}

/** Whether the range's page has been searched for `slowSearchMs` or longer. */
export function isSlow(st: PipelineState, partition: Partition, at: number): boolean {
  const search = st.searching.get(partition);
  return search !== undefined && at - search.since >= st.slowSearchMs;
}

/** When the next page now being searched turns slow (Infinity when none will). */
export function nextSlowAt(st: PipelineState, at: number): number {
  let next = Infinity;
  for (const search of st.searching.values()) {
    const slowAt = search.since + st.slowSearchMs;
    if (slowAt > at) next = Math.min(next, slowAt);
  }
  return next;
}

/** The contacts of a range left after the page being searched for it (all of them if none is). */
function contactsAfterSearch(st: PipelineState, partition: Partition): number {
  const remaining = st.remainingBy.get(partition);
  if (remaining === undefined) return Infinity;
  return remaining - (st.searching.get(partition)?.room ?? 0);
}

/** Whether every range not done is being searched for its last page (no search is left to ask). */
export function nothingLeftToAsk(st: PipelineState): boolean {
  for (const partition of st.partitions) {
    if (partition.done) continue;
    if (!st.searching.has(partition) || contactsAfterSearch(st, partition) > 0) return false;
  }
  return true;
}

/**
 * For a reader whose range is done: the upper half of the range being read with the most
 * contacts left (at least four pages, so each half keeps two), inserted after it in id order, or
 * undefined when no range is worth splitting. The range's reader sees its new end at its next page.
 */
export function stealHalf(
  st: PipelineState,
  reading: ReadonlySet<Partition>,
  pageSize: number,
): Partition | undefined {
  let best: { partition: Partition; remaining: number } | undefined;
  for (const partition of reading) {
    const remaining = st.remainingBy.get(partition);
    if (partition.done || remaining === undefined || remaining < pageSize * 4) continue;
    if (partition.hi === null && st.highestId === undefined) continue;
    if (!best || remaining > best.remaining) best = { partition, remaining };
  }
  if (!best) return undefined;
  const { partition, remaining } = best;
  return splitOff(st, partition, 1, 2, [Math.ceil(remaining / 2), Math.floor(remaining / 2)]);
}

/**
 * Ends `partition` at `share` / `of` of the ids between its cursor and its end (the highest id
 * for the unbounded one) and inserts the range above as a new partition after it, in id order;
 * `estimates` are the contacts left in the two. Undefined when no id lies between.
 */
function splitOff(
  st: PipelineState,
  partition: Partition,
  share: number,
  of: number,
  estimates: [lower: number, upper: number],
): Partition | undefined {
  const from = BigInt(partition.cursor ?? partition.lo ?? '0');
  const to = BigInt(partition.hi ?? st.highestId!);
  const at = from + ((to - from) * BigInt(share)) / BigInt(of);
  if (at <= from || at >= to) return undefined;
  const upper: Partition = {
    lo: String(at),
    hi: partition.hi,
    cursor: String(at),
    processed: 0,
    changed: 0,
    done: false,
    pending: new Map(),
  };
  partition.hi = String(at);
  st.partitions.splice(st.partitions.indexOf(partition) + 1, 0, upper);
  st.remainingBy.set(partition, estimates[0]);
  st.remainingBy.set(upper, estimates[1]);
  return upper;
}

/**
 * For a reader with nothing else to do: the contacts behind a slow page (the range with the most
 * left after its page, at least one), as a range of their own starting where that page is
 * estimated to end (its room's share of the ids left, read from the range's cursor), inserted
 * after it, or undefined. The slow range ends at the estimate: a page that answers past it leaves
 * the ids beyond to the new range, one that answers short of it reads on up to it.
 */
export function stealSlowRest(st: PipelineState, at: number): Partition | undefined {
  let best: { partition: Partition; rest: number; room: number; remaining: number } | undefined;
  for (const partition of st.reading) {
    const search = st.searching.get(partition);
    const remaining = st.remainingBy.get(partition);
    if (partition.done || !search || remaining === undefined || !isSlow(st, partition, at))
      continue;
    if (partition.hi === null && st.highestId === undefined) continue;
    const rest = remaining - search.room;
    if (rest >= 1 && (!best || rest > best.rest))
      best = { partition, rest, room: search.room, remaining };
  }
  if (!best) return undefined;
  const { partition, rest, room, remaining } = best;
  return splitOff(st, partition, room, remaining, [room, rest]);
}
