import { createOfficialClient, startPortal } from './portal-harness.ts';
import type { RunningPortal } from './portal-harness.ts';

const REDIRECT = 'http://localhost:3000/oauth/callback';

describe('OAuth against the local portal', () => {
  let running: RunningPortal;
  beforeEach(async () => {
    running = await startPortal();
  });
  afterEach(() => running.close());

  function authorizeUrl(params: Record<string, string>): string {
    const query = new URLSearchParams({
      client_id: 'local-client-id',
      redirect_uri: REDIRECT,
      scope: 'crm.objects.contacts.read crm.objects.contacts.write',
      ...params,
    });
    return `${running.url}/oauth/authorize?${query.toString()}`;
  }

  async function authorize(params: Record<string, string> = {}): Promise<URL> {
    const response = await fetch(authorizeUrl(params), { redirect: 'manual' });
    expect(response.status).toBe(302);
    return new URL(response.headers.get('location') ?? '');
  }

  function token(form: Record<string, string>): Promise<Response> {
    return fetch(`${running.url}/oauth/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams({
        client_id: 'local-client-id',
        client_secret: 'local-client-secret',
        ...form,
      }).toString(),
    });
  }

  it('installs, calls the CRM with the official client, refreshes, and expires the old token', async () => {
    // GIVEN an install approved at once, redirecting back with a code and the state
    const callback = await authorize({
      state: 'csrf-123',
      optional_scope: 'crm.objects.deals.read',
    });
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT);
    expect(callback.searchParams.get('state')).toBe('csrf-123');
    const code = callback.searchParams.get('code') ?? '';

    // WHEN the code is exchanged
    const exchange = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
    });
    expect(exchange.status).toBe(200);
    const tokens = (await exchange.json()) as Record<string, unknown>;
    expect(tokens).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: 1800,
      token_type: 'bearer',
      hub_id: running.portal.demoPortalId,
      user_id: expect.any(Number),
      scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.deals.read'],
      token_use: 'access_token',
    });
    const accessToken = String(tokens.access_token);
    const refreshToken = String(tokens.refresh_token);

    // THEN the official client works with it against the demo portal
    const client = createOfficialClient(running.url, accessToken);
    const created = await client.crm.contacts.basicApi.create({
      properties: { email: 'ada@example.com', firstname: 'Ada' },
      associations: [],
    });
    const read = await client.crm.contacts.basicApi.getById(created.id, ['email']);
    expect(read.properties.email).toBe('ada@example.com');
    expect(running.portal.registry.get(running.portal.demoPortalId)).toBeDefined();

    // AND the token's metadata names the portal, the app and every granted scope
    const info = await (await fetch(`${running.url}/oauth/v1/access-tokens/${accessToken}`)).json();
    expect(info).toMatchObject({
      token: accessToken,
      hub_id: running.portal.demoPortalId,
      app_id: running.portal.appId,
      expires_in: 1800,
      token_type: 'access',
      scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.deals.read'],
    });
    const refreshInfo = await (
      await fetch(`${running.url}/oauth/v1/refresh-tokens/${refreshToken}`)
    ).json();
    expect(refreshInfo).toMatchObject({
      hub_id: running.portal.demoPortalId,
      token_type: 'refresh',
    });

    // WHEN 1000 s later the token is refreshed
    running.clock.advance(1_000_000);
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: refreshToken });
    const fresh = (await refreshed.json()) as Record<string, unknown>;
    expect(fresh.refresh_token).toBe(refreshToken);
    expect(fresh.access_token).not.toBe(accessToken);

    // THEN after the old token's 1800 s it is refused with HubSpot's body, the new one still works
    running.clock.advance(800_000);
    const expired = await fetch(`${running.url}/crm/v3/objects/contacts`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^The OAuth token used to make this call expired/),
      correlationId: expect.any(String),
    });
    await expect(client.crm.contacts.basicApi.getById(created.id)).rejects.toMatchObject({
      code: 401,
    });
    const freshClient = createOfficialClient(running.url, String(fresh.access_token));
    await expect(freshClient.crm.contacts.basicApi.getById(created.id)).resolves.toMatchObject({
      id: created.id,
    });
  });

  it('accepts an authorization code once', async () => {
    const code = (await authorize()).searchParams.get('code') ?? '';
    expect(
      (await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT })).status,
    ).toBe(200);
    const reuse = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({
      status: 'BAD_AUTH_CODE',
      correlationId: expect.any(String),
    });
  });

  it('refuses a wrong client secret, a wrong redirect_uri and an unknown refresh token', async () => {
    const code = (await authorize()).searchParams.get('code') ?? '';
    const wrongSecret = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_secret: 'nope',
    });
    expect(wrongSecret.status).toBe(400);
    expect(await wrongSecret.json()).toMatchObject({ status: 'BAD_CLIENT_SECRET' });

    const another = (await authorize()).searchParams.get('code') ?? '';
    const wrongRedirect = await token({
      grant_type: 'authorization_code',
      code: another,
      redirect_uri: 'http://localhost:3000/elsewhere',
    });
    expect(await wrongRedirect.json()).toMatchObject({ status: 'BAD_REDIRECT_URI' });

    const badRefresh = await token({ grant_type: 'refresh_token', refresh_token: 'unknown' });
    expect(badRefresh.status).toBe(400);
    expect(await badRefresh.json()).toMatchObject({
      status: 'BAD_REFRESH_TOKEN',
      message: 'missing or invalid refresh token',
    });
    const badGrant = await token({ grant_type: 'password' });
    expect(await badGrant.json()).toMatchObject({ status: 'BAD_GRANT_TYPE' });
  });

  it('shows an error page for an unknown client or a redirect URL the app does not list', async () => {
    const wrongClient = await fetch(authorizeUrl({ client_id: 'other' }), { redirect: 'manual' });
    expect(wrongClient.status).toBe(400);
    expect(wrongClient.headers.get('content-type')).toMatch(/text\/html/);
    const page = await wrongClient.text();
    expect(page).toContain('client_id');
    expect(page).toContain('konnte nicht installiert werden');
    const wrongRedirect = await fetch(authorizeUrl({ redirect_uri: 'https://evil.example/cb' }), {
      redirect: 'manual',
    });
    expect(wrongRedirect.status).toBe(400);
    expect(await wrongRedirect.text()).toContain('redirect_uri');
  });

  it('installs into a new portal named by portal_id', async () => {
    const code = (await authorize({ portal_id: '777' })).searchParams.get('code') ?? '';
    const tokens = (await (
      await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT })
    ).json()) as { access_token: string };
    expect(running.portal.registry.get(777)).toBeDefined();
    const info = await (
      await fetch(`${running.url}/oauth/v1/access-tokens/${tokens.access_token}`)
    ).json();
    expect(info).toMatchObject({ hub_id: 777 });
  });

  it('answers a missing or unknown token with HubSpot’s 401 body', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-a-token' }] as Array<
      Record<string, string>
    >) {
      const response = await fetch(`${running.url}/crm/v3/objects/contacts`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({
        status: 'error',
        category: 'INVALID_AUTHENTICATION',
        message: expect.stringMatching(/^Authentication credentials not found/),
      });
    }
  });
});
