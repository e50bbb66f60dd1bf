// What removes data: a contact's privacy deletion, a portal's uninstall, and the periodic prune.
import { DRAFT_MAX_AGE_MS } from '../store.ts';
import type { MaintenanceStore } from '../store.ts';
import { PORTAL_TABLES } from './context.ts';
import type { SqlStoreContext } from './context.ts';

export function maintenanceMethods({ db, now }: SqlStoreContext): MaintenanceStore {
  return {
    async eraseContact(portalId, contactId) {
      return db.transaction(async (tx) => ({
        callbacks: await tx.run(
          `DELETE FROM workflow_callbacks
           WHERE portal_id = $1 AND object_type = 'contact' AND object_id = $2`,
          [portalId, contactId],
        ),
        operations: await tx.run('DELETE FROM operations WHERE portal_id = $1 AND subject = $2', [
          portalId,
          `contact:${contactId}`,
        ]),
      }));
    },

    async deleteInstallationData(portalId) {
      await db.transaction(async (tx) => {
        for (const table of PORTAL_TABLES) {
          await tx.run(`DELETE FROM ${table} WHERE portal_id = $1`, [portalId]);
        }
      });
    },

    async pruneBefore(before) {
      return db.transaction(async (tx) => {
        const counts = [
          await tx.run('DELETE FROM seen_events WHERE seen_at < $1', [before]),
          await tx.run(
            "DELETE FROM workflow_callbacks WHERE state = 'done' AND completed_at < $1",
            [before],
          ),
          await tx.run("DELETE FROM operations WHERE status = 'done' AND updated_at < $1", [
            before,
          ]),
          await tx.run('DELETE FROM seen_signatures WHERE expires_at <= $1', [now()]),
          await tx.run('DELETE FROM section_drafts WHERE updated_at < $1', [
            now() - DRAFT_MAX_AGE_MS,
          ]),
        ];
        return counts.reduce((sum, count) => sum + count, 0);
      });
    },
  };
}
