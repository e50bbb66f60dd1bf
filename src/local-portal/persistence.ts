// Optional persistence of the local portal (CRM registry snapshot + OAuth tokens) in one node:sqlite
// file, so `npm start` keeps its demo data between runs. Saving is debounced: a burst of writes costs
// one save; close() saves what is pending.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** What is stored. */
export interface PortalSnapshot {
  registry?: unknown;
  oauth?: unknown;
}

/** A key-value store of snapshots in one SQLite file. */
export interface PortalPersistence {
  /** The snapshot saved last, or undefined for a new file. */
  load(): PortalSnapshot | undefined;
  /** Saves now. */
  save(snapshot: PortalSnapshot): void;
  /** Saves `read()` after `debounceMs` of quiet; repeated calls push the save back. */
  scheduleSave(read: () => PortalSnapshot): void;
  /** Saves anything pending and closes the file. */
  close(): void;
}

/** Opens (creating if needed) the persistence file at `path` (':memory:' for none on disk). */
export function openPortalPersistence(path: string, debounceMs = 250): PortalPersistence {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec(
    'CREATE TABLE IF NOT EXISTS local_portal_state (key TEXT PRIMARY KEY, value TEXT NOT NULL, saved_at INTEGER NOT NULL)',
  );
  const upsert = db.prepare(
    'INSERT INTO local_portal_state (key, value, saved_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, saved_at = excluded.saved_at',
  );
  let timer: NodeJS.Timeout | undefined;
  let pending: (() => PortalSnapshot) | undefined;
  let closed = false;

  function save(snapshot: PortalSnapshot): void {
    const now = Date.now();
    db.exec('BEGIN');
    try {
      for (const [key, value] of Object.entries(snapshot)) {
        if (value !== undefined) upsert.run(key, JSON.stringify(value), now);
      }
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const read = pending;
    pending = undefined;
    if (read) save(read());
  }

  return {
    load() {
      const rows = db.prepare('SELECT key, value FROM local_portal_state').all() as Array<{
        key: string;
        value: string;
      }>;
      if (rows.length === 0) return undefined;
      const snapshot: PortalSnapshot = {};
      for (const row of rows) {
        if (row.key === 'registry' || row.key === 'oauth')
          snapshot[row.key] = JSON.parse(row.value);
      }
      return snapshot;
    },
    save,
    scheduleSave(read) {
      if (closed) return;
      pending = read;
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, debounceMs);
      timer.unref();
    },
    close() {
      if (closed) return;
      flush();
      closed = true;
      db.close();
    },
  };
}
