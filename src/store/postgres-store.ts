// The scale-out store: PostgreSQL shared by several stateless backend replicas. Every "exactly once"
// and compare-and-set rule is one atomic statement (INSERT … ON CONFLICT … RETURNING, or a guarded
// UPDATE), so replicas need no coordination beyond the database. Per-record serialisation uses
// session advisory locks (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS)
// held on a connection from a separate pool, so work inside a lock can always get a query connection.
import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import { createKeyedMutex } from './keyed-mutex.ts';
import { runPostgresMigrations } from './migrations.ts';
import {
  DEFAULT_CALLBACK_LEASE_MS,
  assertPoolSize,
  normaliseObjectType,
  parseInstallationInput,
  signatureKey,
  toJsonText,
} from './store.ts';
import type {
  CallbackClaim,
  Installation,
  InstallationStatus,
  Job,
  JobStatus,
  OperationRecord,
  OperationStatus,
  PutSettingsResult,
  StartJobResult,
  Store,
  StoreClockOptions,
} from './store.ts';
import type { TokenCipher } from './token-cipher.ts';

/** Where the PostgreSQL store lives and how it encrypts tokens. */
export interface PostgresStoreOptions extends StoreClockOptions {
  /** `postgres://user:password@host:5432/database`. */
  connectionString: string;
  cipher: TokenCipher;
  /** The schema holding the tables (created if missing); default `public`. */
  schema?: string;
  /** Query connections per replica; default 10. */
  poolSize?: number;
  /** Connections per replica that may wait on or hold advisory locks; default 10. */
  lockPoolSize?: number;
}

// BIGINT columns arrive as strings from pg (they may exceed 2^53); ours are epoch ms, portal ids
// and counters, all far below, so they are converted with Number().
interface InstallationRow {
  portal_id: string;
  scopes: string[];
  access_token: string;
  refresh_token: string;
  expires_at: string;
  installed_by: string | null;
  hub_domain: string | null;
  status: InstallationStatus;
  installed_at: string;
  updated_at: string;
  uninstalled_at: string | null;
  uninstall_reason: string | null;
}

interface JobRow {
  portal_id: string;
  kind: string;
  status: JobStatus;
  checkpoint: unknown;
  progress: unknown;
  started_at: string;
  updated_at: string;
}

interface OperationRow {
  portal_id: string;
  operation_id: string;
  kind: string;
  subject: string;
  status: OperationStatus;
  plan: unknown;
  progress: unknown;
  result: unknown;
  attempts: number;
  created_at: string;
  updated_at: string;
}

function toOperation(row: OperationRow): OperationRecord {
  return {
    portalId: Number(row.portal_id),
    operationId: row.operation_id,
    kind: row.kind,
    subject: row.subject,
    status: row.status,
    plan: row.plan,
    progress: row.progress,
    result: row.result ?? null,
    attempts: row.attempts,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;
const DATA_TABLES = [
  'installations',
  'settings',
  'seen_events',
  'workflow_callbacks',
  'bulk_jobs',
  'round_robin',
  'operations',
] as const;

/** Creates the schema if missing. IF NOT EXISTS alone races between replicas starting together (a
 * duplicate-key error on pg_namespace), so creators queue on an advisory lock named after it. */
async function createSchema(pool: Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      "SELECT pg_advisory_xact_lock(hashtextextended('create_schema:' || $1, 0))",
      [schema],
    );
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Connects, creates the schema if needed, migrates, and returns a PostgreSQL store. */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const { connectionString, cipher } = options;
  const schema = options.schema ?? 'public';
  if (!SCHEMA_PATTERN.test(schema)) {
    throw new Error(
      `PostgreSQL schema "${schema}" must be lower-case letters, digits and "_" (at most 63).`,
    );
  }
  const now = options.now ?? Date.now;
  const leaseMs = options.callbackLeaseMs ?? DEFAULT_CALLBACK_LEASE_MS;

  // search_path is set per connection at start-up, so every unqualified table name is in `schema`.
  const connection = { connectionString, options: `-c search_path=${schema}` };
  const pool: Pool = new pg.Pool({ ...connection, max: options.poolSize ?? 10 });
  const lockPool: Pool = new pg.Pool({ ...connection, max: options.lockPoolSize ?? 10 });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next checkout simply gets a fresh connection.
  pool.on('error', () => undefined);
  lockPool.on('error', () => undefined);

  try {
    await createSchema(pool, schema);
    await runPostgresMigrations(pool, undefined, now);
  } catch (error) {
    await Promise.allSettled([pool.end(), lockPool.end()]);
    throw error;
  }

  async function query<Row extends object>(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await pool.query<Row>(sql, params)).rows;
  }

  async function inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  function toInstallation(row: InstallationRow): Installation {
    return {
      portalId: Number(row.portal_id),
      scopes: row.scopes,
      accessToken: cipher.decrypt(row.access_token),
      refreshToken: cipher.decrypt(row.refresh_token),
      expiresAt: Number(row.expires_at),
      ...(row.installed_by === null ? {} : { installedBy: row.installed_by }),
      ...(row.hub_domain === null ? {} : { hubDomain: row.hub_domain }),
      status: row.status,
      installedAt: Number(row.installed_at),
      updatedAt: Number(row.updated_at),
      uninstalledAt: row.uninstalled_at === null ? null : Number(row.uninstalled_at),
      uninstallReason: row.uninstall_reason,
    };
  }

  function toJob(row: JobRow): Job {
    return {
      portalId: Number(row.portal_id),
      kind: row.kind,
      status: row.status,
      checkpoint: row.checkpoint,
      progress: row.progress,
      startedAt: Number(row.started_at),
      updatedAt: Number(row.updated_at),
    };
  }

  async function readJob(portalId: number, kind: string): Promise<Job | null> {
    const [row] = await query<JobRow>(
      'SELECT * FROM bulk_jobs WHERE portal_id = $1 AND kind = $2',
      [portalId, kind],
    );
    return row ? toJob(row) : null;
  }

  async function readCallback(callbackId: string, portalId: number): Promise<CallbackClaim | null> {
    const [row] = await query<{ state: 'running' | 'done'; result: unknown }>(
      'SELECT state, result FROM workflow_callbacks WHERE portal_id = $1 AND callback_id = $2',
      [portalId, callbackId],
    );
    if (!row) return null;
    return row.state === 'done' ? { state: 'done', result: row.result } : { state: 'running' };
  }

  const withKeyedMutex = createKeyedMutex();

  return {
    async saveInstallation(input) {
      const valid = parseInstallationInput(input);
      const at = now();
      // A re-install after an uninstall starts a new installation; a token refresh keeps its start.
      const [row] = await query<InstallationRow>(
        `INSERT INTO installations (portal_id, scopes, access_token, refresh_token, expires_at,
           installed_by, hub_domain, status, installed_at, updated_at, uninstalled_at, uninstall_reason)
         VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, 'active', $8, $8, NULL, NULL)
         ON CONFLICT (portal_id) DO UPDATE SET
           scopes = EXCLUDED.scopes,
           access_token = EXCLUDED.access_token,
           refresh_token = EXCLUDED.refresh_token,
           expires_at = EXCLUDED.expires_at,
           installed_by = COALESCE(EXCLUDED.installed_by, installations.installed_by),
           hub_domain = COALESCE(EXCLUDED.hub_domain, installations.hub_domain),
           installed_at = CASE WHEN installations.status = 'uninstalled'
             THEN EXCLUDED.installed_at ELSE installations.installed_at END,
           status = 'active',
           updated_at = EXCLUDED.updated_at,
           uninstalled_at = NULL,
           uninstall_reason = NULL
         RETURNING *`,
        [
          valid.portalId,
          JSON.stringify(valid.scopes),
          cipher.encrypt(valid.accessToken),
          cipher.encrypt(valid.refreshToken),
          valid.expiresAt,
          valid.installedBy ?? null,
          valid.hubDomain ?? null,
          at,
        ],
      );
      return toInstallation(row!);
    },

    async getInstallation(portalId) {
      const [row] = await query<InstallationRow>(
        'SELECT * FROM installations WHERE portal_id = $1',
        [portalId],
      );
      return row ? toInstallation(row) : null;
    },

    async markUninstalled(portalId, reason) {
      const rows = await query(
        `UPDATE installations SET status = 'uninstalled', uninstalled_at = $2,
           uninstall_reason = $3, updated_at = $2 WHERE portal_id = $1 RETURNING portal_id`,
        [portalId, now(), reason],
      );
      return rows.length > 0;
    },

    async listInstallations() {
      const rows = await query<InstallationRow>('SELECT * FROM installations ORDER BY portal_id');
      return rows.map(toInstallation);
    },

    async getSettings(portalId) {
      const [row] = await query<{
        version: number;
        value: unknown;
        updated_at: string;
        updated_by: string;
      }>('SELECT version, value, updated_at, updated_by FROM settings WHERE portal_id = $1', [
        portalId,
      ]);
      return row
        ? {
            version: row.version,
            value: row.value,
            updatedAt: Number(row.updated_at),
            updatedBy: row.updated_by,
          }
        : null;
    },

    async putSettings(portalId, value, { expectedVersion, updatedBy }): Promise<PutSettingsResult> {
      const json = toJsonText(value);
      // One guarded statement: the first save only inserts, later saves only update the expected
      // version; a concurrent writer makes it affect no row, and the current version is reported.
      const written =
        expectedVersion === 0
          ? await query<{ version: number }>(
              `INSERT INTO settings (portal_id, version, value, updated_at, updated_by)
               VALUES ($1, 1, $2::jsonb, $3, $4) ON CONFLICT (portal_id) DO NOTHING RETURNING version`,
              [portalId, json, now(), updatedBy],
            )
          : await query<{ version: number }>(
              `UPDATE settings SET version = version + 1, value = $2::jsonb, updated_at = $3,
                 updated_by = $4 WHERE portal_id = $1 AND version = $5 RETURNING version`,
              [portalId, json, now(), updatedBy, expectedVersion],
            );
      if (written[0]) return { ok: true, version: written[0].version };
      const [current] = await query<{ version: number }>(
        'SELECT version FROM settings WHERE portal_id = $1',
        [portalId],
      );
      return { ok: false, currentVersion: current?.version ?? 0 };
    },

    async markEventsSeen(portalId, eventIds) {
      const unique = [...new Set(eventIds)];
      if (unique.length === 0) return [];
      // ON CONFLICT DO NOTHING: a concurrent inserter of the same id waits for the other's commit,
      // then skips it, so RETURNING yields each id to exactly one caller.
      const rows = await query<{ event_id: string }>(
        `INSERT INTO seen_events (portal_id, event_id, seen_at)
         SELECT $1, event_id, $3 FROM unnest($2::text[]) AS event_id
         ON CONFLICT (portal_id, event_id) DO NOTHING RETURNING event_id`,
        [portalId, unique, now()],
      );
      const fresh = new Set(rows.map((row) => row.event_id));
      return unique.filter((eventId) => fresh.has(eventId));
    },

    async forgetEvents(portalId, eventIds) {
      if (eventIds.length === 0) return;
      await query('DELETE FROM seen_events WHERE portal_id = $1 AND event_id = ANY($2::text[])', [
        portalId,
        [...new Set(eventIds)],
      ]);
    },

    async claimCallback(callbackId, portalId, subject) {
      const objectType = subject ? normaliseObjectType(subject.objectType) : null;
      const objectId = subject?.objectId ?? null;
      // A release between our insert attempt and our read deletes the row; trying again then
      // claims it. Bounded, since every round either claims or observes a row.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const at = now();
        const claimed = await query(
          `INSERT INTO workflow_callbacks (callback_id, portal_id, state, object_type, object_id,
             claimed_at) VALUES ($1, $2, 'running', $3, $4, $5)
           ON CONFLICT (portal_id, callback_id) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
             WHERE workflow_callbacks.state = 'running'
               AND workflow_callbacks.claimed_at + $6 <= EXCLUDED.claimed_at
           RETURNING callback_id`,
          [callbackId, portalId, objectType, objectId, at, leaseMs],
        );
        if (claimed.length > 0) return { state: 'claimed' };
        const existing = await readCallback(callbackId, portalId);
        if (existing) return existing;
      }
      throw new Error(`Workflow callback ${callbackId} kept changing while being claimed.`);
    },

    async completeCallback(callbackId, portalId, result) {
      const rows = await query(
        `UPDATE workflow_callbacks SET state = 'done', result = $2::jsonb, completed_at = $3
         WHERE callback_id = $1 AND portal_id = $4 RETURNING callback_id`,
        [callbackId, toJsonText(result), now(), portalId],
      );
      if (rows.length === 0) {
        throw new Error(
          `Workflow callback ${callbackId} was never claimed, so it cannot complete.`,
        );
      }
    },

    async releaseCallback(callbackId, portalId) {
      await query(
        "DELETE FROM workflow_callbacks WHERE callback_id = $1 AND portal_id = $2 AND state = 'running'",
        [callbackId, portalId],
      );
    },

    async beginOperation(portalId, operationId, input) {
      const at = now();
      const inserted = await query<OperationRow>(
        `INSERT INTO operations (portal_id, operation_id, kind, subject, status, plan, progress,
           result, attempts, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'pending', $5::jsonb, $6::jsonb, NULL, 0, $7, $7)
         ON CONFLICT (portal_id, operation_id) DO NOTHING RETURNING *`,
        [
          portalId,
          operationId,
          input.kind,
          input.subject,
          toJsonText(input.plan),
          toJsonText(input.progress ?? {}),
          at,
        ],
      );
      if (inserted[0]) return { created: true, operation: toOperation(inserted[0]) };
      const [existing] = await query<OperationRow>(
        'SELECT * FROM operations WHERE portal_id = $1 AND operation_id = $2',
        [portalId, operationId],
      );
      if (!existing) throw new Error(`Operation ${operationId} vanished while being begun.`);
      return { created: false, operation: toOperation(existing) };
    },

    async getOperation(portalId, operationId) {
      const [row] = await query<OperationRow>(
        'SELECT * FROM operations WHERE portal_id = $1 AND operation_id = $2',
        [portalId, operationId],
      );
      return row ? toOperation(row) : null;
    },

    async saveOperationProgress(portalId, operationId, progress, options = {}) {
      const rows = await query(
        `UPDATE operations SET progress = $3::jsonb, updated_at = $4, attempts = attempts + $5
         WHERE portal_id = $1 AND operation_id = $2 AND status = 'pending' RETURNING operation_id`,
        [portalId, operationId, toJsonText(progress), now(), options.attempt ? 1 : 0],
      );
      return rows.length > 0;
    },

    async completeOperation(portalId, operationId, result) {
      const rows = await query(
        `UPDATE operations SET status = 'done', result = $3::jsonb, updated_at = $4
         WHERE portal_id = $1 AND operation_id = $2 RETURNING operation_id`,
        [portalId, operationId, toJsonText(result), now()],
      );
      if (rows.length === 0)
        throw new Error(`Operation ${operationId} of portal ${portalId} was never begun.`);
    },

    async listPendingOperations(filter = {}) {
      const where = ["status = 'pending'"];
      const params: unknown[] = [];
      if (filter.portalId !== undefined) {
        params.push(filter.portalId);
        where.push(`portal_id = $${params.length}`);
      }
      if (filter.subject !== undefined) {
        params.push(filter.subject);
        where.push(`subject = $${params.length}`);
      }
      if (filter.updatedBefore !== undefined) {
        params.push(filter.updatedBefore);
        where.push(`updated_at < $${params.length}`);
      }
      params.push(filter.limit ?? 100);
      const rows = await query<OperationRow>(
        `SELECT * FROM operations WHERE ${where.join(' AND ')}
         ORDER BY created_at, portal_id, operation_id LIMIT $${params.length}`,
        params,
      );
      return rows.map(toOperation);
    },

    async markSignatureSeen(signature, expiresAt) {
      // One statement: of two replicas seeing one signature, exactly one inserts (or revives an
      // expired row); the other's conflict update is filtered out and returns no row.
      const rows = await query(
        `INSERT INTO seen_signatures (signature_hash, expires_at) VALUES ($1, $2)
         ON CONFLICT (signature_hash) DO UPDATE SET expires_at = EXCLUDED.expires_at
           WHERE seen_signatures.expires_at <= $3
         RETURNING signature_hash`,
        [signatureKey(signature), expiresAt, now()],
      );
      return rows.length > 0;
    },

    async getJob(portalId, kind) {
      return readJob(portalId, kind);
    },

    async startJob(portalId, kind, initial = {}): Promise<StartJobResult> {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const at = now();
        const [started] = await query<JobRow>(
          `INSERT INTO bulk_jobs (portal_id, kind, status, checkpoint, progress, started_at, updated_at)
           VALUES ($1, $2, 'running', $3::jsonb, $4::jsonb, $5, $5)
           ON CONFLICT (portal_id, kind) DO UPDATE SET status = 'running',
             checkpoint = EXCLUDED.checkpoint, progress = EXCLUDED.progress,
             started_at = EXCLUDED.started_at, updated_at = EXCLUDED.updated_at
             WHERE bulk_jobs.status <> 'running'
           RETURNING *`,
          [portalId, kind, toJsonText(initial.checkpoint), toJsonText(initial.progress), at],
        );
        if (started) return { ok: true, job: toJob(started) };
        const running = await readJob(portalId, kind);
        if (running?.status === 'running') return { ok: false, running };
      }
      throw new Error(`Bulk job ${kind} of portal ${portalId} kept changing while being started.`);
    },

    async saveJob(portalId, kind, state) {
      const [row] = await query<JobRow>(
        `INSERT INTO bulk_jobs (portal_id, kind, status, checkpoint, progress, started_at, updated_at)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $6)
         ON CONFLICT (portal_id, kind) DO UPDATE SET status = EXCLUDED.status,
           checkpoint = EXCLUDED.checkpoint, progress = EXCLUDED.progress,
           updated_at = EXCLUDED.updated_at
         RETURNING *`,
        [
          portalId,
          kind,
          state.status,
          toJsonText(state.checkpoint),
          toJsonText(state.progress),
          now(),
        ],
      );
      return toJob(row!);
    },

    async deleteJob(portalId, kind) {
      const rows = await query(
        'DELETE FROM bulk_jobs WHERE portal_id = $1 AND kind = $2 RETURNING kind',
        [portalId, kind],
      );
      return rows.length > 0;
    },

    async takeOverJob(portalId, kind, staleBefore, state) {
      const rows = await query(
        `UPDATE bulk_jobs SET status = $3, checkpoint = $4::jsonb, progress = $5::jsonb,
           updated_at = $6
         WHERE portal_id = $1 AND kind = $2 AND status = 'running' AND updated_at < $7
         RETURNING kind`,
        [
          portalId,
          kind,
          state.status,
          toJsonText(state.checkpoint),
          toJsonText(state.progress),
          now(),
          staleBefore,
        ],
      );
      return rows.length > 0;
    },

    async listRunningJobs(kind) {
      const rows = await query<JobRow>(
        "SELECT * FROM bulk_jobs WHERE kind = $1 AND status = 'running' ORDER BY portal_id",
        [kind],
      );
      return rows.map(toJob);
    },

    async nextRoundRobin(portalId, size, pool = 'default') {
      assertPoolSize(size);
      const [row] = await query<{ counter: string }>(
        `INSERT INTO round_robin (portal_id, pool, counter) VALUES ($1, $2, 1)
         ON CONFLICT (portal_id, pool) DO UPDATE SET counter = round_robin.counter + 1
         RETURNING counter`,
        [portalId, pool],
      );
      return (Number(row!.counter) - 1) % size;
    },

    withLock(key, fn) {
      // Callers in this replica queue in memory first, so a replica holds one lock connection per
      // key; the advisory lock then serialises across replicas. hashtextextended maps the key to
      // the 64-bit lock id (PostgreSQL ≥ 11).
      return withKeyedMutex(key, async () => {
        const client = await lockPool.connect();
        let unlocked = false;
        try {
          await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
          try {
            return await fn();
          } finally {
            await client
              .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key])
              .then(() => {
                unlocked = true;
              })
              .catch(() => undefined);
          }
        } finally {
          // Unless the unlock went through, destroy the connection: ending its session releases
          // every advisory lock it held, so a failed unlock never leaves the key locked.
          client.release(!unlocked);
        }
      });
    },

    async eraseContact(portalId, contactId) {
      return inTransaction(async (client) => {
        const callbacks = await client.query(
          `DELETE FROM workflow_callbacks
           WHERE portal_id = $1 AND object_type = 'contact' AND object_id = $2`,
          [portalId, contactId],
        );
        const operations = await client.query(
          'DELETE FROM operations WHERE portal_id = $1 AND subject = $2',
          [portalId, `contact:${contactId}`],
        );
        return { callbacks: callbacks.rowCount ?? 0, operations: operations.rowCount ?? 0 };
      });
    },

    async deleteInstallationData(portalId) {
      await inTransaction(async (client) => {
        for (const table of DATA_TABLES) {
          await client.query(`DELETE FROM ${table} WHERE portal_id = $1`, [portalId]);
        }
      });
    },

    async pruneBefore(before) {
      return inTransaction(async (client) => {
        const events = await client.query('DELETE FROM seen_events WHERE seen_at < $1', [before]);
        const callbacks = await client.query(
          "DELETE FROM workflow_callbacks WHERE state = 'done' AND completed_at < $1",
          [before],
        );
        const operations = await client.query(
          "DELETE FROM operations WHERE status = 'done' AND updated_at < $1",
          [before],
        );
        const signatures = await client.query(
          'DELETE FROM seen_signatures WHERE expires_at <= $1',
          [now()],
        );
        return (
          (events.rowCount ?? 0) +
          (callbacks.rowCount ?? 0) +
          (operations.rowCount ?? 0) +
          (signatures.rowCount ?? 0)
        );
      });
    },

    async close() {
      await Promise.all([pool.end(), lockPool.end()]);
    },
  };
}
