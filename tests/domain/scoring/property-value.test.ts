import {
  ageInDays,
  DAY_MS,
  readDate,
  readNumber,
  readOptions,
  readText,
} from '../../../src/domain/scoring/property-value.ts';
import { parseIsoDate } from '../../../src/domain/scoring/model.ts';

describe('reading HubSpot property values', () => {
  it.each([
    [null, null],
    [undefined, null],
    ['', null],
    ['  ', null],
    [' a ', 'a'],
  ])('readText(%p) is %p', (value, expected) => {
    expect(readText(value)).toBe(expected);
  });

  it.each([
    ['42', 42],
    ['-3.5', -3.5],
    ['.5', 0.5],
    ['1e3', 1000],
    [' 7 ', 7],
    ['1,000', null],
    ['12abc', null],
    ['1e999', null],
    ['', null],
    [null, null],
  ])('readNumber(%p) is %p', (value, expected) => {
    expect(readNumber(value)).toBe(expected);
  });

  it.each([
    ['1717200000000', Date.UTC(2024, 5, 1)],
    ['2024-06-01', Date.UTC(2024, 5, 1)],
    ['2024-06-01T12:30:00Z', Date.UTC(2024, 5, 1, 12, 30)],
    ['2024-06-01T12:30:00.123+02:00', Date.UTC(2024, 5, 1, 10, 30, 0, 123)],
  ])('readDate(%p) reads the instant', (value, expected) => {
    expect(readDate(value)?.getTime()).toBe(expected);
  });

  it.each([['yesterday'], ['2024-13-45'], ['99999999999999999999'], [''], [null]])(
    'readDate(%p) is null',
    (value) => {
      expect(readDate(value)).toBeNull();
    },
  );

  it('gives every caller a Date of its own, however often a value is read', () => {
    const first = readDate('2024-06-01T12:30:00Z')!;
    first.setTime(0);
    expect(readDate('2024-06-01T12:30:00Z')?.getTime()).toBe(Date.UTC(2024, 5, 1, 12, 30));
  });

  it('reads a value the same after more distinct values than it remembers', () => {
    const start = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 12_000; i += 1) readDate(String(start + i));
    expect(readDate(String(start + 5))?.getTime()).toBe(start + 5);
    expect(readDate('yesterday')).toBeNull();
    expect(readDate('2024-06-01')?.getTime()).toBe(Date.UTC(2024, 5, 1));
  });

  it('parses ISO dates only', () => {
    expect(parseIsoDate('June 1, 2024')).toBeNull();
    expect(parseIsoDate('2024-06-01')?.toISOString()).toBe('2024-06-01T00:00:00.000Z');
  });

  it('splits multi-checkbox values on ";" and lower-cases them', () => {
    expect(readOptions('Alpha; beta;;GAMMA ')).toEqual(['alpha', 'beta', 'gamma']);
    expect(readOptions(null)).toEqual([]);
  });

  it('counts days from a date to now, negative for the future', () => {
    const now = new Date('2025-06-11T00:00:00Z');
    expect(ageInDays(new Date('2025-06-01T00:00:00Z'), now)).toBe(10);
    expect(ageInDays(new Date('2025-06-12T12:00:00Z'), now)).toBe(-1.5);
    expect(ageInDays(new Date(now.getTime() - DAY_MS), now)).toBe(1);
  });
});
