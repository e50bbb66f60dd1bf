import nock from 'nock';
import { BUYING_ROLES, PRODUCT_PROPERTIES } from '../../src/domain/properties.ts';
import {
  HubSpotNotFoundError,
  HubSpotRateLimitError,
  HubSpotUnavailableError,
  HubSpotValidationError,
  LifecycleWriteError,
} from '../../src/hubspot/errors.ts';
import { createHubSpotGateway } from '../../src/hubspot/hubspot-gateway.ts';
import { createRateLimiter } from '../../src/hubspot/rate-limiter.ts';
import { buyingRoleLabel, toHubSpotProperty } from '../../src/hubspot/schema.ts';

const BASE = 'https://api.hubapi.test';
const TIMESTAMP = '2026-03-02T10:00:00.000Z';

/** A gateway on a fake clock: the limiter's waits and the retry waits are recorded apart. */
function setup(retry = { maxAttempts: 3, baseDelayMs: 100 }) {
  const clock = { now: 0, limiterWaits: [] as number[], retryWaits: [] as number[] };
  const limiter = createRateLimiter({
    // The exact window (no jitter margin): the cases count HubSpot's own 10 s.
    jitterMarginMs: 0,
    now: () => clock.now,
    sleep: async (ms) => {
      clock.limiterWaits.push(ms);
      clock.now += ms;
    },
  });
  const gateway = createHubSpotGateway({
    portalId: 123,
    basePath: BASE,
    getAccessToken: async () => 'token-123',
    limiter,
    retry,
    sleep: async (ms) => {
      clock.retryWaits.push(ms);
      clock.now += ms;
    },
    random: () => 0.5,
  });
  return { gateway, clock, limiter };
}

/** A CRM record as HubSpot's v3 object endpoints return it. */
function hubspotObject(id: string, properties: Record<string, string | null> = {}) {
  return {
    id,
    properties: {
      hs_object_id: id,
      createdate: TIMESTAMP,
      hs_lastmodifieddate: TIMESTAMP,
      ...properties,
    },
    createdAt: TIMESTAMP,
    updatedAt: TIMESTAMP,
    archived: false,
  };
}

function batchResponse(results: unknown[]) {
  return { status: 'COMPLETE', results, startedAt: TIMESTAMP, completedAt: TIMESTAMP };
}

const RATE_LIMIT_HEADERS = {
  'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
  'X-HubSpot-RateLimit-Max': '110',
  'X-HubSpot-RateLimit-Remaining': '0',
};

function rateLimitBody(policyName: string) {
  return {
    status: 'error',
    message: `You have reached your ${policyName.toLowerCase()} limit.`,
    errorType: 'RATE_LIMIT',
    correlationId: '4f0a9a2c-1d7e-4d1b-9a57-3c0e6f5b2a11',
    policyName,
    groupName: 'publicapi:app-api:123',
  };
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('HubSpot gateway: reads', () => {
  it('reads a deal with its contacts and companies in one request, sending the token', async () => {
    const { gateway } = setup();
    const scope = nock(BASE, { reqheaders: { authorization: 'Bearer token-123' } })
      .get('/crm/objects/2026-09/deals/501')
      // Comma-separated lists, as crm-deals.json describes `properties` and `associations`.
      .query({ properties: 'dealname,amount', associations: 'contacts,companies' })
      .reply(200, {
        ...hubspotObject('501', { dealname: 'Acme rollout', amount: '12000' }),
        associations: {
          contacts: {
            results: [
              { id: '101', type: 'deal_to_contact' },
              { id: '101', type: 'op_champion' },
              { id: '102', type: 'deal_to_contact' },
            ],
          },
          companies: { results: [{ id: '201', type: 'deal_to_company' }] },
        },
      });

    const deal = await gateway.getDeal('501', ['dealname', 'amount']);

    expect(deal).toEqual({
      id: '501',
      properties: expect.objectContaining({ dealname: 'Acme rollout', amount: '12000' }),
      contacts: [
        { id: '101', labels: ['deal_to_contact', 'op_champion'], typeIds: [] },
        { id: '102', labels: ['deal_to_contact'], typeIds: [] },
      ],
      companies: [{ id: '201' }],
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('reads a contact with its associated companies in one request', async () => {
    const { gateway } = setup();
    const scope = nock(BASE)
      .get('/crm/objects/2026-09/contacts/51')
      .query({ properties: 'email,lifecyclestage', associations: 'companies' })
      .reply(200, {
        ...hubspotObject('51', { email: 'a@b.de', lifecyclestage: 'lead' }),
        associations: {
          companies: {
            results: [
              { id: '9', type: 'contact_to_company' },
              { id: '9', type: 'contact_to_company_unlabeled' },
            ],
          },
        },
      });
    const contact = await gateway.getContactWithCompanies('51', ['email', 'lifecyclestage']);
    expect(contact).toMatchObject({
      id: '51',
      properties: { email: 'a@b.de' },
      companies: [{ id: '9' }],
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('asks for the access token before every call, so a refreshed token is used at once', async () => {
    const tokens = ['token-a', 'token-b'];
    const gateway = createHubSpotGateway({
      portalId: 123,
      basePath: BASE,
      getAccessToken: async () => tokens.shift()!,
      limiter: createRateLimiter({ now: () => 0, sleep: async () => undefined }),
    });
    const scope = nock(BASE)
      .get('/crm/objects/2026-09/contacts/1')
      .matchHeader('authorization', 'Bearer token-a')
      .reply(200, hubspotObject('1'))
      .get('/crm/objects/2026-09/contacts/2')
      .matchHeader('authorization', 'Bearer token-b')
      .reply(200, hubspotObject('2'));

    await gateway.getContact('1', []);
    await gateway.getContact('2', []);

    expect(scope.pendingMocks()).toEqual([]);
  });

  it('reads association type ids and labels with the associations batch read only when asked', async () => {
    const { gateway } = setup();
    const scope = nock(BASE)
      .get('/crm/objects/2026-09/deals/501')
      .query(true)
      .reply(200, {
        ...hubspotObject('501'),
        associations: { contacts: { results: [{ id: '101', type: 'deal_to_contact' }] } },
      })
      // 2026-09 has no GET page of one record's associations: the batch read, paged per input.
      .post('/crm/associations/2026-09/deals/contacts/batch/read', { inputs: [{ id: '501' }] })
      .reply(200, {
        ...batchResponse([
          {
            from: { id: '501' },
            to: [
              {
                toObjectId: 101,
                associationTypes: [
                  { category: 'HUBSPOT_DEFINED', typeId: 3, label: null },
                  { category: 'USER_DEFINED', typeId: 41, label: 'Champion' },
                ],
              },
            ],
            paging: { next: { after: 'p2' } },
          },
        ]),
      })
      .post('/crm/associations/2026-09/deals/contacts/batch/read', {
        inputs: [{ id: '501', after: 'p2' }],
      })
      .reply(200, {
        ...batchResponse([
          {
            from: { id: '501' },
            to: [
              {
                toObjectId: 102,
                associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 3, label: null }],
              },
            ],
          },
        ]),
      });

    const deal = await gateway.getDeal('501', [], { withAssociationLabels: true });

    expect(deal.contacts).toEqual([
      { id: '101', labels: ['Champion'], typeIds: [3, 41] },
      { id: '102', labels: [], typeIds: [3] },
    ]);
    expect(deal.companies).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('reads 250 contacts in batches of 100, 100 and 50, leaving out ids HubSpot does not know', async () => {
    const { gateway } = setup();
    const ids = Array.from({ length: 250 }, (_, i) => String(1000 + i));
    const sizes: number[] = [];
    const scope = nock(BASE)
      .post('/crm/objects/2026-09/contacts/batch/read')
      .times(3)
      .reply(207, (_uri, body) => {
        const request = body as { inputs: { id: string }[]; properties: string[] };
        sizes.push(request.inputs.length);
        expect(request.properties).toEqual(['email']);
        const [missing, ...known] = request.inputs;
        return {
          ...batchResponse(known.map(({ id }) => hubspotObject(id, { email: `${id}@x.test` }))),
          status: 'COMPLETE',
          numErrors: 1,
          errors: [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: 'Could not get some CONTACT objects, they may be deleted or not exist.',
              context: { ids: [missing!.id] },
            },
          ],
        };
      });

    const contacts = await gateway.batchReadContacts([...ids, ids[0]!], ['email']);

    expect(sizes).toEqual([100, 100, 50]);
    expect(contacts).toHaveLength(247);
    expect(contacts[0]).toEqual({
      id: '1001',
      properties: expect.objectContaining({ email: '1001@x.test' }),
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('lists owners across pages and pipelines with their stages', async () => {
    const { gateway } = setup();
    const owner = (id: string, email: string) => ({
      id,
      email,
      type: 'PERSON',
      firstName: 'Sam',
      lastName: 'Seller',
      userId: Number(id) * 10,
      userIdIncludingInactive: Number(id) * 10,
      createdAt: TIMESTAMP,
      updatedAt: TIMESTAMP,
      archived: false,
      teams: [],
    });
    const scope = nock(BASE)
      .get('/crm/owners/2026-09')
      .query({ limit: '500', archived: 'false' })
      .reply(200, {
        results: [owner('1', 'a@x.test')],
        paging: { next: { after: '1', link: `${BASE}/crm/owners/2026-09?after=1` } },
      })
      .get('/crm/owners/2026-09')
      .query({ after: '1', limit: '500', archived: 'false' })
      .reply(200, { results: [owner('2', 'b@x.test')] })
      .get('/crm/pipelines/2026-09/deals')
      .reply(200, {
        results: [
          {
            id: 'default',
            label: 'Sales Pipeline',
            displayOrder: 0,
            archived: false,
            createdAt: TIMESTAMP,
            updatedAt: TIMESTAMP,
            stages: [
              {
                id: 'closedwon',
                label: 'Closed won',
                displayOrder: 5,
                metadata: { isClosed: 'true', probability: '1.0' },
                archived: false,
                createdAt: TIMESTAMP,
                updatedAt: TIMESTAMP,
                writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
              },
            ],
          },
        ],
      });

    const owners = await gateway.listOwners();
    const pipelines = await gateway.listPipelines('deals');

    expect(owners.map((o) => [o.id, o.email, o.userId])).toEqual([
      ['1', 'a@x.test', 10],
      ['2', 'b@x.test', 20],
    ]);
    expect(pipelines).toEqual([
      {
        id: 'default',
        label: 'Sales Pipeline',
        displayOrder: 0,
        stages: [
          {
            id: 'closedwon',
            label: 'Closed won',
            displayOrder: 5,
            metadata: { isClosed: 'true', probability: '1.0' },
          },
        ],
      },
    ]);
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe('HubSpot gateway: search', () => {
  it('returns one page with its cursor', async () => {
    const { gateway } = setup();
    const scope = nock(BASE)
      .post('/crm/objects/2026-09/contacts/search', {
        filterGroups: [
          { filters: [{ propertyName: 'op_lead_grade', operator: 'EQ', value: 'A1' }] },
        ],
        sorts: [{ propertyName: 'createdate', direction: 'DESCENDING' }],
        properties: ['email'],
        limit: 2,
      })
      .reply(200, {
        total: 3,
        results: [hubspotObject('1'), hubspotObject('2')],
        paging: {
          next: { after: '2', link: `${BASE}/crm/objects/2026-09/contacts/search?after=2` },
        },
      });

    const page = await gateway.search('contacts', {
      filterGroups: [{ filters: [{ propertyName: 'op_lead_grade', operator: 'EQ', value: 'A1' }] }],
      sorts: [{ propertyName: 'createdate', direction: 'DESCENDING' }],
      properties: ['email'],
      limit: 2,
    });

    expect(page).toMatchObject({ total: 3, after: '2' });
    expect(page.results.map((r) => r.id)).toEqual(['1', '2']);
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('refuses pages larger than 200 before calling HubSpot', async () => {
    const { gateway } = setup();
    await expect(gateway.search('contacts', { filterGroups: [], limit: 201 })).rejects.toThrow(
      /limit/,
    );
  });

  it.each([
    ['6 filter groups', 6, 1, /at most 5 filter groups/],
    ['11 filters in one group', 1, 11, /at most 10 filters per group/],
    ['26 filters in all (3 groups of 9, minus one)', 3, 9, /at most 25 filters in all/],
  ])('refuses %s before calling HubSpot', async (_case, groups, perGroup, message) => {
    // HubSpot: ≤ 5 filter groups, ≤ 10 filters per group, ≤ 25 filters in all.
    const { gateway } = setup();
    const filter = { propertyName: 'email', operator: 'HAS_PROPERTY' as const };
    const filterGroups = Array.from({ length: groups }, (_, index) => ({
      filters: Array.from({ length: index === 2 ? perGroup - 1 : perGroup }, () => filter),
    }));
    await expect(gateway.search('contacts', { filterGroups })).rejects.toThrow(message);
  });

  it('sends 5 groups with 25 filters in all, HubSpot’s limits exactly', async () => {
    const { gateway } = setup();
    const filter = { propertyName: 'email', operator: 'HAS_PROPERTY' as const };
    const filterGroups = Array.from({ length: 5 }, () => ({
      filters: Array.from({ length: 5 }, () => filter),
    }));
    const scope = nock(BASE)
      .post('/crm/objects/2026-09/contacts/search')
      .reply(200, { total: 0, results: [] });
    await expect(gateway.search('contacts', { filterGroups })).resolves.toEqual({
      total: 0,
      results: [],
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('fails loudly when HubSpot answers a shape its 2026-09 spec does not describe', async () => {
    const { gateway } = setup();
    const scope = nock(BASE)
      .post('/crm/objects/2026-09/contacts/search')
      .reply(200, { total: 1, objects: [] });
    await expect(gateway.search('contacts', { filterGroups: [] })).rejects.toThrow(
      /shape its 2026-09 spec does not describe — results/,
    );
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('pages past the 10,000-result cap by starting a new query after the last hs_object_id', async () => {
    // GIVEN 10,150 matching contacts with ids 1 … 10,150
    const { gateway, clock } = setup();
    const total = 10_150;
    const bodies: {
      after?: string;
      limit: number;
      sorts: unknown[];
      filterGroups: { filters: { propertyName: string; operator: string; value?: string }[] }[];
    }[] = [];
    const scope = nock(BASE)
      .post('/crm/objects/2026-09/contacts/search')
      .times(51)
      .reply(200, (_uri, requestBody) => {
        const body = requestBody as (typeof bodies)[number];
        bodies.push(body);
        const gt = body.filterGroups[0]!.filters.find((f) => f.propertyName === 'hs_object_id');
        const offset = Number(body.after ?? 0);
        // HubSpot answers 400 past 10,000; the gateway must never ask for that.
        expect(offset + body.limit).toBeLessThanOrEqual(10_000);
        const firstId = Number(gt?.value ?? 0) + 1 + offset;
        const lastId = Math.min(total, firstId + body.limit - 1);
        const results = [];
        for (let id = firstId; id <= lastId; id += 1) results.push(hubspotObject(String(id)));
        const remaining = total - Number(gt?.value ?? 0);
        const next = offset + body.limit;
        return {
          total: remaining,
          results,
          ...(next < remaining
            ? { paging: { next: { after: String(next), link: `${BASE}/x?after=${next}` } } }
            : {}),
        };
      });
    const seen: string[] = [];

    // WHEN every record is read
    const summary = await gateway.searchAll(
      'contacts',
      { filters: [{ propertyName: 'lifecyclestage', operator: 'EQ', value: 'lead' }] },
      (records) => {
        seen.push(...records.map((r) => r.id));
      },
    );

    // THEN 50 pages of the first query, then a second query for ids above 10,000
    expect(summary).toEqual({ pages: 51, records: total });
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => String(i + 1)));
    expect(bodies[0]!.sorts).toEqual([{ propertyName: 'hs_object_id', direction: 'ASCENDING' }]);
    expect(bodies[0]!.after).toBeUndefined();
    expect(bodies[1]!.after).toBe('200');
    expect(bodies[49]!.after).toBe('9800');
    expect(bodies[50]!.after).toBeUndefined();
    expect(bodies[50]!.filterGroups).toEqual([
      {
        filters: [
          { propertyName: 'lifecyclestage', operator: 'EQ', value: 'lead' },
          { propertyName: 'hs_object_id', operator: 'GT', value: '10000' },
        ],
      },
    ]);
    // ... and search stayed within 5 requests per second.
    expect(clock.limiterWaits.length).toBeGreaterThan(0);
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe('HubSpot gateway: writes', () => {
  it('updates 250 records in three batch calls of 100, 100 and 50', async () => {
    const { gateway } = setup();
    const sizes: number[] = [];
    const scope = nock(BASE)
      .post('/crm/objects/2026-09/contacts/batch/update')
      .times(3)
      .reply(200, (_uri, body) => {
        const inputs = (body as { inputs: { id: string; properties: Record<string, string> }[] })
          .inputs;
        sizes.push(inputs.length);
        return batchResponse(inputs.map((input) => hubspotObject(input.id, input.properties)));
      });
    const inputs = Array.from({ length: 250 }, (_, i) => ({
      id: String(i + 1),
      properties: { op_fit_score: String(i) },
    }));

    const result = await gateway.batchUpdate('contacts', inputs);

    expect(sizes).toEqual([100, 100, 50]);
    expect(result.errors).toEqual([]);
    expect(result.results).toHaveLength(250);
    expect(result.results[249]!.properties.op_fit_score).toBe('249');
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('moves a lifecycle stage backwards: clears, sets, reads back', async () => {
    const { gateway } = setup();
    const scope = nock(BASE)
      .patch('/crm/objects/2026-09/contacts/7', { properties: { lifecyclestage: '' } })
      .reply(200, hubspotObject('7', { lifecyclestage: '' }))
      .patch('/crm/objects/2026-09/contacts/7', { properties: { lifecyclestage: 'lead' } })
      .reply(200, hubspotObject('7', { lifecyclestage: 'lead' }))
      .get('/crm/objects/2026-09/contacts/7')
      .query({ properties: 'lifecyclestage' })
      .reply(200, hubspotObject('7', { lifecyclestage: 'lead' }));

    await gateway.setLifecycleStage('contacts', '7', 'lead', { clearFirst: true });

    expect(scope.pendingMocks()).toEqual([]);
  });

  it('reports a lifecycle write HubSpot did not keep', async () => {
    const { gateway } = setup();
    const scope = nock(BASE)
      .patch('/crm/objects/2026-09/contacts/7', { properties: { lifecyclestage: 'lead' } })
      .reply(200, hubspotObject('7', { lifecyclestage: 'opportunity' }))
      .get('/crm/objects/2026-09/contacts/7')
      .query(true)
      .reply(200, hubspotObject('7', { lifecyclestage: 'opportunity' }));

    const error = await gateway
      .setLifecycleStage('contacts', '7', 'lead', { clearFirst: false })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LifecycleWriteError);
    expect(error).toMatchObject({
      code: 'lifecycle_write_rejected',
      expected: 'lead',
      actual: 'opportunity',
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('creates a deal associated with its contact and primary company in one request', async () => {
    const { gateway } = setup();
    const scope = nock(BASE)
      .post('/crm/objects/2026-09/deals', {
        properties: { dealname: 'Acme', pipeline: 'default', dealstage: 'appointmentscheduled' },
        associations: [
          {
            to: { id: '101' },
            types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }],
          },
          {
            to: { id: '201' },
            types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }],
          },
        ],
      })
      .reply(201, hubspotObject('501', { dealname: 'Acme' }));

    const deal = await gateway.createDeal({
      properties: { dealname: 'Acme', pipeline: 'default', dealstage: 'appointmentscheduled' },
      contactId: '101',
      companyId: '201',
    });

    expect(deal.id).toBe('501');
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('labels, unlabels and removes associations with the 2026-09 endpoints', async () => {
    const { gateway } = setup();
    const scope = nock(BASE)
      .put('/crm/objects/2026-09/deals/501/associations/contacts/101', [
        { associationCategory: 'USER_DEFINED', associationTypeId: 41 },
      ])
      .reply(201, {
        fromObjectTypeId: '0-3',
        fromObjectId: 501,
        toObjectTypeId: '0-1',
        toObjectId: 101,
        labels: ['Champion'],
      })
      .post('/crm/associations/2026-09/deals/contacts/batch/labels/archive', {
        inputs: [
          {
            from: { id: '501' },
            to: { id: '101' },
            types: [{ associationCategory: 'USER_DEFINED', associationTypeId: 41 }],
          },
        ],
      })
      .reply(204)
      .delete('/crm/objects/2026-09/deals/501/associations/contacts/102')
      .reply(204);

    await gateway.associate('deals', '501', 'contacts', '101', [
      { category: 'USER_DEFINED', typeId: 41 },
    ]);
    await gateway.removeAssociation('deals', '501', 'contacts', '101', [
      { category: 'USER_DEFINED', typeId: 41 },
    ]);
    await gateway.removeAssociation('deals', '501', 'contacts', '102');

    expect(scope.pendingMocks()).toEqual([]);
  });

  it('creates a note on the timelines of a contact and a deal', async () => {
    const { gateway } = setup();
    const scope = nock(BASE)
      .post('/crm/objects/2026-09/notes', {
        properties: {
          hs_note_body: 'Returned to marketing: no budget this year',
          hs_timestamp: TIMESTAMP,
          hubspot_owner_id: '9',
        },
        associations: [
          {
            to: { id: '101' },
            types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }],
          },
          {
            to: { id: '501' },
            types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 214 }],
          },
        ],
      })
      .reply(
        201,
        hubspotObject('9001', { hs_note_body: 'Returned to marketing: no budget this year' }),
      );

    const note = await gateway.createNote({
      body: 'Returned to marketing: no budget this year',
      timestamp: Date.parse(TIMESTAMP),
      ownerId: '9',
      associations: [
        { objectType: 'contacts', id: '101' },
        { objectType: 'deals', id: '501' },
      ],
    });

    expect(note.id).toBe('9001');
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('creates 150 notes in two batch calls of 100 and 50', async () => {
    const { gateway } = setup();
    const sizes: number[] = [];
    const scope = nock(BASE)
      .post(
        '/crm/objects/2026-09/notes/batch/create',
        (body: { inputs: { properties: { hs_note_body: string }; associations: unknown[] }[] }) => {
          sizes.push(body.inputs.length);
          return body.inputs.every(
            (input) =>
              input.properties.hs_note_body.startsWith('Promoted') &&
              input.associations.length === 1,
          );
        },
      )
      .times(2)
      .reply(201, (_uri, body) =>
        batchResponse(
          (body as { inputs: unknown[] }).inputs.map((_input, index) =>
            hubspotObject(String(9100 + index)),
          ),
        ),
      );
    const notes = await gateway.createNotes(
      Array.from({ length: 150 }, (_, index) => ({
        body: `Promoted ${index}`,
        timestamp: Date.parse(TIMESTAMP),
        associations: [{ objectType: 'contacts' as const, id: String(100 + index) }],
      })),
    );
    expect(sizes).toEqual([100, 50]);
    expect(notes).toHaveLength(150);
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('completes a blocked workflow action', async () => {
    const { gateway } = setup();
    const scope = nock(BASE)
      .post('/automation/actions/callbacks/2026-09/cb-1/complete', {
        outputFields: { hs_execution_state: 'SUCCESS', op_lead_grade: 'A1' },
        typedOutputs: {},
      })
      .reply(204);

    await gateway.completeWorkflowCallback('cb-1', {
      hs_execution_state: 'SUCCESS',
      op_lead_grade: 'A1',
    });

    expect(scope.pendingMocks()).toEqual([]);
  });

  it('fails fast with a LOCAL_BUDGET rate-limit error when a deadline-bound caller would wait', async () => {
    // GIVEN a portal whose budget is used up (no HubSpot call may be made: nock has none)
    const { gateway, limiter } = setup();
    for (let i = 0; i < 110; i += 1) await limiter.acquire('standard', 'interactive');
    // WHEN a webhook-style caller with a 1.5 s deadline reads
    const error = await gateway
      .withMaxWait(1_500)
      .getContact('1', ['email'])
      .catch((failure: unknown) => failure);
    // THEN it is told to come back later, without calling HubSpot
    expect(error).toBeInstanceOf(HubSpotRateLimitError);
    expect(error).toMatchObject({ policyName: 'LOCAL_BUDGET', retryAfterMs: 10_000 });
  });

  it('draws on the bulk lane when asked to', async () => {
    const { gateway, limiter } = setup();
    const scope = nock(BASE)
      .patch('/crm/objects/2026-09/deals/501')
      .reply(200, hubspotObject('501', { op_plan_completeness: '50' }));

    await gateway.withLane('bulk').updateDeal('501', { op_plan_completeness: '50' });

    expect(limiter.counters().standard).toEqual({ interactive: 0, bulk: 1 });
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe('HubSpot gateway: failures and retries', () => {
  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    const { gateway, clock } = setup();
    const scope = nock(BASE)
      .get('/crm/objects/2026-09/contacts/7')
      .query(true)
      .reply(429, rateLimitBody('SECONDLY'), { 'Retry-After': '3' })
      .get('/crm/objects/2026-09/contacts/7')
      .query(true)
      .reply(200, hubspotObject('7', { email: 'a@x.test' }));

    const contact = await gateway.getContact('7', ['email']);

    expect(contact.properties.email).toBe('a@x.test');
    expect(clock.retryWaits).toEqual([3_000]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('waits the rolling interval after a TEN_SECONDLY_ROLLING 429', async () => {
    const { gateway, clock } = setup();
    const scope = nock(BASE)
      .get('/crm/objects/2026-09/contacts/7')
      .query(true)
      .reply(429, rateLimitBody('TEN_SECONDLY_ROLLING'), RATE_LIMIT_HEADERS)
      .get('/crm/objects/2026-09/contacts/7')
      .query(true)
      .reply(200, hubspotObject('7'));

    await gateway.getContact('7', []);

    expect(clock.retryWaits).toEqual([10_000]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('does not retry a DAILY 429', async () => {
    const { gateway, clock } = setup();
    const scope = nock(BASE)
      .get('/crm/objects/2026-09/contacts/7')
      .query(true)
      .reply(429, rateLimitBody('DAILY'), {
        'X-HubSpot-RateLimit-Daily': '500000',
        'X-HubSpot-RateLimit-Daily-Remaining': '0',
      });

    const error = await gateway.getContact('7', []).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HubSpotRateLimitError);
    expect(error).toMatchObject({
      code: 'hubspot_rate_limited',
      policyName: 'DAILY',
      retryAfterMs: undefined,
      hubspotMessage: 'You have reached your daily limit.',
    });
    expect(clock.retryWaits).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('gives up on 429s after the last attempt, saying how long to wait', async () => {
    const { gateway } = setup({ maxAttempts: 2, baseDelayMs: 100 });
    const scope = nock(BASE)
      .get('/crm/objects/2026-09/contacts/7')
      .query(true)
      .times(2)
      .reply(429, rateLimitBody('TEN_SECONDLY_ROLLING'), RATE_LIMIT_HEADERS);

    const error = await gateway.getContact('7', []).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HubSpotRateLimitError);
    expect(error).toMatchObject({ policyName: 'TEN_SECONDLY_ROLLING', retryAfterMs: 10_000 });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('backs off exponentially on 5xx and gives up with HubSpotUnavailableError', async () => {
    const { gateway, clock } = setup({ maxAttempts: 3, baseDelayMs: 100 });
    const scope = nock(BASE)
      .get('/crm/objects/2026-09/contacts/7')
      .query(true)
      .times(3)
      .reply(503, { status: 'error', message: 'Service Unavailable', correlationId: 'c-1' });

    const error = await gateway.getContact('7', []).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HubSpotUnavailableError);
    expect(error).toMatchObject({ code: 'hubspot_unavailable', status: 503, attempts: 3 });
    // random() = 0.5: half of each exponential step fixed, a quarter from the jitter.
    expect(clock.retryWaits).toEqual([75, 150]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('retries after a network failure', async () => {
    const { gateway, clock } = setup();
    const scope = nock(BASE)
      .get('/crm/objects/2026-09/contacts/7')
      .query(true)
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
      .get('/crm/objects/2026-09/contacts/7')
      .query(true)
      .reply(200, hubspotObject('7'));

    await expect(gateway.getContact('7', [])).resolves.toMatchObject({ id: '7' });
    expect(clock.retryWaits).toEqual([75]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  describe('creates are never retried blindly', () => {
    const dealInput = {
      properties: { dealname: 'Acme', pipeline: 'default', dealstage: 'appointmentscheduled' },
      contactId: '101',
    };

    it('does not retry a deal create after a connection reset: HubSpot may have created it', async () => {
      const { gateway, clock } = setup();
      // Only one reply is mocked: a retry would find no interceptor and fail differently.
      const scope = nock(BASE)
        .post('/crm/objects/2026-09/deals')
        .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });

      const error = await gateway.createDeal(dealInput).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(HubSpotUnavailableError);
      expect(error).toMatchObject({ attempts: 1 });
      expect(clock.retryWaits).toEqual([]);
      expect(scope.pendingMocks()).toEqual([]);
    });

    it('does not retry a note create after a 502', async () => {
      const { gateway, clock } = setup();
      const scope = nock(BASE)
        .post('/crm/objects/2026-09/notes')
        .reply(502, { status: 'error', message: 'Bad Gateway' });

      const error = await gateway
        .createNote({
          body: 'x',
          timestamp: 0,
          associations: [{ objectType: 'contacts', id: '1' }],
        })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(HubSpotUnavailableError);
      expect(error).toMatchObject({ status: 502, attempts: 1 });
      expect(clock.retryWaits).toEqual([]);
      expect(scope.pendingMocks()).toEqual([]);
    });

    it('retries a create after a 429 (refused before processing) and a refused connection', async () => {
      const { gateway } = setup();
      const scope = nock(BASE)
        .post('/crm/objects/2026-09/deals')
        .reply(429, rateLimitBody('TEN_SECONDLY_ROLLING'), {
          ...RATE_LIMIT_HEADERS,
          'Retry-After': '1',
        })
        .post('/crm/objects/2026-09/deals')
        .replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })
        .post('/crm/objects/2026-09/deals')
        .reply(201, hubspotObject('501'));

      await expect(gateway.createDeal(dealInput)).resolves.toMatchObject({ id: '501' });
      expect(scope.pendingMocks()).toEqual([]);
    });

    it('upserts a deal by its unique hand-off id (retried like any idempotent call), then associates it', async () => {
      const { gateway } = setup();
      const upsert = {
        inputs: [
          {
            id: 'op-7',
            idProperty: 'op_handoff_id',
            properties: { ...dealInput.properties, op_handoff_id: 'op-7' },
          },
        ],
      };
      const scope = nock(BASE)
        .post('/crm/objects/2026-09/deals/batch/upsert', upsert)
        .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
        .post('/crm/objects/2026-09/deals/batch/upsert', upsert)
        .reply(200, batchResponse([{ ...hubspotObject('501'), new: false }]))
        .put('/crm/objects/2026-09/deals/501/associations/contacts/101', [
          { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 },
        ])
        .reply(201, {
          fromObjectTypeId: '0-3',
          fromObjectId: 501,
          toObjectTypeId: '0-1',
          toObjectId: 101,
          labels: [],
        })
        .put('/crm/objects/2026-09/deals/501/associations/companies/201', [
          { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 },
        ])
        .reply(201, {
          fromObjectTypeId: '0-3',
          fromObjectId: 501,
          toObjectTypeId: '0-2',
          toObjectId: 201,
          labels: [],
        });

      const deal = await gateway.upsertDeal({
        ...dealInput,
        companyId: '201',
        idProperty: 'op_handoff_id',
        idValue: 'op-7',
      });

      expect(deal).toMatchObject({ id: '501', created: false });
      expect(scope.pendingMocks()).toEqual([]);
    });
  });

  it('turns a 404 into HubSpotNotFoundError with HubSpot’s message, without retrying', async () => {
    const { gateway, clock } = setup();
    const scope = nock(BASE)
      .get('/crm/objects/2026-09/deals/999')
      .query(true)
      .reply(404, {
        status: 'error',
        message: 'Object not found.  objectId are usually numeric.',
        correlationId: '0c8a1f64-7f7b-4f59-9d33-64f6a5c1d2e0',
        context: { id: ['999'] },
        category: 'OBJECT_NOT_FOUND',
      });

    const error = await gateway.getDeal('999', []).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HubSpotNotFoundError);
    expect(error).toMatchObject({
      code: 'hubspot_not_found',
      status: 404,
      hubspotMessage: 'Object not found.  objectId are usually numeric.',
      correlationId: '0c8a1f64-7f7b-4f59-9d33-64f6a5c1d2e0',
    });
    expect(clock.retryWaits).toEqual([]);
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('turns a 400 into HubSpotValidationError carrying HubSpot’s message and errors', async () => {
    const { gateway } = setup();
    const scope = nock(BASE)
      .patch('/crm/objects/2026-09/contacts/7')
      .reply(400, {
        status: 'error',
        message:
          'Property values were not valid: [{"isValid":false,"message":"Property \\"op_nope\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"op_nope"}]',
        correlationId: 'a1b2c3d4-0000-4000-8000-000000000000',
        category: 'VALIDATION_ERROR',
        errors: [
          {
            message: 'Property "op_nope" does not exist',
            code: 'PROPERTY_DOESNT_EXIST',
            context: { propertyName: ['op_nope'] },
          },
        ],
      });

    const error = await gateway
      .updateObject('contacts', '7', { op_nope: '1' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HubSpotValidationError);
    expect(error).toMatchObject({
      code: 'hubspot_validation_failed',
      status: 400,
      errors: [
        {
          message: 'Property "op_nope" does not exist',
          code: 'PROPERTY_DOESNT_EXIST',
          context: { propertyName: ['op_nope'] },
        },
      ],
    });
    expect((error as Error).message).toContain('Property values were not valid');
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('reads a validation-rule refusal: category, and each property with the rule’s message', async () => {
    // From 2026-09 HubSpot enforces the admin's validation rules on every write (400
    // VALIDATION_ERROR); ErrorDetail carries the property in `in` and/or `context.propertyName`.
    const { gateway } = setup();
    const scope = nock(BASE)
      .patch('/crm/objects/2026-09/deals/501')
      .reply(400, {
        status: 'error',
        message: "The write breaks the portal's validation rules: Budget must be at least 1000.",
        correlationId: 'a1b2c3d4-0000-4000-8000-000000000001',
        category: 'VALIDATION_ERROR',
        errors: [
          {
            message: 'Budget must be at least 1000.',
            code: 'VALIDATION_RULE_VIOLATION',
            in: 'op_budget',
            context: { propertyName: ['op_budget'], ruleType: ['MIN_NUMBER'] },
          },
        ],
      });

    const error = await gateway.updateDeal('501', { op_budget: '10' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(HubSpotValidationError);
    const refusal = error as HubSpotValidationError;
    expect(refusal.category).toBe('VALIDATION_ERROR');
    expect(refusal.refusedProperties()).toEqual([
      { propertyName: 'op_budget', message: 'Budget must be at least 1000.' },
    ]);
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe('HubSpot gateway: ensureSchema', () => {
  const OBJECT_TYPES = ['contacts', 'deals', 'companies'] as const;

  /** What HubSpot answers for a property it holds. */
  function hubspotProperty(definition: ReturnType<typeof toHubSpotProperty>) {
    return {
      name: definition.name,
      label: definition.label,
      type: definition.type,
      fieldType: definition.fieldType,
      groupName: definition.groupName,
      description: '',
      options: (definition.options ?? []).map((o) => ({ ...o, description: '' })),
      displayOrder: -1,
      hidden: definition.hidden ?? false,
      calculated: false,
      externalOptions: false,
      hasUniqueValue: false,
      formField: false,
      createdAt: TIMESTAMP,
      updatedAt: TIMESTAMP,
      modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
    };
  }

  const REPORTS_TO_PAIR = [
    { category: 'USER_DEFINED', typeId: 120, label: 'Reports to' },
    { category: 'USER_DEFINED', typeId: 121, label: 'Manager of' },
  ];
  const HUBSPOT_DEFINED_TYPES = [
    { category: 'HUBSPOT_DEFINED', typeId: 3, label: null },
    { category: 'HUBSPOT_DEFINED', typeId: 4, label: null },
  ];

  it('creates what is missing, extends what is incomplete, and a second run changes nothing', async () => {
    const { gateway } = setup();
    // GIVEN a portal that has the contact grade property with one option missing and an old label
    const grade = toHubSpotProperty(PRODUCT_PROPERTIES.find((p) => p.name === 'op_lead_grade')!);
    const oldGrade = {
      ...hubspotProperty(grade),
      label: 'Grade',
      options: hubspotProperty(grade).options.slice(0, 8),
    };
    const created: Record<string, ReturnType<typeof hubspotProperty>[]> = {};
    let gradePatch: { label?: string; options?: { value: string }[] } | undefined;
    let nextTypeId = 100;
    const labels: { category: string; typeId: number; label: string | null }[] = [
      ...HUBSPOT_DEFINED_TYPES,
      { category: 'USER_DEFINED', typeId: 40, label: 'Champion' },
    ];
    const createdLabels: { name: string; label: string }[] = [];
    const contactLabels: { category: string; typeId: number; label: string | null }[] = [
      { category: 'HUBSPOT_DEFINED', typeId: 449, label: null },
    ];

    const first = nock(BASE);
    for (const objectType of OBJECT_TYPES) {
      first
        .get(`/crm/properties/2026-09/${objectType}/groups`)
        .reply(200, {
          results: [
            {
              name: `${objectType.slice(0, -1)}information`,
              label: 'Info',
              displayOrder: 0,
              archived: false,
            },
          ],
        })
        .post(`/crm/properties/2026-09/${objectType}/groups`, {
          name: 'opportunity_plan',
          label: 'Opportunity Plan',
          displayOrder: -1,
        })
        .reply(201, {
          name: 'opportunity_plan',
          label: 'Opportunity Plan',
          displayOrder: -1,
          archived: false,
        })
        .get(`/crm/properties/2026-09/${objectType}`)
        .query({ archived: 'false' })
        .reply(200, { results: objectType === 'contacts' ? [oldGrade] : [] })
        .post(`/crm/properties/2026-09/${objectType}/batch/create`)
        .reply(201, (_uri, body) => {
          const inputs = (body as { inputs: ReturnType<typeof toHubSpotProperty>[] }).inputs;
          created[objectType] = inputs.map(hubspotProperty);
          return batchResponse(created[objectType]);
        });
    }
    first
      .patch('/crm/properties/2026-09/contacts/op_lead_grade')
      .reply(200, (_uri, body) => {
        gradePatch = body as typeof gradePatch;
        return { ...oldGrade, ...(body as object) };
      })
      .get('/crm/associations/2026-09/deals/contacts/labels')
      .reply(200, () => ({ results: labels }))
      .post('/crm/associations/2026-09/deals/contacts/labels')
      .times(BUYING_ROLES.length - 1)
      .reply(200, (_uri, body) => {
        const request = body as { name: string; label: string };
        createdLabels.push(request);
        const pair = [
          { category: 'USER_DEFINED', typeId: nextTypeId, label: request.label },
          { category: 'USER_DEFINED', typeId: nextTypeId + 1, label: request.label },
        ];
        labels.push(pair[0]!);
        nextTypeId += 2;
        return { results: pair };
      })
      .get('/crm/associations/2026-09/deals/contacts/labels')
      .reply(200, () => ({ results: labels }))
      // the reporting-line label between contacts: missing, created as a pair, listed again
      .get('/crm/associations/2026-09/contacts/contacts/labels')
      .reply(200, () => ({ results: contactLabels }))
      .post('/crm/associations/2026-09/contacts/contacts/labels', {
        name: 'op_reports_to',
        label: 'Reports to',
        inverseLabel: 'Manager of',
      })
      .reply(200, () => {
        contactLabels.push(...REPORTS_TO_PAIR);
        return { results: REPORTS_TO_PAIR };
      })
      .get('/crm/associations/2026-09/contacts/contacts/labels')
      .reply(200, () => ({ results: contactLabels }));

    // WHEN the schema is ensured
    const summary = await gateway.ensureSchema();

    // THEN the groups, every missing property and every missing label were created
    expect(first.pendingMocks()).toEqual([]);
    const expectedCreated = PRODUCT_PROPERTIES.filter((p) => p.name !== 'op_lead_grade').map(
      (p) => `${p.object}.${p.name}`,
    );
    expect(summary.created).toEqual(
      expect.arrayContaining([
        ...expectedCreated,
        ...OBJECT_TYPES.map((o) => `group:${o}.opportunity_plan`),
      ]),
    );
    expect(summary.created).toHaveLength(expectedCreated.length + 3 + BUYING_ROLES.length - 1 + 1);
    expect(summary.created).toContain('label:contacts_to_contacts.op_reports_to');
    expect(summary.reportsTo).toEqual({ reportsTo: 120, managerOf: 121 });
    expect(summary.updated).toEqual(['contacts.op_lead_grade']);
    expect(gradePatch?.label).toBe('Lead grade');
    expect(gradePatch?.options?.map((o) => o.value)).toEqual(grade.options!.map((o) => o.value));
    expect(summary.unchanged).toBe(0);
    expect(summary.conflicts).toEqual([]);
    expect(createdLabels.map((l) => l.name)).toEqual(
      BUYING_ROLES.filter((r) => r !== 'champion').map((r) => buyingRoleLabel(r).name),
    );
    expect(summary.labels.champion).toBe(40);
    expect(summary.labels.budget_holder).toBe(100);
    expect(new Set(Object.values(summary.labels)).size).toBe(BUYING_ROLES.length);
    // JSON sections are hidden textareas
    const dealProperties = created.deals!;
    expect(dealProperties.find((p) => p.name === 'op_plan_key_people')).toMatchObject({
      type: 'string',
      fieldType: 'textarea',
      hidden: true,
    });

    // AND WHEN it runs again against the portal as it is now
    nock.cleanAll();
    const second = nock(BASE);
    for (const objectType of OBJECT_TYPES) {
      second
        .get(`/crm/properties/2026-09/${objectType}/groups`)
        .reply(200, {
          results: [
            {
              name: 'opportunity_plan',
              label: 'Opportunity Plan',
              displayOrder: -1,
              archived: false,
            },
          ],
        })
        .get(`/crm/properties/2026-09/${objectType}`)
        .query({ archived: 'false' })
        .reply(200, {
          results: [
            ...created[objectType]!,
            ...(objectType === 'contacts' ? [hubspotProperty(grade)] : []),
          ],
        });
    }
    second.get('/crm/associations/2026-09/deals/contacts/labels').reply(200, { results: labels });
    second
      .get('/crm/associations/2026-09/contacts/contacts/labels')
      .reply(200, { results: contactLabels });

    const again = await gateway.ensureSchema();

    // THEN nothing is created or updated (nock would refuse any unexpected request)
    expect(again).toEqual({
      created: [],
      updated: [],
      unchanged: PRODUCT_PROPERTIES.length,
      conflicts: [],
      labels: summary.labels,
      reportsTo: { reportsTo: 120, managerOf: 121 },
    });
    expect(second.pendingMocks()).toEqual([]);
  });

  it('never changes the type of an existing property and reports the conflict', async () => {
    const { gateway } = setup();
    const properties = (objectType: string) =>
      PRODUCT_PROPERTIES.filter((p) => p.object === objectType).map((p) => {
        const property = hubspotProperty(toHubSpotProperty(p));
        return p.name === 'op_customer_budget'
          ? { ...property, type: 'string', fieldType: 'text' }
          : property;
      });
    const scope = nock(BASE);
    for (const objectType of OBJECT_TYPES) {
      scope
        .get(`/crm/properties/2026-09/${objectType}/groups`)
        .reply(200, {
          results: [
            {
              name: 'opportunity_plan',
              label: 'Opportunity Plan',
              displayOrder: -1,
              archived: false,
            },
          ],
        })
        .get(`/crm/properties/2026-09/${objectType}`)
        .query(true)
        .reply(200, { results: properties(objectType) });
    }
    scope.get('/crm/associations/2026-09/deals/contacts/labels').reply(200, {
      results: BUYING_ROLES.map((role, i) => ({
        category: 'USER_DEFINED',
        typeId: 60 + i,
        label: buyingRoleLabel(role).label,
      })),
    });

    scope
      .get('/crm/associations/2026-09/contacts/contacts/labels')
      .reply(200, { results: REPORTS_TO_PAIR });

    const summary = await gateway.ensureSchema();

    expect(summary.conflicts).toEqual([
      'deals.op_customer_budget is "string" in HubSpot, the product needs "number"',
    ]);
    expect(summary.created).toEqual([]);
    expect(summary.unchanged).toBe(PRODUCT_PROPERTIES.length - 1);
    expect(scope.pendingMocks()).toEqual([]);
  });
});
