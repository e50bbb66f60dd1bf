// Records: read one or many, search (one page, or every match past the 10,000 cap), update one
// or many, and the lifecycle stage write HubSpot only takes forwards.
import { z } from 'zod';
import { hubspotPaths } from '../api-version.ts';
import { LifecycleWriteError } from '../errors.ts';
import type {
  BatchResult,
  CrmGateway,
  CrmObjectType,
  CrmRecord,
  SearchFilter,
  SearchOptions,
  SearchPage,
  SearchRequest,
} from '../gateway.ts';
import {
  batchObjectsSchema,
  objectWithAssociationsSchema,
  searchResponseSchema,
  simpleObjectSchema,
} from '../hubspot-api.ts';
import type { Transport } from '../transport.ts';
import {
  BATCH_LIMIT,
  LIFECYCLE,
  SEARCH_MAX_FILTER_GROUPS,
  SEARCH_MAX_FILTERS,
  SEARCH_MAX_FILTERS_PER_GROUP,
  SEARCH_PAGE_LIMIT,
  SEARCH_RESULT_CAP,
  batchErrors,
  chunk,
  toRecord,
} from './common.ts';
import { describeZodError } from '../../domain/errors.ts';

const searchRequestSchema = z.object({
  filterGroups: z
    .array(
      z.object({
        filters: z
          .array(z.object({}).loose())
          .max(
            SEARCH_MAX_FILTERS_PER_GROUP,
            `HubSpot allows at most ${SEARCH_MAX_FILTERS_PER_GROUP} filters per group`,
          ),
      }),
    )
    .max(
      SEARCH_MAX_FILTER_GROUPS,
      `HubSpot allows at most ${SEARCH_MAX_FILTER_GROUPS} filter groups`,
    )
    .refine(
      (groups) =>
        groups.reduce((sum, group) => sum + group.filters.length, 0) <= SEARCH_MAX_FILTERS,
      `HubSpot allows at most ${SEARCH_MAX_FILTERS} filters in all groups together`,
    ),
  limit: z.number().int().min(1).max(SEARCH_PAGE_LIMIT).optional(),
});

export async function batchRead(
  t: Transport,
  objectType: CrmObjectType,
  ids: string[],
  properties: string[],
): Promise<CrmRecord[]> {
  const unique = [...new Set(ids)];
  const records: CrmRecord[] = [];
  for (const part of chunk(unique, BATCH_LIMIT)) {
    // POST /crm/objects/2026-09/{objectType}/batch/read (BatchReadInputSimplePublicObjectId)
    const response = await t.call(
      'standard',
      `read ${part.length} ${objectType}`,
      {
        method: 'POST',
        path: hubspotPaths.batchRead(objectType),
        body: { inputs: part.map((id) => ({ id })), properties, propertiesWithHistory: [] },
      },
      batchObjectsSchema,
    );
    // A 207 lists unknown ids under `errors`; the caller gets the records that exist.
    records.push(...response.results.map(toRecord));
  }
  return records;
}

export async function search(
  t: Transport,
  objectType: CrmObjectType,
  request: SearchRequest,
  options: SearchOptions = {},
): Promise<SearchPage> {
  const checked = searchRequestSchema.safeParse(request);
  if (!checked.success) {
    throw new RangeError(`Invalid search request — ${describeZodError(checked.error)}`);
  }
  // POST /crm/objects/2026-09/{objectType}/search (PublicObjectSearchRequest); HubSpot takes sort
  // objects ({propertyName, direction}) although the spec's model says string[].
  const response = await t.call(
    'search',
    `search ${objectType}`,
    {
      method: 'POST',
      path: hubspotPaths.search(objectType),
      body: {
        filterGroups: request.filterGroups,
        sorts: request.sorts ?? [],
        properties: request.properties ?? [],
        limit: request.limit ?? SEARCH_PAGE_LIMIT,
        ...(request.after !== undefined ? { after: request.after } : {}),
        ...(request.query !== undefined ? { query: request.query } : {}),
      },
    },
    searchResponseSchema,
    options.onSent ? { onGranted: options.onSent } : {},
  );
  const after = response.paging?.next?.after;
  return {
    total: response.total,
    results: response.results.map(toRecord),
    ...(after ? { after } : {}),
  };
}

export async function updateObject(
  t: Transport,
  objectType: CrmObjectType,
  id: string,
  properties: Record<string, string>,
): Promise<CrmRecord> {
  const updated = await t.call(
    'standard',
    `update ${objectType}/${id}`,
    { method: 'PATCH', path: hubspotPaths.object(objectType, id), body: { properties } },
    simpleObjectSchema,
  );
  return toRecord(updated);
}

/** GET /crm/objects/2026-09/{objectType}/{id}, with the ids of the given associated types. */
export async function getObject(
  t: Transport,
  objectType: CrmObjectType,
  id: string,
  properties: string[],
  associations: CrmObjectType[] = [],
) {
  return t.call(
    'standard',
    `read ${objectType}/${id}`,
    {
      method: 'GET',
      path: hubspotPaths.object(objectType, id),
      query: {
        ...(properties.length > 0 ? { properties: properties.join(',') } : {}),
        ...(associations.length > 0 ? { associations: associations.join(',') } : {}),
      },
    },
    objectWithAssociationsSchema,
  );
}

export /** The ids of one associated type, deduplicated, from a GET with `associations=`. */
function associatedIds(
  object: z.infer<typeof objectWithAssociationsSchema>,
  type: CrmObjectType,
): string[] {
  return [...new Set((object.associations?.[type]?.results ?? []).map((a) => a.id))];
}

export function recordOperations(
  t: Transport,
): Pick<
  CrmGateway,
  | 'getContact'
  | 'getContactWithCompanies'
  | 'batchReadContacts'
  | 'batchRead'
  | 'search'
  | 'searchAll'
  | 'batchUpdate'
  | 'updateObject'
  | 'setLifecycleStage'
> {
  return {
    getContact: async (id, properties) => toRecord(await getObject(t, 'contacts', id, properties)),

    async getContactWithCompanies(id, properties) {
      const contact = await getObject(t, 'contacts', id, properties, ['companies']);
      const companies = associatedIds(contact, 'companies').map((companyId) => ({ id: companyId }));
      return { ...toRecord(contact), companies };
    },
    batchReadContacts: (ids, properties) => batchRead(t, 'contacts', ids, properties),
    batchRead: (objectType, ids, properties) => batchRead(t, objectType, ids, properties),
    search: (objectType, request, options) => search(t, objectType, request, options),

    async searchAll(objectType, request, onPage) {
      const sorts = [{ propertyName: 'hs_object_id', direction: 'ASCENDING' as const }];
      // The id the current query starts after; moves only when a new partition starts.
      let floorId: string | undefined;
      let lastId: string | undefined;
      let after: string | undefined;
      let readInPartition = 0;
      let pages = 0;
      let records = 0;
      for (;;) {
        // Past 10,000 results HubSpot stops paging a query, so start a new query for the ids after
        // the last one seen (results are sorted by hs_object_id).
        const filters: SearchFilter[] =
          floorId === undefined
            ? request.filters
            : [
                ...request.filters,
                { propertyName: 'hs_object_id', operator: 'GT', value: floorId },
              ];
        const page = await search(t, objectType, {
          filterGroups: [{ filters }],
          sorts,
          limit: SEARCH_PAGE_LIMIT,
          ...(request.properties ? { properties: request.properties } : {}),
          ...(after !== undefined ? { after } : {}),
        });
        pages += 1;
        if (page.results.length > 0) {
          records += page.results.length;
          readInPartition += page.results.length;
          lastId = page.results[page.results.length - 1]!.id;
          await onPage(page.results);
        }
        if (!page.after || page.results.length === 0) break;
        if (readInPartition + SEARCH_PAGE_LIMIT > SEARCH_RESULT_CAP) {
          floorId = lastId;
          after = undefined;
          readInPartition = 0;
        } else {
          after = page.after;
        }
      }
      return { pages, records };
    },

    async batchUpdate(objectType, inputs) {
      const result: BatchResult = { results: [], errors: [] };
      for (const part of chunk(inputs, BATCH_LIMIT)) {
        // POST /crm/objects/2026-09/{objectType}/batch/update (BatchInputSimplePublicObjectBatchInput)
        const response = await t.call(
          'standard',
          `update ${part.length} ${objectType}`,
          { method: 'POST', path: hubspotPaths.batchUpdate(objectType), body: { inputs: part } },
          batchObjectsSchema,
        );
        result.results.push(...response.results.map(toRecord));
        result.errors.push(...batchErrors(response));
      }
      return result;
    },

    updateObject: (objectType, id, properties) => updateObject(t, objectType, id, properties),

    async setLifecycleStage(objectType, id, value, options) {
      // HubSpot does not move lifecyclestage backwards: clear it in one request, set the earlier
      // stage in a second (never one batch: order is not guaranteed), then read it back.
      // https://knowledge.hubspot.com/records/use-lifecycle-stages
      if (options.clearFirst) await updateObject(t, objectType, id, { [LIFECYCLE]: '' });
      await updateObject(t, objectType, id, { [LIFECYCLE]: value });
      const actual =
        (await getObject(t, objectType, id, [LIFECYCLE])).properties[LIFECYCLE] ?? null;
      if (actual !== value) throw new LifecycleWriteError(objectType, id, value, actual);
    },
  };
}
