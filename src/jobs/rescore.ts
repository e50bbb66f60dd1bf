// Rescoring every contact of a portal at the speed HubSpot's budgets allow, resumably.
//
// The job is a pipeline of readers and writers that run at the same time on two separate budgets,
// so HubSpot's latency (search ≈ 0.4 s, a batch update of 100 ≈ 1 s) does not set the pace:
//  - READERS page through the contacts with CRM search (200 per page, the maximum), sorted by
//    `hs_object_id`, each page a fresh query for the ids after the last one read. No query ever
//    pages, so HubSpot's 10,000-results-per-query cap never applies, and each page's `total` says
//    how many contacts remain. After the first page, a portal big enough to keep several readers
//    busy is split into `readers` (default 4) `hs_object_id` ranges: one search sorted descending
//    finds the highest id, each range is paged by its own reader (the last one is unbounded, so
//    contacts created meanwhile are read too). Search has its own budget of 5 requests per second.
//    https://developers.hubspot.com/docs/api/crm/search
//  - the WRITER drains the queue of contacts whose score properties changed, in batch updates of
//    exactly 100 (HubSpot's batch maximum; only the last one is smaller), on the general budget of
//    110 requests per 10 s, with several batches in flight: the budget's rate × the measured
//    latency of a batch call × 1.5, plus one, at most `maxWritesInFlight` (default 32: a batch slow in HubSpot's tail holds the
//    window, so it needs room).
//    https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines
// Both draw on the gateway's `bulk` lane, so cards, webhooks and workflow actions keep a share of
// each budget (src/hubspot/rate-limiter.ts).
//
// Checkpoint: per range, the highest id up to which every contact is scored AND written, and over
// all ranges `afterId`, the highest id below which every batch is written. It is saved after each
// written batch (and after each page that left nothing to write in its range). A batch counts as in
// flight from its dispatch until a checkpoint including it is stored, and no batch is dispatched
// while `maxWritesInFlight` were dispatched since the oldest one still in flight, so a crash at any
// moment leaves at most `maxWritesInFlight` batches (1,600 contacts by default) written beyond the
// stored checkpoint. A resumed run reads those again; it rewrites one only if search still shows the
// old score (HubSpot's search lags writes by seconds), and skips nothing.
import { createHash } from 'node:crypto';
import {
  changedScoreProperties,
  evaluate,
  propertiesReadBy,
  SCORE_PROPERTY_NAMES,
  type ScoringModel,
} from '../domain/scoring/index.ts';
import type { BatchResult, CrmGateway, SearchFilter } from '../hubspot/gateway.ts';
import type { Job, Store } from '../store/store.ts';
import {
  estimateRate,
  getRescoreProgress,
  parseRescoreCheckpoint,
  RESCORE_JOB_KIND,
  RESCORE_STALE_AFTER_MS,
  type RescoreCheckpoint,
  type RescorePartitionCheckpoint,
  type RescoreProgress,
} from './rescore-progress.ts';

export * from './rescore-progress.ts';

/** HubSpot's batch endpoints take at most 100 inputs. https://developers.hubspot.com/docs/api/crm/understanding-the-crm */
export const RESCORE_BATCH_SIZE = 100;
/** Search pages hold at most 200 records. https://developers.hubspot.com/docs/api/crm/search */
export const MAX_SEARCH_PAGE_SIZE = 200;
/** A `running` job older than this is taken over (RESCORE_STALE_AFTER_MS: 20 s, four heartbeats). */
export const DEFAULT_STALE_AFTER_MS = RESCORE_STALE_AFTER_MS;
/** How often a running job beats (saves its state, refreshing `updatedAt`), in ms. */
export const RESCORE_HEARTBEAT_MS = 5_000;
/** The reader waits while this many changed contacts are queued (memory stays bounded). */
export const DEFAULT_MAX_QUEUED = 50 * RESCORE_BATCH_SIZE;

/** Readers paging through `hs_object_id` ranges at once: search's 5 per second at ~0.5 s a page
 * (the latency model's mean) needs ≥ 3; one more absorbs slow pages. */
export const DEFAULT_READERS = 4;
/** The most batch updates in flight beyond the stored checkpoint (a crash rewrites ≤ this many). */
export const DEFAULT_MAX_WRITES_IN_FLIGHT = 32;
/** Batch updates in flight before a latency is measured. */
export const INITIAL_WRITES_IN_FLIGHT = 4;
/** The general budget's rate the writer sizes its pipeline for: 110 per 10 s. */
export const DEFAULT_WRITES_PER_SECOND = 11;

/** What the rescore needs from the store. */
export type RescoreStore = Pick<Store, 'getJob' | 'startJob' | 'saveJob' | 'takeOverJob'>;

/** Options of one rescore. */
export interface RescoreOptions {
  portalId: number;
  /** The portal's gateway; the job derives its `bulk` lane. */
  gateway: CrmGateway;
  store: RescoreStore;
  model: ScoringModel;
  /** Clock for progress and staleness, epoch ms (default Date.now). */
  now?: () => number;
  /** The instant every contact is scored as of (decay); default: when this run starts. */
  scoringDate?: Date;
  /** Aborting cancels the job: the batch in flight finishes, its checkpoint is kept. */
  signal?: AbortSignal;
  /** Called after every page and batch and at the end; a throw fails the job (checkpoint kept). */
  onProgress?: (progress: RescoreProgress) => void | Promise<void>;
  /** Contacts per search page, 1–200 (default 200). */
  pageSize?: number;
  /** A stored `running` job older than this is taken over (default 60 s). */
  staleAfterMs?: number;
  /** Ignore a previous run's checkpoint and start from the first contact. */
  restart?: boolean;
  /** Queue length at which the readers wait for the writer (default 5,000). */
  maxQueued?: number;
  /** Readers over `hs_object_id` ranges (default 4; 1 reads in one sequence, no probe search). */
  readers?: number;
  /** Cap on batch updates in flight (default 32). */
  maxWritesInFlight?: number;
  /** The write budget's rate, per second, the pipeline is sized for (default 11). */
  writesPerSecond?: number;
}

/** How a call to `runRescore` ended. */
export type RescoreOutcome =
  /** `maxWritesInFlight`: the most batches written at once beyond the stored checkpoint (a crash
   * rewrites at most that many). */
  | { started: true; progress: RescoreProgress; maxWritesInFlight?: number }
  /** Another rescore of the portal is running (here or in another process): its progress. */
  | { started: false; progress: RescoreProgress | null };

/** A rescore that was admitted and can now run; see `startRescore`. */
export interface StartedRescore {
  started: true;
  /** The progress as the job begins. */
  progress: RescoreProgress;
  /** Settles when the job completed, failed or was cancelled. */
  done: Promise<RescoreOutcome>;
}

// One AbortController per portal whose rescore runs in this process.
const runningHere = new Map<number, AbortController>();

/** Cancels the portal's rescore running in this process; false when none runs here. */
export function cancelRescore(portalId: number): boolean {
  const controller = runningHere.get(portalId);
  if (!controller) return false;
  controller.abort(new Error('rescore cancelled'));
  return true;
}

/** True while a rescore of the portal runs in this process. */
export function isRescoreRunning(portalId: number): boolean {
  return runningHere.has(portalId);
}

/** A short fingerprint of a scoring model, so a checkpoint is only resumed with the same model. */
export function fingerprintModel(model: ScoringModel): string {
  return createHash('sha256').update(JSON.stringify(model)).digest('hex').slice(0, 16);
}

/** Rescores every contact of the portal; resolves when the job ends (or at once if one runs). */
export async function runRescore(options: RescoreOptions): Promise<RescoreOutcome> {
  const admitted = await startRescore(options);
  return admitted.started ? admitted.done : admitted;
}

/** Starts the rescore in the background; answers the running job's progress when one runs. */
export async function startRescore(
  options: RescoreOptions,
): Promise<StartedRescore | { started: false; progress: RescoreProgress | null }> {
  const { portalId, store } = options;
  const pageSize = options.pageSize ?? MAX_SEARCH_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_SEARCH_PAGE_SIZE) {
    throw new RangeError(`pageSize must be an integer from 1 to 200, got ${pageSize}`);
  }
  // Reserve the portal synchronously, so two calls in this process cannot both start.
  if (runningHere.has(portalId)) {
    return { started: false, progress: await getRescoreProgress(store, portalId) };
  }
  const controller = new AbortController();
  runningHere.set(portalId, controller);
  const release = () => {
    if (runningHere.get(portalId) === controller) runningHere.delete(portalId);
  };
  try {
    const job = await admit(options);
    if (!job) {
      release();
      return { started: false, progress: await getRescoreProgress(store, portalId) };
    }
    const done = runPipeline(options, job, controller, pageSize).finally(release);
    return { started: true, progress: job.progress, done };
  } catch (error) {
    release();
    throw error;
  }
}

/** The stored job this run continues (its checkpoint), or null when another process runs one. */
async function admit(options: RescoreOptions): Promise<{
  checkpoint: RescoreCheckpoint;
  progress: RescoreProgress;
  runStartedAt: number;
} | null> {
  const { portalId, store, model } = options;
  const now = options.now ?? Date.now;
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const modelPrint = fingerprintModel(model);
  const previous = await store.getJob(portalId, RESCORE_JOB_KIND);
  const startedAt = now();
  const fresh: RescoreCheckpoint = {
    afterId: null,
    processed: 0,
    changed: 0,
    errors: 0,
    startedAt,
    model: modelPrint,
  };
  const resumable = (job: Job | null): RescoreCheckpoint | null => {
    if (!job || job.status === 'completed' || options.restart) return null;
    const checkpoint = parseRescoreCheckpoint(job.checkpoint);
    return checkpoint && checkpoint.model === modelPrint ? checkpoint : null;
  };
  const checkpoint = resumable(previous) ?? fresh;
  const progress: RescoreProgress = {
    status: 'running',
    processed: checkpoint.processed,
    total: checkpoint.processed,
    changed: checkpoint.changed,
    errors: checkpoint.errors,
    ratePerSecond: 0,
    etaSeconds: null,
    startedAt: checkpoint.startedAt,
    finishedAt: null,
    error: null,
  };

  if (previous?.status === 'running') {
    // A running row whose heartbeat stopped belongs to a process that died (a crash, kill -9):
    // take it over and resume from its checkpoint — atomically, so of two processes one does. A
    // fresh one is alive elsewhere.
    if (startedAt - previous.updatedAt < staleAfterMs) return null;
    const state = { status: 'running' as const, checkpoint, progress };
    const taken = await store.takeOverJob(
      portalId,
      RESCORE_JOB_KIND,
      startedAt - staleAfterMs + 1,
      state,
    );
    if (!taken) return null;
  } else {
    const result = await store.startJob(portalId, RESCORE_JOB_KIND, { checkpoint, progress });
    if (!result.ok) return null;
  }
  return { checkpoint, progress, runStartedAt: startedAt };
}

/** Wakes the loops waiting for the other loop to make progress. */
function createWakeup() {
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
function createCoalescingSaver(save: () => Promise<void>) {
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
function countFailures(result: BatchResult, batch: readonly QueuedUpdate[]): number {
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

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A changed contact waiting to be written, with the counts of its partition read before it. */
interface QueuedUpdate {
  id: string;
  properties: Record<string, string>;
  partition: Partition;
  /** The partition's cursor just before this contact (its checkpoint while this one is unwritten). */
  afterId: string | null;
  processedBefore: number;
  changedBefore: number;
}

/** One `hs_object_id` range, read in order by one reader at a time. */
interface Partition {
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
function partitionCheckpoint(partition: Partition): RescorePartitionCheckpoint {
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

async function runPipeline(
  options: RescoreOptions,
  job: { checkpoint: RescoreCheckpoint; progress: RescoreProgress; runStartedAt: number },
  controller: AbortController,
  pageSize: number,
): Promise<RescoreOutcome> {
  const { portalId, store, model } = options;
  const now = options.now ?? Date.now;
  const maxQueued = Math.max(RESCORE_BATCH_SIZE, options.maxQueued ?? DEFAULT_MAX_QUEUED);
  const readers = options.readers ?? DEFAULT_READERS;
  const maxInFlight = options.maxWritesInFlight ?? DEFAULT_MAX_WRITES_IN_FLIGHT;
  const writesPerSecond = options.writesPerSecond ?? DEFAULT_WRITES_PER_SECOND;
  const scoringDate = options.scoringDate ?? new Date(job.runStartedAt);
  const gateway = options.gateway.withLane('bulk');
  const properties = [...new Set([...propertiesReadBy(model), ...SCORE_PROPERTY_NAMES])];
  const base = job.checkpoint;
  const onExternalAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onExternalAbort();
  options.signal?.addEventListener('abort', onExternalAbort, { once: true });

  let partitions: Partition[] = [];
  const toWrite: QueuedUpdate[] = [];
  let readThisRun = 0;
  let errors = base.errors;
  let readersDone = false;
  let failure: unknown;
  // Contacts after each partition's cursor, as its last page's `total` said (for progress).
  const remainingBy = new Map<Partition, number>();
  const wakeup = createWakeup();
  controller.signal.addEventListener('abort', () => wakeup.notify(), { once: true });

  const fail = (error: unknown) => {
    failure ??= error;
    controller.abort(error);
  };

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
  const checkpoint = (): RescoreCheckpoint => {
    if (partitions.length === 0) return { ...base, errors };
    const states = partitions.map(partitionCheckpoint);
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
      errors,
      partitions: states,
    };
  };

  const processedNow = () =>
    partitions.length === 0 ? base.processed : partitions.reduce((sum, p) => sum + p.processed, 0);
  const changedNow = () =>
    partitions.length === 0 ? base.changed : partitions.reduce((sum, p) => sum + p.changed, 0);
  const progress = (status: RescoreProgress['status']): RescoreProgress => {
    const processed = processedNow();
    const remaining = [...remainingBy.values()].reduce((sum, value) => sum + value, 0);
    const total = processed + remaining;
    const finished = status !== 'running';
    const estimate = estimateRate(readThisRun, now() - job.runStartedAt, total - processed);
    return {
      status,
      processed,
      total,
      changed: changedNow(),
      errors,
      ratePerSecond: estimate.ratePerSecond,
      etaSeconds: finished ? 0 : estimate.etaSeconds,
      startedAt: base.startedAt,
      finishedAt: finished ? now() : null,
      error: status === 'failed' ? describe(failure) : null,
    };
  };

  const save = createCoalescingSaver(async () => {
    await store.saveJob(portalId, RESCORE_JOB_KIND, {
      status: 'running',
      checkpoint: checkpoint(),
      progress: progress('running'),
    });
  });

  const report = async () => {
    await options.onProgress?.(progress('running'));
  };

  /** The partitions this run reads: the stored ones, or one range after the checkpoint. */
  const plan = (): Partition[] =>
    base.partitions && base.partitions.length > 0
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

  /**
   * After the first page of an unsplit run: when enough remains to keep several readers busy, one
   * search (sorted descending, one result) finds the highest id, and the rest of the range is split
   * into `readers` ranges paged at the same time. Small portals pay no extra call.
   */
  const split = async (first: Partition): Promise<void> => {
    const remaining = remainingBy.get(first) ?? 0;
    if (readers <= 1 || first.done || remaining <= readers * pageSize * 2) return;
    const probe = await gateway.search('contacts', {
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
      partitions.push(
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
  };

  const queuedCount = () => toWrite.length;

  /** Reads one page of the partition and queues its changed contacts; false when aborted. */
  const readPage = async (partition: Partition): Promise<boolean> => {
    while (queuedCount() >= maxQueued && !controller.signal.aborted) await wakeup.wait();
    if (controller.signal.aborted) return false;
    const filters: SearchFilter[] = [];
    if (partition.cursor !== null)
      filters.push({ propertyName: 'hs_object_id', operator: 'GT', value: partition.cursor });
    if (partition.hi !== null)
      filters.push({ propertyName: 'hs_object_id', operator: 'LTE', value: partition.hi });
    const page = await gateway.search('contacts', {
      filterGroups: filters.length === 0 ? [] : [{ filters }],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties,
      limit: pageSize,
    });
    // `total` counts the contacts of the range after the cursor, this page included.
    const remaining = Math.max(0, page.total - page.results.length);
    remainingBy.set(partition, remaining);
    for (const record of page.results) {
      const next = changedScoreProperties(
        record.properties,
        evaluate(record.properties, model, scoringDate),
      );
      if (next) {
        const item: QueuedUpdate = {
          id: record.id,
          properties: next,
          partition,
          afterId: partition.cursor,
          processedBefore: partition.processed,
          changedBefore: partition.changed,
        };
        partition.pending.set(record.id, item);
        toWrite.push(item);
        partition.changed += 1;
      }
      partition.cursor = record.id;
      partition.processed += 1;
      readThisRun += 1;
    }
    if (page.results.length === 0 || remaining === 0 || !page.after) {
      partition.done = true;
      remainingBy.set(partition, 0);
    }
    wakeup.notify();
    // With nothing left to write in this range, its checkpoint moved with this page.
    if (partition.pending.size === 0) await save();
    await report();
    return true;
  };

  const readLoop = async () => {
    try {
      partitions = plan();
      if (partitions.length === 1 && !partitions[0]!.done) {
        if (await readPage(partitions[0]!)) await split(partitions[0]!);
      }
      const open = partitions.filter((partition) => !partition.done);
      let next = 0;
      const reader = async () => {
        while (next < open.length && !controller.signal.aborted) {
          const partition = open[next++]!;
          while (!partition.done) if (!(await readPage(partition))) return;
        }
      };
      await Promise.all(Array.from({ length: Math.min(readers, open.length) }, reader));
    } catch (error) {
      fail(error);
    } finally {
      readersDone = true;
      wakeup.notify();
    }
  };

  // The writer keeps several batch updates in flight: as many as the budget's rate times the
  // measured latency of a batch call (Little's law) with headroom, at most `maxInFlight`. A batch
  // counts as in flight from its dispatch until its checkpoint is stored, and a new batch is only
  // dispatched while fewer than that many were dispatched since the oldest one still in flight — so
  // at any crash at most `maxInFlight` batches are written beyond the stored checkpoint.
  let latencyMs: number | null = null;
  let target = Math.min(maxInFlight, INITIAL_WRITES_IN_FLIGHT);
  let maxSeen = 0;
  let dispatched = 0;
  const unsaved = new Set<number>();
  const running = new Set<Promise<void>>();
  const windowUsed = () => {
    let oldest = dispatched;
    for (const seq of unsaved) if (seq < oldest) oldest = seq;
    return dispatched - oldest;
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
      errors += countFailures(result, batch);
      for (const item of batch) item.partition.pending.delete(item.id);
      wakeup.notify();
      await save();
      unsaved.delete(seq);
      wakeup.notify();
      await report();
    } catch (error) {
      fail(error);
    }
  };

  const writeLoop = async () => {
    for (;;) {
      if (controller.signal.aborted) break;
      const ready = toWrite.length >= RESCORE_BATCH_SIZE || (readersDone && toWrite.length > 0);
      if (ready && windowUsed() < target) {
        const batch = toWrite.splice(0, RESCORE_BATCH_SIZE);
        const seq = dispatched++;
        unsaved.add(seq);
        maxSeen = Math.max(maxSeen, windowUsed());
        const promise = writeBatch(seq, batch).finally(() => {
          running.delete(promise);
          wakeup.notify();
        });
        running.add(promise);
        wakeup.notify();
      } else if (readersDone && toWrite.length === 0 && running.size === 0) {
        break;
      } else {
        await wakeup.wait();
      }
    }
    await Promise.all([...running]);
  };

  // The heartbeat: a live job refreshes its row even while it waits (for the budget, say), so
  // only a dead one goes stale.
  const heartbeat = setInterval(() => {
    save().catch((error: unknown) => fail(error));
  }, RESCORE_HEARTBEAT_MS);
  heartbeat.unref();
  try {
    await Promise.all([readLoop(), writeLoop()]);
  } finally {
    clearInterval(heartbeat);
    options.signal?.removeEventListener('abort', onExternalAbort);
  }
  const status =
    failure !== undefined ? 'failed' : controller.signal.aborted ? 'cancelled' : 'completed';
  const final = progress(status);
  // A store that fails here (the crash case) rejects the run; the stored checkpoint is the last one.
  await store.saveJob(portalId, RESCORE_JOB_KIND, {
    status,
    checkpoint: checkpoint(),
    progress: final,
  });
  if (status !== 'failed') await options.onProgress?.(final);
  return { started: true, progress: final, maxWritesInFlight: maxSeen };
}
