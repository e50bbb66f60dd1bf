// Message templates are ICU MessageFormat, formatted by @formatjs/intl: plain arguments ({name}),
// plurals ({count, plural, one {# contact} other {# contacts}}), selects, numbers and dates in
// the user's locale. One formatter per locale, shared by the cards, the settings page and the app
// page. https://formatjs.github.io/docs/intl  ·  https://formatjs.github.io/docs/core-concepts/icu-syntax
import { createIntl, createIntlCache } from '@formatjs/intl';
import type { IntlShape } from '@formatjs/intl';

/** The values a template takes. */
export type MessageValues = Record<string, string | number | Date>;

const cache = createIntlCache();
const intls = new Map<string, IntlShape<string>>();

function intlFor(locale: string): IntlShape<string> {
  let intl = intls.get(locale);
  if (!intl) {
    intl = createIntl(
      {
        locale,
        defaultLocale: locale,
        messages: {},
        // Templates come from the catalogues themselves, never a translation table: a missing id
        // is expected. A template that does not parse or lacks a value is shown verbatim rather
        // than breaking the card; the catalogue tests format every template with its values.
        onError: () => undefined,
      },
      cache,
    );
    intls.set(locale, intl);
  }
  return intl;
}

/** Formats one ICU template with its values in a locale (e.g. `de-AT`). */
export function formatMessage(template: string, values: MessageValues, locale: string): string {
  return intlFor(locale).formatMessage({ id: template, defaultMessage: template }, values);
}

/** "3 days ago" / "in 2 Tagen": a relative time in the locale's words. */
export function formatRelativeDays(days: number, locale: string): string {
  return intlFor(locale).formatRelativeTime(days, 'day', { numeric: 'auto' });
}

/** A number in the locale's digits and grouping: 10,000,000 / 10.000.000. */
export function formatNumber(value: number, locale: string): string {
  return intlFor(locale).formatNumber(value, { maximumFractionDigits: 2 });
}

/** A day without the year, in the locale's words: "Mar 2" / "2. März" (the date read in UTC). */
export function formatShortDate(date: Date, locale: string): string {
  return intlFor(locale).formatDate(date, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}
