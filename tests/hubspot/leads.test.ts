// The Leads operations at the gateway's edge (nock): availability, create with its required contact
// association and no blind retry, reading a contact's leads by association, linking to a deal.
import nock from 'nock';
import { HubSpotUnavailableError } from '../../src/hubspot/errors.ts';
import { createHubSpotGateway } from '../../src/hubspot/hubspot-gateway.ts';
import { createRateLimiter } from '../../src/hubspot/rate-limiter.ts';

const BASE = 'https://api.hubapi.test';

function gateway() {
  return createHubSpotGateway({
    portalId: 123,
    basePath: BASE,
    getAccessToken: async () => 'token-123',
    limiter: createRateLimiter({ jitterMarginMs: 0, now: () => 0, sleep: async () => {} }),
    retry: { maxAttempts: 3, baseDelayMs: 1 },
    sleep: async () => {},
    random: () => 0.5,
  });
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('Leads operations', () => {
  it('says a portal has Leads when the object answers, and has none on a 403', async () => {
    const scope = nock(BASE)
      .get('/crm/objects/2026-09/leads')
      .query({ limit: '1' })
      .reply(200, { results: [] })
      .get('/crm/objects/2026-09/leads')
      .query({ limit: '1' })
      .reply(403, { status: 'error', category: 'MISSING_SCOPES', message: 'no scope' });
    expect(await gateway().leads.isAvailable()).toBe(true);
    expect(await gateway().leads.isAvailable()).toBe(false);
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('creates a lead with its name and contact association in one request, never retried blindly', async () => {
    const scope = nock(BASE)
      .post('/crm/objects/2026-09/leads', {
        properties: { hs_lead_name: 'Ada – returned' },
        associations: [
          {
            to: { id: '42' },
            types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 578 }],
          },
        ],
      })
      .reply(503, { status: 'error', message: 'down' });
    await expect(
      gateway().leads.create({ properties: { hs_lead_name: 'Ada – returned' }, contactId: '42' }),
    ).rejects.toBeInstanceOf(HubSpotUnavailableError);
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('reads a contact’s leads by association, then in one batch', async () => {
    const scope = nock(BASE)
      .post('/crm/associations/2026-09/contacts/leads/batch/read', { inputs: [{ id: '42' }] })
      .reply(200, {
        status: 'COMPLETE',
        results: [
          {
            from: { id: '42' },
            to: [
              { toObjectId: 9, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 579 }] },
              { toObjectId: 8, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 579 }] },
            ],
          },
        ],
      })
      .post('/crm/objects/2026-09/leads/batch/read', {
        inputs: [{ id: '9' }, { id: '8' }],
        properties: ['hs_pipeline_stage'],
      })
      .reply(200, {
        status: 'COMPLETE',
        results: [
          { id: '9', properties: { hs_pipeline_stage: 'new-stage-id' } },
          { id: '8', properties: { hs_pipeline_stage: 'qualified-stage-id' } },
        ],
      })
      .put('/crm/objects/2026-09/leads/8/associations/default/deals/77')
      .reply(200, { status: 'COMPLETE', results: [] });
    const leads = await gateway().leads.listForContact('42', ['hs_pipeline_stage']);
    expect(leads.map((lead) => lead.id)).toEqual(['8', '9']);
    await gateway().leads.associateWithDeal('8', '77');
    expect(scope.pendingMocks()).toEqual([]);
  });
});
