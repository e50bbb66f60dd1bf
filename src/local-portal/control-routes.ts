// The local portal's own control API, under /_local/… (never on HubSpot's paths): counters, faults,
// rate limits, tokens, webhook subscriptions and delivery, workflow-action calls and the
// hubspot.fetch proxy. Each body is validated with zod; a 400 names the fields.
import express from 'express';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { parseOr400 } from './parse-or-400.ts';
import type { AppCaller, AppResponse, WebhookEvent } from './app-caller.ts';
import type { Counters } from './counters.ts';
import type { Faults } from './faults.ts';
import { faultsConfigSchema } from './faults.ts';
import type { OAuthServer } from './oauth.ts';
import { LOCAL_USER } from './oauth.ts';
import type { RateLimiter } from './rate-limit.ts';

/** What the control API operates on. */
export interface ControlDependencies {
  appId: number;
  demoPortalId: number;
  counters: Counters;
  faults: Faults;
  limits: RateLimiter;
  oauth: OAuthServer;
  appCaller: AppCaller;
  clock: () => number;
}

const positiveId = z.coerce.number().int().positive();

const rateLimitSchema = z.object({
  perTenSeconds: z.number().int().positive().optional(),
  searchPerSecond: z.number().int().positive().optional(),
  scale: z.number().positive().max(1000).optional(),
});

const tokenRequestSchema = z.object({
  portalId: positiveId,
  /** Without it the token carries the app's scopes (app-hsmeta.json), as an install would. */
  scopes: z.array(z.string()).optional(),
});

const revokeGrantSchema = z.object({ portalId: positiveId });

const subscriptionSchema = z
  .object({
    subscriptionType: z
      .string()
      .regex(/^(contact|company|deal)\.(propertyChange|creation|deletion)$/),
    propertyName: z.string().min(1).optional(),
  })
  .refine((input) => !input.subscriptionType.endsWith('.propertyChange') || input.propertyName, {
    path: ['propertyName'],
    message: 'A propertyChange subscription names its propertyName.',
  });

const webhookEventSchema = z.object({
  eventId: positiveId.optional(),
  subscriptionId: positiveId.default(1),
  portalId: positiveId,
  occurredAt: z.number().int().optional(),
  subscriptionType: z.string().min(1),
  attemptNumber: z.number().int().min(0).default(0),
  objectId: positiveId,
  propertyName: z.string().optional(),
  propertyValue: z.string().optional(),
  changeSource: z.string().default('CRM_UI'),
});

const webhookSendSchema = z.object({
  /** Events to send now as one batch; without them the queue is flushed. */
  events: z.array(webhookEventSchema).max(100).optional(),
  path: z.string().startsWith('/').optional(),
  redeliver: z.number().int().min(0).max(1000).optional(),
  reorder: z.boolean().optional(),
});

const workflowCallSchema = z.object({
  actionUrl: z.string().min(1),
  portalId: positiveId,
  actionDefinitionId: positiveId,
  actionDefinitionVersion: positiveId.optional(),
  workflowId: positiveId,
  callbackId: z.string().min(1).optional(),
  object: z.object({
    objectId: positiveId,
    objectType: z.string().min(1),
    properties: z.record(z.string(), z.string().nullable()).optional(),
  }),
  inputFields: z.record(z.string(), z.unknown()).optional(),
});

function relay(res: Response, response: AppResponse): void {
  const contentType = response.headers['content-type'];
  if (contentType) res.setHeader('content-type', contentType);
  res.status(response.status).send(response.body);
}

/** The query parameters HubSpot sets itself on a proxied hubspot.fetch call. */
const PROXY_RESERVED_PARAMS = new Set(['appId', 'portalId', 'userId', 'userEmail']);

/** Creates the /_local router. */
export function createControlRouter(deps: ControlDependencies): Router {
  const router = express.Router();
  const json = express.json({ limit: '1mb' });

  router.get('/_local/counters', (_req, res) => {
    res.json(deps.counters.snapshot());
  });
  router.post('/_local/counters/reset', (_req, res) => {
    deps.counters.reset();
    res.status(204).end();
  });

  router.get('/_local/faults', (_req, res) => {
    res.json(deps.faults.current());
  });
  router.post('/_local/faults', json, (req, res) => {
    const config = parseOr400(faultsConfigSchema, req.body ?? {}, res);
    if (config) res.json(deps.faults.configure(config));
  });

  router.get('/_local/rate-limits', (_req, res) => {
    res.json(deps.limits.settings());
  });
  router.post('/_local/rate-limits', json, (req, res) => {
    const settings = parseOr400(rateLimitSchema, req.body ?? {}, res);
    if (settings) res.json(deps.limits.configure(settings));
  });
  router.post('/_local/rate-limits/reset', (_req, res) => {
    deps.limits.reset();
    res.status(204).end();
  });

  router.post('/_local/tokens', json, (req, res) => {
    const input = parseOr400(tokenRequestSchema, req.body ?? {}, res);
    if (input) res.json(deps.oauth.issueTokens(input));
  });
  // Simulates an uninstall: the portal's grant is revoked, its tokens stop working at once and the
  // next refresh is HubSpot's invalid_grant (BAD_REFRESH_TOKEN).
  router.post('/_local/oauth/revoke-grant', json, (req, res) => {
    const input = parseOr400(revokeGrantSchema, req.body ?? {}, res);
    if (input) res.json(deps.oauth.revokeGrant(input.portalId));
  });

  router.get('/_local/webhooks/subscriptions', (_req, res) => {
    res.json({ results: deps.appCaller.listSubscriptions() });
  });
  router.post('/_local/webhooks/subscriptions', json, (req, res) => {
    const input = parseOr400(subscriptionSchema, req.body ?? {}, res);
    if (input) res.status(201).json(deps.appCaller.subscribe(input));
  });
  router.delete('/_local/webhooks/subscriptions/:id', (req, res) => {
    res.status(deps.appCaller.unsubscribe(Number(req.params.id)) ? 204 : 404).end();
  });
  router.get('/_local/webhooks/pending', (_req, res) => {
    res.json({ results: deps.appCaller.pendingEvents() });
  });
  router.post('/_local/webhooks/send', json, async (req, res) => {
    const input = parseOr400(webhookSendSchema, req.body ?? {}, res);
    if (!input) return;
    try {
      if (input.events) {
        const events: WebhookEvent[] = input.events.map((event, index) => ({
          ...event,
          eventId: event.eventId ?? index + 1,
          appId: deps.appId,
          occurredAt: event.occurredAt ?? deps.clock(),
        }));
        const response = await deps.appCaller.sendWebhookBatch(events, input.path);
        res.json({ status: response.status, body: response.body });
        return;
      }
      res.json(
        await deps.appCaller.flushWebhooks({ redeliver: input.redeliver, reorder: input.reorder }),
      );
    } catch (error) {
      res.status(502).json({ error: 'app_unreachable', message: String(error) });
    }
  });

  router.post('/_local/workflow-actions/call', json, async (req, res) => {
    const input = parseOr400(workflowCallSchema, req.body ?? {}, res);
    if (!input) return;
    try {
      const response = await deps.appCaller.callWorkflowAction(input);
      res.json({ callbackId: response.callbackId, status: response.status, body: response.body });
    } catch (error) {
      res.status(502).json({ error: 'app_unreachable', message: String(error) });
    }
  });

  // A raw signed relay for scripts and tests: the caller names the portal and user in x-local-*
  // headers; HubSpot's own query parameters replace any sent. Any status is passed through — the
  // preview's hubspot.fetch, with HubSpot's whole contract, is /_local/hubspot-fetch (preview/fetch-route.ts).
  router.all('/_local/fetch-proxy/*path', json, async (req: Request, res: Response) => {
    const segments = (req.params as { path?: string[] }).path ?? [];
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(req.query)) {
      if (PROXY_RESERVED_PARAMS.has(key)) continue;
      for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
    }
    const search = query.toString();
    const portalId = Number(req.header('x-local-portal-id') ?? deps.demoPortalId);
    const userId = Number(req.header('x-local-user-id') ?? LOCAL_USER.userId);
    if (!Number.isInteger(portalId) || portalId <= 0 || !Number.isInteger(userId) || userId <= 0) {
      res.status(400).json({
        error: 'invalid_request',
        errors: [{ path: 'x-local-portal-id', message: 'must be a positive integer' }],
      });
      return;
    }
    try {
      const response = await deps.appCaller.proxyFetch({
        url: `/${segments.join('/')}${search ? `?${search}` : ''}`,
        method: req.method,
        body: req.method === 'GET' ? undefined : req.body,
        portalId,
        userId,
        userEmail: req.header('x-local-user-email') ?? LOCAL_USER.userEmail,
        authorization: req.header('authorization'),
      });
      relay(res, response);
    } catch (error) {
      res.status(502).json({ error: 'app_unreachable', message: String(error) });
    }
  });

  return router;
}
