// Rescoring every contact of a portal at the speed HubSpot's budgets allow, resumably.
//
// The job is a pipeline of readers and writers that run at the same time on two separate budgets,
// so HubSpot's latency (search ≈ 0.4 s, a batch update of 100 ≈ 1 s) does not set the pace:
//  - READERS page through the contacts with CRM search (200 per page, the maximum), sorted by
//    `hs_object_id`, each page a fresh query for the ids after the last one read. No query ever
//    pages, so HubSpot's 10,000-results-per-query cap never applies, and each page's `total` says
//    how many contacts remain. With the first page goes the PROBE, one search sorted descending:
//    the top page of 200, the highest ids. On a portal of two pages or more it is read as a range
//    of its own (contacts created after it are scored when created, not by this run), and a
//    portal big enough to keep several readers busy is split below it into `readers` (default 6)
//    `hs_object_id` ranges, each paged by its own reader. A reader whose range is done takes half of the
//    range with the most contacts left, so the run does not end with one reader paging alone.
//    A range with less than a page left (its last page's `total` says so) while a range above it
//    is being read is PARKED: its rest rides along with that range's next page as a second filter
//    group (ascending by id, so the parked contacts come first, every one of them), instead of
//    costing a partial page of its own (only while that range has a page after the one it may be
//    searching now and that page is not slow: a parked range never waits for a reader's last page).
//    So a run reads about ceil(contacts / 200) pages, the probe among them, not one partial page
//    more per range. Search has its own budget of 5 requests per second: 100 pages fill 20 of its
//    windows, 101 would take a 21st. A page not answered `hedgeSearchAfterMs` (0.7 s) after the
//    budget granted it is SLOW: a reader with nothing left of its own reads the contacts behind it
//    as a range of its own (src/jobs/rescore-ranges.ts), and once every page is asked, a slow page
//    is asked again from a free search slot and the first answer is taken
//    (src/jobs/hedged-request.ts): one search in HubSpot's tail would otherwise set the end of the
//    run.
//    https://developers.hubspot.com/docs/api/crm/search
//  - the WRITER drains the queue of contacts whose score properties changed, in batch updates of
//    100 (HubSpot's batch maximum), on the general budget of 110 requests per 10 s, with several
//    batches in flight: the budget's rate × the measured latency of a batch call × 1.5, plus one,
//    at most `maxWritesInFlight` (default 32). Where HubSpot's latency holds a batch or more in
//    flight, the end goes in smaller batches: 50 for the contacts read within the last batch
//    latency, and once every contact is read the rest spread over the free slots (at least 20 each). A batch
//    update's latency grows with its inputs, and nothing can overlap the last batches' latency.
//    https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines
// Both draw on the gateway's `bulk` lane, so cards, webhooks and workflow actions keep a share of
// each budget (src/hubspot/rate-limiter.ts).
//
// Checkpoint: per range, the highest id up to which every contact is scored AND written, and over
// all ranges `afterId`, the highest id below which every batch is written. It is saved after each
// written batch (and after each page that left nothing to write in its range). A batch counts as
// beyond the stored checkpoint from its dispatch until a checkpoint including it is stored, and
// after that while an earlier batch holding contacts of one of its ranges is not (a range's
// checkpoint stops before its oldest unwritten contact). No batch is dispatched while
// `maxWritesInFlight` are beyond it, so a crash at any moment leaves at most `maxWritesInFlight`
// batches (1,600 contacts by default) written beyond the stored checkpoint; counted per range, a
// batch slow in HubSpot's tail holds back only its own ranges. A resumed run reads those again; it
// rewrites one only if search still shows the old score (HubSpot's search lags writes by seconds),
// and skips nothing.
import { createHash } from 'node:crypto';
import { setTimeout as wait } from 'node:timers/promises';
import {
  DEFAULT_LIFECYCLE_POLICY,
  scoreContact,
  scoringReadProperties,
  type LifecyclePolicy,
} from '../domain/lifecycle/index.ts';
import type { ScoringModel } from '../domain/scoring/index.ts';
import type { CrmGateway, CrmRecord } from '../hubspot/gateway.ts';
import type { Job, Store } from '../store/store.ts';
import {
  getRescoreProgress,
  parseRescoreCheckpoint,
  RESCORE_JOB_KIND,
  RESCORE_STALE_AFTER_MS,
  type RescoreCheckpoint,
  type RescoreProgress,
} from './rescore-progress.ts';

import {
  createCoalescingSaver,
  createWakeup,
  RESCORE_BATCH_SIZE,
  runWriter,
} from './rescore-parts.ts';
import {
  pipelineReadSecondsLeft,
  pipelineCheckpoint,
  pipelineProgress,
  runReaders,
  type PipelineState,
} from './rescore-readers.ts';

export * from './rescore-progress.ts';
export { INITIAL_WRITES_IN_FLIGHT, RESCORE_BATCH_SIZE, splitIdRange } from './rescore-parts.ts';
/** Search pages hold at most 200 records. https://developers.hubspot.com/docs/api/crm/search */
export const MAX_SEARCH_PAGE_SIZE = 200;
/** A `running` job older than this is taken over (RESCORE_STALE_AFTER_MS: 20 s, four heartbeats). */
export const DEFAULT_STALE_AFTER_MS = RESCORE_STALE_AFTER_MS;
/** How often a running job beats (saves its state, refreshing `updatedAt`), in ms. */
export const RESCORE_HEARTBEAT_MS = 5_000;
/** The reader waits while this many changed contacts are queued (memory stays bounded). */
export const DEFAULT_MAX_QUEUED = 50 * RESCORE_BATCH_SIZE;

/** Readers paging through `hs_object_id` ranges at once: search's 5 per second at ~0.5 s a page
 * (the latency model's mean) needs ≥ 3 on average; a page in HubSpot's tail (p95 1.1 s, or a 429
 * retried after a second) holds its reader, so twice that keeps the search budget busy. */
export const DEFAULT_READERS = 6;
/** The most batch updates in flight beyond the stored checkpoint (a crash rewrites ≤ this many). */
export const DEFAULT_MAX_WRITES_IN_FLIGHT = 32;
/** A search page not answered this long after its grant is slow: the contacts behind it are read
 * by an idle reader, and a slow last page is asked a second time from a free search slot (the
 * latency model's search: median 0.4 s, p95 1.1 s; about one page in six takes longer than this,
 * and 0.7 s measured better in the bench than 1 s: three runs each of 20,000 × 100 % at latency,
 * 1.127-1.155 × the bound against 1.149-1.170 ×). */
export const DEFAULT_HEDGE_SEARCH_AFTER_MS = 700;
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
  /** The lifecycle policy (MQL promotion); default HubSpot's standard set-up. */
  policy?: LifecyclePolicy;
  /**
   * Scores and promotes contacts a promotion to MQL is due for (the server's batched effect
   * runner, injected: jobs never import the server): under their locks, as durable operations
   * with the id `rescore:<run>:<contact>`. Without it (the CLI) such contacts get their score
   * written only, and the next sweep promotes them (the write bumps `lastmodifieddate`).
   */
  promote?: (
    records: CrmRecord[],
    runId: string,
  ) => Promise<{ written: number; promoted: number; refused: number }>;
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
  /** Readers over `hs_object_id` ranges (default 6; 1 reads in one sequence, no probe search). */
  readers?: number;
  /** Cap on batch updates in flight (default 32). */
  maxWritesInFlight?: number;
  /** The write budget's rate, per second, the pipeline is sized for (default 11). */
  writesPerSecond?: number;
  /**
   * A page not answered this long after its grant is slow: an idle reader reads the contacts behind
   * it, and once every page is asked it is asked again if a search slot is free, the first answer
   * taken (default 700 ms; Infinity never does either).
   */
  hedgeSearchAfterMs?: number;
}

/** How a call to `runRescore` ended. */
export type RescoreOutcome =
  /** `maxWritesInFlight`: the most batches written at once beyond the stored checkpoint (a crash
   * rewrites at most that many); `hedgedSearches`: pages asked a second time. */
  | {
      started: true;
      progress: RescoreProgress;
      maxWritesInFlight?: number;
      hedgedSearches?: number;
    }
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

async function runPipeline(
  options: RescoreOptions,
  job: { checkpoint: RescoreCheckpoint; progress: RescoreProgress; runStartedAt: number },
  controller: AbortController,
  pageSize: number,
): Promise<RescoreOutcome> {
  const { portalId, store, model } = options;
  const now = options.now ?? Date.now;
  const scoringDate = options.scoringDate ?? new Date(job.runStartedAt);
  const gateway = options.gateway.withLane('bulk');
  const runId = String(job.checkpoint.startedAt);
  const base = job.checkpoint;
  const onExternalAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onExternalAbort();
  options.signal?.addEventListener('abort', onExternalAbort, { once: true });

  const st: PipelineState = {
    partitions: [],
    toWrite: [],
    remainingBy: new Map(),
    readThisRun: 0,
    errors: base.errors,
    readersDone: false,
    failure: undefined,
    reading: new Set(),
    parked: [],
    searching: new Map(),
    slowSearchMs: options.hedgeSearchAfterMs ?? DEFAULT_HEDGE_SEARCH_AFTER_MS,
    hedges: 0,
  };
  const pipelineStartedAt = now();
  const wakeup = createWakeup();
  controller.signal.addEventListener('abort', () => wakeup.notify(), { once: true });
  const fail = (error: unknown) => {
    st.failure ??= error;
    controller.abort(error);
  };
  const progress = (status: RescoreProgress['status']) =>
    pipelineProgress(st, base, status, now(), job.runStartedAt);
  const save = createCoalescingSaver(async () => {
    await store.saveJob(portalId, RESCORE_JOB_KIND, {
      status: 'running',
      checkpoint: pipelineCheckpoint(st, base),
      progress: progress('running'),
    });
  });
  const report = async () => {
    await options.onProgress?.(progress('running'));
  };
  const policy = options.policy ?? DEFAULT_LIFECYCLE_POLICY;
  const promote = options.promote;
  const readLoop = () =>
    runReaders({
      st,
      base,
      gateway,
      signal: controller.signal,
      wakeup,
      pageSize,
      readers: options.readers ?? DEFAULT_READERS,
      hedgeAfterMs: st.slowSearchMs,
      delay: (ms, signal) =>
        Number.isFinite(ms) ? wait(ms, undefined, { signal }) : new Promise(() => undefined),
      maxQueued: Math.max(RESCORE_BATCH_SIZE, options.maxQueued ?? DEFAULT_MAX_QUEUED),
      // The promoter re-reads its contacts under their locks: the search reads only the scoring's.
      properties: scoringReadProperties(model),
      decide: (record) =>
        scoreContact(record, { model, policy, now: scoringDate, actor: 'system' }),
      ...(promote ? { promote: (records: CrmRecord[]) => promote(records, runId) } : {}),
      save,
      report,
      fail,
    });
  const writeLoop = () =>
    runWriter({
      gateway,
      signal: controller.signal,
      toWrite: st.toWrite,
      readersDone: () => st.readersDone,
      readingDone: () =>
        st.partitions.length > 0 && st.partitions.every((partition) => partition.done),
      readSecondsLeft: () => pipelineReadSecondsLeft(st, now(), pipelineStartedAt),
      wakeup,
      now,
      maxInFlight: options.maxWritesInFlight ?? DEFAULT_MAX_WRITES_IN_FLIGHT,
      writesPerSecond: options.writesPerSecond ?? DEFAULT_WRITES_PER_SECOND,
      fail,
      onWritten: async (batch, failures) => {
        st.errors += failures;
        for (const item of batch) item.partition.pending.delete(item.id);
        wakeup.notify();
        await save();
      },
      report,
    });

  // The heartbeat: a live job refreshes its row even while it waits (for the budget, say), so
  // only a dead one goes stale.
  let maxSeen = 0;
  const heartbeat = setInterval(() => {
    save().catch((error: unknown) => fail(error));
  }, RESCORE_HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const [, written] = await Promise.all([readLoop(), writeLoop()]);
    maxSeen = written.maxSeen;
  } finally {
    clearInterval(heartbeat);
    options.signal?.removeEventListener('abort', onExternalAbort);
  }
  const status =
    st.failure !== undefined ? 'failed' : controller.signal.aborted ? 'cancelled' : 'completed';
  const final = progress(status);
  // A store that fails here (the crash case) rejects the run; the stored checkpoint is the last one.
  await store.saveJob(portalId, RESCORE_JOB_KIND, {
    status,
    checkpoint: pipelineCheckpoint(st, base),
    progress: final,
  });
  if (status !== 'failed') await options.onProgress?.(final);
  return { started: true, progress: final, maxWritesInFlight: maxSeen, hedgedSearches: st.hedges };
}
