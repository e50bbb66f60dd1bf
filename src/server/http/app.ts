// createApp(deps): the express service HubSpot calls (cards through hubspot.fetch, workflow
// actions, webhooks) plus the OAuth install flow and a health check. Every HubSpot-originated
// route is `[raw body, verify v3 signature, handler]`; the portal and user of a card request come
// only from HubSpot's signed query string, never from the body.
import { randomUUID } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { CrmGateway } from '../../hubspot/gateway.ts';
import type { OAuthClient } from '../../hubspot/oauth-client.ts';
import type { Store } from '../../store/store.ts';
import { errorToResult, webhookDeferral, workflowDeferral } from './errors.ts';
import { loadSettings } from '../read-models/settings.ts';
import {
  CARD_OPERATIONS,
  type CardOperation,
  type RescoreJobs,
} from '../routes/card-operations.ts';
import { ApiFailure, fail, type ApiResult } from './envelope.ts';
import type { HandlerContext } from '../handlers/context.ts';
import { NotInstalledError } from '../../runtime/token-manager.ts';
import type { Logger } from '../../runtime/logger.ts';
import { createOAuthRouter } from '../routes/oauth-routes.ts';
import { createOwnerCache, type OwnerCache } from '../read-models/owner-cache.ts';
import { EdgeError, errorHandler, notFoundHandler, readBody } from './http-edges.ts';
import { storeWithLockDeadline } from '../effects/record-locks.ts';
import { replayGuard } from './replay-guard.ts';
import { createLeadsObjectCache } from '../read-models/leads-object-cache.ts';
import { createPipelineCache, type PipelineCache } from '../read-models/pipeline-cache.ts';
import { verifiedHubSpotRequest } from './signed-request.ts';
import {
  WORKFLOW_ACTIONS,
  executeWorkflowAction,
  workflowRequestSchema,
  type WorkflowActionName,
} from '../routes/workflow-actions.ts';
import { processPortalEvents, webhookBatchSchema, type WebhookEvent } from '../routes/webhooks.ts';
import { describeZodError } from '../../domain/errors.ts';

export type { RescoreJobs };

/** The longest a webhook batch waits for the portal's rate budget before deferring to HubSpot. */
export const WEBHOOK_BUDGET_WAIT_MS = 1500;
/**
 * The longest a webhook batch waits, in all, for the locks of the records it changes (a card
 * hand-off or another batch holds them) before answering 429: with the budget wait above, the
 * answer stays inside HubSpot's 5 s.
 */
export const WEBHOOK_LOCK_WAIT_MS = 2000;
/**
 * How long a card request may wait on HubSpot's budget and retries, from its arrival, ms.
 * hubspot.fetch gives up after 15 s (developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data);
 * the 5 s left cover the HubSpot calls in flight at the deadline and HubSpot's proxy. A request
 * that cannot be served by then answers "HubSpot is busy, retry in N s" at once.
 */
export const CARD_DEADLINE_MS = 10_000;

export interface AppDeps {
  clientId: string;
  clientSecret: string;
  publicBaseUrl: string;
  authorizeUrl: string;
  store: Store;
  oauth: OAuthClient;
  /** The gateway for a portal (its token manager and rate limiter behind it). */
  gatewayFor: (portalId: number) => CrmGateway;
  now: () => number;
  logger: Logger;
  rescore?: RescoreJobs;
  /** Score every contact right after an install, so HubSpot's views show scores at once. */
  scoreOnInstall?: boolean;
  /** Sets up an installed portal's recurring jobs (idempotent; part of the install). */
  onPortalInstalled?: (portalId: number) => Promise<unknown>;
  /** Overrides WEBHOOK_LOCK_WAIT_MS (tests), ms. */
  webhookLockWaitMs?: number;
  /** Overrides CARD_DEADLINE_MS (tests), ms. */
  cardDeadlineMs?: number;
  /** Whether the backend can work (the token manager's: wrong client credentials fail it). */
  health?: () => { ok: true } | { ok: false; reason: string };
  /** The process's owner and pipeline caches, shared with background work (default: the app's own). */
  ownerCache?: OwnerCache;
  pipelineCache?: PipelineCache;
}

const signedQuery = z.object({
  portalId: z.string().regex(/^\d{1,12}$/, 'HubSpot did not name the portal'),
  userId: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
});

/** Creates the express application. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  // Production semantics whatever NODE_ENV says: no stack traces or server paths in any answer
  // (the error handler below answers every failure; this keeps express's own fallbacks quiet too).
  app.set('env', 'production');
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  const signed = verifiedHubSpotRequest({
    clientSecret: deps.clientSecret,
    publicBaseUrl: deps.publicBaseUrl,
    now: deps.now,
    logger: deps.logger,
  });
  // Workflow actions: HubSpot signs custom-action requests with v2; v3 is accepted when present.
  const signedWorkflow = verifiedHubSpotRequest({
    clientSecret: deps.clientSecret,
    publicBaseUrl: deps.publicBaseUrl,
    now: deps.now,
    logger: deps.logger,
    accept: 'v3-or-v2',
  });

  app.get('/healthz', (_req, res) => {
    const health = deps.health?.() ?? { ok: true };
    res.status(health.ok ? 200 : 503).json(health);
  });

  app.use(
    createOAuthRouter({
      clientId: deps.clientId,
      clientSecret: deps.clientSecret,
      publicBaseUrl: deps.publicBaseUrl,
      authorizeUrl: deps.authorizeUrl,
      oauth: deps.oauth,
      store: deps.store,
      ensureSchema: (portalId) => deps.gatewayFor(portalId).ensureSchema(),
      ...(deps.onPortalInstalled ? { setUpJobs: deps.onPortalInstalled } : {}),
      onInstalled: (portalId) => {
        if (!deps.scoreOnInstall || !deps.rescore) return;
        const rescore = deps.rescore;
        contextFor(portalId, 'system', randomUUID())
          .then((ctx) => rescore.start(ctx))
          .catch((error: unknown) =>
            deps.logger.error({ err: error, portalId }, 'first scoring failed to start'),
          );
      },
      now: deps.now,
      logger: deps.logger,
    }),
  );

  const ownerCache = deps.ownerCache ?? createOwnerCache(deps.now);
  const pipelineCache = deps.pipelineCache ?? createPipelineCache(deps.now);
  const leadsObjectCache = createLeadsObjectCache(deps.now);

  async function contextFor(
    portalId: number,
    userId: string,
    requestId: string,
  ): Promise<HandlerContext & { settingsVersion: number }> {
    const { version, settings } = await loadSettings(deps.store, portalId, deps.logger);
    const gateway = leadsObjectCache.decorate(pipelineCache.decorate(deps.gatewayFor(portalId)));
    return {
      portalId,
      userId,
      gateway,
      listOwners: () => ownerCache.get(portalId, gateway),
      store: deps.store,
      settings,
      settingsVersion: version,
      now: new Date(deps.now()),
      logger: deps.logger.child({ portalId, requestId }),
    };
  }

  mountCardApi(app, deps, signed, contextFor);
  mountWorkflowActions(app, deps, signedWorkflow, contextFor);
  mountWebhooks(app, deps, signed, contextFor);

  // HubSpot-originated JSON only reaches routes above; anything else is a JSON 404, and every
  // failure (body too large, unknown encoding, a bug) the JSON envelope without stack or path.
  app.use(notFoundHandler());
  app.use(errorHandler(deps.logger));
  return app;
}

/** A request's handler context: the portal's settings (and their version), gateway, store, logger. */
type ContextFor = (
  portalId: number,
  userId: string,
  requestId: string,
) => Promise<HandlerContext & { settingsVersion: number }>;
type SignedChain = ReturnType<typeof verifiedHubSpotRequest>;

/** The card API: every operation of CARD_OPERATIONS under /api, signed and replay-guarded. */
function mountCardApi(
  app: express.Express,
  deps: AppDeps,
  signed: SignedChain,
  contextFor: ContextFor,
): void {
  // ---- Card API -------------------------------------------------------------------------------
  const api: Router = express.Router();
  type CardHandler = (
    req: Request,
    ctx: HandlerContext & { settingsVersion: number },
  ) => Promise<ApiResult<unknown>>;
  const card = (handler: CardHandler) => async (req: Request, res: Response) => {
    const deadlineAt = deps.now() + (deps.cardDeadlineMs ?? CARD_DEADLINE_MS);
    const requestId = randomUUID();
    const query = signedQuery.safeParse(req.query);
    if (!query.success) {
      res.status(401).json(
        fail('not_installed', {
          en: 'The request does not name a HubSpot portal.',
          de: 'Die Anfrage nennt kein HubSpot-Portal.',
        }),
      );
      return;
    }
    const portalId = Number(query.data.portalId);
    try {
      // An uninstalled portal must not be served, even with a valid signature.
      const installation = await deps.store.getInstallation(portalId);
      if (!installation || installation.status !== 'active')
        throw new NotInstalledError(portalId, 'no active installation');
      const ctx = await contextFor(portalId, query.data.userId ?? 'unknown', requestId);
      // Neither HubSpot's budget nor a record lock held by another request (a webhook batch, a
      // colleague's hand-off) may keep the card waiting past its deadline.
      res.json(
        await handler(req, {
          ...ctx,
          gateway: ctx.gateway.withDeadline(deadlineAt),
          store: storeWithLockDeadline(ctx.store, { deadlineAt, now: deps.now }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ApiFailure))
        deps.logger.error(
          { err: error, portalId, requestId, path: req.path },
          'card request failed',
        );
      res.json(errorToResult(error, requestId));
    }
  };
  const body = (req: Request): Record<string, unknown> =>
    req.body && typeof req.body === 'object' && !Array.isArray(req.body)
      ? (req.body as Record<string, unknown>)
      : {};
  for (const operation of Object.values(CARD_OPERATIONS) as CardOperation[]) {
    api[operation.method](
      operation.path,
      card((req, ctx) =>
        operation.run({ ...req.query, ...req.params }, body(req), {
          ...ctx,
          ...(deps.rescore ? { rescore: deps.rescore } : {}),
        }),
      ),
    );
  }
  app.use(
    '/api',
    ...signed,
    replayGuard({ store: deps.store, now: deps.now, logger: deps.logger }),
    api,
  );
}

/** Workflow actions: each callbackId runs once per portal; a repeat replays the stored result. */
function mountWorkflowActions(
  app: express.Express,
  deps: AppDeps,
  signedWorkflow: SignedChain,
  contextFor: ContextFor,
): void {
  // ---- Workflow actions -----------------------------------------------------------------------
  app.post('/hubspot/actions/:action', ...signedWorkflow, async (req, res) => {
    const action = z.enum(WORKFLOW_ACTIONS).safeParse(req.params.action);
    if (!action.success) {
      res.status(404).json({ message: `Unknown action "${String(req.params.action)}"` });
      return;
    }
    const request = workflowRequestSchema.safeParse(req.body);
    if (!request.success) {
      const message = describeZodError(request.error);
      res.status(400).json({
        outputFields: { hs_execution_state: 'FAIL_CONTINUE', error_message: message },
        errorMessage: message,
      });
      return;
    }
    const { callbackId, origin, object } = request.data;
    const requestId = randomUUID();
    const claim = await deps.store.claimCallback(callbackId, origin.portalId, {
      objectType: object.objectType,
      objectId: object.objectId,
    });
    if (claim.state === 'done') {
      res.json(claim.result);
      return;
    }
    if (claim.state === 'running') {
      // Another delivery of the same callback is executing: HubSpot retries on 429 (honours Retry-After).
      res
        .set('Retry-After', '5')
        .status(429)
        .json({ message: 'This callback is being executed; retry shortly.' });
      return;
    }
    try {
      const installation = await deps.store.getInstallation(origin.portalId);
      if (!installation || installation.status !== 'active')
        throw new NotInstalledError(origin.portalId, 'no active installation');
      const ctx = await contextFor(origin.portalId, 'workflow', requestId);
      const result = await executeWorkflowAction(
        action.data as WorkflowActionName,
        request.data,
        ctx,
      );
      await deps.store.completeCallback(callbackId, origin.portalId, result);
      res.json(result);
    } catch (error) {
      const deferral = workflowDeferral(error);
      if (deferral) {
        await deps.store.releaseCallback(callbackId, origin.portalId);
        res
          .set('Retry-After', String(deferral.retryAfterSeconds))
          .status(429)
          .json({ message: 'HubSpot is rate limiting this portal; retry later.' });
        return;
      }
      const mapped = errorToResult(error, requestId);
      const message = mapped.ok ? 'failed' : mapped.error.message.en;
      if (!(error instanceof NotInstalledError))
        deps.logger.error({ err: error, callbackId, requestId }, 'workflow action failed');
      const result = {
        outputFields: { hs_execution_state: 'FAIL_CONTINUE', error_message: message },
        errorMessage: message,
      };
      await deps.store.completeCallback(callbackId, origin.portalId, result);
      res.json(result);
    }
  });
}

/** Webhooks: a batch per portal through processPortalEvents, deferred to HubSpot when busy. */
function mountWebhooks(
  app: express.Express,
  deps: AppDeps,
  signed: SignedChain,
  contextFor: ContextFor,
): void {
  // ---- Webhooks -------------------------------------------------------------------------------
  app.post('/hubspot/webhooks', readBody(), refuseOversizedBatch, ...signed, async (req, res) => {
    const batch = webhookBatchSchema.safeParse(req.body);
    if (!batch.success) {
      const message = describeZodError(batch.error);
      res.status(400).json({ ok: false, error: message });
      return;
    }
    const byPortal = new Map<number, WebhookEvent[]>();
    for (const event of batch.data)
      byPortal.set(event.portalId, [...(byPortal.get(event.portalId) ?? []), event]);
    const requestId = randomUUID();
    const lockDeadline = {
      deadlineAt: deps.now() + (deps.webhookLockWaitMs ?? WEBHOOK_LOCK_WAIT_MS),
      now: deps.now,
    };
    try {
      const outcomes = [];
      for (const [portalId, events] of byPortal) {
        const installation = await deps.store.getInstallation(portalId);
        if (!installation || installation.status !== 'active') {
          // Nothing to do for a portal that removed the app; acknowledge so HubSpot stops.
          deps.logger.warn(
            { portalId, events: events.length },
            'webhook for a portal without an active installation',
          );
          continue;
        }
        const ctx = await contextFor(portalId, 'system', requestId);
        // HubSpot waits 5 s for an answer: never queue behind the portal's budget for longer than
        // WEBHOOK_BUDGET_WAIT_MS; answer 429 instead and let HubSpot redeliver.
        const gateway = ctx.gateway.withMaxWait(WEBHOOK_BUDGET_WAIT_MS);
        // Every record lock on this path (ours and the shared lifecycle handlers') is bounded too.
        const store = storeWithLockDeadline(ctx.store, lockDeadline);
        outcomes.push({
          portalId,
          ...(await processPortalEvents(events, { ...ctx, gateway, store }, lockDeadline)),
        });
      }
      res.json({ ok: true, outcomes });
    } catch (error) {
      deps.logger.warn({ err: error, requestId }, 'webhook batch deferred; HubSpot will redeliver');
      const deferral = webhookDeferral(error);
      res
        .set('Retry-After', String(deferral.retryAfterSeconds))
        .status(deferral.status)
        .json({ ok: false, error: 'deferred' });
    }
  });
}

/** HubSpot sends at most 100 events per webhook request (MAX_EVENTS_PER_BATCH in the local portal). */
const MAX_WEBHOOK_EVENTS = 100;

/**
 * Refuses a batch HubSpot would never send before its signature is checked, so an unauthenticated
 * caller cannot make us verify or process it. A body that is not a JSON array passes on: the
 * signed chain answers it after verifying.
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/webhooks
 */
const refuseOversizedBatch: RequestHandler = (req, _res, next) => {
  let events: unknown;
  try {
    events = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
  } catch {
    events = undefined;
  }
  next(
    Array.isArray(events) && events.length > MAX_WEBHOOK_EVENTS
      ? new EdgeError('too_many_events')
      : undefined,
  );
};
