// Builds the whole backend from its configuration: the store (sqlite or PostgreSQL), the token
// cipher, HubSpot's OAuth client, one rate limiter per portal, the token manager and a gateway per
// portal — then the express app. `npm start`, the CLI tools and the integration tests use this.
import { createHubSpotGateway } from '../hubspot/hubspot-gateway.ts';
import type { CrmGateway } from '../hubspot/gateway.ts';
import { createOAuthClient, type OAuthClient } from '../hubspot/oauth-client.ts';
import {
  createRateLimiterRegistry,
  type RateLimiterOptions,
  type RateLimiterRegistry,
} from '../hubspot/rate-limiter.ts';
import { createStore, createTokenCipher, parseEncryptionKeys } from '../store/index.ts';
import type { Store } from '../store/store.ts';
import { createApp, type RescoreJobs } from './app.ts';
import type { AppConfig } from './config.ts';
import { createTokenManager, type TokenManager } from './installations.ts';
import { createLogger, type Logger } from './logger.ts';
import { createRescoreJobs } from './rescore-jobs.ts';

export interface Backend {
  app: ReturnType<typeof createApp>;
  store: Store;
  oauth: OAuthClient;
  tokens: TokenManager;
  limiters: RateLimiterRegistry;
  gatewayFor(portalId: number): CrmGateway;
  logger: Logger;
  close(): Promise<void>;
}

export interface BackendOverrides {
  store?: Store;
  logger?: Logger;
  now?: () => number;
  rateLimits?: RateLimiterOptions;
  rescore?: (backend: Omit<Backend, 'app' | 'close'>) => RescoreJobs;
  /** Score every contact after an install (default true; tests that count calls turn it off). */
  scoreOnInstall?: boolean;
  /** The token manager's wait between refresh retries (tests inject one; never a real clock). */
  sleep?: (ms: number) => Promise<void>;
}

/** Opens the store and wires every part of the backend. */
export async function createBackend(
  config: AppConfig,
  overrides: BackendOverrides = {},
): Promise<Backend> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const now = overrides.now ?? Date.now;
  const cipher = createTokenCipher(parseEncryptionKeys(config.tokenEncryptionKeys));
  const store = overrides.store ?? (await createStore({ databaseUrl: config.databaseUrl, cipher }));
  const oauth = createOAuthClient({
    baseUrl: config.hubspotApiBaseUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    now,
  });
  const tokens = createTokenManager({
    store,
    oauth,
    now,
    ...(overrides.sleep ? { sleep: overrides.sleep } : {}),
    onUninstalled: (portalId, reason) =>
      logger.warn({ portalId, reason }, 'installation marked uninstalled'),
    // Loud: every portal's refresh will fail until the operator fixes the deployment's credentials.
    onMisconfigured: (reason) => logger.error({ reason }, 'OAuth client misconfigured'),
    onRetry: (portalId, attempt, reason) =>
      logger.warn({ portalId, attempt, reason }, 'token refresh failed; retrying'),
  });
  const limiters = createRateLimiterRegistry(overrides.rateLimits ?? {});
  const gateways = new Map<number, CrmGateway>();
  const gatewayFor = (portalId: number): CrmGateway => {
    let gateway = gateways.get(portalId);
    if (!gateway) {
      gateway = createHubSpotGateway({
        portalId,
        basePath: config.hubspotApiBaseUrl,
        getAccessToken: () => tokens.getAccessToken(portalId),
        limiter: limiters.forPortal(portalId),
      });
      gateways.set(portalId, gateway);
    }
    return gateway;
  };
  const parts = { store, oauth, tokens, limiters, gatewayFor, logger };
  const app = createApp({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    publicBaseUrl: config.publicBaseUrl,
    authorizeUrl: config.hubspotAuthorizeUrl,
    store,
    oauth,
    gatewayFor,
    now,
    logger,
    health: tokens.health,
    rescore: overrides.rescore ? overrides.rescore(parts) : createRescoreJobs(now),
    scoreOnInstall: overrides.scoreOnInstall ?? true,
  });
  return { ...parts, app, close: () => store.close() };
}
