// Search-index lag: search sees a write only `lagMs` after it, reads by id at once. Time moves by
// the portal's manual clock, never by waiting.
import request from 'supertest';
import { createManualClock } from '../../src/local-portal/clock.ts';
import { createLocalPortal } from '../../src/local-portal/server.ts';

function setUp(searchLagMs?: number) {
  const clock = createManualClock();
  const portal = createLocalPortal({
    clock: clock.now,
    ...(searchLagMs === undefined ? {} : { searchLagMs }),
  });
  const token = portal.oauth.issueTokens({ portalId: portal.demoPortalId }).access_token;
  const auth = { authorization: `Bearer ${token}` };
  const search = async (filters: { propertyName: string; operator: string; value?: string }[]) => {
    const response = await request(portal.app)
      .post('/crm/v3/objects/contacts/search')
      .set(auth)
      .send({ filterGroups: [{ filters }], properties: ['email', 'jobtitle'], limit: 100 });
    expect(response.status).toBe(200);
    return response.body as {
      total: number;
      results: { id: string; properties: Record<string, string> }[];
    };
  };
  return { clock, portal, auth, search };
}

describe('the search index lag', () => {
  it('finds a new contact only once the lag has passed, while a read by id sees it at once', async () => {
    // GIVEN a portal whose search lags writes by 3 s
    const { clock, portal, auth, search } = setUp(3_000);
    const byEmail = [{ propertyName: 'email', operator: 'EQ', value: 'new@example.com' }];
    // WHEN a contact is created
    const created = await request(portal.app)
      .post('/crm/v3/objects/contacts')
      .set(auth)
      .send({ properties: { email: 'new@example.com' } });
    // THEN a read by id finds it at once, search does not yet …
    const read = await request(portal.app)
      .get(`/crm/v3/objects/contacts/${created.body.id}`)
      .set(auth);
    expect(read.status).toBe(200);
    expect((await search(byEmail)).total).toBe(0);
    clock.advance(2_999);
    expect((await search(byEmail)).total).toBe(0);
    // … and does once 3 s have passed
    clock.advance(1);
    expect((await search(byEmail)).results.map((record) => record.id)).toEqual([created.body.id]);
  });

  it('matches and shows an updated record by its old values until the index catches up', async () => {
    const { clock, portal, auth, search } = setUp(5_000);
    const contact = portal.registry
      .ensure(portal.demoPortalId)
      .createObject('contacts', { email: 'old@example.com', jobtitle: 'Analyst' });
    clock.advance(10_000);
    await request(portal.app)
      .patch(`/crm/v3/objects/contacts/${contact.id}`)
      .set(auth)
      .send({ properties: { jobtitle: 'CTO' } })
      .expect(200);
    const cto = [{ propertyName: 'jobtitle', operator: 'EQ', value: 'CTO' }];
    const analyst = [{ propertyName: 'jobtitle', operator: 'EQ', value: 'Analyst' }];
    expect((await search(cto)).total).toBe(0);
    const stale = await search(analyst);
    expect(stale.results[0]?.properties.jobtitle).toBe('Analyst');
    clock.advance(5_000);
    expect((await search(analyst)).total).toBe(0);
    expect((await search(cto)).results[0]?.properties.jobtitle).toBe('CTO');
  });

  it('shows each write in turn as the lag passes it, while the record is written again and again', async () => {
    // GIVEN a contact written three times, 1 s apart, under a 3 s lag (each search meanwhile
    // answers from views of the record as it stood, remembered until its next change)
    const { clock, portal, auth, search } = setUp(3_000);
    const contact = portal.registry
      .ensure(portal.demoPortalId)
      .createObject('contacts', { email: 'often@example.com', jobtitle: 'Analyst' });
    clock.advance(10_000);
    const byEmail = [{ propertyName: 'email', operator: 'EQ', value: 'often@example.com' }];
    const seen: string[] = [];
    for (const title of ['Manager', 'Director', 'CTO']) {
      await request(portal.app)
        .patch(`/crm/v3/objects/contacts/${contact.id}`)
        .set(auth)
        .send({ properties: { jobtitle: title } })
        .expect(200);
      seen.push((await search(byEmail)).results[0]!.properties.jobtitle!);
      clock.advance(1_000);
    }
    // WHEN time passes in steps of 1 s, searching at each
    for (let step = 0; step < 4; step += 1) {
      seen.push((await search(byEmail)).results[0]!.properties.jobtitle!);
      clock.advance(1_000);
    }
    // THEN search showed every value in order, each once its write was 3 s old
    expect(seen).toEqual(['Analyst', 'Analyst', 'Analyst', 'Manager', 'Director', 'CTO', 'CTO']);
  });

  it('lists a contact created or archived after an earlier listing', async () => {
    // GIVEN a listing of the portal's contacts (kept until a contact is created or archived)
    const { portal } = setUp();
    const state = portal.registry.ensure(portal.demoPortalId);
    const before = state.listObjects('contacts').length;
    // WHEN a contact is created, THEN the next listing has it
    const created = state.createObject('contacts', { email: 'listed@example.com' });
    expect(state.listObjects('contacts').map((record) => record.id)).toContain(created.id);
    expect(state.listObjects('contacts')).toHaveLength(before + 1);
    // AND once it is archived, the listing of archived contacts has it and the other does not
    state.archiveObject('contacts', created.id);
    expect(state.listObjects('contacts')).toHaveLength(before);
    expect(state.listObjects('contacts', { archived: true }).map((record) => record.id)).toContain(
      created.id,
    );
  });

  it('still finds an archived record until the index catches up', async () => {
    const { clock, portal, auth, search } = setUp(2_000);
    const contact = portal.registry
      .ensure(portal.demoPortalId)
      .createObject('contacts', { email: 'gone@example.com' });
    clock.advance(60_000);
    await request(portal.app)
      .delete(`/crm/v3/objects/contacts/${contact.id}`)
      .set(auth)
      .expect(204);
    const byEmail = [{ propertyName: 'email', operator: 'EQ', value: 'gone@example.com' }];
    expect((await search(byEmail)).total).toBe(1);
    clock.advance(2_000);
    expect((await search(byEmail)).total).toBe(0);
  });

  it('makes everything written so far searchable on catch-up (seeding), through the control API too', async () => {
    const { portal, search } = setUp(3_000);
    portal.registry
      .ensure(portal.demoPortalId)
      .createObject('contacts', { email: 'a@example.com' });
    expect((await search([{ propertyName: 'email', operator: 'HAS_PROPERTY' }])).total).toBe(0);
    await request(portal.app).post('/_local/search-index/catch-up').expect(204);
    expect((await search([{ propertyName: 'email', operator: 'HAS_PROPERTY' }])).total).toBe(1);
  });

  it('is instant by default, and the control API sets the lag, naming a bad field', async () => {
    const { portal, auth, search } = setUp();
    expect(portal.searchIndex.lagMs()).toBe(0);
    await request(portal.app)
      .post('/crm/v3/objects/contacts')
      .set(auth)
      .send({ properties: { email: 'now@example.com' } });
    expect((await search([{ propertyName: 'email', operator: 'HAS_PROPERTY' }])).total).toBe(1);
    const bad = await request(portal.app).post('/_local/search-index').send({ lagMs: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('lagMs');
    const set = await request(portal.app).post('/_local/search-index').send({ lagMs: 4_000 });
    expect(set.body).toEqual({ lagMs: 4_000 });
    expect(portal.searchIndex.lagMs()).toBe(4_000);
  });
});
