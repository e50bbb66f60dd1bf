// Scopes are enforced per operation as the 2026-09 specs' `security` lists them, on the versioned
// and the legacy paths, with HubSpot's 403 MISSING_SCOPES body.
import { APP_SCOPES } from '../../src/local-portal/server.ts';
import { hasRequiredScopes } from '../../src/local-portal/scopes.ts';
import { VERSIONED_OPERATIONS, matchOperation } from '../../src/local-portal/versioned-routes.ts';
import { createOfficialClient, startPortal } from './portal-harness.ts';
import type { RunningPortal } from './portal-harness.ts';

async function call(
  running: RunningPortal,
  token: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${running.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text.length > 0 ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

describe('scopes per operation', () => {
  let running: RunningPortal;
  beforeEach(async () => {
    running = await startPortal();
  });
  afterEach(() => running.close());

  function tokenWith(scopes: string[]): string {
    return running.portal.oauth.issueTokens({ portalId: running.portal.demoPortalId, scopes })
      .access_token;
  }

  it('gives a contacts.read-only token contacts, and 403 MISSING_SCOPES on deals', async () => {
    const token = tokenWith(['crm.objects.contacts.read']);
    expect((await call(running, token, '/crm/objects/2026-09/contacts')).status).toBe(200);
    expect((await call(running, token, '/crm/v3/objects/contacts')).status).toBe(200);
    for (const path of [
      '/crm/objects/2026-09/deals',
      '/crm/v3/objects/deals',
      '/crm/objects/2026-09/0-3',
    ]) {
      const denied = await call(running, token, path);
      expect(denied.status).toBe(403);
      expect(denied.body).toMatchObject({
        status: 'error',
        category: 'MISSING_SCOPES',
        message: expect.stringContaining("hasn't been granted all required scopes"),
        errors: [
          {
            message: 'One or more of the following scopes are required.',
            context: { requiredScopes: ['crm.objects.deals.read'] },
          },
        ],
        links: { scopes: 'https://developers.hubspot.com/scopes' },
      });
      expect(typeof denied.body.correlationId).toBe('string');
    }
  });

  it('tells reads from writes', async () => {
    const token = tokenWith(['crm.objects.contacts.read']);
    const create = await call(running, token, '/crm/objects/2026-09/contacts', {
      method: 'POST',
      body: { properties: { email: 'nope@example.com' } },
    });
    expect(create.status).toBe(403);
    expect(create.body.errors).toEqual([
      expect.objectContaining({ context: { requiredScopes: ['crm.objects.contacts.write'] } }),
    ]);
    // Nothing was written.
    const writer = tokenWith(['crm.objects.contacts.read', 'crm.objects.contacts.write']);
    const search = await call(running, writer, '/crm/objects/2026-09/contacts/search', {
      method: 'POST',
      body: {
        filterGroups: [
          { filters: [{ propertyName: 'email', operator: 'EQ', value: 'nope@example.com' }] },
        ],
      },
    });
    expect(search.body.total).toBe(0);
  });

  it('refuses the official client the same way (legacy paths)', async () => {
    const client = createOfficialClient(running.url, tokenWith(['crm.objects.contacts.read']));
    await expect(client.crm.deals.basicApi.getPage(10)).rejects.toMatchObject({ code: 403 });
    await expect(client.crm.owners.ownersApi.getPage()).rejects.toMatchObject({ code: 403 });
  });

  it('needs automation for workflow callbacks, owners.read for owners', async () => {
    const token = tokenWith(['crm.objects.contacts.read']);
    const callback = await call(
      running,
      token,
      '/automation/actions/callbacks/2026-09/cb-1/complete',
      {
        method: 'POST',
        body: { outputFields: {}, typedOutputs: {} },
      },
    );
    expect(callback.status).toBe(403);
    expect(running.portal.callbacks.list()).toEqual([]);
    const owners = await call(
      running,
      tokenWith(['crm.objects.owners.read']),
      '/crm/owners/2026-09',
    );
    expect(owners.status).toBe(200);
  });

  it('gives tokens issued without naming scopes the app’s own scopes (app-hsmeta.json)', async () => {
    expect(APP_SCOPES).toEqual(expect.arrayContaining(['crm.objects.deals.write', 'automation']));
    const token = running.portal.oauth.issueTokens({
      portalId: running.portal.demoPortalId,
    }).access_token;
    expect((await call(running, token, '/crm/objects/2026-09/deals')).status).toBe(200);
    // The Leads scopes are optional ones: a portal with the Leads object (the default) grants them…
    expect((await call(running, token, '/crm/objects/2026-09/leads')).status).toBe(200);
    // …and a portal without it refuses the object's endpoints as HubSpot refuses a missing scope.
    running.portal.leadsObject.setEnabled(running.portal.demoPortalId, false);
    const refused = await call(running, token, '/crm/objects/2026-09/leads');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ category: 'MISSING_SCOPES' });
    running.portal.leadsObject.setEnabled(running.portal.demoPortalId, true);
  });

  it('carries the scopes granted at authorize time', async () => {
    const redirect = 'http://localhost:3000/oauth/callback';
    const authorize = await fetch(
      `${running.url}/oauth/authorize?client_id=local-client-id&redirect_uri=${encodeURIComponent(redirect)}&scope=${encodeURIComponent('oauth crm.objects.contacts.read')}`,
      { redirect: 'manual' },
    );
    const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;
    const exchanged = await fetch(`${running.url}/oauth/2026-09/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: 'local-client-id',
        client_secret: 'local-client-secret',
        redirect_uri: redirect,
        code,
      }),
    });
    const { access_token: token } = (await exchanged.json()) as { access_token: string };
    expect((await call(running, token, '/crm/v3/objects/contacts')).status).toBe(200);
    expect((await call(running, token, '/crm/v3/objects/companies')).status).toBe(403);
  });
});

describe('hasRequiredScopes', () => {
  it('accepts any one of the spec’s alternatives', () => {
    // Association batch reads list every CRM read/write scope as alternatives.
    const batchRead = matchOperation(
      VERSIONED_OPERATIONS,
      'POST',
      '/crm/associations/2026-09/deals/contacts/batch/read',
    )!.operation;
    expect(hasRequiredScopes(batchRead, ['crm.objects.contacts.read'])).toBe(true);
    expect(hasRequiredScopes(batchRead, ['oauth'])).toBe(false);
    const token = matchOperation(VERSIONED_OPERATIONS, 'POST', '/oauth/2026-09/token')!.operation;
    expect(hasRequiredScopes(token, [])).toBe(true);
  });
});
