import { OAuthError, type OAuthClient } from '../../src/hubspot/oauth-client.ts';
import {
  NotInstalledError,
  REFRESH_MARGIN_MS,
  createTokenManager,
  type InstallationStore,
} from '../../src/server/installations.ts';
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

function oauthStub(refresh: OAuthClient['refresh']): OAuthClient & { calls: number } {
  const client = {
    calls: 0,
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

  it('marks the installation uninstalled when HubSpot refuses the refresh token', async () => {
    const store = memoryStore([installation(now - 1)]);
    const oauth = oauthStub(async () => {
      throw new OAuthError('refused', 400, 'BAD_REFRESH_TOKEN');
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

  it('keeps the installation on a transient refresh failure', async () => {
    const store = memoryStore([installation(now - 1)]);
    const oauth = oauthStub(async () => {
      throw new OAuthError('down', 503, undefined);
    });
    const tokens = createTokenManager({ store, oauth, now: () => now });
    await expect(tokens.getAccessToken(7)).rejects.toThrow('down');
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
