// Labelled associations between two contacts (the product's "Reports to" / "Manager of"), driven
// through the official client: a paired label lists both directions, applying one direction shows
// the inverse on the other contact, and archiving the label keeps the unlabelled association.
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/index.js';
import { startPortalHarness, type PortalHarness } from './portal-harness.ts';

let harness: PortalHarness;
beforeAll(async () => {
  harness = await startPortalHarness();
});
afterAll(async () => harness.close());

describe('contact↔contact association labels', () => {
  it('pairs a label, shows it from both contacts and archives it', async () => {
    const client = harness.clientFor(11);
    const portal = harness.registry.ensure(11);
    const employee = portal.createObject('contacts', { firstname: 'Eve' });
    const manager = portal.createObject('contacts', { firstname: 'Max' });
    const { definitionsApi } = client.crm.associations.v4.schema;

    const created = await definitionsApi.create('contacts', 'contacts', {
      name: 'op_reports_to',
      label: 'Reports to',
      inverseLabel: 'Manager of',
    });
    const [reportsTo, managerOf] = created.results;
    // Listing contacts→contacts shows the default type 449 and both directions of the pair.
    const all = await definitionsApi.getAll('contacts', 'contacts');
    expect(all.results).toEqual([
      { category: 'HUBSPOT_DEFINED', typeId: 449, label: null },
      { category: 'USER_DEFINED', typeId: reportsTo!.typeId, label: 'Reports to' },
      { category: 'USER_DEFINED', typeId: managerOf!.typeId, label: 'Manager of' },
    ]);

    const applied = await client.crm.associations.v4.basicApi.create(
      'contacts',
      employee.id,
      'contacts',
      manager.id,
      [
        {
          associationCategory: AssociationSpecAssociationCategoryEnum.UserDefined,
          associationTypeId: reportsTo!.typeId,
        },
      ],
    );
    expect(applied.labels).toEqual(['Reports to']);
    const read = await client.crm.associations.v4.batchApi.getPage('contacts', 'contacts', {
      inputs: [{ id: employee.id }, { id: manager.id }],
    });
    const byFrom = new Map(read.results.map((r) => [r._from.id, r.to]));
    expect(byFrom.get(employee.id)![0]!.associationTypes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ typeId: reportsTo!.typeId, label: 'Reports to' }),
        expect.objectContaining({ typeId: 449 }),
      ]),
    );
    expect(byFrom.get(manager.id)![0]!.associationTypes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ typeId: managerOf!.typeId, label: 'Manager of' }),
      ]),
    );

    await client.crm.associations.v4.batchApi.archiveLabels('contacts', 'contacts', {
      inputs: [
        {
          _from: { id: employee.id },
          to: { id: manager.id },
          types: [
            {
              associationCategory: AssociationSpecAssociationCategoryEnum.UserDefined,
              associationTypeId: reportsTo!.typeId,
            },
          ],
        },
      ],
    });
    const after = portal.listAssociations('contacts', employee.id, 'contacts');
    expect(after).toEqual([
      {
        toObjectId: manager.id,
        associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 449, label: null }],
      },
    ]);
  });
});
