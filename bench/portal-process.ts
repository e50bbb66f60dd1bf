// The local portal in its own process for `npm run bench` (bench/run.ts forks this file): the
// measured client and the portal no longer share one event loop and one core, as a HubSpot client and
// HubSpot never do. The parent drives it over the IPC channel: seed synthetic contacts, read and
// reset the call counters, check every score, close. Everything HubSpot-facing goes over HTTP.
import { storedScoreWrites, DEFAULT_SCORING_MODEL } from '../src/domain/scoring/index.ts';
import { parseLocalPortalRealism } from '../src/local-portal/config.ts';
import { startArrivalEdge } from '../src/local-portal/arrival-edge.ts';
import { createLocalPortal } from '../src/local-portal/server.ts';
import { startLoopDelayMonitor } from './loop-delay.ts';
import { generateContacts, seedContacts } from './synthetic-contacts.ts';

/** What the parent asks for (one request at a time per id). */
export type PortalRequest =
  | { id: number; op: 'token'; portalId: number }
  | { id: number; op: 'tokens'; portalId: number }
  | {
      id: number;
      op: 'seed';
      portalId: number;
      count: number;
      changedShare: number;
      seed: number;
      asOf: number;
    }
  | { id: number; op: 'counters' }
  | { id: number; op: 'resetCounters' }
  | { id: number; op: 'resetLimits' }
  | { id: number; op: 'loopDelay' }
  | { id: number; op: 'refusals' }
  | { id: number; op: 'unscored'; portalId: number; asOf: number }
  | { id: number; op: 'touch'; portalId: number; ids: string[]; properties: Record<string, string> }
  | ({ id: number; op: 'webhooks' } & WebhookPlan)
  | { id: number; op: 'close' };

/**
 * Webhook batches HubSpot sends (signed, to `appBaseUrl`): for each portal `batchesPerPortal`
 * batches of `eventsPerBatch` property changes over its contacts, at most `concurrency` requests
 * at once, the n-th request not before n × `intervalMs` (0: as fast as answered).
 */
export interface WebhookPlan {
  portalIds: number[];
  batchesPerPortal: number;
  eventsPerBatch: number;
  concurrency: number;
  intervalMs: number;
}

/** What a webhook plan measured here, where HubSpot waits for the answers. */
export interface WebhookDelivery {
  latenciesMs: number[];
  statuses: Record<string, number>;
  events: number;
}

/** How the child was started: `{ latency, scale, appBaseUrl? }` as JSON in argv[2]. */
interface ChildOptions {
  latency: boolean;
  scale: number;
  /** Where the app is (its OAuth callback, signed webhooks); a backend or a load balancer. */
  appBaseUrl?: string;
}

const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
const realism = options.latency
  ? parseLocalPortalRealism({ LOCAL_PORTAL_LATENCY: 'hubspot', ...process.env }, 4_000_000)
  : {};
const portal = createLocalPortal({
  rateLimit: { perTenSeconds: 110, searchPerSecond: 5, scale: options.scale },
  // Counted when they arrive at the edge's thread, as HubSpot counts them, not when the portal's
  // busy event loop gets to them (src/local-portal/arrival-edge.ts).
  countAtArrival: true,
  ...(options.appBaseUrl
    ? { publicBaseUrl: options.appBaseUrl, webhookPath: '/hubspot/webhooks' }
    : {}),
  ...realism,
});
// Event ids unique per run: a PostgreSQL store keeps the seen ids of earlier runs.
let nextEventId = Date.now() * 1000;

/** Sends the plan's batches as HubSpot does and times each answer. */
async function sendWebhooks(plan: WebhookPlan): Promise<WebhookDelivery> {
  const batches: unknown[][] = [];
  for (const portalId of plan.portalIds) {
    const contacts = portal.registry.ensure(portalId).listObjects('contacts');
    for (let b = 0; b < plan.batchesPerPortal; b += 1) {
      const batch = [];
      for (let e = 0; e < plan.eventsPerBatch; e += 1) {
        const contact = contacts[(b * plan.eventsPerBatch + e) % Math.max(1, contacts.length)];
        if (!contact) break;
        batch.push({
          eventId: (nextEventId += 1),
          subscriptionId: 1,
          portalId,
          appId: portal.appId,
          occurredAt: Date.now(),
          subscriptionType: 'contact.propertyChange',
          attemptNumber: 0,
          objectId: Number(contact.id),
          propertyName: 'jobtitle',
          propertyValue: String(contact.properties.jobtitle ?? ''),
          changeSource: 'CRM_UI',
        });
      }
      batches.push(batch);
    }
  }
  const delivery: WebhookDelivery = { latenciesMs: [], statuses: {}, events: 0 };
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const index = next++;
      const wait = started + index * plan.intervalMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const batch = batches[index]!;
      for (let attempt = 1; ; attempt += 1) {
        const sentAt = performance.now();
        // A delivery that fails on the network is retried, as HubSpot does (counted apart).
        const status = await portal.appCaller.sendWebhookBatch(batch as never).then(
          (response) => String(response.status),
          (error: unknown) => `network error (${String(error)})`,
        );
        delivery.statuses[status] = (delivery.statuses[status] ?? 0) + 1;
        if (status.startsWith('network') && attempt < 3) {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          continue;
        }
        delivery.latenciesMs.push(performance.now() - sentAt);
        delivery.events += batch.length;
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  return delivery;
}
const inner = await portal.listen(0);
const edge = await startArrivalEdge({ targetPort: Number(new URL(inner.url).port) });
const server = {
  url: edge.url,
  close: async () => {
    await edge.close();
    await inner.close();
  },
};
const loopDelay = startLoopDelayMonitor();

// Every refusal (429) with the arrival times of the requests that filled the window, relative to
// the refused one: the spacing HubSpot would have seen. The client's limiter spaces its grants by
// the window plus its margin, so a refusal says how late the window's oldest request arrived.
export interface Refusal {
  kind: 'standard' | 'search';
  at: number;
  windowArrivalsMs: number[];
}
const refusals: Refusal[] = [];
const arrivals = new Map<string, number[]>();
const take = portal.limits.take.bind(portal.limits);
portal.limits.take = (key, kind, arrivedAt) => {
  const decision = take(key, kind, arrivedAt);
  // On the limiter's clock (Date.now, or the edge's arrival stamp): the spacing it counted.
  const at = arrivedAt ?? Date.now();
  const log = arrivals.get(`${kind}:${key}`) ?? [];
  const since = at - decision.intervalMs;
  while (log.length > 0 && log[0]! <= since - 1_000) log.shift();
  if (decision.allowed) log.push(at);
  else
    refusals.push({
      kind,
      at,
      windowArrivalsMs: log.filter((stamp) => stamp > since).map((stamp) => Math.round(stamp - at)),
    });
  arrivals.set(`${kind}:${key}`, log);
  return decision;
};
const model = DEFAULT_SCORING_MODEL;

function answer(request: PortalRequest): unknown {
  switch (request.op) {
    case 'webhooks': {
      const { id: _id, op: _op, ...plan } = request;
      return sendWebhooks(plan);
    }
    case 'token':
      return portal.oauth.issueTokens({ portalId: request.portalId }).access_token;
    case 'tokens':
      // The whole token response (refresh token, expiry, scopes): what an install stores.
      return portal.oauth.issueTokens({ portalId: request.portalId });
    case 'seed': {
      const contacts = generateContacts({
        count: request.count,
        changedShare: request.changedShare,
        seed: request.seed,
        asOf: request.asOf,
        model,
        emailPrefix: `p${request.portalId}`,
      });
      const ids = seedContacts(portal.registry.ensure(request.portalId), contacts);
      // Seeded contacts stand for data that was there long before: searchable at once.
      portal.searchIndex.catchUp();
      portal.limits.reset();
      const date = new Date(request.asOf);
      const changed = contacts.filter((c) => storedScoreWrites(c, model, date)).length;
      return { ids, changed };
    }
    case 'touch': {
      const state = portal.registry.ensure(request.portalId);
      for (const id of request.ids) state.updateObject('contacts', id, request.properties);
      return request.ids.length;
    }
    case 'counters': {
      const snapshot = portal.counters.snapshot();
      return {
        byPortal: snapshot.byPortal,
        byStatus: snapshot.byStatus,
        byPortalRoute: snapshot.byPortalRoute,
        byStatusRoute: snapshot.byStatusRoute,
      };
    }
    case 'resetCounters':
      portal.counters.reset();
      return true;
    case 'resetLimits':
      portal.limits.reset();
      return true;
    case 'loopDelay':
      return loopDelay.takeSummary();
    case 'refusals':
      return refusals.splice(0);
    case 'unscored': {
      const date = new Date(request.asOf);
      return portal.registry
        .ensure(request.portalId)
        .listObjects('contacts')
        .filter((record) => storedScoreWrites(record.properties, model, date) !== null)
        .map((record) => record.id);
    }
    case 'close':
      void server.close().then(() => process.exit(0));
      return true;
  }
}

process.on('message', (message: PortalRequest) => {
  Promise.resolve()
    .then(() => answer(message))
    .then(
      (value) => process.send?.({ id: message.id, ok: true, value }),
      (error: unknown) => process.send?.({ id: message.id, ok: false, error: String(error) }),
    );
});
// The bench died or was stopped: do not outlive it.
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true, url: server.url, latency: portal.latencyProfile });
