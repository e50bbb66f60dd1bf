// What every part of the SQL store is built from.
import type { TokenCipher } from '../token-cipher.ts';
import type { SqlDriver } from './driver.ts';
import type { RowMapper } from './rows.ts';

export interface SqlStoreContext {
  db: SqlDriver;
  rows: RowMapper;
  cipher: TokenCipher;
  /** The clock, epoch ms. */
  now: () => number;
  /** How long a `running` callback claim holds, ms. */
  callbackLeaseMs: number;
}

/** The tables that hold a portal's data (every one has `portal_id`). */
export const PORTAL_TABLES = [
  'installations',
  'settings',
  'seen_events',
  'workflow_callbacks',
  'bulk_jobs',
  'round_robin',
  'operations',
  'section_drafts',
] as const;
