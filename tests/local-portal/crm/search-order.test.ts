// The local portal's fast search path (id narrowing, sort values parsed once, a bounded heap) must
// answer exactly what filtering every record and sorting all matches answers.
import fc from 'fast-check';
import { matchesFilter, runSearch } from '../../../src/local-portal/crm/search.ts';
import { compareValues } from '../../../src/local-portal/crm/search-order.ts';
import type { PropertyDefinition } from '../../../src/local-portal/crm/property-definitions.ts';
import { createPortalRegistry, type CrmRecord } from '../../../src/local-portal/state.ts';

const portal = createPortalRegistry({ clock: () => Date.UTC(2026, 0, 15) }).ensure(707);
for (let index = 0; index < 300; index++) {
  portal.createObject(
    'contacts',
    {
      email: `c${index}@example.com`,
      // Repeated values (ties), missing values and both number and text sorts.
      ...(index % 7 === 0 ? {} : { hs_analytics_num_page_views: String((index * 37) % 23) }),
      ...(index % 5 === 0 ? {} : { jobtitle: ['CEO', 'cto', 'Buyer', 'engineer'][index % 4]! }),
    },
    { trusted: true },
  );
}
const records = portal.listObjects('contacts');
const properties = portal.listProperties('contacts');
const byName = new Map(properties.map((property) => [property.name, property]));
const ids = records.map((record) => Number(record.id));

type Filter = Parameters<typeof matchesFilter>[1];
type Sort = { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' };

/** The reference: every record filtered, all matches sorted with values parsed per comparison. */
function reference(groups: { filters: Filter[] }[], sorts: Sort[], after: number, limit: number) {
  const comparable = (property: PropertyDefinition | undefined, raw: string) =>
    property?.type === 'number' ? Number(raw) : raw.toLowerCase();
  const matches = records.filter(
    (record) =>
      groups.length === 0 ||
      groups.some((group) =>
        group.filters.every((filter) =>
          matchesFilter(record, filter, byName.get(filter.propertyName)),
        ),
      ),
  );
  const sorted = [...matches].sort((a: CrmRecord, b: CrmRecord) => {
    for (const sort of sorts) {
      const left = a.properties[sort.propertyName];
      const right = b.properties[sort.propertyName];
      if (left === right) continue;
      if (left === undefined) return 1;
      if (right === undefined) return -1;
      const property = byName.get(sort.propertyName);
      const order = compareValues(comparable(property, left), comparable(property, right));
      if (order !== 0) return sort.direction === 'DESCENDING' ? -order : order;
    }
    return Number(a.id) - Number(b.id);
  });
  return { total: sorted.length, ids: sorted.slice(after, after + limit).map((r) => r.id) };
}

const idValue = fc.oneof(
  fc.constantFrom(...ids).map(String),
  fc.integer({ min: Math.min(...ids) - 5, max: Math.max(...ids) + 5 }).map(String),
  fc.constant('12.5'),
);
const idFilter: fc.Arbitrary<Filter> = fc.oneof(
  fc.record({
    propertyName: fc.constant('hs_object_id'),
    operator: fc.constantFrom('GT', 'GTE', 'LT', 'LTE', 'EQ', 'NEQ'),
    value: idValue,
  }),
  fc.tuple(idValue, idValue).map(([value, highValue]) => ({
    propertyName: 'hs_object_id',
    operator: 'BETWEEN' as const,
    value,
    highValue,
  })),
);
const otherFilter: fc.Arbitrary<Filter> = fc.oneof(
  fc.record({
    propertyName: fc.constant('hs_analytics_num_page_views'),
    operator: fc.constantFrom('GT', 'LTE', 'EQ', 'HAS_PROPERTY'),
    value: fc.integer({ min: 0, max: 22 }).map(String),
  }),
  fc.record({
    propertyName: fc.constant('jobtitle'),
    operator: fc.constantFrom('EQ', 'NOT_HAS_PROPERTY'),
    value: fc.constantFrom('CEO', 'cto'),
  }),
);
const group = fc.record({
  filters: fc.array(fc.oneof(idFilter, idFilter, otherFilter), { minLength: 1, maxLength: 3 }),
});
const sort: fc.Arbitrary<Sort> = fc.record({
  propertyName: fc.constantFrom('hs_object_id', 'hs_analytics_num_page_views', 'jobtitle'),
  direction: fc.constantFrom('ASCENDING', 'DESCENDING'),
});

describe('local portal search order', () => {
  it('answers every query exactly as filtering and sorting all records does', () => {
    fc.assert(
      fc.property(
        fc.array(group, { maxLength: 3 }),
        fc.array(sort, { maxLength: 2 }),
        // Small pages (the bounded heap) as often as large ones (the full sort).
        fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 250 })),
        fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 200 })),
        (filterGroups, sorts, after, limit) => {
          const expected = reference(filterGroups, sorts, after, limit);
          const page = runSearch(records, properties, {
            filterGroups,
            sorts,
            limit,
            after: String(after),
          });
          expect(page.total).toBe(expected.total);
          expect(page.results.map((record) => record.id)).toEqual(expected.ids);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('pages a bulk reader’s id range without visiting records outside it', () => {
    // GIVEN a range query as the rescore readers send it (GT the cursor, LTE the range's end)
    const [cursor, end] = [ids[100]!, ids[160]!];
    let visited = 0;
    const counting = new Proxy(records, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) visited += 1;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    // WHEN it is searched
    const page = runSearch(counting, properties, {
      filterGroups: [
        {
          filters: [
            { propertyName: 'hs_object_id', operator: 'GT', value: String(cursor) },
            { propertyName: 'hs_object_id', operator: 'LTE', value: String(end) },
          ],
        },
      ],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      limit: 200,
    });
    // THEN the 60 records of the range come back, and far fewer than all 300 were looked at
    expect(page.total).toBe(60);
    expect(page.results[0]?.id).toBe(String(ids[101]));
    expect(visited).toBeLessThan(100);
  });
});
