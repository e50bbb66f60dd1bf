// The local portal: an express server that plays a HubSpot portal for this app so faithfully that
// @hubspot/api-client works against it unchanged (only `basePath` differs). Request pipeline, in the
// order HubSpot's edge applies it: counters → faults → OAuth endpoints | (operation lookup, 404 for
// a versioned path no spec lists → auth → scopes → rate limits → CRM). The control API (/_local/…)
// and /healthz sit before the counters: they are not HubSpot calls.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import appDefinition from '../../extensions/app/app-hsmeta.json' with { type: 'json' };
import { createAppCaller } from './app-caller.ts';
import type { AppCaller } from './app-caller.ts';
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import { createControlRouter, type ControlDependencies } from './control-routes.ts';
import { createCounters } from './counters.ts';
import type { Counters } from './counters.ts';
import { createFaults } from './faults.ts';
import type { Faults, FaultsConfigInput } from './faults.ts';
import { createErrorBody, sendError } from './hubspot-errors.ts';
import { createOAuthServer } from './oauth.ts';
import type { OAuthServer } from './oauth.ts';
import { openPortalPersistence } from './persistence.ts';
import type { PortalPersistence } from './persistence.ts';
import { createRateLimiter, createRateLimitMiddleware } from './rate-limit.ts';
import type { RateLimiter, RateLimitSettings } from './rate-limit.ts';
import { createCallbackLog } from './crm/callback-routes.ts';
import type { CallbackLog } from './crm/callback-routes.ts';
import { createCrmRouter } from './crm/router.ts';
import { scopeMiddleware } from './scopes.ts';
import { createLeadsObject, type LeadsObject, type LeadsObjectOptions } from './leads-object.ts';
import { createVersionedRouting, sendUnknownPath } from './versioned-routes.ts';
import type { OperationLocals } from './versioned-routes.ts';
import { createPortalRegistry } from './state.ts';
import { createPreviewRouter } from './preview/router.ts';
import type { PortalRegistry } from './state.ts';
import { createLatencyMiddleware, createLatencySampler } from './latency.ts';
import type { LatencyMiddleware, LatencyProfile } from './latency.ts';
import { createSearchIndex, createSearchIndexRouter } from './search-index.ts';
import type { SearchIndex } from './search-index.ts';
import {
  createRuleViolationError,
  createValidationRules,
  createValidationRulesRouter,
} from './validation-rules.ts';
import type { ValidationRuleInput, ValidationRules } from './validation-rules.ts';

/** The demo portal every local install lands in unless `portal_id` names another. */
export const DEMO_PORTAL_ID = 2026001;
/** The app id the local portal gives this app. */
export const LOCAL_APP_ID = 1001;
/** HubSpot access tokens live 30 minutes (expires_in 1800):
 *  https://developers.hubspot.com/docs/api-reference/legacy/authentication/oauth-tokens/v1/guide */
export const HUBSPOT_ACCESS_TOKEN_TTL_SECONDS = 1800;

/** The scopes the app asks for at install: app-hsmeta.json's requiredScopes + optionalScopes. */
export const APP_SCOPES: readonly string[] = [
  ...appDefinition.config.auth.requiredScopes,
  ...appDefinition.config.auth.optionalScopes,
];

/** Options of the local portal; every one has a default. */
export interface LocalPortalOptions {
  clientId?: string;
  clientSecret?: string;
  appId?: number;
  /** The backend's public base URL (default http://localhost:3000): redirect URL and signed calls. */
  publicBaseUrl?: string;
  /** The app's redirect URLs (default `${publicBaseUrl}/oauth/callback`). */
  redirectUrls?: string[];
  /** Where signed calls go (default publicBaseUrl). */
  appBaseUrl?: string;
  /** Path of the backend's webhook endpoint (default /hubspot/webhooks, the backend's route). */
  webhookPath?: string;
  /** Deliver queued webhooks on their own (default false: call appCaller.flushWebhooks()). */
  autoDeliverWebhooks?: boolean;
  demoPortalId?: number;
  rateLimit?: Partial<RateLimitSettings>;
  /**
   * Count each request at the arrival time the arrival edge stamped on it (arrival-edge.ts), as
   * HubSpot counts at arrival; only behind the edge, on loopback (a stamp can be forged).
   */
  countAtArrival?: boolean;
  accessTokenTtlSeconds?: number;
  /** Scopes of tokens issued without naming them (default: the app's required + optional scopes). */
  defaultScopes?: string[];
  faults?: FaultsConfigInput;
  /** node:sqlite file keeping the CRM data and tokens between runs. */
  persistPath?: string;
  clock?: Clock;
  /** Seed for webhook redelivery/reordering choices (and the latency draws). */
  seed?: number;
  /** Latency profile (latency.ts); without one every call is answered at once. */
  latency?: LatencyProfile;
  /** How the latency model waits and measures (tests inject a recording sleep and a fixed now). */
  latencyTiming?: { sleep?: (ms: number) => Promise<void>; now?: () => number };
  /** How long search lags writes, in ms (search-index.ts); default 0, an instant index. */
  searchLagMs?: number;
  /** Results one search query can page through (default HubSpot's 10,000; tests shrink it). */
  searchResultCap?: number;
  /** Admin validation rules to start with, by portal id (validation-rules.ts). */
  validationRules?: Record<number, ValidationRuleInput[]>;
  /** Which portals have HubSpot's Leads object (leads-object.ts; default: every portal). */
  leadsObject?: LeadsObjectOptions;
}

/** A running (or ready to run) local portal. */
export interface LocalPortal {
  app: Express;
  registry: PortalRegistry;
  oauth: OAuthServer;
  limits: RateLimiter;
  faults: Faults;
  counters: Counters;
  appCaller: AppCaller;
  /** Workflow-action callback completions the app sent. */
  callbacks: CallbackLog;
  demoPortalId: number;
  appId: number;
  /** The search index (lag) search answers from. */
  searchIndex: SearchIndex;
  /** The portals' admin validation rules. */
  validationRules: ValidationRules;
  /** Which portals have HubSpot's Leads object. */
  leadsObject: LeadsObject;
  /** The latency model's middleware, when a profile is on (stats for the bench). */
  latency?: LatencyMiddleware;
  /** The latency profile's name, or `off`. */
  latencyProfile: string;
  /** Starts listening; `close()` stops the server and saves pending state. */
  listen(port: number, host?: string): Promise<{ url: string; close(): Promise<void> }>;
  /** True when the CRM data and tokens were loaded from `persistPath`. */
  restoredFromDisk: boolean;
  /** Schedules a (debounced) save, e.g. after seeding outside HTTP. */
  scheduleSave(): void;
  /** Saves pending state and stops timers (called by listen's close). */
  shutdown(): void;
}

/** The parts of a local portal its HTTP app serves (the control API's among them). */
interface HttpParts extends ControlDependencies {
  options: LocalPortalOptions;
  persisting(): boolean;
  registry: PortalRegistry;
  searchIndex: SearchIndex;
  validationRules: ValidationRules;
  publicBaseUrl: string;
  scheduleSave: () => void;
  latency: LatencyMiddleware | undefined;
  callbacks: CallbackLog;
  leadsObject: LeadsObject;
}

// The HTTP app in HubSpot's order: health, control and preview routes first (no token), then
// counting, latency and faults, OAuth, versioned routing, the token check, scopes, rate limits
// and the CRM, and HubSpot's error bodies for what is left.
function createHttpApp(parts: HttpParts): Express {
  const { options, registry, appCaller, scheduleSave } = parts;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', demoPortalId: parts.demoPortalId, portals: registry.list().length });
  });
  app.use(createControlRouter(parts));

  app.use(createSearchIndexRouter(parts.searchIndex));
  app.use(createValidationRulesRouter(parts.validationRules));
  app.use(parts.leadsObject.router);
  app.use(
    createPreviewRouter({
      registry,
      demoPortalId: parts.demoPortalId,
      appId: parts.appId,
      backendUrl: options.appBaseUrl ?? parts.publicBaseUrl,
      send: (call) => appCaller.proxyFetch(call),
      onWrite: scheduleSave,
    }),
  );
  app.use(parts.counters.middleware);
  if (parts.latency) app.use(parts.latency);
  app.use(parts.faults.middleware);
  app.use(parts.oauth.router);
  app.use(createVersionedRouting());
  app.use(parts.oauth.middleware);
  app.use(scopeMiddleware);
  app.use(parts.leadsObject.middleware);
  app.use(
    createRateLimitMiddleware(parts.limits, parts.appId, {
      countAtArrival: parts.options.countAtArrival === true,
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    // Any write may change the CRM: save (debounced) once the response is out.
    if (parts.persisting() && req.method !== 'GET') res.on('finish', scheduleSave);
    next();
  });
  app.use(
    createCrmRouter(registry, {
      searchIndex: parts.searchIndex,
      callbacks: parts.callbacks,
      searchResultCap: options.searchResultCap,
    }),
  );
  app.use((_req: Request, res: Response) => {
    // An operation HubSpot's spec lists but the local portal does not emulate (merge, GDPR delete,
    // pipeline writes …) is not a HubSpot 404: say so plainly instead of pretending it is missing.
    const { operation } = res.locals as OperationLocals;
    if (operation) {
      sendError(
        res,
        501,
        createErrorBody(
          `The local portal does not emulate ${operation.method} ${operation.path} (${operation.file}); HubSpot serves it.`,
          'NOT_IMPLEMENTED_IN_LOCAL_PORTAL',
        ),
      );
      return;
    }
    sendUnknownPath(res);
  });
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = (error as { status?: number }).status;
    if (status === 400 || status === 413) {
      sendError(res, status, createErrorBody('Invalid input JSON', 'VALIDATION_ERROR'));
      return;
    }
    sendError(res, 500, createErrorBody('internal error', 'INTERNAL_ERROR'));
  });
  return app;
}

/** Builds the local portal. */
export function createLocalPortal(options: LocalPortalOptions = {}): LocalPortal {
  const clock = options.clock ?? systemClock;
  const clientId = options.clientId ?? 'local-client-id';
  const clientSecret = options.clientSecret ?? 'local-client-secret';
  const appId = options.appId ?? LOCAL_APP_ID;
  const publicBaseUrl = (options.publicBaseUrl ?? 'http://localhost:3000').replace(/\/$/, '');
  const demoPortalId = options.demoPortalId ?? DEMO_PORTAL_ID;

  let persistence: PortalPersistence | undefined;
  const scheduleSave = () =>
    persistence?.scheduleSave(() => ({ registry: registry.snapshot(), oauth: oauth.snapshot() }));

  const appCaller = createAppCaller({
    appBaseUrl: options.appBaseUrl ?? publicBaseUrl,
    appId,
    clientSecret,
    clock,
    webhookPath: options.webhookPath,
    autoDeliver: options.autoDeliverWebhooks ?? false,
    seed: options.seed,
  });
  const validationRules = createValidationRules();
  for (const [portalId, rules] of Object.entries(options.validationRules ?? {}))
    validationRules.set(Number(portalId), rules);
  const searchIndex = createSearchIndex({ clock, lagMs: options.searchLagMs ?? 0 });
  const latency = options.latency
    ? createLatencyMiddleware({
        sampler: createLatencySampler(options.latency, options.seed ?? 42),
        ...options.latencyTiming,
      })
    : undefined;
  const registry = createPortalRegistry({
    clock,
    onPropertyChange: (event) => appCaller.handlePropertyChange(event),
    checkWriteRules: (portalId, write) => {
      const violations = validationRules.check(portalId, write);
      if (violations.length > 0) throw createRuleViolationError(violations);
    },
  });
  const leadsObject = createLeadsObject(registry, options.leadsObject);
  const oauth = createOAuthServer({
    app: {
      appId,
      clientId,
      clientSecret,
      redirectUrls: options.redirectUrls ?? [`${publicBaseUrl}/oauth/callback`],
    },
    clock,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? HUBSPOT_ACCESS_TOKEN_TTL_SECONDS,
    defaultPortalId: demoPortalId,
    defaultScopes: options.defaultScopes ?? APP_SCOPES,
    ensurePortal: (portalId) => {
      registry.ensure(portalId);
    },
    grantableScopes: (portalId, scopes) => leadsObject.grantableScopes(portalId, scopes),
    onChange: scheduleSave,
  });
  const limits = createRateLimiter(options.rateLimit, clock);
  const faults = createFaults(options.faults, appId);
  const counters = createCounters();
  const callbacks = createCallbackLog();

  let restoredFromDisk = false;
  if (options.persistPath) {
    persistence = openPortalPersistence(options.persistPath);
    const saved = persistence.load();
    if (saved?.registry !== undefined) registry.restore(saved.registry);
    if (saved?.oauth !== undefined) oauth.restore(saved.oauth);
    restoredFromDisk = saved !== undefined;
  }
  registry.ensure(demoPortalId);

  const app = createHttpApp({
    options,
    persisting: () => persistence !== undefined,
    demoPortalId,
    registry,
    counters,
    faults,
    limits,
    oauth,
    appCaller,
    clock,
    appId,
    searchIndex,
    validationRules,
    publicBaseUrl,
    scheduleSave,
    latency,
    callbacks,
    leadsObject,
  });

  function shutdown(): void {
    appCaller.close();
    if (persistence) {
      persistence.scheduleSave(() => ({ registry: registry.snapshot(), oauth: oauth.snapshot() }));
      persistence.close();
      persistence = undefined;
    }
  }

  return {
    app,
    registry,
    oauth,
    limits,
    faults,
    counters,
    appCaller,
    callbacks,
    demoPortalId,
    appId,
    searchIndex,
    validationRules,
    leadsObject,
    ...(latency ? { latency } : {}),
    latencyProfile: options.latency?.name ?? 'off',
    restoredFromDisk,
    scheduleSave,
    shutdown,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const server: Server = app.listen(port, host);
        server.once('error', reject);
        server.once('listening', () => {
          const address = server.address() as AddressInfo;
          const shownHost = host.includes(':') ? `[${host}]` : host;
          resolve({
            url: `http://${shownHost}:${address.port}`,
            close: () =>
              new Promise<void>((done) => {
                shutdown();
                server.close(() => done());
                server.closeAllConnections();
              }),
          });
        });
      });
    },
  };
}
