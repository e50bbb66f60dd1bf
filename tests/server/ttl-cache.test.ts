import { createTtlCache } from '../../src/server/read-models/ttl-cache.ts';

describe('the read models’ TTL cache', () => {
  it('shares one load between concurrent readers and reuses it while it is young enough', async () => {
    let now = 0;
    let loads = 0;
    const cache = createTtlCache<number, string>(() => now);
    const load = async () => `value ${++loads}`;
    // GIVEN two readers at once THEN one load answers both
    expect(await Promise.all([cache.get(1, 1_000, load), cache.get(1, 1_000, load)])).toEqual([
      'value 1',
      'value 1',
    ]);
    // AND a reader 999 ms later gets it too, one asking for at most 500 ms old data does not
    now = 999;
    expect(await cache.get(1, 1_000, load)).toBe('value 1');
    expect(await cache.get(1, 500, load)).toBe('value 2');
    // AND other keys are loaded on their own
    expect(await cache.get(2, 1_000, load)).toBe('value 3');
    expect(cache.has(2, 1_000)).toBe(true);
    now += 1_000;
    expect(cache.has(2, 1_000)).toBe(false);
  });

  it('forgets a failed load at once, so the next reader tries again', async () => {
    const cache = createTtlCache<string, number>(() => 0);
    await expect(
      cache.get('k', 60_000, () => Promise.reject(new Error('HubSpot is down'))),
    ).rejects.toThrow('HubSpot is down');
    expect(cache.has('k', 60_000)).toBe(false);
    expect(await cache.get('k', 60_000, async () => 42)).toBe(42);
  });
});
