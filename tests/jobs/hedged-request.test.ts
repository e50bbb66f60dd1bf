import { hedged } from '../../src/jobs/hedged-request.ts';

/** A promise settled from outside. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** Hand-driven timers: `fire()` ends every delay the hedge is waiting on now. */
function manualDelay() {
  let pending: ReturnType<typeof deferred<void>>[] = [];
  const seen: { ms: number; signal: AbortSignal }[] = [];
  return {
    delay: (ms: number, signal: AbortSignal) => {
      const timer = deferred<void>();
      pending.push(timer);
      seen.push({ ms, signal });
      signal.addEventListener('abort', () => timer.reject(signal.reason), { once: true });
      return timer.promise;
    },
    fire: async () => {
      const due = pending;
      pending = [];
      for (const timer of due) timer.resolve();
      await flush();
    },
    seen,
  };
}

/** Lets every settled promise's callbacks run. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('hedged', () => {
  it('sends no copy when the first answers in time, and stops its timer', async () => {
    const timer = manualDelay();
    const sends: string[] = [];
    const answer = await hedged(
      async () => {
        sends.push('first');
        return 'page';
      },
      { afterMs: 1_000, allowed: () => true, delay: timer.delay },
    );
    await timer.fire();
    expect(answer).toBe('page');
    expect(sends).toEqual(['first']);
    expect(timer.seen).toEqual([{ ms: 1_000, signal: expect.any(AbortSignal) }]);
    expect(timer.seen[0]!.signal.aborted).toBe(true);
  });

  it('takes the copy that answers first once the first is slow', async () => {
    const timer = manualDelay();
    const slow = deferred<string>();
    const hedges: number[] = [];
    const result = hedged(() => slow.promise, {
      afterMs: 50,
      allowed: () => true,
      delay: timer.delay,
      copy: async () => 'copy',
      onHedge: () => hedges.push(1),
    });
    await timer.fire();
    await expect(result).resolves.toBe('copy');
    expect(hedges).toEqual([1]);
    // (the slow copy's late answer is dropped)
    slow.resolve('late');
    await flush();
  });

  it('sends no copy while not allowed', async () => {
    const timer = manualDelay();
    const slow = deferred<string>();
    let copies = 0;
    const result = hedged(() => slow.promise, {
      afterMs: 50,
      allowed: () => false,
      delay: timer.delay,
      copy: async () => {
        copies += 1;
        return 'copy';
      },
    });
    await timer.fire();
    slow.resolve('first');
    await expect(result).resolves.toBe('first');
    expect(copies).toBe(0);
  });

  it('asks again every recheck until a copy is allowed', async () => {
    const timer = manualDelay();
    const slow = deferred<string>();
    let allowed = false;
    let copies = 0;
    const result = hedged(() => slow.promise, {
      afterMs: 80,
      recheckMs: 20,
      allowed: () => allowed,
      delay: timer.delay,
      copy: async () => {
        copies += 1;
        return 'copy';
      },
    });
    await timer.fire();
    await timer.fire();
    expect(copies).toBe(0);
    allowed = true;
    await timer.fire();
    await expect(result).resolves.toBe('copy');
    expect(copies).toBe(1);
    expect(timer.seen.map((call) => call.ms)).toEqual([80, 20, 20]);
    slow.resolve('late');
  });

  it('waits for the first when the copy is refused, and for the copy when the first fails', async () => {
    const timer = manualDelay();
    const slow = deferred<string>();
    const refused = hedged(() => slow.promise, {
      afterMs: 50,
      allowed: () => true,
      delay: timer.delay,
      copy: async () => {
        throw new Error('no free slot');
      },
    });
    await timer.fire();
    slow.resolve('first');
    await expect(refused).resolves.toBe('first');

    const second = manualDelay();
    const failing = deferred<string>();
    const copy = deferred<string>();
    const rescued = hedged(() => failing.promise, {
      afterMs: 50,
      allowed: () => true,
      delay: second.delay,
      copy: () => copy.promise,
    });
    await second.fire();
    failing.reject(new Error('socket hang up'));
    await flush();
    copy.resolve('copy');
    await expect(rescued).resolves.toBe('copy');
  });

  it('tries a copy the budget refused again at the next recheck, counting only the one sent', async () => {
    const timer = manualDelay();
    const slow = deferred<string>();
    const attempts: string[] = [];
    let hedges = 0;
    const result = hedged(() => slow.promise, {
      afterMs: 80,
      recheckMs: 20,
      allowed: () => true,
      delay: timer.delay,
      notSent: (error) => error instanceof Error && error.message === 'no free slot',
      onHedge: () => (hedges += 1),
      copy: async () => {
        attempts.push('copy');
        if (attempts.length === 1) throw new Error('no free slot');
        return 'copy';
      },
    });
    await timer.fire();
    expect(attempts).toEqual(['copy']);
    await timer.fire();
    await expect(result).resolves.toBe('copy');
    expect(attempts).toEqual(['copy', 'copy']);
    expect(hedges).toBe(1);
    expect(timer.seen.map((call) => call.ms)).toEqual([80, 20]);
    slow.resolve('late');
  });

  it("rejects with the first copy's error when both fail", async () => {
    const timer = manualDelay();
    const first = deferred<string>();
    const copy = deferred<string>();
    const result = hedged(() => first.promise, {
      afterMs: 50,
      allowed: () => true,
      delay: timer.delay,
      copy: () => copy.promise,
    });
    await timer.fire();
    copy.reject(new Error('copy failed'));
    await flush();
    first.reject(new Error('first failed'));
    await expect(result).rejects.toThrow('first failed');
  });

  it('rejects at once when the first fails before any copy is sent', async () => {
    const timer = manualDelay();
    let copies = 0;
    const result = hedged(
      async () => {
        throw new Error('400 bad request');
      },
      {
        afterMs: 50,
        allowed: () => true,
        delay: timer.delay,
        copy: async () => {
          copies += 1;
          return 'copy';
        },
      },
    );
    await expect(result).rejects.toThrow('400 bad request');
    await timer.fire();
    expect(copies).toBe(0);
  });
});
