// Where the per-portal budgets live: in this process (the embedded default, one replica) or, with
// REDIS_URL, in Redis, shared with every replica and the rescore CLI — and with it the cross-process
// lock that keeps token refreshes single-flight (src/hubspot/redis-lock.ts).
import { Redis } from 'ioredis';
import {
  createRateLimiterRegistry,
  type RateLimiterOptions,
  type RateLimiterRegistry,
} from './rate-limiter.ts';
import { createRedisLock, type CrossProcessLock } from './redis-lock.ts';
import { createSharedRateLimiterRegistry } from './shared-rate-limiter.ts';

export interface Budgets {
  limiters: RateLimiterRegistry;
  /** Present with Redis: one token refresh per portal across processes. */
  lock?: CrossProcessLock;
  /** 'redis' or 'in-process', for logs and /healthz readers. */
  mode: 'redis' | 'in-process';
  close(): Promise<void>;
}

/** Opens the budgets: shared in Redis when `redisUrl` is set, in this process otherwise. */
export function openBudgets(
  redisUrl: string | undefined,
  options: RateLimiterOptions = {},
  keyPrefix = 'op:',
): Budgets {
  if (!redisUrl) {
    return {
      limiters: createRateLimiterRegistry(options),
      mode: 'in-process',
      close: async () => undefined,
    };
  }
  // Commands queue while connecting; a Redis that stays down fails the requests (the gateway
  // reports HubSpot unreachable rather than sending past the budget).
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
  const { now: _ignored, ...shared } = options;
  return {
    limiters: createSharedRateLimiterRegistry({ ...shared, redis, keyPrefix: `${keyPrefix}rl:` }),
    lock: createRedisLock({ redis, keyPrefix: `${keyPrefix}lock:` }),
    mode: 'redis',
    async close() {
      await redis.quit();
    },
  };
}
