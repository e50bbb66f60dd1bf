// Per-record locks with a bounded wait, for callers that must answer by a deadline (HubSpot waits
// 5 s for a webhook answer). They sit on the store's `withLock` (an in-process keyed mutex on
// sqlite, a PostgreSQL advisory lock across replicas), so a webhook serialises with the card and
// workflow paths that take the same keys; a caller that cannot get a lock in time gets
// LockBusyError and answers 429, and HubSpot redelivers.
// (HubSpot retries a webhook answered non-2xx or slower than 5 s, and sends up to 10 at once:
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/webhooks)
//
// On PostgreSQL each held key occupies one connection of the store's lock pool (10 by default), so
// webhooks hold at most PROMOTION_LOCK_CHUNK keys at a time; should the pool still run dry, the
// bounded wait turns that into a 429 and a redelivery, never a hang.
import type { Store } from '../../store/store.ts';

/** The per-contact lock every path takes (the card and workflow handlers in handlers/lifecycle.ts use this key). */
export function contactLockKey(portalId: number, contactId: string): string {
  return `contact:${portalId}:${contactId}`;
}

/** A lock could not be had before the caller's deadline. */
export class LockBusyError extends Error {
  readonly code = 'lock_busy';
  readonly key: string;
  /** A fair guess at when to try again, ms. */
  readonly retryAfterMs: number;
  constructor(key: string, retryAfterMs: number) {
    super(`The record ${key} is being changed by another request; retry shortly`);
    this.key = key;
    this.retryAfterMs = retryAfterMs;
  }
}

/** How long a refused caller should wait before trying again: one typical hand-off, ms. */
export const LOCK_RETRY_AFTER_MS = 2_000;
/** Even a deadline already passed leaves this long to take a free lock (a PostgreSQL round trip), ms. */
const MIN_LOCK_WAIT_MS = 100;
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface LockDeadline {
  /** Epoch ms by which every lock must be held. */
  deadlineAt: number;
  now: () => number;
}

/**
 * Runs `fn` under the store lock `key` if it can be had by the deadline; otherwise rejects with
 * LockBusyError at the deadline. The abandoned wait stays queued on the store and, when its turn
 * comes, releases the lock at once without running anything.
 */
export function withLockBy<T>(
  store: Pick<Store, 'withLock'>,
  key: string,
  deadline: LockDeadline,
  fn: () => Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let state: 'waiting' | 'running' | 'abandoned' = 'waiting';
    // setTimeout takes at most 2^31 - 1 ms (a larger value, or Infinity, fires after 1 ms).
    const waitMs = Math.min(
      MAX_TIMER_MS,
      Math.max(MIN_LOCK_WAIT_MS, deadline.deadlineAt - deadline.now()),
    );
    const timer = setTimeout(() => {
      if (state !== 'waiting') return;
      state = 'abandoned';
      reject(new LockBusyError(key, LOCK_RETRY_AFTER_MS));
    }, waitMs);
    store
      .withLock(key, async () => {
        if (state === 'abandoned') return undefined;
        state = 'running';
        clearTimeout(timer);
        return { value: await fn() };
      })
      .then(
        (result) => {
          if (result) resolve(result.value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (state !== 'abandoned') reject(error);
        },
      );
  });
}

/**
 * Runs `fn` holding every lock in `keys`, taken one after another in sorted order: every caller
 * that holds several locks takes them in the same order, and callers holding one never wait for a
 * second, so no cycle of waits (deadlock) can form. Each wait is bounded by the deadline.
 */
export function withLocksBy<T>(
  store: Pick<Store, 'withLock'>,
  keys: readonly string[],
  deadline: LockDeadline,
  fn: () => Promise<T>,
): Promise<T> {
  const sorted = [...new Set(keys)].sort();
  const take = (index: number): Promise<T> =>
    index >= sorted.length
      ? fn()
      : withLockBy(store, sorted[index] as string, deadline, () => take(index + 1));
  return take(0);
}

/**
 * The store as seen by a caller with a deadline: every `withLock` (including those inside the
 * shared lifecycle handlers) waits at most until the deadline, then fails with LockBusyError.
 */
export function storeWithLockDeadline(store: Store, deadline: LockDeadline): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'withLock')
        return <T>(key: string, fn: () => Promise<T>) => withLockBy(target, key, deadline, fn);
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
