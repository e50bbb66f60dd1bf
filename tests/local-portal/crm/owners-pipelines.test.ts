// Owners, pipelines, and portal isolation, driven through the official client.
import { captureApiError, startPortalHarness, type PortalHarness } from './portal-harness.ts';

let harness: PortalHarness;
beforeAll(async () => {
  harness = await startPortalHarness();
});
afterAll(async () => harness.close());

describe('owners and pipelines through the official client', () => {
  it('lists owners with paging and the email filter, and reads one by id', async () => {
    const portal = harness.registry.ensure(11);
    const added = portal.addOwner({
      email: 'Seller@Example.com',
      firstName: 'Sam',
      lastName: 'Seller',
      teams: [{ id: 'sales', name: 'Sales' }],
    });
    const client = harness.clientFor(11);
    const page = await client.crm.owners.ownersApi.getPage(undefined, undefined, 1);
    expect(page.results).toHaveLength(1);
    const next = await client.crm.owners.ownersApi.getPage(undefined, page.paging?.next?.after, 1);
    expect(next.results[0]?.id).toBe(added.id);
    const byEmail = await client.crm.owners.ownersApi.getPage('seller@example.com');
    expect(byEmail.results.map((owner) => owner.id)).toEqual([added.id]);
    const one = await client.crm.owners.ownersApi.getById(Number(added.id));
    expect(one).toMatchObject({
      email: 'seller@example.com',
      firstName: 'Sam',
      teams: [{ id: 'sales', name: 'Sales', primary: true }],
    });
    expect((await captureApiError(() => client.crm.owners.ownersApi.getById(1))).code).toBe(404);
  });

  it('serves the default deal pipeline with probabilities and closed flags, and the leads pipeline', async () => {
    const client = harness.clientFor(11);
    const deals = await client.crm.pipelines.pipelinesApi.getAll('deals');
    const pipeline = deals.results[0];
    expect(pipeline?.id).toBe('default');
    expect(pipeline?.stages.map((stage) => stage.id)).toEqual([
      'appointmentscheduled',
      'qualifiedtobuy',
      'presentationscheduled',
      'decisionmakerboughtin',
      'contractsent',
      'closedwon',
      'closedlost',
    ]);
    expect(pipeline?.stages.find((stage) => stage.id === 'closedwon')?.metadata).toEqual({
      isClosed: 'true',
      probability: '1.0',
    });
    expect(pipeline?.stages.find((stage) => stage.id === 'qualifiedtobuy')?.metadata).toEqual({
      isClosed: 'false',
      probability: '0.4',
    });
    const leads = await client.crm.pipelines.pipelinesApi.getById('leads', 'lead-pipeline-id');
    expect(leads.stages[0]?.id).toBe('new-stage-id');
  });
});

describe('portal isolation', () => {
  it('never shows one portal the records of another', async () => {
    // GIVEN a contact in portal 21
    const theirs = await harness.clientFor(21).crm.contacts.basicApi.create({
      properties: { email: 'secret@other.com' },
      associations: [],
    });
    const mine = harness.clientFor(22);
    // WHEN portal 22 reads, lists, searches, updates or associates THEN it meets nothing of portal 21's
    expect((await captureApiError(() => mine.crm.contacts.basicApi.getById(theirs.id))).code).toBe(
      404,
    );
    expect(
      (
        await captureApiError(() =>
          mine.crm.contacts.basicApi.update(theirs.id, { properties: { firstname: 'x' } }),
        )
      ).code,
    ).toBe(404);
    expect((await mine.crm.contacts.basicApi.getPage()).results).toEqual([]);
    expect((await mine.crm.contacts.searchApi.doSearch({ query: 'secret' })).total).toBe(0);
    const batch = await mine.crm.contacts.batchApi.read({
      inputs: [{ id: theirs.id }],
      properties: [],
      propertiesWithHistory: [],
    });
    expect(batch.results).toEqual([]);
    // the same email is free in portal 22 (uniqueness is per portal)
    await mine.crm.contacts.basicApi.create({
      properties: { email: 'secret@other.com' },
      associations: [],
    });
    // and portal 21's record is untouched
    const again = await harness
      .clientFor(21)
      .crm.contacts.basicApi.getById(theirs.id, ['firstname']);
    expect(again.properties.firstname).toBeNull();
  });

  it('answers 401 when no portal was authenticated', async () => {
    const client = new (await import('@hubspot/api-client')).Client({
      accessToken: 'x',
      basePath: harness.basePath,
    });
    const failure = await captureApiError(() => client.crm.contacts.basicApi.getPage());
    expect(failure.code).toBe(401);
  });
});
