// HubSpot calling the app: every request is signed exactly as HubSpot signs it (signing.ts): v3 for
// webhooks and hubspot.fetch, v2 for custom workflow actions (HubSpot's custom-action page).
// - Webhooks: POST batches (JSON arrays of ≤ 100 events), at-least-once and unordered; a non-2xx
//   answer is retried with attemptNumber + 1 (up to 10 times):
//   https://developers.hubspot.com/docs/apps/developer-platform/add-features/webhooks
// - Custom workflow actions: POST { callbackId, origin, context, object, inputFields } to actionUrl:
//   https://developers.hubspot.com/docs/apps/developer-platform/add-features/custom-workflow-actions
// - hubspot.fetch: HubSpot proxies the card's request, adding appId, portalId, userId and userEmail
//   to the query string before signing; the signed body is JSON.stringify(body), or '' for GET:
//   https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.ts';
import { createSeededRandom } from './clock.ts';
import {
  createSignatureHeaders,
  createSignatureV2Headers,
  normaliseUriForSigning,
} from './signing.ts';

/** HubSpot sends at most 100 events per webhook request. */
export const MAX_EVENTS_PER_BATCH = 100;
/** HubSpot retries a failed webhook delivery up to 10 times. */
export const MAX_WEBHOOK_ATTEMPTS = 10;
/** hubspot.fetch's default timeout is 15 s. */
export const FETCH_TIMEOUT_MS = 15_000;

/** A CRM change as the portal state reports it (state.ts's PropertyChangeEvent has this shape). */
export interface PropertyChange {
  /** `propertyChange` when absent; `creation` / `deletion` for HubSpot's lifecycle webhooks. */
  kind?: 'propertyChange' | 'creation' | 'deletion';
  portalId: number;
  objectType: 'contact' | 'company' | 'deal';
  objectId: number | string;
  propertyName?: string;
  propertyValue?: string | null;
  occurredAt: number;
  changeSource: string;
}

/** One webhook event as HubSpot sends it. */
export interface WebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  propertyName?: string;
  propertyValue?: string;
  changeSource: string;
}

/** A webhook subscription of the app. */
export interface WebhookSubscription {
  id: number;
  /** `contact.propertyChange`, `deal.creation`, … */
  subscriptionType: string;
  /** Required for `*.propertyChange` (HubSpot subscribes to one property at a time). */
  propertyName?: string;
  active: boolean;
}

/** The answer of the app to one signed call. */
export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A signed request to the app. */
export interface SignedCall {
  method: string;
  /** Absolute URL, or a path resolved against appBaseUrl. */
  url: string;
  /** Raw body ('' or undefined for none). */
  body?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** 'v3' (default), or 'v2' as HubSpot signs custom workflow-action requests. */
  signatureVersion?: 'v2' | 'v3';
}

/** Options of one webhook flush. */
export interface FlushOptions {
  /** How many queued events (chosen by the seeded PRNG) are delivered a second time. */
  redeliver?: number;
  /** Shuffle the events before batching (HubSpot does not guarantee order). */
  reorder?: boolean;
}

/** What a flush did. */
export interface FlushResult {
  batches: number;
  delivered: number;
  failed: number;
  requeued: number;
  statuses: number[];
}

/** A workflow action execution. */
export interface WorkflowActionCall {
  /** Path (against appBaseUrl) or absolute actionUrl. */
  actionUrl: string;
  portalId: number;
  actionDefinitionId: number;
  actionDefinitionVersion?: number;
  workflowId: number;
  callbackId?: string;
  object: { objectId: number; objectType: string; properties?: Record<string, string | null> };
  inputFields?: Record<string, unknown>;
}

/** A hubspot.fetch call from a card. */
export interface ProxyFetchCall {
  /** Path (against appBaseUrl) or absolute URL of the backend. */
  url: string;
  method?: string;
  /** The card's body; JSON-serialised as hubspot.fetch does. */
  body?: unknown;
  portalId: number;
  userId: number;
  userEmail: string;
  /** hubspot.fetch forwards only the Authorization header. */
  authorization?: string;
  timeoutMs?: number;
}

/** Options of the app caller. */
export interface AppCallerOptions {
  appBaseUrl: string;
  appId: number;
  clientSecret: string;
  clock: Clock;
  /** Where webhook batches are POSTed (against appBaseUrl). */
  webhookPath?: string;
  /** Deliver queued webhooks automatically (after `autoFlushDelayMs`); off: call flushWebhooks(). */
  autoDeliver?: boolean;
  autoFlushDelayMs?: number;
  /** Seed for redelivery and reordering choices. */
  seed?: number;
  fetch?: typeof fetch;
}

/** HubSpot as a caller of the app. */
export interface AppCaller {
  /** Sends one request signed as HubSpot signs it. */
  sendSigned(call: SignedCall): Promise<AppResponse>;
  /** Registers a webhook subscription. */
  subscribe(input: { subscriptionType: string; propertyName?: string }): WebhookSubscription;
  unsubscribe(id: number): boolean;
  listSubscriptions(): WebhookSubscription[];
  /** Queues events for the subscriptions a property change matches. */
  handlePropertyChange(change: PropertyChange): void;
  /** Events waiting for delivery. */
  pendingEvents(): WebhookEvent[];
  /** Delivers queued events in batches of ≤ 100; failed batches are requeued with attemptNumber + 1. */
  flushWebhooks(options?: FlushOptions): Promise<FlushResult>;
  /** Sends one batch as given (for tests of the backend's webhook handling). */
  sendWebhookBatch(events: WebhookEvent[], path?: string): Promise<AppResponse>;
  /** Turns automatic delivery on or off. */
  setAutoDeliver(enabled: boolean): void;
  callWorkflowAction(call: WorkflowActionCall): Promise<AppResponse & { callbackId: string }>;
  proxyFetch(call: ProxyFetchCall): Promise<AppResponse>;
  /** Stops timers (automatic delivery). */
  close(): void;
}

/** Turns a path or URL into the absolute URL HubSpot would call. */
export function resolveAppUrl(appBaseUrl: string, pathOrUrl: string): string {
  if (/^https?:\/\//i.test(pathOrUrl)) return pathOrUrl;
  return `${appBaseUrl.replace(/\/$/, '')}/${pathOrUrl.replace(/^\//, '')}`;
}

/** Adds the query parameters HubSpot adds to a hubspot.fetch call, replacing any sent by the card. */
export function addProxyMetadata(
  url: string,
  metadata: { appId: number; portalId: number; userId: number; userEmail: string },
): string {
  const target = new URL(url);
  target.searchParams.set('appId', String(metadata.appId));
  target.searchParams.set('portalId', String(metadata.portalId));
  target.searchParams.set('userId', String(metadata.userId));
  target.searchParams.set('userEmail', metadata.userEmail);
  return target.toString();
}

/** Sends one call to the app, signed as HubSpot signs it (v3, or v2 for workflow actions). */
async function sendSignedCall(
  options: AppCallerOptions,
  doFetch: typeof fetch,
  call: SignedCall,
): Promise<AppResponse> {
  const url = resolveAppUrl(options.appBaseUrl, call.url);
  const method = call.method.toUpperCase();
  const body = call.body ?? '';
  const signature =
    call.signatureVersion === 'v2'
      ? createSignatureV2Headers({ clientSecret: options.clientSecret, method, uri: url, body })
      : createSignatureHeaders({
          clientSecret: options.clientSecret,
          method,
          uri: normaliseUriForSigning(url),
          body,
          timestamp: options.clock(),
        });
  const response = await doFetch(url, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      'user-agent': 'HubSpot Local Portal',
      ...call.headers,
      ...signature,
    },
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
    signal: AbortSignal.timeout(call.timeoutMs ?? FETCH_TIMEOUT_MS),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}

/** The body HubSpot POSTs to a workflow action's actionUrl. */
function workflowActionBody(call: WorkflowActionCall, callbackId: string) {
  return {
    callbackId,
    origin: {
      portalId: call.portalId,
      actionDefinitionId: call.actionDefinitionId,
      actionDefinitionVersion: call.actionDefinitionVersion ?? 1,
    },
    context: { source: 'WORKFLOWS', workflowId: call.workflowId },
    object: { ...call.object, properties: call.object.properties ?? {} },
    inputFields: call.inputFields ?? {},
  };
}

/** A webhook subscription; a propertyChange subscription must name its property. */
function newSubscription(
  id: number,
  input: { subscriptionType: string; propertyName?: string },
): WebhookSubscription {
  if (input.subscriptionType.endsWith('.propertyChange') && !input.propertyName) {
    throw new RangeError('A propertyChange subscription names its propertyName.');
  }
  return {
    id,
    subscriptionType: input.subscriptionType,
    ...(input.propertyName ? { propertyName: input.propertyName } : {}),
    active: true,
  };
}

/** A card's hubspot.fetch as the signed call HubSpot makes: metadata in the query, Authorization only. */
function proxiedCall(options: AppCallerOptions, call: ProxyFetchCall): SignedCall {
  const method = (call.method ?? 'GET').toUpperCase();
  const url = addProxyMetadata(resolveAppUrl(options.appBaseUrl, call.url), {
    appId: options.appId,
    portalId: call.portalId,
    userId: call.userId,
    userEmail: call.userEmail,
  });
  const body = method === 'GET' || call.body === undefined ? '' : JSON.stringify(call.body);
  return {
    method,
    url,
    body,
    headers: call.authorization ? { authorization: call.authorization } : {},
    timeoutMs: call.timeoutMs ?? FETCH_TIMEOUT_MS,
  };
}

/** Creates the caller. */
export function createAppCaller(options: AppCallerOptions): AppCaller {
  const doFetch = options.fetch ?? fetch;
  const webhookPath = options.webhookPath ?? '/hubspot/webhooks';
  const random = createSeededRandom(options.seed ?? 42);
  const subscriptions = new Map<number, WebhookSubscription>();
  let queue: WebhookEvent[] = [];
  let nextSubscriptionId = 1;
  let nextEventId = 1;
  let autoDeliver = options.autoDeliver ?? false;
  let autoTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<FlushResult> | undefined;

  const sendSigned = (call: SignedCall) => sendSignedCall(options, doFetch, call);

  function sendWebhookBatch(events: WebhookEvent[], path = webhookPath): Promise<AppResponse> {
    if (events.length > MAX_EVENTS_PER_BATCH) {
      throw new RangeError(`A webhook batch holds at most ${MAX_EVENTS_PER_BATCH} events.`);
    }
    return sendSigned({ method: 'POST', url: path, body: JSON.stringify(events) });
  }

  function shuffle<T>(items: T[]): T[] {
    const copy = [...items];
    for (let index = copy.length - 1; index > 0; index -= 1) {
      const other = Math.floor(random() * (index + 1));
      [copy[index], copy[other]] = [copy[other]!, copy[index]!];
    }
    return copy;
  }

  async function flushOnce(flush: FlushOptions): Promise<FlushResult> {
    let events = queue;
    queue = [];
    const result: FlushResult = { batches: 0, delivered: 0, failed: 0, requeued: 0, statuses: [] };
    if (events.length === 0) return result;
    if (flush.redeliver && flush.redeliver > 0) {
      // At-least-once: some events arrive twice (a later attempt of the same eventId).
      const duplicates = shuffle(events)
        .slice(0, flush.redeliver)
        .map((event) => ({ ...event, attemptNumber: event.attemptNumber + 1 }));
      events = [...events, ...duplicates];
    }
    if (flush.reorder) events = shuffle(events);
    for (let start = 0; start < events.length; start += MAX_EVENTS_PER_BATCH) {
      const batch = events.slice(start, start + MAX_EVENTS_PER_BATCH);
      result.batches += 1;
      let status = 0;
      try {
        status = (await sendWebhookBatch(batch)).status;
      } catch {
        status = 0; // unreachable backend or timeout: HubSpot retries it like a non-2xx answer
      }
      result.statuses.push(status);
      if (status >= 200 && status < 300) {
        result.delivered += batch.length;
        continue;
      }
      result.failed += batch.length;
      const retries = batch
        .filter((event) => event.attemptNumber + 1 < MAX_WEBHOOK_ATTEMPTS)
        .map((event) => ({ ...event, attemptNumber: event.attemptNumber + 1 }));
      result.requeued += retries.length;
      queue.push(...retries);
    }
    return result;
  }

  function flushWebhooks(flush: FlushOptions = {}): Promise<FlushResult> {
    // One flush at a time, so automatic and manual delivery never send the same queue twice.
    const run = (flushing ?? Promise.resolve()).then(() => flushOnce(flush));
    flushing = run.catch(() => ({
      batches: 0,
      delivered: 0,
      failed: 0,
      requeued: 0,
      statuses: [],
    }));
    return run;
  }

  function scheduleAutoFlush(): void {
    if (!autoDeliver || autoTimer) return;
    autoTimer = setTimeout(() => {
      autoTimer = undefined;
      void flushWebhooks().then((result) => {
        if (result.requeued > 0) scheduleAutoFlush();
      });
    }, options.autoFlushDelayMs ?? 100);
    autoTimer.unref();
  }

  function handlePropertyChange(change: PropertyChange): void {
    const kind = change.kind ?? 'propertyChange';
    const subscriptionType = `${change.objectType}.${kind}`;
    for (const subscription of subscriptions.values()) {
      if (!subscription.active || subscription.subscriptionType !== subscriptionType) continue;
      if (kind === 'propertyChange' && subscription.propertyName !== change.propertyName) continue;
      queue.push({
        eventId: nextEventId++,
        subscriptionId: subscription.id,
        portalId: change.portalId,
        appId: options.appId,
        occurredAt: change.occurredAt,
        subscriptionType,
        attemptNumber: 0,
        objectId: Number(change.objectId),
        ...(kind === 'propertyChange'
          ? { propertyName: change.propertyName, propertyValue: change.propertyValue ?? '' }
          : {}),
        changeSource: change.changeSource,
      });
    }
    scheduleAutoFlush();
  }

  return {
    sendSigned,
    subscribe(input) {
      const subscription = newSubscription(nextSubscriptionId++, input);
      subscriptions.set(subscription.id, subscription);
      return subscription;
    },
    unsubscribe: (id) => subscriptions.delete(id),
    listSubscriptions: () => [...subscriptions.values()],
    handlePropertyChange,
    pendingEvents: () => [...queue],
    flushWebhooks,
    sendWebhookBatch,
    setAutoDeliver(enabled) {
      autoDeliver = enabled;
      if (enabled && queue.length > 0) scheduleAutoFlush();
    },
    async callWorkflowAction(call) {
      const callbackId = call.callbackId ?? `ap-${randomUUID()}`;
      const body = workflowActionBody(call, callbackId);
      const response = await sendSigned({
        method: 'POST',
        url: call.actionUrl,
        body: JSON.stringify(body),
        signatureVersion: 'v2',
      });
      return { ...response, callbackId };
    },
    proxyFetch: (call) => sendSigned(proxiedCall(options, call)),
    close() {
      if (autoTimer) clearTimeout(autoTimer);
      autoTimer = undefined;
    },
  };
}
