// The embedded store: node:sqlite (built into Node 24, no native addon) in one local file. It serves
// one backend process: statements run synchronously on one connection, and the driver runs the
// store's calls one after another, so a transaction's statements never interleave with another
// call's. Every rule of the store is one atomic statement (src/store/sql/sql-store.ts), so a second
// process on the same file (a CLI, say) cannot break it either. Scale-out is PostgreSQL's job.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { StatementSync } from 'node:sqlite';
import { createKeyedMutex } from './keyed-mutex.ts';
import { runSqliteMigrations } from './migrations.ts';
import type { SqlDriver, SqlExecutor, SqlValue } from './sql/driver.ts';
import { createSqlStore } from './sql/sql-store.ts';
import type { Store, StoreClockOptions } from './store.ts';
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

/** A statement in sqlite's terms: `$n` placeholders become `?`, bound in order of appearance. */
interface SqliteStatement {
  prepared: StatementSync;
  /** For each `?`, the index of the store's parameter it binds. */
  order: number[];
}

/** The sqlite driver over one connection. */
function sqliteDriver(db: DatabaseSync, ownsDatabase: boolean): SqlDriver {
  const statements = new Map<string, SqliteStatement>();
  function statement(sql: string): SqliteStatement {
    let found = statements.get(sql);
    if (!found) {
      const order: number[] = [];
      const text = sql.replace(/\$(\d+)/g, (_, index: string) => {
        order.push(Number(index) - 1);
        return '?';
      });
      found = { prepared: db.prepare(text), order };
      statements.set(sql, found);
    }
    return found;
  }
  const bind = (found: SqliteStatement, params: readonly SqlValue[]): SqlValue[] =>
    found.order.map((index) => params[index] ?? null);

  const direct: SqlExecutor = {
    rows: async <Row extends object>(sql: string, params: readonly SqlValue[] = []) => {
      const found = statement(sql);
      return found.prepared.all(...bind(found, params)) as Row[];
    },
    run: async (sql, params = []) => {
      const found = statement(sql);
      return Number(found.prepared.run(...bind(found, params)).changes);
    },
  };

  // One call at a time: a transaction awaits between its statements, and another call's statement
  // run meanwhile on this one connection would join (and roll back with) it.
  let tail: Promise<unknown> = Promise.resolve();
  function serially<T>(work: () => Promise<T>): Promise<T> {
    const result = tail.then(work);
    tail = result.catch(() => undefined);
    return result;
  }
  const withKeyedMutex = createKeyedMutex();

  return {
    rows: (sql, params) => serially(() => direct.rows(sql, params)),
    run: (sql, params) => serially(() => direct.run(sql, params)),
    transaction: (work) =>
      serially(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(direct);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      }),
    withLock: withKeyedMutex,
    json: (raw) => JSON.parse(String(raw)) as unknown,
    textElements: (placeholder) => `json_each(${placeholder})`,
    close: async () => {
      if (ownsDatabase && db.isOpen) db.close();
    },
  };
}

/** Opens (creating and migrating if needed) a sqlite store. */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const ownsDatabase = 'path' in options;
  const db = ownsDatabase ? openDatabase(options.path) : options.database;
  runSqliteMigrations(db, undefined, options.now ?? Date.now);
  return createSqlStore(sqliteDriver(db, ownsDatabase), options);
}
