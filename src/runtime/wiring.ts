// The shared wiring of every process that talks to HubSpot for installed portals — the backend
// (src/server/backend.ts) and the CLI tools (src/jobs/rescore-command.ts): the store (sqlite or
// PostgreSQL) with its token cipher, HubSpot's OAuth client, the token manager, one rate limiter
// per portal, one gateway per portal, and the job queue (pg-boss on PostgreSQL, in-process on
// sqlite: src/jobs/queue.ts; started by whoever works or enqueues jobs). Built from the parsed
// configuration (./config.ts), so both read the environment the same way.
import { createHubSpotGateway, type RetryOptions } from '../hubspot/hubspot-gateway.ts';
import type { CrmGateway } from '../hubspot/gateway.ts';
import { createOAuthClient, type OAuthClient } from '../hubspot/oauth-client.ts';
import type { RateLimiterOptions, RateLimiterRegistry } from '../hubspot/rate-limiter.ts';
import { openBudgets, type Budgets } from '../hubspot/shared-budget.ts';
import type { JobQueue, JobQueueTimings } from '../jobs/queue.ts';
import { queueImplementationFor, removePortalJobs } from '../jobs/queue.ts';
import { createInProcessQueue } from '../jobs/queue-in-process.ts';
import { createPgBossQueue } from '../jobs/queue-pg-boss.ts';
import { createStore, createTokenCipher, parseEncryptionKeys } from '../store/index.ts';
import type { Store } from '../store/store.ts';
import type { AppConfig } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { createTokenManager, type TokenManager } from './token-manager.ts';

/** What the wiring builds; `close` closes the store. */
export interface Runtime {
  store: Store;
  oauth: OAuthClient;
  tokens: TokenManager;
  limiters: RateLimiterRegistry;
  /** Where the budgets live (Redis with REDIS_URL); `budgets.close()` ends its connection. */
  budgets: Budgets;
  /** The gateway for a portal (the same instance on every call), on the interactive lane. */
  gatewayFor(portalId: number): CrmGateway;
  /** The durable job queue (not started: `queue.start(handlers)`; `queue.stop()` ends it). */
  queue: JobQueue;
  logger: Logger;
}

export interface RuntimeOverrides {
  store?: Store;
  logger?: Logger;
  now?: () => number;
  rateLimits?: RateLimiterOptions;
  /** The gateway's retry policy (tests shorten the backoff; default 4 attempts from 500 ms). */
  gatewayRetry?: RetryOptions;
  /** The token manager's wait between refresh retries (tests inject one; never a real clock). */
  sleep?: (ms: number) => Promise<void>;
  /** The job queue (tests inject one); default from DATABASE_URL. */
  queue?: JobQueue;
  /** The job queue's heartbeat, expiry, retry and poll intervals (tests shorten them). */
  queueTimings?: JobQueueTimings;
}

/** Opens the store and wires the token manager, the rate limiters and the gateways. */
export async function createRuntime(
  config: AppConfig,
  overrides: RuntimeOverrides = {},
): Promise<Runtime> {
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
  // With REDIS_URL one budget per portal across every replica and the CLI, and one token refresh.
  const budgets = openBudgets(config.redisUrl, overrides.rateLimits ?? {});
  const queue = overrides.queue ?? openJobQueue(config, logger, now, overrides.queueTimings);
  const tokens = createTokenManager({
    store,
    oauth,
    now,
    ...(budgets.lock ? { lock: budgets.lock } : {}),
    ...(overrides.sleep ? { sleep: overrides.sleep } : {}),
    // Every uninstall (a revoked refresh, an explicit one) ends the portal's schedules and jobs;
    // should this fail, the portal's next job (and the next start-up) removes them.
    onUninstalled: (portalId, reason) => {
      logger.warn({ portalId, reason }, 'installation marked uninstalled');
      removePortalJobs(queue, portalId).catch((error: unknown) =>
        logger.warn({ err: error, portalId }, 'removing the job schedules failed'),
      );
    },
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
  return { store, oauth, tokens, limiters, budgets, gatewayFor, queue, logger };
}

/** pg-boss when DATABASE_URL is `postgres://`, else the in-process scheduler (src/jobs/queue.ts). */
export function openJobQueue(
  config: Pick<AppConfig, 'databaseUrl'>,
  logger: Logger,
  now: () => number = Date.now,
  timings: JobQueueTimings = {},
): JobQueue {
  return queueImplementationFor(config.databaseUrl) === 'pg-boss'
    ? createPgBossQueue({ connectionString: config.databaseUrl, now, logger, ...timings })
    : createInProcessQueue({ now, logger, ...timings });
}
