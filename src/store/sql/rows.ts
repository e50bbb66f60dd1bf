// Rows as both databases answer them, mapped to the store's records. Integers may arrive as numbers
// (sqlite) or as strings (PostgreSQL's BIGINT, which may exceed 2^53; ours are epoch ms, portal ids
// and counters, all far below), so each is read with Number(); JSON columns go through the driver.
import type { TokenCipher } from '../token-cipher.ts';
import type {
  Installation,
  InstallationStatus,
  Job,
  JobStatus,
  OperationRecord,
  SectionDraftRecord,
  StoredSettings,
} from '../store.ts';
import type { SqlDriver } from './driver.ts';

/** An integer column: a number from sqlite, a string from PostgreSQL's BIGINT. */
type IntegerColumn = number | string;

export interface InstallationRow {
  portal_id: IntegerColumn;
  scopes: unknown;
  access_token: string;
  refresh_token: string;
  expires_at: IntegerColumn;
  installed_by: string | null;
  hub_domain: string | null;
  status: InstallationStatus;
  installed_at: IntegerColumn;
  updated_at: IntegerColumn;
  uninstalled_at: IntegerColumn | null;
  uninstall_reason: string | null;
}

export interface SettingsRow {
  version: number;
  value: unknown;
  updated_at: IntegerColumn;
  updated_by: string;
}

export interface JobRow {
  portal_id: IntegerColumn;
  kind: string;
  status: JobStatus;
  checkpoint: unknown;
  progress: unknown;
  started_at: IntegerColumn;
  updated_at: IntegerColumn;
}

/** An operation's row: the record's own fields under their column names. */
export type OperationRow = Pick<
  OperationRecord,
  'kind' | 'subject' | 'status' | 'plan' | 'progress' | 'result' | 'attempts'
> & {
  portal_id: IntegerColumn;
  operation_id: string;
  created_at: IntegerColumn;
  updated_at: IntegerColumn;
};

export interface DraftRow {
  section: string;
  content: unknown;
  base_rev: IntegerColumn;
  base_content: unknown;
  updated_at: IntegerColumn;
}

/** Reads a row's JSON and integer columns the same way in both dialects. */
export interface RowMapper {
  installation(row: InstallationRow): Installation;
  settings(row: SettingsRow): StoredSettings;
  job(row: JobRow): Job;
  operation(row: OperationRow): OperationRecord;
  draft(row: DraftRow): SectionDraftRecord;
}

/** The row mapper of one driver; installations' tokens are decrypted with `cipher`. */
export function createRowMapper(driver: Pick<SqlDriver, 'json'>, cipher: TokenCipher): RowMapper {
  const json = (raw: unknown): unknown => (raw === null ? null : driver.json(raw));
  return {
    installation: (row) => ({
      portalId: Number(row.portal_id),
      scopes: json(row.scopes) as string[],
      accessToken: cipher.decrypt(row.access_token),
      refreshToken: cipher.decrypt(row.refresh_token),
      expiresAt: Number(row.expires_at),
      ...(row.installed_by === null ? {} : { installedBy: row.installed_by }),
      ...(row.hub_domain === null ? {} : { hubDomain: row.hub_domain }),
      status: row.status,
      installedAt: Number(row.installed_at),
      updatedAt: Number(row.updated_at),
      uninstalledAt: row.uninstalled_at === null ? null : Number(row.uninstalled_at),
      uninstallReason: row.uninstall_reason,
    }),
    settings: (row) => ({
      version: row.version,
      value: json(row.value),
      updatedAt: Number(row.updated_at),
      updatedBy: row.updated_by,
    }),
    job: (row) => ({
      portalId: Number(row.portal_id),
      kind: row.kind,
      status: row.status,
      checkpoint: json(row.checkpoint),
      progress: json(row.progress),
      startedAt: Number(row.started_at),
      updatedAt: Number(row.updated_at),
    }),
    operation: (row) => ({
      portalId: Number(row.portal_id),
      operationId: row.operation_id,
      kind: row.kind,
      subject: row.subject,
      status: row.status,
      plan: json(row.plan),
      progress: json(row.progress),
      result: row.result === undefined ? null : json(row.result),
      attempts: Number(row.attempts),
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    }),
    draft: (row) => ({
      section: row.section,
      content: json(row.content),
      baseRev: Number(row.base_rev),
      baseContent: json(row.base_content),
      updatedAt: Number(row.updated_at),
    }),
  };
}
