// An in-process async mutex keyed by string: callers of one key run one at a time, in arrival
// order; different keys do not wait for each other. The sqlite store's `withLock` is this; the
// PostgreSQL store queues on it first, so one replica holds at most one connection per key.

/** Runs `fn` once every earlier holder of `key` in this process has finished. */
export type KeyedMutex = <T>(key: string, fn: () => Promise<T>) => Promise<T>;

/** Creates an empty keyed mutex. */
export function createKeyedMutex(): KeyedMutex {
  // The last promise queued per key; it settles when that holder is done. Entries are removed when
  // the queue drains, so the map only holds keys in use.
  const tails = new Map<string, Promise<void>>();

  return async function withKeyedMutex<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => done);
    tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
