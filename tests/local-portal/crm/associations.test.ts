// Fidelity of associations v4 (records, labels, batch), driven through the official client.
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/index.js';
import { captureApiError, startPortalHarness, type PortalHarness } from './portal-harness.ts';

let harness: PortalHarness;
beforeAll(async () => {
  harness = await startPortalHarness();
});
afterAll(async () => harness.close());

describe('associations v4 through the official client', () => {
  it('creates labels with per-portal USER_DEFINED type ids and applies them', async () => {
    const client = harness.clientFor(7);
    const portal = harness.registry.ensure(7);
    const deal = portal.createObject('deals', { dealname: 'D' });
    const contact = portal.createObject('contacts', { firstname: 'C' });
    // WHEN a label is created
    const created = await client.crm.associations.v4.schema.definitionsApi.create(
      'deals',
      'contacts',
      { name: 'champion', label: 'Champion', inverseLabel: 'Champion of' },
    );
    const [forward, inverse] = created.results;
    expect(forward).toMatchObject({ category: 'USER_DEFINED', label: 'Champion' });
    expect(inverse).toMatchObject({ category: 'USER_DEFINED', label: 'Champion of' });
    const all = await client.crm.associations.v4.schema.definitionsApi.getAll('deals', 'contacts');
    expect(all.results).toEqual(
      expect.arrayContaining([
        { category: 'HUBSPOT_DEFINED', typeId: 3, label: null },
        { category: 'USER_DEFINED', typeId: forward?.typeId, label: 'Champion' },
      ]),
    );
    // THEN applying it returns the labels and implies the unlabeled default
    const applied = await client.crm.associations.v4.basicApi.create(
      'deals',
      deal.id,
      'contacts',
      contact.id,
      [
        {
          associationCategory: AssociationSpecAssociationCategoryEnum.UserDefined,
          associationTypeId: forward?.typeId as number,
        },
      ],
    );
    expect(applied.labels).toEqual(['Champion']);
    const fromDeal = await client.crm.associations.v4.basicApi.getPage(
      'deals',
      deal.id,
      'contacts',
    );
    expect(fromDeal.results).toHaveLength(1);
    expect(fromDeal.results[0]?.toObjectId).toBe(contact.id);
    expect(fromDeal.results[0]?.associationTypes).toEqual(
      expect.arrayContaining([
        { category: 'USER_DEFINED', typeId: forward?.typeId, label: 'Champion' },
        { category: 'HUBSPOT_DEFINED', typeId: 3, label: null },
      ]),
    );
    const fromContact = await client.crm.associations.v4.basicApi.getPage(
      'contacts',
      contact.id,
      'deals',
    );
    expect(fromContact.results[0]?.associationTypes).toEqual(
      expect.arrayContaining([
        { category: 'USER_DEFINED', typeId: inverse?.typeId, label: 'Champion of' },
        { category: 'HUBSPOT_DEFINED', typeId: 4, label: null },
      ]),
    );
    // renaming a label
    await client.crm.associations.v4.schema.definitionsApi.update('deals', 'contacts', {
      associationTypeId: forward?.typeId as number,
      label: 'Sponsor',
    });
    const renamed = await client.crm.associations.v4.schema.definitionsApi.getAll(
      'deals',
      'contacts',
    );
    expect(renamed.results.find((type) => type.typeId === forward?.typeId)?.label).toBe('Sponsor');
    // the same label in another portal is allocated independently and is not visible here
    const other = await harness
      .clientFor(8)
      .crm.associations.v4.schema.definitionsApi.getAll('deals', 'contacts');
    expect(other.results.every((type) => type.category === 'HUBSPOT_DEFINED')).toBe(true);
    const duplicate = await captureApiError(() =>
      client.crm.associations.v4.schema.definitionsApi.create('deals', 'contacts', {
        name: 'champion',
        label: 'Again',
      }),
    );
    expect(duplicate.code).toBe(409);
  });

  it('associates by default, reads in batch and deletes', async () => {
    const client = harness.clientFor(9);
    const portal = harness.registry.ensure(9);
    const contact = portal.createObject('contacts', { firstname: 'C' });
    const company = portal.createObject('companies', { name: 'Co' });
    const lonely = portal.createObject('contacts', { firstname: 'L' });
    const result = await client.crm.associations.v4.basicApi.createDefault(
      'contacts',
      contact.id,
      'companies',
      company.id,
    );
    expect(
      result.results.map((item) => item.associationSpec.associationTypeId).sort((a, b) => a - b),
    ).toEqual([279, 280]);
    const batch = await client.crm.associations.v4.batchApi.getPage('contacts', 'companies', {
      inputs: [{ id: contact.id }, { id: lonely.id }],
    });
    expect(batch.results).toHaveLength(1);
    expect(batch.results[0]?._from.id).toBe(contact.id);
    expect(batch.results[0]?.to[0]?.toObjectId).toBe(company.id);
    expect(batch.results[0]?.to[0]?.associationTypes).toEqual([
      { category: 'HUBSPOT_DEFINED', typeId: 279, label: null },
    ]);
    expect('numErrors' in batch && batch.numErrors).toBe(1);
    // an unknown association type is a 400
    const bad = await captureApiError(() =>
      client.crm.associations.v4.basicApi.create('contacts', contact.id, 'companies', company.id, [
        {
          associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
          associationTypeId: 99999,
        },
      ]),
    );
    expect(bad.code).toBe(400);
    await client.crm.associations.v4.basicApi.archive(
      'contacts',
      contact.id,
      'companies',
      company.id,
    );
    expect(
      (await client.crm.associations.v4.basicApi.getPage('companies', company.id, 'contacts'))
        .results,
    ).toEqual([]);
  });
});
