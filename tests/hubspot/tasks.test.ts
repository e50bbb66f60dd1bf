// The task operation at the gateway's edge: HubSpot's 2026-09 create body (required hs_timestamp,
// subject, body, status, type, owner, associations with HubSpot-defined type ids), never retried
// after a 5xx (a create in doubt is the durable operation's to resolve), and owners' teams read.
import nock from 'nock';
import { HubSpotUnavailableError } from '../../src/hubspot/errors.ts';
import { createHubSpotGateway } from '../../src/hubspot/hubspot-gateway.ts';
import { createRateLimiter } from '../../src/hubspot/rate-limiter.ts';

const BASE = 'https://api.hubapi.test';
const TIMESTAMP = '2026-12-02T10:00:00.000Z';

function gateway() {
  return createHubSpotGateway({
    portalId: 123,
    basePath: BASE,
    getAccessToken: async () => 'token-123',
    limiter: createRateLimiter({ jitterMarginMs: 0 }),
    retry: { maxAttempts: 3, baseDelayMs: 1 },
    sleep: async () => {},
    random: () => 0.5,
  });
}

afterEach(() => {
  nock.cleanAll();
});

describe('createTask', () => {
  it('posts the task with its due date, owner and deal association', async () => {
    let sent: unknown;
    const scope = nock(BASE)
      .post('/crm/objects/2026-09/tasks', (body) => {
        sent = body;
        return true;
      })
      .reply(201, {
        id: '7001',
        properties: { hs_object_id: '7001', hs_task_subject: 'Re-qualify' },
        createdAt: TIMESTAMP,
        updatedAt: TIMESTAMP,
        archived: false,
      });
    const task = await gateway().createTask({
      subject: 'Re-qualify the deal “Rhein Networks – CRM rollout”',
      body: '<p>Due since Dec 2, 2026.</p>',
      dueAt: Date.parse(TIMESTAMP),
      ownerId: '5001006',
      associations: [{ objectType: 'deals', id: '1428' }],
    });
    expect(task.id).toBe('7001');
    expect(sent).toEqual({
      properties: {
        hs_timestamp: TIMESTAMP,
        hs_task_subject: 'Re-qualify the deal “Rhein Networks – CRM rollout”',
        hs_task_body: '<p>Due since Dec 2, 2026.</p>',
        hs_task_status: 'NOT_STARTED',
        hs_task_type: 'TODO',
        hs_task_priority: 'MEDIUM',
        hubspot_owner_id: '5001006',
      },
      associations: [
        {
          to: { id: '1428' },
          types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 216 }],
        },
      ],
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('does not repeat a create HubSpot answered with a 5xx', async () => {
    const scope = nock(BASE).post('/crm/objects/2026-09/tasks').reply(502, { message: 'bad' });
    await expect(
      gateway().createTask({
        subject: 's',
        body: 'b',
        dueAt: Date.parse(TIMESTAMP),
        associations: [{ objectType: 'contacts', id: '1' }],
      }),
    ).rejects.toBeInstanceOf(HubSpotUnavailableError);
    expect(scope.pendingMocks()).toEqual([]);
  });
});

describe('listOwners', () => {
  it('reads each owner’s teams', async () => {
    nock(BASE)
      .get('/crm/owners/2026-09')
      .query(true)
      .reply(200, {
        results: [
          {
            id: '5001006',
            email: 'anna.schmidt@example.com',
            firstName: 'Anna',
            lastName: 'Schmidt',
            userId: 42,
            archived: false,
            createdAt: TIMESTAMP,
            updatedAt: TIMESTAMP,
            type: 'PERSON',
            teams: [{ id: '77', name: 'Marketing', primary: true }],
          },
        ],
      });
    const [owner] = await gateway().listOwners();
    expect(owner).toMatchObject({
      firstName: 'Anna',
      teams: [{ id: '77', name: 'Marketing', primary: true }],
    });
  });
});
