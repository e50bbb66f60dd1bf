import type { Partition } from '../../src/jobs/rescore-parts.ts';
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
