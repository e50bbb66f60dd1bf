// What the SQL store needs from a database: run a statement, run several in one transaction, hold
// a named lock, read a JSON column. One driver per database (sqlite-store.ts, postgres-store.ts);
// every statement of the store is written once, in the dialect both share (PostgreSQL's `$1`
// placeholders, `INSERT … ON CONFLICT … RETURNING`, guarded `UPDATE … RETURNING`; SQLite ≥ 3.35
// runs them too, https://sqlite.org/lang_upsert.html, https://sqlite.org/lang_returning.html).
import type { KeyedMutex } from '../keyed-mutex.ts';

/** A value bound to a `$n` placeholder: JSON documents are bound as their text. */
export type SqlValue = string | number | null;

/** Runs statements on one connection (or the pool). */
export interface SqlExecutor {
  /** Runs a statement and answers its rows (a `SELECT`, or a write with `RETURNING`). */
  rows<Row extends object>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Runs a write and answers how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

/** One database as the SQL store uses it. */
export interface SqlDriver extends SqlExecutor {
  /** Runs `work` in one transaction: all its statements commit together, or none. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs `fn` while holding the lock named `key` (serialising every process that shares it). */
  withLock: KeyedMutex;
  /** A JSON column as read: sqlite answers its text, PostgreSQL's jsonb the parsed value. */
  json(raw: unknown): unknown;
  /**
   * A table expression with one text column `value` holding the elements of the JSON array
   * bound at `placeholder` (`$2`), for set-at-once statements (`… FROM ${textElements('$2')}`).
   */
  textElements(placeholder: string): string;
  /** Releases the connection(s). */
  close(): Promise<void>;
}
