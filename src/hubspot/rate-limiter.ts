// Per-portal request budgets, owned by the gateway because nothing else calls HubSpot.
// OAuth apps get 110 requests per rolling 10 s per installed portal; CRM search has its own budget
// of 5 requests per second and does not count against the 10-second one.
// https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines
// https://developers.hubspot.com/docs/api/crm/search
//
// Two lanes share each budget: `interactive` (cards, webhooks, workflow actions: a person or HubSpot
// is waiting) and `bulk` (rescore jobs). Bulk may take at most `bulkShare` of a window, so a long
// rescore never starves a seller's card.
//
// Margin against arrival jitter: HubSpot counts a request when it arrives, we count it when we
// grant it, and the time between the two varies by up to some D (network, connection set-up).
// Arrivals in any window of W come from grants in a span of W + D, so allowing `limit` grants per
// rolling W + D (here `windowMs + jitterMarginMs`) keeps HubSpot's count within its limit whatever
// the jitter up to D — at the price of D / (W + D) of the throughput. Only the spread counts, not
// the delay itself: a constant delay shifts every arrival alike. The general budget keeps 250 ms
// (2.5 % of 10 s: a new connection's TCP and TLS 1.3 set-up when the pipeline widens is about two
// round trips, 100-200 ms across the Atlantic, on top of tens of ms of network jitter; 500 ms
// capped three replicas' aggregate at 0.952 x the budget), the search budget 60 ms (6 % of its
// 1 s window: tens of ms of network jitter; 250 ms would cost a fifth of it).
// The client's own delay between grant and send is not left to the margin: the transport reports how
// late each request left (src/hubspot/send-clock.ts) and the grant is counted from then on
// (`Slot.sentLate`), so the margin covers the network alone.
// We keep this margin rather than pace from HubSpot's X-HubSpot-RateLimit-Remaining: the app is
// the only sender against its per-portal budget, so our own count is exact except for the jitter,
// while the header reports HubSpot's count as of a response, stale by every request in flight.

/** Which budget a request draws from. */
export type RequestKind = 'standard' | 'search';
/** Who is waiting for the request: a person/HubSpot (`interactive`) or a background job (`bulk`). */
export type RequestLane = 'interactive' | 'bulk';

export interface RateLimiterOptions {
  /** Requests per `windowMs` (HubSpot: 110 per 10 s for OAuth apps). */
  maxRequests?: number;
  windowMs?: number;
  /** Search requests per `searchWindowMs` (HubSpot: 5 per second). */
  maxSearchRequests?: number;
  searchWindowMs?: number;
  /** Largest share (0–1] of each window the bulk lane may use. */
  bulkShare?: number;
  /**
   * The largest spread, ms, between granting a request and HubSpot receiving it; each window is
   * lengthened by it (see the top of this file). 0 trusts arrival to equal grant.
   */
  jitterMarginMs?: number;
  /** The same for the search budget's window (default: the smaller of 60 ms and jitterMarginMs). */
  searchJitterMarginMs?: number;
  /** Injected clock and sleep so tests never wait for real. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Requests granted so far, per budget and lane; benchmarks read these. */
export interface RateLimiterCounters {
  standard: Record<RequestLane, number>;
  search: Record<RequestLane, number>;
  /** Total milliseconds callers spent waiting for a slot. */
  waitedMs: number;
  /** Requests that left 10 ms or more after their grant, and the longest delay of any send, ms. */
  lateSends: number;
  maxSendLateMs: number;
}

/** Sends at least this late after their grant count as late in the counters. */
export const LATE_SEND_MS = 10;

/** A granted request. */
export interface Slot {
  /**
   * The request left `lateMs` after its grant (the client's event loop held it): the budget counts
   * it from then on, as HubSpot does from its arrival.
   */
  sentLate(lateMs: number): void;
}

/** The portal's budget is used up for longer than the caller can wait (it should retry later). */
export class BudgetExhaustedError extends Error {
  readonly code = 'rate_budget_exhausted';
  readonly kind: RequestKind;
  /** When a slot frees up, from now. */
  readonly retryAfterMs: number;
  constructor(kind: RequestKind, retryAfterMs: number) {
    super(`The portal's ${kind} request budget is used up for the next ${retryAfterMs} ms`);
    this.kind = kind;
    this.retryAfterMs = retryAfterMs;
  }
}

/** One portal's budgets. */
export interface RateLimiter {
  /**
   * Resolves once a request of `kind` in `lane` may be sent (and counts it as sent). With
   * `maxWaitMs`, a caller that cannot wait that long gets a BudgetExhaustedError instead.
   */
  acquire(kind: RequestKind, lane: RequestLane, maxWaitMs?: number): Promise<Slot>;
  /** Copies of the counters so far. */
  counters(): RateLimiterCounters;
}

/** Hands out one limiter per portal, created on first use. */
export interface RateLimiterRegistry {
  /** The limiter for `portalId` (the same instance on every call). */
  forPortal(portalId: number): RateLimiter;
  /** Counters summed over every portal. */
  totals(): RateLimiterCounters;
}

export const DEFAULT_RATE_LIMITS = {
  maxRequests: 110,
  windowMs: 10_000,
  maxSearchRequests: 5,
  searchWindowMs: 1_000,
  bulkShare: 0.8,
  jitterMarginMs: 250,
  searchJitterMarginMs: 60,
} as const;

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

interface Grant {
  at: number;
  lane: RequestLane;
}

/** A rolling window: remembers when each grant happened and forgets grants older than the window. */
function createRollingWindow(limit: number, windowMs: number, bulkShare: number) {
  const grants: Grant[] = [];
  // Bulk always gets at least one slot, so a tiny budget cannot stall a job forever.
  const bulkLimit = Math.max(1, Math.floor(limit * bulkShare));

  function prune(now: number): void {
    while (grants.length > 0 && grants[0]!.at <= now - windowMs) grants.shift();
  }

  return {
    /** Grants a slot now, or returns how long to wait before asking again. */
    tryTake(lane: RequestLane, now: number): Grant | number {
      prune(now);
      if (grants.length >= limit) return grants[0]!.at + windowMs - now;
      if (lane === 'bulk') {
        const bulk = grants.filter((grant) => grant.lane === 'bulk');
        if (bulk.length >= bulkLimit) return bulk[0]!.at + windowMs - now;
      }
      const grant = { at: now, lane };
      grants.push(grant);
      return grant;
    },
    /** Counts `grant` `lateMs` later, keeping the grants in order (the oldest first). */
    delay(grant: Grant, lateMs: number): void {
      const index = grants.indexOf(grant);
      if (index >= 0) grants.splice(index, 1);
      grant.at += lateMs;
      let at = grants.length;
      while (at > 0 && grants[at - 1]!.at > grant.at) at -= 1;
      grants.splice(at, 0, grant);
    },
  };
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`Rate limiter option ${name} must be a positive number, got ${value}`);
  }
  return value;
}

/** Creates the budgets for one portal. */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const bulkShare = positive('bulkShare', options.bulkShare ?? DEFAULT_RATE_LIMITS.bulkShare);
  const margin = options.jitterMarginMs ?? DEFAULT_RATE_LIMITS.jitterMarginMs;
  if (!Number.isFinite(margin) || margin < 0)
    throw new RangeError(`Rate limiter option jitterMarginMs must be ≥ 0, got ${margin}`);
  const searchMargin =
    options.searchJitterMarginMs ?? Math.min(margin, DEFAULT_RATE_LIMITS.searchJitterMarginMs);
  if (!Number.isFinite(searchMargin) || searchMargin < 0)
    throw new RangeError(
      `Rate limiter option searchJitterMarginMs must be ≥ 0, got ${searchMargin}`,
    );
  if (bulkShare > 1)
    throw new RangeError(`Rate limiter option bulkShare must be ≤ 1, got ${bulkShare}`);
  const windows: Record<RequestKind, ReturnType<typeof createRollingWindow>> = {
    standard: createRollingWindow(
      positive('maxRequests', options.maxRequests ?? DEFAULT_RATE_LIMITS.maxRequests),
      positive('windowMs', options.windowMs ?? DEFAULT_RATE_LIMITS.windowMs) + margin,
      bulkShare,
    ),
    search: createRollingWindow(
      positive(
        'maxSearchRequests',
        options.maxSearchRequests ?? DEFAULT_RATE_LIMITS.maxSearchRequests,
      ),
      positive('searchWindowMs', options.searchWindowMs ?? DEFAULT_RATE_LIMITS.searchWindowMs) +
        searchMargin,
      bulkShare,
    ),
  };
  const counts = zeroCounters();

  return {
    async acquire(kind, lane, maxWaitMs) {
      // The caller's allowance covers every round: a slot another waiter took first costs time too.
      const giveUpAt = maxWaitMs === undefined ? undefined : now() + maxWaitMs;
      for (;;) {
        const window = windows[kind];
        const taken = window.tryTake(lane, now());
        if (typeof taken !== 'number') {
          counts[kind][lane] += 1;
          return {
            sentLate(lateMs) {
              if (!(lateMs > 0)) return;
              countLateSend(counts, lateMs);
              window.delay(taken, lateMs);
            },
          };
        }
        const waitMs = taken;
        if (giveUpAt !== undefined && now() + waitMs > giveUpAt)
          throw new BudgetExhaustedError(kind, waitMs);
        counts.waitedMs += waitMs;
        await sleep(waitMs);
      }
    },
    counters: () => copyCounters(counts),
  };
}

/** Counters at zero. */
export function zeroCounters(): RateLimiterCounters {
  return {
    standard: { interactive: 0, bulk: 0 },
    search: { interactive: 0, bulk: 0 },
    waitedMs: 0,
    lateSends: 0,
    maxSendLateMs: 0,
  };
}

/** A copy of `counts` that later grants leave alone. */
export function copyCounters(counts: RateLimiterCounters): RateLimiterCounters {
  return { ...counts, standard: { ...counts.standard }, search: { ...counts.search } };
}

/** Adds `counts` into `total` (sums; the largest delay). */
export function addCounters(total: RateLimiterCounters, counts: RateLimiterCounters): void {
  for (const kind of ['standard', 'search'] as const) {
    total[kind].interactive += counts[kind].interactive;
    total[kind].bulk += counts[kind].bulk;
  }
  total.waitedMs += counts.waitedMs;
  total.lateSends += counts.lateSends;
  total.maxSendLateMs = Math.max(total.maxSendLateMs, counts.maxSendLateMs);
}

/** Records a request that left `lateMs` after its grant. */
export function countLateSend(counts: RateLimiterCounters, lateMs: number): void {
  if (lateMs >= LATE_SEND_MS) counts.lateSends += 1;
  counts.maxSendLateMs = Math.max(counts.maxSendLateMs, lateMs);
}

/** A registry that creates a portal's limiter (`create`) when the portal first asks for it. */
export function limiterRegistry(create: (portalId: number) => RateLimiter): RateLimiterRegistry {
  const limiters = new Map<number, RateLimiter>();
  return {
    forPortal(portalId) {
      let limiter = limiters.get(portalId);
      if (!limiter) {
        limiter = create(portalId);
        limiters.set(portalId, limiter);
      }
      return limiter;
    },
    totals() {
      const total = zeroCounters();
      for (const limiter of limiters.values()) addCounters(total, limiter.counters());
      return total;
    },
  };
}

/** Creates the registry that gives every portal its own budgets with the same options. */
export function createRateLimiterRegistry(options: RateLimiterOptions = {}): RateLimiterRegistry {
  return limiterRegistry(() => createRateLimiter(options));
}
