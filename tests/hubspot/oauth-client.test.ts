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

describe('OAuth client', () => {
  it('exchanges a code with a form-encoded authorization_code grant', async () => {
    const scope = nock(baseUrl)
      .post(
        '/oauth/v1/token',
        (body) =>
          body.grant_type === 'authorization_code' &&
          body.code === 'code-1' &&
          body.client_id === 'cid' &&
          body.client_secret === 'secret' &&
          body.redirect_uri === 'https://op.test/oauth/callback',
      )
      .reply(200, {
        access_token: 'a1',
        refresh_token: 'r1',
        expires_in: 1800,
        token_type: 'bearer',
      });
    await expect(client.exchangeCode('code-1', 'https://op.test/oauth/callback')).resolves.toEqual({
      accessToken: 'a1',
      refreshToken: 'r1',
      expiresAt: now + 1_800_000,
    });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('refreshes with a refresh_token grant and reports HubSpot refusals with their status', async () => {
    const scope = nock(baseUrl)
      .post(
        '/oauth/v1/token',
        (body) => body.grant_type === 'refresh_token' && body.refresh_token === 'r1',
      )
      .reply(400, { status: 'BAD_REFRESH_TOKEN', message: 'missing or unknown refresh token' });
    const error = await client.refresh('r1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ httpStatus: 400, hubspotStatus: 'BAD_REFRESH_TOKEN' });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it('reads the portal and scopes of an access token', async () => {
    const scope = nock(baseUrl)
      .get('/oauth/v1/access-tokens/a1')
      .reply(200, {
        token: 'a1',
        user: 'admin@example.com',
        hub_domain: 'demo.example.com',
        scopes: ['oauth', 'crm.objects.contacts.read'],
        hub_id: 2026001,
        app_id: 1,
        expires_in: 1700,
        user_id: 5,
        token_type: 'access',
      });
    await expect(client.getTokenInfo('a1')).resolves.toMatchObject({
      portalId: 2026001,
      scopes: ['oauth', 'crm.objects.contacts.read'],
    });
    expect(scope.pendingMocks()).toEqual([]);
  });
});
