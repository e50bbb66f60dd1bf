// HubSpot's Leads object (`0-136`) on the 2026-09 APIs: availability, lead pipelines, a contact's
// leads, create (with its required name and contact association), update, link to a deal.
// Contracts: vendor/hubspot-openapi/2026-09/crm-leads.json (scopes crm.objects.leads.read/write),
// crm-associations.json, crm-pipelines.json; HubSpot's leads guide: a new lead "must have a lead
// name, specified using the hs_lead_name property" and "must be associated with an existing
// contact" — https://developers.hubspot.com/docs/api-reference/latest/crm/objects/leads/guide
import { z } from 'zod';
import { HUBSPOT_API_VERSION, hubspotPaths } from '../api-version.ts';
import { HubSpotAuthError, HubSpotNotFoundError, HubSpotValidationError } from '../errors.ts';
import type { CrmGateway, CrmRecord, LeadsGateway, Pipeline } from '../gateway.ts';
import {
  associationsBatchReadSchema,
  batchObjectsSchema,
  pipelinesSchema,
  simpleObjectSchema,
} from '../hubspot-api.ts';
import type { Transport } from '../transport.ts';
import { pipelinesOf } from './pipelines.ts';

/**
 * Lead → primary contact, HubSpot-defined: the association type HubSpot's leads guide uses in its
 * create example (unconfirmed beyond that example).
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/leads/guide
 */
export const LEAD_TO_PRIMARY_CONTACT = 578;

/** CollectionResponseSimplePublicObjectWithAssociationsForwardPaging (GET …/leads?limit=1). */
const leadsPageSchema = z.object({ results: z.array(z.unknown()) }).loose();

/** The Leads operations of one portal's gateway, over its transport. */
export function leadOperations(t: Transport): Pick<CrmGateway, 'leads'> {
  return { leads: createLeads(t) };
}

function createLeads(t: Transport): LeadsGateway {
  const call: Transport['call'] = (...args) => t.call(...args);
  return {
    async isAvailable() {
      // A portal without the Leads object (no Sales Hub seat, or the optional leads scopes not
      // granted at install) refuses the object's endpoints: 403 MISSING_SCOPES, or 400/404 for an
      // object type it does not know. Any other failure is not an answer and is thrown.
      try {
        await call(
          'standard',
          'check whether the portal has the Leads object',
          { method: 'GET', path: hubspotPaths.objects('leads'), query: { limit: '1' } },
          leadsPageSchema,
        );
        return true;
      } catch (error) {
        if (
          error instanceof HubSpotAuthError ||
          error instanceof HubSpotNotFoundError ||
          error instanceof HubSpotValidationError
        )
          return false;
        throw error;
      }
    },

    async listPipelines(): Promise<Pipeline[]> {
      // GET /crm/pipelines/2026-09/leads (crm-pipelines.json)
      const answer = await call(
        'standard',
        'list lead pipelines',
        { method: 'GET', path: hubspotPaths.pipelines('leads') },
        pipelinesSchema,
      );
      return pipelinesOf(answer);
    },

    async listForContact(contactId, properties): Promise<CrmRecord[]> {
      // Read by association, not by search: search lags writes by seconds, and a retried return
      // must see the lead its first attempt created. POST /crm/associations/2026-09/contacts/leads/batch/read
      const associated = await call(
        'standard',
        `read the leads of contact ${contactId}`,
        {
          method: 'POST',
          path: hubspotPaths.associationsBatchRead('contacts', 'leads'),
          body: { inputs: [{ id: contactId }] },
        },
        associationsBatchReadSchema,
      );
      const ids = [
        ...new Set(associated.results.flatMap((result) => result.to.map((to) => to.toObjectId))),
      ];
      if (ids.length === 0) return [];
      const read = await call(
        'standard',
        `read ${ids.length} leads`,
        {
          method: 'POST',
          path: hubspotPaths.batchRead('leads'),
          body: { inputs: ids.slice(0, 100).map((id) => ({ id })), properties },
        },
        batchObjectsSchema,
      );
      return read.results
        .map((lead) => ({ id: lead.id, properties: lead.properties }))
        .sort((a, b) => Number(a.id) - Number(b.id));
    },

    async create(input): Promise<CrmRecord> {
      // POST /crm/objects/2026-09/leads with its contact association in the same request.
      const created = await call(
        'standard',
        `create a lead for contact ${input.contactId}`,
        {
          method: 'POST',
          path: hubspotPaths.objects('leads'),
          body: {
            properties: input.properties,
            associations: [
              {
                to: { id: input.contactId },
                types: [
                  {
                    associationCategory: 'HUBSPOT_DEFINED',
                    associationTypeId: LEAD_TO_PRIMARY_CONTACT,
                  },
                ],
              },
            ],
          },
        },
        simpleObjectSchema,
        { idempotent: false },
      );
      return { id: created.id, properties: created.properties };
    },

    async update(leadId, properties): Promise<CrmRecord> {
      const updated = await call(
        'standard',
        `update lead ${leadId}`,
        { method: 'PATCH', path: hubspotPaths.object('leads', leadId), body: { properties } },
        simpleObjectSchema,
      );
      return { id: updated.id, properties: updated.properties };
    },

    async associateWithDeal(leadId, dealId) {
      // PUT /crm/objects/2026-09/leads/{id}/associations/default/deals/{dealId}: HubSpot's default
      // type for the pair, so no lead→deal type id is hard-coded (crm-associations.json).
      const e = encodeURIComponent;
      await call('standard', `link lead ${leadId} to deal ${dealId}`, {
        method: 'PUT',
        path: `/crm/objects/${HUBSPOT_API_VERSION}/leads/${e(leadId)}/associations/default/deals/${e(dealId)}`,
      });
    },
  };
}
