// Which language the settings page and the app page speak, and how message templates are filled.
import { useExtensionContext } from '@hubspot/ui-extensions';
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

/** Fills `{name}` placeholders in a message template. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/** Picks the user's language from a localized text. */
export function localize(text: Localized, language: Language): string {
  return text[language];
}
