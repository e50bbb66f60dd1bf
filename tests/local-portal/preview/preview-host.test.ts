// The preview host as a new user meets it (issue 18 item 10): a landing page at the portal root,
// no 401 for the browser's favicon request, pickers that find one of 300 contacts with shared
// names by name, email or company, companies as records, and a deal stage control that moves the
// deal through the portal's CRM so the app's webhook fires, as a drag on HubSpot's board does.
import request from 'supertest';
import { createLocalPortal, type LocalPortal } from '../../../src/local-portal/server.ts';
import { seedDemoPortal } from '../../../src/local-portal/seed.ts';
import { propertyHistory } from '../../../src/local-portal/state/history-log.ts';

const NOW = Date.UTC(2026, 10, 2);
let portal: LocalPortal;

interface Entry {
  id: string;
  title: string;
  detail: string;
  label: string;
  search: string;
}
interface Bootstrap {
  contacts: Entry[];
  companies: Entry[];
  deals: Entry[];
  pipelines: { id: string; stages: { id: string; label: string }[] }[];
  owners: { firstName: string; lastName: string; team: string }[];
}

beforeAll(() => {
  portal = createLocalPortal({ appBaseUrl: 'http://127.0.0.1:9' });
  seedDemoPortal(portal.registry.ensure(portal.demoPortalId), {
    seed: 7,
    contacts: 300,
    now: NOW,
  });
});
afterAll(() => portal.shutdown());

const bootstrap = async (): Promise<Bootstrap> =>
  (await request(portal.app).get('/preview/api/bootstrap').expect(200)).body as Bootstrap;

describe('the portal root and the favicon', () => {
  it('answers the root with a bilingual landing page that links to the preview', async () => {
    const response = await request(portal.app).get('/').expect(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('href="/preview"');
    expect(response.text).toContain('Open the card preview');
    expect(response.text).toContain('Kartenvorschau öffnen');
    expect(response.text).toContain(`${portal.demoPortalId}`);
    expect(response.text).not.toMatch(/INVALID_AUTHENTICATION|credentials not found/i);
  });

  it('serves /favicon.ico without asking for a token', async () => {
    const response = await request(portal.app).get('/favicon.ico').expect(200);
    expect(response.headers['content-type']).toMatch(/image\/svg\+xml/);
    // The API itself still wants a token.
    await request(portal.app).get('/crm/v3/objects/contacts').expect(401);
  });
});

describe('searchable pickers', () => {
  it('tells namesakes apart and finds each by email and by company', async () => {
    const { contacts } = await bootstrap();
    expect(contacts).toHaveLength(300);
    const byName = new Map<string, Entry[]>();
    for (const contact of contacts)
      byName.set(contact.title, [...(byName.get(contact.title) ?? []), contact]);
    const namesakes = [...byName.values()].find((group) => group.length > 1);
    expect(namesakes).toBeDefined();
    // Every namesake's label differs: the email and company are part of it.
    expect(new Set(namesakes!.map((entry) => entry.label)).size).toBe(namesakes!.length);
    const registry = portal.registry.get(portal.demoPortalId)!;
    for (const entry of namesakes!) {
      const record = registry.getObject('contacts', entry.id)!;
      expect(entry.search).toContain(entry.title.toLowerCase());
      expect(entry.search).toContain(record.properties.email!);
      expect(entry.label).toContain(record.properties.email!);
      const company = registry.listAssociations('contacts', entry.id, 'companies')[0];
      const name = company && registry.getObject('companies', company.toObjectId)?.properties.name;
      if (name) expect(entry.search).toContain(name.toLowerCase());
    }
  });

  it('lists companies and deals with what identifies them', async () => {
    const { companies, deals, pipelines } = await bootstrap();
    expect(companies.length).toBeGreaterThan(0);
    expect(companies[0]!.detail).toMatch(/\./); // the domain
    expect(deals.length).toBeGreaterThan(0);
    expect(pipelines[0]!.stages.map((stage) => stage.id)).toContain('closedwon');
  });

  it('names the acting users as people, the default admin included', async () => {
    const { owners } = await bootstrap();
    expect(owners[0]).toMatchObject({ firstName: 'Alex', lastName: 'Berger', team: '' });
    for (const owner of owners)
      expect(`${owner.firstName} ${owner.lastName}`).not.toMatch(/Portal Admin/);
  });
});

describe('the company view', () => {
  it('shows a company record with its contacts and deals', async () => {
    const { companies } = await bootstrap();
    const company = companies[0]!;
    const view = (
      await request(portal.app).get(`/preview/api/records/company/${company.id}`).expect(200)
    ).body as { title: string; associations: { objectType: string; records: unknown[] }[] };
    expect(view.title).toBe(company.title);
    expect(view.associations.map((entry) => entry.objectType)).toEqual(['contact', 'deal']);
    expect(view.associations[0]!.records.length).toBeGreaterThan(0);
  });
});

describe('the deal stage control', () => {
  it('moves the deal through the CRM as a UI change and queues the app’s webhook', async () => {
    const { deals } = await bootstrap();
    const registry = portal.registry.get(portal.demoPortalId)!;
    const deal = deals.find(
      (entry) => registry.getObject('deals', entry.id)?.properties.dealstage !== 'contractsent',
    )!;
    const subscription = portal.appCaller.subscribe({
      subscriptionType: 'deal.propertyChange',
      propertyName: 'dealstage',
    });
    try {
      const before = (
        await request(portal.app).get(`/preview/api/records/deal/${deal.id}`).expect(200)
      ).body as { stage: { stageId: string } };
      expect(before.stage.stageId).toBe(registry.getObject('deals', deal.id)!.properties.dealstage);

      await request(portal.app)
        .post(`/preview/api/records/deal/${deal.id}/stage`)
        .send({ stageId: 'contractsent' })
        .expect(200, { id: deal.id, dealstage: 'contractsent' });

      const stored = registry.getObject('deals', deal.id)!;
      expect(stored.properties.dealstage).toBe('contractsent');
      expect(stored.properties.hs_deal_stage_probability).toBe('0.9');
      expect(propertyHistory(stored.history, 'dealstage').at(-1)).toMatchObject({
        value: 'contractsent',
        sourceType: 'CRM_UI',
      });
      expect(portal.appCaller.pendingEvents()).toContainEqual(
        expect.objectContaining({
          subscriptionType: 'deal.propertyChange',
          objectId: Number(deal.id),
          propertyName: 'dealstage',
          propertyValue: 'contractsent',
          changeSource: 'CRM_UI',
        }),
      );
    } finally {
      portal.appCaller.unsubscribe(subscription.id);
    }
  });

  it('refuses a stage the pipeline does not have with HubSpot’s error, and a bad body by field', async () => {
    const { deals } = await bootstrap();
    const refused = await request(portal.app)
      .post(`/preview/api/records/deal/${deals[0]!.id}/stage`)
      .send({ stageId: 'nosuchstage' })
      .expect(400);
    expect(refused.body).toMatchObject({
      category: 'VALIDATION_ERROR',
      errors: [expect.objectContaining({ code: 'INVALID_OPTION' })],
    });
    const invalid = await request(portal.app)
      .post(`/preview/api/records/deal/${deals[0]!.id}/stage`)
      .send({})
      .expect(400);
    expect(JSON.stringify(invalid.body.errors)).toContain('stageId');
    await request(portal.app)
      .post('/preview/api/records/deal/999999999/stage')
      .send({ stageId: 'closedwon' })
      .expect(404);
  });
});
