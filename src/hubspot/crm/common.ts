// What every CRM operation module shares: HubSpot's batch and search limits, the default
// association type ids, and the conversions from HubSpot's answers to the port's types.
// The enum's own module: the package's index loads the whole generated client (4.5 MB).
import { AssociationTypes } from '@hubspot/api-client/lib/src/enums/AssociationTypes.js';
import { hubspotPaths } from '../api-version.ts';
import type { AssociationType, BatchItemError, CrmRecord } from '../gateway.ts';
import { simpleObjectSchema } from '../hubspot-api.ts';
import type { Transport } from '../transport.ts';

// HubSpot's batch and search limits live in the domain's one home for HubSpot facts.
export {
  BATCH_LIMIT,
  SEARCH_MAX_FILTER_GROUPS,
  SEARCH_MAX_FILTERS,
  SEARCH_MAX_FILTERS_PER_GROUP,
  SEARCH_PAGE_LIMIT,
  SEARCH_RESULT_CAP,
} from '../../domain/hubspot-limits.ts';

export const LIFECYCLE = 'lifecyclestage';

// Default (unlabelled/primary) association type ids, from @hubspot/api-client's AssociationTypes table;
// https://developers.hubspot.com/docs/api/crm/associations#association-type-id-values
export const DEAL_TO_CONTACT = AssociationTypes.dealToContact; // 3
export const DEAL_TO_PRIMARY_COMPANY = AssociationTypes.primaryDealToCompany; // 5
export const NOTE_TO: Record<'contacts' | 'companies' | 'deals', number> = {
  contacts: AssociationTypes.noteToContact, // 202
  companies: AssociationTypes.noteToCompany, // 190
  deals: AssociationTypes.noteToDeal, // 214
};

/** Splits `items` into parts of at most `size` (HubSpot's batch limit). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** A HubSpot object as the port's CrmRecord. */
export function toRecord(object: {
  id: string;
  properties: Record<string, string | null>;
}): CrmRecord {
  return { id: String(object.id), properties: { ...object.properties } };
}

/** The failed items of a batch answer (a 207's `errors`). */
export function batchErrors(response: object): BatchItemError[] {
  const errors = (response as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((error: Record<string, unknown>) => {
    const context = (error.context ?? {}) as Record<string, unknown>;
    const ids = [context.ids, context.id]
      .flatMap((value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]))
      .map(String);
    return {
      message: String(error.message ?? ''),
      ...(typeof error.category === 'string' ? { category: error.category } : {}),
      ids,
    };
  });
}

/** AssociationSpec (crm-associations.json): `{ associationCategory, associationTypeId }`. */
export function toSpecs(types: AssociationType[]) {
  return types.map((type) => ({
    associationCategory: type.category,
    associationTypeId: type.typeId,
  }));
}

/**
 * Creates one record (POST /crm/objects/2026-09/{objectType}, a SimplePublicObjectInputForCreate)
 * and answers it as the port's record. Never retried after a lost answer: the caller's durable
 * operation decides whether it happened.
 */
export async function createOne(
  t: Transport,
  objectType: Parameters<typeof hubspotPaths.objects>[0],
  what: string,
  body: object,
): Promise<CrmRecord> {
  const created = await t.call(
    'standard',
    what,
    { method: 'POST', path: hubspotPaths.objects(objectType), body },
    simpleObjectSchema,
    { idempotent: false },
  );
  return toRecord(created);
}
