// Texts of the account features (company card, shared profile, relationship map) in English and
// formal German. Kept apart from en.ts/de.ts so the account can grow without touching the shared
// catalogues (the names of buying roles and attitudes are theirs, reused here);
// tests/cards/account.test.tsx checks both languages have the same keys.
import type { Level } from '../types.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import type { Coverage } from '../../../../../src/domain/account/index.ts';

export const accountEn = {
  companyCard: {
    loading: 'Loading the account…',
    customerSince: 'Customer since {date}',
    notCustomer: 'Not a customer yet',
    profileTab: 'Customer profile',
    opportunitiesTab: 'Opportunities',
    wonPlansTab: 'Won plans',
    mapTab: 'Relationship map',
    noOpportunities: 'This company has no deals yet.',
    noWonPlans: 'No deal of this company has been won yet.',
    deal: 'Deal',
    stage: 'Stage',
    outcome: 'Outcome',
    completeness: 'Plan',
    loops: 'Returns',
    closeDate: 'Close date',
    outcomes: { open: 'Open', won: 'Won', lost: 'Lost' },
    expectedResults: 'Expected results',
    timeline: 'Timeline',
    solution: 'Our solution',
    stakeholders: 'Stakeholders',
    wonOn: 'Won {date}',
    none: 'None recorded',
  },
  profile: {
    sharedHint: 'This customer profile belongs to {company} and is shared by all its deals.',
    ownHint: 'This deal has no company, so it keeps its own customer profile.',
    migratedFromDeal: 'The profile was taken over from the copy on deal {deal}.',
    migratedFromCarriedOver: 'The profile was taken over from the last won deal.',
    alternativeTitle: 'Another version of the customer profile',
    alternativeFromDeal: 'Deal {deal} kept its own, different customer profile (saved {date}).',
    alternativeFromCarriedOver: 'The last won deal carried over a different customer profile.',
    alternativeSummary: 'Business areas: {areas}',
    take: 'Use this version',
    keep: 'Keep the current profile',
    settledTitle: 'Profile updated',
  },
  proposal: {
    title: 'Start from the last won plan',
    acceptTeam: 'Accept account team',
    acceptPeople: 'Accept stakeholders ({count})',
    accepted: 'Taken over from the won plan.',
  },
  map: {
    title: 'Relationship map',
    empty: 'No stakeholders yet. Add them under key people.',
    outside: 'not in the buying committee',
    reportsTo: 'Reports to',
    nobody: 'Nobody',
    influence: 'Influence',
    attitude: 'Attitude to change',
    coverageLabel: 'Coverage',
    gapTitle: 'Missing: {role}',
    risksTitle: 'At risk',
    risk: {
      critic_with_influence: '{name} has high influence and is critical of us.',
      influential_uncovered: '{name} has high influence, but we hardly cover them.',
    },
    deals: 'Deals: {count}',
    lineSaved: 'Reporting line saved.',
    notJudged: 'not judged',
    levels: { low: 'low', medium: 'medium', high: 'high' } satisfies Record<Level, string>,
    coverage: {
      strong: 'well covered',
      partial: 'partly covered',
      weak: 'hardly covered',
      unknown: 'coverage unknown',
    } satisfies Record<Coverage, string>,
    // The map's opinions say what is unknown; roles and attitudes are the key-people section's.
    opinions: { ...en.opinions, unknown: 'Opinion unknown' },
    attitudes: en.attitudes,
    roles: en.buyingRoles,
  },
};

export type AccountMessages = typeof accountEn;

export const accountDe: AccountMessages = {
  companyCard: {
    loading: 'Account wird geladen…',
    customerSince: 'Kunde seit {date}',
    notCustomer: 'Noch kein Kunde',
    profileTab: 'Kundenprofil',
    opportunitiesTab: 'Opportunities',
    wonPlansTab: 'Gewonnene Pläne',
    mapTab: 'Beziehungslandkarte',
    noOpportunities: 'Dieses Unternehmen hat noch keine Deals.',
    noWonPlans: 'Noch kein Deal dieses Unternehmens wurde gewonnen.',
    deal: 'Deal',
    stage: 'Phase',
    outcome: 'Ergebnis',
    completeness: 'Plan',
    loops: 'Rückgaben',
    closeDate: 'Abschlussdatum',
    outcomes: { open: 'Offen', won: 'Gewonnen', lost: 'Verloren' },
    expectedResults: 'Erwartete Ergebnisse',
    timeline: 'Zeitplan',
    solution: 'Unsere Lösung',
    stakeholders: 'Beteiligte',
    wonOn: 'Gewonnen am {date}',
    none: 'Nichts erfasst',
  },
  profile: {
    sharedHint:
      'Dieses Kundenprofil gehört zu {company} und wird von allen Deals des Unternehmens geteilt.',
    ownHint: 'Dieser Deal hat kein Unternehmen und behält deshalb sein eigenes Kundenprofil.',
    migratedFromDeal: 'Das Profil wurde aus der Fassung im Deal {deal} übernommen.',
    migratedFromCarriedOver: 'Das Profil wurde aus dem zuletzt gewonnenen Deal übernommen.',
    alternativeTitle: 'Eine andere Fassung des Kundenprofils',
    alternativeFromDeal:
      'Der Deal {deal} hat ein eigenes, abweichendes Kundenprofil (gespeichert am {date}).',
    alternativeFromCarriedOver:
      'Der zuletzt gewonnene Deal hat ein abweichendes Kundenprofil übertragen.',
    alternativeSummary: 'Geschäftsbereiche: {areas}',
    take: 'Diese Fassung verwenden',
    keep: 'Aktuelles Profil behalten',
    settledTitle: 'Profil aktualisiert',
  },
  proposal: {
    title: 'Mit dem zuletzt gewonnenen Plan beginnen',
    acceptTeam: 'Account-Team übernehmen',
    acceptPeople: 'Beteiligte übernehmen ({count})',
    accepted: 'Aus dem gewonnenen Plan übernommen.',
  },
  map: {
    title: 'Beziehungslandkarte',
    empty: 'Noch keine Beteiligten. Fügen Sie sie unter Schlüsselpersonen hinzu.',
    outside: 'nicht im Buying Center',
    reportsTo: 'Berichtet an',
    nobody: 'Niemanden',
    influence: 'Einfluss',
    attitude: 'Haltung zu Veränderung',
    coverageLabel: 'Abdeckung',
    gapTitle: 'Fehlt: {role}',
    risksTitle: 'Gefährdet',
    risk: {
      critic_with_influence: '{name} hat großen Einfluss und steht uns kritisch gegenüber.',
      influential_uncovered: '{name} hat großen Einfluss, wird von uns aber kaum abgedeckt.',
    },
    deals: 'Deals: {count}',
    lineSaved: 'Berichtslinie gespeichert.',
    notJudged: 'nicht eingeschätzt',
    levels: { low: 'gering', medium: 'mittel', high: 'hoch' },
    coverage: {
      strong: 'gut abgedeckt',
      partial: 'teilweise abgedeckt',
      weak: 'kaum abgedeckt',
      unknown: 'Abdeckung unbekannt',
    },
    opinions: { ...de.opinions, unknown: 'Meinung unbekannt' },
    attitudes: de.attitudes,
    roles: de.buyingRoles,
  },
};

/** The account texts in the card's language. */
export function accountMessages(language: 'en' | 'de'): AccountMessages {
  return language === 'de' ? accountDe : accountEn;
}
