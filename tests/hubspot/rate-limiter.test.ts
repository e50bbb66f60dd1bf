import fc from 'fast-check';
import {
  BudgetExhaustedError,
  DEFAULT_RATE_LIMITS,
  createRateLimiter,
  createRateLimiterRegistry,
  type RateLimiterOptions,
  type RequestLane,
} from '../../src/hubspot/rate-limiter.ts';

/**
 * A fake clock whose sleep advances time and records each wait. These cases are about the window
 * itself, so the jitter margin is off; it has its own cases below.
 */
function fakeTime(jitterMarginMs = 0) {
  const clock = { now: 0, waits: [] as number[] };
  return {
    clock,
    options: {
      jitterMarginMs,
      now: () => clock.now,
      sleep: async (ms: number) => {
        clock.waits.push(ms);
        clock.now += ms;
      },
    } satisfies RateLimiterOptions,
  };
}

async function acquireMany(
  limiter: ReturnType<typeof createRateLimiter>,
  count: number,
  kind: 'standard' | 'search',
  lane: RequestLane,
) {
  for (let i = 0; i < count; i += 1) await limiter.acquire(kind, lane);
}

describe('rate limiter', () => {
  it('lets 110 requests through in 10 s and makes the 111th wait until the oldest leaves the window', async () => {
    // GIVEN HubSpot's OAuth budget of 110 requests per rolling 10 s
    const { clock, options } = fakeTime();
    const limiter = createRateLimiter(options);
    await acquireMany(limiter, 10, 'standard', 'interactive');
    clock.now = 4_000;
    await acquireMany(limiter, 100, 'standard', 'interactive');
    expect(clock.waits).toEqual([]);

    // WHEN the 111th request comes at t = 4 s
    await limiter.acquire('standard', 'interactive');

    // THEN it waits until t = 10 s, when the first ten requests leave the window
    expect(clock.waits).toEqual([6_000]);
    expect(clock.now).toBe(10_000);
    expect(limiter.counters().standard.interactive).toBe(111);
  });

  it('refuses at once a caller that cannot wait as long as the budget needs (webhook deadline)', async () => {
    // GIVEN a window used up at t = 0
    const { clock, options } = fakeTime();
    const limiter = createRateLimiter(options);
    await acquireMany(limiter, 110, 'standard', 'interactive');
    clock.now = 1_000;
    // WHEN a caller may wait at most 1.5 s THEN it is refused with the time until a slot frees
    const refused = await limiter
      .acquire('standard', 'interactive', 1_500)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BudgetExhaustedError);
    expect(refused).toMatchObject({ kind: 'standard', retryAfterMs: 9_000 });
    expect(clock.waits).toEqual([]);
    // AND a caller that may wait long enough still gets its slot
    clock.now = 9_000;
    await limiter.acquire('standard', 'interactive', 1_500);
    expect(clock.waits).toEqual([1_000]);
  });

  it('gives search its own budget of 5 per second, apart from the 10-second one', async () => {
    const { clock, options } = fakeTime();
    const limiter = createRateLimiter(options);
    await acquireMany(limiter, 110, 'standard', 'interactive');
    await acquireMany(limiter, 5, 'search', 'interactive');
    expect(clock.waits).toEqual([]);

    await limiter.acquire('search', 'interactive');

    expect(clock.waits).toEqual([1_000]);
    expect(limiter.counters().search.interactive).toBe(6);
  });

  it('holds the bulk lane to its share of the window while interactive requests still pass', async () => {
    // GIVEN bulk may use 80 % of 110 = 88 slots
    const { clock, options } = fakeTime();
    const limiter = createRateLimiter(options);
    await acquireMany(limiter, 88, 'standard', 'bulk');

    // WHEN interactive traffic arrives, it takes the remaining 22 slots without waiting
    await acquireMany(limiter, 22, 'standard', 'interactive');
    expect(clock.waits).toEqual([]);

    // THEN the 89th bulk request waits for the window to move on
    await limiter.acquire('standard', 'bulk');
    expect(clock.waits).toEqual([10_000]);
    expect(limiter.counters().standard).toEqual({ interactive: 22, bulk: 89 });
  });

  it('makes bulk wait at its share even when the window has room for interactive requests', async () => {
    const { clock, options } = fakeTime();
    const limiter = createRateLimiter({ ...options, maxRequests: 10, bulkShare: 0.5 });
    await acquireMany(limiter, 5, 'standard', 'bulk');
    await limiter.acquire('standard', 'interactive');
    expect(clock.waits).toEqual([]);
    await limiter.acquire('standard', 'bulk');
    expect(clock.waits).toEqual([10_000]);
  });

  it('takes its limits and windows from options (benchmarks scale them)', async () => {
    const { clock, options } = fakeTime();
    const limiter = createRateLimiter({
      ...options,
      maxRequests: 3,
      windowMs: 100,
      maxSearchRequests: 1,
      searchWindowMs: 50,
    });
    await acquireMany(limiter, 4, 'standard', 'interactive');
    await acquireMany(limiter, 2, 'search', 'interactive');
    expect(clock.waits).toEqual([100, 50]);
  });

  it('rejects nonsensical options naming the option', () => {
    expect(() => createRateLimiter({ maxRequests: 0 })).toThrow(/maxRequests/);
    expect(() => createRateLimiter({ bulkShare: 1.5 })).toThrow(/bulkShare/);
  });

  it('never grants more than the limit in any window, nor more than the bulk share to bulk', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            gapMs: fc.integer({ min: 0, max: 400 }),
            lane: fc.constantFrom<RequestLane>('interactive', 'bulk'),
          }),
          { minLength: 1, maxLength: 120 },
        ),
        async (requests) => {
          const { clock, options } = fakeTime();
          const limiter = createRateLimiter({ ...options, maxRequests: 10, windowMs: 1_000 });
          const granted: { at: number; lane: RequestLane }[] = [];
          for (const request of requests) {
            clock.now += request.gapMs;
            await limiter.acquire('standard', request.lane);
            granted.push({ at: clock.now, lane: request.lane });
          }
          for (const grant of granted) {
            const inWindow = granted.filter((g) => g.at > grant.at - 1_000 && g.at <= grant.at);
            expect(inWindow.length).toBeLessThanOrEqual(10);
            expect(inWindow.filter((g) => g.lane === 'bulk').length).toBeLessThanOrEqual(8);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('rate limiter and requests that leave late', () => {
  it('counts a request that left late from its send, so the next window does not overfill', async () => {
    // GIVEN five searches granted at t = 0, the first of which the client's loop held for 150 ms
    const { clock, options } = fakeTime();
    const limiter = createRateLimiter(options);
    const slots = [];
    for (let i = 0; i < 5; i += 1) slots.push(await limiter.acquire('search', 'interactive'));
    slots[0]!.sentLate(150);
    // WHEN five more come THEN four take the slots the others free at 1 s, the fifth waits for
    // the late one's
    for (let i = 0; i < 5; i += 1) await limiter.acquire('search', 'interactive');
    expect(clock.waits).toEqual([1_000, 150]);
    expect(limiter.counters()).toMatchObject({ lateSends: 1, maxSendLateMs: 150 });
  });

  it('keeps the oldest grant first when a late one moves past later ones', async () => {
    // GIVEN grants at 0, 10, 20, 30 and 40 ms; the first left at 35 ms
    const { clock, options } = fakeTime();
    const limiter = createRateLimiter(options);
    const first = await limiter.acquire('search', 'interactive');
    for (let i = 0; i < 4; i += 1) {
      clock.now += 10;
      await limiter.acquire('search', 'interactive');
    }
    first.sentLate(35);
    // WHEN the window is full at 1 s THEN the next slot is the one granted at 10 ms, free at 1,010
    clock.now = 1_000;
    await limiter.acquire('search', 'interactive');
    expect(clock.now).toBe(1_010);
  });

  it('ignores a send that was not late and counts only delays of 10 ms or more as late', async () => {
    const { clock, options } = fakeTime();
    const limiter = createRateLimiter({ ...options, maxSearchRequests: 1 });
    (await limiter.acquire('search', 'interactive')).sentLate(0);
    (await limiter.acquire('search', 'interactive')).sentLate(4);
    await limiter.acquire('search', 'interactive');
    expect(clock.waits).toEqual([1_000, 1_004]);
    expect(limiter.counters()).toMatchObject({ lateSends: 0, maxSendLateMs: 4 });
  });
});

describe('rate limiter registry', () => {
  it('gives every portal its own budget and sums the counters', async () => {
    const { clock, options } = fakeTime();
    const registry = createRateLimiterRegistry({ ...options, maxRequests: 2, bulkShare: 1 });
    expect(registry.forPortal(1)).toBe(registry.forPortal(1));

    await acquireMany(registry.forPortal(1), 2, 'standard', 'interactive');
    await acquireMany(registry.forPortal(2), 2, 'standard', 'bulk');
    expect(clock.waits).toEqual([]);

    await registry.forPortal(1).acquire('standard', 'interactive');
    expect(clock.waits).toEqual([10_000]);
    expect(registry.totals().standard).toEqual({ interactive: 3, bulk: 2 });
    expect(registry.totals().waitedMs).toBe(10_000);
  });
});

describe('rate limiter margin against arrival jitter', () => {
  it('by default frees a slot a quarter of a second after HubSpot does, so late arrivals still fit', async () => {
    // GIVEN the default limiter and a window used up at t = 0
    const { clock, options } = fakeTime(DEFAULT_RATE_LIMITS.jitterMarginMs);
    const limiter = createRateLimiter(options);
    await acquireMany(limiter, 110, 'standard', 'interactive');
    // WHEN the 111th request comes THEN it waits 10 s + the margin
    await limiter.acquire('standard', 'interactive');
    expect(DEFAULT_RATE_LIMITS.jitterMarginMs).toBe(250);
    expect(clock.waits).toEqual([10_250]);
  });

  it('keeps HubSpot’s count of arrivals within 110 per rolling 10 s for any delay up to the margin', () => {
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 400, maxLength: 400 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 400, maxLength: 400 }),
        async (delays, gaps) => {
          // GIVEN requests granted back to back (with gaps) and each arriving 0–500 ms later
          const { clock, options } = fakeTime(500);
          const limiter = createRateLimiter(options);
          const arrivals: number[] = [];
          for (let index = 0; index < delays.length; index += 1) {
            clock.now += gaps[index]!;
            await limiter.acquire('standard', 'interactive');
            arrivals.push(clock.now + delays[index]!);
          }
          // THEN no rolling 10 s at HubSpot sees more than 110 arrivals
          arrivals.sort((a, b) => a - b);
          for (let first = 0, last = 0; last < arrivals.length; last += 1) {
            while (arrivals[first]! <= arrivals[last]! - 10_000) first += 1;
            expect(last - first + 1).toBeLessThanOrEqual(110);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('keeps search arrivals within 5 per rolling second for any delay up to the search margin', () => {
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 200, maxLength: 200 }),
        fc.array(fc.integer({ min: 0, max: 80 }), { minLength: 200, maxLength: 200 }),
        async (delays, gaps) => {
          // GIVEN the default search margin (60 ms) and searches arriving 0–60 ms after their grant
          const { clock, options } = fakeTime(DEFAULT_RATE_LIMITS.jitterMarginMs);
          const limiter = createRateLimiter(options);
          const arrivals: number[] = [];
          for (let index = 0; index < delays.length; index += 1) {
            clock.now += gaps[index]!;
            await limiter.acquire('search', 'interactive');
            arrivals.push(clock.now + delays[index]!);
          }
          // THEN no rolling second at HubSpot sees more than 5 arrivals
          arrivals.sort((a, b) => a - b);
          for (let first = 0, last = 0; last < arrivals.length; last += 1) {
            while (arrivals[first]! <= arrivals[last]! - 1_000) first += 1;
            expect(last - first + 1).toBeLessThanOrEqual(5);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('rejects a negative margin', () => {
    expect(() => createRateLimiter({ jitterMarginMs: -1 })).toThrow(/jitterMarginMs/);
  });
});
