// Which language the settings page and the app page speak, and how message templates are filled.
import { useExtensionContext } from '@hubspot/ui-extensions';
import { formatMessage } from '../../cards/lib/message-format.ts';
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

/** Formats an ICU message template (the cards' formatter: plurals, numbers per locale). */
export function format(template: string, values: MessageValues, locale: string = 'en'): string {
  return formatMessage(template, values, locale);
}

/** Picks the user's language from a localized text. */
export function localize(text: Localized, language: Language): string {
  return text[language];
}
