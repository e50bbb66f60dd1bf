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
  checkJobAddress,
  checkSchedule,
  jobTimings,
  type Enqueued,
  type JobHandler,
  type JobHandlers,
  type JobInfo,
  type JobQueue,
  type JobQueueTimings,
  type PortalSchedule,
  type RanHere,
  type ScheduleOptions,
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
  return new InProcessQueue(options);
}

class InProcessQueue implements JobQueue {
  readonly implementation = 'in-process' as const;
  private readonly options: InProcessQueueOptions;
  private readonly now: () => number;
  private readonly timings: ReturnType<typeof jobTimings>;
  private readonly jobs = new Map<string, Entry>();
  private readonly scheduled = new Map<string, PortalSchedule>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private handlers: JobHandlers = {};
  private tick: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(options: InProcessQueueOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.timings = jobTimings(options);
  }

  async start(handlers: JobHandlers = {}): Promise<void> {
    this.handlers = handlers;
    this.stopped = false;
    this.tick ??= setInterval(() => {
      void this.runDueSchedules();
    }, this.timings.tickMs);
    this.tick.unref();
    for (const kind of Object.keys(handlers)) this.pump(kind);
  }

  async enqueue(kind: string, portalId: number): Promise<Enqueued> {
    checkJobAddress(kind, portalId);
    const existing = this.jobs.get(keyOf(kind, portalId));
    if (existing) return { job: existing.info, created: false };
    const entry = this.add(kind, portalId);
    // On the next turn, so the caller holds the answer before the handler runs.
    setImmediate(() => this.pump(kind));
    return { job: entry.info, created: true };
  }

  async runHere(kind: string, portalId: number, handler: JobHandler): Promise<RanHere> {
    checkJobAddress(kind, portalId);
    const existing = this.jobs.get(keyOf(kind, portalId));
    if (existing) return { job: existing.info, ran: false };
    const entry = this.add(kind, portalId);
    const job = entry.info;
    this.run(entry, handler);
    await entry.running;
    return { job, ran: true };
  }

  async current(kind: string, portalId: number): Promise<JobInfo | null> {
    checkJobAddress(kind, portalId);
    return this.jobs.get(keyOf(kind, portalId))?.info ?? null;
  }

  async cancel(kind: string, portalId: number): Promise<boolean> {
    checkJobAddress(kind, portalId);
    const entry = this.jobs.get(keyOf(kind, portalId));
    if (!entry) return false;
    this.jobs.delete(keyOf(kind, portalId));
    entry.info = { ...entry.info, state: 'cancelled' };
    if (entry.controller) abortWith(entry.controller, 'cancelled');
    return true;
  }

  async schedule(kind: string, portalId: number, options: ScheduleOptions): Promise<void> {
    const { everyMs, firstRunAt } = options;
    checkSchedule(kind, portalId, everyMs);
    const key = keyOf(kind, portalId);
    const next = firstRunAt ?? this.now() + everyMs;
    const existing = this.scheduled.get(key);
    this.scheduled.set(key, {
      kind,
      portalId,
      everyMs,
      nextRunAt: existing ? Math.min(existing.nextRunAt, next) : next,
    });
  }

  async unschedule(portalId: number, kind?: string): Promise<void> {
    for (const [key, schedule] of this.scheduled) {
      if (schedule.portalId === portalId && (kind === undefined || schedule.kind === kind)) {
        this.scheduled.delete(key);
      }
    }
  }

  async schedules(portalId?: number): Promise<PortalSchedule[]> {
    return [...this.scheduled.values()]
      .filter((s) => portalId === undefined || s.portalId === portalId)
      .sort((a, b) => a.portalId - b.portalId || a.kind.localeCompare(b.kind))
      .map((s) => ({ ...s }));
  }

  async runDueSchedules(): Promise<number> {
    if (this.stopped) return 0;
    const at = this.now();
    let fired = 0;
    for (const schedule of this.scheduled.values()) {
      if (schedule.nextRunAt > at) continue;
      schedule.nextRunAt = at + schedule.everyMs;
      await this.enqueue(schedule.kind, schedule.portalId);
      fired += 1;
    }
    return fired;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.tick) clearInterval(this.tick);
    this.tick = undefined;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const running: Promise<void>[] = [];
    for (const entry of this.jobs.values()) {
      if (entry.controller) abortWith(entry.controller, 'stopping');
      if (entry.running) running.push(entry.running);
    }
    await Promise.all(running);
    this.jobs.clear();
  }

  private add(kind: string, portalId: number): Entry {
    const entry: Entry = {
      info: { id: randomUUID(), kind, portalId, state: 'queued' },
      attempts: 0,
      notBefore: 0,
    };
    this.jobs.set(keyOf(kind, portalId), entry);
    return entry;
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private activeOf(kind: string): number {
    let active = 0;
    for (const entry of this.jobs.values()) {
      if (entry.info.kind === kind && entry.info.state === 'active') active += 1;
    }
    return active;
  }

  /** Starts queued jobs of the kind that are due, up to the concurrency. */
  private pump(kind: string): void {
    const handler = this.handlers[kind];
    if (this.stopped || !handler) return;
    const concurrency = this.timings.concurrency;
    for (const entry of this.jobs.values()) {
      if (this.activeOf(kind) >= concurrency) return;
      if (entry.info.kind !== kind || entry.info.state !== 'queued') continue;
      if (entry.notBefore > this.now()) continue;
      this.run(entry, handler);
    }
  }

  private run(entry: Entry, handler: JobHandler): void {
    const controller = new AbortController();
    entry.controller = controller;
    entry.info = { ...entry.info, state: 'active' };
    const { id, kind, portalId } = entry.info;
    entry.running = (async () => {
      try {
        await handler({ id, kind, portalId, signal: controller.signal });
        this.finish(entry);
      } catch (error) {
        if (abortReason(controller.signal)) this.finish(entry);
        else this.failed(entry, error);
      } finally {
        entry.controller = undefined;
        entry.running = undefined;
        // A finished job frees a slot for the next one of its kind.
        setImmediate(() => this.pump(kind));
      }
    })();
  }

  private finish(entry: Entry): void {
    const key = keyOf(entry.info.kind, entry.info.portalId);
    if (this.jobs.get(key) === entry) this.jobs.delete(key);
  }

  /** A failed attempt: queued again after the retry delay, or given up after the limit. */
  private failed(entry: Entry, error: unknown): void {
    const { kind, portalId } = entry.info;
    entry.attempts += 1;
    if (entry.attempts >= this.timings.retryLimit) {
      this.options.logger?.error({ err: error, kind, portalId }, 'job failed; given up');
      this.finish(entry);
      return;
    }
    this.options.logger?.warn({ err: error, kind, portalId }, 'job failed; retrying');
    const delay = this.timings.retryDelayMs;
    entry.info = { ...entry.info, state: 'queued' };
    entry.notBefore = this.now() + delay;
    this.later(delay, () => this.pump(kind));
  }
}
