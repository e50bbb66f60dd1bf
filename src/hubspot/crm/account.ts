// CRM operations of the account features (company card, relationship map): the company with its
// deals in one request, contact↔contact associations in one batch, and the "Reports to" /
// "Manager of" paired label between contacts.
//
// Reporting lines are stored as a paired contact↔contact association label, so HubSpot users see
// them on both contacts' association cards and can use them in lists and workflows ("Association
// labels are supported between contacts, companies, deals, tickets, and custom objects";
// paired labels such as Manager/Employee between contacts: POST …/contacts/contacts/labels with
// `label` and `inverseLabel`).
// https://developers.hubspot.com/docs/api-reference/latest/crm/associations/associations-schema/guide
// https://developers.hubspot.com/api-reference/crm-associations-v4/guide
// Direction: the association from the employee to the manager carries "Reports to"; the one from
// the manager to the employee carries "Manager of" (HubSpot creates both type ids with one call).
// The enum's own module: the package's index loads the whole generated client (4.5 MB).
import { AssociationTypes } from '@hubspot/api-client/lib/src/enums/AssociationTypes.js';
import { hubspotPaths } from '../api-version.ts';
import { HubSpotError } from '../errors.ts';
import { associationsBatchReadSchema, objectWithAssociationsSchema } from '../hubspot-api.ts';
import type { CrmGateway } from '../gateway.ts';
import type { Transport } from '../transport.ts';
import {
  createAssociationLabel,
  listAssociationLabels,
  userLabelTypeId,
  type LabelPair,
} from './association-labels.ts';

/** HubSpot-defined contact→contact (unlabeled) association type. */
export const CONTACT_TO_CONTACT = AssociationTypes.contactToContact; // 449

/** The paired label the product creates between contacts. */
export const REPORTS_TO_LABEL = {
  name: 'op_reports_to',
  label: 'Reports to',
  inverseLabel: 'Manager of',
} as const;

/** Association type ids of the reporting-line label, both directions. */
export interface ReportsToTypes {
  /** employee → manager */
  reportsTo: number;
  /** manager → employee */
  managerOf: number;
}

/** One contact's associations to other contacts. */
export interface ContactLink {
  toId: string;
  typeIds: number[];
  labels: string[];
}

const BATCH_LIMIT = 100;

const CONTACTS_TO_CONTACTS: LabelPair = { from: 'contacts', to: 'contacts' };

/** The reporting line's two type ids among `types`, or null while either is missing. */
async function listedReportsTo(t: Transport): Promise<ReportsToTypes | null> {
  const types = await listAssociationLabels(t, CONTACTS_TO_CONTACTS);
  const reportsTo = userLabelTypeId(types, REPORTS_TO_LABEL.label);
  const managerOf = userLabelTypeId(types, REPORTS_TO_LABEL.inverseLabel);
  return reportsTo !== undefined && managerOf !== undefined ? { reportsTo, managerOf } : null;
}

/** The reporting-line label, found or created (schema set-up calls it with its `created` list). */
export async function ensureReportsToLabel(
  t: Transport,
  created?: string[],
): Promise<ReportsToTypes> {
  const found = await listedReportsTo(t);
  if (found) return found;
  await createAssociationLabel(t, CONTACTS_TO_CONTACTS, { ...REPORTS_TO_LABEL });
  created?.push(`label:contacts_to_contacts.${REPORTS_TO_LABEL.name}`);
  // The create answers both type ids; listing again tells which is which unambiguously.
  const listed = await listedReportsTo(t);
  if (!listed) {
    throw new HubSpotError(
      `HubSpot did not list the association label "${REPORTS_TO_LABEL.label}" after creating it; run the schema set-up again`,
    );
  }
  return listed;
}

export function accountOperations(
  t: Transport,
): Pick<CrmGateway, 'getCompanyWithDeals' | 'readContactLinks' | 'ensureReportsToLabel'> {
  const call = t.call.bind(t);
  return {
    ensureReportsToLabel: () => ensureReportsToLabel(t),

    /** GET /crm/objects/2026-09/companies/{id}?associations=deals — the company and its deals. */
    async getCompanyWithDeals(companyId: string, properties: string[]) {
      const company = await call(
        'standard',
        `read companies/${companyId}`,
        {
          method: 'GET',
          path: hubspotPaths.object('companies', companyId),
          query: {
            ...(properties.length > 0 ? { properties: properties.join(',') } : {}),
            associations: 'deals',
          },
        },
        objectWithAssociationsSchema,
      );
      const deals = [...new Set((company.associations?.deals?.results ?? []).map((a) => a.id))];
      return {
        id: String(company.id),
        properties: { ...company.properties },
        deals: deals.map((id) => ({ id })),
      };
    },

    /**
     * Every contact→contact association of the given contacts, with type ids and labels:
     * POST /crm/associations/2026-09/contacts/contacts/batch/read, ≤ 100 inputs per call.
     */
    async readContactLinks(contactIds: string[]): Promise<Map<string, ContactLink[]>> {
      const links = new Map<string, ContactLink[]>();
      const unique = [...new Set(contactIds)];
      for (let start = 0; start < unique.length; start += BATCH_LIMIT) {
        let inputs = unique
          .slice(start, start + BATCH_LIMIT)
          .map((id) => ({ id }) as { id: string; after?: string });
        while (inputs.length > 0) {
          const response = await call(
            'standard',
            `read contact associations of ${inputs.length} contacts`,
            {
              method: 'POST',
              path: hubspotPaths.associationsBatchRead('contacts', 'contacts'),
              body: { inputs },
            },
            associationsBatchReadSchema,
          );
          const next: { id: string; after: string }[] = [];
          // A contact without contact associations is an error entry of a 207: it has none.
          for (const result of response.results) {
            const list = links.get(result.from.id) ?? [];
            for (const to of result.to) {
              list.push({
                toId: to.toObjectId,
                typeIds: to.associationTypes.map((t) => t.typeId),
                labels: to.associationTypes.flatMap((t) =>
                  typeof t.label === 'string' && t.label !== '' ? [t.label] : [],
                ),
              });
            }
            links.set(result.from.id, list);
            const after = result.paging?.next?.after;
            if (after) next.push({ id: result.from.id, after });
          }
          inputs = next;
        }
      }
      return links;
    },
  };
}
