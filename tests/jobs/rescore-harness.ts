// A real local portal on 127.0.0.1 with HubSpot's limits on a fast clock, the real gateway, an
// in-memory sqlite store and synthetic contacts seeded straight into the portal: what the rescore
// tests run against. The gateway is wrapped to record what the job sent (searches, and how often
// each contact was written), the portal's counters record what HubSpot answered.
import { randomBytes } from 'node:crypto';
import { DEFAULT_SCORING_MODEL, type ScoringModel } from '../../src/domain/scoring/index.ts';
import { storedScoreWrites } from '../../src/domain/scoring/index.ts';
import type { CrmGateway, SearchRequest } from '../../src/hubspot/gateway.ts';
import { createHubSpotGateway } from '../../src/hubspot/hubspot-gateway.ts';
import {
  createRateLimiter,
  type RateLimiter,
  type RateLimiterOptions,
} from '../../src/hubspot/rate-limiter.ts';
import { createLocalPortal, type LocalPortal } from '../../src/local-portal/server.ts';
import type { PortalState } from '../../src/local-portal/state.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { createTokenCipher } from '../../src/store/token-cipher.ts';
import { generateContacts, seedContacts } from '../../bench/synthetic-contacts.ts';

/** Scores are computed as of this instant, by the seeding and by the job. */
export const AS_OF = new Date(Date.UTC(2026, 2, 2, 10, 0, 0));

/** What the job sent through the gateway. */
export interface GatewayLog {
  searches: SearchRequest[];
  /** Contact id → how many batch updates carried it. */
  writes: Map<string, number>;
  batches: number;
}

/** Wraps a gateway (and every lane derived from it) to record searches and writes. */
export function recordingGateway(
  inner: CrmGateway,
  log: GatewayLog,
  beforeBatch?: (ids: string[]) => void,
): CrmGateway {
  return {
    ...inner,
    withLane: (lane) => recordingGateway(inner.withLane(lane), log, beforeBatch),
    withMaxWait: (ms) => recordingGateway(inner.withMaxWait(ms), log, beforeBatch),
    withDeadline: (at) => recordingGateway(inner.withDeadline(at), log, beforeBatch),
    search: (objectType, request, options) => {
      log.searches.push(request);
      return inner.search(objectType, request, options);
    },
    batchUpdate: async (objectType, inputs) => {
      const ids = inputs.map((input) => input.id);
      beforeBatch?.(ids);
      log.batches += 1;
      for (const id of ids) log.writes.set(id, (log.writes.get(id) ?? 0) + 1);
      return inner.batchUpdate(objectType, inputs);
    },
  };
}

export interface Harness {
  portal: LocalPortal;
  state: PortalState;
  portalId: number;
  url: string;
  limiter: RateLimiter;
  /** The recorded gateway (interactive lane; the job derives `bulk`). */
  gateway: CrmGateway;
  log: GatewayLog;
  store: Store;
  model: ScoringModel;
  /** Contact ids in id order. */
  ids: string[];
  /** Ids of the contacts seeded with an outdated score. */
  outdated: Set<string>;
  /** Seeds more contacts; returns their ids. */
  seed(count: number, changedShare: number, seed: number): { ids: string[]; outdated: string[] };
  /** Ids of contacts whose stored score differs from what the model gives them now. */
  unscored(): string[];
  /** Calls the portal answered per route (e.g. `POST /crm/objects/2026-09/contacts/search`). */
  calls(route: string): number;
  close(): Promise<void>;
}

export interface HarnessOptions {
  contacts: number;
  changedShare: number;
  seed?: number;
  /** The gateway's budgets; default: HubSpot's limits on a clock 100× faster, all for bulk. */
  limiter?: RateLimiterOptions;
  /** Called with the ids of every batch update before it is sent. */
  beforeBatch?: (ids: string[]) => void;
  /**
   * Results one search query can page through (default HubSpot's 10,000). Tests shrink it, with
   * the job's page size, to run the past-the-cap cases on hundreds of contacts, not tens of thousands.
   */
  searchResultCap?: number;
}

/**
 * Lets the event loop catch up after long synchronous work (seeding, checking 100,000 scores): the
 * server closes keep-alive sockets that idled past its timeout, and the client must see that before
 * it reuses one (under jest the gateway cannot recognise the resulting "fetch failed" as a network
 * error, because the error comes from another realm).
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}

const SEARCH_ROUTE = 'POST /crm/objects/2026-09/contacts/search';
const BATCH_UPDATE_ROUTE = 'POST /crm/objects/2026-09/contacts/batch/update';
export const ROUTES = { search: SEARCH_ROUTE, batchUpdate: BATCH_UPDATE_ROUTE } as const;

/** Starts a local portal with `contacts` synthetic contacts and everything the job needs. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  // HubSpot's limits (110 per 10 s, search 5 per s) with windows 100× shorter.
  const portal = createLocalPortal({
    rateLimit: { perTenSeconds: 110, searchPerSecond: 5, scale: 0.01 },
    ...(options.searchResultCap === undefined ? {} : { searchResultCap: options.searchResultCap }),
  });
  const server = await portal.listen(0);
  const portalId = portal.demoPortalId;
  const state = portal.registry.ensure(portalId);
  const token = portal.oauth.issueTokens({ portalId }).access_token;
  // The gateway's windows are a little longer than the portal's, so network jitter never turns a
  // granted slot into a 429.
  const limiter = createRateLimiter(
    options.limiter ?? {
      maxRequests: 110,
      windowMs: 110,
      maxSearchRequests: 5,
      searchWindowMs: 12,
      bulkShare: 1,
    },
  );
  const log: GatewayLog = { searches: [], writes: new Map(), batches: 0 };
  const plain = createHubSpotGateway({
    portalId,
    basePath: server.url,
    getAccessToken: async () => token,
    limiter,
    retry: { maxAttempts: 5, baseDelayMs: 5 },
  });
  await plain.ensureSchema();
  const model = DEFAULT_SCORING_MODEL;
  const store = createSqliteStore({
    path: ':memory:',
    cipher: createTokenCipher([{ kid: 'k', key: randomBytes(32) }]),
  });

  const ids: string[] = [];
  const outdated = new Set<string>();
  const seed = (count: number, changedShare: number, seedValue: number) => {
    const contacts = generateContacts({
      count,
      changedShare,
      seed: seedValue,
      asOf: AS_OF.getTime(),
      model,
      emailPrefix: `s${seedValue}`,
    });
    const created = seedContacts(state, contacts);
    const stale = created.filter((_, index) => storedScoreWrites(contacts[index]!, model, AS_OF));
    ids.push(...created);
    for (const id of stale) outdated.add(id);
    return { ids: created, outdated: stale };
  };
  seed(options.contacts, options.changedShare, options.seed ?? 7);
  await settle();
  portal.counters.reset();

  return {
    portal,
    state,
    portalId,
    url: server.url,
    limiter,
    gateway: recordingGateway(plain, log, options.beforeBatch),
    log,
    store,
    model,
    ids,
    outdated,
    seed,
    unscored: () =>
      state
        .listObjects('contacts')
        .filter((record) => storedScoreWrites(record.properties, model, AS_OF))
        .map((record) => record.id),
    calls: (route) => portal.counters.snapshot().byRoute[route] ?? 0,
    async close() {
      await store.close();
      await server.close();
    },
  };
}
