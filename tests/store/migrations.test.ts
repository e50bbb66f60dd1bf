import { DatabaseSync } from 'node:sqlite';
import { runSqliteMigrations, sqliteMigrations } from '../../src/store/migrations.ts';
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
