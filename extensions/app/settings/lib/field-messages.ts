// The backend names each field problem in English (the domain's zod messages, e.g. "expected at
// most 100 points"); the settings page shows it next to the field in the user's language. This is
// the one table that turns those messages into German: the fixed sentences the domain's schemas
// use (src/domain/scoring/model.ts, src/domain/lifecycle/policy.ts, src/domain/settings*.ts,
// src/domain/plan/stage-gates.ts), and zod's own "Too small/Too big" wording. A message the table
// does not know is shown as a German request to check the value, with the English detail kept.
import type { Language } from './types.ts';
import { formatCount } from './i18n.ts';

type Rule = [RegExp, (match: RegExpExecArray) => string];

const n = (text: string | undefined) => formatCount(Number(text), 'de');

const GERMAN: readonly Rule[] = [
  [/^expected at least (-?\d+) points$/, (m) => `Mindestens ${n(m[1])} Punkte.`],
  [/^expected at most (-?\d+) points$/, (m) => `Höchstens ${n(m[1])} Punkte.`],
  [/^expected a whole number of points$/, () => 'Geben Sie eine ganze Zahl von Punkten ein.'],
  [/^expected a number of points$/, () => 'Geben Sie die Punkte als Zahl ein.'],
  [/^expected a (finite )?number$/, () => 'Geben Sie eine Zahl ein.'],
  [/^expected a number of days( greater than 0)?$/, () => 'Geben Sie eine Anzahl Tage über 0 ein.'],
  [/^(expected|must be) at most (\d+) days$/, (m) => `Höchstens ${n(m[2])} Tage.`],
  [/^expected an ISO date( such as .*)?$/, () => 'Geben Sie ein Datum im Format JJJJ-MM-TT ein.'],
  [/^expected text or a number$/, () => 'Geben Sie einen Text oder eine Zahl ein.'],
  [/^expected text$/, () => 'Geben Sie einen Text ein.'],
  [/^expected (a name|an id)$/, () => 'Dieses Feld darf nicht leer sein.'],
  [/^expected at least one value$/, () => 'Geben Sie mindestens einen Wert ein.'],
  [
    /^expected at most (\d+) (values|groups|rules|competitors|aliases)$/,
    (m) => `Höchstens ${n(m[1])} Einträge.`,
  ],
  [/^expected \[min, max\]$/, () => 'Geben Sie einen Bereich von … bis ein.'],
  [/^min must not be greater than max$/, () => '„Von“ darf nicht größer als „Bis“ sein.'],
  [
    /^expected a HubSpot (internal )?property name.*$/,
    () => 'Wählen Sie eine Eigenschaft (interner Name: a–z, 0–9, _).',
  ],
  [/^expected an operator.*$/, () => 'Wählen Sie einen Vergleich.'],
  [/^duplicate (group|rule) id "(.+)"$/, (m) => `Die ID „${m[2]}“ ist bereits vergeben.`],
  [/^decay applies to engagement rules only$/, () => 'Verfall gilt nur für Engagement-Regeln.'],
  [
    /^the SQL threshold must not be below the MQL threshold$/,
    () => 'Die SQL-Schwelle darf nicht unter der MQL-Schwelle liegen.',
  ],
  [
    /^grade A must need more fit points than grade B$/,
    () => 'Einstufung A muss mehr Fit-Punkte verlangen als B.',
  ],
  [
    /^engagement grade 1 must need more points than grade 2$/,
    () => 'Engagement 1 muss mehr Punkte verlangen als Engagement 2.',
  ],
  [/^(The value|The id|must) (must )?not be blank$/, () => 'Dieses Feld darf nicht leer sein.'],
  [/^must not be below 0$/, () => 'Der Wert darf nicht unter 0 liegen.'],
  [/^must be at most (\d+)$/, (m) => `Höchstens ${n(m[1])}.`],
  [/^must be at most (\d+) characters$/, (m) => `Höchstens ${n(m[1])} Zeichen.`],
  [/^Enter an English label$/, () => 'Geben Sie eine englische Bezeichnung ein.'],
  [/^Enter a German label$/, () => 'Geben Sie eine deutsche Bezeichnung ein.'],
  [/^Enter a name$/, () => 'Geben Sie einen Namen ein.'],
  [/^Enter a stage id$/, () => 'Wählen Sie eine Deal-Phase.'],
  [/^Name at least one stage$/, () => 'Wählen Sie mindestens eine Deal-Phase.'],
  [/^Keep at least one return reason$/, () => 'Behalten Sie mindestens einen Rückgabegrund.'],
  [/^Each (item|buying role) only once$/, () => 'Jeder Eintrag nur einmal.'],
  [/^Choose en or de$/, () => 'Wählen Sie Englisch oder Deutsch.'],
  [
    /^Choose previous_owner, configured or team_round_robin$/,
    () => 'Wählen Sie, wer zurückgegebene Kontakte erhält.',
  ],
  [
    /^Choose the marketing owner who takes returned contacts$/,
    () => 'Wählen Sie den Kontaktinhaber im Marketing, der zurückgegebene Kontakte erhält.',
  ],
  [/^must be a HubSpot record id$/, () => 'Wählen Sie einen Eintrag aus der Liste.'],
  [
    /^use lower-case letters, digits, "-" and "_".*$/,
    () => 'Nur Kleinbuchstaben, Ziffern, „-“ und „_“ (am Anfang ein Buchstabe oder eine Ziffer).',
  ],
  [/^must be greater than 0$/, () => 'Der Wert muss größer als 0 sein.'],
  [/^expected a (list of groups|list of rules|list of values|rule)$/, () => 'Dieser Wert fehlt.'],
  [
    /^Use lower-case letters, digits and underscores$/,
    () => 'Nur Kleinbuchstaben, Ziffern und Unterstriche.',
  ],
  [/^The reason code "(.+)" is used twice$/, (m) => `Der Code „${m[1]}“ ist doppelt vergeben.`],
  [
    /^Stage "(.+)" already has a gate$/,
    (m) => `Die Deal-Phase „${m[1]}“ hat bereits eine Phasen-Voraussetzung.`,
  ],
  [
    /^The stage "(.+)" cannot mean both won and lost$/,
    (m) => `Die Deal-Phase „${m[1]}“ kann nicht zugleich gewonnen und verloren bedeuten.`,
  ],
  [
    /^A new deal cannot start in a won or lost stage$/,
    () => 'Ein neuer Deal kann nicht in einer gewonnenen oder verlorenen Deal-Phase beginnen.',
  ],
  [
    /^To close the deal on return, choose "close as lost" instead of a closed stage$/,
    () =>
      'Um den Deal bei der Rückgabe zu schließen, wählen Sie „als verloren schließen“ statt einer geschlossenen Deal-Phase.',
  ],
  [
    /^"(.+)" already belongs to competitor (\d+)$/,
    (m) => `„${m[1]}“ gehört bereits zu Wettbewerber ${m[2]}.`,
  ],
  [/^At most (\d+) owners$/, (m) => `Höchstens ${n(m[1])} Inhaber.`],
  [/^Too small: expected number to be >=?(-?[\d.]+)$/, (m) => `Mindestens ${n(m[1])}.`],
  [/^Too big: expected number to be <=?(-?[\d.]+)$/, (m) => `Höchstens ${n(m[1])}.`],
  [/^Too big: expected string to have <=(\d+) characters$/, (m) => `Höchstens ${n(m[1])} Zeichen.`],
  [
    /^Too small: expected string to have >=(\d+) characters?$/,
    (m) => `Mindestens ${n(m[1])} Zeichen.`,
  ],
  [/^Invalid input: expected number.*$/, () => 'Geben Sie eine Zahl ein.'],
  [/^Invalid input: expected string.*$/, () => 'Geben Sie einen Text ein.'],
  [/^Invalid option.*$/, () => 'Wählen Sie einen Eintrag aus der Liste.'],
  [/^type at least (\d+) characters$/, (m) => `Geben Sie mindestens ${n(m[1])} Zeichen ein.`],
  [/^choose a contact.*$/, () => 'Wählen Sie einen Kontakt.'],
];

/** The message in the user's language (English messages are shown as the backend wrote them). */
export function localizeFieldMessage(message: string, language: Language): string {
  if (language === 'en') return message;
  // The scoring model names the rule first: `rule "vp": expected a number`.
  const rule = /^rule "([^"]+)": (.*)$/s.exec(message.trim());
  if (rule) return `Regel „${rule[1]}“: ${localizeFieldMessage(rule[2]!, language)}`;
  for (const [pattern, german] of GERMAN) {
    const match = pattern.exec(message.trim());
    if (match) return german(match);
  }
  return `Bitte prüfen Sie diesen Wert (${message}).`;
}

/** Every known English message has a German text (the test walks the domain's messages). */
export const KNOWN_MESSAGE_PATTERNS: readonly RegExp[] = GERMAN.map(([pattern]) => pattern);
