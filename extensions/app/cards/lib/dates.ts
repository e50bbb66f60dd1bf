// Conversions between the domain's calendar days (`YYYY-MM-DD`) and DateInput's value, whose month
// starts at 0 (@hubspot/ui-extensions 0.17 `BaseDate`: "0 = January, 11 = December").
import type { BaseDate } from '@hubspot/ui-extensions';

/** DateInput's value for a calendar day, or undefined when none is set. */
export function toBaseDate(day: string | null | undefined): BaseDate | undefined {
  const match = day ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(day) : null;
  if (!match) return undefined;
  return { year: Number(match[1]), month: Number(match[2]) - 1, date: Number(match[3]) };
}

/** The calendar day of a DateInput value; a cleared input (null) gives null. */
export function fromBaseDate(value: BaseDate | null | undefined): string | null {
  if (!value) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(value.year).padStart(4, '0')}-${pad(value.month + 1)}-${pad(value.date)}`;
}
