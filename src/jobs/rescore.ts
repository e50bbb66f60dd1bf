// Rescoring every contact of a portal at the speed HubSpot's budgets allow, resumably.
//
// The job is a pipeline of two loops that run at the same time on two separate budgets:
//  - the READER pages through all contacts with CRM search (200 per page, the maximum), sorted by
//    `hs_object_id`, each page a fresh query for the ids after the last one read. No query ever
//    pages, so HubSpot's 10,000-results-per-query cap never applies, and each page's `total` says
//    how many contacts remain. Search has its own budget of 5 requests per second.
//    https://developers.hubspot.com/docs/api/crm/search
//  - the WRITER drains the queue of contacts whose score properties changed, in batch updates of
//    exactly 100 (HubSpot's batch maximum; only the last one is smaller), on the general budget of
//    110 requests per 10 s. https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines
// Both draw on the gateway's `bulk` lane, so cards, webhooks and workflow actions keep a share of
// each budget (src/hubspot/rate-limiter.ts).
//
// Checkpoint: the highest id up to which every contact is scored AND written, saved after each
// written batch (and after each page that left nothing to write). The writer has one batch in
// flight at a time and waits for its checkpoint to be stored before the next, so a crash at any
// moment rewrites at most that one batch on resume and skips nothing. (Writing several batches at
// once would rewrite that many after a crash; against HubSpot's ~90 ms per call budget one writer
// keeps up.)
import { createHash } from 'node:crypto';
import {
  changedScoreProperties,
  evaluate,
  propertiesReadBy,
  SCORE_PROPERTY_NAMES,
  type ScoringModel,
} from '../domain/scoring/index.ts';
import type { BatchResult, CrmGateway, SearchFilterGroup } from '../hubspot/gateway.ts';
import type { Job, Store } from '../store/store.ts';
import {
  estimateRate,
  getRescoreProgress,
  parseRescoreCheckpoint,
  RESCORE_JOB_KIND,
  RESCORE_STALE_AFTER_MS,
  type RescoreCheckpoint,
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
export const DEFAULT_MAX_QUEUED = 20 * RESCORE_BATCH_SIZE;

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
  /** Queue length at which the reader waits for the writer (default 2,000). */
  maxQueued?: number;
}

/** How a call to `runRescore` ended. */
export type RescoreOutcome =
  | { started: true; progress: RescoreProgress }
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

/** A changed contact waiting to be written, with the counts of everything read before it. */
interface QueuedUpdate {
  id: string;
  properties: Record<string, string>;
  /** The id read just before this contact (the checkpoint while this one is unwritten). */
  afterId: string | null;
  processedBefore: number;
  changedBefore: number;
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

async function runPipeline(
  options: RescoreOptions,
  job: { checkpoint: RescoreCheckpoint; progress: RescoreProgress; runStartedAt: number },
  controller: AbortController,
  pageSize: number,
): Promise<RescoreOutcome> {
  const { portalId, store, model } = options;
  const now = options.now ?? Date.now;
  const maxQueued = Math.max(RESCORE_BATCH_SIZE, options.maxQueued ?? DEFAULT_MAX_QUEUED);
  const scoringDate = options.scoringDate ?? new Date(job.runStartedAt);
  const gateway = options.gateway.withLane('bulk');
  const properties = [...new Set([...propertiesReadBy(model), ...SCORE_PROPERTY_NAMES])];
  const base = job.checkpoint;
  const onExternalAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onExternalAbort();
  options.signal?.addEventListener('abort', onExternalAbort, { once: true });

  const queue: QueuedUpdate[] = [];
  let readUpTo = base.afterId;
  let readThisRun = 0;
  let remaining: number | null = null;
  let changed = base.changed;
  let errors = base.errors;
  let readerDone = false;
  let failure: unknown;
  const wakeup = createWakeup();
  controller.signal.addEventListener('abort', () => wakeup.notify(), { once: true });

  const fail = (error: unknown) => {
    failure ??= error;
    controller.abort(error);
  };

  /** Everything up to the first unwritten contact is done (the writer drains the queue in order). */
  const checkpoint = (): RescoreCheckpoint => {
    const first = queue[0];
    return first
      ? {
          ...base,
          afterId: first.afterId,
          processed: first.processedBefore,
          changed: first.changedBefore,
          errors,
        }
      : { ...base, afterId: readUpTo, processed: base.processed + readThisRun, changed, errors };
  };

  const progress = (status: RescoreProgress['status']): RescoreProgress => {
    const processed = base.processed + readThisRun;
    const total = remaining === null ? processed : processed + remaining;
    const finished = status !== 'running';
    const estimate = estimateRate(readThisRun, now() - job.runStartedAt, total - processed);
    return {
      status,
      processed,
      total,
      changed,
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

  const readLoop = async () => {
    try {
      for (;;) {
        while (queue.length >= maxQueued && !controller.signal.aborted) await wakeup.wait();
        if (controller.signal.aborted) return;
        const filterGroups: SearchFilterGroup[] =
          readUpTo === null
            ? []
            : [{ filters: [{ propertyName: 'hs_object_id', operator: 'GT', value: readUpTo }] }];
        const page = await gateway.search('contacts', {
          filterGroups,
          sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
          properties,
          limit: pageSize,
        });
        // `total` counts the contacts after `readUpTo`, this page included.
        remaining = Math.max(0, page.total - page.results.length);
        for (const record of page.results) {
          const next = changedScoreProperties(
            record.properties,
            evaluate(record.properties, model, scoringDate),
          );
          if (next) {
            queue.push({
              id: record.id,
              properties: next,
              afterId: readUpTo,
              processedBefore: base.processed + readThisRun,
              changedBefore: changed,
            });
            changed += 1;
          }
          readUpTo = record.id;
          readThisRun += 1;
        }
        if (page.results.length === 0 || !page.after) remaining = 0;
        wakeup.notify();
        // With nothing left to write, the checkpoint moved with this page.
        if (queue.length === 0) await save();
        await report();
        if (page.results.length === 0 || !page.after) return;
      }
    } catch (error) {
      fail(error);
    } finally {
      readerDone = true;
      wakeup.notify();
    }
  };

  const writeLoop = async () => {
    try {
      for (;;) {
        if (controller.signal.aborted) return;
        if (queue.length >= RESCORE_BATCH_SIZE || (readerDone && queue.length > 0)) {
          const batch = queue.slice(0, RESCORE_BATCH_SIZE);
          const result = await gateway.batchUpdate(
            'contacts',
            batch.map((item) => ({ id: item.id, properties: item.properties })),
          );
          errors += countFailures(result, batch);
          queue.splice(0, batch.length);
          wakeup.notify();
          // The next batch waits until this one's checkpoint is stored: at most one batch is ever
          // written without its checkpoint.
          await save();
          await report();
        } else if (readerDone) {
          return;
        } else {
          await wakeup.wait();
        }
      }
    } catch (error) {
      fail(error);
    }
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
  return { started: true, progress: final };
}
