// The CRM gateway ADAPTER on HubSpot's date-versioned REST APIs (2026-09, src/hubspot/api-version.ts),
// one instance per portal.
//
// Transport is plain fetch, not @hubspot/api-client: the client (14.0.1, the newest) generates only
// /crm/v3 and /crm/v4 paths, its limiter and retry decorator live in a process-wide singleton that
// ignores Retry-After, and its typed APIs hide the raw error body (HubSpot's `policyName`). Calling
// the versioned paths ourselves keeps one request path: the portal's RateLimiter, then our retries,
// then fetch with a timeout; request/response shapes come from the specs (src/hubspot/hubspot-api.ts).
// 429 handling follows https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines
import { AssociationTypes } from '@hubspot/api-client';
import { z } from 'zod';
import { hubspotPaths } from './api-version.ts';
import { dealStageReads } from './crm/deal-stage-reads.ts';
import {
  associationLabelsSchema,
  associationsBatchReadSchema,
  batchObjectsSchema,
  batchUpsertSchema,
  objectWithAssociationsSchema,
  ownersPageSchema,
  pipelinesSchema,
  propertiesBatchSchema,
  propertiesSchema,
  propertyGroupsSchema,
  searchResponseSchema,
  simpleObjectSchema,
} from './hubspot-api.ts';
import { PRODUCT_PROPERTIES, BUYING_ROLES, type BuyingRole } from '../domain/properties.ts';
import {
  HubSpotAuthError,
  HubSpotError,
  HubSpotConflictError,
  HubSpotNotFoundError,
  HubSpotRateLimitError,
  HubSpotUnavailableError,
  HubSpotValidationError,
  LifecycleWriteError,
  type HubSpotErrorDetail,
} from './errors.ts';
import type {
  AssociationType,
  BatchItemError,
  BatchResult,
  CrmGateway,
  CrmObjectType,
  CrmOwner,
  CrmRecord,
  DealContactAssociation,
  NoteInput,
  Pipeline,
  SchemaSummary,
  SearchFilter,
  SearchPage,
  SearchRequest,
} from './gateway.ts';
import {
  BudgetExhaustedError,
  type RateLimiter,
  type RequestKind,
  type RequestLane,
} from './rate-limiter.ts';
import {
  SCHEMA_OBJECT_TYPES,
  buyingRoleLabel,
  planProperty,
  propertyGroupDefinition,
  toHubSpotProperty,
  type HubSpotPropertyDefinition,
} from './schema.ts';

/** HubSpot's batch endpoints take at most 100 inputs. https://developers.hubspot.com/docs/api/crm/understanding-the-crm */
export const BATCH_LIMIT = 100;
/** Search: at most 200 per page, and no paging past 10,000 results. https://developers.hubspot.com/docs/api/crm/search */
export const SEARCH_PAGE_LIMIT = 200;
export const SEARCH_RESULT_CAP = 10_000;
/**
 * Search filter limits: at most 5 filter groups, 10 filters per group, 25 filters in all (since
 * 2024-08-26). https://developers.hubspot.com/docs/api/crm/search#filter-search-results
 */
export const SEARCH_MAX_FILTER_GROUPS = 5;
export const SEARCH_MAX_FILTERS_PER_GROUP = 10;
export const SEARCH_MAX_FILTERS = 25;
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

const searchRequestSchema = z.object({
  filterGroups: z
    .array(
      z.object({
        filters: z
          .array(z.object({}).loose())
          .max(
            SEARCH_MAX_FILTERS_PER_GROUP,
            `HubSpot allows at most ${SEARCH_MAX_FILTERS_PER_GROUP} filters per group`,
          ),
      }),
    )
    .max(
      SEARCH_MAX_FILTER_GROUPS,
      `HubSpot allows at most ${SEARCH_MAX_FILTER_GROUPS} filter groups`,
    )
    .refine(
      (groups) =>
        groups.reduce((sum, group) => sum + group.filters.length, 0) <= SEARCH_MAX_FILTERS,
      `HubSpot allows at most ${SEARCH_MAX_FILTERS} filters in all groups together`,
    ),
  limit: z.number().int().min(1).max(SEARCH_PAGE_LIMIT).optional(),
});

const DEFAULT_RETRY: RetryOptions = { maxAttempts: 4, baseDelayMs: 500 };
const LIFECYCLE = 'lifecyclestage';

// Default (unlabelled/primary) association type ids, from @hubspot/api-client's AssociationTypes table;
// https://developers.hubspot.com/docs/api/crm/associations#association-type-id-values
const DEAL_TO_CONTACT = AssociationTypes.dealToContact; // 3
const DEAL_TO_PRIMARY_COMPANY = AssociationTypes.primaryDealToCompany; // 5
const NOTE_TO: Record<'contacts' | 'companies' | 'deals', number> = {
  contacts: AssociationTypes.noteToContact, // 202
  companies: AssociationTypes.noteToCompany, // 190
  deals: AssociationTypes.noteToDeal, // 214
};

/** A non-2xx answer from HubSpot. */
interface HttpFailure {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

function parseBody(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    return parsed !== null && typeof parsed === 'object'
      ? (parsed as Record<string, unknown>)
      : { message: String(parsed) };
  } catch {
    return { message: text };
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
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

function toRecord(object: { id: string; properties: Record<string, string | null> }): CrmRecord {
  return { id: String(object.id), properties: { ...object.properties } };
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

function batchErrors(response: object): BatchItemError[] {
  const errors = (response as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((error: Record<string, unknown>) => {
    const context = (error.context ?? {}) as Record<string, unknown>;
    const ids = [context.ids, context.id]
      .flatMap((value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]))
      .map(String);
    return {
      message: String(error.message ?? ''),
      ...(typeof error.category === 'string' ? { category: error.category } : {}),
      ids,
    };
  });
}

/** One HTTP request to HubSpot: a versioned path (api-version.ts), its query and JSON body. */
interface HubSpotRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
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

/** Creates the gateway for one portal. */
export function createHubSpotGateway(options: HubSpotGatewayOptions): CrmGateway {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new TypeError(`Invalid HubSpot gateway options — ${problems.join('; ')}`);
  }
  return buildGateway(
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

function buildGateway(
  shared: Shared,
  lane: RequestLane,
  maxWaitMs?: number,
  deadlineAt?: number,
): CrmGateway {
  const { retry, sleep, random, now } = shared;
  const { limiter, getAccessToken, portalId } = shared.options;

  /** Sends one request; a non-2xx answer comes back as an HttpFailure, a 2xx as its parsed JSON. */
  async function send(
    request: HubSpotRequest,
    token: string,
  ): Promise<{ ok: true; status: number; json: unknown } | { ok: false; failure: HttpFailure }> {
    const url = new URL(`${shared.baseUrl}${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    const response = await shared.fetch(url, {
      method: request.method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      signal: AbortSignal.timeout(shared.requestTimeoutMs),
    });
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

  function backoffMs(attempt: number): number {
    // Exponential backoff with "equal jitter": half fixed, half random, so retries of many
    // callers spread out instead of arriving together.
    const exponential = retry.baseDelayMs * 2 ** (attempt - 1);
    return Math.round(exponential / 2 + (exponential / 2) * random());
  }

  /** Turns a final HTTP failure into the typed error for it. */
  function typedError(failure: HttpFailure, what: string): Error {
    const hubspotMessage =
      typeof failure.body.message === 'string' ? failure.body.message : undefined;
    const correlationId =
      typeof failure.body.correlationId === 'string' ? failure.body.correlationId : undefined;
    const said = hubspotMessage ? `: ${hubspotMessage}` : '';
    const details = { status: failure.status, hubspotMessage, correlationId };
    if (failure.status === 401 || failure.status === 403) {
      return new HubSpotAuthError(
        `HubSpot refused to ${what} for portal ${portalId} (${failure.status})${said} — ` +
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
        attempts: retry.maxAttempts,
      });
    }
    return new HubSpotValidationError(`HubSpot rejected the request to ${what}${said}`, {
      ...details,
      errors: hubspotErrorDetails(failure.body),
      ...(typeof failure.body.category === 'string' ? { category: failure.body.category } : {}),
    });
  }

  /**
   * Sends one request through the limiter and the retry policy; a 2xx body is parsed with `schema`
   * (a shape HubSpot's spec does not promise fails loudly, never retried).
   */
  async function call<T = undefined>(
    kind: RequestKind,
    what: string,
    request: HubSpotRequest,
    schema?: z.ZodType<T>,
    { idempotent = true }: { idempotent?: boolean } = {},
  ): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      // The token first: a refresh takes a round trip of its own, and time spent between the
      // limiter's grant and the send is arrival jitter the limiter's margin must absorb.
      const token = await getAccessToken();
      try {
        await limiter.acquire(kind, lane, waitAllowance());
      } catch (error) {
        if (!(error instanceof BudgetExhaustedError)) throw error;
        throw new HubSpotRateLimitError(`Cannot ${what} now: ${error.message}`, {
          retryAfterMs: error.retryAfterMs,
          policyName: 'LOCAL_BUDGET',
        });
      }
      let answer: Awaited<ReturnType<typeof send>>;
      try {
        answer = await send(request, token);
      } catch (error) {
        if (!isNetworkError(error)) throw error;
        if (attempt >= retry.maxAttempts || (!idempotent && !neverSent(error))) {
          throw new HubSpotUnavailableError(
            `Could not reach HubSpot to ${what} after ${attempt} attempts — check the network and ` +
              `the HubSpot API base URL (${shared.options.basePath})`,
            { attempts: attempt, cause: error },
          );
        }
        await sleepWithinDeadline(backoffMs(attempt), () => {
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
        const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
        throw new HubSpotError(
          `HubSpot answered the request to ${what} (${request.method} ${request.path}) with a ` +
            `shape its 2026-09 spec does not describe — ${problems.slice(0, 3).join('; ')}`,
          { status: answer.status },
        );
      }
      const failed = answer.failure;
      // A create HubSpot may have carried out (5xx) is never retried blindly: the caller's durable
      // operation decides. A 429 is refused before processing, so it is safe to retry.
      if (!idempotent && failed.status !== 429) throw finalError(failed, attempt, what);
      const waitMs = waitBeforeRetry(failed, attempt, what);
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

  /** How long to wait before retrying `failure`; throws when it must not (or cannot) be retried. */
  function waitBeforeRetry(failure: HttpFailure, attempt: number, what: string): number {
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
            : backoffMs(attempt);
      // A DAILY limit resets at midnight: retrying within this request is pointless.
      if (policyName === 'DAILY' || attempt >= retry.maxAttempts) {
        const hubspotMessage =
          typeof failure.body.message === 'string' ? failure.body.message : undefined;
        throw new HubSpotRateLimitError(
          `HubSpot rate limit (${policyName ?? 'unknown policy'}) for portal ${portalId} while ` +
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
    if (failure.status >= 500 && attempt < retry.maxAttempts) return backoffMs(attempt);
    throw finalError(failure, attempt, what);
  }

  /** The typed error for a failure that is not retried (5xx ones say after how many attempts). */
  function finalError(failure: HttpFailure, attempt: number, what: string): Error {
    const error = typedError(failure, what);
    if (error instanceof HubSpotUnavailableError) {
      return new HubSpotUnavailableError(`${error.message} after ${attempt} attempts`, {
        status: failure.status,
        hubspotMessage: error.hubspotMessage,
        attempts: attempt,
      });
    }
    return error;
  }

  async function batchRead(
    objectType: CrmObjectType,
    ids: string[],
    properties: string[],
  ): Promise<CrmRecord[]> {
    const unique = [...new Set(ids)];
    const records: CrmRecord[] = [];
    for (const part of chunk(unique, BATCH_LIMIT)) {
      // POST /crm/objects/2026-09/{objectType}/batch/read (BatchReadInputSimplePublicObjectId)
      const response = await call(
        'standard',
        `read ${part.length} ${objectType}`,
        {
          method: 'POST',
          path: hubspotPaths.batchRead(objectType),
          body: { inputs: part.map((id) => ({ id })), properties, propertiesWithHistory: [] },
        },
        batchObjectsSchema,
      );
      // A 207 lists unknown ids under `errors`; the caller gets the records that exist.
      records.push(...response.results.map(toRecord));
    }
    return records;
  }

  async function search(objectType: CrmObjectType, request: SearchRequest): Promise<SearchPage> {
    const checked = searchRequestSchema.safeParse(request);
    if (!checked.success) {
      const problems = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      throw new RangeError(`Invalid search request — ${problems.join('; ')}`);
    }
    // POST /crm/objects/2026-09/{objectType}/search (PublicObjectSearchRequest); HubSpot takes sort
    // objects ({propertyName, direction}) although the spec's model says string[].
    const response = await call(
      'search',
      `search ${objectType}`,
      {
        method: 'POST',
        path: hubspotPaths.search(objectType),
        body: {
          filterGroups: request.filterGroups,
          sorts: request.sorts ?? [],
          properties: request.properties ?? [],
          limit: request.limit ?? SEARCH_PAGE_LIMIT,
          ...(request.after !== undefined ? { after: request.after } : {}),
        },
      },
      searchResponseSchema,
    );
    const after = response.paging?.next?.after;
    return {
      total: response.total,
      results: response.results.map(toRecord),
      ...(after ? { after } : {}),
    };
  }

  async function updateObject(
    objectType: CrmObjectType,
    id: string,
    properties: Record<string, string>,
  ): Promise<CrmRecord> {
    const updated = await call(
      'standard',
      `update ${objectType}/${id}`,
      { method: 'PATCH', path: hubspotPaths.object(objectType, id), body: { properties } },
      simpleObjectSchema,
    );
    return toRecord(updated);
  }

  /** GET /crm/objects/2026-09/{objectType}/{id}, with the ids of the given associated types. */
  async function getObject(
    objectType: CrmObjectType,
    id: string,
    properties: string[],
    associations: CrmObjectType[] = [],
  ) {
    return call(
      'standard',
      `read ${objectType}/${id}`,
      {
        method: 'GET',
        path: hubspotPaths.object(objectType, id),
        query: {
          ...(properties.length > 0 ? { properties: properties.join(',') } : {}),
          ...(associations.length > 0 ? { associations: associations.join(',') } : {}),
        },
      },
      objectWithAssociationsSchema,
    );
  }

  async function readDealContactLabels(dealId: string): Promise<DealContactAssociation[]> {
    // 2026-09 has no GET page of one record's associations; the batch read answers the same
    // (to-object ids with every association type and its label), paged per input with `after`.
    // POST /crm/associations/2026-09/deals/contacts/batch/read (crm-associations.json)
    const contacts = new Map<string, DealContactAssociation>();
    let after: string | undefined;
    do {
      const response = await call(
        'standard',
        `read contact associations of deal ${dealId}`,
        {
          method: 'POST',
          path: hubspotPaths.associationsBatchRead('deals', 'contacts'),
          body: { inputs: [{ id: dealId, ...(after !== undefined ? { after } : {}) }] },
        },
        associationsBatchReadSchema,
      );
      // A deal without contacts is an error entry of a 207, not a result: it has none.
      const result = response.results.find((entry) => entry.from.id === dealId);
      for (const to of result?.to ?? []) {
        const entry = contacts.get(to.toObjectId) ?? { id: to.toObjectId, labels: [], typeIds: [] };
        for (const type of to.associationTypes) {
          if (typeof type.label === 'string' && type.label !== '') entry.labels.push(type.label);
          entry.typeIds.push(type.typeId);
        }
        contacts.set(to.toObjectId, entry);
      }
      after = result?.paging?.next?.after;
    } while (after);
    return [...contacts.values()];
  }

  async function ensureSchema(): Promise<SchemaSummary> {
    const created: string[] = [];
    const updated: string[] = [];
    const conflicts: string[] = [];
    let unchanged = 0;
    const group = propertyGroupDefinition();

    for (const objectType of SCHEMA_OBJECT_TYPES) {
      const groups = await call(
        'standard',
        `list property groups of ${objectType}`,
        { method: 'GET', path: hubspotPaths.propertyGroups(objectType) },
        propertyGroupsSchema,
      );
      if (!groups.results.some((existing) => existing.name === group.name)) {
        await call('standard', `create property group ${group.name} on ${objectType}`, {
          method: 'POST',
          path: hubspotPaths.propertyGroups(objectType),
          body: group,
        });
        created.push(`group:${objectType}.${group.name}`);
      }

      const existing = await call(
        'standard',
        `list properties of ${objectType}`,
        { method: 'GET', path: hubspotPaths.properties(objectType), query: { archived: 'false' } },
        propertiesSchema,
      );
      const byName = new Map(existing.results.map((property) => [property.name, property]));
      const toCreate: HubSpotPropertyDefinition[] = [];
      for (const property of PRODUCT_PROPERTIES.filter((p) => p.object === objectType)) {
        const wanted = toHubSpotProperty(property);
        const current = byName.get(property.name);
        const plan = planProperty(
          wanted,
          current && {
            name: current.name,
            label: current.label,
            type: current.type,
            options: current.options,
          },
        );
        switch (plan.action) {
          case 'create':
            toCreate.push(plan.definition);
            break;
          case 'update':
            await call('standard', `update property ${objectType}.${property.name}`, {
              method: 'PATCH',
              path: hubspotPaths.property(objectType, property.name),
              body: plan.update,
            });
            updated.push(`${objectType}.${property.name}`);
            break;
          case 'unchanged':
            unchanged += 1;
            break;
          case 'conflict':
            conflicts.push(`${objectType}.${plan.reason}`);
            break;
          default: {
            const never: never = plan;
            throw new Error(`unhandled plan ${String(never)}`);
          }
        }
      }
      for (const part of chunk(toCreate, BATCH_LIMIT)) {
        const response = await call(
          'standard',
          `create ${part.length} ${objectType} properties`,
          {
            method: 'POST',
            path: hubspotPaths.propertiesBatchCreate(objectType),
            body: { inputs: part },
          },
          propertiesBatchSchema,
        );
        const errors = batchErrors(response);
        if (errors.length > 0) {
          throw new HubSpotValidationError(
            `HubSpot refused to create ${objectType} properties: ${errors.map((e) => e.message).join('; ')}`,
            { status: 207, errors: errors.map((e) => ({ message: e.message })) },
          );
        }
        created.push(...part.map((definition) => `${objectType}.${definition.name}`));
      }
    }

    const labels = await ensureBuyingRoleLabels(created);
    return { created, updated, unchanged, conflicts, labels };
  }

  async function ensureBuyingRoleLabels(created: string[]): Promise<Record<BuyingRole, number>> {
    // GET/POST /crm/associations/2026-09/deals/contacts/labels (crm-associations-schema.json)
    const listLabels = () =>
      call(
        'standard',
        'list deal→contact association labels',
        { method: 'GET', path: hubspotPaths.associationLabels('deals', 'contacts') },
        associationLabelsSchema,
      );
    const find = (
      results: { category: string; typeId: number; label?: string | null | undefined }[],
      role: BuyingRole,
    ) => {
      const wanted = buyingRoleLabel(role).label.toLowerCase();
      return results.find(
        (type) => type.category === 'USER_DEFINED' && type.label?.toLowerCase() === wanted,
      );
    };
    let existing = (await listLabels()).results;
    const missing = BUYING_ROLES.filter((role) => !find(existing, role));
    for (const role of missing) {
      const { name, label } = buyingRoleLabel(role);
      await call(
        'standard',
        `create association label ${name}`,
        {
          method: 'POST',
          path: hubspotPaths.associationLabels('deals', 'contacts'),
          body: { name, label },
        },
        associationLabelsSchema,
      );
      created.push(`label:deals_to_contacts.${name}`);
    }
    // A created label answers with the type ids of both directions; listing deal→contact again
    // tells unambiguously which id is ours.
    if (missing.length > 0) existing = (await listLabels()).results;
    const labels = {} as Record<BuyingRole, number>;
    for (const role of BUYING_ROLES) {
      const type = find(existing, role);
      if (!type) {
        throw new HubSpotError(
          `HubSpot did not list the association label "${buyingRoleLabel(role).label}" after ` +
            'creating it; run the schema set-up again',
        );
      }
      labels[role] = type.typeId;
    }
    return labels;
  }

  function noteInput(input: NoteInput) {
    return {
      properties: {
        hs_note_body: input.body,
        hs_timestamp: new Date(input.timestamp).toISOString(),
        ...(input.ownerId ? { hubspot_owner_id: input.ownerId } : {}),
      },
      associations: input.associations.map((target) => ({
        to: { id: target.id },
        types: toSpecs([{ category: 'HUBSPOT_DEFINED', typeId: NOTE_TO[target.objectType] }]),
      })),
    };
  }

  /** AssociationSpec (crm-associations.json): `{ associationCategory, associationTypeId }`. */
  function toSpecs(types: AssociationType[]) {
    return types.map((type) => ({
      associationCategory: type.category,
      associationTypeId: type.typeId,
    }));
  }

  /** The ids of one associated type, deduplicated, from a GET with `associations=`. */
  function associatedIds(
    object: z.infer<typeof objectWithAssociationsSchema>,
    type: CrmObjectType,
  ): string[] {
    return [...new Set((object.associations?.[type]?.results ?? []).map((a) => a.id))];
  }

  return {
    portalId,
    withLane: (next) => buildGateway(shared, next, maxWaitMs, deadlineAt),
    withMaxWait: (ms) => buildGateway(shared, lane, ms, deadlineAt),
    withDeadline: (at) => buildGateway(shared, lane, maxWaitMs, at),

    async getDeal(dealId, properties, options = {}) {
      // GET /crm/objects/2026-09/deals/{id}?associations=contacts,companies answers each
      // association as `{ id, type }` (CollectionResponseAssociatedId: the type's name, no numeric
      // type id), so type ids and display labels need the associations batch read.
      // https://developers.hubspot.com/docs/api/crm/associations
      const deal = await getObject('deals', dealId, properties, ['contacts', 'companies']);
      const byContact = new Map<string, DealContactAssociation>();
      for (const association of deal.associations?.contacts?.results ?? []) {
        const entry = byContact.get(association.id) ?? {
          id: association.id,
          labels: [],
          typeIds: [],
        };
        if (association.type && !entry.labels.includes(association.type)) {
          entry.labels.push(association.type);
        }
        byContact.set(association.id, entry);
      }
      const companies = associatedIds(deal, 'companies').map((id) => ({ id }));
      const contacts = options.withAssociationLabels
        ? await readDealContactLabels(dealId)
        : [...byContact.values()];
      return { ...toRecord(deal), contacts, companies };
    },

    ...dealStageReads(call),

    getContact: async (id, properties) => toRecord(await getObject('contacts', id, properties)),

    async getContactWithCompanies(id, properties) {
      const contact = await getObject('contacts', id, properties, ['companies']);
      const companies = associatedIds(contact, 'companies').map((companyId) => ({ id: companyId }));
      return { ...toRecord(contact), companies };
    },
    batchReadContacts: (ids, properties) => batchRead('contacts', ids, properties),
    batchRead,
    search,

    async searchAll(objectType, request, onPage) {
      const sorts = [{ propertyName: 'hs_object_id', direction: 'ASCENDING' as const }];
      // The id the current query starts after; moves only when a new partition starts.
      let floorId: string | undefined;
      let lastId: string | undefined;
      let after: string | undefined;
      let readInPartition = 0;
      let pages = 0;
      let records = 0;
      for (;;) {
        // Past 10,000 results HubSpot stops paging a query, so start a new query for the ids after
        // the last one seen (results are sorted by hs_object_id).
        const filters: SearchFilter[] =
          floorId === undefined
            ? request.filters
            : [
                ...request.filters,
                { propertyName: 'hs_object_id', operator: 'GT', value: floorId },
              ];
        const page = await search(objectType, {
          filterGroups: [{ filters }],
          sorts,
          limit: SEARCH_PAGE_LIMIT,
          ...(request.properties ? { properties: request.properties } : {}),
          ...(after !== undefined ? { after } : {}),
        });
        pages += 1;
        if (page.results.length > 0) {
          records += page.results.length;
          readInPartition += page.results.length;
          lastId = page.results[page.results.length - 1]!.id;
          await onPage(page.results);
        }
        if (!page.after || page.results.length === 0) break;
        if (readInPartition + SEARCH_PAGE_LIMIT > SEARCH_RESULT_CAP) {
          floorId = lastId;
          after = undefined;
          readInPartition = 0;
        } else {
          after = page.after;
        }
      }
      return { pages, records };
    },

    async batchUpdate(objectType, inputs) {
      const result: BatchResult = { results: [], errors: [] };
      for (const part of chunk(inputs, BATCH_LIMIT)) {
        // POST /crm/objects/2026-09/{objectType}/batch/update (BatchInputSimplePublicObjectBatchInput)
        const response = await call(
          'standard',
          `update ${part.length} ${objectType}`,
          { method: 'POST', path: hubspotPaths.batchUpdate(objectType), body: { inputs: part } },
          batchObjectsSchema,
        );
        result.results.push(...response.results.map(toRecord));
        result.errors.push(...batchErrors(response));
      }
      return result;
    },

    updateObject,

    async setLifecycleStage(objectType, id, value, options) {
      // HubSpot does not move lifecyclestage backwards: clear it in one request, set the earlier
      // stage in a second (never one batch: order is not guaranteed), then read it back.
      // https://knowledge.hubspot.com/records/use-lifecycle-stages
      if (options.clearFirst) await updateObject(objectType, id, { [LIFECYCLE]: '' });
      await updateObject(objectType, id, { [LIFECYCLE]: value });
      const actual = (await getObject(objectType, id, [LIFECYCLE])).properties[LIFECYCLE] ?? null;
      if (actual !== value) throw new LifecycleWriteError(objectType, id, value, actual);
    },

    async createDeal(input) {
      // Associations in the create request itself: one call instead of three.
      // POST /crm/objects/2026-09/deals (SimplePublicObjectInputForCreate)
      // https://developers.hubspot.com/docs/api/crm/deals
      const associations = [
        {
          to: { id: input.contactId },
          types: toSpecs([{ category: 'HUBSPOT_DEFINED', typeId: DEAL_TO_CONTACT }]),
        },
        ...(input.companyId
          ? [
              {
                to: { id: input.companyId },
                types: toSpecs([{ category: 'HUBSPOT_DEFINED', typeId: DEAL_TO_PRIMARY_COMPANY }]),
              },
            ]
          : []),
      ];
      const deal = await call(
        'standard',
        `create a deal for contact ${input.contactId}`,
        {
          method: 'POST',
          path: hubspotPaths.objects('deals'),
          body: { properties: input.properties, associations },
        },
        simpleObjectSchema,
        { idempotent: false },
      );
      return toRecord(deal);
    },

    async upsertDeal(input) {
      // Batch upsert by a unique property: a second call with the same value updates the first
      // deal, so retrying it is safe. Upsert inputs carry no associations; the PUTs below are
      // idempotent too. POST /crm/objects/2026-09/deals/batch/upsert (idProperty)
      // https://developers.hubspot.com/docs/api-reference/latest/crm/objects/guide
      const answer = await call(
        'standard',
        `upsert the deal ${input.idValue}`,
        {
          method: 'POST',
          path: hubspotPaths.batchUpsert('deals'),
          body: {
            inputs: [
              {
                id: input.idValue,
                idProperty: input.idProperty,
                properties: { ...input.properties, [input.idProperty]: input.idValue },
              },
            ],
          },
        },
        batchUpsertSchema,
      );
      const deal = answer.results[0];
      if (!deal) throw new HubSpotError(`HubSpot upserted no deal for ${input.idValue}`, {});
      const id = String(deal.id);
      const associateWith = (toType: CrmObjectType, toId: string, typeId: number) =>
        call('standard', `associate deal ${id} with ${toType}/${toId}`, {
          method: 'PUT',
          path: hubspotPaths.recordAssociation('deals', id, toType, toId),
          body: toSpecs([{ category: 'HUBSPOT_DEFINED', typeId }]),
        });
      await associateWith('contacts', input.contactId, DEAL_TO_CONTACT);
      if (input.companyId)
        await associateWith('companies', input.companyId, DEAL_TO_PRIMARY_COMPANY);
      return { ...toRecord(deal), created: deal.new === true };
    },

    updateDeal: (dealId, properties) => updateObject('deals', dealId, properties),

    async associate(fromType, fromId, toType, toId, types) {
      // PUT /crm/objects/2026-09/{from}/{fromId}/associations/{to}/{toId}, body AssociationSpec[]
      // https://developers.hubspot.com/docs/api/crm/associations
      await call('standard', `associate ${fromType}/${fromId} with ${toType}/${toId}`, {
        method: 'PUT',
        path: hubspotPaths.recordAssociation(fromType, fromId, toType, toId),
        body: toSpecs(types),
      });
    },

    async removeAssociation(fromType, fromId, toType, toId, types) {
      const what = `remove associations of ${fromType}/${fromId} with ${toType}/${toId}`;
      if (!types || types.length === 0) {
        // DELETE /crm/objects/2026-09/{from}/{fromId}/associations/{to}/{toId}
        await call('standard', what, {
          method: 'DELETE',
          path: hubspotPaths.recordAssociation(fromType, fromId, toType, toId),
        });
        return;
      }
      // Only the given labels: POST /crm/associations/2026-09/{from}/{to}/batch/labels/archive
      await call('standard', what, {
        method: 'POST',
        path: hubspotPaths.associationLabelsArchive(fromType, toType),
        body: { inputs: [{ from: { id: fromId }, to: { id: toId }, types: toSpecs(types) }] },
      });
    },

    async createNote(input) {
      // Notes: hs_note_body, hs_timestamp, hubspot_owner_id; associated on creation.
      // POST /crm/objects/2026-09/notes — https://developers.hubspot.com/docs/api/crm/notes
      const note = await call(
        'standard',
        'create a note',
        { method: 'POST', path: hubspotPaths.objects('notes'), body: noteInput(input) },
        simpleObjectSchema,
        { idempotent: false },
      );
      return toRecord(note);
    },

    async createNotes(inputs) {
      // Batch create takes ≤ 100 inputs, each with its associations.
      // POST /crm/objects/2026-09/notes/batch/create — https://developers.hubspot.com/docs/api/crm/notes
      const created: CrmRecord[] = [];
      for (const part of chunk(inputs, BATCH_LIMIT)) {
        const answer = await call(
          'standard',
          `create ${part.length} notes`,
          {
            method: 'POST',
            path: hubspotPaths.batchCreate('notes'),
            body: { inputs: part.map(noteInput) },
          },
          batchObjectsSchema,
          { idempotent: false },
        );
        created.push(...answer.results.map(toRecord));
      }
      return created;
    },

    async listOwners() {
      // GET /crm/owners/2026-09 (≤ 500 per page) — https://developers.hubspot.com/docs/api/crm/owners
      const owners: CrmOwner[] = [];
      let after: string | undefined;
      do {
        const page = await call(
          'standard',
          'list owners',
          {
            method: 'GET',
            path: hubspotPaths.owners(),
            query: { limit: '500', archived: 'false', after },
          },
          ownersPageSchema,
        );
        for (const owner of page.results) {
          owners.push({
            id: owner.id,
            email: owner.email ?? null,
            firstName: owner.firstName ?? null,
            lastName: owner.lastName ?? null,
            userId: owner.userId ?? null,
          });
        }
        after = page.paging?.next?.after;
      } while (after);
      return owners;
    },

    async listPipelines(objectType) {
      // GET /crm/pipelines/2026-09/{objectType} — https://developers.hubspot.com/docs/api/crm/pipelines
      const response = await call(
        'standard',
        `list ${objectType} pipelines`,
        { method: 'GET', path: hubspotPaths.pipelines(objectType) },
        pipelinesSchema,
      );
      return response.results.map((pipeline): Pipeline => ({
        id: pipeline.id,
        label: pipeline.label,
        displayOrder: pipeline.displayOrder,
        stages: pipeline.stages.map((stage) => ({
          id: stage.id,
          label: stage.label,
          displayOrder: stage.displayOrder,
          metadata: { ...stage.metadata },
        })),
      }));
    },

    async completeWorkflowCallback(callbackId, outputFields) {
      // POST /automation/actions/callbacks/2026-09/{callbackId}/complete (scope `automation`)
      // https://developers.hubspot.com/docs/apps/developer-platform/add-features/custom-workflow-actions
      await call('standard', `complete workflow callback ${callbackId}`, {
        method: 'POST',
        path: hubspotPaths.completeCallback(callbackId),
        // CallbackCompletionRequest requires typedOutputs too (vendor/hubspot-openapi/2026-09/
        // automation-actions.json); the product's outputs are all plain strings.
        body: { outputFields, typedOutputs: {} },
      });
    },

    ensureSchema,
  };
}
