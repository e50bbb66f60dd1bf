// Durable jobs: the queue every backend replica (and the rescore CLI) shares. A job is one kind of
// work for one portal — a bulk rescore, a re-qualification sweep — and there is at most one queued
// or active job per portal and kind: a second enqueue answers the existing one. Any replica works
// any job; a job whose replica died is picked up by another (pg-boss: its heartbeat stops, the job
// expires and is retried); a cancel from any replica stops it (the worker's heartbeat sees the job
// cancelled and aborts the handler's signal). Per-portal schedules (`PORTAL_SCHEDULES`) enqueue a
// job every interval; they are set up at install and removed at uninstall.
//
// Two implementations: pg-boss on PostgreSQL (./queue-pg-boss.ts) and an in-process scheduler on
// the sqlite default (./queue-in-process.ts); src/runtime/wiring.ts `openJobQueue` picks one from
// DATABASE_URL (`queueImplementationFor`), for the backend and the rescore CLI alike.
import { z } from 'zod';
import { REQUALIFICATION_JOB_KIND } from './requalification.ts';
import { RESCORE_JOB_KIND } from './rescore-progress.ts';
import { DEFAULT_SWEEP_INTERVAL_MS, SCORE_SWEEP_JOB_KIND } from './sweep.ts';

/** A job's state as every implementation reports it. */
export type JobState = 'queued' | 'active' | 'completed' | 'failed' | 'cancelled';

/** One job of a kind for a portal. */
export interface JobInfo {
  id: string;
  kind: string;
  portalId: number;
  state: JobState;
}

/** What a handler runs with. */
export interface JobRun {
  id: string;
  kind: string;
  portalId: number;
  /** Aborted when the job is cancelled (from any replica), lost or this instance stops. The
   * handler returns soon after (its checkpoint kept); the reason is a `JobAbort`. */
  signal: AbortSignal;
}

/** Why a running job's signal was aborted. */
export class JobAbort extends Error {
  readonly reason: 'cancelled' | 'stopping' | 'lost';
  constructor(reason: 'cancelled' | 'stopping' | 'lost') {
    super(`job ${reason}`);
    this.name = 'JobAbort';
    this.reason = reason;
  }
}

/** Works one job; a throw fails the attempt (retried after `JOB_RETRY_DELAY_MS`). */
export type JobHandler = (run: JobRun) => Promise<void>;

/** The handler of every kind this process works, one entry per kind. */
export type JobHandlers = Readonly<Record<string, JobHandler>>;

/** A portal's recurring job: enqueued every `everyMs`, next at `nextRunAt` (epoch ms). */
export interface PortalSchedule {
  kind: string;
  portalId: number;
  everyMs: number;
  nextRunAt: number;
}

/** What `enqueue` answers: the portal's job of the kind, and whether this call queued it. */
export interface Enqueued {
  job: JobInfo;
  created: boolean;
}

/** What `runHere` answers: the portal's job of the kind, and whether this call ran it. */
export interface RanHere {
  job: JobInfo;
  ran: boolean;
}

/** How often a portal's recurring job runs, and when first (epoch ms). */
export interface ScheduleOptions {
  everyMs: number;
  firstRunAt?: number;
}

export interface JobQueue {
  readonly implementation: 'pg-boss' | 'in-process';
  /** Opens the queue and works the kinds of `handlers` here (none: this process only enqueues). */
  start(handlers?: JobHandlers): Promise<void>;
  /** Queues the kind's job for the portal, or answers the one already queued or active. */
  enqueue(kind: string, portalId: number): Promise<Enqueued>;
  /**
   * Enqueues the kind's job for the portal already taken by this process and runs `handler` here
   * (the rescore CLI): other replicas see it as the portal's active job, may cancel it, and take
   * it over if this process dies. When the portal's job is queued or active already, answers it
   * with `ran: false` and runs nothing. Settles when the handler has ended.
   */
  runHere(kind: string, portalId: number, handler: JobHandler): Promise<RanHere>;
  /** The portal's queued or active job of the kind, or null. */
  current(kind: string, portalId: number): Promise<JobInfo | null>;
  /** Cancels the portal's queued or active job of the kind; false when there is none. */
  cancel(kind: string, portalId: number): Promise<boolean>;
  /**
   * Enqueues the kind's job for the portal every `everyMs`, first at `firstRunAt` (default one
   * interval from now). Idempotent: an existing schedule keeps its earlier next run.
   */
  schedule(kind: string, portalId: number, options: ScheduleOptions): Promise<void>;
  /** Removes the portal's schedule of `kind`, or all of its schedules. */
  unschedule(portalId: number, kind?: string): Promise<void>;
  /** The schedules, of one portal or all. */
  schedules(portalId?: number): Promise<PortalSchedule[]>;
  /** Enqueues every schedule due now, moving each to its next run; answers how many fired. The
   * queue's own tick runs it every SCHEDULE_TICK_MS in every process that works jobs. */
  runDueSchedules(): Promise<number>;
  /** Stops working: running handlers are aborted (`stopping`) and their jobs handed to another
   * replica (pg-boss) or dropped with the process (in-process); timers and connections end. */
  stop(): Promise<void>;
}

/** A job whose heartbeat is this old belongs to a replica that died; another takes it, s. */
export const JOB_EXPIRE_SECONDS = 30;
/** How often a running job's worker proves it is alive (and learns of a cancel), ms. */
export const JOB_HEARTBEAT_MS = 10_000;
/** Wait before a failed (or taken-over) job runs again, ms. */
export const JOB_RETRY_DELAY_MS = 5_000;
/** Attempts of one job (failures and take-overs) before it is given up. */
export const JOB_RETRY_LIMIT = 10;
/** Jobs of one kind one process works at once. */
export const JOB_CONCURRENCY = 4;
/** How often every worker process fires the due portal schedules, ms (schedules are minutes to
 * days apart; an atomic update fires each once however many replicas tick). */
export const SCHEDULE_TICK_MS = 30_000;

/** Tunables (tests shorten them; production uses the defaults above). */
export interface JobQueueTimings {
  heartbeatMs?: number;
  expireSeconds?: number;
  retryDelayMs?: number;
  retryLimit?: number;
  /** How often an idle worker looks for work (pg-boss), ms. */
  pollMs?: number;
  /** How often due schedules are fired, ms (default SCHEDULE_TICK_MS). */
  tickMs?: number;
  concurrency?: number;
}

/** Every timing, the defaults above where `timings` leaves one out (`pollMs` is pg-boss's own). */
export function jobTimings(timings: JobQueueTimings): Required<Omit<JobQueueTimings, 'pollMs'>> {
  return {
    heartbeatMs: timings.heartbeatMs ?? JOB_HEARTBEAT_MS,
    expireSeconds: timings.expireSeconds ?? JOB_EXPIRE_SECONDS,
    retryDelayMs: timings.retryDelayMs ?? JOB_RETRY_DELAY_MS,
    retryLimit: timings.retryLimit ?? JOB_RETRY_LIMIT,
    tickMs: timings.tickMs ?? SCHEDULE_TICK_MS,
    concurrency: timings.concurrency ?? JOB_CONCURRENCY,
  };
}

/**
 * The recurring jobs every installed portal gets, ONE list: an added kind is one entry here plus
 * its handler (src/server/backend.ts `jobHandlers`). Re-qualification reminders run daily, the
 * score sweep every SCORE_SWEEP_INTERVAL_MS (15 minutes); listed in the order `schedules()` sorts by kind.
 */
export function portalSchedules(
  options: { scoreSweepIntervalMs?: number } = {},
): readonly { kind: string; everyMs: number }[] {
  return [
    { kind: REQUALIFICATION_JOB_KIND, everyMs: 24 * 60 * 60 * 1000 },
    // Stored scores stay current: changed contacts and due decay (src/jobs/sweep.ts).
    {
      kind: SCORE_SWEEP_JOB_KIND,
      everyMs: options.scoreSweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS,
    },
  ];
}

/** The schedules with their default intervals (SCORE_SWEEP_INTERVAL_MS changes the sweep's). */
export const PORTAL_SCHEDULES = portalSchedules();

export { RESCORE_JOB_KIND, REQUALIFICATION_JOB_KIND, SCORE_SWEEP_JOB_KIND };

const kindSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,40}$/, 'must be a job kind (lower-case letters, digits, hyphens)');
const portalSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const everySchema = z
  .number()
  .int()
  .min(1000, 'must be at least one second')
  .max(366 * 24 * 60 * 60 * 1000, 'must be at most a year');

/** Validates a job's address (every implementation's boundary); throws naming the field. */
export function checkJobAddress(kind: string, portalId: number): void {
  const problems: string[] = [];
  const k = kindSchema.safeParse(kind);
  if (!k.success) problems.push(`kind ${k.error.issues[0]?.message ?? 'is invalid'}`);
  if (!portalSchema.safeParse(portalId).success) problems.push('portalId must be a portal id');
  if (problems.length) throw new RangeError(`Invalid job: ${problems.join('; ')}`);
}

/** Validates a schedule's address and interval (every implementation's boundary); throws naming
 * the field. */
export function checkSchedule(kind: string, portalId: number, everyMs: number): void {
  checkJobAddress(kind, portalId);
  const parsed = everySchema.safeParse(everyMs);
  if (!parsed.success) {
    throw new RangeError(`Invalid schedule: everyMs ${parsed.error.issues[0]?.message ?? ''}`);
  }
}

/** Gives the portal every schedule of `PORTAL_SCHEDULES` (idempotent: install and start-up). */
export async function ensurePortalSchedules(
  queue: JobQueue,
  portalId: number,
  schedules: readonly { kind: string; everyMs: number }[] = PORTAL_SCHEDULES,
): Promise<void> {
  for (const { kind, everyMs } of schedules) await queue.schedule(kind, portalId, { everyMs });
}

/** At uninstall: the portal's schedules removed, its queued or running jobs cancelled. */
export async function removePortalJobs(
  queue: JobQueue,
  portalId: number,
  kinds: readonly string[] = [RESCORE_JOB_KIND, ...PORTAL_SCHEDULES.map((s) => s.kind)],
): Promise<void> {
  await queue.unschedule(portalId);
  for (const kind of new Set(kinds)) await queue.cancel(kind, portalId);
}

/** At start-up: every active installation has its schedules, every other portal none. */
export async function reconcilePortalSchedules(
  queue: JobQueue,
  installations: readonly { portalId: number; status: string }[],
  schedules: readonly { kind: string; everyMs: number }[] = PORTAL_SCHEDULES,
): Promise<void> {
  const active = new Set(installations.filter((i) => i.status === 'active').map((i) => i.portalId));
  for (const portalId of active) await ensurePortalSchedules(queue, portalId, schedules);
  const kinds = new Set(schedules.map((s) => s.kind));
  for (const schedule of await queue.schedules()) {
    if (!active.has(schedule.portalId)) await queue.unschedule(schedule.portalId);
    else if (!kinds.has(schedule.kind)) await queue.unschedule(schedule.portalId, schedule.kind);
  }
}

/** Which implementation a database URL gets: pg-boss on PostgreSQL, in-process otherwise. */
export function queueImplementationFor(databaseUrl: string): 'pg-boss' | 'in-process' {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? 'pg-boss' : 'in-process';
}

/** Runs `handler` with a signal that aborts with `JobAbort`; shared by both implementations. */
export function abortWith(controller: AbortController, reason: JobAbort['reason']): void {
  if (!controller.signal.aborted) controller.abort(new JobAbort(reason));
}

/** The abort reason of a signal, when it is a JobAbort. */
export function abortReason(signal: AbortSignal): JobAbort['reason'] | null {
  return signal.aborted && signal.reason instanceof JobAbort ? signal.reason.reason : null;
}
