import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { postgresMigrations, runPostgresMigrations } from '../../src/store/migrations.ts';
import { createPostgresStore } from '../../src/store/postgres-store.ts';
import { createStore } from '../../src/store/index.ts';
import { createTokenCipher } from '../../src/store/token-cipher.ts';
import type { Store } from '../../src/store/store.ts';
import { describeStoreContract } from './store-contract.ts';
import type { StoreHarnessOptions } from './store-contract.ts';

const databaseUrl = process.env.TEST_DATABASE_URL;

// These tests need a real PostgreSQL server, which not every machine has. With TEST_DATABASE_URL
// set (CI sets it, see .ci/run) they run; without it they are registered as skipped, so jest's
// summary shows them as skipped rather than passing, and the message below says why.
const describeIfPostgres = databaseUrl ? describe : describe.skip;

if (!databaseUrl) {
  console.warn(
    'PostgreSQL store tests skipped: TEST_DATABASE_URL is not set ' +
      '(e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test).',
  );
}

/** A schema name no other run uses, so parallel runs and leftovers cannot interfere. */
function uniqueSchemaName(): string {
  return `store_test_${process.pid}_${randomBytes(6).toString('hex')}`;
}

/** Drops a test schema and everything in it. */
async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

describeStoreContract(
  'PostgreSQL',
  async (options: StoreHarnessOptions) => {
    const schema = uniqueSchemaName();
    const open = () =>
      createPostgresStore({ ...options, connectionString: databaseUrl!, schema, poolSize: 4 });
    const store = await open();
    const replicas: Store[] = [];
    return {
      store,
      readRawTokens: async (portalId) => {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        try {
          const { rows } = await client.query<{ access_token: string; refresh_token: string }>(
            `SELECT access_token, refresh_token FROM "${schema}".installations WHERE portal_id = $1`,
            [portalId],
          );
          return rows.flatMap((row) => [row.access_token, row.refresh_token]);
        } finally {
          await client.end();
        }
      },
      openReplica: async () => {
        const replica = await open();
        replicas.push(replica);
        return replica;
      },
      dispose: async () => {
        await Promise.all([store, ...replicas].map((each) => each.close()));
        await dropSchema(schema);
      },
    };
  },
  { describe: describeIfPostgres, spansReplicas: true },
);

describeIfPostgres('PostgreSQL store set-up', () => {
  const cipher = createTokenCipher([{ kid: 'k', key: randomBytes(32) }]);
  let schema: string;

  beforeEach(() => {
    schema = uniqueSchemaName();
  });

  afterEach(async () => {
    await dropSchema(schema);
  });

  it('applies each migration once, however often and however concurrently it starts', async () => {
    // GIVEN three replicas starting at the same time on one fresh schema
    const stores = await Promise.all(
      [1, 2, 3].map(() => createPostgresStore({ connectionString: databaseUrl!, cipher, schema })),
    );
    // WHEN one more migration run happens
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      options: `-c search_path=${schema}`,
    });
    try {
      // THEN nothing is pending, and each version is recorded once
      expect(await runPostgresMigrations(pool)).toEqual([]);
      const { rows } = await pool.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(rows.map((row) => row.version)).toEqual(
        postgresMigrations.map((migration) => migration.version),
      );
    } finally {
      await pool.end();
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('is chosen by createStore for a postgres:// DATABASE_URL', async () => {
    // GIVEN a store opened through createStore with a postgres:// URL
    const store = await createStore({ databaseUrl: databaseUrl!, cipher, schema });
    try {
      // THEN its tables were created in PostgreSQL, in the schema asked for
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query(
          'SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2',
          [schema, 'installations'],
        );
        expect(rows).toHaveLength(1);
      } finally {
        await client.end();
      }
    } finally {
      await store.close();
    }
  });

  it('rejects a schema name that is not a plain identifier', async () => {
    await expect(
      createPostgresStore({ connectionString: databaseUrl!, cipher, schema: 'x"; DROP' }),
    ).rejects.toThrow(/schema/);
  });
});
