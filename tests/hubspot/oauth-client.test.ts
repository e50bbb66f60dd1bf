import nock from 'nock';
import { OAuthError, createOAuthClient } from '../../src/hubspot/oauth-client.ts';

const baseUrl = 'https://api.hubapi.test';
const now = 1_780_000_000_000;
const client = createOAuthClient({
  baseUrl,
  clientId: 'cid',
  clientSecret: 'secret',
  now: () => now,
});

beforeEach(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
// nock patches Node's http for the whole worker: later test files there must reach the network.
afterAll(() => nock.enableNetConnect());

/** A 2026-09 token response: the grant's portal, user and scopes travel with the tokens. */
const tokenResponse = {
  access_token: 'a1',
  refresh_token: 'r1',
  expires_in: 1800,
  token_type: 'bearer',
  hub_id: 2026001,
  user_id: 5,
  scopes: ['oauth', 'crm.objects.contacts.read'],
  token_use: 'access_token',
};

describe('OAuth client (2026-09)', () => {
  it('exchanges a code with a form-encoded authorization_code grant and learns the portal', async () => {
    const scope = nock(baseUrl)
      .post(
        '/oauth/2026-09/token',
        (body) =>
          body.grant_type === 'authorization_code' &&
          body.code === 'code-1' &&
          body.client_id === 'cid' &&
          body.client_secret === 'secret' &&
          body.redirect_uri === 'https://op.test/oauth/callback',
      )
      .matchHeader('content-type', /application\/x-www-form-urlencoded/)
      .reply(200, tokenResponse);
    await expect(client.exchangeCode('code-1', 'https://op.test/oauth/callback')).resolves.toEqual({
      accessToken: 'a1',
      refreshToken: 'r1',
      expiresAt: now + 1_800_000,
      grant: { portalId: 2026001, userId: 5, scopes: ['oauth', 'crm.objects.contacts.read'] },
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('refreshes with a refresh_token grant', async () => {
    const scope = nock(baseUrl)
      .post(
        '/oauth/2026-09/token',
        (body) => body.grant_type === 'refresh_token' && body.refresh_token === 'r1',
      )
      .reply(200, { ...tokenResponse, access_token: 'a2' });
    await expect(client.refresh('r1')).resolves.toEqual({
      accessToken: 'a2',
      refreshToken: 'r1',
      expiresAt: now + 1_800_000,
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it.each([
    [
      'a revoked grant',
      400,
      {
        status: 'BAD_REFRESH_TOKEN',
        message: 'missing or unknown refresh token',
        error: 'invalid_grant',
        error_description: 'missing or unknown refresh token',
      },
      { kind: 'revoked', hubspotStatus: 'BAD_REFRESH_TOKEN', oauthError: 'invalid_grant' },
    ],
    [
      'a wrong client secret',
      400,
      {
        status: 'BAD_CLIENT_SECRET',
        message: 'client secret is incorrect',
        error: 'invalid_client',
      },
      { kind: 'client_misconfigured', hubspotStatus: 'BAD_CLIENT_SECRET' },
    ],
    [
      'a wrong client id',
      400,
      { status: 'BAD_CLIENT_ID', message: 'unknown client' },
      { kind: 'client_misconfigured', hubspotStatus: 'BAD_CLIENT_ID' },
    ],
    ['a 429', 429, { status: 'error', message: 'too many requests' }, { kind: 'transient' }],
    ['a 503', 503, { message: 'unavailable' }, { kind: 'transient' }],
  ])('classifies %s', async (_case, status, body, expected) => {
    const scope = nock(baseUrl).post('/oauth/2026-09/token').reply(status, body);
    const error = await client.refresh('r1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ httpStatus: status, ...expected });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('reports a network failure as transient (status 0)', async () => {
    const scope = nock(baseUrl)
      .post('/oauth/2026-09/token')
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const error = await client.refresh('r1').catch((e: unknown) => e);
    expect(error).toMatchObject({ httpStatus: 0, kind: 'transient' });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('introspects an access token for its portal and scopes', async () => {
    const scope = nock(baseUrl)
      .post(
        '/oauth/2026-09/token/introspect',
        (body) =>
          body.token === 'a1' &&
          body.token_type_hint === 'access_token' &&
          body.client_id === 'cid' &&
          body.client_secret === 'secret',
      )
      .reply(200, {
        active: true,
        hub_id: 2026001,
        user_id: 5,
        scopes: ['oauth', 'crm.objects.contacts.read'],
        token_use: 'access_token',
      });
    await expect(client.getTokenInfo('a1')).resolves.toEqual({
      portalId: 2026001,
      userId: 5,
      scopes: ['oauth', 'crm.objects.contacts.read'],
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('refuses an inactive token', async () => {
    nock(baseUrl).post('/oauth/2026-09/token/introspect').reply(200, { active: false });
    await expect(client.getTokenInfo('gone')).rejects.toThrow(/not active/);
  });

  it('revokes a refresh token', async () => {
    const scope = nock(baseUrl)
      .post(
        '/oauth/2026-09/token/revoke',
        (body) => body.token === 'r1' && body.token_type_hint === 'refresh_token',
      )
      .reply(200, {});
    await expect(client.revoke('r1')).resolves.toBeUndefined();
    expect(scope.pendingMocks()).toEqual([]);
  });
});
