// Access tokens per installed portal: refreshed a few minutes before expiry (not after a 401),
// once per portal however many requests wait (single flight); a failed refresh means the app was
// uninstalled or revoked, so the installation is marked uninstalled (marketplace requirement:
// "treat a failed refresh as uninstall").
import { OAuthError, type OAuthClient } from '../hubspot/oauth-client.ts';
import type { Installation, Store } from '../store/store.ts';

/** Refresh this long before HubSpot's expiry (HubSpot access tokens live 30 minutes). */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** What the token manager needs from the store. */
export type InstallationStore = Pick<
  Store,
  'getInstallation' | 'saveInstallation' | 'markUninstalled'
>;

/** The portal has not installed the app (or uninstalled it): its requests cannot be served. */
export class NotInstalledError extends Error {
  readonly code = 'not_installed';
  readonly portalId: number;
  constructor(portalId: number, detail: string) {
    super(`Opportunity Plan is not installed in portal ${portalId}: ${detail}`);
    this.portalId = portalId;
  }
}

export interface TokenManager {
  /** A valid access token for the portal, refreshed ahead of expiry. */
  getAccessToken(portalId: number): Promise<string>;
}

/** Creates the token manager over the store and HubSpot's OAuth endpoints. */
export function createTokenManager(deps: {
  store: InstallationStore;
  oauth: OAuthClient;
  now: () => number;
  onUninstalled?: (portalId: number, reason: string) => void;
}): TokenManager {
  const inflight = new Map<number, Promise<string>>();

  async function refresh(installation: Installation): Promise<string> {
    try {
      const tokens = await deps.oauth.refresh(installation.refreshToken);
      await deps.store.saveInstallation({
        portalId: installation.portalId,
        scopes: installation.scopes,
        ...tokens,
      });
      return tokens.accessToken;
    } catch (error) {
      // 400/401 from the token endpoint: the refresh token is gone (uninstalled or revoked).
      // Anything else (network, 5xx) is transient and must not uninstall anybody.
      if (error instanceof OAuthError && error.httpStatus >= 400 && error.httpStatus < 500) {
        const reason = `token refresh refused (${error.hubspotStatus ?? error.httpStatus})`;
        await deps.store.markUninstalled(installation.portalId, reason);
        deps.onUninstalled?.(installation.portalId, reason);
        throw new NotInstalledError(installation.portalId, reason);
      }
      throw error;
    }
  }

  return {
    async getAccessToken(portalId) {
      const installation = await deps.store.getInstallation(portalId);
      if (!installation) throw new NotInstalledError(portalId, 'no installation found');
      if (installation.status !== 'active') {
        throw new NotInstalledError(portalId, 'the app was uninstalled; install it again');
      }
      if (installation.expiresAt - deps.now() > REFRESH_MARGIN_MS) return installation.accessToken;
      const pending = inflight.get(portalId);
      if (pending) return pending;
      const started = refresh(installation).finally(() => inflight.delete(portalId));
      inflight.set(portalId, started);
      return started;
    },
  };
}
