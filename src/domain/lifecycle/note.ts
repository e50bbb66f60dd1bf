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

/**
 * "by Anna Schmidt" / "von Anna Schmidt" when the acting HubSpot user's name is known (key
 * `user:<userId>` of `names.people`), else "by user 42" / "von Benutzer 42"; automation is "by the
 * system" / "vom System", a workflow action "by a HubSpot workflow".
 */
export function describeActor(actor: string, names?: NoteNames): Localized {
  if (actor === 'system') return { en: 'by the system', de: 'vom System' };
  if (actor === 'workflow')
    return { en: 'by a HubSpot workflow', de: 'von einem HubSpot-Workflow' };
  const name = names?.people?.[`user:${actor}`];
  return name
    ? { en: `by ${name}`, de: `von ${name}` }
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

const DATE_FORMATS = {
  en: new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }),
  de: new Intl.DateTimeFormat('de-DE', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }),
};
const TIME_FORMATS = {
  en: new Intl.DateTimeFormat('en-US', {
    dateStyle: 'medium',
    timeStyle: 'short',
    hourCycle: 'h23',
    timeZone: 'UTC',
  }),
  de: new Intl.DateTimeFormat('de-DE', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }),
};

/**
 * An instant as each language writes it, in UTC (the domain has no time zone): "Dec 2, 2026, 01:05
 * UTC" / "02.12.2026, 01:05 UTC". An unreadable instant is returned as given.
 */
export function formatInstant(iso: string): Localized {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return { en: iso, de: iso };
  return {
    en: `${TIME_FORMATS.en.format(ms)} UTC`,
    de: `${TIME_FORMATS.de.format(ms)} UTC`,
  };
}

/** A calendar day (YYYY-MM-DD) as each language writes it: "Dec 2, 2026" / "02.12.2026". */
export function formatDay(isoDay: string): Localized {
  const ms = Date.parse(`${isoDay}T00:00:00Z`);
  if (Number.isNaN(ms)) return { en: isoDay, de: isoDay };
  return { en: DATE_FORMATS.en.format(ms), de: DATE_FORMATS.de.format(ms) };
}

/** Names of the people and records a note or task mentions, resolved by the caller. */
export interface NoteNames {
  /** Owner names by owner id, and user names by `user:<HubSpot user id>`. */
  people?: Readonly<Record<string, string>>;
  /** Deal names by deal id. */
  deals?: Readonly<Record<string, string>>;
  /** Deal stage labels by stage id. */
  stages?: Readonly<Record<string, string>>;
}

/** An owner's name when known, else the owner id (HubSpot does not know the owner any more). */
export function describePerson(id: string, names: NoteNames | undefined): Localized {
  const name = names?.people?.[id];
  return name ? { en: name, de: name } : { en: id, de: id };
}

/** A deal as a reader knows it: “Rhein Networks – CRM rollout” / „…“ when named, else its id. */
export function describeDeal(id: string, names: NoteNames | undefined): Localized {
  const name = names?.deals?.[id]?.trim();
  return name ? { en: `“${name}”`, de: `„${name}“` } : { en: id, de: id };
}

/** A deal stage by its label when known (“Contract sent”), else its id. */
export function describeStage(id: string, names: NoteNames | undefined): Localized {
  const label = names?.stages?.[id]?.trim();
  return label ? { en: `“${label}”`, de: `„${label}“` } : { en: id, de: id };
}
