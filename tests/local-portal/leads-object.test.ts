// HubSpot's Leads object in the local portal: required name and contact association at create,
// per-portal availability (a portal without it answers as HubSpot does), optional scopes at
// install; and the association label archive that refuses type ids the pair does not have.
import { startPortal, type RunningPortal } from './portal-harness.ts';

async function call(
  running: RunningPortal,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${running.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

describe('the Leads object (0-136)', () => {
  let running: RunningPortal;
  let token: string;
  let contactId: string;
  beforeEach(async () => {
    running = await startPortal();
    token = running.portal.oauth.issueTokens({
      portalId: running.portal.demoPortalId,
    }).access_token;
    contactId = running.portal.registry
      .ensure(running.portal.demoPortalId)
      .createObject('contacts', { email: 'lead@example.com' }).id;
  });
  afterEach(() => running.close());

  const toContact = (id: string) => [
    { to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 578 }] },
  ];

  it('GIVEN no hs_lead_name WHEN a lead is created THEN HubSpot’s 400 names the property', async () => {
    const refused = await call(running, token, 'POST', '/crm/objects/2026-09/leads', {
      properties: {},
      associations: toContact(contactId),
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      category: 'VALIDATION_ERROR',
      errors: [{ in: 'hs_lead_name', code: 'REQUIRED_PROPERTY' }],
    });
  });

  it('GIVEN no contact association (or an unknown contact) WHEN a lead is created THEN it is refused', async () => {
    for (const associations of [[], toContact('999999')]) {
      const refused = await call(running, token, 'POST', '/crm/objects/2026-09/leads', {
        properties: { hs_lead_name: 'Ada' },
        associations,
      });
      expect(refused.status).toBe(400);
      expect(String(refused.body.message)).toContain('associated with an existing contact');
    }
    const batch = await call(running, token, 'POST', '/crm/objects/2026-09/leads/batch/create', {
      inputs: [{ properties: { hs_lead_name: 'Ada' }, associations: [] }],
    });
    expect(batch.status).toBe(400);
    expect(String(batch.body.message)).toMatch(/^inputs\[0\]: /);
  });

  it('GIVEN a name and a contact WHEN a lead is created THEN it starts in the lead pipeline’s first stage, linked to the contact', async () => {
    const created = await call(running, token, 'POST', '/crm/objects/2026-09/leads', {
      properties: { hs_lead_name: 'Ada' },
      associations: toContact(contactId),
    });
    expect(created.status).toBe(201);
    const lead = created.body as { id: string; properties: Record<string, string> };
    expect(lead.properties).toMatchObject({
      hs_pipeline: 'lead-pipeline-id',
      hs_pipeline_stage: 'new-stage-id',
    });
    const portal = running.portal.registry.ensure(running.portal.demoPortalId);
    expect(
      portal.listAssociations('contacts', contactId, 'leads').map((a) => a.toObjectId),
    ).toEqual([lead.id]);
  });

  it('GIVEN a portal without Leads THEN its endpoints answer 403, lead pipelines 400, and an install grants no leads scope', async () => {
    running.portal.leadsObject.setEnabled(running.portal.demoPortalId, false);
    const objects = await call(running, token, 'GET', '/crm/objects/2026-09/leads');
    expect(objects.status).toBe(403);
    expect(objects.body).toMatchObject({ category: 'MISSING_SCOPES' });
    const pipelines = await call(running, token, 'GET', '/crm/pipelines/2026-09/leads');
    expect(pipelines.status).toBe(400);
    expect(pipelines.body.message).toBe('Unable to infer object type from: leads');
    // the rest of the CRM is unchanged
    expect((await call(running, token, 'GET', '/crm/objects/2026-09/contacts')).status).toBe(200);
    expect(
      running.portal.leadsObject.grantableScopes(running.portal.demoPortalId, [
        'crm.objects.leads.read',
        'crm.objects.leads.write',
        'crm.objects.deals.read',
      ]),
    ).toEqual(['crm.objects.deals.read']);
  });

  it('switches per portal through the control API, naming a bad field', async () => {
    const url = `${running.url}/_local/portals/${running.portal.demoPortalId}/leads-object`;
    const bad = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: 'no' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ path: 'enabled' }] });
    await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    });
    expect(await (await fetch(url)).json()).toEqual({
      portalId: running.portal.demoPortalId,
      enabled: false,
    });
    expect(running.portal.leadsObject.isEnabled(running.portal.demoPortalId + 1)).toBe(true);
  });
});

describe('association label archive', () => {
  let running: RunningPortal;
  beforeEach(async () => {
    running = await startPortal();
  });
  afterEach(() => running.close());

  it('GIVEN a label and an unknown type id WHEN archived THEN the unknown id is refused and nothing changes; the label alone goes', async () => {
    const token = running.portal.oauth.issueTokens({
      portalId: running.portal.demoPortalId,
    }).access_token;
    const portal = running.portal.registry.ensure(running.portal.demoPortalId);
    const deal = portal.createObject('deals', { dealname: 'D' });
    const contact = portal.createObject('contacts', { email: 'c@example.com' });
    const [champion] = portal.createAssociationLabel('deals', 'contacts', {
      name: 'op_champion',
      label: 'Champion',
    });
    portal.associate('deals', deal.id, 'contacts', contact.id, [
      { associationCategory: 'USER_DEFINED', associationTypeId: champion!.typeId },
    ]);
    const path = '/crm/associations/2026-09/deals/contacts/batch/labels/archive';
    const refused = await call(running, token, 'POST', path, {
      inputs: [
        {
          from: { id: deal.id },
          to: { id: contact.id },
          types: [
            { associationCategory: 'USER_DEFINED', associationTypeId: champion!.typeId },
            { associationCategory: 'USER_DEFINED', associationTypeId: 987654 },
          ],
        },
      ],
    });
    expect(refused.status).toBe(400);
    expect(String(refused.body.message)).toContain('987654');
    const labelsOf = () =>
      portal
        .listAssociations('deals', deal.id, 'contacts')
        .flatMap((a) => a.associationTypes.map((t) => t.label));
    expect(labelsOf()).toContain('Champion');
    const archived = await call(running, token, 'POST', path, {
      inputs: [
        {
          from: { id: deal.id },
          to: { id: contact.id },
          types: [{ associationCategory: 'USER_DEFINED', associationTypeId: champion!.typeId }],
        },
      ],
    });
    expect(archived.status).toBe(200);
    // the label is gone, the unlabeled association stays
    expect(labelsOf()).not.toContain('Champion');
    expect(portal.listAssociations('deals', deal.id, 'contacts')).toHaveLength(1);
  });
});
