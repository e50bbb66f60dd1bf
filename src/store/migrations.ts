// Versioned schema migrations: a `schema_migrations` table records each applied version, and every
// migration runs once, in order, inside a transaction with its record. Never edit a released
// migration; append a new one. Timestamps are epoch milliseconds (BIGINT / INTEGER) in both dialects,
// so both adapters share one clock (the store's injected `now`).
import type { DatabaseSync } from 'node:sqlite';
import type { Pool } from 'pg';

/** One schema change. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Where the two dialects' column types differ: portal ids and epoch-ms timestamps (`big`), JSON
 * documents (`json`, jsonb on PostgreSQL so operators can query them), and sqlite's WITHOUT ROWID
 * on tables that are nothing but their key (`keyOnly`). A table both dialects create alike is
 * written once below with these; the text it yields is exactly what each migration ran when it
 * was released.
 */
interface Dialect {
  big: 'INTEGER' | 'BIGINT';
  json: 'TEXT' | 'JSONB';
  keyOnly: ' WITHOUT ROWID' | '';
}

const SQLITE: Dialect = { big: 'INTEGER', json: 'TEXT', keyOnly: ' WITHOUT ROWID' };
const POSTGRES: Dialect = { big: 'BIGINT', json: 'JSONB', keyOnly: '' };

/** Migration 1 in either dialect. */
const initialSchema = ({ big, json, keyOnly }: Dialect) => `
      CREATE TABLE installations (
        portal_id ${big} PRIMARY KEY,
        scopes ${json} NOT NULL,
        access_token TEXT NOT NULL,
        refresh_token TEXT NOT NULL,
        expires_at ${big} NOT NULL,
        installed_by TEXT,
        hub_domain TEXT,
        status TEXT NOT NULL CHECK (status IN ('active', 'uninstalled')),
        installed_at ${big} NOT NULL,
        updated_at ${big} NOT NULL,
        uninstalled_at ${big},
        uninstall_reason TEXT
      );
      CREATE TABLE settings (
        portal_id ${big} PRIMARY KEY,
        version INTEGER NOT NULL,
        value ${json} NOT NULL,
        updated_at ${big} NOT NULL,
        updated_by TEXT NOT NULL
      );
      CREATE TABLE seen_events (
        portal_id ${big} NOT NULL,
        event_id TEXT NOT NULL,
        seen_at ${big} NOT NULL,
        PRIMARY KEY (portal_id, event_id)
      )${keyOnly};
      CREATE INDEX seen_events_seen_at ON seen_events (seen_at);
      CREATE TABLE workflow_callbacks (
        callback_id TEXT PRIMARY KEY,
        portal_id ${big} NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running', 'done')),
        object_type TEXT,
        object_id TEXT,
        result ${json},
        claimed_at ${big} NOT NULL,
        completed_at ${big}
      );
      CREATE INDEX workflow_callbacks_object ON workflow_callbacks (portal_id, object_type, object_id);
      CREATE TABLE bulk_jobs (
        portal_id ${big} NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
        checkpoint ${json} NOT NULL,
        progress ${json} NOT NULL,
        started_at ${big} NOT NULL,
        updated_at ${big} NOT NULL,
        PRIMARY KEY (portal_id, kind)
      );
      CREATE TABLE round_robin (
        portal_id ${big} NOT NULL,
        pool TEXT NOT NULL,
        counter ${big} NOT NULL,
        PRIMARY KEY (portal_id, pool)
      );
    `;

/** The part of migration 2 both dialects share, after re-keying workflow_callbacks. */
const operationsAndSignatures = ({ big, json, keyOnly }: Dialect) => `
      CREATE TABLE operations (
        portal_id ${big} NOT NULL,
        operation_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'done')),
        plan ${json} NOT NULL,
        progress ${json} NOT NULL,
        result ${json},
        attempts INTEGER NOT NULL,
        created_at ${big} NOT NULL,
        updated_at ${big} NOT NULL,
        PRIMARY KEY (portal_id, operation_id)
      );
      CREATE INDEX operations_pending ON operations (status, updated_at);
      CREATE INDEX operations_subject ON operations (portal_id, subject, status);
      CREATE TABLE seen_signatures (
        signature_hash TEXT PRIMARY KEY,
        expires_at ${big} NOT NULL
      )${keyOnly};
      CREATE INDEX seen_signatures_expires_at ON seen_signatures (expires_at);
    `;

/** Migration 3 in either dialect. */
const sectionDrafts = ({ big, json }: Dialect) => `
      CREATE TABLE section_drafts (
        portal_id ${big} NOT NULL,
        user_id TEXT NOT NULL,
        deal_id TEXT NOT NULL,
        section TEXT NOT NULL,
        content ${json} NOT NULL,
        base_rev INTEGER NOT NULL,
        base_content ${json} NOT NULL,
        updated_at ${big} NOT NULL,
        PRIMARY KEY (portal_id, user_id, deal_id, section)
      );
      CREATE INDEX section_drafts_updated_at ON section_drafts (updated_at);
    `;

/**
 * SQLite cannot change a table's primary key in place: a migration that re-keys one creates
 * `<table>_v<version>` with the new `columns`, copies the rows (`select`, in the new column order),
 * drops the old table, renames the new one and re-creates its `index`.
 */
const sqliteRebuild = (r: {
  table: string;
  version: number;
  columns: string;
  select: string;
  index: string;
}) => {
  const next = `${r.table}_v${r.version}`;
  return `
      CREATE TABLE ${next} (${r.columns}
      );
      INSERT INTO ${next} SELECT ${r.select} FROM ${r.table};
      DROP TABLE ${r.table};
      ALTER TABLE ${next} RENAME TO ${r.table};
      CREATE INDEX ${r.index};`;
};

/** Migrations for node:sqlite. */
export const sqliteMigrations: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: initialSchema(SQLITE) },
  {
    version: 2,
    name: 'callbacks keyed by portal, durable operations, seen signatures',
    // A callbackId was unique on its own, so the same id from two portals met one row (issue 13);
    // rows are kept, now under (portal_id, callback_id).
    sql:
      sqliteRebuild({
        table: 'workflow_callbacks',
        version: 2,
        columns: `
        portal_id INTEGER NOT NULL,
        callback_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running', 'done')),
        object_type TEXT,
        object_id TEXT,
        result TEXT,
        claimed_at INTEGER NOT NULL,
        completed_at INTEGER,
        PRIMARY KEY (portal_id, callback_id)`,
        select: `portal_id, callback_id, state, object_type,
        object_id, result, claimed_at, completed_at`,
        index:
          'workflow_callbacks_object ON workflow_callbacks (portal_id, object_type, object_id)',
      }) + operationsAndSignatures(SQLITE),
  },
  {
    version: 3,
    name: 'section drafts',
    // A user's unsaved edit of one plan section survives a browser reload (issue 18).
    sql: sectionDrafts(SQLITE),
  },
  {
    version: 4,
    name: 'drafts of deals and companies',
    // The company card's profile keeps drafts too; HubSpot ids are unique per object type only,
    // so the key names the type. Deal drafts are kept (object_type 'deal').
    sql: `${sqliteRebuild({
      table: 'section_drafts',
      version: 4,
      columns: `
        portal_id INTEGER NOT NULL,
        user_id TEXT NOT NULL,
        object_type TEXT NOT NULL CHECK (object_type IN ('deal', 'company')),
        record_id TEXT NOT NULL,
        section TEXT NOT NULL,
        content TEXT NOT NULL,
        base_rev INTEGER NOT NULL,
        base_content TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (portal_id, user_id, object_type, record_id, section)`,
      select: `portal_id, user_id, 'deal', deal_id, section, content,
        base_rev, base_content, updated_at`,
      index: 'section_drafts_updated_at ON section_drafts (updated_at)',
    })}
    `,
  },
];

/** Migrations for PostgreSQL (JSON documents as jsonb, so operators can query them). */
export const postgresMigrations: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: initialSchema(POSTGRES) },
  {
    version: 2,
    name: 'callbacks keyed by portal, durable operations, seen signatures',
    // A callbackId was unique on its own, so the same id from two portals met one row (issue 13).
    sql:
      `
      ALTER TABLE workflow_callbacks DROP CONSTRAINT workflow_callbacks_pkey;
      ALTER TABLE workflow_callbacks ADD PRIMARY KEY (portal_id, callback_id);` +
      operationsAndSignatures(POSTGRES),
  },
  {
    version: 3,
    name: 'section drafts',
    // A user's unsaved edit of one plan section survives a browser reload (issue 18).
    sql: sectionDrafts(POSTGRES),
  },
  {
    version: 4,
    name: 'drafts of deals and companies',
    // The company card's profile keeps drafts too; HubSpot ids are unique per object type only.
    sql: `
      ALTER TABLE section_drafts RENAME COLUMN deal_id TO record_id;
      ALTER TABLE section_drafts ADD COLUMN object_type TEXT NOT NULL DEFAULT 'deal'
        CHECK (object_type IN ('deal', 'company'));
      ALTER TABLE section_drafts ALTER COLUMN object_type DROP DEFAULT;
      ALTER TABLE section_drafts DROP CONSTRAINT section_drafts_pkey;
      ALTER TABLE section_drafts ADD PRIMARY KEY (portal_id, user_id, object_type, record_id, section);
    `,
  },
];

const CREATE_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at BIGINT NOT NULL
  )`;

/** Checks a migration list is strictly increasing, so "in order" means something. */
function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (previous && migration.version <= previous.version) {
      throw new Error(
        `Migration ${migration.version} ("${migration.name}") must come after ${previous.version}.`,
      );
    }
  });
}

/** Applies pending migrations to a sqlite database; returns the versions applied now. */
export function runSqliteMigrations(
  db: DatabaseSync,
  migrations: readonly Migration[] = sqliteMigrations,
  now: () => number = Date.now,
): number[] {
  assertOrdered(migrations);
  db.exec(CREATE_MIGRATIONS_TABLE);
  const applied: number[] = [];
  for (const migration of migrations) {
    // BEGIN IMMEDIATE takes the write lock before reading, so two processes opening one file
    // cannot both decide a migration is pending.
    db.exec('BEGIN IMMEDIATE');
    try {
      const done = db
        .prepare('SELECT 1 FROM schema_migrations WHERE version = ?')
        .get(migration.version);
      if (!done) {
        db.exec(migration.sql);
        db.prepare(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
        ).run(migration.version, migration.name, now());
        applied.push(migration.version);
      }
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  return applied;
}

/** Applies pending migrations to PostgreSQL (in the pool's search_path); returns the versions applied now. */
export async function runPostgresMigrations(
  pool: Pool,
  migrations: readonly Migration[] = postgresMigrations,
  now: () => number = Date.now,
): Promise<number[]> {
  assertOrdered(migrations);
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('BEGIN');
    try {
      // Replicas starting together queue here instead of racing to create the same tables.
      await client.query(
        "SELECT pg_advisory_xact_lock(hashtextextended('schema_migrations:' || current_schema(), 0))",
      );
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { rows } = await client.query<{ version: number }>(
        'SELECT version FROM schema_migrations',
      );
      const done = new Set(rows.map((row) => Number(row.version)));
      for (const migration of migrations) {
        if (done.has(migration.version)) continue;
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
          [migration.version, migration.name, now()],
        );
        applied.push(migration.version);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
  }
  return applied;
}
