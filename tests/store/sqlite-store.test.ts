import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { createTokenCipher } from '../../src/store/token-cipher.ts';
import { describeStoreContract } from './store-contract.ts';
import type { StoreHarnessOptions } from './store-contract.ts';

/** Reads the stored token columns straight from the database, bypassing the store. */
function readRawTokens(db: DatabaseSync, portalId: number): string[] {
  const row = db
    .prepare('SELECT access_token, refresh_token FROM installations WHERE portal_id = ?')
    .get(portalId) as { access_token: string; refresh_token: string } | undefined;
  return row ? [row.access_token, row.refresh_token] : [];
}

/** Reads the stored token columns from the file through a second, read-only connection. */
function readRawTokensFromFile(path: string, portalId: number): string[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return readRawTokens(db, portalId);
  } finally {
    db.close();
  }
}

describeStoreContract('sqlite (temporary file)', async (options: StoreHarnessOptions) => {
  const directory = mkdtempSync(join(tmpdir(), 'store-test-'));
  // A nested path proves the parent directory is created.
  const path = join(directory, 'nested', 'store.sqlite');
  const store = createSqliteStore({ ...options, path });
  return {
    store,
    readRawTokens: async (portalId) => readRawTokensFromFile(path, portalId),
    dispose: async () => {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
});

describeStoreContract('sqlite (:memory:)', async (options: StoreHarnessOptions) => {
  // An in-memory database is private to its connection, so the test opens it and shares it.
  const database = new DatabaseSync(':memory:');
  const store = createSqliteStore({ ...options, database });
  return {
    store,
    readRawTokens: async (portalId) => readRawTokens(database, portalId),
    dispose: async () => {
      await store.close();
      database.close();
    },
  };
});

describe('sqlite store on a file', () => {
  it('uses WAL mode and keeps data across reopening', async () => {
    // GIVEN a store on a file with an installation
    const directory = mkdtempSync(join(tmpdir(), 'store-test-'));
    const path = join(directory, 'store.sqlite');
    const cipher = createTokenCipher([{ kid: 'k', key: randomBytes(32) }]);
    try {
      const first = createSqliteStore({ path, cipher });
      await first.saveInstallation({
        portalId: 7,
        scopes: ['oauth'],
        accessToken: 'a',
        refreshToken: 'r',
        expiresAt: 1,
      });
      await first.close();
      // WHEN it is reopened THEN the installation is there, and the journal is WAL
      const second = createSqliteStore({ path, cipher });
      expect(await second.getInstallation(7)).toMatchObject({
        accessToken: 'a',
        refreshToken: 'r',
      });
      await second.close();
      const db = new DatabaseSync(path);
      expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
      db.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
