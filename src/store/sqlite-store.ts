// The embedded store: node:sqlite (built into Node 24, no native addon) in one local file. It serves
// one backend process: every statement runs synchronously on one connection, so each method is
// atomic within the process; read-modify-write steps also run in `BEGIN IMMEDIATE` transactions so a
// second process on the same file (a CLI, say) cannot interleave. Scale-out is PostgreSQL's job.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import { createKeyedMutex } from './keyed-mutex.ts';
import { runSqliteMigrations } from './migrations.ts';
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
  Store,
  StoreClockOptions,
} from './store.ts';
import type { TokenCipher } from './token-cipher.ts';

/** Where the sqlite store lives and how it encrypts tokens. */
export type SqliteStoreOptions = StoreClockOptions & {
  cipher: TokenCipher;
} & (
    | {
        /** A file path (its directory is created) or `:memory:`. */
        path: string;
      }
    | {
        /** An already open database (e.g. one a test also inspects); the caller closes it. */
        database: DatabaseSync;
      }
  );

interface InstallationRow {
  portal_id: number;
  scopes: string;
  access_token: string;
  refresh_token: string;
  expires_at: number;
  installed_by: string | null;
  hub_domain: string | null;
  status: InstallationStatus;
  installed_at: number;
  updated_at: number;
  uninstalled_at: number | null;
  uninstall_reason: string | null;
}

interface JobRow {
  portal_id: number;
  kind: string;
  status: JobStatus;
  checkpoint: string;
  progress: string;
  started_at: number;
  updated_at: number;
}

interface OperationRow {
  portal_id: number;
  operation_id: string;
  kind: string;
  subject: string;
  status: OperationStatus;
  plan: string;
  progress: string;
  result: string | null;
  attempts: number;
  created_at: number;
  updated_at: number;
}

/** How long a statement waits for another process's write lock before failing, ms. */
const BUSY_TIMEOUT_MS = 5_000;

/** Opens a database file (creating its directory) in WAL mode, or an in-memory database. */
function openDatabase(path: string): DatabaseSync {
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS });
  if (!inMemory) {
    // WAL lets readers proceed during a write and makes commits cheap (https://sqlite.org/wal.html).
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
  }
  return db;
}

/** Opens (creating and migrating if needed) a sqlite store. */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const { cipher } = options;
  const now = options.now ?? Date.now;
  const leaseMs = options.callbackLeaseMs ?? DEFAULT_CALLBACK_LEASE_MS;
  const ownsDatabase = 'path' in options;
  const db = ownsDatabase ? openDatabase(options.path) : options.database;
  runSqliteMigrations(db, undefined, now);

  const statements = new Map<string, StatementSync>();
  function statement(sql: string): StatementSync {
    let prepared = statements.get(sql);
    if (!prepared) {
      prepared = db.prepare(sql);
      statements.set(sql, prepared);
    }
    return prepared;
  }
  function get<Row>(sql: string, ...params: SQLInputValue[]): Row | undefined {
    return statement(sql).get(...params) as Row | undefined;
  }
  function all<Row>(sql: string, ...params: SQLInputValue[]): Row[] {
    return statement(sql).all(...params) as Row[];
  }
  function run(sql: string, ...params: SQLInputValue[]): number {
    return Number(statement(sql).run(...params).changes);
  }
  function transaction<T>(work: () => T): T {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  function toInstallation(row: InstallationRow): Installation {
    return {
      portalId: row.portal_id,
      scopes: JSON.parse(row.scopes) as string[],
      accessToken: cipher.decrypt(row.access_token),
      refreshToken: cipher.decrypt(row.refresh_token),
      expiresAt: row.expires_at,
      ...(row.installed_by === null ? {} : { installedBy: row.installed_by }),
      ...(row.hub_domain === null ? {} : { hubDomain: row.hub_domain }),
      status: row.status,
      installedAt: row.installed_at,
      updatedAt: row.updated_at,
      uninstalledAt: row.uninstalled_at,
      uninstallReason: row.uninstall_reason,
    };
  }

  function toJob(row: JobRow): Job {
    return {
      portalId: row.portal_id,
      kind: row.kind,
      status: row.status,
      checkpoint: JSON.parse(row.checkpoint) as unknown,
      progress: JSON.parse(row.progress) as unknown,
      startedAt: row.started_at,
      updatedAt: row.updated_at,
    };
  }

  function toOperation(row: OperationRow): OperationRecord {
    return {
      portalId: row.portal_id,
      operationId: row.operation_id,
      kind: row.kind,
      subject: row.subject,
      status: row.status,
      plan: JSON.parse(row.plan) as unknown,
      progress: JSON.parse(row.progress) as unknown,
      result: row.result === null ? null : (JSON.parse(row.result) as unknown),
      attempts: row.attempts,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  function readOperation(portalId: number, operationId: string): OperationRecord | null {
    const row = get<OperationRow>(
      'SELECT * FROM operations WHERE portal_id = ? AND operation_id = ?',
      portalId,
      operationId,
    );
    return row ? toOperation(row) : null;
  }

  function readInstallation(portalId: number): Installation | null {
    const row = get<InstallationRow>('SELECT * FROM installations WHERE portal_id = ?', portalId);
    return row ? toInstallation(row) : null;
  }

  function readJob(portalId: number, kind: string): Job | null {
    const row = get<JobRow>(
      'SELECT * FROM bulk_jobs WHERE portal_id = ? AND kind = ?',
      portalId,
      kind,
    );
    return row ? toJob(row) : null;
  }

  const withKeyedMutex = createKeyedMutex();

  return {
    async saveInstallation(input) {
      const valid = parseInstallationInput(input);
      const at = now();
      // A re-install after an uninstall starts a new installation; a token refresh keeps its start.
      run(
        `INSERT INTO installations (portal_id, scopes, access_token, refresh_token, expires_at,
           installed_by, hub_domain, status, installed_at, updated_at, uninstalled_at, uninstall_reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, NULL, NULL)
         ON CONFLICT (portal_id) DO UPDATE SET
           scopes = excluded.scopes,
           access_token = excluded.access_token,
           refresh_token = excluded.refresh_token,
           expires_at = excluded.expires_at,
           installed_by = COALESCE(excluded.installed_by, installations.installed_by),
           hub_domain = COALESCE(excluded.hub_domain, installations.hub_domain),
           installed_at = CASE WHEN installations.status = 'uninstalled'
             THEN excluded.installed_at ELSE installations.installed_at END,
           status = 'active',
           updated_at = excluded.updated_at,
           uninstalled_at = NULL,
           uninstall_reason = NULL`,
        valid.portalId,
        JSON.stringify(valid.scopes),
        cipher.encrypt(valid.accessToken),
        cipher.encrypt(valid.refreshToken),
        valid.expiresAt,
        valid.installedBy ?? null,
        valid.hubDomain ?? null,
        at,
        at,
      );
      return readInstallation(valid.portalId)!;
    },

    async getInstallation(portalId) {
      return readInstallation(portalId);
    },

    async markUninstalled(portalId, reason) {
      const at = now();
      return (
        run(
          `UPDATE installations SET status = 'uninstalled', uninstalled_at = ?, uninstall_reason = ?,
             updated_at = ? WHERE portal_id = ?`,
          at,
          reason,
          at,
          portalId,
        ) > 0
      );
    },

    async listInstallations() {
      return all<InstallationRow>('SELECT * FROM installations ORDER BY portal_id').map(
        toInstallation,
      );
    },

    async getSettings(portalId) {
      const row = get<{ version: number; value: string; updated_at: number; updated_by: string }>(
        'SELECT version, value, updated_at, updated_by FROM settings WHERE portal_id = ?',
        portalId,
      );
      return row
        ? {
            version: row.version,
            value: JSON.parse(row.value) as unknown,
            updatedAt: row.updated_at,
            updatedBy: row.updated_by,
          }
        : null;
    },

    async putSettings(portalId, value, { expectedVersion, updatedBy }) {
      const json = toJsonText(value);
      return transaction(() => {
        const current =
          get<{ version: number }>('SELECT version FROM settings WHERE portal_id = ?', portalId)
            ?.version ?? 0;
        if (current !== expectedVersion) return { ok: false, currentVersion: current };
        const version = current + 1;
        run(
          `INSERT INTO settings (portal_id, version, value, updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (portal_id) DO UPDATE SET version = excluded.version,
             value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
          portalId,
          version,
          json,
          now(),
          updatedBy,
        );
        return { ok: true, version };
      });
    },

    async markEventsSeen(portalId, eventIds) {
      const at = now();
      return transaction(() =>
        [...new Set(eventIds)].filter(
          (eventId) =>
            run(
              'INSERT OR IGNORE INTO seen_events (portal_id, event_id, seen_at) VALUES (?, ?, ?)',
              portalId,
              eventId,
              at,
            ) === 1,
        ),
      );
    },

    async forgetEvents(portalId, eventIds) {
      transaction(() => {
        for (const eventId of new Set(eventIds)) {
          run('DELETE FROM seen_events WHERE portal_id = ? AND event_id = ?', portalId, eventId);
        }
      });
    },

    async claimCallback(callbackId, portalId, subject) {
      const at = now();
      const objectType = subject ? normaliseObjectType(subject.objectType) : null;
      const objectId = subject?.objectId ?? null;
      return transaction((): CallbackClaim => {
        const row = get<{ state: 'running' | 'done'; result: string | null; claimed_at: number }>(
          `SELECT state, result, claimed_at FROM workflow_callbacks
           WHERE portal_id = ? AND callback_id = ?`,
          portalId,
          callbackId,
        );
        if (!row) {
          run(
            `INSERT INTO workflow_callbacks (callback_id, portal_id, state, object_type, object_id,
               claimed_at) VALUES (?, ?, 'running', ?, ?, ?)`,
            callbackId,
            portalId,
            objectType,
            objectId,
            at,
          );
          return { state: 'claimed' };
        }
        if (row.state === 'done') {
          return { state: 'done', result: JSON.parse(row.result ?? 'null') as unknown };
        }
        if (row.claimed_at + leaseMs <= at) {
          // The previous claimant outlived its lease (crashed or hung): take the callback over.
          run(
            'UPDATE workflow_callbacks SET claimed_at = ? WHERE portal_id = ? AND callback_id = ?',
            at,
            portalId,
            callbackId,
          );
          return { state: 'claimed' };
        }
        return { state: 'running' };
      });
    },

    async completeCallback(callbackId, portalId, result) {
      const changed = run(
        `UPDATE workflow_callbacks SET state = 'done', result = ?, completed_at = ?
         WHERE portal_id = ? AND callback_id = ?`,
        toJsonText(result),
        now(),
        portalId,
        callbackId,
      );
      if (changed === 0) {
        throw new Error(
          `Workflow callback ${callbackId} was never claimed, so it cannot complete.`,
        );
      }
    },

    async releaseCallback(callbackId, portalId) {
      run(
        "DELETE FROM workflow_callbacks WHERE portal_id = ? AND callback_id = ? AND state = 'running'",
        portalId,
        callbackId,
      );
    },

    async beginOperation(portalId, operationId, input) {
      const at = now();
      return transaction(() => {
        const inserted = run(
          `INSERT OR IGNORE INTO operations (portal_id, operation_id, kind, subject, status, plan,
             progress, result, attempts, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'pending', ?, ?, NULL, 0, ?, ?)`,
          portalId,
          operationId,
          input.kind,
          input.subject,
          toJsonText(input.plan),
          toJsonText(input.progress ?? {}),
          at,
          at,
        );
        return { created: inserted === 1, operation: readOperation(portalId, operationId)! };
      });
    },

    async getOperation(portalId, operationId) {
      return readOperation(portalId, operationId);
    },

    async saveOperationProgress(portalId, operationId, progress, options = {}) {
      return (
        run(
          `UPDATE operations SET progress = ?, updated_at = ?, attempts = attempts + ?
           WHERE portal_id = ? AND operation_id = ? AND status = 'pending'`,
          toJsonText(progress),
          now(),
          options.attempt ? 1 : 0,
          portalId,
          operationId,
        ) > 0
      );
    },

    async completeOperation(portalId, operationId, result) {
      const changed = run(
        `UPDATE operations SET status = 'done', result = ?, updated_at = ?
         WHERE portal_id = ? AND operation_id = ?`,
        toJsonText(result),
        now(),
        portalId,
        operationId,
      );
      if (changed === 0)
        throw new Error(`Operation ${operationId} of portal ${portalId} was never begun.`);
    },

    async listPendingOperations(query = {}) {
      const where = ["status = 'pending'"];
      const params: SQLInputValue[] = [];
      if (query.portalId !== undefined) {
        where.push('portal_id = ?');
        params.push(query.portalId);
      }
      if (query.subject !== undefined) {
        where.push('subject = ?');
        params.push(query.subject);
      }
      if (query.updatedBefore !== undefined) {
        where.push('updated_at < ?');
        params.push(query.updatedBefore);
      }
      params.push(query.limit ?? 100);
      return all<OperationRow>(
        `SELECT * FROM operations WHERE ${where.join(' AND ')}
         ORDER BY created_at, portal_id, operation_id LIMIT ?`,
        ...params,
      ).map(toOperation);
    },

    async markSignatureSeen(signature, expiresAt) {
      const at = now();
      // An expired row is a signature whose window closed: taking it again is not a replay (the
      // timestamp check refuses such a request anyway).
      return (
        run(
          `INSERT INTO seen_signatures (signature_hash, expires_at) VALUES (?, ?)
           ON CONFLICT (signature_hash) DO UPDATE SET expires_at = excluded.expires_at
             WHERE seen_signatures.expires_at <= ?`,
          signatureKey(signature),
          expiresAt,
          at,
        ) === 1
      );
    },

    async getJob(portalId, kind) {
      return readJob(portalId, kind);
    },

    async startJob(portalId, kind, initial = {}) {
      const at = now();
      return transaction(() => {
        const existing = readJob(portalId, kind);
        if (existing?.status === 'running') return { ok: false as const, running: existing };
        run(
          `INSERT INTO bulk_jobs (portal_id, kind, status, checkpoint, progress, started_at, updated_at)
           VALUES (?, ?, 'running', ?, ?, ?, ?)
           ON CONFLICT (portal_id, kind) DO UPDATE SET status = 'running',
             checkpoint = excluded.checkpoint, progress = excluded.progress,
             started_at = excluded.started_at, updated_at = excluded.updated_at`,
          portalId,
          kind,
          toJsonText(initial.checkpoint),
          toJsonText(initial.progress),
          at,
          at,
        );
        return { ok: true as const, job: readJob(portalId, kind)! };
      });
    },

    async saveJob(portalId, kind, state) {
      const at = now();
      run(
        `INSERT INTO bulk_jobs (portal_id, kind, status, checkpoint, progress, started_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (portal_id, kind) DO UPDATE SET status = excluded.status,
           checkpoint = excluded.checkpoint, progress = excluded.progress,
           updated_at = excluded.updated_at`,
        portalId,
        kind,
        state.status,
        toJsonText(state.checkpoint),
        toJsonText(state.progress),
        at,
        at,
      );
      return readJob(portalId, kind)!;
    },

    async deleteJob(portalId, kind) {
      return run('DELETE FROM bulk_jobs WHERE portal_id = ? AND kind = ?', portalId, kind) > 0;
    },

    async takeOverJob(portalId, kind, staleBefore, state) {
      return (
        run(
          `UPDATE bulk_jobs SET status = ?, checkpoint = ?, progress = ?, updated_at = ?
           WHERE portal_id = ? AND kind = ? AND status = 'running' AND updated_at < ?`,
          state.status,
          toJsonText(state.checkpoint),
          toJsonText(state.progress),
          now(),
          portalId,
          kind,
          staleBefore,
        ) > 0
      );
    },

    async listRunningJobs(kind) {
      return all<JobRow>(
        "SELECT * FROM bulk_jobs WHERE kind = ? AND status = 'running' ORDER BY portal_id",
        kind,
      ).map(toJob);
    },

    async nextRoundRobin(portalId, size, pool = 'default') {
      assertPoolSize(size);
      const row = get<{ counter: number }>(
        `INSERT INTO round_robin (portal_id, pool, counter) VALUES (?, ?, 1)
         ON CONFLICT (portal_id, pool) DO UPDATE SET counter = round_robin.counter + 1
         RETURNING counter`,
        portalId,
        pool,
      )!;
      return (row.counter - 1) % size;
    },

    withLock(key, fn) {
      return withKeyedMutex(key, fn);
    },

    async eraseContact(portalId, contactId) {
      return transaction(() => {
        const callbacks = run(
          `DELETE FROM workflow_callbacks
           WHERE portal_id = ? AND object_type = 'contact' AND object_id = ?`,
          portalId,
          contactId,
        );
        const operations = run(
          'DELETE FROM operations WHERE portal_id = ? AND subject = ?',
          portalId,
          `contact:${contactId}`,
        );
        return { callbacks, operations };
      });
    },

    async deleteInstallationData(portalId) {
      transaction(() => {
        for (const table of [
          'installations',
          'settings',
          'seen_events',
          'workflow_callbacks',
          'bulk_jobs',
          'round_robin',
          'operations',
        ]) {
          run(`DELETE FROM ${table} WHERE portal_id = ?`, portalId);
        }
      });
    },

    async pruneBefore(before) {
      return transaction(
        () =>
          run('DELETE FROM seen_events WHERE seen_at < ?', before) +
          run("DELETE FROM workflow_callbacks WHERE state = 'done' AND completed_at < ?", before) +
          run("DELETE FROM operations WHERE status = 'done' AND updated_at < ?", before) +
          run('DELETE FROM seen_signatures WHERE expires_at <= ?', now()),
      );
    },

    async close() {
      if (ownsDatabase && db.isOpen) db.close();
    },
  };
}
