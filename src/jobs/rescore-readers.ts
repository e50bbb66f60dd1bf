// The readers of the bulk rescore's pipeline (src/jobs/rescore.ts): they page through `hs_object_id`
// ranges with CRM search (a fresh query per page, so the 10,000-results cap never applies), score
// every contact through the one scoring transition, hand contacts a promotion is due for to the
// injected promoter and queue the rest's changed scores for the writer. Also the checkpoint and
// the progress built from the pipeline's shared state.
import type { ScoreDecision } from '../domain/lifecycle/index.ts';
import type { CrmGateway, CrmRecord, SearchFilter } from '../hubspot/gateway.ts';
import {
  describe,
  partitionCheckpoint,
  splitIdRange,
  type Partition,
  type QueuedUpdate,
  type Wakeup,
} from './rescore-parts.ts';
import {
  estimateRate,
  type RescoreCheckpoint,
  type RescorePartitionCheckpoint,
  type RescoreProgress,
} from './rescore-progress.ts';

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
}

/** What the readers need from the pipeline. */
export interface ReaderDeps {
  st: PipelineState;
  base: RescoreCheckpoint;
  gateway: CrmGateway;
  signal: AbortSignal;
  wakeup: Wakeup;
  pageSize: number;
  readers: number;
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
 * After the first page of an unsplit run: when enough remains to keep several readers busy, one
 * search (sorted descending, one result) finds the highest id, and the rest of the range is split
 * into `readers` ranges paged at the same time. Small portals pay no extra call.
 */
async function split(deps: ReaderDeps, first: Partition): Promise<void> {
  const { st, readers, pageSize } = deps;
  const remaining = st.remainingBy.get(first) ?? 0;
  if (readers <= 1 || first.done || remaining <= readers * pageSize * 2) return;
  const probe = await deps.gateway.search('contacts', {
    filterGroups:
      first.cursor === null
        ? []
        : [{ filters: [{ propertyName: 'hs_object_id', operator: 'GT', value: first.cursor }] }],
    sorts: [{ propertyName: 'hs_object_id', direction: 'DESCENDING' }],
    properties: ['hs_object_id'],
    limit: 1,
  });
  const highest = probe.results[0]?.id;
  if (!highest) return;
  const ranges = splitIdRange(first.cursor, highest, readers);
  if (ranges.length <= 1) return;
  first.hi = ranges[0]!.hi;
  for (const range of ranges.slice(1)) {
    st.partitions.push(
      restore({
        lo: range.lo,
        hi: range.hi,
        afterId: range.lo,
        processed: 0,
        changed: 0,
        done: false,
      }),
    );
  }
}

/** Reads one page of the partition and queues its changed contacts; false when aborted. */
async function readPage(deps: ReaderDeps, partition: Partition): Promise<boolean> {
  const { st, signal, wakeup } = deps;
  while (st.toWrite.length >= deps.maxQueued && !signal.aborted) await wakeup.wait();
  if (signal.aborted) return false;
  const filters: SearchFilter[] = [];
  if (partition.cursor !== null)
    filters.push({ propertyName: 'hs_object_id', operator: 'GT', value: partition.cursor });
  if (partition.hi !== null)
    filters.push({ propertyName: 'hs_object_id', operator: 'LTE', value: partition.hi });
  const page = await deps.gateway.search('contacts', {
    filterGroups: filters.length === 0 ? [] : [{ filters }],
    sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
    properties: deps.properties,
    limit: deps.pageSize,
  });
  // `total` counts the contacts of the range after the cursor, this page included.
  const remaining = Math.max(0, page.total - page.results.length);
  st.remainingBy.set(partition, remaining);
  // One scoring transition for every contact; those a promotion is due for go to the promoter
  // first, before the cursor passes them (a checkpoint never skips an unpromoted contact).
  const decisions = page.results.map((record) => ({ record, decision: deps.decide(record) }));
  const promoted = deps.promote
    ? decisions.filter(({ decision }) => decision.promotes).map(({ record }) => record)
    : [];
  if (promoted.length > 0) st.errors += (await deps.promote!(promoted)).refused;
  const promotedIds = new Set(promoted.map((record) => record.id));
  for (const { record, decision } of decisions) {
    if (promotedIds.has(record.id)) partition.changed += 1;
    else if (decision.writes) {
      const item: QueuedUpdate = {
        id: record.id,
        properties: decision.writes,
        partition,
        afterId: partition.cursor,
        processedBefore: partition.processed,
        changedBefore: partition.changed,
      };
      partition.pending.set(record.id, item);
      st.toWrite.push(item);
      partition.changed += 1;
    }
    partition.cursor = record.id;
    partition.processed += 1;
    st.readThisRun += 1;
  }
  if (page.results.length === 0 || remaining === 0 || !page.after) {
    partition.done = true;
    st.remainingBy.set(partition, 0);
  }
  wakeup.notify();
  // With nothing left to write in this range, its checkpoint moved with this page.
  if (partition.pending.size === 0) await deps.save();
  await deps.report();
  return true;
}

/** Reads every partition (splitting the first when the portal is big); marks the readers done. */
export async function runReaders(deps: ReaderDeps): Promise<void> {
  const { st, signal } = deps;
  try {
    st.partitions = plan(deps.base);
    const first = st.partitions[0];
    if (st.partitions.length === 1 && first && !first.done) {
      if (await readPage(deps, first)) await split(deps, first);
    }
    const open = st.partitions.filter((partition) => !partition.done);
    let next = 0;
    const reader = async () => {
      while (next < open.length && !signal.aborted) {
        const partition = open[next++]!;
        while (!partition.done) if (!(await readPage(deps, partition))) return;
      }
    };
    await Promise.all(Array.from({ length: Math.min(deps.readers, open.length) }, reader));
  } catch (error) {
    deps.fail(error);
  } finally {
    st.readersDone = true;
    deps.wakeup.notify();
  }
}
