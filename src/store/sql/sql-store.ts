// The Store over a SQL database: every method written once, run by a driver (sqlite-store.ts,
// postgres-store.ts). Every "exactly once" and compare-and-set rule is one atomic statement
// (INSERT … ON CONFLICT … RETURNING, or a guarded UPDATE), so several processes sharing the
// database need no coordination beyond it.
import { DEFAULT_CALLBACK_LEASE_MS, assembleStore } from '../store.ts';
import type { Store, StoreClockOptions, StoreParts } from '../store.ts';
import type { TokenCipher } from '../token-cipher.ts';
import type { SqlStoreContext } from './context.ts';
import { deliveryMethods } from './deliveries.ts';
import { draftMethods } from './drafts.ts';
import type { SqlDriver } from './driver.ts';
import { installationMethods } from './installations.ts';
import { jobMethods } from './jobs.ts';
import { maintenanceMethods } from './maintenance.ts';
import { operationMethods } from './operations.ts';
import { createRowMapper } from './rows.ts';

const SQL_STORE_PARTS: StoreParts<SqlStoreContext> = {
  installations: installationMethods,
  deliveries: deliveryMethods,
  operations: operationMethods,
  jobs: jobMethods,
  drafts: draftMethods,
  maintenance: maintenanceMethods,
};

/** Builds the store over an open, migrated database. */
export function createSqlStore(
  db: SqlDriver,
  options: StoreClockOptions & { cipher: TokenCipher },
): Store {
  const context: SqlStoreContext = {
    db,
    rows: createRowMapper(db, options.cipher),
    cipher: options.cipher,
    now: options.now ?? Date.now,
    callbackLeaseMs: options.callbackLeaseMs ?? DEFAULT_CALLBACK_LEASE_MS,
  };
  return assembleStore(context, SQL_STORE_PARTS, db);
}
