// Access tokens per installed portal: refreshed a few minutes before expiry (not after a 401),
// once per portal however many requests wait (single flight).
//
// A failed refresh means different things (marketplace rule: "treat a failed refresh as uninstall"
// applies only to a revoked grant):
// - `invalid_grant` / `BAD_REFRESH_TOKEN`: the app was uninstalled or the grant revoked → the
//   installation is marked uninstalled;
// - 429, 5xx, timeouts, network: transient → retried with backoff; the portal stays installed;
// - `invalid_client` / `BAD_CLIENT_ID` / `BAD_CLIENT_SECRET`: OUR deployment is misconfigured → the
//   operator is told loudly (error log, /healthz fails with the reason); no portal is uninstalled;
// - any other refusal: reported; the portal stays installed.
// https://developers.hubspot.com/docs/api-reference/latest/authentication/manage-oauth-tokens
import { HubSpotUnavailableError } from '../hubspot/errors.ts';
import { OAuthError, type OAuthClient } from '../hubspot/oauth-client.ts';
import type { CrossProcessLock } from '../hubspot/redis-lock.ts';
import type { Installation, Store } from '../store/store.ts';

/** Refresh this long before HubSpot's expiry (HubSpot access tokens live 30 minutes). */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** Attempts of one refresh in all (the first included) before a transient failure is reported. */
export const REFRESH_MAX_ATTEMPTS = 4;
/** First backoff between refresh attempts; doubles per attempt (0.5 s, 1 s, 2 s). */
export const REFRESH_BASE_DELAY_MS = 500;

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

/** HubSpot refused our client credentials: the deployment's HUBSPOT_CLIENT_ID/SECRET are wrong. */
export class OAuthClientMisconfiguredError extends Error {
  readonly code = 'oauth_client_misconfigured';
}

/** Whether the token manager can work; `/healthz` reports it. */
export type TokenHealth = { ok: true } | { ok: false; reason: string };

export interface TokenManager {
  /** A valid access token for the portal, refreshed ahead of expiry. */
  getAccessToken(portalId: number): Promise<string>;
  /** Revokes the portal's refresh token at HubSpot and marks the installation uninstalled. */
  uninstall(portalId: number, reason: string): Promise<void>;
  /** Fails once HubSpot has refused our client credentials, until a refresh succeeds again. */
  health(): TokenHealth;
}

export interface TokenManagerDeps {
  store: InstallationStore;
  oauth: OAuthClient;
  now: () => number;
  /** Injected for tests; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
  onUninstalled?: (portalId: number, reason: string) => void;
  /** Told (at error level) when HubSpot refuses the app's client id or secret. */
  onMisconfigured?: (reason: string) => void;
  /** Told of every transient refresh failure that will be retried. */
  onRetry?: (portalId: number, attempt: number, reason: string) => void;
  /** With several replicas (REDIS_URL): one refresh per portal across every process. */
  lock?: CrossProcessLock;
}

/** Creates the token manager over the store and HubSpot's OAuth endpoints. */
export function createTokenManager(deps: TokenManagerDeps): TokenManager {
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const inflight = new Map<number, Promise<string>>();
  let misconfigured: string | undefined;

  async function refreshOnce(installation: Installation): Promise<string> {
    const tokens = await deps.oauth.refresh(installation.refreshToken);
    await deps.store.saveInstallation({
      portalId: installation.portalId,
      scopes: installation.scopes,
      ...tokens,
    });
    misconfigured = undefined;
    return tokens.accessToken;
  }

  async function refresh(installation: Installation): Promise<string> {
    const { portalId } = installation;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await refreshOnce(installation);
      } catch (error) {
        if (!(error instanceof OAuthError)) throw error;
        switch (error.kind) {
          case 'revoked': {
            const reason = `token refresh refused (${error.oauthError ?? error.hubspotStatus ?? error.httpStatus})`;
            await deps.store.markUninstalled(portalId, reason);
            deps.onUninstalled?.(portalId, reason);
            throw new NotInstalledError(portalId, reason);
          }
          case 'client_misconfigured': {
            misconfigured =
              `HubSpot refused the app's client credentials (${error.hubspotStatus ?? error.oauthError}) ` +
              'while refreshing a token — check HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET';
            deps.onMisconfigured?.(misconfigured);
            throw new OAuthClientMisconfiguredError(misconfigured);
          }
          case 'transient': {
            if (attempt >= REFRESH_MAX_ATTEMPTS) {
              throw new HubSpotUnavailableError(
                `Could not refresh the access token of portal ${portalId} after ${attempt} attempts: ${error.message}`,
                { status: error.httpStatus || undefined, attempts: attempt, cause: error },
              );
            }
            deps.onRetry?.(portalId, attempt, error.message);
            await sleep(REFRESH_BASE_DELAY_MS * 2 ** (attempt - 1));
            continue;
          }
          case 'rejected':
            throw error;
          default: {
            const never: never = error.kind;
            throw new Error(`unhandled OAuth failure ${String(never)}`);
          }
        }
      }
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
      const fresh = async (): Promise<string | undefined> => {
        const stored = await deps.store.getInstallation(portalId);
        return stored?.status === 'active' && stored.expiresAt - deps.now() > REFRESH_MARGIN_MS
          ? stored.accessToken
          : undefined;
      };
      // Across processes: whoever holds the portal's lock refreshes; the others wait and use the
      // token it stored (re-read once the lock is ours too: it may have been refreshed meanwhile).
      const started = (
        deps.lock
          ? deps.lock.run(
              `token-refresh:${portalId}`,
              async () => {
                const latest = await deps.store.getInstallation(portalId);
                if (!latest || latest.status !== 'active')
                  throw new NotInstalledError(
                    portalId,
                    'the app was uninstalled; install it again',
                  );
                return (await fresh()) ?? refresh(latest);
              },
              fresh,
            )
          : refresh(installation)
      ).finally(() => inflight.delete(portalId));
      inflight.set(portalId, started);
      return started;
    },

    async uninstall(portalId, reason) {
      const installation = await deps.store.getInstallation(portalId);
      if (!installation || installation.status !== 'active') return;
      try {
        // POST /oauth/2026-09/token/revoke: the grant ends at HubSpot too, not only in our store.
        await deps.oauth.revoke(installation.refreshToken);
      } catch (error) {
        // A grant HubSpot already forgot is as good as revoked; anything else must be retried.
        if (!(error instanceof OAuthError && error.kind === 'revoked')) throw error;
      }
      await deps.store.markUninstalled(portalId, reason);
      deps.onUninstalled?.(portalId, reason);
    },

    health: () => (misconfigured ? { ok: false, reason: misconfigured } : { ok: true }),
  };
}
