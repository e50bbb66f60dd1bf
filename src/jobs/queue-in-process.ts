// The job queue on the sqlite default (one backend process): jobs and schedules live in memory,
// timers are unref'd and `stop()` clears them. Same contract as the pg-boss queue (./queue.ts)
// except durability across processes: a job queued here dies with its process — the store's job
// lease (a rescore's checkpoint and heartbeat) is what the next process resumes from (the
// background round re-enqueues it, src/jobs/background.ts), and schedules are rebuilt at start-up
// from the active installations (`reconcilePortalSchedules`).
import { randomUUID } from 'node:crypto';
import type { Logger } from '../runtime/logger.ts';
import {
  abortReason,
  abortWith,
  checkEvery,
  checkJobAddress,
  JOB_CONCURRENCY,
  JOB_RETRY_DELAY_MS,
  JOB_RETRY_LIMIT,
  SCHEDULE_TICK_MS,
  type JobHandlers,
  type JobInfo,
  type JobQueue,
  type JobQueueTimings,
  type PortalSchedule,
} from './queue.ts';

interface Entry {
  info: JobInfo;
  attempts: number;
  notBefore: number;
  controller?: AbortController;
  running?: Promise<void>;
}

export interface InProcessQueueOptions extends JobQueueTimings {
  now?: () => number;
  logger?: Pick<Logger, 'warn' | 'error'>;
}

const keyOf = (kind: string, portalId: number) => `${kind}:${portalId}`;

/** Creates the in-process queue. */
export function createInProcessQueue(options: InProcessQueueOptions = {}): JobQueue {
  const now = options.now ?? Date.now;
  const retryDelayMs = options.retryDelayMs ?? JOB_RETRY_DELAY_MS;
  const retryLimit = options.retryLimit ?? JOB_RETRY_LIMIT;
  const concurrency = options.concurrency ?? JOB_CONCURRENCY;
  const jobs = new Map<string, Entry>();
  const schedules = new Map<string, PortalSchedule>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let handlers: JobHandlers = {};
  let tick: ReturnType<typeof setInterval> | undefined;
  let stopped = false;

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  const activeOf = (kind: string) =>
    [...jobs.values()].filter((e) => e.info.kind === kind && e.info.state === 'active').length;

  function pump(kind: string): void {
    const handler = handlers[kind];
    if (stopped || !handler) return;
    for (const entry of jobs.values()) {
      if (activeOf(kind) >= concurrency) return;
      if (entry.info.kind !== kind || entry.info.state !== 'queued') continue;
      if (entry.notBefore > now()) continue;
      run(entry, handler);
    }
  }

  function run(entry: Entry, handler: NonNullable<JobHandlers[string]>): void {
    const controller = new AbortController();
    entry.controller = controller;
    entry.info = { ...entry.info, state: 'active' };
    const { id, kind, portalId } = entry.info;
    const finish = () => {
      if (jobs.get(keyOf(kind, portalId)) === entry) jobs.delete(keyOf(kind, portalId));
    };
    entry.running = (async () => {
      try {
        await handler({ id, kind, portalId, signal: controller.signal });
        finish();
      } catch (error) {
        const reason = abortReason(controller.signal);
        if (reason) {
          finish();
          return;
        }
        entry.attempts += 1;
        if (entry.attempts >= retryLimit) {
          options.logger?.error({ err: error, kind, portalId }, 'job failed; given up');
          finish();
          return;
        }
        options.logger?.warn({ err: error, kind, portalId }, 'job failed; retrying');
        entry.info = { ...entry.info, state: 'queued' };
        entry.notBefore = now() + retryDelayMs;
        later(retryDelayMs, () => pump(kind));
      } finally {
        entry.controller = undefined;
        entry.running = undefined;
        // A finished job frees a slot for the next one of its kind.
        setImmediate(() => pump(kind));
      }
    })();
  }

  const queue: JobQueue = {
    implementation: 'in-process',

    async start(given = {}) {
      handlers = given;
      stopped = false;
      tick ??= setInterval(() => {
        void queue.runDueSchedules();
      }, options.tickMs ?? SCHEDULE_TICK_MS);
      tick.unref();
      for (const kind of Object.keys(handlers)) pump(kind);
    },

    async enqueue(kind, portalId) {
      checkJobAddress(kind, portalId);
      const existing = jobs.get(keyOf(kind, portalId));
      if (existing) return { job: existing.info, created: false };
      const entry: Entry = {
        info: { id: randomUUID(), kind, portalId, state: 'queued' },
        attempts: 0,
        notBefore: 0,
      };
      jobs.set(keyOf(kind, portalId), entry);
      // On the next turn, so the caller holds the answer before the handler runs.
      setImmediate(() => pump(kind));
      return { job: entry.info, created: true };
    },

    async runHere(kind, portalId, handler) {
      checkJobAddress(kind, portalId);
      const existing = jobs.get(keyOf(kind, portalId));
      if (existing) return { job: existing.info, ran: false };
      const entry: Entry = {
        info: { id: randomUUID(), kind, portalId, state: 'queued' },
        attempts: 0,
        notBefore: 0,
      };
      jobs.set(keyOf(kind, portalId), entry);
      const job = entry.info;
      run(entry, handler);
      await entry.running;
      return { job, ran: true };
    },

    async current(kind, portalId) {
      checkJobAddress(kind, portalId);
      return jobs.get(keyOf(kind, portalId))?.info ?? null;
    },

    async cancel(kind, portalId) {
      checkJobAddress(kind, portalId);
      const entry = jobs.get(keyOf(kind, portalId));
      if (!entry) return false;
      jobs.delete(keyOf(kind, portalId));
      entry.info = { ...entry.info, state: 'cancelled' };
      if (entry.controller) abortWith(entry.controller, 'cancelled');
      return true;
    },

    async schedule(kind, portalId, { everyMs, firstRunAt }) {
      checkJobAddress(kind, portalId);
      checkEvery(everyMs);
      const key = keyOf(kind, portalId);
      const next = firstRunAt ?? now() + everyMs;
      const existing = schedules.get(key);
      schedules.set(key, {
        kind,
        portalId,
        everyMs,
        nextRunAt: existing ? Math.min(existing.nextRunAt, next) : next,
      });
    },

    async unschedule(portalId, kind) {
      for (const [key, schedule] of schedules) {
        if (schedule.portalId === portalId && (kind === undefined || schedule.kind === kind)) {
          schedules.delete(key);
        }
      }
    },

    async schedules(portalId) {
      return [...schedules.values()]
        .filter((s) => portalId === undefined || s.portalId === portalId)
        .map((s) => ({ ...s }));
    },

    async runDueSchedules() {
      if (stopped) return 0;
      const at = now();
      let fired = 0;
      for (const schedule of schedules.values()) {
        if (schedule.nextRunAt > at) continue;
        schedule.nextRunAt = at + schedule.everyMs;
        await queue.enqueue(schedule.kind, schedule.portalId);
        fired += 1;
      }
      return fired;
    },

    async stop() {
      stopped = true;
      if (tick) clearInterval(tick);
      tick = undefined;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const running: Promise<void>[] = [];
      for (const entry of jobs.values()) {
        if (entry.controller) abortWith(entry.controller, 'stopping');
        if (entry.running) running.push(entry.running);
      }
      await Promise.all(running);
      jobs.clear();
    },
  };
  return queue;
}
