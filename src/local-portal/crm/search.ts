// CRM search (POST /crm/v3/objects/{objectType}/search): request limits, filter operators, sorting,
// paging and the 10,000-result cap, as HubSpot documents them.
// https://developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm
import { z } from 'zod';
import { createValidationError } from './hubspot-error.ts';
import type { PropertyDefinition } from './property-definitions.ts';
import type { CrmRecord } from '../state.ts';
import { compareValues, firstInOrder, narrowByObjectId } from './search-order.ts';

/** Filter groups per request, filters per group and in total (raised 2024-08-26). */
// https://developers.hubspot.com/changelog/breaking-change-expanded-filtering-capabilities-and-error-messaging-in-hubspots-search-api
export const MAX_FILTER_GROUPS = 5;
export const MAX_FILTERS_PER_GROUP = 10;
export const MAX_FILTERS_TOTAL = 25;
/** Results per page, and results reachable by paging one query. */
export const MAX_SEARCH_LIMIT = 200;
export const MAX_SEARCH_RESULTS = 10_000;

/** The operators that compare with one `value`. */
const VALUE_OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;
const OPERATORS = [
  ...VALUE_OPERATORS,
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
] as const;

const filterSchema = z.object({
  propertyName: z.string().min(1),
  operator: z.enum(OPERATORS),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  highValue: z.union([z.string(), z.number()]).optional(),
  values: z.array(z.union([z.string(), z.number()])).optional(),
});

const sortSchema = z.union([
  z.string().min(1),
  z.object({
    propertyName: z.string().min(1),
    direction: z.enum(['ASCENDING', 'DESCENDING']).optional(),
  }),
]);

/** The search body the client sends (`PublicObjectSearchRequest`). */
export const searchRequestSchema = z.object({
  query: z.string().optional(),
  limit: z.number().int().min(0).optional(),
  after: z.union([z.string(), z.number()]).optional(),
  sorts: z.array(sortSchema).optional(),
  properties: z.array(z.string()).optional(),
  filterGroups: z.array(z.object({ filters: z.array(filterSchema) })).optional(),
});

/** A parsed search body. */
export type SearchRequest = z.infer<typeof searchRequestSchema>;
type Filter = z.infer<typeof filterSchema>;

/** One page of matches, with the total count of every match. */
export interface SearchPage {
  total: number;
  results: CrmRecord[];
  nextAfter?: string;
}

// The properties a free-text `query` searches, per HubSpot's default searchable properties.
const QUERY_PROPERTIES = [
  'firstname',
  'lastname',
  'email',
  'phone',
  'company',
  'name',
  'domain',
  'dealname',
  'hs_lead_name',
];

/** Throws HubSpot's 400 when the request breaks a documented limit. */
export function checkSearchLimits(request: SearchRequest): void {
  const groups = request.filterGroups ?? [];
  const total = groups.reduce((sum, group) => sum + group.filters.length, 0);
  if (groups.length > MAX_FILTER_GROUPS) {
    throw createValidationError(
      `Too many filter groups: ${groups.length}. The maximum is ${MAX_FILTER_GROUPS}.`,
    );
  }
  if (groups.some((group) => group.filters.length > MAX_FILTERS_PER_GROUP)) {
    throw createValidationError(
      `Too many filters in a filter group. The maximum is ${MAX_FILTERS_PER_GROUP} per group.`,
    );
  }
  if (total > MAX_FILTERS_TOTAL) {
    throw createValidationError(
      `Too many filters: ${total}. The maximum is ${MAX_FILTERS_TOTAL} across all filter groups.`,
    );
  }
  if ((request.limit ?? 10) > MAX_SEARCH_LIMIT) {
    throw createValidationError(`limit must be less than or equal to ${MAX_SEARCH_LIMIT}`);
  }
  for (const group of groups) {
    for (const filter of group.filters) checkFilterOperands(filter);
  }
}

function checkFilterOperands(filter: Filter): void {
  const needsValue: readonly string[] = VALUE_OPERATORS;
  if (needsValue.includes(filter.operator) && filter.value === undefined) {
    throw createValidationError(
      `The ${filter.operator} operator on ${filter.propertyName} requires a value`,
    );
  }
  if (
    filter.operator === 'BETWEEN' &&
    (filter.value === undefined || filter.highValue === undefined)
  ) {
    throw createValidationError(
      `The BETWEEN operator on ${filter.propertyName} requires value and highValue`,
    );
  }
  if ((filter.operator === 'IN' || filter.operator === 'NOT_IN') && !filter.values) {
    throw createValidationError(
      `The ${filter.operator} operator on ${filter.propertyName} requires values`,
    );
  }
}

function toComparable(
  property: PropertyDefinition | undefined,
  raw: string,
): number | string | undefined {
  const numeric =
    property?.type === 'number' || property?.type === 'datetime' || property?.type === 'date';
  if (!numeric) return raw.toLowerCase();
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  const parsed = Date.parse(raw);
  return Number.isNaN(parsed) ? undefined : parsed;
}

const compare = compareValues;

function wildcardToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}

function containsToken(value: string, pattern: string): boolean {
  // Tokens are the value itself and its whitespace-separated words; `*` is a wildcard.
  const matcher = wildcardToRegExp(pattern);
  const lower = value.toLowerCase();
  return matcher.test(lower) || lower.split(/\s+/).some((token) => matcher.test(token));
}

/** Whether one record passes one filter. Numbers and datetimes compare numerically, the rest as text. */
export function matchesFilter(
  record: CrmRecord,
  filter: Filter,
  property: PropertyDefinition | undefined,
): boolean {
  const raw = record.properties[filter.propertyName];
  const has = raw !== undefined && raw !== '';
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    case 'NEQ':
    case 'NOT_IN':
    case 'NOT_CONTAINS_TOKEN':
      return (
        !has ||
        !matchesFilter(record, { ...filter, operator: positiveOf(filter.operator) }, property)
      );
    default:
      break;
  }
  if (!has) return false;
  const isMulti = property?.fieldType === 'checkbox';
  const candidates = isMulti ? raw.split(';') : [raw];
  return candidates.some((candidate) => matchesValue(candidate, filter, property));
}

function positiveOf(operator: 'NEQ' | 'NOT_IN' | 'NOT_CONTAINS_TOKEN'): Filter['operator'] {
  return operator === 'NEQ' ? 'EQ' : operator === 'NOT_IN' ? 'IN' : 'CONTAINS_TOKEN';
}

function matchesValue(
  raw: string,
  filter: Filter,
  property: PropertyDefinition | undefined,
): boolean {
  const value = toComparable(property, raw);
  if (value === undefined) return false;
  const operand = (input: string | number | boolean | undefined) =>
    input === undefined ? undefined : toComparable(property, String(input));
  switch (filter.operator) {
    case 'CONTAINS_TOKEN':
      return containsToken(raw, String(filter.value));
    case 'IN':
      return (filter.values ?? []).some((candidate) => {
        const other = operand(candidate);
        return other !== undefined && compare(value, other) === 0;
      });
    case 'BETWEEN': {
      const low = operand(filter.value);
      const high = operand(filter.highValue);
      return (
        low !== undefined &&
        high !== undefined &&
        compare(value, low) >= 0 &&
        compare(value, high) <= 0
      );
    }
    default: {
      const other = operand(filter.value);
      if (other === undefined) return false;
      const order = compare(value, other);
      switch (filter.operator) {
        case 'EQ':
          return order === 0;
        case 'LT':
          return order < 0;
        case 'LTE':
          return order <= 0;
        case 'GT':
          return order > 0;
        case 'GTE':
          return order >= 0;
        default:
          return false;
      }
    }
  }
}

/**
 * Runs a search over a type's active records (sorted ascending by id, as `listObjects` and the
 * search index return them): filter groups are ORed, filters in a group ANDed;
 * sorted, then paged by offset (`after`). Paging at or past 10,000 results (`cap`; tests shrink it
 * to reach it with little data) is HubSpot's 400, and no page reaches beyond the 10,000th result.
 */
export function runSearch(
  records: readonly CrmRecord[],
  properties: readonly PropertyDefinition[],
  request: SearchRequest,
  cap: number = MAX_SEARCH_RESULTS,
): SearchPage {
  checkSearchLimits(request);
  const byName = new Map(properties.map((property) => [property.name, property]));
  const groups = request.filterGroups ?? [];
  const query = request.query?.trim().toLowerCase();
  // Only the records the id bounds allow can match (records are sorted by id; search-order.ts).
  const candidates = narrowByObjectId(records, groups);
  const matches = candidates.filter((record) => {
    if (
      groups.length > 0 &&
      !groups.some((group) =>
        group.filters.every((filter) =>
          matchesFilter(record, filter, byName.get(filter.propertyName)),
        ),
      )
    ) {
      return false;
    }
    if (query) {
      return QUERY_PROPERTIES.some((name) => {
        const value = record.properties[name]?.toLowerCase();
        return (
          value !== undefined &&
          value
            .split(/[\s@.]+/)
            .concat(value)
            .some((token) => token.startsWith(query))
        );
      });
    }
    return true;
  });
  const sorts = (request.sorts ?? []).map((sort) =>
    typeof sort === 'string'
      ? { propertyName: sort.replace(/^-/, ''), descending: sort.startsWith('-') }
      : { propertyName: sort.propertyName, descending: sort.direction === 'DESCENDING' },
  );
  const offset = request.after === undefined || request.after === '' ? 0 : Number(request.after);
  if (!Number.isInteger(offset) || offset < 0)
    throw createValidationError(`Invalid after value: ${String(request.after)}`);
  if (offset >= cap) {
    // The search endpoints return at most 10,000 results per query; paging past them is a 400.
    throw createValidationError(
      `Cannot page past ${cap} results. Narrow the query (e.g. by hs_object_id ranges) to reach further.`,
    );
  }
  const limit = request.limit ?? 10;
  const end = Math.min(offset + limit, matches.length, cap);
  const results = firstInOrder(matches, sorts, byName, end, toComparable).slice(offset, end);
  const hasMore = end < matches.length && end < cap;
  return { total: matches.length, results, ...(hasMore ? { nextAfter: String(end) } : {}) };
}
