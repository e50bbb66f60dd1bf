// The local portal serves HubSpot's 2026-09 date-versioned paths (as the vendored specs list them)
// beside the legacy /crm/v3, /crm/v4 and /automation/v4 ones.
import { createCrmRouter } from '../../src/local-portal/crm/router.ts';
import { createPortalRegistry } from '../../src/local-portal/state.ts';
import {
  VERSIONED_OPERATIONS,
  matchLegacyOperation,
  matchOperation,
  toLegacyPath,
  toVersionedPath,
} from '../../src/local-portal/versioned-routes.ts';
import { startPortal } from './portal-harness.ts';
import type { RunningPortal } from './portal-harness.ts';

async function call(
  running: RunningPortal,
  token: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${running.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: text.length > 0 ? (JSON.parse(text) as unknown) : null };
}

describe('the 2026-09 operation table', () => {
  it('is read from every vendored spec, scopes included', () => {
    // The specs list 11 contact object operations + gdpr-delete + merge, and so on; a lower bound
    // per file keeps the test honest if a spec file failed to load.
    const files = new Set(VERSIONED_OPERATIONS.map((operation) => operation.file));
    expect([...files].sort()).toEqual(
      [
        'automation-actions.json',
        'crm-associations-schema.json',
        'crm-associations.json',
        'crm-companies.json',
        'crm-contacts.json',
        'crm-deals.json',
        'crm-leads.json',
        'crm-notes.json',
        'crm-objects.json',
        'crm-owners.json',
        'crm-pipelines.json',
        'crm-properties.json',
        'crm-tasks.json',
        'oauth.json',
      ].sort(),
    );
    const search = matchOperation(
      VERSIONED_OPERATIONS,
      'POST',
      '/crm/objects/2026-09/deals/search',
    );
    expect(search?.operation.file).toBe('crm-deals.json');
    expect(search?.operation.oauthScopes).toEqual([['crm.objects.deals.read']]);
  });

  it('resolves a type by name, singular or id to its own spec, others to crm-objects', () => {
    expect(
      matchOperation(VERSIONED_OPERATIONS, 'GET', '/crm/objects/2026-09/0-136/5')?.operation.file,
    ).toBe('crm-leads.json');
    expect(
      matchOperation(VERSIONED_OPERATIONS, 'PATCH', '/crm/objects/2026-09/contact/5')?.operation
        .file,
    ).toBe('crm-contacts.json');
    expect(
      matchOperation(VERSIONED_OPERATIONS, 'GET', '/crm/objects/2026-09/tickets')?.operation.file,
    ).toBe('crm-objects.json');
    // Merge exists for contacts and deals only: leads have no merge in 2026-09.
    expect(
      matchOperation(VERSIONED_OPERATIONS, 'POST', '/crm/objects/2026-09/leads/merge'),
    ).toBeUndefined();
    expect(
      matchOperation(VERSIONED_OPERATIONS, 'POST', '/crm/objects/2026-09/deals/merge')?.operation
        .file,
    ).toBe('crm-deals.json');
  });

  it('prefers literal segments: property groups are not a property named "groups"', () => {
    expect(
      matchOperation(VERSIONED_OPERATIONS, 'GET', '/crm/properties/2026-09/deals/groups')?.operation
        .path,
    ).toBe('/crm/properties/2026-09/{objectType}/groups');
  });

  it('maps versioned and legacy prefixes both ways', () => {
    const pairs: [string, string][] = [
      ['/crm/objects/2026-09/contacts/1', '/crm/v3/objects/contacts/1'],
      [
        '/crm/objects/2026-09/deals/1/associations/contacts/2',
        '/crm/v4/objects/deals/1/associations/contacts/2',
      ],
      [
        '/crm/objects/2026-09/deals/1/associations/default/contacts/2',
        '/crm/v4/objects/deals/1/associations/default/contacts/2',
      ],
      [
        '/crm/associations/2026-09/deals/contacts/labels',
        '/crm/v4/associations/deals/contacts/labels',
      ],
      ['/crm/properties/2026-09/deals/groups', '/crm/v3/properties/deals/groups'],
      ['/crm/pipelines/2026-09/deals', '/crm/v3/pipelines/deals'],
      ['/crm/owners/2026-09', '/crm/v3/owners'],
      ['/crm/owners/2026-09/7', '/crm/v3/owners/7'],
      [
        '/automation/actions/callbacks/2026-09/cb-1/complete',
        '/automation/v4/actions/callbacks/cb-1/complete',
      ],
    ];
    for (const [versioned, legacy] of pairs) {
      expect(toLegacyPath(versioned)).toBe(legacy);
      expect(toVersionedPath(legacy)).toBe(versioned);
    }
  });

  it('governs every legacy route the CRM router serves by a 2026-09 operation', () => {
    // Every route of the CRM router, with sample values for its parameters.
    // express keeps its routes in `stack` (layers with `route.path` and `route.methods`).
    const router = createCrmRouter(createPortalRegistry()) as unknown as {
      stack: { route?: { path: string; methods: Record<string, boolean> } }[];
    };
    const routes = router.stack.flatMap((layer) => {
      const route = layer.route;
      return route
        ? Object.keys(route.methods).map((method) => ({
            method: method.toUpperCase(),
            path: route.path,
          }))
        : [];
    });
    expect(routes.length).toBeGreaterThan(40);
    const samples: Record<string, string> = {
      objectType: 'contacts',
      fromObjectType: 'deals',
      toObjectType: 'contacts',
      objectId: '11',
      fromObjectId: '11',
      toObjectId: '12',
      associationTypeId: '3',
      propertyName: 'email',
      groupName: 'contactinformation',
      ownerId: '5',
      pipelineId: 'default',
      callbackId: 'cb-1',
    };
    const ungoverned = routes.filter(({ method, path }) => {
      const concrete = path.replace(/:(\w+)/g, (_all, name: string) => samples[name] ?? 'x');
      return matchLegacyOperation(VERSIONED_OPERATIONS, method, concrete) === undefined;
    });
    expect(ungoverned).toEqual([]);
  });
});

describe('the local portal on versioned paths', () => {
  let running: RunningPortal;
  let token: string;
  beforeEach(async () => {
    running = await startPortal();
    token = running.portal.oauth.issueTokens({
      portalId: running.portal.demoPortalId,
    }).access_token;
  });
  afterEach(() => running.close());

  it('creates, reads, searches and batch-reads records on /crm/objects/2026-09', async () => {
    const created = await call(running, token, '/crm/objects/2026-09/contacts', {
      method: 'POST',
      body: { properties: { email: 'versioned@example.com', firstname: 'Vera' } },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const read = await call(running, token, `/crm/objects/2026-09/contacts/${id}?properties=email`);
    expect(read).toMatchObject({
      status: 200,
      body: { id, properties: { email: 'versioned@example.com' } },
    });
    const search = await call(running, token, '/crm/objects/2026-09/0-1/search', {
      method: 'POST',
      body: {
        filterGroups: [
          { filters: [{ propertyName: 'email', operator: 'EQ', value: 'versioned@example.com' }] },
        ],
      },
    });
    expect(search).toMatchObject({ status: 200, body: { total: 1 } });
    const batch = await call(running, token, '/crm/objects/2026-09/contacts/batch/read', {
      method: 'POST',
      body: { inputs: [{ id }, { id: '999999' }], properties: ['email'] },
    });
    expect(batch.status).toBe(207);
  });

  it('serves associations, properties, pipelines and owners on their 2026-09 paths', async () => {
    const deal = await call(running, token, '/crm/objects/2026-09/deals', {
      method: 'POST',
      body: { properties: { dealname: 'Versioned deal' } },
    });
    const contact = await call(running, token, '/crm/objects/2026-09/contacts', {
      method: 'POST',
      body: { properties: { email: 'assoc@example.com' } },
    });
    const dealId = (deal.body as { id: string }).id;
    const contactId = (contact.body as { id: string }).id;
    const put = await call(
      running,
      token,
      `/crm/objects/2026-09/deals/${dealId}/associations/contacts/${contactId}`,
      { method: 'PUT', body: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] },
    );
    expect(put.status).toBe(201);
    const read = await call(running, token, '/crm/associations/2026-09/deals/contacts/batch/read', {
      method: 'POST',
      body: { inputs: [{ id: dealId }] },
    });
    expect(read).toMatchObject({
      status: 200,
      body: { results: [{ from: { id: dealId }, to: [{ toObjectId: contactId }] }] },
    });
    const labels = await call(running, token, '/crm/associations/2026-09/deals/contacts/labels');
    expect(labels.status).toBe(200);
    const removed = await call(
      running,
      token,
      `/crm/objects/2026-09/deals/${dealId}/associations/contacts/${contactId}`,
      { method: 'DELETE' },
    );
    expect(removed.status).toBe(204);
    expect((await call(running, token, '/crm/properties/2026-09/deals/groups')).status).toBe(200);
    expect((await call(running, token, '/crm/properties/2026-09/contacts/email')).status).toBe(200);
    expect((await call(running, token, '/crm/pipelines/2026-09/deals')).status).toBe(200);
    expect((await call(running, token, '/crm/owners/2026-09?limit=10')).status).toBe(200);
  });

  it('answers HubSpot’s 404 for what no 2026-09 spec lists, while the legacy path works', async () => {
    const deal = await call(running, token, '/crm/v3/objects/deals', {
      method: 'POST',
      body: { properties: { dealname: 'Legacy deal' } },
    });
    const dealId = (deal.body as { id: string }).id;
    // 2026-09 has no GET page of one record's associations (use the batch read instead).
    const versioned = await call(
      running,
      token,
      `/crm/objects/2026-09/deals/${dealId}/associations/contacts`,
    );
    expect(versioned).toMatchObject({ status: 404, body: { category: 'OBJECT_NOT_FOUND' } });
    const legacy = await call(
      running,
      token,
      `/crm/v4/objects/deals/${dealId}/associations/contacts`,
    );
    expect(legacy.status).toBe(200);
    // A version the portal does not serve, and a made-up path, are 404s too.
    expect((await call(running, token, `/crm/objects/2025-01/deals/${dealId}`)).status).toBe(404);
    expect(
      (
        await call(running, token, '/crm/objects/2026-09/deals/batch/frobnicate', {
          method: 'POST',
          body: {},
        })
      ).status,
    ).toBe(404);
  });

  it('counts the path the caller used, not the one it is served by', async () => {
    running.portal.counters.reset();
    await call(running, token, '/crm/objects/2026-09/contacts?limit=1');
    await call(running, token, '/crm/v3/objects/contacts?limit=1');
    const counts = running.portal.counters.snapshot();
    expect(counts.byRoute['GET /crm/objects/2026-09/contacts']).toBe(1);
    expect(counts.byRoute['GET /crm/v3/objects/contacts']).toBe(1);
    expect(counts.total).toBe(2);
  });

  it('completes workflow callbacks on the 2026-09 and the v4 path, validating the body', async () => {
    const versioned = await call(
      running,
      token,
      '/automation/actions/callbacks/2026-09/cb-1/complete',
      {
        method: 'POST',
        body: { outputFields: { hs_execution_state: 'SUCCESS' }, typedOutputs: {} },
      },
    );
    expect(versioned.status).toBe(204);
    const legacy = await call(running, token, '/automation/v4/actions/callbacks/complete', {
      method: 'POST',
      body: {
        inputs: [
          {
            callbackId: 'cb-2',
            outputFields: { hs_execution_state: 'FAIL_CONTINUE' },
            typedOutputs: {},
          },
        ],
      },
    });
    expect(legacy.status).toBe(204);
    // typedOutputs is required by the spec (CallbackCompletionRequest).
    const invalid = await call(
      running,
      token,
      '/automation/actions/callbacks/2026-09/cb-3/complete',
      {
        method: 'POST',
        body: { outputFields: {} },
      },
    );
    expect(invalid).toMatchObject({ status: 400, body: { category: 'VALIDATION_ERROR' } });
    expect(JSON.stringify(invalid.body)).toContain('typedOutputs');
    expect(running.portal.callbacks.list()).toEqual([
      {
        portalId: running.portal.demoPortalId,
        callbackId: 'cb-1',
        outputFields: { hs_execution_state: 'SUCCESS' },
      },
      {
        portalId: running.portal.demoPortalId,
        callbackId: 'cb-2',
        outputFields: { hs_execution_state: 'FAIL_CONTINUE' },
      },
    ]);
  });
});
