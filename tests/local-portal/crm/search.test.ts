// Fidelity of CRM search: operators, sorts, paging, total, limits and the 10,000-result cap.
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { captureApiError, startPortalHarness, type PortalHarness } from './portal-harness.ts';
import { runSearch } from '../../../src/local-portal/crm/search.ts';
import { createPortalRegistry } from '../../../src/local-portal/state.ts';

let harness: PortalHarness;
const PORTAL = 404;
beforeAll(async () => {
  harness = await startPortalHarness();
  const portal = harness.registry.ensure(PORTAL);
  const people: [string, string, number, string, string][] = [
    ['Alice', 'alice@acme.com', 10, 'lead', '2026-01-01T00:00:00Z'],
    ['Bob', 'bob@acme.com', 20, 'customer', '2026-01-05T00:00:00Z'],
    ['Carol', 'carol@globex.com', 30, 'lead', '2026-01-09T00:00:00Z'],
    ['Dan Brown', 'dan@globex.com', 5, 'subscriber', ''],
  ];
  for (const [firstname, email, views, lifecyclestage, open] of people) {
    portal.createObject(
      'contacts',
      {
        firstname,
        email,
        hs_analytics_num_page_views: views,
        lifecyclestage,
        hs_email_last_open_date: open,
      },
      { trusted: true },
    );
  }
});
afterAll(async () => harness.close());

async function searchFirstNames(
  filters: {
    propertyName: string;
    operator: FilterOperatorEnum;
    value?: string;
    highValue?: string;
    values?: string[];
  }[][],
  sorts?: string[],
) {
  const client = harness.clientFor(PORTAL);
  const response = await client.crm.contacts.searchApi.doSearch({
    filterGroups: filters.map((group) => ({ filters: group })),
    properties: ['firstname'],
    ...(sorts ? { sorts } : {}),
    limit: 100,
  });
  return response.results.map((record) => record.properties.firstname);
}

describe('CRM search through the official client', () => {
  it.each([
    [[{ propertyName: 'firstname', operator: FilterOperatorEnum.Eq, value: 'alice' }], ['Alice']],
    [
      [{ propertyName: 'lifecyclestage', operator: FilterOperatorEnum.Neq, value: 'lead' }],
      ['Bob', 'Dan Brown'],
    ],
    [
      [
        {
          propertyName: 'hs_analytics_num_page_views',
          operator: FilterOperatorEnum.Lt,
          value: '10',
        },
      ],
      ['Dan Brown'],
    ],
    [
      [
        {
          propertyName: 'hs_analytics_num_page_views',
          operator: FilterOperatorEnum.Lte,
          value: '10',
        },
      ],
      ['Alice', 'Dan Brown'],
    ],
    [
      [
        {
          propertyName: 'hs_analytics_num_page_views',
          operator: FilterOperatorEnum.Gt,
          value: '9',
        },
      ],
      ['Alice', 'Bob', 'Carol'],
    ],
    [
      [
        {
          propertyName: 'hs_analytics_num_page_views',
          operator: FilterOperatorEnum.Gte,
          value: '20',
        },
      ],
      ['Bob', 'Carol'],
    ],
    [
      [
        {
          propertyName: 'hs_analytics_num_page_views',
          operator: FilterOperatorEnum.Between,
          value: '6',
          highValue: '20',
        },
      ],
      ['Alice', 'Bob'],
    ],
    [
      [
        {
          propertyName: 'lifecyclestage',
          operator: FilterOperatorEnum.In,
          values: ['customer', 'subscriber'],
        },
      ],
      ['Bob', 'Dan Brown'],
    ],
    [
      [{ propertyName: 'lifecyclestage', operator: FilterOperatorEnum.NotIn, values: ['lead'] }],
      ['Bob', 'Dan Brown'],
    ],
    [
      [{ propertyName: 'hs_email_last_open_date', operator: FilterOperatorEnum.HasProperty }],
      ['Alice', 'Bob', 'Carol'],
    ],
    [
      [{ propertyName: 'hs_email_last_open_date', operator: FilterOperatorEnum.NotHasProperty }],
      ['Dan Brown'],
    ],
    [
      [
        {
          propertyName: 'email',
          operator: FilterOperatorEnum.ContainsToken,
          value: '*@globex.com',
        },
      ],
      ['Carol', 'Dan Brown'],
    ],
    [
      [{ propertyName: 'firstname', operator: FilterOperatorEnum.ContainsToken, value: 'brown' }],
      ['Dan Brown'],
    ],
    // datetimes compare numerically, whether the filter value is epoch ms or ISO
    [
      [
        {
          propertyName: 'hs_email_last_open_date',
          operator: FilterOperatorEnum.Gte,
          value: String(Date.UTC(2026, 0, 5)),
        },
      ],
      ['Bob', 'Carol'],
    ],
    [
      [{ propertyName: 'hs_object_id', operator: FilterOperatorEnum.Gt, value: '0' }],
      ['Alice', 'Bob', 'Carol', 'Dan Brown'],
    ],
  ])('filters with %j', async (filters, expected) => {
    expect(await searchFirstNames([filters])).toEqual(expected);
  });

  it('ORs filter groups and ANDs filters within a group', async () => {
    const names = await searchFirstNames([
      [
        { propertyName: 'lifecyclestage', operator: FilterOperatorEnum.Eq, value: 'lead' },
        {
          propertyName: 'hs_analytics_num_page_views',
          operator: FilterOperatorEnum.Gt,
          value: '15',
        },
      ],
      [{ propertyName: 'firstname', operator: FilterOperatorEnum.Eq, value: 'Bob' }],
    ]);
    expect(names).toEqual(['Bob', 'Carol']);
  });

  it('sorts numerically and descending when asked', async () => {
    const client = harness.clientFor(PORTAL);
    const response = await client.crm.contacts.searchApi.doSearch({
      sorts: [
        {
          propertyName: 'hs_analytics_num_page_views',
          direction: 'DESCENDING',
        } as unknown as string,
      ],
      properties: ['firstname'],
      limit: 10,
    });
    expect(response.results.map((record) => record.properties.firstname)).toEqual([
      'Carol',
      'Bob',
      'Alice',
      'Dan Brown',
    ]);
    // the requested properties plus the ones HubSpot always adds
    expect(Object.keys(response.results[0]?.properties ?? {}).sort()).toEqual([
      'createdate',
      'firstname',
      'hs_object_id',
      'lastmodifieddate',
    ]);
  });

  it('pages with after and reports the total', async () => {
    const client = harness.clientFor(PORTAL);
    const first = await client.crm.contacts.searchApi.doSearch({
      limit: 3,
      properties: ['firstname'],
    });
    expect(first.total).toBe(4);
    expect(first.results).toHaveLength(3);
    const second = await client.crm.contacts.searchApi.doSearch({
      limit: 3,
      after: first.paging?.next?.after as string,
      properties: ['firstname'],
    });
    expect(second.results.map((record) => record.properties.firstname)).toEqual(['Dan Brown']);
    expect(second.paging).toBeUndefined();
  });

  it('rejects more than 5 filter groups, more than 25 filters and a limit above 200', async () => {
    const client = harness.clientFor(PORTAL);
    const filter = { propertyName: 'firstname', operator: FilterOperatorEnum.HasProperty };
    const sixGroups = await captureApiError(() =>
      client.crm.contacts.searchApi.doSearch({
        filterGroups: Array.from({ length: 6 }, () => ({ filters: [filter] })),
      }),
    );
    expect(sixGroups.code).toBe(400);
    expect(sixGroups.body.category).toBe('VALIDATION_ERROR');
    const manyFilters = await captureApiError(() =>
      client.crm.contacts.searchApi.doSearch({
        filterGroups: Array.from({ length: 3 }, () => ({
          filters: Array.from({ length: 9 }, () => filter),
        })),
      }),
    );
    expect(manyFilters.code).toBe(400);
    expect(
      (await captureApiError(() => client.crm.contacts.searchApi.doSearch({ limit: 201 }))).code,
    ).toBe(400);
  });

  it('stops at 10,000 results: the last page ends there and paging past it is a 400', async () => {
    // GIVEN a portal with 10,050 companies
    const portal = harness.registry.ensure(505);
    for (let index = 0; index < 10_050; index++)
      portal.createObject('companies', { name: `C${index}` });
    const client = harness.clientFor(505);
    // WHEN paging near the cap THEN the total is exact but no page passes the 10,000th result
    const last = await client.crm.companies.searchApi.doSearch({ limit: 200, after: '9900' });
    expect(last.total).toBe(10_050);
    expect(last.results).toHaveLength(100);
    expect(last.paging).toBeUndefined();
    const past = await captureApiError(() =>
      client.crm.companies.searchApi.doSearch({ limit: 10, after: '10000' }),
    );
    expect(past.code).toBe(400);
    expect(past.body.category).toBe('VALIDATION_ERROR');
  });

  it('keeps the same cap rules when a test shrinks the cap (searchResultCap)', () => {
    // GIVEN 60 contacts and a cap of 50 results per query
    const portal = createPortalRegistry({ clock: () => Date.UTC(2026, 0, 15) }).ensure(606);
    for (let index = 0; index < 60; index++)
      portal.createObject('contacts', { email: `c${index}@example.com` }, { trusted: true });
    const records = portal.listObjects('contacts');
    const properties = portal.listProperties('contacts');
    // WHEN paging up to the cap THEN the last page stops at the 50th result, without a next page
    const last = runSearch(records, properties, { limit: 20, after: '40' }, 50);
    expect(last.total).toBe(60);
    expect(last.results).toHaveLength(10);
    expect(last.nextAfter).toBeUndefined();
    // AND paging at the cap is HubSpot's 400
    expect(() => runSearch(records, properties, { limit: 10, after: '50' }, 50)).toThrow(
      'Cannot page past 50 results',
    );
  });
});
