// Fidelity of the properties and property groups API, driven through the official client.
import {
  PropertyCreateFieldTypeEnum,
  PropertyCreateTypeEnum,
} from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import { captureApiError, startPortalHarness, type PortalHarness } from './portal-harness.ts';

let harness: PortalHarness;
beforeAll(async () => {
  harness = await startPortalHarness();
});
afterAll(async () => harness.close());

describe('properties API through the official client', () => {
  it('exposes the standard properties with HubSpot names, types and options', async () => {
    const client = harness.clientFor(1);
    const lifecycle = await client.crm.properties.coreApi.getByName('contacts', 'lifecyclestage');
    expect(lifecycle.type).toBe('enumeration');
    expect(lifecycle.options.map((option) => option.value)).toEqual([
      'subscriber',
      'lead',
      'marketingqualifiedlead',
      'salesqualifiedlead',
      'opportunity',
      'customer',
      'evangelist',
      'other',
    ]);
    const leadStatus = await client.crm.properties.coreApi.getByName('contacts', 'hs_lead_status');
    expect(leadStatus.options.map((option) => option.value)).toEqual([
      'NEW',
      'OPEN',
      'IN_PROGRESS',
      'OPEN_DEAL',
      'UNQUALIFIED',
      'ATTEMPTED_TO_CONTACT',
      'CONNECTED',
      'BAD_TIMING',
    ]);
    const deals = await client.crm.properties.coreApi.getAll('deals');
    const names = deals.results.map((property) => property.name);
    for (const name of [
      'dealname',
      'dealstage',
      'pipeline',
      'amount',
      'closedate',
      'hs_object_id',
      'createdate',
      'hubspot_owner_id',
    ]) {
      expect(names).toContain(name);
    }
    expect(deals.results.find((property) => property.name === 'amount')?.type).toBe('number');
  });

  it('creates groups and properties, and uses the new property on records', async () => {
    const client = harness.clientFor(1);
    const group = await client.crm.properties.groupsApi.create('deals', {
      name: 'opportunity_plan',
      label: 'Opportunity Plan',
    });
    expect(group).toMatchObject({
      name: 'opportunity_plan',
      label: 'Opportunity Plan',
      archived: false,
    });
    const duplicateGroup = await captureApiError(() =>
      client.crm.properties.groupsApi.create('deals', { name: 'opportunity_plan', label: 'Again' }),
    );
    expect(duplicateGroup.code).toBe(409);
    const property = await client.crm.properties.coreApi.create('deals', {
      name: 'op_verdict',
      label: 'Verdict',
      type: PropertyCreateTypeEnum.Enumeration,
      fieldType: PropertyCreateFieldTypeEnum.Select,
      groupName: 'opportunity_plan',
      options: [
        { label: 'Go', value: 'go', hidden: false, displayOrder: 0 },
        { label: 'No go', value: 'no_go', hidden: false, displayOrder: 1 },
      ],
    });
    expect(property).toMatchObject({
      name: 'op_verdict',
      type: 'enumeration',
      fieldType: 'select',
      hubspotDefined: false,
    });
    const deal = await client.crm.deals.basicApi.create({
      properties: { op_verdict: 'go' },
      associations: [],
    });
    expect(deal.properties.op_verdict).toBe('go');
    const updated = await client.crm.properties.coreApi.update('deals', 'op_verdict', {
      label: 'Verdict (updated)',
    });
    expect(updated.label).toBe('Verdict (updated)');
    const groups = await client.crm.properties.groupsApi.getAll('deals');
    expect(groups.results.map((candidate) => candidate.name)).toContain('opportunity_plan');
    const renamed = await client.crm.properties.groupsApi.update('deals', 'opportunity_plan', {
      label: 'Plan',
    });
    expect(renamed.label).toBe('Plan');
    // archived properties disappear and can no longer be written
    await client.crm.properties.coreApi.archive('deals', 'op_verdict');
    expect(
      (await captureApiError(() => client.crm.properties.coreApi.getByName('deals', 'op_verdict')))
        .code,
    ).toBe(404);
    const write = await captureApiError(() =>
      client.crm.deals.basicApi.update(deal.id, { properties: { op_verdict: 'no_go' } }),
    );
    expect(write.code).toBe(400);
  });

  it('answers 409 for a duplicate name, 400 for an unknown group and for a bad type/fieldType pair', async () => {
    const client = harness.clientFor(1);
    const base = {
      label: 'X',
      groupName: 'contactinformation',
      type: PropertyCreateTypeEnum.String,
      fieldType: PropertyCreateFieldTypeEnum.Text,
    };
    await client.crm.properties.coreApi.create('contacts', { ...base, name: 'op_fit' });
    const duplicate = await captureApiError(() =>
      client.crm.properties.coreApi.create('contacts', { ...base, name: 'op_fit' }),
    );
    expect(duplicate.code).toBe(409);
    expect(duplicate.body.category).toBe('OBJECT_ALREADY_EXISTS');
    const unknownGroup = await captureApiError(() =>
      client.crm.properties.coreApi.create('contacts', {
        ...base,
        name: 'op_x',
        groupName: 'nope',
      }),
    );
    expect(unknownGroup.code).toBe(400);
    expect(unknownGroup.body.category).toBe('VALIDATION_ERROR');
    const badPair = await captureApiError(() =>
      client.crm.properties.coreApi.create('contacts', {
        ...base,
        name: 'op_y',
        type: PropertyCreateTypeEnum.Number,
        fieldType: PropertyCreateFieldTypeEnum.Text,
      }),
    );
    expect(badPair.code).toBe(400);
    const standard = await captureApiError(() =>
      client.crm.properties.coreApi.archive('contacts', 'email'),
    );
    expect(standard.code).toBe(400);
    // number values are validated
    const numeric = await client.crm.properties.coreApi.create('contacts', {
      ...base,
      name: 'op_score',
      type: PropertyCreateTypeEnum.Number,
      fieldType: PropertyCreateFieldTypeEnum.Number,
    });
    expect(numeric.type).toBe('number');
    const notANumber = await captureApiError(() =>
      client.crm.contacts.basicApi.create({ properties: { op_score: 'high' }, associations: [] }),
    );
    expect(notANumber.code).toBe(400);
  });

  it('creates properties in a batch with a 207 for the failed ones', async () => {
    const client = harness.clientFor(2);
    const input = (name: string) => ({
      name,
      label: name,
      groupName: 'dealinformation',
      type: PropertyCreateTypeEnum.Bool,
      fieldType: PropertyCreateFieldTypeEnum.Booleancheckbox,
    });
    const first = await client.crm.properties.batchApi.create('deals', {
      inputs: [input('op_a'), input('op_b')],
    });
    expect(first.results.map((property) => property.name)).toEqual(['op_a', 'op_b']);
    expect(first.results[0]?.options.map((option) => option.value)).toEqual(['true', 'false']);
    const second = await client.crm.properties.batchApi.create('deals', {
      inputs: [input('op_a'), input('op_c')],
    });
    expect(second.results.map((property) => property.name)).toEqual(['op_c']);
    expect('numErrors' in second && second.numErrors).toBe(1);
  });
});
