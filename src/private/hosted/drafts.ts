// Section drafts, one record each under `draft|portal|user|deal|section` (a company's under
// `company:<id>` in the record's place). Listing reads the six plan sections' keys one by one (HubSpot's by-id reads are strongly consistent; its search, which
// a scan uses, may lag behind a draft just put). An expired draft is ignored and removed on read;
// the periodic prune removes the rest. The private form's cards do not offer drafts yet (the card
// functions list no draft operation); the store keeps them so every Store passes one contract.
import { SECTION_KEYS } from '../../domain/plan/index.ts';
import { DRAFT_MAX_AGE_MS } from '../../store/store.ts';
import type { DraftStore, SectionDraftKey, SectionDraftRecord } from '../../store/store.ts';
import { key, stored } from './context.ts';
import type { HostedContext } from './context.ts';

const draftKey = ({ portalId, userId, objectType, recordId, section }: SectionDraftKey) =>
  key.draft(portalId, userId, objectType === 'deal' ? recordId : `company:${recordId}`, section);

export function draftMethods(context: HostedContext): DraftStore {
  const { records, now, put, read } = context;
  const expired = (draft: SectionDraftRecord) => draft.updatedAt < now() - DRAFT_MAX_AGE_MS;

  async function readDraft(draftOf: SectionDraftKey): Promise<SectionDraftRecord | null> {
    const draft = await read<SectionDraftRecord>(draftKey(draftOf));
    if (draft && expired(draft)) {
      await records.remove(draftKey(draftOf));
      return null;
    }
    return draft;
  }

  return {
    async listDrafts(owner) {
      const found = await Promise.all(
        SECTION_KEYS.map((section) => readDraft({ ...owner, section })),
      );
      return found.filter((draft): draft is SectionDraftRecord => draft !== null);
    },

    async putDraft(draftOf, input) {
      const draft: SectionDraftRecord = {
        section: draftOf.section,
        content: stored(input.content),
        baseRev: input.baseRev,
        baseContent: stored(input.baseContent),
        updatedAt: now(),
      };
      await put(draftKey(draftOf), {
        kind: 'draft',
        portalId: draftOf.portalId,
        subject: `${draftOf.objectType}:${draftOf.recordId}`,
        value: draft,
      });
      return draft;
    },

    async deleteDrafts({ section, ...owner }) {
      const sections = section === undefined ? SECTION_KEYS : [section];
      let removed = 0;
      for (const each of sections) {
        if (await records.remove(draftKey({ ...owner, section: each }))) removed += 1;
      }
      return removed;
    },
  };
}
