import { createHash } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import {
  postgresMigrations,
  runSqliteMigrations,
  sqliteMigrations,
} from '../../src/store/migrations.ts';
import type { Migration } from '../../src/store/migrations.ts';

// PostgreSQL's runner is exercised in tests/store/postgres-store.test.ts (needs TEST_DATABASE_URL).
describe('runSqliteMigrations', () => {
  let db: DatabaseSync;

  beforeEach(() => {
    db = new DatabaseSync(':memory:');
  });

  afterEach(() => {
    db.close();
  });

  function appliedVersions(): number[] {
    return (
      db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{
        version: number;
      }>
    ).map((row) => row.version);
  }

  it('applies every migration once, in order, and nothing on a second run', () => {
    // WHEN migrations run twice
    const first = runSqliteMigrations(db);
    const second = runSqliteMigrations(db);
    // THEN the first run applied all of them, the second none, each recorded once
    expect(first).toEqual(sqliteMigrations.map((migration) => migration.version));
    expect(second).toEqual([]);
    expect(appliedVersions()).toEqual(first);
  });

  it('applies only the migrations added since the last run', () => {
    // GIVEN a database at version 1
    runSqliteMigrations(db, [{ version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER)' }]);
    // WHEN a list with a new version 2 runs
    const later: Migration[] = [
      { version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER)' },
      { version: 2, name: 'b', sql: 'ALTER TABLE a ADD COLUMN y TEXT' },
    ];
    // THEN only version 2 runs (re-running 1 would fail: table a exists)
    expect(runSqliteMigrations(db, later)).toEqual([2]);
    expect(appliedVersions()).toEqual([1, 2]);
  });

  it('rolls back a failing migration so it is retried next time', () => {
    const broken: Migration[] = [
      { version: 1, name: 'ok', sql: 'CREATE TABLE a (x INTEGER)' },
      { version: 2, name: 'broken', sql: 'CREATE TABLE b (x INTEGER); NOT SQL' },
    ];
    expect(() => runSqliteMigrations(db, broken)).toThrow();
    expect(appliedVersions()).toEqual([1]);
    // b was created inside the failed migration and rolled back with it
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
  });

  it('refuses a list that is not in increasing version order', () => {
    expect(() =>
      runSqliteMigrations(db, [
        { version: 2, name: 'b', sql: 'SELECT 1' },
        { version: 1, name: 'a', sql: 'SELECT 1' },
      ]),
    ).toThrow(/Migration 1 \("a"\) must come after 2/);
  });
});

describe('migration 2 (callbacks keyed by portal)', () => {
  it('keeps the callbacks recorded before it, now under (portal, callbackId)', () => {
    const db = new DatabaseSync(':memory:');
    try {
      // GIVEN a database at version 1 with a finished callback
      runSqliteMigrations(db, sqliteMigrations.slice(0, 1));
      db.prepare(
        `INSERT INTO workflow_callbacks (callback_id, portal_id, state, result, claimed_at, completed_at)
         VALUES ('cb-1', 7, 'done', '"r"', 1, 2)`,
      ).run();
      // WHEN the later migrations run
      expect(runSqliteMigrations(db)).toEqual(
        sqliteMigrations.slice(1).map((migration) => migration.version),
      );
      // THEN the row survived, and the same id may now exist once per portal
      expect(
        db.prepare('SELECT portal_id, callback_id, state FROM workflow_callbacks').all(),
      ).toEqual([{ portal_id: 7, callback_id: 'cb-1', state: 'done' }]);
      db.prepare(
        `INSERT INTO workflow_callbacks (callback_id, portal_id, state, claimed_at)
         VALUES ('cb-1', 8, 'running', 3)`,
      ).run();
      expect(() =>
        db
          .prepare(
            `INSERT INTO workflow_callbacks (callback_id, portal_id, state, claimed_at)
             VALUES ('cb-1', 8, 'running', 4)`,
          )
          .run(),
      ).toThrow(/UNIQUE/);
    } finally {
      db.close();
    }
  });
});

describe('migration 4 (drafts of deals and companies)', () => {
  it('keeps the deal drafts put before it, now typed deal, and lets a company share an id', () => {
    const db = new DatabaseSync(':memory:');
    try {
      // GIVEN a database at version 3 with a user's draft of deal 101
      runSqliteMigrations(db, sqliteMigrations.slice(0, 3));
      db.prepare(
        `INSERT INTO section_drafts
           (portal_id, user_id, deal_id, section, content, base_rev, base_content, updated_at)
         VALUES (7, '77', '101', 'competition', '{}', 2, '{}', 5)`,
      ).run();
      // WHEN migration 4 runs
      expect(runSqliteMigrations(db)).toEqual([4]);
      // THEN the draft is the deal's, and company 101 may keep a draft of the same section
      expect(
        db.prepare('SELECT object_type, record_id, section, base_rev FROM section_drafts').all(),
      ).toEqual([{ object_type: 'deal', record_id: '101', section: 'competition', base_rev: 2 }]);
      db.prepare(
        `INSERT INTO section_drafts (portal_id, user_id, object_type, record_id, section, content,
           base_rev, base_content, updated_at)
         VALUES (7, '77', 'company', '101', 'competition', '{}', 1, '{}', 6)`,
      ).run();
      expect(db.prepare('SELECT COUNT(*) AS n FROM section_drafts').get()).toEqual({ n: 2 });
    } finally {
      db.close();
    }
  });
});

describe('released migrations', () => {
  // A released migration has run in customers' databases: its text must never change (a change
  // would not run again there, so the schemas would drift apart). The fingerprints were taken when
  // each was released; append a new migration instead of editing one.
  const RELEASED = {
    sqlite: ['374eeb7af30c273a', '434da785295d4865', '528f14b63e96d389', '5ef53fa0885f90b4'],
    postgres: ['4b8652c4c8f0f5df', 'eaccb092dad211b3', 'cff1c65b44e30c8e', 'fc5b4461fded31fd'],
  };
  const fingerprint = (migration: Migration) =>
    createHash('sha256').update(migration.sql).digest('hex').slice(0, 16);

  it.each([
    ['sqlite', sqliteMigrations],
    ['postgres', postgresMigrations],
  ] as const)('keeps the text of every released %s migration', (dialect, migrations) => {
    const released = RELEASED[dialect];
    expect(migrations.slice(0, released.length).map(fingerprint)).toEqual(released);
  });
});
