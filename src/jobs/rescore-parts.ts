// The parts of the bulk rescore's pipeline (src/jobs/rescore.ts) that do not need its closure:
// the wake-up between readers and writer, the coalescing checkpoint saver, the id-range partitions
// and their checkpoints, and the writer that keeps several batch updates in flight.
import type { BatchResult, CrmGateway } from '../hubspot/gateway.ts';
import type { RescorePartitionCheckpoint } from './rescore-progress.ts';

/** HubSpot's batch endpoints take at most 100 inputs. https://developers.hubspot.com/docs/api/crm/understanding-the-crm */
export const RESCORE_BATCH_SIZE = 100;
/** Batch updates in flight before a latency is measured. */
export const INITIAL_WRITES_IN_FLIGHT = 4;

/** Wakes the loops waiting for the other loop to make progress. */
export function createWakeup() {
  let waiters: (() => void)[] = [];
  return {
    wait: () => new Promise<void>((resolve) => waiters.push(resolve)),
    notify() {
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
    },
  };
}

/** Runs `save` again after the current save if asked meanwhile; every caller awaits a save that
 * began after its call, so it sees its own state stored. */
export function createCoalescingSaver(save: () => Promise<void>) {
  let current: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const begin = (): Promise<void> => {
    const started = save().finally(() => {
      if (current === started) current = null;
    });
    current = started;
    return started;
  };
  return (): Promise<void> => {
    if (!current) return begin();
    if (!next) {
      next = current
        .catch(() => undefined)
        .then(() => {
          next = null;
          return begin();
        });
    }
    return next;
  };
}

/** How many of a batch's contacts HubSpot refused. */
export function countFailures(result: BatchResult, batch: readonly QueuedUpdate[]): number {
  const inBatch = new Set(batch.map((item) => item.id));
  const failed = new Set<string>();
  let unnamed = 0;
  for (const error of result.errors) {
    const named = error.ids.filter((id) => inBatch.has(id));
    if (named.length === 0) unnamed += 1;
    for (const id of named) failed.add(id);
  }
  return Math.min(batch.length, failed.size + unnamed);
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A changed contact waiting to be written, with the counts of its partition read before it. */
export interface QueuedUpdate {
  id: string;
  properties: Record<string, string>;
  partition: Partition;
  /** The partition's cursor just before this contact (its checkpoint while this one is unwritten). */
  afterId: string | null;
  processedBefore: number;
  changedBefore: number;
}

/** One `hs_object_id` range, read in order by one reader at a time. */
export interface Partition {
  /** Exclusive lower bound (null: from the first contact). */
  lo: string | null;
  /** Inclusive upper bound (null: unbounded, so contacts created during the run are read too). */
  hi: string | null;
  /** The last id read; the next page starts after it. */
  cursor: string | null;
  /** Contacts of this range read (including those of resumed runs) and how many changed. */
  processed: number;
  changed: number;
  done: boolean;
  /** Changed contacts read but not yet written, in id order (a Map keeps insertion order). */
  pending: Map<string, QueuedUpdate>;
}

/** A partition's stored state: everything in (lo, afterId] is done. */
export function partitionCheckpoint(partition: Partition): RescorePartitionCheckpoint {
  const first = partition.pending.values().next().value;
  return first
    ? {
        lo: partition.lo,
        hi: partition.hi,
        afterId: first.afterId,
        processed: first.processedBefore,
        changed: first.changedBefore,
        done: false,
      }
    : {
        lo: partition.lo,
        hi: partition.hi,
        afterId: partition.cursor,
        processed: partition.processed,
        changed: partition.changed,
        done: partition.done,
      };
}

/** Splits (0, maxId] into `count` equal id ranges; the last one is unbounded. */
export function splitIdRange(
  lo: string | null,
  maxId: string,
  count: number,
): { lo: string | null; hi: string | null }[] {
  const from = lo === null ? 0n : BigInt(lo);
  const to = BigInt(maxId);
  if (count <= 1 || to - from < BigInt(count)) return [{ lo, hi: null }];
  const ranges: { lo: string | null; hi: string | null }[] = [];
  let previous: string | null = lo;
  for (let index = 1; index <= count; index += 1) {
    const hi =
      index === count ? null : String(from + ((to - from) * BigInt(index)) / BigInt(count));
    ranges.push({ lo: previous, hi });
    previous = hi;
  }
  return ranges;
}

/** A wake-up the pipeline's loops wait on. */
export type Wakeup = ReturnType<typeof createWakeup>;

/** The batch size for the contacts read within the last batch latency of the run. */
export const TAIL_BATCH_SIZE = 50;
/** The smallest batch the writer splits the end of the queue into. */
export const MIN_TAIL_BATCH_SIZE = 20;

/**
 * The batch size once every contact is read: the queue spread over the writes that may still go
 * in flight (up to the crash bound), at least MIN_TAIL_BATCH_SIZE, at most 100. A batch
 * update's latency grows with its inputs (HubSpot's tail for 100 is seconds), and nothing after
 * the last batches can overlap their latency, so the run ends sooner on several small batches
 * than on one of 100, for a few calls more.
 */
export function tailBatchSize(queued: number, freeSlots: number): number {
  const spread = Math.ceil(queued / Math.max(1, freeSlots));
  return Math.min(RESCORE_BATCH_SIZE, Math.max(MIN_TAIL_BATCH_SIZE, spread));
}

/** What the writer needs from the pipeline. */
export interface WriterDeps {
  gateway: CrmGateway;
  signal: AbortSignal;
  /** The queue of changed contacts; the writer takes batches from its front. */
  toWrite: QueuedUpdate[];
  readersDone: () => boolean;
  /** True once every contact is read (the queue grows no more; the readers may still be saving). */
  readingDone: () => boolean;
  /** Seconds until every contact is read, as the readers' pace so far says. */
  readSecondsLeft: () => number;
  wakeup: Wakeup;
  now: () => number;
  maxInFlight: number;
  writesPerSecond: number;
  fail: (error: unknown) => void;
  /** After a batch's answer: count its failures and store the checkpoint including it. */
  onWritten: (batch: QueuedUpdate[], failures: number) => Promise<void>;
  report: () => Promise<void>;
}

/**
 * Drains the queue in batch updates of 100 until the readers are done and the queue is empty;
 * resolves with the most batches that were in flight beyond the stored checkpoint at once.
 */
export async function runWriter(deps: WriterDeps): Promise<{ maxSeen: number }> {
  const { gateway, toWrite, wakeup, now, maxInFlight, writesPerSecond } = deps;
  // The writer keeps several batch updates in flight: as many as the budget's rate times the
  // measured latency of a batch call (Little's law) with headroom, at most `maxInFlight`. A batch
  // counts as beyond the stored checkpoint from its dispatch until its checkpoint is stored and,
  // after that, while an earlier batch holding contacts of one of its ranges is not: each range's
  // checkpoint stops before its oldest unwritten contact. A batch is only dispatched while fewer
  // than that many are beyond it, so at any crash at most `maxInFlight` batches are written beyond
  // the stored checkpoint. (Counted per range, one batch slow in HubSpot's tail holds back only its
  // own ranges, not every batch dispatched after it.)
  let latencyMs: number | null = null;
  let target = Math.min(maxInFlight, INITIAL_WRITES_IN_FLIGHT);
  let maxSeen = 0;
  let dispatched = 0;
  const unsaved = new Set<number>();
  let beyond: { seq: number; partitions: Set<Partition> }[] = [];
  const running = new Set<Promise<void>>();
  const windowUsed = () => {
    const oldestUnsaved = new Map<Partition, number>();
    for (const batch of beyond)
      if (unsaved.has(batch.seq))
        for (const partition of batch.partitions)
          if (!oldestUnsaved.has(partition)) oldestUnsaved.set(partition, batch.seq);
    // A batch no longer beyond stays so: every batch dispatched later has a higher seq.
    beyond = beyond.filter(
      (batch) =>
        unsaved.has(batch.seq) ||
        [...batch.partitions].some(
          (partition) => (oldestUnsaved.get(partition) ?? Infinity) < batch.seq,
        ),
    );
    return beyond.length;
  };

  const writeBatch = async (seq: number, batch: QueuedUpdate[]) => {
    const started = now();
    try {
      const result = await gateway.batchUpdate(
        'contacts',
        batch.map((item) => ({ id: item.id, properties: item.properties })),
      );
      const took = now() - started;
      latencyMs = latencyMs === null ? took : latencyMs * 0.8 + took * 0.2;
      target = Math.max(
        1,
        Math.min(maxInFlight, Math.ceil((writesPerSecond * latencyMs * 1.5) / 1000) + 1),
      );
      await deps.onWritten(batch, countFailures(result, batch));
      unsaved.delete(seq);
      wakeup.notify();
      await deps.report();
    } catch (error) {
      deps.fail(error);
    }
  };

  const loop = async () => {
    for (;;) {
      if (deps.signal.aborted) break;
      const done = deps.readersDone() || deps.readingDone();
      // What one batch latency of writes holds at the budget's rate: where HubSpot's latency
      // matters (a batch in flight or more), the contacts read in the last batch latency go in
      // batches of 50 and, once all is read, the rest spread out (tailBatchSize), so the run does
      // not end waiting for one slow batch of 100. (The measured latency includes any wait for
      // the budget: a writer held by the budget sees it too.)
      const latencyHolds =
        latencyMs === null ? 0 : ((writesPerSecond * latencyMs) / 1000) * RESCORE_BATCH_SIZE;
      const tail = latencyHolds >= RESCORE_BATCH_SIZE;
      const size =
        tail && done
          ? tailBatchSize(toWrite.length, maxInFlight - windowUsed())
          : tail && latencyMs !== null && deps.readSecondsLeft() * 1000 <= latencyMs
            ? TAIL_BATCH_SIZE
            : RESCORE_BATCH_SIZE;
      const ready = toWrite.length >= size || (done && toWrite.length > 0);
      // (the end of the queue may use the whole crash bound: its small batches hold few contacts)
      if (ready && windowUsed() < (tail && done ? maxInFlight : target)) {
        const batch = toWrite.splice(0, size);
        const seq = dispatched++;
        unsaved.add(seq);
        beyond.push({ seq, partitions: new Set(batch.map((item) => item.partition)) });
        maxSeen = Math.max(maxSeen, windowUsed());
        const promise = writeBatch(seq, batch).finally(() => {
          running.delete(promise);
          wakeup.notify();
        });
        running.add(promise);
        wakeup.notify();
      } else if (deps.readersDone() && toWrite.length === 0 && running.size === 0) {
        break;
      } else {
        await wakeup.wait();
      }
    }
    await Promise.all([...running]);
  };
  await loop();
  return { maxSeen };
}
