// Reading HubSpot property values. The CRM API returns every property as a string (or null):
// numbers as decimal strings, dates as ISO strings or epoch milliseconds, booleans as "true"/"false",
// multi-checkbox enumerations as values joined by ";".
// https://developers.hubspot.com/docs/api/crm/properties ("Property type and fieldType values")
import { parseIsoDate } from './model.ts';

/** A contact's properties as HubSpot returns them. */
export type PropertyValues = Readonly<Record<string, string | null | undefined>>;

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** The trimmed value, or null when the property is unset or blank (HubSpot's "unknown"). */
export function readText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed.length === 0 ? null : trimmed;
}

// Plain decimal notation only: "1,000" or "12abc" are not numbers (parseFloat would accept the latter).
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a HubSpot decimal string holds, or null if it holds none. */
export function readNumber(value: string | null | undefined): number | null {
  const text = readText(value);
  if (text === null || !DECIMAL.test(text)) return null;
  const number = Number(text);
  return Number.isFinite(number) ? number : null;
}

// Parsed date values by their text: scoring one contact reads its date properties a dozen times
// (each rule, each breakpoint of nextScoreChangeAt), and a portal's values repeat. Emptied when
// full, so a long rescore never holds more than this many entries.
const PARSED_DATES_MAX = 10_000;
const parsedDates = new Map<string, number | null>();

function parseDateText(text: string): number | null {
  if (/^-?\d+$/.test(text)) {
    const ms = new Date(Number(text)).getTime();
    return Number.isNaN(ms) ? null : ms;
  }
  return parseIsoDate(text)?.getTime() ?? null;
}

/** The instant a HubSpot date value holds (epoch milliseconds or ISO 8601), or null. */
export function readDate(value: string | null | undefined): Date | null {
  const text = readText(value);
  if (text === null) return null;
  let ms = parsedDates.get(text);
  if (ms === undefined) {
    ms = parseDateText(text);
    if (parsedDates.size >= PARSED_DATES_MAX) parsedDates.clear();
    parsedDates.set(text, ms);
  }
  // A new Date each time: callers own what they are given.
  return ms === null ? null : new Date(ms);
}

/** The selected options of an enumeration (`a;b;c`), lower-cased for comparison. */
export function readOptions(value: string | null | undefined): string[] {
  const text = readText(value);
  if (text === null) return [];
  return text
    .split(';')
    .map((option) => option.trim().toLowerCase())
    .filter((option) => option.length > 0);
}

/** Days (fractional) from `date` to `now`; negative when `date` lies in the future. */
export function ageInDays(date: Date, now: Date): number {
  return (now.getTime() - date.getTime()) / DAY_MS;
}
