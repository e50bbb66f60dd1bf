// Deals: read one with its contacts and companies, create, upsert by a unique property (a retried
// hand-off finds its first deal), update.
import { hubspotPaths } from '../api-version.ts';
import { HubSpotError } from '../errors.ts';
import type { CrmGateway, CrmObjectType, DealContactAssociation } from '../gateway.ts';
import { batchUpsertSchema } from '../hubspot-api.ts';
import type { Transport } from '../transport.ts';
import { readDealContactLabels } from './associations.ts';
import {
  DEAL_TO_CONTACT,
  DEAL_TO_PRIMARY_COMPANY,
  createOne,
  toRecord,
  toSpecs,
} from './common.ts';
import { associatedIds, getObject, updateObject } from './records.ts';

export function dealOperations(
  t: Transport,
): Pick<CrmGateway, 'getDeal' | 'createDeal' | 'upsertDeal' | 'updateDeal'> {
  return {
    async getDeal(dealId, properties, options = {}) {
      // GET /crm/objects/2026-09/deals/{id}?associations=contacts,companies answers each
      // association as `{ id, type }` (CollectionResponseAssociatedId: the type's name, no numeric
      // type id), so type ids and display labels need the associations batch read.
      // https://developers.hubspot.com/docs/api/crm/associations
      const deal = await getObject(t, 'deals', dealId, properties, ['contacts', 'companies']);
      const byContact = new Map<string, DealContactAssociation>();
      for (const association of deal.associations?.contacts?.results ?? []) {
        const entry = byContact.get(association.id) ?? {
          id: association.id,
          labels: [],
          typeIds: [],
        };
        if (association.type && !entry.labels.includes(association.type)) {
          entry.labels.push(association.type);
        }
        byContact.set(association.id, entry);
      }
      const companies = associatedIds(deal, 'companies').map((id) => ({ id }));
      const contacts = options.withAssociationLabels
        ? await readDealContactLabels(t, dealId)
        : [...byContact.values()];
      return { ...toRecord(deal), contacts, companies };
    },

    async createDeal(input) {
      // Associations in the create request itself: one call instead of three.
      // POST /crm/objects/2026-09/deals (SimplePublicObjectInputForCreate)
      // https://developers.hubspot.com/docs/api/crm/deals
      const associations = [
        {
          to: { id: input.contactId },
          types: toSpecs([{ category: 'HUBSPOT_DEFINED', typeId: DEAL_TO_CONTACT }]),
        },
        ...(input.companyId
          ? [
              {
                to: { id: input.companyId },
                types: toSpecs([{ category: 'HUBSPOT_DEFINED', typeId: DEAL_TO_PRIMARY_COMPANY }]),
              },
            ]
          : []),
      ];
      return createOne(t, 'deals', `create a deal for contact ${input.contactId}`, {
        properties: input.properties,
        associations,
      });
    },

    async upsertDeal(input) {
      // Batch upsert by a unique property: a second call with the same value updates the first
      // deal, so retrying it is safe. Upsert inputs carry no associations; the PUTs below are
      // idempotent too. POST /crm/objects/2026-09/deals/batch/upsert (idProperty)
      // https://developers.hubspot.com/docs/api-reference/latest/crm/objects/guide
      const answer = await t.call(
        'standard',
        `upsert the deal ${input.idValue}`,
        {
          method: 'POST',
          path: hubspotPaths.batchUpsert('deals'),
          body: {
            inputs: [
              {
                id: input.idValue,
                idProperty: input.idProperty,
                properties: { ...input.properties, [input.idProperty]: input.idValue },
              },
            ],
          },
        },
        batchUpsertSchema,
      );
      const deal = answer.results[0];
      if (!deal) throw new HubSpotError(`HubSpot upserted no deal for ${input.idValue}`, {});
      const id = String(deal.id);
      const associateWith = (toType: CrmObjectType, toId: string, typeId: number) =>
        t.call('standard', `associate deal ${id} with ${toType}/${toId}`, {
          method: 'PUT',
          path: hubspotPaths.recordAssociation('deals', id, toType, toId),
          body: toSpecs([{ category: 'HUBSPOT_DEFINED', typeId }]),
        });
      await associateWith('contacts', input.contactId, DEAL_TO_CONTACT);
      if (input.companyId)
        await associateWith('companies', input.companyId, DEAL_TO_PRIMARY_COMPANY);
      return { ...toRecord(deal), created: deal.new === true };
    },

    updateDeal: (dealId, properties) => updateObject(t, 'deals', dealId, properties),
  };
}
