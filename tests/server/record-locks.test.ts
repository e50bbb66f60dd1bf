import { createKeyedMutex } from '../../src/store/keyed-mutex.ts';
import {
  LockBusyError,
  withLockBy,
  withLocksBy,
  type LockDeadline,
} from '../../src/server/effects/record-locks.ts';

const store = () => ({ withLock: createKeyedMutex() });
const soon = (): LockDeadline => ({ deadlineAt: 0, now: () => 0 }); // the minimum wait only
const never = (): LockDeadline => ({ deadlineAt: Number.POSITIVE_INFINITY, now: () => 0 });

describe('bounded record locks', () => {
  it('refuses with LockBusyError when the lock is held past the deadline, and never runs later', async () => {
    // GIVEN a lock held by another request
    const locks = store();
    let release!: () => void;
    const holder = locks.withLock('contact:1:7', () => new Promise<void>((r) => (release = r)));
    // WHEN a deadline-bound caller asks for it
    let ran = false;
    const refused = await withLockBy(locks, 'contact:1:7', soon(), async () => {
      ran = true;
    }).catch((error: unknown) => error);
    // THEN it is told to retry, and its work does not run when the lock frees up
    expect(refused).toBeInstanceOf(LockBusyError);
    release();
    await holder;
    await locks.withLock('contact:1:7', async () => undefined);
    expect(ran).toBe(false);
  });

  it('takes several locks in sorted order, so two callers never deadlock', async () => {
    const locks = store();
    const order: string[] = [];
    const traced = {
      withLock: <T>(key: string, fn: () => Promise<T>) =>
        locks.withLock(key, () => {
          order.push(key);
          return fn();
        }),
    };
    // WHEN two callers want the same keys, listed in opposite orders
    const results = await Promise.all([
      withLocksBy(traced, ['contact:1:b', 'contact:1:a'], never(), async () => 'first'),
      withLocksBy(traced, ['contact:1:a', 'contact:1:b'], never(), async () => 'second'),
    ]);
    // THEN both complete, each having taken a before b
    expect(results).toEqual(['first', 'second']);
    expect(order).toEqual(['contact:1:a', 'contact:1:b', 'contact:1:a', 'contact:1:b']);
  });
});
