// Picks the store adapter from DATABASE_URL: PostgreSQL for scale-out, node:sqlite otherwise.
import { createPostgresStore } from './postgres-store.ts';
import { createSqliteStore } from './sqlite-store.ts';
import type { Store, StoreClockOptions } from './store.ts';
import type { TokenCipher } from './token-cipher.ts';

export type * from './store.ts';
export { createTokenCipher, parseEncryptionKeys } from './token-cipher.ts';
export type { TokenCipher } from './token-cipher.ts';

/** The embedded database file used when DATABASE_URL is not set. */
export const DEFAULT_SQLITE_PATH = './data/opportunity-plan.sqlite';

/** Which adapter a DATABASE_URL selects, and with what target. */
export type DatabaseTarget =
  { kind: 'postgres'; connectionString: string } | { kind: 'sqlite'; path: string };

/** Interprets DATABASE_URL; throws naming DATABASE_URL when the scheme is not supported. */
export function parseDatabaseUrl(databaseUrl: string | undefined): DatabaseTarget {
  const url = databaseUrl?.trim() || DEFAULT_SQLITE_PATH;
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', connectionString: url };
  if (/^sqlite:/i.test(url)) {
    // `sqlite:./file`, `sqlite:/abs/file`, `sqlite:///abs/file`, `sqlite::memory:`.
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') {
      throw new Error('DATABASE_URL "sqlite:" names no file — write sqlite:./data/app.sqlite.');
    }
    return { kind: 'sqlite', path };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
  if (scheme) {
    throw new Error(
      `DATABASE_URL uses the unsupported scheme "${scheme}:" — use postgres:// (or postgresql://) ` +
        'for PostgreSQL, or a file path (optionally prefixed sqlite:) for the embedded database.',
    );
  }
  return { kind: 'sqlite', path: url };
}

/** Options for `createStore`. */
export interface CreateStoreOptions extends StoreClockOptions {
  /** DATABASE_URL: `postgres://…`, `postgresql://…`, a sqlite file path, `sqlite:<path>` or `:memory:`. */
  databaseUrl?: string;
  cipher: TokenCipher;
  /** PostgreSQL only: the schema holding the tables; default `public`. */
  schema?: string;
}

/** Opens the store DATABASE_URL names (migrating it), ready to use. */
export async function createStore(options: CreateStoreOptions): Promise<Store> {
  const { databaseUrl, schema, ...rest } = options;
  const target = parseDatabaseUrl(databaseUrl);
  return target.kind === 'postgres'
    ? createPostgresStore({
        ...rest,
        connectionString: target.connectionString,
        ...(schema === undefined ? {} : { schema }),
      })
    : createSqliteStore({ ...rest, path: target.path });
}
