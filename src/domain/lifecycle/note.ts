// The timeline notes the loop leaves on contacts and deals: who, when, why, and the score at that
// moment, in English and German. Instants are ISO 8601 (UTC) so every reader sees the same time.
import type { Localized } from '../errors.ts';
import type { ScoreSnapshot } from './state.ts';

/** Joins localized sentences with a space, language by language. */
export function joinLocalized(parts: readonly Localized[]): Localized {
  return {
    en: parts.map((part) => part.en).join(' '),
    de: parts.map((part) => part.de).join(' '),
  };
}

/** "by user 42" / "von Benutzer 42"; automation is "the system" / "System". */
export function describeActor(actor: string): Localized {
  return actor === 'system'
    ? { en: 'by the system', de: 'vom System' }
    : { en: `by user ${actor}`, de: `von Benutzer ${actor}` };
}

/** The score sentence every note ends with. */
export function describeScore(score: ScoreSnapshot | undefined): Localized {
  if (score === undefined) {
    return { en: 'Score at that moment: unknown.', de: 'Score zu diesem Zeitpunkt: unbekannt.' };
  }
  const detail = `${score.total} (${score.grade}, ${score.band})`;
  return {
    en: `Score at that moment: ${detail}.`,
    de: `Score zu diesem Zeitpunkt: ${detail}.`,
  };
}

/** The user's own words, quoted, when there are any. */
export function describeUserNote(note: string | undefined): Localized[] {
  return note === undefined ? [] : [{ en: `Note: “${note}”`, de: `Notiz: „${note}“` }];
}
