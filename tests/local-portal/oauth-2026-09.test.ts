// The 2026-09 OAuth endpoints: token (authorization_code, refresh_token), introspect and revoke,
// form bodies, RFC 6749 error fields beside HubSpot's status/message; and the uninstall control.
import { startPortal } from './portal-harness.ts';
import type { RunningPortal } from './portal-harness.ts';

const REDIRECT = 'http://localhost:3000/oauth/callback';
const CLIENT = { client_id: 'local-client-id', client_secret: 'local-client-secret' };

describe('OAuth 2026-09 on the local portal', () => {
  let running: RunningPortal;
  beforeEach(async () => {
    running = await startPortal();
  });
  afterEach(() => running.close());

  async function post(
    path: string,
    form: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${running.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text.length > 0 ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }

  async function install(scope = 'oauth crm.objects.contacts.read'): Promise<string> {
    const query = new URLSearchParams({
      client_id: CLIENT.client_id,
      redirect_uri: REDIRECT,
      scope,
    });
    const response = await fetch(`${running.url}/oauth/authorize?${query.toString()}`, {
      redirect: 'manual',
    });
    return new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';
  }

  async function crm(token: string): Promise<number> {
    const response = await fetch(`${running.url}/crm/objects/2026-09/contacts`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return response.status;
  }

  it('exchanges a code and refreshes, answering the full token response', async () => {
    const code = await install();
    const exchanged = await post('/oauth/2026-09/token', {
      ...CLIENT,
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
    });
    expect(exchanged).toEqual({
      status: 200,
      body: {
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        expires_in: 1800,
        token_type: 'bearer',
        hub_id: running.portal.demoPortalId,
        user_id: expect.any(Number),
        scopes: ['oauth', 'crm.objects.contacts.read'],
        token_use: 'access_token',
      },
    });
    expect(await crm(String(exchanged.body.access_token))).toBe(200);
    // The code is single use.
    const again = await post('/oauth/2026-09/token', {
      ...CLIENT,
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
    });
    expect(again.body).toMatchObject({ status: 'BAD_AUTH_CODE', error: 'invalid_grant' });
    const refreshed = await post('/oauth/2026-09/token', {
      ...CLIENT,
      grant_type: 'refresh_token',
      refresh_token: String(exchanged.body.refresh_token),
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({
      refresh_token: exchanged.body.refresh_token,
      token_use: 'access_token',
      hub_id: running.portal.demoPortalId,
    });
    expect(refreshed.body.access_token).not.toBe(exchanged.body.access_token);
  });

  it.each([
    [
      { ...CLIENT, client_secret: 'wrong', grant_type: 'refresh_token', refresh_token: 'x' },
      'BAD_CLIENT_SECRET',
      'invalid_client',
    ],
    [
      { ...CLIENT, client_id: 'wrong', grant_type: 'refresh_token', refresh_token: 'x' },
      'BAD_CLIENT_ID',
      'invalid_client',
    ],
    [
      { ...CLIENT, grant_type: 'refresh_token', refresh_token: 'lp-rt-unknown' },
      'BAD_REFRESH_TOKEN',
      'invalid_grant',
    ],
    [{ ...CLIENT, grant_type: 'password' }, 'BAD_GRANT_TYPE', 'unsupported_grant_type'],
    [{ ...CLIENT }, 'BAD_GRANT_TYPE', 'invalid_request'],
  ])('answers %j with status %s and RFC 6749 error %s', async (form, status, error) => {
    const answer = await post('/oauth/2026-09/token', form);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      status,
      message: expect.any(String),
      error,
      error_description: answer.body.message,
      category: 'VALIDATION_ERROR',
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('wants a form body, not JSON', async () => {
    const response = await fetch(`${running.url}/oauth/2026-09/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...CLIENT, grant_type: 'refresh_token', refresh_token: 'x' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('keeps v1 working, with the same full response and error fields', async () => {
    const code = await install();
    const v1 = await post('/oauth/v1/token', {
      ...CLIENT,
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
    });
    expect(v1.body).toMatchObject({
      token_use: 'access_token',
      hub_id: running.portal.demoPortalId,
    });
    const bad = await post('/oauth/v1/token', {
      ...CLIENT,
      grant_type: 'refresh_token',
      refresh_token: 'nope',
    });
    expect(bad.body).toMatchObject({ status: 'BAD_REFRESH_TOKEN', error: 'invalid_grant' });
  });

  it('introspects access and refresh tokens, and reports dead ones inactive', async () => {
    const tokens = running.portal.oauth.issueTokens({
      portalId: running.portal.demoPortalId,
      scopes: ['oauth', 'crm.objects.deals.read'],
    });
    const access = await post('/oauth/2026-09/token/introspect', {
      ...CLIENT,
      token: tokens.access_token,
    });
    expect(access).toEqual({
      status: 200,
      body: expect.objectContaining({
        active: true,
        token_use: 'access_token',
        token: tokens.access_token,
        hub_id: running.portal.demoPortalId,
        user_id: tokens.user_id,
        client_id: CLIENT.client_id,
        app_id: running.portal.appId,
        scopes: ['oauth', 'crm.objects.deals.read'],
        expires_in: 1800,
        is_private_distribution: false,
        token_type: 'bearer',
        signed_access_token: expect.objectContaining({ hubId: running.portal.demoPortalId }),
      }),
    });
    const refresh = await post('/oauth/2026-09/token/introspect', {
      ...CLIENT,
      token: tokens.refresh_token,
      token_type_hint: 'refresh_token',
    });
    expect(refresh.body).toMatchObject({
      active: true,
      token_use: 'refresh_token',
      hub_id: running.portal.demoPortalId,
    });
    expect(
      (await post('/oauth/2026-09/token/introspect', { ...CLIENT, token: 'lp-at-unknown' })).body,
    ).toEqual({ active: false });
    running.clock.advance(1800 * 1000);
    expect(
      (await post('/oauth/2026-09/token/introspect', { ...CLIENT, token: tokens.access_token }))
        .body,
    ).toEqual({ active: false });
    const unauthorised = await post('/oauth/2026-09/token/introspect', {
      ...CLIENT,
      client_secret: 'wrong',
      token: tokens.refresh_token,
    });
    expect(unauthorised).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
  });

  it('revokes a refresh token: no more refreshes, issued access tokens live out their 30 minutes', async () => {
    const tokens = running.portal.oauth.issueTokens({ portalId: running.portal.demoPortalId });
    const revoked = await post('/oauth/2026-09/token/revoke', {
      ...CLIENT,
      token: tokens.refresh_token,
    });
    expect(revoked.status).toBe(200);
    const refresh = await post('/oauth/2026-09/token', {
      ...CLIENT,
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refresh).toMatchObject({
      status: 400,
      body: { status: 'BAD_REFRESH_TOKEN', error: 'invalid_grant' },
    });
    expect(await crm(tokens.access_token)).toBe(200);
    running.clock.advance(1800 * 1000);
    expect(await crm(tokens.access_token)).toBe(401);
    // Revoking again (or an unknown token) is still a success, as RFC 7009 asks.
    expect(
      (await post('/oauth/2026-09/token/revoke', { ...CLIENT, token: tokens.refresh_token }))
        .status,
    ).toBe(200);
  });

  it('revokes an access token at once', async () => {
    const tokens = running.portal.oauth.issueTokens({ portalId: running.portal.demoPortalId });
    await post('/oauth/2026-09/token/revoke', {
      ...CLIENT,
      token: tokens.access_token,
      token_type_hint: 'access_token',
    });
    expect(await crm(tokens.access_token)).toBe(401);
    const wrongClient = await post('/oauth/2026-09/token/revoke', {
      ...CLIENT,
      client_id: 'x',
      token: tokens.refresh_token,
    });
    expect(wrongClient.body).toMatchObject({ status: 'BAD_CLIENT_ID', error: 'invalid_client' });
  });

  it('simulates an uninstall through /_local/oauth/revoke-grant', async () => {
    const portalId = 4242;
    const first = running.portal.oauth.issueTokens({ portalId });
    const other = running.portal.oauth.issueTokens({ portalId: running.portal.demoPortalId });
    const response = await fetch(`${running.url}/_local/oauth/revoke-grant`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ portalId }),
    });
    expect(await response.json()).toEqual({ refreshTokens: 1, accessTokens: 1 });
    expect(await crm(first.access_token)).toBe(401);
    const refresh = await post('/oauth/2026-09/token', {
      ...CLIENT,
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    expect(refresh.body).toMatchObject({ error: 'invalid_grant', status: 'BAD_REFRESH_TOKEN' });
    // Another portal's grant is untouched.
    expect(await crm(other.access_token)).toBe(200);
    const invalid = await fetch(`${running.url}/_local/oauth/revoke-grant`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ portalId: 'abc' }),
    });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(await invalid.json())).toContain('portalId');
  });

  it('counts the 2026-09 OAuth paths as called', async () => {
    running.portal.counters.reset();
    await post('/oauth/2026-09/token/introspect', { ...CLIENT, token: 'x' });
    expect(running.portal.counters.snapshot().byRoute['POST /oauth/2026-09/token/introspect']).toBe(
      1,
    );
  });
});
