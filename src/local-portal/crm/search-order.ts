// How the local portal finds and orders a search's page without blocking its event loop. HubSpot's
// search runs on other machines: while it works, the requests arriving at HubSpot are counted by
// its rate limit at once. The local portal is one Node process, so a search that takes 200 ms of
// CPU (a full sort of 100,000 records with a comparator that parses values on every comparison)
// delays the arrival count of every request behind it by as much — arrival jitter HubSpot does not
// have, which turned into HTTP 429s against a client whose limiter keeps a 60 ms margin on
// search's one-second window. So the same results, computed in time proportional to the records a
// query can match:
//  - a query whose every filter group bounds `hs_object_id` (how bulk readers page: GT the last id
//    read, LTE the end of their range) scans only the records inside those bounds, found by
//    binary search in the id-sorted records;
//  - sort values are parsed once per record, not once per comparison;
//  - only the first `offset + limit` records of the order are selected (a bounded heap), instead
//    of sorting every match.
import type { PropertyDefinition } from './property-definitions.ts';
import type { CrmRecord } from '../state.ts';

/** The part of a filter the narrowing reads. */
interface IdFilter {
  propertyName: string;
  operator: string;
  value?: string | number | boolean | undefined;
  highValue?: string | number | undefined;
}

/** A filter operand as a safe integer, or null (a text that is not one cannot bound ids). */
function integerOperand(operand: string | number | boolean | undefined): number | null {
  if (operand === undefined || typeof operand === 'boolean') return null;
  const text = String(operand).trim();
  if (!/^-?\d+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** The slice of `records` (sorted ascending by numeric id) any of the groups can match. */
export function narrowByObjectId(
  records: readonly CrmRecord[],
  groups: readonly { filters: readonly IdFilter[] }[],
): readonly CrmRecord[] {
  if (groups.length === 0 || records.length === 0) return records;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const group of groups) {
    const bounds = groupBounds(group.filters);
    if (!bounds) return records;
    lo = Math.min(lo, bounds.lo);
    hi = Math.max(hi, bounds.hi);
  }
  if (lo > hi) return [];
  const start = firstIndexWithIdAtLeast(records, lo);
  const end = firstIndexWithIdAtLeast(records, hi + 1);
  return start === 0 && end === records.length ? records : records.slice(start, end);
}

/** The inclusive integer id range a group's `hs_object_id` filters allow, or null if unbounded. */
function groupBounds(filters: readonly IdFilter[]): { lo: number; hi: number } | null {
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  for (const filter of filters) {
    if (filter.propertyName !== 'hs_object_id') continue;
    const value = integerOperand(filter.value);
    if (value === null) continue;
    if (filter.operator === 'BETWEEN') {
      const high = integerOperand(filter.highValue);
      if (high === null) continue;
      lo = Math.max(lo, value);
      hi = Math.min(hi, high);
    } else if (filter.operator === 'GT') lo = Math.max(lo, value + 1);
    else if (filter.operator === 'GTE') lo = Math.max(lo, value);
    else if (filter.operator === 'LT') hi = Math.min(hi, value - 1);
    else if (filter.operator === 'LTE') hi = Math.min(hi, value);
    else if (filter.operator === 'EQ') {
      lo = Math.max(lo, value);
      hi = Math.min(hi, value);
    }
  }
  return lo === Number.NEGATIVE_INFINITY && hi === Number.POSITIVE_INFINITY ? null : { lo, hi };
}

function firstIndexWithIdAtLeast(records: readonly CrmRecord[], id: number): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (Number(records[middle]!.id) < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** One sort of the request, in the comparator's terms. */
export interface SearchSort {
  propertyName: string;
  descending: boolean;
}

/** A sort value: the raw text (equal texts tie) and what it compares as. */
type SortKey = { raw: string; comparable: number | string } | undefined;

/**
 * The first `count` records in the search's order: each sort in turn (records without a value
 * last, ascending or descending; numbers, dates and datetimes numerically, the rest as lower-case
 * text), then the id.
 */
export function firstInOrder(
  matches: readonly CrmRecord[],
  sorts: readonly SearchSort[],
  byName: ReadonlyMap<string, PropertyDefinition>,
  count: number,
  toComparable: (
    property: PropertyDefinition | undefined,
    raw: string,
  ) => number | string | undefined,
): CrmRecord[] {
  if (count <= 0) return [];
  const keyed = matches.map((record) => ({
    record,
    id: Number(record.id),
    keys: sorts.map((sort): SortKey => {
      const raw = record.properties[sort.propertyName];
      if (raw === undefined) return undefined;
      return { raw, comparable: toComparable(byName.get(sort.propertyName), raw) ?? raw };
    }),
  }));
  type Keyed = (typeof keyed)[number];
  const order = (a: Keyed, b: Keyed): number => {
    for (const [index, sort] of sorts.entries()) {
      const left = a.keys[index];
      const right = b.keys[index];
      if (left?.raw === right?.raw) continue;
      if (left === undefined) return 1;
      if (right === undefined) return -1;
      const compared = compareValues(left.comparable, right.comparable);
      if (compared !== 0) return sort.descending ? -compared : compared;
    }
    return a.id - b.id;
  };
  // A full sort when most of the matches are wanted; else a bounded max-heap of the best `count`.
  if (count * 4 >= keyed.length)
    return keyed
      .sort(order)
      .slice(0, count)
      .map((k) => k.record);
  const heap: Keyed[] = [];
  const swap = (i: number, j: number) => {
    const held = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = held;
  };
  for (const item of keyed) {
    if (heap.length < count) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >>> 1;
        if (order(heap[i]!, heap[parent]!) <= 0) break;
        swap(i, parent);
        i = parent;
      }
    } else if (order(item, heap[0]!) < 0) {
      heap[0] = item;
      for (let i = 0; ;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let largest = i;
        if (left < heap.length && order(heap[left]!, heap[largest]!) > 0) largest = left;
        if (right < heap.length && order(heap[right]!, heap[largest]!) > 0) largest = right;
        if (largest === i) break;
        swap(i, largest);
        i = largest;
      }
    }
  }
  return heap.sort(order).map((k) => k.record);
}

/** Numbers numerically, anything else as text. */
export function compareValues(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
