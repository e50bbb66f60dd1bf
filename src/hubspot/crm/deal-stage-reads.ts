// Reads for stage gates and existing deals (issue 15 items 2 and 5), composed into the gateway by
// hubspot-gateway.ts over the transport.
//
// - A deal with its `dealstage` history: HubSpot's `dealstage` webhook carries only the new value
//   (`propertyValue`; docs/hubspot.md, Webhooks), so the stage a deal came from is read from
//   `propertiesWithHistory=dealstage` (newest first; ValueWithTimestamp {value, timestamp,
//   sourceType, sourceId, sourceLabel, updatedByUserId} in crm-deals.json).
//   GET /crm/objects/2026-09/deals/{dealId}?properties=…&propertiesWithHistory=dealstage
//   https://developers.hubspot.com/docs/api-reference/latest/crm/objects/guide (retrieve records)
// - The deals associated with a contact: GET /crm/objects/2026-09/contacts/{id}?associations=deals
//   then one batch read of those deals (POST /crm/objects/2026-09/deals/batch/read).
import { z } from 'zod';
import { hubspotPaths } from '../api-version.ts';
import { batchObjectsSchema, objectWithAssociationsSchema } from '../hubspot-api.ts';
import type { CrmGateway } from '../gateway.ts';
import type { Transport } from '../transport.ts';

const historyEntrySchema = z
  .object({
    value: z.string(),
    timestamp: z.string(),
    sourceType: z.string(),
    sourceId: z.string().optional(),
    updatedByUserId: z.number().optional(),
  })
  .loose();

const dealWithHistorySchema = objectWithAssociationsSchema.extend({
  propertiesWithHistory: z.record(z.string(), z.array(historyEntrySchema)).optional(),
});

/** At most this many deals of one contact are read (one batch read). */
export const MAX_CONTACT_DEALS = 100;

export function dealStageReadOperations(
  t: Transport,
): Pick<CrmGateway, 'getDealWithStageHistory' | 'listContactDeals'> {
  return {
    async getDealWithStageHistory(dealId, properties) {
      const deal = await t.call(
        'standard',
        `read deals/${dealId} with its stage history`,
        {
          method: 'GET',
          path: hubspotPaths.object('deals', dealId),
          query: {
            properties: [...new Set(['dealstage', ...properties])].join(','),
            propertiesWithHistory: 'dealstage',
          },
        },
        dealWithHistorySchema,
      );
      const history = (deal.propertiesWithHistory?.dealstage ?? [])
        .map((entry) => ({
          value: entry.value,
          timestamp: entry.timestamp,
          sourceType: entry.sourceType,
          ...(entry.sourceId === undefined ? {} : { sourceId: entry.sourceId }),
        }))
        // Newest first whatever order the answer had (HubSpot documents none).
        .sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
      return { id: deal.id, properties: deal.properties, stageHistory: history };
    },

    async listContactDeals(contactId, properties) {
      const contact = await t.call(
        'standard',
        `read the deals of contacts/${contactId}`,
        {
          method: 'GET',
          path: hubspotPaths.object('contacts', contactId),
          query: { properties: 'hs_object_id', associations: 'deals' },
        },
        objectWithAssociationsSchema,
      );
      const ids = [...new Set((contact.associations?.deals?.results ?? []).map((a) => a.id))].slice(
        0,
        MAX_CONTACT_DEALS,
      );
      if (ids.length === 0) return [];
      const read = await t.call(
        'standard',
        `read ${ids.length} deals of contacts/${contactId}`,
        {
          method: 'POST',
          path: hubspotPaths.batchRead('deals'),
          body: { inputs: ids.map((id) => ({ id })), properties, propertiesWithHistory: [] },
        },
        batchObjectsSchema,
      );
      return read.results.map((record) => ({ id: record.id, properties: record.properties }));
    },
  };
}
