// Fidelity of the CRM objects API, driven through the official client.
import {
  AssociationSpecAssociationCategoryEnum,
  FilterOperatorEnum,
} from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { captureApiError, startPortalHarness, type PortalHarness } from './portal-harness.ts';

let harness: PortalHarness;
beforeAll(async () => {
  harness = await startPortalHarness();
});
afterAll(async () => harness.close());

const PORTAL = 101;

describe('CRM objects through the official client', () => {
  it('creates a contact and reads it back with string values and HubSpot timestamps', async () => {
    // GIVEN a client for the portal
    const client = harness.clientFor(PORTAL);
    // WHEN a contact is created with a numeric value
    const created = await client.crm.contacts.basicApi.create({
      properties: {
        email: 'Ada@Example.com',
        firstname: 'Ada',
        hs_lead_status: 'NEW',
        annualrevenue: '1000',
      },
      associations: [],
    });
    // THEN it has an id, HubSpot-maintained properties, and the email is stored lower-case
    expect(created.id).toMatch(/^\d+$/);
    expect(created.properties.hs_object_id).toBe(created.id);
    expect(created.properties.email).toBe('ada@example.com');
    expect(created.properties.createdate).toBeTruthy();
    expect(created.properties.lastmodifieddate).toBeTruthy();
    expect(created.createdAt).toBeInstanceOf(Date);
    const read = await client.crm.contacts.basicApi.getById(created.id, [
      'firstname',
      'jobtitle',
      'nope',
    ]);
    expect(read.properties).toEqual({
      firstname: 'Ada',
      jobtitle: null,
      hs_object_id: created.id,
      createdate: created.properties.createdate,
      lastmodifieddate: created.properties.lastmodifieddate,
    });
    const defaults = await client.crm.contacts.basicApi.getById(created.id);
    expect(Object.keys(defaults.properties).sort()).toEqual([
      'createdate',
      'email',
      'firstname',
      'hs_object_id',
      'lastmodifieddate',
      'lastname',
    ]);
  });

  it('rejects an unknown property with HubSpot validation body', async () => {
    const client = harness.clientFor(PORTAL);
    const { code, body } = await captureApiError(() =>
      client.crm.contacts.basicApi.create({
        properties: { firstname: 'X', favourite_color: 'blue' },
        associations: [],
      }),
    );
    expect(code).toBe(400);
    expect(body.category).toBe('VALIDATION_ERROR');
    expect(body.correlationId).toEqual(expect.any(String));
    expect(String(body.message)).toMatch(/^Property values were not valid: /);
    expect(body.errors).toEqual([
      {
        message: 'Property "favourite_color" does not exist',
        code: 'PROPERTY_DOESNT_EXIST',
        context: { propertyName: ['favourite_color'] },
      },
    ]);
    // AND nothing was written
    const search = await client.crm.contacts.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'firstname', operator: FilterOperatorEnum.Eq, value: 'X' }] },
      ],
    });
    expect(search.total).toBe(0);
  });

  it('validates enumeration values against the options', async () => {
    const client = harness.clientFor(PORTAL);
    const { code, body } = await captureApiError(() =>
      client.crm.contacts.basicApi.create({
        properties: { hs_lead_status: 'MAYBE' },
        associations: [],
      }),
    );
    expect(code).toBe(400);
    expect((body.errors as { code: string }[])[0]?.code).toBe('INVALID_OPTION');
  });

  it('answers 404 OBJECT_NOT_FOUND for an unknown id and 409 CONFLICT for a duplicate email', async () => {
    const client = harness.clientFor(PORTAL);
    const missing = await captureApiError(() => client.crm.contacts.basicApi.getById('999999999'));
    expect(missing.code).toBe(404);
    expect(missing.body.category).toBe('OBJECT_NOT_FOUND');
    const first = await client.crm.contacts.basicApi.create({
      properties: { email: 'dup@example.com' },
      associations: [],
    });
    const duplicate = await captureApiError(() =>
      client.crm.contacts.basicApi.create({
        properties: { email: 'DUP@example.com' },
        associations: [],
      }),
    );
    expect(duplicate.code).toBe(409);
    expect(duplicate.body.category).toBe('CONFLICT');
    expect(duplicate.body.message).toBe(`Contact already exists. Existing ID: ${first.id}`);
  });

  it('updates, keeps property history, and archives', async () => {
    const client = harness.clientFor(PORTAL);
    const contact = await client.crm.contacts.basicApi.create({
      properties: { jobtitle: 'Engineer' },
      associations: [],
    });
    const updated = await client.crm.contacts.basicApi.update(contact.id, {
      properties: { jobtitle: 'CTO' },
    });
    expect(updated.properties.jobtitle).toBe('CTO');
    expect(updated.updatedAt.getTime()).toBeGreaterThan(contact.updatedAt.getTime());
    const withHistory = await client.crm.contacts.basicApi.getById(contact.id, undefined, [
      'jobtitle',
    ]);
    expect(withHistory.propertiesWithHistory?.jobtitle?.map((entry) => entry.value)).toEqual([
      'CTO',
      'Engineer',
    ]);
    await client.crm.contacts.basicApi.archive(contact.id);
    expect(
      (await captureApiError(() => client.crm.contacts.basicApi.getById(contact.id))).code,
    ).toBe(404);
    const archived = await client.crm.contacts.basicApi.getById(
      contact.id,
      undefined,
      undefined,
      undefined,
      true,
    );
    expect(archived.archived).toBe(true);
  });

  it('keeps lifecycle stages from moving backwards unless cleared first', async () => {
    const client = harness.clientFor(PORTAL);
    for (const objectApi of [client.crm.contacts.basicApi, client.crm.companies.basicApi]) {
      const record = await objectApi.create({
        properties: { lifecyclestage: 'salesqualifiedlead' },
        associations: [],
      });
      // WHEN a plain write moves it back THEN the write succeeds but the value stays
      await objectApi.update(record.id, { properties: { lifecyclestage: 'lead' } });
      expect(
        (await objectApi.getById(record.id, ['lifecyclestage'])).properties.lifecyclestage,
      ).toBe('salesqualifiedlead');
      // forward and `other` are allowed
      await objectApi.update(record.id, { properties: { lifecyclestage: 'opportunity' } });
      expect(
        (await objectApi.getById(record.id, ['lifecyclestage'])).properties.lifecyclestage,
      ).toBe('opportunity');
      // clearing first, then writing the earlier stage, moves it back
      await objectApi.update(record.id, { properties: { lifecyclestage: '' } });
      await objectApi.update(record.id, { properties: { lifecyclestage: 'lead' } });
      expect(
        (await objectApi.getById(record.id, ['lifecyclestage'])).properties.lifecyclestage,
      ).toBe('lead');
    }
  });

  it('lists with limit and after, and rejects limits above 100', async () => {
    const client = harness.clientFor(202);
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      ids.push(
        (
          await client.crm.companies.basicApi.create({
            properties: { name: `Co ${index}` },
            associations: [],
          })
        ).id,
      );
    }
    const first = await client.crm.companies.basicApi.getPage(2);
    expect(first.results.map((record) => record.id)).toEqual(ids.slice(0, 2));
    const second = await client.crm.companies.basicApi.getPage(2, first.paging?.next?.after);
    expect(second.results.map((record) => record.id)).toEqual(ids.slice(2, 4));
    const third = await client.crm.companies.basicApi.getPage(2, second.paging?.next?.after);
    expect(third.results.map((record) => record.id)).toEqual(ids.slice(4));
    expect(third.paging).toBeUndefined();
    expect((await captureApiError(() => client.crm.companies.basicApi.getPage(101))).code).toBe(
      400,
    );
  });

  it('creates records with associations and returns v3 associations on read', async () => {
    const client = harness.clientFor(PORTAL);
    const company = await client.crm.companies.basicApi.create({
      properties: { name: 'Acme' },
      associations: [],
    });
    const contact = await client.crm.contacts.basicApi.create({
      properties: { firstname: 'Grace' },
      associations: [
        {
          to: { id: company.id },
          types: [
            {
              associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
              associationTypeId: 279,
            },
          ],
        },
      ],
    });
    const read = await client.crm.companies.basicApi.getById(company.id, undefined, undefined, [
      'contacts',
    ]);
    expect(read.associations?.contacts?.results).toEqual([
      { id: contact.id, type: 'company_to_contact_unlabeled' },
    ]);
    // A deal defaults to the default pipeline and computes its probability
    const deal = await client.crm.deals.basicApi.create({
      properties: { dealname: 'Big', dealstage: 'contractsent', amount: '5000' },
      associations: [],
    });
    expect(deal.properties.pipeline).toBe('default');
    expect(deal.properties.hs_deal_stage_probability).toBe('0.9');
    const badStage = await captureApiError(() =>
      client.crm.deals.basicApi.create({ properties: { dealstage: 'nope' }, associations: [] }),
    );
    expect(badStage.code).toBe(400);
    // Notes need hs_timestamp and associate with the deal
    const note = await client.crm.objects.notes.basicApi.create({
      properties: { hs_note_body: 'Hello', hs_timestamp: '2026-01-10T10:00:00Z' },
      associations: [
        {
          to: { id: deal.id },
          types: [
            {
              associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
              associationTypeId: 214,
            },
          ],
        },
      ],
    });
    const dealWithNotes = await client.crm.deals.basicApi.getById(deal.id, undefined, undefined, [
      'notes',
    ]);
    expect(dealWithNotes.associations?.notes?.results.map((result) => result.id)).toEqual([
      note.id,
    ]);
    // Leads by object type id
    const lead = await client.crm.objects.basicApi.create('0-136', {
      properties: { hs_lead_name: 'Grace lead' },
      associations: [
        {
          to: { id: contact.id },
          types: [
            {
              associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
              associationTypeId: 578,
            },
          ],
        },
      ],
    });
    expect(lead.properties.hs_pipeline_stage).toBe('new-stage-id');
    expect((await client.crm.objects.basicApi.getById('leads', lead.id)).id).toBe(lead.id);
  });

  it('batch-reads with a 207 for missing ids and rejects more than 100 inputs', async () => {
    const client = harness.clientFor(PORTAL);
    const created = await client.crm.contacts.batchApi.create({
      inputs: [
        { properties: { firstname: 'B1' }, associations: [] },
        { properties: { firstname: 'B2' }, associations: [] },
      ],
    });
    expect(created.results).toHaveLength(2);
    const ids = created.results.map((record) => record.id);
    const read = await client.crm.contacts.batchApi.read({
      inputs: [{ id: ids[0] as string }, { id: '424242' }],
      properties: ['firstname'],
      propertiesWithHistory: [],
    });
    expect(read.status).toBe('COMPLETE');
    expect(read.results.map((record) => record.properties.firstname)).toEqual(['B1']);
    expect('numErrors' in read && read.numErrors).toBe(1);
    expect('errors' in read && read.errors?.[0]?.category).toBe('OBJECT_NOT_FOUND');
    const tooMany = await captureApiError(() =>
      client.crm.contacts.batchApi.read({
        inputs: Array.from({ length: 101 }, (_, index) => ({ id: String(index) })),
        properties: [],
        propertiesWithHistory: [],
      }),
    );
    expect(tooMany.code).toBe(400);
    expect(tooMany.body.category).toBe('VALIDATION_ERROR');
    // update, upsert by email, archive
    const updated = await client.crm.contacts.batchApi.update({
      inputs: ids.map((id) => ({ id, properties: { jobtitle: 'Batch' } })),
    });
    expect(updated.results.every((record) => record.properties.jobtitle === 'Batch')).toBe(true);
    const duplicated = await captureApiError(() =>
      client.crm.contacts.batchApi.upsert({
        inputs: [
          { id: 'up@example.com', idProperty: 'email', properties: { firstname: 'Up' } },
          { id: 'UP@example.com', idProperty: 'email', properties: { lastname: 'Again' } },
        ],
      }),
    );
    expect(duplicated.code).toBe(400);
    const upserted = await client.crm.contacts.batchApi.upsert({
      inputs: [{ id: 'up@example.com', idProperty: 'email', properties: { firstname: 'Up' } }],
    });
    expect(upserted.results[0]?._new).toBe(true);
    const again = await client.crm.contacts.batchApi.upsert({
      inputs: [{ id: 'up@example.com', idProperty: 'email', properties: { lastname: 'Later' } }],
    });
    expect(again.results[0]?._new).toBe(false);
    expect(again.results[0]?.properties.firstname).toBe('Up');
    await client.crm.contacts.batchApi.archive({ inputs: ids.map((id) => ({ id })) });
    const gone = await client.crm.contacts.batchApi.read({
      inputs: ids.map((id) => ({ id })),
      properties: [],
      propertiesWithHistory: [],
    });
    expect(gone.results).toHaveLength(0);
    // a batch with one invalid input writes nothing
    const invalid = await captureApiError(() =>
      client.crm.contacts.batchApi.create({
        inputs: [
          { properties: { firstname: 'Ok' }, associations: [] },
          { properties: { bogus: '1' }, associations: [] },
        ],
      }),
    );
    expect(invalid.code).toBe(400);
  });

  it('reports property changes, creations and deletions to the listener', async () => {
    const client = harness.clientFor(303);
    harness.events.length = 0;
    const contact = await client.crm.contacts.basicApi.create({
      properties: { firstname: 'Evt' },
      associations: [],
    });
    await client.crm.contacts.basicApi.update(contact.id, { properties: { firstname: 'Evt2' } });
    await client.crm.contacts.basicApi.archive(contact.id);
    expect(
      harness.events.map((event) => [event.kind, event.propertyName, event.propertyValue]),
    ).toEqual([
      ['creation', undefined, undefined],
      ['propertyChange', 'firstname', 'Evt'],
      ['propertyChange', 'firstname', 'Evt2'],
      ['deletion', undefined, undefined],
    ]);
    expect(
      harness.events.every(
        (event) =>
          event.portalId === 303 &&
          event.objectType === 'contact' &&
          event.objectId === Number(contact.id),
      ),
    ).toBe(true);
  });
});

describe('contact email uniqueness over time', () => {
  it('frees an email once the contact that held it changes it', async () => {
    const client = harness.clientFor(606);
    const contact = await client.crm.contacts.basicApi.create({
      properties: { email: 'old@example.com' },
      associations: [],
    });
    await client.crm.contacts.basicApi.update(contact.id, {
      properties: { email: 'new@example.com' },
    });
    const reused = await client.crm.contacts.basicApi.create({
      properties: { email: 'old@example.com' },
      associations: [],
    });
    expect(reused.id).not.toBe(contact.id);
    const byEmail = await client.crm.contacts.basicApi.getById(
      'new@example.com',
      undefined,
      undefined,
      undefined,
      false,
      'email',
    );
    expect(byEmail.id).toBe(contact.id);
  });
});
