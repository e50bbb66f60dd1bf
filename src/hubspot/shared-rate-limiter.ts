// One budget per portal shared by every replica and the rescore CLI: with REDIS_URL set, each grant
// is taken atomically in Redis, so three replicas and a CLI together send at most HubSpot's 110
// requests per rolling 10 s (and 5 searches per second) to a portal, both lanes and both budgets
// with the same rules as the in-process limiter (src/hubspot/rate-limiter.ts, the embedded default).
// https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines
//
// Why a rolling log in a Lua script over ioredis rather than rate-limiter-flexible's
// RateLimiterRedis: HubSpot counts a ROLLING window, and rate-limiter-flexible (11.4, checked in
// node_modules: RateLimiterRedis, RateLimiterMemory … all fixed windows, no sliding variant) counts
// fixed windows. A fixed window of L lets up to 2 L through in a rolling one; splitting it into
// buckets small enough to stay within L costs throughput the bounds cannot spare — for search's 5
// per second with a 60 ms margin at best 3.8 per second (−25 %). A sorted set per budget (grant
// instants as scores, pruned past the window) is the exact rolling count, one atomic script per
// grant, and the instants come from Redis' own clock (TIME), so replicas' clocks need not agree.
// Bottleneck's clustering (what @hubspot/api-client uses) was the other candidate: its reservoir
// refills on a fixed interval (a fixed window again, the interval a multiple of 5 s when
// clustered), and its `minTime` pacing (one request per 10 s / 110 ≈ 91 ms) respects a rolling
// window only by giving up bursts — a card's 3 calls would wait ≈ 180 ms on an idle budget.
// So no library: rate-limiter-flexible stays unused (node_modules/bottleneck/README.md, 2.19).
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  BudgetExhaustedError,
  DEFAULT_RATE_LIMITS,
  copyCounters,
  countLateSend,
  limiterRegistry,
  zeroCounters,
  type RateLimiter,
  type RateLimiterOptions,
  type RateLimiterRegistry,
  type RequestKind,
  type RequestLane,
} from './rate-limiter.ts';

// KEYS[1]: every grant of the budget; KEYS[2]: the bulk lane's grants.
// ARGV: window ms, limit, bulk limit, lane, member. Returns 0 when granted, else ms to wait.
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
if ARGV[4] == 'bulk' then
  if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
    local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    return math.max(1, tonumber(oldest[2]) + window - now)
  end
  redis.call('ZADD', KEYS[2], now, ARGV[5])
  redis.call('PEXPIRE', KEYS[2], window)
end
redis.call('ZADD', KEYS[1], now, ARGV[5])
redis.call('PEXPIRE', KEYS[1], window)
return 0
`;

// KEYS[1], KEYS[2] as above. ARGV: member, ms to count it later, window ms. The grant left late (the
// client's loop held it): it is counted from its real send on (see src/hubspot/send-clock.ts).
const DELAY_SCRIPT = `
for i = 1, 2 do
  local at = redis.call('ZSCORE', KEYS[i], ARGV[1])
  if at then
    redis.call('ZADD', KEYS[i], 'XX', tonumber(at) + tonumber(ARGV[2]), ARGV[1])
    redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[3]) + tonumber(ARGV[2]))
  end
end
return 0
`;

/** Options of the shared registry: the in-process limiter's, plus where the budgets live. */
export interface SharedRateLimiterOptions extends Omit<RateLimiterOptions, 'now'> {
  redis: Redis;
  /** Prefix of every key (default `op:rl:`); tests use their own. */
  keyPrefix?: string;
}

interface Budget {
  windowMs: number;
  limit: number;
  bulkLimit: number;
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

type TakingRedis = Redis & {
  opTakeSlot(
    all: string,
    bulk: string,
    windowMs: number,
    limit: number,
    bulkLimit: number,
    lane: string,
    member: string,
  ): Promise<number>;
  opDelaySlot(
    all: string,
    bulk: string,
    member: string,
    lateMs: number,
    windowMs: number,
  ): Promise<number>;
};

/** Creates the per-portal budgets in Redis, shared by every process using the same Redis. */
export function createSharedRateLimiterRegistry(
  options: SharedRateLimiterOptions,
): RateLimiterRegistry {
  const prefix = options.keyPrefix ?? 'op:rl:';
  const sleep = options.sleep ?? defaultSleep;
  const bulkShare = options.bulkShare ?? DEFAULT_RATE_LIMITS.bulkShare;
  if (!(bulkShare > 0 && bulkShare <= 1))
    throw new RangeError(`Rate limiter option bulkShare must be in (0, 1], got ${bulkShare}`);
  const margin = options.jitterMarginMs ?? DEFAULT_RATE_LIMITS.jitterMarginMs;
  const searchMargin =
    options.searchJitterMarginMs ?? Math.min(margin, DEFAULT_RATE_LIMITS.searchJitterMarginMs);
  const budget = (limit: number, windowMs: number, extra: number): Budget => ({
    windowMs: Math.ceil(windowMs + extra),
    limit,
    // Bulk always gets at least one slot, as in the in-process limiter.
    bulkLimit: Math.max(1, Math.floor(limit * bulkShare)),
  });
  const budgets: Record<RequestKind, Budget> = {
    standard: budget(
      options.maxRequests ?? DEFAULT_RATE_LIMITS.maxRequests,
      options.windowMs ?? DEFAULT_RATE_LIMITS.windowMs,
      margin,
    ),
    search: budget(
      options.maxSearchRequests ?? DEFAULT_RATE_LIMITS.maxSearchRequests,
      options.searchWindowMs ?? DEFAULT_RATE_LIMITS.searchWindowMs,
      searchMargin,
    ),
  };
  const redis = options.redis as TakingRedis;
  if (typeof redis.opTakeSlot !== 'function')
    redis.defineCommand('opTakeSlot', { numberOfKeys: 2, lua: TAKE_SCRIPT });
  if (typeof redis.opDelaySlot !== 'function')
    redis.defineCommand('opDelaySlot', { numberOfKeys: 2, lua: DELAY_SCRIPT });

  return limiterRegistry((portalId) => {
    const counts = zeroCounters();
    const limiter: RateLimiter = {
      async acquire(kind: RequestKind, lane: RequestLane, maxWaitMs?: number) {
        const { windowMs, limit, bulkLimit } = budgets[kind];
        const key = `${prefix}${portalId}:${kind}`;
        let waited = 0;
        for (;;) {
          const member = randomUUID();
          const waitMs = Number(
            await redis.opTakeSlot(key, `${key}:bulk`, windowMs, limit, bulkLimit, lane, member),
          );
          if (waitMs <= 0) {
            counts[kind][lane] += 1;
            return {
              sentLate(lateMs) {
                if (!(lateMs >= 1)) return;
                countLateSend(counts, lateMs);
                // Best effort, off the request's path: a lost update leaves the grant's instant,
                // which the margin still covers up to its size.
                redis
                  .opDelaySlot(key, `${key}:bulk`, member, Math.round(lateMs), windowMs)
                  .catch(() => undefined);
              },
            };
          }
          if (maxWaitMs !== undefined && waited + waitMs > maxWaitMs)
            throw new BudgetExhaustedError(kind, waitMs);
          // Another process may take the slot first: ask again after the wait (a few ms of jitter
          // spread the waiters).
          const pause = waitMs + Math.floor(Math.random() * 5);
          waited += pause;
          counts.waitedMs += pause;
          await sleep(pause);
        }
      },
      counters: () => copyCounters(counts),
    };
    return limiter;
  });
}
