// createApp(deps): the express service HubSpot calls (cards through hubspot.fetch, workflow
// actions, webhooks) plus the OAuth install flow and a health check. Every HubSpot-originated
// route is `[raw body, verify v3 signature, handler]`; the portal and user of a card request come
// only from HubSpot's signed query string, never from the body.
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { validateSettings } from '../domain/settings.ts';
import { SECTION_KEYS } from '../domain/plan/index.ts';
import { evaluate, validateModel } from '../domain/scoring/index.ts';
import { HubSpotRateLimitError, HubSpotUnavailableError } from '../hubspot/errors.ts';
import { errorToResult, loadSettings } from './card-context.ts';
import type { CrmGateway } from '../hubspot/gateway.ts';
import type { OAuthClient } from '../hubspot/oauth-client.ts';
import type { Store } from '../store/store.ts';
import { loopAnalytics } from './analytics.ts';
import { ApiFailure, fail, invalid, ok, type ApiResult } from './envelope.ts';
import type { HandlerContext } from './handlers/context.ts';
import {
  getQualification,
  handOff,
  rescoreContact,
  returnContactToMarketing,
  returnDealToMarketing,
} from './handlers/lifecycle.ts';
import {
  loadPlan,
  saveSection,
  submitAssessment,
  submitCompetitorAssessment,
} from './handlers/plan.ts';
import { NotInstalledError } from './installations.ts';
import type { Logger } from './logger.ts';
import { createOAuthRouter } from './oauth-routes.ts';
import { createOwnerCache } from './owner-cache.ts';
import { verifiedHubSpotRequest } from './signed-request.ts';
import {
  WORKFLOW_ACTIONS,
  executeWorkflowAction,
  workflowRequestSchema,
  type WorkflowActionName,
} from './workflow-actions.ts';
import { processPortalEvents, webhookBatchSchema, type WebhookEvent } from './webhooks.ts';

/** Background work the app can start (the bulk rescore); optional so tests can leave it out. */
export interface RescoreJobs {
  start(ctx: HandlerContext): Promise<unknown>;
  progress(ctx: HandlerContext): Promise<unknown>;
  cancel(ctx: HandlerContext): Promise<unknown>;
}

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
}

const recordId = z.string().regex(/^\d{1,20}$/, 'must be a HubSpot record id');
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
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  const signed = verifiedHubSpotRequest({
    clientSecret: deps.clientSecret,
    publicBaseUrl: deps.publicBaseUrl,
    now: deps.now,
    logger: deps.logger,
  });

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
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
      now: deps.now,
      logger: deps.logger,
    }),
  );

  const ownerCache = createOwnerCache(deps.now);

  async function contextFor(
    portalId: number,
    userId: string,
    requestId: string,
  ): Promise<HandlerContext & { settingsVersion: number }> {
    const { version, settings } = await loadSettings(deps.store, portalId, deps.logger);
    const gateway = deps.gatewayFor(portalId);
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

  // ---- Card API -------------------------------------------------------------------------------
  const api: Router = express.Router();
  type CardHandler = (
    req: Request,
    ctx: HandlerContext & { settingsVersion: number },
  ) => Promise<ApiResult<unknown>>;
  const card = (handler: CardHandler) => async (req: Request, res: Response) => {
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
      res.json(await handler(req, ctx));
    } catch (error) {
      if (!(error instanceof ApiFailure))
        deps.logger.error(
          { err: error, portalId, requestId, path: req.path },
          'card request failed',
        );
      res.json(errorToResult(error, requestId));
    }
  };
  const param = (req: Request, name: string): string => {
    const value = recordId.safeParse(req.params[name]);
    if (!value.success)
      throw new ApiFailure({
        code: 'validation_failed',
        message: {
          en: `${name} must be a HubSpot record id`,
          de: `${name} muss eine HubSpot-Datensatz-ID sein`,
        },
        fields: [{ path: name, message: 'must be a HubSpot record id' }],
      });
    return value.data;
  };
  const body = (req: Request): Record<string, unknown> =>
    req.body && typeof req.body === 'object' && !Array.isArray(req.body)
      ? (req.body as Record<string, unknown>)
      : {};

  api.get(
    '/deals/:dealId/plan',
    card((req, ctx) => loadPlan({ dealId: param(req, 'dealId') }, ctx)),
  );
  api.put(
    '/deals/:dealId/plan/:section',
    card(async (req, ctx) => {
      const section = z.enum(SECTION_KEYS).safeParse(req.params.section);
      if (!section.success)
        return invalid([{ path: 'section', message: `must be one of ${SECTION_KEYS.join(', ')}` }]);
      const rev = z.number().int().nonnegative().safeParse(body(req).rev);
      if (!rev.success)
        return invalid([{ path: 'rev', message: 'send the revision you edited (a whole number)' }]);
      return saveSection(
        {
          dealId: param(req, 'dealId'),
          section: section.data,
          rev: rev.data,
          content: body(req).content,
        },
        ctx,
      );
    }),
  );
  api.post(
    '/deals/:dealId/assessments',
    card((req, ctx) =>
      submitAssessment(
        {
          dealId: param(req, 'dealId'),
          answers: body(req).answers,
          expectedDecisionDate: body(req).expectedDecisionDate,
          note: body(req).note,
        },
        ctx,
      ),
    ),
  );
  api.post(
    '/deals/:dealId/competitors/:competitorId/assessment',
    card((req, ctx) =>
      submitCompetitorAssessment(
        {
          dealId: param(req, 'dealId'),
          competitorId: String(req.params.competitorId),
          answers: body(req).answers,
          note: body(req).note,
        },
        ctx,
      ),
    ),
  );
  api.post(
    '/deals/:dealId/return-to-marketing',
    card((req, ctx) =>
      returnDealToMarketing({ dealId: param(req, 'dealId'), body: req.body }, ctx),
    ),
  );
  api.get(
    '/contacts/:contactId/qualification',
    card((req, ctx) => getQualification({ contactId: param(req, 'contactId') }, ctx)),
  );
  api.post(
    '/contacts/:contactId/hand-off',
    card((req, ctx) => handOff({ contactId: param(req, 'contactId'), body: req.body }, ctx)),
  );
  api.post(
    '/contacts/:contactId/return-to-marketing',
    card((req, ctx) =>
      returnContactToMarketing({ contactId: param(req, 'contactId'), body: req.body }, ctx),
    ),
  );
  api.post(
    '/contacts/:contactId/rescore',
    card((req, ctx) => rescoreContact({ contactId: param(req, 'contactId') }, ctx)),
  );

  api.get(
    '/settings',
    card(async (_req, ctx) => {
      const [owners, pipelines] = await Promise.all([
        ctx.listOwners(),
        ctx.gateway.listPipelines('deals'),
      ]);
      return ok({
        version: ctx.settingsVersion,
        settings: ctx.settings,
        owners: owners.map((owner) => ({
          id: owner.id,
          name:
            [owner.firstName, owner.lastName].filter(Boolean).join(' ') || owner.email || owner.id,
          email: owner.email,
          team: ctx.settings.lifecycle.salesOwnerIds.includes(owner.id)
            ? 'sales'
            : owner.id === ctx.settings.lifecycle.marketingOwnerId
              ? 'marketing'
              : null,
        })),
        pipelines: pipelines.map((pipeline) => ({
          id: pipeline.id,
          label: pipeline.label,
          stages: pipeline.stages.map((stage) => ({ id: stage.id, label: stage.label })),
        })),
      });
    }),
  );
  api.put(
    '/settings',
    card(async (req, ctx) => {
      const version = z.number().int().nonnegative().safeParse(body(req).version);
      if (!version.success)
        return invalid([{ path: 'version', message: 'send the settings version you edited' }]);
      const validated = validateSettings(body(req).settings);
      if (!validated.ok)
        return invalid(
          validated.errors.map((error) => ({ ...error, path: `settings.${error.path}` })),
        );
      const written = await ctx.store.putSettings(ctx.portalId, validated.value, {
        expectedVersion: version.data,
        updatedBy: ctx.userId,
      });
      if (!written.ok) {
        return fail(
          'conflict',
          {
            en: 'Someone else changed the settings meanwhile. Reload them, then apply your change again.',
            de: 'Jemand anderes hat die Einstellungen inzwischen geändert. Laden Sie sie neu und übernehmen Sie Ihre Änderung erneut.',
          },
          { current: { version: written.currentVersion } },
        );
      }
      return ok({ version: written.version, settings: validated.value });
    }),
  );
  api.post(
    '/settings/preview-score',
    card(async (req, ctx) => {
      const model = validateModel(body(req).model);
      if (!model.ok)
        return invalid(model.errors.map((error) => ({ ...error, path: `model.${error.path}` })));
      const contactId = recordId.safeParse(body(req).contactId);
      if (!contactId.success)
        return invalid([{ path: 'contactId', message: 'choose a contact (a HubSpot record id)' }]);
      const { propertiesReadBy } = await import('../domain/scoring/index.ts');
      const contact = await ctx.gateway.getContact(contactId.data, propertiesReadBy(model.value));
      const result = evaluate(contact.properties, model.value, ctx.now);
      return ok({
        fit: result.fit,
        engagement: result.engagement,
        total: result.total,
        grade: result.grade,
        band: result.band,
        reasons: result.reasons.map((r) => ({
          ruleId: r.ruleId,
          points: r.points,
          label: r.label,
          why: r.why,
        })),
      });
    }),
  );
  const noJobs = () =>
    fail('internal', {
      en: 'Bulk rescoring is not available in this deployment.',
      de: 'Die Massen-Neubewertung ist in dieser Installation nicht verfügbar.',
    });
  api.post(
    '/rescore',
    card(async (_req, ctx) => (deps.rescore ? ok(await deps.rescore.start(ctx)) : noJobs())),
  );
  api.get(
    '/rescore',
    card(async (_req, ctx) => (deps.rescore ? ok(await deps.rescore.progress(ctx)) : noJobs())),
  );
  api.post(
    '/rescore/cancel',
    card(async (_req, ctx) => (deps.rescore ? ok(await deps.rescore.cancel(ctx)) : noJobs())),
  );
  api.get(
    '/analytics/loop',
    card(async (req, ctx) => {
      const weeks = z.coerce.number().int().min(1).max(52).default(12).safeParse(req.query.weeks);
      if (!weeks.success)
        return invalid([{ path: 'weeks', message: 'must be a whole number from 1 to 52' }]);
      return ok(await loopAnalytics(ctx, weeks.data));
    }),
  );
  app.use('/api', ...signed, api);

  // ---- Workflow actions -----------------------------------------------------------------------
  app.post('/hubspot/actions/:action', ...signed, async (req, res) => {
    const action = z.enum(WORKFLOW_ACTIONS).safeParse(req.params.action);
    if (!action.success) {
      res.status(404).json({ message: `Unknown action "${String(req.params.action)}"` });
      return;
    }
    const request = workflowRequestSchema.safeParse(req.body);
    if (!request.success) {
      const message = request.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ');
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
      await deps.store.completeCallback(callbackId, result);
      res.json(result);
    } catch (error) {
      if (error instanceof HubSpotRateLimitError || error instanceof HubSpotUnavailableError) {
        await deps.store.releaseCallback(callbackId);
        const seconds =
          error instanceof HubSpotRateLimitError
            ? Math.max(1, Math.ceil((error.retryAfterMs ?? 10_000) / 1000))
            : 30;
        res
          .set('Retry-After', String(seconds))
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
      await deps.store.completeCallback(callbackId, result);
      res.json(result);
    }
  });

  // ---- Webhooks -------------------------------------------------------------------------------
  app.post('/hubspot/webhooks', ...signed, async (req, res) => {
    const batch = webhookBatchSchema.safeParse(req.body);
    if (!batch.success) {
      const message = batch.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ');
      res.status(400).json({ ok: false, error: message });
      return;
    }
    const byPortal = new Map<number, WebhookEvent[]>();
    for (const event of batch.data)
      byPortal.set(event.portalId, [...(byPortal.get(event.portalId) ?? []), event]);
    const requestId = randomUUID();
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
        outcomes.push({
          portalId,
          ...(await processPortalEvents(events, await contextFor(portalId, 'system', requestId))),
        });
      }
      res.json({ ok: true, outcomes });
    } catch (error) {
      deps.logger.warn({ err: error, requestId }, 'webhook batch deferred; HubSpot will redeliver');
      const retry =
        error instanceof HubSpotRateLimitError
          ? Math.max(1, Math.ceil((error.retryAfterMs ?? 10_000) / 1000))
          : 30;
      res
        .set('Retry-After', String(retry))
        .status(error instanceof HubSpotRateLimitError ? 429 : 503)
        .json({ ok: false, error: 'deferred' });
    }
  });

  // HubSpot-originated JSON only reaches routes above; anything else is a plain 404.
  app.use((_req, res) => {
    res.status(404).json({ ok: false, error: 'not_found' });
  });
  return app;
}
