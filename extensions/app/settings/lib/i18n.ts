// Which language the settings page and the app page speak, and how message templates are filled.
import { useExtensionContext } from '@hubspot/ui-extensions';
import { formatMessage, formatNumber } from '../../cards/lib/message-format.ts';
import type { MessageValues } from '../../cards/lib/message-format.ts';
import type { Language, Localized } from './types.ts';

/** The user's language from HubSpot's user context: German for any `de…` locale, English otherwise. */
export function languageOf(user: { locale?: string; language?: string } | undefined): Language {
  const tag = (user?.language ?? user?.locale ?? 'en').toLowerCase();
  return tag.startsWith('de') ? 'de' : 'en';
}

/** The current user's language, read from the extension context. */
export function useLanguage(): Language {
  return languageOf(useExtensionContext().user);
}

/** The locale numbers and dates are formatted in for a language. */
export function localeOf(language: Language): string {
  return language === 'de' ? 'de-DE' : 'en-US';
}

/** Formats an ICU message template (the cards' formatter: plurals, numbers per locale). */
export function format(template: string, values: MessageValues, language: Language = 'en'): string {
  return formatMessage(template, values, localeOf(language));
}

/** `format` bound to one language. */
export function formatIn(language: Language): (template: string, values: MessageValues) => string {
  return (template, values) => format(template, values, language);
}

/** A number as users of the language write it. */
export function formatCount(value: number, language: Language): string {
  return formatNumber(value, localeOf(language));
}

/** Signed points: +10 / -1.500. */
export function formatSignedPoints(points: number, language: Language): string {
  const text = formatCount(Math.abs(points), language);
  return points > 0 ? `+${text}` : points < 0 ? `-${text}` : text;
}

/** Picks the user's language from a localized text. */
export function localize(text: Localized, language: Language): string {
  return text[language];
}
