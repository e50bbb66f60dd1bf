import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DEFAULT_SQLITE_PATH, createStore, parseDatabaseUrl } from '../../src/store/index.ts';
import { createTokenCipher } from '../../src/store/token-cipher.ts';

describe('parseDatabaseUrl', () => {
  it.each([
    [
      'postgres://u:p@db:5432/app',
      { kind: 'postgres', connectionString: 'postgres://u:p@db:5432/app' },
    ],
    ['postgresql://db/app', { kind: 'postgres', connectionString: 'postgresql://db/app' }],
    [undefined, { kind: 'sqlite', path: DEFAULT_SQLITE_PATH }],
    ['', { kind: 'sqlite', path: DEFAULT_SQLITE_PATH }],
    ['./data/app.sqlite', { kind: 'sqlite', path: './data/app.sqlite' }],
    ['/var/lib/app/store.db', { kind: 'sqlite', path: '/var/lib/app/store.db' }],
    [':memory:', { kind: 'sqlite', path: ':memory:' }],
    ['sqlite:./data/app.sqlite', { kind: 'sqlite', path: './data/app.sqlite' }],
    ['sqlite:///var/lib/app.db', { kind: 'sqlite', path: '/var/lib/app.db' }],
    ['sqlite::memory:', { kind: 'sqlite', path: ':memory:' }],
  ])('reads %j as %j', (url, target) => {
    expect(parseDatabaseUrl(url)).toEqual(target);
  });

  it.each(['mysql://db/app', 'https://example.com/db', 'mongodb+srv://cluster/app'])(
    'rejects the unsupported scheme of %j naming DATABASE_URL',
    (url) => {
      expect(() => parseDatabaseUrl(url)).toThrow(/DATABASE_URL uses the unsupported scheme/);
    },
  );

  it('rejects a sqlite: URL without a file', () => {
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(/DATABASE_URL "sqlite:" names no file/);
  });
});

describe('createStore', () => {
  const cipher = createTokenCipher([{ kid: 'k', key: randomBytes(32) }]);

  it('opens a sqlite file named with the sqlite: prefix, creating its directory', async () => {
    // GIVEN a path whose directory does not exist yet
    const directory = mkdtempSync(join(tmpdir(), 'create-store-'));
    const path = join(directory, 'deep', 'er', 'store.sqlite');
    try {
      // WHEN the store is created from a sqlite: URL and used
      const store = await createStore({ databaseUrl: `sqlite:${path}`, cipher });
      await store.putSettings(1, { a: 1 }, { expectedVersion: 0, updatedBy: 'u' });
      await store.close();
      // THEN the file exists and holds the data on reopening
      expect(existsSync(path)).toBe(true);
      const reopened = await createStore({ databaseUrl: path, cipher });
      expect(await reopened.getSettings(1)).toMatchObject({ version: 1, value: { a: 1 } });
      await reopened.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses an unknown scheme before connecting anywhere', async () => {
    await expect(createStore({ databaseUrl: 'redis://cache', cipher })).rejects.toThrow(
      /DATABASE_URL/,
    );
  });
});
