import { HubSpotUnavailableError } from '../../src/hubspot/errors.ts';
import { OAuthError, type OAuthClient } from '../../src/hubspot/oauth-client.ts';
import {
  NotInstalledError,
  OAuthClientMisconfiguredError,
  REFRESH_MARGIN_MS,
  REFRESH_MAX_ATTEMPTS,
  createTokenManager,
  type InstallationStore,
} from '../../src/runtime/token-manager.ts';
import type { Installation } from '../../src/store/store.ts';

type StoredInstallation = Installation;

function memoryStore(
  initial: StoredInstallation[],
): InstallationStore & { rows: Map<number, StoredInstallation> } {
  const rows = new Map(initial.map((row) => [row.portalId, row]));
  return {
    rows,
    getInstallation: async (portalId) => rows.get(portalId) ?? null,
    saveInstallation: async (installation) => {
      const row: Installation = {
        ...installation,
        status: 'active',
        installedAt: now,
        updatedAt: now,
        uninstalledAt: null,
        uninstallReason: null,
      };
      rows.set(installation.portalId, row);
      return row;
    },
    markUninstalled: async (portalId, reason) => {
      const row = rows.get(portalId);
      if (row) rows.set(portalId, { ...row, status: 'uninstalled', uninstallReason: reason });
      return Boolean(row);
    },
  };
}

const now = 1_780_000_000_000;
const installation = (expiresAt: number): StoredInstallation => ({
  portalId: 7,
  scopes: ['oauth'],
  accessToken: 'old-access',
  refreshToken: 'refresh-1',
  expiresAt,
  status: 'active',
  installedAt: now,
  updatedAt: now,
  uninstalledAt: null,
  uninstallReason: null,
});

function oauthStub(
  refresh: OAuthClient['refresh'],
  revoke: OAuthClient['revoke'] = async () => undefined,
): OAuthClient & { calls: number; revoked: string[] } {
  const client = {
    calls: 0,
    revoked: [] as string[],
    revoke: async (token: string) => {
      client.revoked.push(token);
      return revoke(token);
    },
    exchangeCode: async () => {
      throw new Error('not used');
    },
    getTokenInfo: async () => {
      throw new Error('not used');
    },
    refresh: async (token: string) => {
      client.calls += 1;
      return refresh(token);
    },
  };
  return client;
}

describe('token manager', () => {
  it('returns the stored token while it is far from expiry', async () => {
    const store = memoryStore([installation(now + REFRESH_MARGIN_MS + 60_000)]);
    const oauth = oauthStub(async () => ({
      accessToken: 'new',
      refreshToken: 'r2',
      expiresAt: now + 1_800_000,
    }));
    const tokens = createTokenManager({ store, oauth, now: () => now });
    await expect(tokens.getAccessToken(7)).resolves.toBe('old-access');
    expect(oauth.calls).toBe(0);
  });

  it('refreshes ahead of expiry once, however many requests wait (single flight)', async () => {
    const store = memoryStore([installation(now + 60_000)]);
    const oauth = oauthStub(async () => ({
      accessToken: 'new-access',
      refreshToken: 'refresh-2',
      expiresAt: now + 1_800_000,
    }));
    const tokens = createTokenManager({ store, oauth, now: () => now });
    const results = await Promise.all(Array.from({ length: 20 }, () => tokens.getAccessToken(7)));
    expect(new Set(results)).toEqual(new Set(['new-access']));
    expect(oauth.calls).toBe(1);
    expect(store.rows.get(7)).toMatchObject({
      accessToken: 'new-access',
      refreshToken: 'refresh-2',
    });
  });

  it.each([
    ['BAD_REFRESH_TOKEN (HubSpot status)', new OAuthError('refused', 400, 'BAD_REFRESH_TOKEN')],
    ['invalid_grant (RFC 6749 error)', new OAuthError('refused', 400, undefined, 'invalid_grant')],
  ])('marks the installation uninstalled when HubSpot answers %s', async (_case, refusal) => {
    const store = memoryStore([installation(now - 1)]);
    const oauth = oauthStub(async () => {
      throw refusal;
    });
    const uninstalled: number[] = [];
    const tokens = createTokenManager({
      store,
      oauth,
      now: () => now,
      onUninstalled: (id) => uninstalled.push(id),
    });
    await expect(tokens.getAccessToken(7)).rejects.toBeInstanceOf(NotInstalledError);
    expect(store.rows.get(7)?.status).toBe('uninstalled');
    expect(uninstalled).toEqual([7]);
    await expect(tokens.getAccessToken(7)).rejects.toThrow('uninstalled');
  });

  it.each([
    ['a 429', new OAuthError('slow down', 429, undefined)],
    ['a 502', new OAuthError('bad gateway', 502, undefined)],
    ['a timeout', new OAuthError('Could not reach HubSpot: timeout', 0, undefined)],
  ])('retries %s with backoff and keeps the portal installed', async (_case, failure) => {
    // GIVEN HubSpot fails twice, then answers
    const store = memoryStore([installation(now - 1)]);
    let failures = 2;
    const oauth = oauthStub(async () => {
      if (failures-- > 0) throw failure;
      return { accessToken: 'fresh', refreshToken: 'refresh-2', expiresAt: now + 1_800_000 };
    });
    const waits: number[] = [];
    const tokens = createTokenManager({
      store,
      oauth,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    // THEN the third attempt's token is served, after growing waits
    await expect(tokens.getAccessToken(7)).resolves.toBe('fresh');
    expect(oauth.calls).toBe(3);
    expect(waits).toEqual([500, 1000]);
    expect(store.rows.get(7)?.status).toBe('active');
  });

  it('reports HubSpot as unavailable after the last attempt; the portal stays installed', async () => {
    const store = memoryStore([installation(now - 1)]);
    const oauth = oauthStub(async () => {
      throw new OAuthError('down', 503, undefined);
    });
    const tokens = createTokenManager({ store, oauth, now: () => now, sleep: async () => {} });
    await expect(tokens.getAccessToken(7)).rejects.toBeInstanceOf(HubSpotUnavailableError);
    expect(oauth.calls).toBe(REFRESH_MAX_ATTEMPTS);
    expect(store.rows.get(7)?.status).toBe('active');
    expect(tokens.health()).toEqual({ ok: true });
  });

  it.each([['BAD_CLIENT_SECRET'], ['BAD_CLIENT_ID']])(
    'tells the operator about %s, fails the health check and uninstalls nobody',
    async (status) => {
      const store = memoryStore([installation(now - 1)]);
      let misconfigured = true;
      const oauth = oauthStub(async () => {
        if (misconfigured) throw new OAuthError('refused', 400, status);
        return { accessToken: 'fresh', refreshToken: 'refresh-2', expiresAt: now + 1_800_000 };
      });
      const told: string[] = [];
      const tokens = createTokenManager({
        store,
        oauth,
        now: () => now,
        onMisconfigured: (reason) => told.push(reason),
      });
      await expect(tokens.getAccessToken(7)).rejects.toBeInstanceOf(OAuthClientMisconfiguredError);
      expect(oauth.calls).toBe(1);
      expect(store.rows.get(7)?.status).toBe('active');
      expect(told).toEqual([expect.stringContaining('HUBSPOT_CLIENT_SECRET')]);
      expect(tokens.health()).toEqual({
        ok: false,
        reason: expect.stringContaining(status),
      });
      // WHEN the operator fixes the secret, the next refresh succeeds and health recovers
      misconfigured = false;
      await expect(tokens.getAccessToken(7)).resolves.toBe('fresh');
      expect(tokens.health()).toEqual({ ok: true });
    },
  );

  it('treats RFC 6749 invalid_client as a misconfiguration, not an uninstall', async () => {
    const store = memoryStore([installation(now - 1)]);
    const oauth = oauthStub(async () => {
      throw new OAuthError('refused', 401, undefined, 'invalid_client');
    });
    const tokens = createTokenManager({ store, oauth, now: () => now });
    await expect(tokens.getAccessToken(7)).rejects.toBeInstanceOf(OAuthClientMisconfiguredError);
    expect(store.rows.get(7)?.status).toBe('active');
  });

  it('keeps the installation on any other refusal', async () => {
    const store = memoryStore([installation(now - 1)]);
    const oauth = oauthStub(async () => {
      throw new OAuthError('odd', 400, 'SOMETHING_ELSE');
    });
    const tokens = createTokenManager({ store, oauth, now: () => now });
    await expect(tokens.getAccessToken(7)).rejects.toThrow('odd');
    expect(store.rows.get(7)?.status).toBe('active');
  });

  it('uninstalls by revoking the refresh token at HubSpot, then marking the installation', async () => {
    const store = memoryStore([installation(now + 1_800_000)]);
    const oauth = oauthStub(async () => {
      throw new Error('not used');
    });
    const tokens = createTokenManager({ store, oauth, now: () => now });
    await tokens.uninstall(7, 'removed by the admin');
    expect(oauth.revoked).toEqual(['refresh-1']);
    expect(store.rows.get(7)).toMatchObject({
      status: 'uninstalled',
      uninstallReason: 'removed by the admin',
    });
  });

  it('keeps the installation when the revoke fails transiently, so it can be retried', async () => {
    const store = memoryStore([installation(now + 1_800_000)]);
    const oauth = oauthStub(
      async () => {
        throw new Error('not used');
      },
      async () => {
        throw new OAuthError('down', 503, undefined);
      },
    );
    const tokens = createTokenManager({ store, oauth, now: () => now });
    await expect(tokens.uninstall(7, 'removed')).rejects.toThrow('down');
    expect(store.rows.get(7)?.status).toBe('active');
  });

  it('refuses a portal that never installed the app', async () => {
    const tokens = createTokenManager({
      store: memoryStore([]),
      oauth: oauthStub(async () => {
        throw new Error();
      }),
      now: () => now,
    });
    await expect(tokens.getAccessToken(99)).rejects.toThrow('portal 99');
  });
});
