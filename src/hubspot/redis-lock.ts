// A lock across processes in Redis, for work that must happen once however many replicas want it
// (an OAuth token refresh: HubSpot rotates nothing on refresh, but two replicas refreshing at once
// both spend a call and race to store their token). SET NX PX takes it with an expiry (a dead
// holder frees it), a compare-and-delete script releases only our own hold.
// https://redis.io/docs/latest/commands/set/
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Runs work under a named lock; `whileWaiting` is asked between attempts and may end the wait. */
export interface CrossProcessLock {
  /**
   * Runs `work` holding `name`. While another process holds it, calls `whileWaiting` every poll;
   * a non-undefined answer is returned instead (say, the token the holder stored).
   */
  run<T>(
    name: string,
    work: () => Promise<T>,
    whileWaiting: () => Promise<T | undefined>,
  ): Promise<T>;
}

export interface RedisLockOptions {
  redis: Redis;
  keyPrefix?: string;
  /** The hold expires after this long if its holder dies (default 30 s). */
  ttlMs?: number;
  /** Between attempts to take a held lock (default 100 ms). */
  pollMs?: number;
  /** Give up waiting after this long (default 60 s). */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Creates the lock over Redis. */
export function createRedisLock(options: RedisLockOptions): CrossProcessLock {
  const prefix = options.keyPrefix ?? 'op:lock:';
  const ttlMs = options.ttlMs ?? 30_000;
  const pollMs = options.pollMs ?? 100;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const { redis } = options;
  return {
    async run(name, work, whileWaiting) {
      const key = `${prefix}${name}`;
      const token = randomUUID();
      for (let waited = 0; ; waited += pollMs) {
        const taken = await redis.set(key, token, 'PX', ttlMs, 'NX');
        if (taken === 'OK') break;
        const settled = await whileWaiting();
        if (settled !== undefined) return settled;
        if (waited >= maxWaitMs)
          throw new Error(`Timed out after ${maxWaitMs} ms waiting for the lock ${name}`);
        await sleep(pollMs);
      }
      try {
        return await work();
      } finally {
        await redis.eval(RELEASE_SCRIPT, 1, key, token);
      }
    },
  };
}
