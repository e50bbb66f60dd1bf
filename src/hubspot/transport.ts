// The TRANSPORT under the CRM gateway: one request path to one portal's HubSpot APIs — the portal's
// RateLimiter (lanes: interactive, bulk), then our retry policy, then fetch with a timeout — and the
// mapping of HubSpot's failures to the typed errors of src/hubspot/errors.ts. The CRM operations
// (src/hubspot/crm/*.ts) only say what to ask; this module decides how and how often.
//
// Plain fetch, not @hubspot/api-client: the client (14.0.1, the newest) generates only /crm/v3 and
// /crm/v4 paths, its limiter and retry decorator live in a process-wide singleton that ignores
// Retry-After, and its typed APIs hide the raw error body (HubSpot's `policyName`).
// 429 handling follows https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines
import { z } from 'zod';
import {
  HubSpotAuthError,
  HubSpotError,
  HubSpotConflictError,
  HubSpotNotFoundError,
  HubSpotRateLimitError,
  HubSpotUnavailableError,
  HubSpotValidationError,
  type HubSpotErrorDetail,
} from './errors.ts';
import {
  BudgetExhaustedError,
  type RateLimiter,
  type Slot,
  type RequestKind,
  type RequestLane,
} from './rate-limiter.ts';
import { describeZodError } from '../domain/errors.ts';
import { watchSend } from './send-clock.ts';

/** How long one HubSpot request may take before it counts as a network failure (and is retried). */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface RetryOptions {
  /** Attempts in all, the first included (1 = never retry). */
  maxAttempts: number;
  /** First backoff for 5xx/network failures; doubles per attempt, with jitter. */
  baseDelayMs: number;
}

export interface HubSpotGatewayOptions {
  portalId: number;
  /** https://api.hubapi.com, or the local portal. */
  basePath: string;
  /** The portal's current access token (the server refreshes it before expiry). */
  getAccessToken: () => Promise<string>;
  limiter: RateLimiter;
  retry?: RetryOptions;
  /** Injected for tests; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Injected for tests; defaults to Math.random (jitter only). */
  random?: () => number;
  /** Injected for tests; defaults to Date.now (deadlines only), epoch ms. */
  now?: () => number;
  /** The lane requests draw from; `withLane` derives a gateway for another lane. */
  lane?: RequestLane;
  /** Injected for tests; defaults to global fetch. */
  fetch?: typeof fetch;
  /** Per-request timeout, ms (default REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
}

const optionsSchema = z.object({
  portalId: z.number().int().positive(),
  basePath: z.url({ protocol: /^https?$/ }),
  retry: z
    .object({
      maxAttempts: z.number().int().min(1).max(10),
      baseDelayMs: z.number().min(0),
    })
    .optional(),
  lane: z.enum(['interactive', 'bulk']).optional(),
  requestTimeoutMs: z.number().int().positive().optional(),
});

const DEFAULT_RETRY: RetryOptions = { maxAttempts: 4, baseDelayMs: 500 };

/** A non-2xx answer from HubSpot. */
interface HttpFailure {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** A response body as an object: JSON objects as they are, anything else as `{ message }`. */
export function parseBody(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    return parsed !== null && typeof parsed === 'object'
      ? (parsed as Record<string, unknown>)
      : { message: String(parsed) };
  } catch {
    return { message: text };
  }
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Connection failures that happen before a request is sent, so HubSpot cannot have acted on it. */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** True when a network failure (or the one inside fetch's "fetch failed") is a connection never made. */
function neverSent(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth += 1) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && NEVER_SENT_CODES.has(code)) return true;
    current = cause;
  }
  return false;
}

/** True for failures to reach HubSpot at all (fetch's "fetch failed", socket resets, timeouts). */
function isNetworkError(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (name === 'AbortError' || name === 'TimeoutError') return true;
  // undici reports every connection problem as TypeError("fetch failed") with the cause inside.
  // Compare by name: an error from another realm (vm contexts, jest) fails `instanceof TypeError`.
  return name === 'TypeError' && message === 'fetch failed';
}

function hubspotErrorDetails(body: Record<string, unknown>): HubSpotErrorDetail[] {
  const errors = body.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((entry: Record<string, unknown>) => ({
    message: String(entry.message ?? ''),
    ...(typeof entry.code === 'string' ? { code: entry.code } : {}),
    ...(typeof entry.in === 'string' ? { in: entry.in } : {}),
    ...(entry.context && typeof entry.context === 'object'
      ? { context: entry.context as Record<string, string[]> }
      : {}),
  }));
}

/** One HTTP request to HubSpot: a versioned path (api-version.ts), its query and JSON body. */
export interface HubSpotRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
}

export interface CallOptions {
  /** False for creates: a request HubSpot may have carried out is never retried blindly. */
  idempotent?: boolean;
  /** Called when the budget grants the request, just before it is sent (again on each retry). */
  onGranted?: () => void;
}

/** One portal's request path, as the CRM operations see it. */
export interface Transport {
  readonly portalId: number;
  /**
   * Sends one request through the limiter and the retry policy; a 2xx body is parsed with `schema`
   * (a shape HubSpot's spec does not promise fails loudly, never retried). `what` completes the
   * sentence "cannot …" in error messages.
   */
  call<T = undefined>(
    kind: RequestKind,
    what: string,
    request: HubSpotRequest,
    schema?: z.ZodType<T>,
    options?: CallOptions,
  ): Promise<T>;
  /** The same transport drawing on another rate-limit lane. */
  withLane(lane: RequestLane): Transport;
  /** The same transport, failing at once when the budget would keep a request waiting over `ms`. */
  withMaxWait(ms: number): Transport;
  /** The same transport for a request that must be answered by `atMs` (epoch ms). */
  withDeadline(atMs: number): Transport;
}

interface Shared {
  options: HubSpotGatewayOptions;
  retry: RetryOptions;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  fetch: typeof fetch;
  baseUrl: string;
  requestTimeoutMs: number;
}

/** Creates the transport for one portal; throws a TypeError naming each invalid option. */
export function createTransport(options: HubSpotGatewayOptions): Transport {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new TypeError(`Invalid HubSpot gateway options — ${describeZodError(parsed.error)}`);
  }
  return buildTransport(
    {
      options,
      retry: options.retry ?? DEFAULT_RETRY,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
      now: options.now ?? Date.now,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      baseUrl: options.basePath.replace(/\/$/, ''),
      requestTimeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
    },
    options.lane ?? 'interactive',
  );
}

/** Sends one request; a non-2xx answer comes back as an HttpFailure, a 2xx as its parsed JSON. */
async function send(
  shared: Shared,
  request: HubSpotRequest,
  token: string,
  slot: Slot,
): Promise<{ ok: true; status: number; json: unknown } | { ok: false; failure: HttpFailure }> {
  const url = new URL(`${shared.baseUrl}${request.path}`);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  // The limiter counted the request at its grant; tell it when the request really left.
  const grantedAt = shared.now();
  const onSent = () => slot.sentLate(shared.now() - grantedAt);
  const response = await watchSend(request.method, url, onSent, () =>
    shared.fetch(url, {
      method: request.method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      signal: AbortSignal.timeout(shared.requestTimeoutMs),
    }),
  );
  const text = await response.text();
  if (!response.ok) {
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key.toLowerCase()] = value;
    });
    return { ok: false, failure: { status: response.status, headers, body: parseBody(text) } };
  }
  return { ok: true, status: response.status, json: text ? (JSON.parse(text) as unknown) : {} };
}

function backoffMs(shared: Shared, attempt: number): number {
  // Exponential backoff with "equal jitter": half fixed, half random, so retries of many
  // callers spread out instead of arriving together.
  const exponential = shared.retry.baseDelayMs * 2 ** (attempt - 1);
  return Math.round(exponential / 2 + (exponential / 2) * shared.random());
}

/** Turns a final HTTP failure into the typed error for it. */
function typedError(shared: Shared, failure: HttpFailure, what: string): Error {
  const hubspotMessage =
    typeof failure.body.message === 'string' ? failure.body.message : undefined;
  const correlationId =
    typeof failure.body.correlationId === 'string' ? failure.body.correlationId : undefined;
  const said = hubspotMessage ? `: ${hubspotMessage}` : '';
  const details = { status: failure.status, hubspotMessage, correlationId };
  if (failure.status === 401 || failure.status === 403) {
    return new HubSpotAuthError(
      `HubSpot refused to ${what} for portal ${shared.options.portalId} (${failure.status})${said} — ` +
        'the access token is invalid or lacks a scope; re-authorise the app',
      details,
    );
  }
  if (failure.status === 404) {
    return new HubSpotNotFoundError(`HubSpot could not ${what}: not found${said}`, details);
  }
  if (failure.status === 409) {
    return new HubSpotConflictError(`HubSpot could not ${what}: conflict${said}`, details);
  }
  if (failure.status >= 500) {
    return new HubSpotUnavailableError(`HubSpot failed to ${what} (${failure.status})${said}`, {
      status: failure.status,
      hubspotMessage,
      attempts: shared.retry.maxAttempts,
    });
  }
  return new HubSpotValidationError(`HubSpot rejected the request to ${what}${said}`, {
    ...details,
    errors: hubspotErrorDetails(failure.body),
    ...(typeof failure.body.category === 'string' ? { category: failure.body.category } : {}),
  });
}

/** How long to wait before retrying `failure`; throws when it must not (or cannot) be retried. */
function waitBeforeRetry(
  shared: Shared,
  failure: HttpFailure,
  attempt: number,
  what: string,
): number {
  if (failure.status === 429) {
    const policyName =
      typeof failure.body.policyName === 'string' ? failure.body.policyName : undefined;
    const retryAfterSeconds = Number(failure.headers['retry-after']);
    const intervalMs = Number(failure.headers['x-hubspot-ratelimit-interval-milliseconds']);
    const waitMs =
      Number.isFinite(retryAfterSeconds) && failure.headers['retry-after'] !== undefined
        ? retryAfterSeconds * 1000
        : policyName === 'TEN_SECONDLY_ROLLING' && Number.isFinite(intervalMs) && intervalMs > 0
          ? intervalMs
          : backoffMs(shared, attempt);
    // A DAILY limit resets at midnight: retrying within this request is pointless.
    if (policyName === 'DAILY' || attempt >= shared.retry.maxAttempts) {
      const hubspotMessage =
        typeof failure.body.message === 'string' ? failure.body.message : undefined;
      throw new HubSpotRateLimitError(
        `HubSpot rate limit (${policyName ?? 'unknown policy'}) for portal ${shared.options.portalId} while ` +
          `trying to ${what}${hubspotMessage ? `: ${hubspotMessage}` : ''}`,
        {
          policyName,
          hubspotMessage,
          ...(policyName === 'DAILY' && failure.headers['retry-after'] === undefined
            ? {}
            : { retryAfterMs: waitMs }),
        },
      );
    }
    return waitMs;
  }
  if (failure.status >= 500 && attempt < shared.retry.maxAttempts)
    return backoffMs(shared, attempt);
  throw finalError(shared, failure, attempt, what);
}

/** The typed error for a failure that is not retried (5xx ones say after how many attempts). */
function finalError(shared: Shared, failure: HttpFailure, attempt: number, what: string): Error {
  const error = typedError(shared, failure, what);
  if (error instanceof HubSpotUnavailableError) {
    return new HubSpotUnavailableError(`${error.message} after ${attempt} attempts`, {
      status: failure.status,
      hubspotMessage: error.hubspotMessage,
      attempts: attempt,
    });
  }
  return error;
}

function buildTransport(
  shared: Shared,
  lane: RequestLane,
  maxWaitMs?: number,
  deadlineAt?: number,
): Transport {
  const { retry, sleep, now } = shared;
  const { limiter, getAccessToken, portalId } = shared.options;

  /**
   * Sends one request through the limiter and the retry policy; a 2xx body is parsed with `schema`
   * (a shape HubSpot's spec does not promise fails loudly, never retried).
   */
  async function call<T = undefined>(
    kind: RequestKind,
    what: string,
    request: HubSpotRequest,
    schema?: z.ZodType<T>,
    { idempotent = true, onGranted }: CallOptions = {},
  ): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      // The token first: a refresh takes a round trip of its own, and a slot granted before it
      // would be counted from the late send (src/hubspot/send-clock.ts), idle until then.
      const token = await getAccessToken();
      let slot: Slot;
      try {
        slot = await limiter.acquire(kind, lane, waitAllowance());
      } catch (error) {
        if (!(error instanceof BudgetExhaustedError)) throw error;
        throw new HubSpotRateLimitError(`Cannot ${what} now: ${error.message}`, {
          retryAfterMs: error.retryAfterMs,
          policyName: 'LOCAL_BUDGET',
        });
      }
      onGranted?.();
      let answer: Awaited<ReturnType<typeof send>>;
      try {
        answer = await send(shared, request, token, slot);
      } catch (error) {
        if (!isNetworkError(error)) throw error;
        if (attempt >= retry.maxAttempts || (!idempotent && !neverSent(error))) {
          throw new HubSpotUnavailableError(
            `Could not reach HubSpot to ${what} after ${attempt} attempts — check the network and ` +
              `the HubSpot API base URL (${shared.options.basePath})`,
            { attempts: attempt, cause: error },
          );
        }
        await sleepWithinDeadline(backoffMs(shared, attempt), () => {
          throw new HubSpotUnavailableError(
            `Could not reach HubSpot to ${what} before the caller's deadline`,
            { attempts: attempt, cause: error },
          );
        });
        continue;
      }
      if (answer.ok) {
        if (!schema) return undefined as T;
        const parsed = schema.safeParse(answer.json);
        if (parsed.success) return parsed.data;
        throw new HubSpotError(
          `HubSpot answered the request to ${what} (${request.method} ${request.path}) with a ` +
            `shape its 2026-09 spec does not describe — ${describeZodError(parsed.error, { max: 3 })}`,
          { status: answer.status },
        );
      }
      const failed = answer.failure;
      // A create HubSpot may have carried out (5xx) is never retried blindly: the caller's durable
      // operation decides. A 429 is refused before processing, so it is safe to retry.
      if (!idempotent && failed.status !== 429) throw finalError(shared, failed, attempt, what);
      const waitMs = waitBeforeRetry(shared, failed, attempt, what);
      await sleepWithinDeadline(waitMs, () => {
        // Waiting out HubSpot's Retry-After would pass the caller's deadline (a card has 15 s in
        // all): fail now, saying how long HubSpot asked for, instead of answering too late.
        if (failed.status === 429)
          throw new HubSpotRateLimitError(`HubSpot is rate limiting; cannot ${what} in time`, {
            retryAfterMs: waitMs,
            policyName:
              typeof failed.body.policyName === 'string' ? failed.body.policyName : undefined,
          });
        throw new HubSpotUnavailableError(
          `HubSpot failed to ${what} (${failed.status}) and a retry would pass the deadline`,
          { status: failed.status, attempts: attempt },
        );
      });
    }
  }

  /** How long the limiter may keep this request waiting: the lane's cap, and the deadline's rest. */
  function waitAllowance(): number | undefined {
    if (deadlineAt === undefined) return maxWaitMs;
    const left = Math.max(0, deadlineAt - now());
    return maxWaitMs === undefined ? left : Math.min(maxWaitMs, left);
  }

  /** Sleeps `ms` before a retry, or calls `tooLate` (which throws) if that passes the deadline. */
  async function sleepWithinDeadline(ms: number, tooLate: () => never): Promise<void> {
    // A wait that ends at the deadline leaves no time for the request itself.
    if (deadlineAt !== undefined && now() + ms >= deadlineAt) tooLate();
    await sleep(ms);
  }

  return {
    portalId,
    call,
    withLane: (next) => buildTransport(shared, next, maxWaitMs, deadlineAt),
    withMaxWait: (ms) => buildTransport(shared, lane, ms, deadlineAt),
    withDeadline: (at) => buildTransport(shared, lane, maxWaitMs, at),
  };
}
