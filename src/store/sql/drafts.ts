// Section drafts: a user's unsaved edit of one section, one row per portal, user, record (a deal's
// plan or a company's profile) and section. Expired drafts (older than DRAFT_MAX_AGE_MS) are ignored on read and purged on every
// write (one indexed DELETE on `updated_at`), and by the periodic prune.
import { DRAFT_MAX_AGE_MS, toJsonText } from '../store.ts';
import type { DraftStore } from '../store.ts';
import type { SqlStoreContext } from './context.ts';
import type { DraftRow } from './rows.ts';

export function draftMethods({ db, rows, now }: SqlStoreContext): DraftStore {
  const freshSince = () => now() - DRAFT_MAX_AGE_MS;
  return {
    async listDrafts({ portalId, userId, objectType, recordId }) {
      const found = await db.rows<DraftRow>(
        `SELECT * FROM section_drafts
         WHERE portal_id = $1 AND user_id = $2 AND object_type = $3 AND record_id = $4
           AND updated_at >= $5
         ORDER BY section`,
        [portalId, userId, objectType, recordId, freshSince()],
      );
      return found.map(rows.draft);
    },

    async putDraft({ portalId, userId, objectType, recordId, section }, draft) {
      return db.transaction(async (tx) => {
        await tx.run('DELETE FROM section_drafts WHERE updated_at < $1', [freshSince()]);
        const [row] = await tx.rows<DraftRow>(
          `INSERT INTO section_drafts
             (portal_id, user_id, object_type, record_id, section, content, base_rev,
              base_content, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (portal_id, user_id, object_type, record_id, section) DO UPDATE SET
             content = EXCLUDED.content, base_rev = EXCLUDED.base_rev,
             base_content = EXCLUDED.base_content, updated_at = EXCLUDED.updated_at
           RETURNING *`,
          [
            portalId,
            userId,
            objectType,
            recordId,
            section,
            toJsonText(draft.content),
            draft.baseRev,
            toJsonText(draft.baseContent),
            now(),
          ],
        );
        return rows.draft(row!);
      });
    },

    async deleteDrafts({ portalId, userId, objectType, recordId, section }) {
      const ofRecord = 'portal_id = $1 AND user_id = $2 AND object_type = $3 AND record_id = $4';
      return section === undefined
        ? db.run(`DELETE FROM section_drafts WHERE ${ofRecord}`, [
            portalId,
            userId,
            objectType,
            recordId,
          ])
        : db.run(`DELETE FROM section_drafts WHERE ${ofRecord} AND section = $5`, [
            portalId,
            userId,
            objectType,
            recordId,
            section,
          ]);
    },
  };
}
