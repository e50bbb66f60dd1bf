// The cards speak English and German. The language follows the HubSpot user's locale
// (`context.user.locale`, https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensions/ui-extensions-sdk/context):
// any German locale (de, de-DE, de-AT, de-CH …) gets German, everything else English. Dates and
// amounts are formatted with Intl for the user's own locale, and the backend's localized texts
// (`{ en, de }`) are picked in the same language.
import { useMemo } from 'react';
import { useExtensionContext } from '@hubspot/ui-extensions';
import type { Localized } from './types.ts';
import { formatMessage } from './message-format.ts';
import type { MessageValues } from './message-format.ts';
import { de } from './messages/de.ts';
import { en } from './messages/en.ts';
import type { Messages } from './messages/en.ts';

/** A language the cards speak. */
export type Language = keyof Localized;

const CATALOGUES: Record<Language, Messages> = { en, de };

/** The card language for a HubSpot locale: de* → German, anything else → English. */
export function languageOf(locale: string | undefined | null): Language {
  return typeof locale === 'string' && /^de\b/i.test(locale.trim()) ? 'de' : 'en';
}

/** The text catalogue of a language. */
export function messagesFor(language: Language): Messages {
  return CATALOGUES[language];
}

/** Formats an ICU template (arguments, plurals, numbers) in a locale; see message-format.ts. */
export function interpolate(template: string, values: MessageValues, locale = 'en'): string {
  return formatMessage(template, values, locale);
}

/** Every leaf key of a catalogue, dotted (`plan.title`), sorted. */
export function catalogueKeys(catalogue: object, prefix = ''): string[] {
  return Object.entries(catalogue)
    .flatMap(([key, value]) =>
      typeof value === 'object' && value !== null
        ? catalogueKeys(value as object, `${prefix}${key}.`)
        : [`${prefix}${key}`],
    )
    .sort();
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Everything a card needs to speak the user's language. */
export interface I18n {
  language: Language;
  /** The Intl locale (the user's own, e.g. de-AT), falling back to the language. */
  locale: string;
  t: Messages;
  /** Picks the user's language from a backend text. */
  pick(text: Localized | null | undefined): string;
  format(template: string, values: MessageValues): string;
  /** A calendar day (`YYYY-MM-DD`) or an instant, as a date in the user's locale. */
  formatDate(value: string | null | undefined): string;
  /** An instant as date and time in the user's locale and the portal's time zone. */
  formatDateTime(value: string | null | undefined): string;
  formatNumber(value: number | null | undefined, fractionDigits?: number): string;
  /** A money amount; without a valid currency code it is formatted as a plain number. */
  formatAmount(value: number | string | null | undefined, currency?: string | null): string;
}

/** Builds the i18n helpers for a locale and (optionally) the portal's time zone. */
export function createI18n(userLocale: string | undefined | null, timeZone?: string): I18n {
  const language = languageOf(userLocale);
  const t = messagesFor(language);
  const locale = safeLocale(userLocale, language);
  const zone = safeTimeZone(timeZone);
  const dash = t.common.notSet;
  return {
    language,
    locale,
    t,
    pick: (text) => (text ? text[language] || text.en : ''),
    format: (template, values) => formatMessage(template, values, locale),
    formatDate(value) {
      if (!value) return dash;
      const day = DATE_ONLY.exec(value);
      if (day) {
        // A calendar day has no time zone: format it at UTC so it never shifts by a day.
        const date = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
        return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
          date,
        );
      }
      const instant = new Date(value);
      if (Number.isNaN(instant.getTime())) return value;
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: zone }).format(
        instant,
      );
    },
    formatDateTime(value) {
      if (!value) return dash;
      const instant = new Date(value);
      if (Number.isNaN(instant.getTime())) return value;
      return new Intl.DateTimeFormat(locale, {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: zone,
      }).format(instant);
    },
    formatNumber(value, fractionDigits = 0) {
      if (value === null || value === undefined || Number.isNaN(value)) return dash;
      return new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value);
    },
    formatAmount(value, currency) {
      if (value === null || value === undefined || value === '') return dash;
      const amount = typeof value === 'number' ? value : Number(value);
      if (Number.isNaN(amount)) return String(value);
      if (currency && /^[A-Z]{3}$/.test(currency)) {
        return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
      }
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(amount);
    },
  };
}

function safeLocale(userLocale: string | undefined | null, language: Language): string {
  if (!userLocale) return language;
  try {
    return Intl.getCanonicalLocales(userLocale.replace('_', '-'))[0] ?? language;
  } catch {
    return language;
  }
}

function safeTimeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

/** The i18n helpers for the current HubSpot user. */
export function useI18n(): I18n {
  const context = useExtensionContext();
  const userLocale = context.user?.locale;
  const timeZone = context.portal?.timezone;
  return useMemo(() => createI18n(userLocale, timeZone), [userLocale, timeZone]);
}
