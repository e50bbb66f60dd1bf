// The readers of the bulk rescore's pipeline (src/jobs/rescore.ts): they page through `hs_object_id`
// ranges with CRM search (a fresh query per page, so the 10,000-results cap never applies), score
// every contact through the one scoring transition, hand contacts a promotion is due for to the
// injected promoter and queue the rest's changed scores for the writer. Also the checkpoint and
// the progress built from the pipeline's shared state.
import type { ScoreDecision } from '../domain/lifecycle/index.ts';
import { HubSpotRateLimitError } from '../hubspot/errors.ts';
import type { CrmGateway, CrmRecord, SearchFilter } from '../hubspot/gateway.ts';
import {
  describe,
  partitionCheckpoint,
  splitIdRange,
  type Partition,
  type QueuedUpdate,
  type Wakeup,
} from './rescore-parts.ts';
import { hedged } from './hedged-request.ts';
import {
  isSlow,
  nextSlowAt,
  nothingLeftToAsk,
  shouldPark,
  stealHalf,
  stealSlowRest,
  takeRiders,
  unparkHighest,
  type PipelineState,
} from './rescore-ranges.ts';
import {
  estimateRate,
  type RescoreCheckpoint,
  type RescorePartitionCheckpoint,
  type RescoreProgress,
} from './rescore-progress.ts';

export { stealHalf, stealSlowRest, type PipelineState } from './rescore-ranges.ts';

/** What the readers need from the pipeline. */
export interface ReaderDeps {
  st: PipelineState;
  base: RescoreCheckpoint;
  gateway: CrmGateway;
  signal: AbortSignal;
  wakeup: Wakeup;
  pageSize: number;
  readers: number;
  /**
   * A page not answered this long after its grant is slow: an idle reader reads what lies behind it,
   * and once nothing else is left to ask it is asked a second time (st.slowSearchMs, the same).
   */
  hedgeAfterMs: number;
  /** Resolves after `ms`, rejects when `signal` aborts (the hedge's and idle readers' timer). */
  delay: (ms: number, signal: AbortSignal) => Promise<void>;
  maxQueued: number;
  properties: string[];
  decide: (record: CrmRecord) => ScoreDecision;
  promote?: (records: CrmRecord[]) => Promise<{ refused: number }>;
  save: () => Promise<void>;
  report: () => Promise<void>;
  fail: (error: unknown) => void;
}

const restore = (stored: RescorePartitionCheckpoint): Partition => ({
  lo: stored.lo,
  hi: stored.hi,
  cursor: stored.afterId,
  processed: stored.processed,
  changed: stored.changed,
  done: stored.done,
  pending: new Map(),
});

/** The stored checkpoint: per partition what is done, and the prefix every batch below is written. */
export function pipelineCheckpoint(st: PipelineState, base: RescoreCheckpoint): RescoreCheckpoint {
  if (st.partitions.length === 0) return { ...base, errors: st.errors };
  const states = st.partitions.map(partitionCheckpoint);
  // The highest id below which every batch is written: the done partitions at the start, then
  // the first unfinished one's own checkpoint.
  let afterId: string | null = base.afterId;
  for (const state of states) {
    if (state.done) {
      afterId = state.hi ?? state.afterId ?? afterId;
      continue;
    }
    afterId = state.afterId ?? state.lo;
    break;
  }
  return {
    ...base,
    afterId,
    processed: states.reduce((sum, state) => sum + state.processed, 0),
    changed: states.reduce((sum, state) => sum + state.changed, 0),
    errors: st.errors,
    partitions: states,
  };
}

/**
 * Seconds until every contact is read, at the pace of this run so far (Infinity before the
 * first page): the unread contacts over the contacts read per second since `startedAt`.
 */
export function pipelineReadSecondsLeft(st: PipelineState, at: number, startedAt: number): number {
  if (st.remainingBy.size === 0 || st.readThisRun === 0 || at <= startedAt) return Infinity;
  let unread = 0;
  for (const remaining of st.remainingBy.values()) unread += remaining;
  return unread / (st.readThisRun / ((at - startedAt) / 1000));
}

/** The progress as of `at` (epoch ms). */
export function pipelineProgress(
  st: PipelineState,
  base: RescoreCheckpoint,
  status: RescoreProgress['status'],
  at: number,
  runStartedAt: number,
): RescoreProgress {
  const empty = st.partitions.length === 0;
  const processed = empty ? base.processed : st.partitions.reduce((sum, p) => sum + p.processed, 0);
  const changed = empty ? base.changed : st.partitions.reduce((sum, p) => sum + p.changed, 0);
  const remaining = [...st.remainingBy.values()].reduce((sum, value) => sum + value, 0);
  const total = processed + remaining;
  const finished = status !== 'running';
  const estimate = estimateRate(st.readThisRun, at - runStartedAt, total - processed);
  return {
    status,
    processed,
    total,
    changed,
    errors: st.errors,
    ratePerSecond: estimate.ratePerSecond,
    etaSeconds: finished ? 0 : estimate.etaSeconds,
    startedAt: base.startedAt,
    finishedAt: finished ? at : null,
    error: status === 'failed' ? describe(st.failure) : null,
  };
}

/** The partitions this run reads: the stored ones, or one range after the checkpoint. */
function plan(base: RescoreCheckpoint): Partition[] {
  return base.partitions && base.partitions.length > 0
    ? base.partitions.map(restore)
    : [
        restore({
          lo: base.afterId,
          hi: null,
          afterId: base.afterId,
          processed: base.processed,
          changed: base.changed,
          done: false,
        }),
      ];
}

/**
 * The portal's top page: the `pageSize` highest ids after the partition's cursor (one search
 * sorted descending, with the scoring properties) and how many contacts lie after the cursor.
 * Sent together with an unsplit run's first page, so the split waits for neither the first page
 * nor two searches in a row (HubSpot's search takes 0.4 s, in its tail more than a second), and
 * its contacts are read by it: the probe costs no search of its own on a portal of two pages or
 * more (every search counts — 100 pages are 20 windows of HubSpot's 5 per second, 101 are 21).
 */
async function probeTop(
  deps: ReaderDeps,
  first: Partition,
): Promise<{ top: CrmRecord[]; total: number }> {
  const page = await deps.gateway.search('contacts', {
    filterGroups:
      first.cursor === null
        ? []
        : [{ filters: [{ propertyName: 'hs_object_id', operator: 'GT', value: first.cursor }] }],
    sorts: [{ propertyName: 'hs_object_id', direction: 'DESCENDING' }],
    properties: deps.properties,
    limit: deps.pageSize,
  });
  return { top: [...page.results].reverse(), total: page.total };
}

/**
 * As soon as the probe answers (the first page may still be on its way). On a portal of at least
 * two pages the first page and the top page cannot overlap: the top page becomes a range of its
 * own, read (from its lowest id to its highest; contacts created since are left to their own
 * scoring, as they are scored when created), and the first range ends below it. When enough
 * remains to keep several readers busy, the range between is split into `readers` ranges paged
 * at the same time, each with its share of the probe's count as the estimate of what is left.
 */
async function split(deps: ReaderDeps, first: Partition): Promise<void> {
  const { st, readers, pageSize } = deps;
  const { top, total } = await probeTop(deps, first);
  const lowest = top[0]?.id;
  const highest = top.at(-1)?.id;
  // (a smaller portal: the first pages read the top page's contacts too, the probe is spent)
  if (first.done || total < 2 * pageSize || !lowest || !highest) return;
  if (first.cursor !== null && BigInt(lowest) <= BigInt(first.cursor)) return;
  const below = String(BigInt(lowest) - 1n);
  // (a first page still on its way takes its own contacts off the estimate when it comes)
  const remaining = Math.max(0, (st.remainingBy.get(first) ?? total) - top.length);
  const ranges =
    remaining > readers * pageSize * 2 &&
    (first.cursor === null || BigInt(below) > BigInt(first.cursor))
      ? splitIdRange(first.cursor, below, readers)
      : [{ lo: first.cursor, hi: null }];
  first.hi = ranges[0]!.hi ?? below;
  st.highestId = below;
  st.remainingBy.set(first, Math.ceil(remaining / ranges.length));
  for (const range of ranges.slice(1)) {
    const partition = restore({
      lo: range.lo,
      hi: range.hi ?? below,
      afterId: range.lo,
      processed: 0,
      changed: 0,
      done: false,
    });
    st.partitions.push(partition);
    st.remainingBy.set(partition, Math.ceil(remaining / ranges.length));
  }
  const topRange = restore({
    lo: below,
    hi: highest,
    afterId: below,
    processed: 0,
    changed: 0,
    done: false,
  });
  // (not done until its contacts are queued: a checkpoint stored meanwhile resumes it from `lo`)
  st.partitions.push(topRange);
  st.remainingBy.set(topRange, top.length);
  await takeIn(deps, [topRange], [top]);
  topRange.done = true;
  st.remainingBy.set(topRange, 0);
  deps.wakeup.notify();
  if (topRange.pending.size === 0) await deps.save();
  await deps.report();
}

/** The search filters of a partition's contacts after its cursor. */
function rangeFilters(partition: Partition, hi: string | null): SearchFilter[] {
  const filters: SearchFilter[] = [];
  if (partition.cursor !== null)
    filters.push({ propertyName: 'hs_object_id', operator: 'GT', value: partition.cursor });
  if (hi !== null) filters.push({ propertyName: 'hs_object_id', operator: 'LTE', value: hi });
  return filters;
}

type ReadOutcome = 'read' | 'parked' | 'aborted';

/**
 * Scores contacts read for `segments` (`bySegment[i]` ascending, for `segments[i]`), hands those a
 * promotion is due for to the promoter and queues the changed scores of the rest; each segment's
 * cursor moves past its contacts.
 */
async function takeIn(
  deps: ReaderDeps,
  segments: Partition[],
  bySegment: CrmRecord[][],
): Promise<void> {
  const { st } = deps;
  const records = bySegment.flat();
  // One scoring transition for every contact; those a promotion is due for go to the promoter
  // first, before the cursor passes them (a checkpoint never skips an unpromoted contact).
  const decisions = records.map((record) => ({ record, decision: deps.decide(record) }));
  const promoted = deps.promote
    ? decisions.filter(({ decision }) => decision.promotes).map(({ record }) => record)
    : [];
  if (promoted.length > 0) st.errors += (await deps.promote!(promoted)).refused;
  const promotedIds = new Set(promoted.map((record) => record.id));
  const owner = new Map<string, Partition>();
  segments.forEach((segment, index) => {
    for (const record of bySegment[index]!) owner.set(record.id, segment);
  });
  for (const { record, decision } of decisions) {
    const segment = owner.get(record.id)!;
    if (promotedIds.has(record.id)) segment.changed += 1;
    else if (decision.writes) {
      const item: QueuedUpdate = {
        id: record.id,
        properties: decision.writes,
        partition: segment,
        afterId: segment.cursor,
        processedBefore: segment.processed,
        changedBefore: segment.changed,
      };
      segment.pending.set(record.id, item);
      st.toWrite.push(item);
      segment.changed += 1;
    }
    segment.cursor = record.id;
    segment.processed += 1;
    st.readThisRun += 1;
  }
}

/**
 * Reads one page of the partition, with parked last pages of ranges below it riding along, and
 * queues the changed contacts; resolves 'aborted', 'parked' (the range's last page now waits for
 * another reader's page) or 'read'.
 */
async function readPage(deps: ReaderDeps, partition: Partition): Promise<ReadOutcome> {
  const { st, signal, wakeup, pageSize } = deps;
  while (st.toWrite.length >= deps.maxQueued && !signal.aborted) await wakeup.wait();
  if (signal.aborted) return 'aborted';
  const hi = partition.hi;
  const riders = takeRiders(st, partition, pageSize - 1);
  const segments = [...riders, partition];
  const ends = segments.map((segment) => (segment === partition ? hi : segment.hi));
  // (a range without bounds is the whole portal, and takes no riders: `takeRiders` needs a `lo`)
  const groups = segments.map((segment, index) => rangeFilters(segment, ends[index]!));
  const request = {
    filterGroups: groups.some((filters) => filters.length === 0)
      ? []
      : groups.map((filters) => ({ filters })),
    sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' as const }],
    properties: deps.properties,
    limit: pageSize,
  };
  const ridersLeft = riders.reduce((sum, rider) => sum + (st.remainingBy.get(rider) ?? 0), 0);
  // (from the ask, and from the grant once the budget grants it: only HubSpot's latency is slow)
  const asked = performance.now();
  st.searching.set(partition, { since: asked, room: Math.max(1, pageSize - ridersLeft) });
  for (const rider of riders)
    st.searching.set(rider, { since: asked, room: st.remainingBy.get(rider) ?? pageSize });
  const onSent = () => {
    const at = performance.now();
    for (const segment of segments) {
      const search = st.searching.get(segment);
      if (search) search.since = at;
    }
  };
  let page;
  try {
    // At the end of the reading a slow page is asked again, from a free search slot only (the
    // second copy never waits for the budget, so it never takes a slot a reader is waiting for).
    page = await hedged(() => deps.gateway.search('contacts', request, { onSent }), {
      afterMs: deps.hedgeAfterMs,
      recheckMs: Math.max(1, deps.hedgeAfterMs / 10),
      allowed: () =>
        !signal.aborted && isSlow(st, partition, performance.now()) && nothingLeftToAsk(st),
      delay: deps.delay,
      onHedge: () => (st.hedges += 1),
      notSent: (error) =>
        error instanceof HubSpotRateLimitError && error.policyName === 'LOCAL_BUDGET',
      copy: () => deps.gateway.withMaxWait(0).search('contacts', request),
    });
  } catch (error) {
    st.parked.push(...riders);
    throw error;
  } finally {
    for (const segment of segments) st.searching.delete(segment);
  }
  // Another reader may have taken the upper part of this range while the page was on its way:
  // what lies above the range's new end is that reader's, and this range ends with this page.
  const split = partition.hi !== hi;
  const end = partition.hi === null ? null : BigInt(partition.hi);
  const inRange = (record: CrmRecord, index: number): boolean => {
    const id = BigInt(record.id);
    const top =
      index === segments.length - 1 ? end : ends[index] === null ? null : BigInt(ends[index]!);
    return top === null || id <= top;
  };
  // The ascending results, split by range (each rider's contacts come before the next range's).
  const bySegment: CrmRecord[][] = segments.map(() => []);
  let at = 0;
  for (const record of page.results) {
    while (at < segments.length && !inRange(record, at)) at += 1;
    if (at === segments.length) break;
    bySegment[at]!.push(record);
  }
  const records = bySegment.flat();
  const beyondEnd = records.length < page.results.length;
  // (HubSpot names a next page only while more contacts match: without one, every range is done)
  const full = Boolean(page.after);
  // A rider is done once a later range's contacts came, or the page was not full.
  const riderDone = riders.map(
    (_, index) => !full || bySegment.slice(index + 1).some((list) => list.length > 0),
  );
  const ridersAllDone = riderDone.every(Boolean);
  const results = bySegment.at(-1)!;
  // `total` counts the contacts of every range after its cursor, this page included (after a
  // split, or with a rider left unfinished, the estimate made before goes on).
  const exact = !split && ridersAllDone;
  const remaining = exact
    ? Math.max(0, page.total - page.results.length)
    : Math.max(0, (st.remainingBy.get(partition) ?? 0) - results.length);
  await takeIn(deps, segments, bySegment);
  riders.forEach((rider, index) => {
    if (riderDone[index]) {
      rider.done = true;
      st.remainingBy.set(rider, 0);
    } else {
      st.remainingBy.set(
        rider,
        Math.max(0, (st.remainingBy.get(rider) ?? 0) - bySegment[index]!.length),
      );
      st.parked.push(rider);
    }
  });
  st.remainingBy.set(partition, remaining);
  const atEnd =
    partition.hi !== null &&
    partition.cursor !== null &&
    BigInt(partition.cursor) >= BigInt(partition.hi);
  if (!full || (split && beyondEnd) || (exact && remaining === 0) || atEnd) {
    partition.done = true;
    st.remainingBy.set(partition, 0);
  }
  wakeup.notify();
  // With nothing left to write in a range, its checkpoint moved with this page.
  if (segments.some((segment) => segment.pending.size === 0)) await deps.save();
  await deps.report();
  if (shouldPark(st, partition, exact, pageSize, performance.now())) {
    st.parked.push(partition);
    return 'parked';
  }
  return 'read';
}

/** Waits for the next wake-up (a page read, a batch written, the run aborted), at most `ms`. */
async function idle(deps: ReaderDeps, ms: number): Promise<void> {
  const timer = new AbortController();
  const woken = deps.wakeup.wait();
  const timeout = Number.isFinite(ms)
    ? deps.delay(Math.max(1, ms), timer.signal).catch(() => undefined)
    : new Promise<void>(() => undefined);
  await Promise.race([woken, timeout]);
  timer.abort();
}

/** Reads every partition (splitting the first when the portal is big); marks the readers done. */
export async function runReaders(deps: ReaderDeps): Promise<void> {
  const { st, signal } = deps;
  try {
    st.partitions = plan(deps.base);
    const reading = st.reading;
    // Pages one partition to its end (or until its last page is parked); false when aborted.
    const page = async (partition: Partition, firstPage?: Promise<ReadOutcome>) => {
      reading.add(partition);
      try {
        let outcome = firstPage ? await firstPage : 'read';
        while (outcome === 'read' && !partition.done) outcome = await readPage(deps, partition);
        return outcome !== 'aborted';
      } finally {
        reading.delete(partition);
      }
    };
    let initial: Promise<boolean> | undefined;
    const first = st.partitions[0];
    if (st.partitions.length === 1 && first && !first.done) {
      // An unsplit run reads its first page while the probe decides whether to split.
      const firstPage = readPage(deps, first);
      initial = page(first, firstPage);
      initial.catch(() => undefined);
      // (a failed probe fails the run once the first page settled, so nothing reads after the end)
      if (deps.readers > 1)
        await split(deps, first).catch(async (error: unknown) => {
          await initial?.catch(() => undefined);
          throw error;
        });
    }
    const open = st.partitions.filter((partition) => !partition.done && !reading.has(partition));
    let next = 0;
    // A reader with nothing of its own takes half of a long range, the rest behind a slow page, or
    // a parked range no reader above takes along; with none of these it waits for the next page or
    // for a page to turn slow, until every range is done.
    const reader = async () => {
      while (!signal.aborted) {
        const at = performance.now();
        const partition =
          next < open.length
            ? open[next++]!
            : // (the rest behind a slow page before a parked range: the parked one rides along)
              (stealHalf(st, reading, deps.pageSize) ??
              stealSlowRest(st, at) ??
              unparkHighest(st, at));
        if (partition) {
          if (!(await page(partition))) return;
          continue;
        }
        if (st.partitions.every((range) => range.done)) return;
        await idle(deps, nextSlowAt(st, at) - at);
      }
    };
    const others = Math.max(0, deps.readers - (initial ? 1 : 0));
    await Promise.all([
      ...(initial
        ? [
            initial.then(async (going) => {
              if (going) await reader();
            }),
          ]
        : []),
      ...Array.from({ length: others }, reader),
    ]);
  } catch (error) {
    deps.fail(error);
  } finally {
    st.readersDone = true;
    deps.wakeup.notify();
  }
}
