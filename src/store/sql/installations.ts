// Installations (OAuth tokens encrypted at rest) and the per-portal settings document with its
// compare-and-set version.
import { parseInstallationInput, toJsonText } from '../store.ts';
import type { InstallationStore } from '../store.ts';
import type { SqlStoreContext } from './context.ts';
import type { InstallationRow, SettingsRow } from './rows.ts';

export function installationMethods({ db, rows, cipher, now }: SqlStoreContext): InstallationStore {
  return {
    async saveInstallation(input) {
      const valid = parseInstallationInput(input);
      // A re-install after an uninstall starts a new installation; a token refresh keeps its start.
      const [row] = await db.rows<InstallationRow>(
        `INSERT INTO installations (portal_id, scopes, access_token, refresh_token, expires_at,
           installed_by, hub_domain, status, installed_at, updated_at, uninstalled_at, uninstall_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $8, NULL, NULL)
         ON CONFLICT (portal_id) DO UPDATE SET
           scopes = EXCLUDED.scopes,
           access_token = EXCLUDED.access_token,
           refresh_token = EXCLUDED.refresh_token,
           expires_at = EXCLUDED.expires_at,
           installed_by = COALESCE(EXCLUDED.installed_by, installations.installed_by),
           hub_domain = COALESCE(EXCLUDED.hub_domain, installations.hub_domain),
           installed_at = CASE WHEN installations.status = 'uninstalled'
             THEN EXCLUDED.installed_at ELSE installations.installed_at END,
           status = 'active',
           updated_at = EXCLUDED.updated_at,
           uninstalled_at = NULL,
           uninstall_reason = NULL
         RETURNING *`,
        [
          valid.portalId,
          JSON.stringify(valid.scopes),
          cipher.encrypt(valid.accessToken),
          cipher.encrypt(valid.refreshToken),
          valid.expiresAt,
          valid.installedBy ?? null,
          valid.hubDomain ?? null,
          now(),
        ],
      );
      return rows.installation(row!);
    },

    async getInstallation(portalId) {
      const [row] = await db.rows<InstallationRow>(
        'SELECT * FROM installations WHERE portal_id = $1',
        [portalId],
      );
      return row ? rows.installation(row) : null;
    },

    async markUninstalled(portalId, reason) {
      const changed = await db.run(
        `UPDATE installations SET status = 'uninstalled', uninstalled_at = $2,
           uninstall_reason = $3, updated_at = $2 WHERE portal_id = $1`,
        [portalId, now(), reason],
      );
      return changed > 0;
    },

    async listInstallations() {
      const found = await db.rows<InstallationRow>(
        'SELECT * FROM installations ORDER BY portal_id',
      );
      return found.map(rows.installation);
    },

    async getSettings(portalId) {
      const [row] = await db.rows<SettingsRow>(
        'SELECT version, value, updated_at, updated_by FROM settings WHERE portal_id = $1',
        [portalId],
      );
      return row ? rows.settings(row) : null;
    },

    async putSettings(portalId, value, { expectedVersion, updatedBy }) {
      const json = toJsonText(value);
      // One guarded statement: the first save only inserts, later saves only update the expected
      // version; a concurrent writer makes it affect no row, and the current version is reported.
      const written =
        expectedVersion === 0
          ? await db.rows<{ version: number }>(
              `INSERT INTO settings (portal_id, version, value, updated_at, updated_by)
               VALUES ($1, 1, $2, $3, $4) ON CONFLICT (portal_id) DO NOTHING RETURNING version`,
              [portalId, json, now(), updatedBy],
            )
          : await db.rows<{ version: number }>(
              `UPDATE settings SET version = version + 1, value = $2, updated_at = $3,
                 updated_by = $4 WHERE portal_id = $1 AND version = $5 RETURNING version`,
              [portalId, json, now(), updatedBy, expectedVersion],
            );
      if (written[0]) return { ok: true, version: Number(written[0].version) };
      const [current] = await db.rows<{ version: number }>(
        'SELECT version FROM settings WHERE portal_id = $1',
        [portalId],
      );
      return { ok: false, currentVersion: current ? Number(current.version) : 0 };
    },
  };
}
