import type { Partition } from '../../src/jobs/rescore-parts.ts';
import {
  nothingLeftToAsk,
  shouldPark,
  stealSlowRest,
  unparkHighest,
} from '../../src/jobs/rescore-ranges.ts';
import { stealHalf, type PipelineState } from '../../src/jobs/rescore-readers.ts';

const PAGE = 200;

function partition(lo: string | null, hi: string | null, cursor: string | null): Partition {
  return { lo, hi, cursor, processed: 0, changed: 0, done: false, pending: new Map() };
}

function state(partitions: Partition[], remaining: number[], highestId?: string): PipelineState {
  return {
    partitions,
    toWrite: [],
    remainingBy: new Map(partitions.map((p, index) => [p, remaining[index]!])),
    readThisRun: 0,
    errors: 0,
    readersDone: false,
    failure: undefined,
    reading: new Set(),
    parked: [],
    searching: new Map(),
    slowSearchMs: 1_000,
    hedges: 0,
    ...(highestId === undefined ? {} : { highestId }),
  };
}

describe('stealHalf (a reader done early takes half of the fullest range)', () => {
  it('splits the range with the most contacts left at the middle of what it has not read', () => {
    // GIVEN three ranges being read, the middle one with the most left (2,000 after id 4,000)
    const low = partition(null, '3000', '2500');
    const middle = partition('3000', '6000', '4000');
    const top = partition('6000', null, '6100');
    const st = state([low, middle, top], [900, 2_000, 1_000], '9000');

    // WHEN a reader steals
    const stolen = stealHalf(st, new Set([low, middle, top]), PAGE);

    // THEN it gets (5000, 6000], the middle range now ends at 5,000, in id order after it
    expect(stolen).toMatchObject({ lo: '5000', hi: '6000', cursor: '5000', processed: 0 });
    expect(middle.hi).toBe('5000');
    expect(st.partitions).toEqual([low, middle, stolen, top]);
    // AND the estimate of what is left is shared between the two halves
    expect(st.remainingBy.get(middle)).toBe(1_000);
    expect(st.remainingBy.get(stolen!)).toBe(1_000);
  });

  it('splits the unbounded last range up to the highest id the probe found', () => {
    const top = partition('6000', null, '7000');
    const st = state([top], [5_000], '9000');

    const stolen = stealHalf(st, new Set([top]), PAGE);

    // the upper half stays unbounded (contacts created during the run are still read)
    expect(stolen).toMatchObject({ lo: '8000', hi: null });
    expect(top.hi).toBe('8000');
  });

  it('leaves ranges alone that have fewer than four pages left, are done or have no known end', () => {
    const small = partition(null, '3000', '100');
    const done = { ...partition('3000', '6000', '3100'), done: true };
    const unbounded = partition('6000', null, '6100');
    // (no highest id: a resumed run that did not probe)
    const st = state([small, done, unbounded], [PAGE * 4 - 1, 10_000, 10_000]);

    expect(stealHalf(st, new Set([small, done, unbounded]), PAGE)).toBeUndefined();
    expect(st.partitions).toHaveLength(3);
    expect(small.hi).toBe('3000');
  });
});

describe('stealSlowRest (a reader with nothing to do reads what lies behind a slow page)', () => {
  it('takes the contacts after the estimated end of a page slower than slowSearchMs', () => {
    // GIVEN a range of ids (1000, 2000] with 500 contacts after its cursor, whose page (room 200)
    // was sent 1.5 s ago
    const range = partition('1000', '2000', '1000');
    const st = state([range], [500], '9000');
    st.reading.add(range);
    st.searching.set(range, { since: 10_000, room: PAGE });

    // WHEN a reader looks for work at 11,500
    const stolen = stealSlowRest(st, 11_500);

    // THEN it gets the ids after the page's estimated end (200 of 500 → 40 % of the ids), and the
    // slow range ends there, expecting only that page
    expect(stolen).toMatchObject({ lo: '1400', hi: '2000', cursor: '1400' });
    expect(range.hi).toBe('1400');
    expect(st.partitions).toEqual([range, stolen]);
    expect(st.remainingBy.get(range)).toBe(PAGE);
    expect(st.remainingBy.get(stolen!)).toBe(300);
  });

  it('leaves a page alone that is not slow yet, or has nothing behind it', () => {
    const fresh = partition('1000', '2000', '1000');
    const last = partition('2000', '3000', '2000');
    const st = state([fresh, last], [500, 150], '9000');
    st.reading.add(fresh).add(last);
    st.searching.set(fresh, { since: 11_000, room: PAGE });
    st.searching.set(last, { since: 10_000, room: PAGE });

    expect(stealSlowRest(st, 11_500)).toBeUndefined();
    expect(st.partitions).toHaveLength(2);
    expect(fresh.hi).toBe('2000');
  });
});

describe('parking (a last page rides along with the next page of a range above)', () => {
  /** A range below with 50 contacts left, and one range above being read. */
  function below(aboveRemaining: number, aboveSearch?: { since: number; room: number }) {
    const low = partition('0', '1000', '900');
    const high = partition('1000', '2000', '1000');
    const st = state([low, high], [50, aboveRemaining], '9000');
    st.reading.add(low).add(high);
    if (aboveSearch) st.searching.set(high, aboveSearch);
    return { st, low };
  }

  it('parks behind a range above that has a page after the one on its way', () => {
    const { st, low } = below(500, { since: 10_000, room: PAGE });
    expect(shouldPark(st, low, true, PAGE, 10_100)).toBe(true);
  });

  it('does not wait for a range above whose page on its way is its last, or is slow', () => {
    const last = below(150, { since: 10_000, room: PAGE });
    expect(shouldPark(last.st, last.low, true, PAGE, 10_100)).toBe(false);
    const slow = below(500, { since: 10_000, room: PAGE });
    expect(shouldPark(slow.st, slow.low, true, PAGE, 11_000)).toBe(false);
  });

  it('hands a parked range to an idle reader once the range above turns slow', () => {
    const { st, low } = below(500, { since: 10_000, room: PAGE });
    st.reading.delete(low);
    st.parked.push(low);
    expect(unparkHighest(st, 10_500)).toBeUndefined();
    expect(unparkHighest(st, 11_000)).toBe(low);
    expect(st.parked).toEqual([]);
  });
});

describe('nothingLeftToAsk (when a slow page may be asked twice)', () => {
  it('is true only while every range not done is on its way with its last page', () => {
    const a = partition('0', '1000', '0');
    const b = partition('1000', '2000', '1000');
    const done = { ...partition('2000', '3000', '3000'), done: true };
    const st = state([a, b, done], [150, 180, 0], '9000');
    st.searching.set(a, { since: 0, room: PAGE });
    expect(nothingLeftToAsk(st)).toBe(false);
    st.searching.set(b, { since: 0, room: 100 });
    expect(nothingLeftToAsk(st)).toBe(false);
    st.searching.set(b, { since: 0, room: PAGE });
    expect(nothingLeftToAsk(st)).toBe(true);
  });
});
