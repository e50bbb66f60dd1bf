// The job queue on PostgreSQL (DATABASE_URL=postgres://…): pg-boss 10 (node_modules/pg-boss,
// https://timgit.github.io/pg-boss/). One pg-boss queue per job kind (`op-<kind>`), the portal as
// the job's singleton key on a `stately` queue (at most one queued and one active job per key), and
// an advisory transaction lock around "look for the portal's live job, else send" so a second
// enqueue — from any replica — answers the existing job instead of queueing another.
//
// Workers fetch jobs themselves (`boss.fetch`) rather than through `boss.work`, because pg-boss 10
// times a `work` handler out at the job's expiry and has no heartbeat: a rescore runs for minutes,
// yet a dead replica's job must be taken over within a minute. So the queues expire jobs after
// JOB_EXPIRE_SECONDS and each running job's worker renews its expiry every JOB_HEARTBEAT_MS
// (`expire_in` = time since start + JOB_EXPIRE_SECONDS). When a replica dies its heartbeats stop;
// pg-boss's maintenance (every MAINTENANCE_INTERVAL_SECONDS, one replica at a time) fails the
// expired job into `retry`, and any replica's worker fetches it after JOB_RETRY_DELAY_MS: 30 + 10
// + 5 + the poll ≈ 47 s. The same heartbeat tells a worker when its job was cancelled (by
// `boss.cancel` from any replica): the renewal finds no active row and aborts the handler.
//
// Per-portal schedules: pg-boss 10 keys cron schedules by queue name only (one schedule per queue,
// not per portal), so the portal schedules live in `<schema>.portal_schedule` next to pg-boss's
// tables. Every replica that works jobs fires the due ones every SCHEDULE_TICK_MS: one UPDATE …
// RETURNING moves each due schedule to its next run, in the same transaction as the jobs it
// enqueues, so however many replicas tick at once each schedule fires once (and a crash between
// the two loses nothing). pg-boss's own timekeeper is off (`schedule: false`): nothing uses it.
import PgBoss from 'pg-boss';
import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from '../runtime/logger.ts';
import { inTransaction } from '../store/postgres-store.ts';
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
  type JobState,
  type PortalSchedule,
  type RanHere,
  type ScheduleOptions,
} from './queue.ts';

/** pg-boss's maintenance (expiring dead jobs, archiving) runs this often, s. */
export const MAINTENANCE_INTERVAL_SECONDS = 10;
/** An idle worker looks for a job this often (a local enqueue wakes it at once), ms. */
export const PG_BOSS_POLL_MS = 2_000;

export interface PgBossQueueOptions extends JobQueueTimings {
  connectionString: string;
  /** The schema of pg-boss's tables and the portal schedules (default `pgboss`). */
  schema?: string;
  now?: () => number;
  logger?: Pick<Logger, 'warn' | 'error'>;
  /** Overrides MAINTENANCE_INTERVAL_SECONDS (tests), s. */
  maintenanceIntervalSeconds?: number;
}

/** The pg-boss queue; `abandon` stops it as a crash would (tests of the take-over only). */
export interface PgBossQueue extends JobQueue {
  /** Ends this instance without completing or failing its running jobs (a dead replica). */
  abandon(): Promise<void>;
}

/** PostgreSQL's deadlock_detected. */
const DEADLOCK = '40P01';

const queueName = (kind: string) => `op-${kind}`;

const toState = (state: string): JobState =>
  state === 'created' || state === 'retry'
    ? 'queued'
    : state === 'active' || state === 'completed' || state === 'cancelled'
      ? state
      : 'failed';

type Sql = Pick<Pool, 'query'> | PoolClient;

/** Creates the pg-boss queue (nothing connects before `start`). */
export function createPgBossQueue(options: PgBossQueueOptions): PgBossQueue {
  return new PgBossJobQueue(options);
}

const asDb = (sql: Sql) => ({
  executeSql: (text: string, values: unknown[]) => sql.query(text, values),
});

/** A job as a worker holds it. */
interface FetchedJob {
  id: string;
  data: { portalId: number };
}

class PgBossJobQueue implements PgBossQueue {
  readonly implementation = 'pg-boss' as const;
  private readonly options: PgBossQueueOptions;
  private readonly schema: string;
  private readonly now: () => number;
  private readonly tickMs: number;
  private readonly heartbeatMs: number;
  private readonly expireSeconds: number;
  private readonly concurrency: number;
  private readonly queueOptions: PgBoss.Queue & { policy: 'stately' };
  private pool: Pool | undefined;
  private boss: PgBoss | undefined;
  private stopped = false;
  /** Set by `abandon`: running jobs are left as a dead replica leaves them. */
  private abandoned = false;
  private tick: ReturnType<typeof setInterval> | undefined;
  private readonly loops: Promise<void>[] = [];
  private readonly running = new Map<string, { controller: AbortController }>();
  private readonly wakers = new Map<string, Set<() => void>>();
  private readonly creating = new Map<string, Promise<void>>();

  constructor(options: PgBossQueueOptions) {
    const schema = options.schema ?? 'pgboss';
    if (!/^[a-z_][a-z0-9_]{0,49}$/.test(schema)) {
      throw new RangeError(`Invalid job queue schema "${schema}": lower-case letters, digits, _`);
    }
    this.options = options;
    this.schema = schema;
    this.now = options.now ?? Date.now;
    const timings = jobTimings(options);
    this.tickMs = timings.tickMs;
    this.heartbeatMs = timings.heartbeatMs;
    this.expireSeconds = timings.expireSeconds;
    this.concurrency = timings.concurrency;
    this.queueOptions = {
      name: '',
      policy: 'stately',
      retryLimit: timings.retryLimit,
      retryDelay: Math.max(0, Math.round(timings.retryDelayMs / 1000)),
      retryBackoff: false,
      expireInSeconds: this.expireSeconds,
    };
  }

  async start(handlers: JobHandlers = {}): Promise<void> {
    if (this.pool) return;
    const { options, schema } = this;
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: this.concurrency * Math.max(1, Object.keys(handlers).length) + 4,
      application_name: 'opportunity-plan-jobs',
    });
    pool.on('error', (error) => options.logger?.warn({ err: error }, 'job queue connection error'));
    const boss = new PgBoss({
      db: asDb(pool),
      schema,
      // Our own workers and schedule tick (below); pg-boss's maintenance expires dead jobs.
      schedule: false,
      maintenanceIntervalSeconds:
        options.maintenanceIntervalSeconds ?? MAINTENANCE_INTERVAL_SECONDS,
    });
    boss.on('error', (error) => options.logger?.warn({ err: error }, 'pg-boss error'));
    this.pool = pool;
    this.boss = boss;
    await boss.start();
    await this.inTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `op-queue:schema:${schema}`,
      ]);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${schema}.portal_schedule (
           kind text NOT NULL,
           portal_id bigint NOT NULL,
           every_ms bigint NOT NULL,
           next_run_at bigint NOT NULL,
           PRIMARY KEY (kind, portal_id))`,
      );
    });
    // Only a process that works jobs fires schedules (the CLI enqueues only).
    if (Object.keys(handlers).length > 0) {
      this.tick = setInterval(() => {
        this.runDueSchedules().catch((error: unknown) =>
          options.logger?.warn({ err: error }, 'firing job schedules failed'),
        );
      }, this.tickMs);
      this.tick.unref();
    }
    for (const [kind, handler] of Object.entries(handlers)) {
      await this.ensureQueue(kind);
      for (let i = 0; i < this.concurrency; i += 1) this.loops.push(this.workLoop(kind, handler));
    }
  }

  async enqueue(kind: string, portalId: number): Promise<Enqueued> {
    checkJobAddress(kind, portalId);
    await this.ensureQueue(kind);
    const result = await this.inTransaction((client) => this.enqueueWith(client, kind, portalId));
    if (result.created) this.wake(kind);
    return result;
  }

  async runHere(kind: string, portalId: number, handler: JobHandler): Promise<RanHere> {
    checkJobAddress(kind, portalId);
    await this.ensureQueue(kind);
    const taken = await this.inTransaction(async (client) => {
      const result = await this.enqueueWith(client, kind, portalId);
      if (!result.created) return result;
      // Active before it is visible (same transaction): no other worker can fetch it.
      await client.query(
        `UPDATE ${this.schema}.job SET state = 'active', started_on = now()
          WHERE name = $1 AND id = $2`,
        [queueName(kind), result.job.id],
      );
      return { job: { ...result.job, state: 'active' as const }, created: true };
    });
    if (!taken.created) return { job: taken.job, ran: false };
    await this.runJob(kind, handler, { id: taken.job.id, data: { portalId } });
    return { job: taken.job, ran: true };
  }

  async current(kind: string, portalId: number): Promise<JobInfo | null> {
    checkJobAddress(kind, portalId);
    return this.liveJob(this.opened().pool, kind, portalId);
  }

  async cancel(kind: string, portalId: number): Promise<boolean> {
    checkJobAddress(kind, portalId);
    const job = await this.liveJob(this.opened().pool, kind, portalId);
    if (!job) return false;
    await this.opened().boss.cancel(queueName(kind), job.id);
    // A worker of this replica stops at once; another replica's at its next heartbeat.
    const local = this.running.get(job.id);
    if (local) abortWith(local.controller, 'cancelled');
    return true;
  }

  async schedule(kind: string, portalId: number, options: ScheduleOptions): Promise<void> {
    const { everyMs, firstRunAt } = options;
    checkSchedule(kind, portalId, everyMs);
    const { schema } = this;
    await this.opened().pool.query(
      `INSERT INTO ${schema}.portal_schedule (kind, portal_id, every_ms, next_run_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (kind, portal_id) DO UPDATE SET
         every_ms = EXCLUDED.every_ms,
         next_run_at = LEAST(${schema}.portal_schedule.next_run_at, EXCLUDED.next_run_at)`,
      [kind, portalId, everyMs, firstRunAt ?? this.now() + everyMs],
    );
  }

  async unschedule(portalId: number, kind?: string): Promise<void> {
    await this.opened().pool.query(
      `DELETE FROM ${this.schema}.portal_schedule
        WHERE portal_id = $1 AND ($2::text IS NULL OR kind = $2)`,
      [portalId, kind ?? null],
    );
  }

  async schedules(portalId?: number): Promise<PortalSchedule[]> {
    const { rows } = await this.opened().pool.query<{
      kind: string;
      portal_id: string;
      every_ms: string;
      next_run_at: string;
    }>(
      `SELECT kind, portal_id, every_ms, next_run_at FROM ${this.schema}.portal_schedule
        WHERE $1::bigint IS NULL OR portal_id = $1 ORDER BY portal_id, kind`,
      [portalId ?? null],
    );
    return rows.map((row) => ({
      kind: row.kind,
      portalId: Number(row.portal_id),
      everyMs: Number(row.every_ms),
      nextRunAt: Number(row.next_run_at),
    }));
  }

  async runDueSchedules(): Promise<number> {
    if (this.stopped) return 0;
    const at = this.now();
    const { schema } = this;
    const { rows } = await this.opened().pool.query<{ kind: string }>(
      `SELECT DISTINCT kind FROM ${schema}.portal_schedule WHERE next_run_at <= $1`,
      [at],
    );
    for (const { kind } of rows) await this.ensureQueue(kind);
    const fired = await this.inTransaction(async (client) => {
      const due = await client.query<{ kind: string; portal_id: string }>(
        `UPDATE ${schema}.portal_schedule SET next_run_at = $1 + every_ms
          WHERE next_run_at <= $1 RETURNING kind, portal_id`,
        [at],
      );
      for (const row of due.rows) await this.enqueueWith(client, row.kind, Number(row.portal_id));
      return due.rows.map((row) => row.kind);
    });
    for (const kind of new Set(fired)) this.wake(kind);
    return fired.length;
  }

  stop(): Promise<void> {
    return this.close(true);
  }

  abandon(): Promise<void> {
    return this.close(false);
  }

  private opened(): { pool: Pool; boss: PgBoss } {
    if (!this.pool || !this.boss) {
      throw new Error('The job queue is not started (call start() first)');
    }
    return { pool: this.pool, boss: this.boss };
  }

  /** Creates the kind's pg-boss queue once; replicas creating it together may deadlock in
   * pg-boss's create_queue (partition DDL): the loser tries again and finds it there. */
  private ensureQueue(kind: string): Promise<void> {
    const name = queueName(kind);
    let pending = this.creating.get(name);
    if (!pending) {
      const { boss } = this.opened();
      pending = (async () => {
        for (let attempt = 1; ; attempt += 1) {
          try {
            // ON CONFLICT DO NOTHING inside: a queue another replica created is kept as it is.
            await boss.createQueue(name, { ...this.queueOptions, name });
            return;
          } catch (error) {
            if (attempt >= 5 || (error as { code?: string }).code !== DEADLOCK) throw error;
            await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
          }
        }
      })();
      pending.catch(() => this.creating.delete(name));
      this.creating.set(name, pending);
    }
    return pending;
  }

  private async liveJob(sql: Sql, kind: string, portalId: number): Promise<JobInfo | null> {
    const { rows } = await sql.query<{ id: string; state: string }>(
      `SELECT id, state FROM ${this.schema}.job
        WHERE name = $1 AND singleton_key = $2 AND state < 'completed'
        ORDER BY created_on LIMIT 1`,
      [queueName(kind), String(portalId)],
    );
    const row = rows[0];
    return row ? { id: row.id, kind, portalId, state: toState(row.state) } : null;
  }

  /** Enqueues inside the caller's transaction (its advisory lock serialises the portal's kind). */
  private async enqueueWith(client: PoolClient, kind: string, portalId: number): Promise<Enqueued> {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `op-queue:${kind}:${portalId}`,
    ]);
    const existing = await this.liveJob(client, kind, portalId);
    if (existing) return { job: existing, created: false };
    const id = await this.opened().boss.send(
      queueName(kind),
      { portalId },
      { singletonKey: String(portalId), db: asDb(client) },
    );
    if (!id) {
      const raced = await this.liveJob(client, kind, portalId);
      if (raced) return { job: raced, created: false };
      throw new Error(`pg-boss refused the ${kind} job of portal ${portalId}`);
    }
    return { job: { id, kind, portalId, state: 'queued' }, created: true };
  }

  private inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.opened().pool, work);
  }

  private wake(kind: string): void {
    for (const waker of this.wakers.get(kind) ?? []) waker();
  }

  /** Waits up to the poll interval, or until a local enqueue or stop wakes the worker. */
  private idle(kind: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const set = this.wakers.get(kind) ?? new Set();
      this.wakers.set(kind, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.options.pollMs ?? PG_BOSS_POLL_MS);
      timer.unref();
      set.add(done);
    });
  }

  /** Renews the job's expiry; null while it is active, else its state (cancelled, expired…). */
  private async heartbeat(kind: string, id: string): Promise<string | null> {
    const { schema } = this;
    const { rows } = await this.opened().pool.query<{ state: string }>(
      `WITH renewed AS (
         UPDATE ${schema}.job
            SET expire_in = (now() - started_on) + make_interval(secs => $3)
          WHERE name = $1 AND id = $2 AND state = 'active'
          RETURNING state::text AS state)
       SELECT state FROM renewed
       UNION ALL
       SELECT state::text FROM ${schema}.job
        WHERE name = $1 AND id = $2 AND NOT EXISTS (SELECT 1 FROM renewed)`,
      [queueName(kind), id, this.expireSeconds],
    );
    const state = rows[0]?.state ?? 'gone';
    return state === 'active' ? null : state;
  }

  /** Runs one job with its heartbeat, then completes, fails or leaves it as its end says. */
  private async runJob(kind: string, handler: JobHandler, job: FetchedJob): Promise<void> {
    const controller = new AbortController();
    const beat = async () => {
      try {
        const ended = await this.heartbeat(kind, job.id);
        if (ended) abortWith(controller, ended === 'cancelled' ? 'cancelled' : 'lost');
      } catch (error) {
        this.options.logger?.warn({ err: error, kind, jobId: job.id }, 'job heartbeat failed');
      }
    };
    const timer = setInterval(() => void beat(), this.heartbeatMs);
    timer.unref();
    this.running.set(job.id, { controller });
    let failure: { error: unknown } | undefined;
    try {
      await beat();
      if (!controller.signal.aborted) {
        const { portalId } = job.data;
        await handler({ id: job.id, kind, portalId, signal: controller.signal });
      }
    } catch (error) {
      failure = { error };
    } finally {
      clearInterval(timer);
      this.running.delete(job.id);
    }
    await this.finishJob(kind, job, abortReason(controller.signal), failure);
  }

  private async finishJob(
    kind: string,
    job: FetchedJob,
    reason: ReturnType<typeof abortReason>,
    failure: { error: unknown } | undefined,
  ): Promise<void> {
    // Cancelled or lost: the row is another's now. Abandoned: a crash completes nothing.
    if (reason === 'cancelled' || reason === 'lost' || this.abandoned) return;
    const name = queueName(kind);
    try {
      const { boss } = this.opened();
      if (reason === 'stopping') {
        // Handed over: `retry`, so another replica's worker continues from the checkpoint.
        await boss.fail(name, job.id, { message: 'replica stopping; handed over' });
      } else if (failure) {
        const { error } = failure;
        this.options.logger?.warn({ err: error, kind, portalId: job.data.portalId }, 'job failed');
        await boss.fail(name, job.id, {
          message: error instanceof Error ? error.message : String(error),
        });
      } else {
        await boss.complete(name, job.id);
      }
    } catch (error) {
      // The expiry hands the job over if this write was lost.
      this.options.logger?.warn({ err: error, kind, jobId: job.id }, 'finishing a job failed');
    }
  }

  private async workLoop(kind: string, handler: JobHandler): Promise<void> {
    const name = queueName(kind);
    while (!this.stopped) {
      let job: FetchedJob | undefined;
      try {
        [job] = await this.opened().boss.fetch<{ portalId: number }>(name);
      } catch (error) {
        this.options.logger?.warn({ err: error, kind }, 'fetching a job failed');
      }
      if (this.stopped) return;
      if (!job) await this.idle(kind);
      else await this.runJob(kind, handler, job);
    }
  }

  private async close(handOver: boolean): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.abandoned = !handOver;
    if (this.tick) clearInterval(this.tick);
    for (const set of this.wakers.values()) for (const waker of [...set]) waker();
    for (const job of this.running.values()) {
      abortWith(job.controller, handOver ? 'stopping' : 'lost');
    }
    await Promise.all(this.loops);
    await this.boss?.stop({ graceful: false, close: false, wait: true });
    await this.pool?.end();
    this.pool = undefined;
    this.boss = undefined;
  }
}
