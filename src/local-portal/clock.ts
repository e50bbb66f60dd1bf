// The local portal never reads the wall clock directly: every time-dependent behaviour (token expiry,
// rate-limit windows, webhook timestamps) takes a clock, so tests move time instead of waiting.

/** Returns the current time in epoch milliseconds. */
export type Clock = () => number;

/** The real clock. */
export const systemClock: Clock = () => Date.now();

/** A clock tests advance by hand. */
export interface ManualClock {
  now: Clock;
  advance(ms: number): void;
  set(epochMs: number): void;
}

/** Creates a clock that only moves when told to. */
export function createManualClock(startEpochMs = Date.UTC(2026, 0, 15, 9, 0, 0)): ManualClock {
  let current = startEpochMs;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
    set(epochMs) {
      current = epochMs;
    },
  };
}

/** A small seeded PRNG (mulberry32) so fault injection and webhook reordering are reproducible. */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
