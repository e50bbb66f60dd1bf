// The app page's message catalogues, by language.
import type { Language } from '../../settings/lib/types.ts';
import { de } from './de.ts';
import { en, type Messages } from './en.ts';

export type { MessageKey, Messages } from './en.ts';

/** The catalogue for a language. */
export function messagesFor(language: Language): Messages {
  return language === 'de' ? de : en;
}
