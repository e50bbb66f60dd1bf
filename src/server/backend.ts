// Builds the whole backend from its configuration: the store (sqlite or PostgreSQL), the token
// cipher, HubSpot's OAuth client, one rate limiter per portal, the token manager and a gateway per
// portal — then the express app. `npm start`, the CLI tools and the integration tests use this.
import { createHubSpotGateway } from '../hubspot/hubspot-gateway.ts';
import type { CrmGateway } from '../hubspot/gateway.ts';
import { createOAuthClient, type OAuthClient } from '../hubspot/oauth-client.ts';
import type { RateLimiterOptions, RateLimiterRegistry } from '../hubspot/rate-limiter.ts';
import { openBudgets } from '../hubspot/shared-budget.ts';
import { createStore, createTokenCipher, parseEncryptionKeys } from '../store/index.ts';
import type { Store } from '../store/store.ts';
import { createApp, type RescoreJobs } from './app.ts';
import type { AppConfig } from './config.ts';
import { createTokenManager, type TokenManager } from './installations.ts';
import { createLogger, type Logger } from './logger.ts';
import { createRescoreJobs } from './rescore-jobs.ts';
import { runOnce, startBackgroundWork, type BackgroundRound } from '../jobs/background.ts';
import type { RetryOptions } from '../hubspot/hubspot-gateway.ts';
import { loadSettings } from './card-context.ts';
import type { HandlerContext } from './handlers/context.ts';

export interface Backend {
  app: ReturnType<typeof createApp>;
  store: Store;
  oauth: OAuthClient;
  tokens: TokenManager;
  limiters: RateLimiterRegistry;
  gatewayFor(portalId: number): CrmGateway;
  logger: Logger;
  /**
   * Starts the background work (src/jobs/background.ts): pending operations completed, dead
   * rescores taken over. `npm start` calls it; tests drive `runOnce` themselves. `close` stops it.
   */
  startBackgroundWork(intervalMs?: number): void;
  /** One round of the background work, now (tests; the timer runs the same). */
  runBackgroundRound(): Promise<BackgroundRound>;
  close(): Promise<void>;
}

export interface BackendOverrides {
  store?: Store;
  logger?: Logger;
  now?: () => number;
  rateLimits?: RateLimiterOptions;
  rescore?: (
    backend: Omit<Backend, 'app' | 'close' | 'startBackgroundWork' | 'runBackgroundRound'>,
  ) => RescoreJobs;
  /** Score every contact after an install (default true; tests that count calls turn it off). */
  scoreOnInstall?: boolean;
  /** How long a webhook batch may wait for record locks, ms (default WEBHOOK_LOCK_WAIT_MS). */
  webhookLockWaitMs?: number;
  /** How long a card request may wait on HubSpot and record locks, ms (default CARD_DEADLINE_MS). */
  cardDeadlineMs?: number;
  /** The gateway's retry policy (tests shorten the backoff; default 4 attempts from 500 ms). */
  gatewayRetry?: RetryOptions;
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
  const budgets = openBudgets(config.redisUrl, overrides.rateLimits ?? {});
  const tokens = createTokenManager({
    store,
    oauth,
    now,
    ...(budgets.lock ? { lock: budgets.lock } : {}),
    ...(overrides.sleep ? { sleep: overrides.sleep } : {}),
    onUninstalled: (portalId, reason) =>
      logger.warn({ portalId, reason }, 'installation marked uninstalled'),
    // Loud: every portal's refresh will fail until the operator fixes the deployment's credentials.
    onMisconfigured: (reason) => logger.error({ reason }, 'OAuth client misconfigured'),
    onRetry: (portalId, attempt, reason) =>
      logger.warn({ portalId, attempt, reason }, 'token refresh failed; retrying'),
  });
  const limiters = budgets.limiters;
  const gateways = new Map<number, CrmGateway>();
  const gatewayFor = (portalId: number): CrmGateway => {
    let gateway = gateways.get(portalId);
    if (!gateway) {
      gateway = createHubSpotGateway({
        portalId,
        basePath: config.hubspotApiBaseUrl,
        getAccessToken: () => tokens.getAccessToken(portalId),
        limiter: limiters.forPortal(portalId),
        ...(overrides.gatewayRetry ? { retry: overrides.gatewayRetry } : {}),
      });
      gateways.set(portalId, gateway);
    }
    return gateway;
  };
  const parts = { store, oauth, tokens, limiters, gatewayFor, logger };
  const rescore = overrides.rescore ? overrides.rescore(parts) : createRescoreJobs(now);
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
    rescore,
    scoreOnInstall: overrides.scoreOnInstall ?? true,
    ...(overrides.webhookLockWaitMs !== undefined
      ? { webhookLockWaitMs: overrides.webhookLockWaitMs }
      : {}),
    ...(overrides.cardDeadlineMs !== undefined ? { cardDeadlineMs: overrides.cardDeadlineMs } : {}),
  });
  /** A system context for a portal with an active installation, for background work. */
  const contextFor = async (portalId: number): Promise<HandlerContext | null> => {
    const installation = await store.getInstallation(portalId);
    if (!installation || installation.status !== 'active') return null;
    const { settings } = await loadSettings(store, portalId, logger);
    const gateway = gatewayFor(portalId).withLane('bulk');
    return {
      portalId,
      userId: 'system',
      gateway,
      store,
      settings,
      now: new Date(now()),
      logger: logger.child({ portalId, background: true }),
      listOwners: () => gateway.listOwners(),
    };
  };
  let stopBackground: (() => Promise<void>) | undefined;
  const backgroundDeps = {
    store,
    logger,
    now,
    contextFor,
    startRescore: (ctx: HandlerContext) => rescore.start(ctx),
  };
  return {
    ...parts,
    app,
    startBackgroundWork(intervalMs) {
      stopBackground ??= startBackgroundWork(backgroundDeps, intervalMs);
    },
    runBackgroundRound: () => runOnce(backgroundDeps),
    async close() {
      await stopBackground?.();
      await store.close();
      await budgets.close();
    },
  };
}
