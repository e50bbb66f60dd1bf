// The scale-out store: PostgreSQL shared by several stateless backend replicas. Every "exactly once"
// and compare-and-set rule is one atomic statement (src/store/sql/sql-store.ts), so replicas need no
// coordination beyond the database. Per-record serialisation uses session advisory locks
// (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS) held on a
// connection from a separate pool, so work inside a lock can always get a query connection.
import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import { createKeyedMutex } from './keyed-mutex.ts';
import { runPostgresMigrations } from './migrations.ts';
import type { SqlDriver, SqlExecutor, SqlValue } from './sql/driver.ts';
import { createSqlStore } from './sql/sql-store.ts';
import type { Store, StoreClockOptions } from './store.ts';
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

const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** Runs `work` in a transaction on one connection of `pool` (rolled back if it throws). */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
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

/** Creates the schema if missing. IF NOT EXISTS alone races between replicas starting together (a
 * duplicate-key error on pg_namespace), so creators queue on an advisory lock named after it. */
async function createSchema(pool: Pool, schema: string): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query(
      "SELECT pg_advisory_xact_lock(hashtextextended('create_schema:' || $1, 0))",
      [schema],
    );
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  });
}

/** Statements on a pool or one transaction's connection. */
function executor(on: Pool | PoolClient): SqlExecutor {
  return {
    rows: async <Row extends object>(sql: string, params: readonly SqlValue[] = []) =>
      (await on.query<Row>(sql, [...params])).rows,
    run: async (sql, params = []) => (await on.query(sql, [...params])).rowCount ?? 0,
  };
}

/** Holds the advisory lock of `key` on a connection of `lockPool` while `fn` runs. */
async function withAdvisoryLock<T>(lockPool: Pool, key: string, fn: () => Promise<T>): Promise<T> {
  const client = await lockPool.connect();
  let unlocked = false;
  try {
    // hashtextextended maps the key to the 64-bit lock id (PostgreSQL ≥ 11).
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
}

/** The PostgreSQL driver over a query pool and a lock pool. */
function postgresDriver(pool: Pool, lockPool: Pool): SqlDriver {
  const withKeyedMutex = createKeyedMutex();
  return {
    ...executor(pool),
    transaction: (work) => inTransaction(pool, (client) => work(executor(client))),
    // Callers in this replica queue in memory first, so a replica holds one lock connection per
    // key; the advisory lock then serialises across replicas.
    withLock: (key, fn) => withKeyedMutex(key, () => withAdvisoryLock(lockPool, key, fn)),
    json: (raw) => raw,
    textElements: (placeholder) => `jsonb_array_elements_text(${placeholder}::jsonb) AS ids(value)`,
    close: async () => {
      await Promise.all([pool.end(), lockPool.end()]);
    },
  };
}

/** Connects, creates the schema if needed, migrates, and returns a PostgreSQL store. */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_PATTERN.test(schema)) {
    throw new Error(
      `PostgreSQL schema "${schema}" must be lower-case letters, digits and "_" (at most 63).`,
    );
  }
  // search_path is set per connection at start-up, so every unqualified table name is in `schema`.
  const connection = {
    connectionString: options.connectionString,
    options: `-c search_path=${schema}`,
  };
  const pool: Pool = new pg.Pool({ ...connection, max: options.poolSize ?? 10 });
  const lockPool: Pool = new pg.Pool({ ...connection, max: options.lockPoolSize ?? 10 });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next checkout simply gets a fresh connection.
  pool.on('error', () => undefined);
  lockPool.on('error', () => undefined);

  try {
    await createSchema(pool, schema);
    await runPostgresMigrations(pool, undefined, options.now ?? Date.now);
  } catch (error) {
    await Promise.allSettled([pool.end(), lockPool.end()]);
    throw error;
  }
  return createSqlStore(postgresDriver(pool, lockPool), options);
}
