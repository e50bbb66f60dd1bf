// Associations between records: add and remove association types (labels), and read a deal's
// contacts with every association type and its display label.
import { hubspotPaths } from '../api-version.ts';
import type { CrmGateway, DealContactAssociation } from '../gateway.ts';
import { associationsBatchReadSchema } from '../hubspot-api.ts';
import type { Transport } from '../transport.ts';
import { toSpecs } from './common.ts';

export async function readDealContactLabels(
  t: Transport,
  dealId: string,
): Promise<DealContactAssociation[]> {
  // 2026-09 has no GET page of one record's associations; the batch read answers the same
  // (to-object ids with every association type and its label), paged per input with `after`.
  // POST /crm/associations/2026-09/deals/contacts/batch/read (crm-associations.json)
  const contacts = new Map<string, DealContactAssociation>();
  let after: string | undefined;
  do {
    const response = await t.call(
      'standard',
      `read contact associations of deal ${dealId}`,
      {
        method: 'POST',
        path: hubspotPaths.associationsBatchRead('deals', 'contacts'),
        body: { inputs: [{ id: dealId, ...(after !== undefined ? { after } : {}) }] },
      },
      associationsBatchReadSchema,
    );
    // A deal without contacts is an error entry of a 207, not a result: it has none.
    const result = response.results.find((entry) => entry.from.id === dealId);
    for (const to of result?.to ?? []) {
      const entry = contacts.get(to.toObjectId) ?? { id: to.toObjectId, labels: [], typeIds: [] };
      for (const type of to.associationTypes) {
        if (typeof type.label === 'string' && type.label !== '') entry.labels.push(type.label);
        entry.typeIds.push(type.typeId);
      }
      contacts.set(to.toObjectId, entry);
    }
    after = result?.paging?.next?.after;
  } while (after);
  return [...contacts.values()];
}

export function associationOperations(
  t: Transport,
): Pick<CrmGateway, 'associate' | 'removeAssociation'> {
  return {
    async associate(fromType, fromId, toType, toId, types) {
      // PUT /crm/objects/2026-09/{from}/{fromId}/associations/{to}/{toId}, body AssociationSpec[]
      // https://developers.hubspot.com/docs/api/crm/associations
      await t.call('standard', `associate ${fromType}/${fromId} with ${toType}/${toId}`, {
        method: 'PUT',
        path: hubspotPaths.recordAssociation(fromType, fromId, toType, toId),
        body: toSpecs(types),
      });
    },

    async removeAssociation(fromType, fromId, toType, toId, types) {
      const what = `remove associations of ${fromType}/${fromId} with ${toType}/${toId}`;
      if (!types || types.length === 0) {
        // DELETE /crm/objects/2026-09/{from}/{fromId}/associations/{to}/{toId}
        await t.call('standard', what, {
          method: 'DELETE',
          path: hubspotPaths.recordAssociation(fromType, fromId, toType, toId),
        });
        return;
      }
      // Only the given labels: POST /crm/associations/2026-09/{from}/{to}/batch/labels/archive
      await t.call('standard', what, {
        method: 'POST',
        path: hubspotPaths.associationLabelsArchive(fromType, toType),
        body: { inputs: [{ from: { id: fromId }, to: { id: toId }, types: toSpecs(types) }] },
      });
    },
  };
}
