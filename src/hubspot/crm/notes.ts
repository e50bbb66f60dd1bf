// Notes on records' timelines: one, or many in batches of 100, associated on creation.
import { hubspotPaths } from '../api-version.ts';
import type { CrmGateway, CrmRecord, NoteInput } from '../gateway.ts';
import { batchObjectsSchema } from '../hubspot-api.ts';
import type { Transport } from '../transport.ts';
import { BATCH_LIMIT, NOTE_TO, chunk, createOne, toRecord, toSpecs } from './common.ts';

/** SimplePublicObjectInputForCreate of a note. */
function noteInput(input: NoteInput) {
  return {
    properties: {
      hs_note_body: input.body,
      hs_timestamp: new Date(input.timestamp).toISOString(),
      ...(input.ownerId ? { hubspot_owner_id: input.ownerId } : {}),
    },
    associations: input.associations.map((target) => ({
      to: { id: target.id },
      types: toSpecs([{ category: 'HUBSPOT_DEFINED', typeId: NOTE_TO[target.objectType] }]),
    })),
  };
}

export function noteOperations(t: Transport): Pick<CrmGateway, 'createNote' | 'createNotes'> {
  return {
    async createNote(input) {
      // Notes: hs_note_body, hs_timestamp, hubspot_owner_id; associated on creation.
      // POST /crm/objects/2026-09/notes — https://developers.hubspot.com/docs/api/crm/notes
      return createOne(t, 'notes', 'create a note', noteInput(input));
    },

    async createNotes(inputs) {
      // Batch create takes ≤ 100 inputs, each with its associations.
      // POST /crm/objects/2026-09/notes/batch/create — https://developers.hubspot.com/docs/api/crm/notes
      const created: CrmRecord[] = [];
      for (const part of chunk(inputs, BATCH_LIMIT)) {
        const answer = await t.call(
          'standard',
          `create ${part.length} notes`,
          {
            method: 'POST',
            path: hubspotPaths.batchCreate('notes'),
            body: { inputs: part.map(noteInput) },
          },
          batchObjectsSchema,
          { idempotent: false },
        );
        created.push(...answer.results.map(toRecord));
      }
      return created;
    },
  };
}
