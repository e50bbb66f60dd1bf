// Fixed lists the settings page offers in its pickers. They mirror src/domain (operators, lead
// statuses, lifecycle stages, plan sections, completeness items, qualification questions), copied
// here because HubSpot uploads only extensions/ and bundles nothing from src/ at runtime.
// tests/settings/catalog.test.ts fails as soon as a copy drifts from the domain.
import type { Localized } from './types.ts';

/** Every scoring rule operator (src/domain/scoring/model.ts OPERATORS). */
export const OPERATORS = [
  'eq',
  'neq',
  'contains',
  'not_contains',
  'contains_word',
  'starts_with',
  'ends_with',
  'in',
  'not_in',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'is_any_of',
  'is_none_of',
  'within_last_days',
  'older_than_days',
  'before',
  'after',
  'is_known',
  'is_unknown',
] as const;
/** One scoring rule operator. */
export type Operator = (typeof OPERATORS)[number];

/** HubSpot's default hs_lead_status values (src/domain/lifecycle/policy.ts). */
export const LEAD_STATUSES = [
  'NEW',
  'OPEN',
  'IN_PROGRESS',
  'OPEN_DEAL',
  'UNQUALIFIED',
  'ATTEMPTED_TO_CONTACT',
  'CONNECTED',
  'BAD_TIMING',
] as const;

/** The domain's lifecycle stages, mapped to the portal's internal values in the policy. */
export const LIFECYCLE_STAGES = [
  'subscriber',
  'lead',
  'mql',
  'sql',
  'opportunity',
  'customer',
  'evangelist',
  'other',
] as const;
/** One domain lifecycle stage. */
export type LifecycleStageKey = (typeof LIFECYCLE_STAGES)[number];

/** The six plan sections with their titles (src/domain/plan/sections.ts). */
export const SECTIONS = [
  { key: 'accountTeam', label: { en: 'Account team', de: 'Account-Team' } },
  { key: 'customerProfile', label: { en: 'Customer profile', de: 'Kundenprofil' } },
  {
    key: 'opportunitySummary',
    label: { en: 'Opportunity summary', de: 'Zusammenfassung der Opportunity' },
  },
  {
    key: 'buyingProcess',
    label: { en: 'Milestones & buying process', de: 'Meilensteine und Kaufprozess' },
  },
  {
    key: 'keyPeople',
    label: {
      en: 'Key people, roles & decision criteria',
      de: 'Schlüsselpersonen und Entscheidungskriterien',
    },
  },
  { key: 'competition', label: { en: 'Competition', de: 'Wettbewerbsanalyse' } },
] as const satisfies readonly { key: string; label: Localized }[];
/** One plan section key. */
export type SectionKeyId = (typeof SECTIONS)[number]['key'];

/** The four qualification questions (src/domain/assessment/questions.ts). */
export const QUESTIONS = [
  {
    id: 'real_opportunity',
    label: { en: 'Is this a real opportunity?', de: 'Ist das eine echte Opportunity?' },
  },
  {
    id: 'competitive_position',
    label: {
      en: 'How competitive are we against other vendors?',
      de: 'Wie wettbewerbsfähig sind wir gegenüber anderen Anbietern?',
    },
  },
  {
    id: 'good_deal',
    label: {
      en: 'Is it a good deal by our criteria?',
      de: 'Ist es nach unseren Kriterien ein gutes Geschäft?',
    },
  },
  {
    id: 'can_win',
    label: {
      en: 'Can we win the customer, and when?',
      de: 'Können wir den Kunden gewinnen, und wann?',
    },
  },
] as const satisfies readonly { id: string; label: Localized }[];
/** One qualification question id. */
export type QuestionKey = (typeof QUESTIONS)[number]['id'];

/** Every plan completeness item a stage gate may require (src/domain/plan/completeness.ts). */
export const COMPLETENESS_ITEMS = [
  {
    item: 'accountTeam.lead',
    section: 'accountTeam',
    title: { en: 'Account team lead named', de: 'Leitung des Account-Teams benannt' },
  },
  {
    item: 'accountTeam.members',
    section: 'accountTeam',
    title: { en: 'Account team members', de: 'Mitglieder des Account-Teams' },
  },
  {
    item: 'customerProfile.businessAreas',
    section: 'customerProfile',
    title: { en: "Customer's business areas", de: 'Geschäftsbereiche des Kunden' },
  },
  {
    item: 'customerProfile.products',
    section: 'customerProfile',
    title: { en: "Customer's products", de: 'Produkte des Kunden' },
  },
  {
    item: 'customerProfile.revenue',
    section: 'customerProfile',
    title: { en: "Customer's annual revenue", de: 'Jahresumsatz des Kunden' },
  },
  {
    item: 'customerProfile.employees',
    section: 'customerProfile',
    title: { en: "Customer's number of employees", de: 'Mitarbeiterzahl des Kunden' },
  },
  {
    item: 'customerProfile.customers',
    section: 'customerProfile',
    title: { en: "Customer's customers", de: 'Kunden des Kunden' },
  },
  {
    item: 'customerProfile.competitors',
    section: 'customerProfile',
    title: { en: "Customer's competitors", de: 'Wettbewerber des Kunden' },
  },
  {
    item: 'customerProfile.contactPoints',
    section: 'customerProfile',
    title: { en: 'Main contact points', de: 'Hauptansprechpartner' },
  },
  {
    item: 'opportunitySummary.description',
    section: 'opportunitySummary',
    title: { en: 'Project description', de: 'Projektbeschreibung' },
  },
  {
    item: 'opportunitySummary.solution',
    section: 'opportunitySummary',
    title: { en: 'Our solution', de: 'Unsere Lösung' },
  },
  {
    item: 'opportunitySummary.budgetAmount',
    section: 'opportunitySummary',
    title: { en: 'Customer budget', de: 'Kundenbudget' },
  },
  {
    item: 'opportunitySummary.budgetConfirmed',
    section: 'opportunitySummary',
    title: { en: 'Budget confirmed', de: 'Budget bestätigt' },
  },
  {
    item: 'opportunitySummary.problems',
    section: 'opportunitySummary',
    title: { en: 'Customer problems', de: 'Probleme des Kunden' },
  },
  {
    item: 'opportunitySummary.actNowDecision',
    section: 'opportunitySummary',
    title: { en: 'Act now or wait', de: 'Jetzt handeln oder warten' },
  },
  {
    item: 'opportunitySummary.consequences',
    section: 'opportunitySummary',
    title: { en: 'Consequences of not acting', de: 'Folgen des Nichthandelns' },
  },
  {
    item: 'opportunitySummary.timeline',
    section: 'opportunitySummary',
    title: { en: 'Customer timeline', de: 'Zeitplan des Kunden' },
  },
  {
    item: 'opportunitySummary.expectedResults',
    section: 'opportunitySummary',
    title: { en: 'Expected results', de: 'Erwartete Ergebnisse' },
  },
  {
    item: 'buyingProcess.steps',
    section: 'buyingProcess',
    title: { en: 'Buying process steps', de: 'Schritte des Kaufprozesses' },
  },
  {
    item: 'buyingProcess.stepsDated',
    section: 'buyingProcess',
    title: { en: 'Every step dated', de: 'Jeder Schritt terminiert' },
  },
  {
    item: 'buyingProcess.stepOwners',
    section: 'buyingProcess',
    title: { en: 'Every step has an owner', de: 'Jeder Schritt hat einen Verantwortlichen' },
  },
  {
    item: 'buyingProcess.customerDeadlines',
    section: 'buyingProcess',
    title: { en: 'Customer deadlines', de: 'Fristen des Kunden' },
  },
  {
    item: 'keyPeople.stakeholders',
    section: 'keyPeople',
    title: { en: 'Stakeholders', de: 'Beteiligte' },
  },
  {
    item: 'keyPeople.decisionMaker',
    section: 'keyPeople',
    title: { en: 'Decision maker known', de: 'Entscheider bekannt' },
  },
  {
    item: 'keyPeople.champion',
    section: 'keyPeople',
    title: { en: 'Champion known', de: 'Champion bekannt' },
  },
  {
    item: 'keyPeople.budgetHolder',
    section: 'keyPeople',
    title: { en: 'Budget holder known', de: 'Budgetverantwortlicher bekannt' },
  },
  {
    item: 'keyPeople.decisionCriteria',
    section: 'keyPeople',
    title: {
      en: 'Decision criteria of the decision maker',
      de: 'Entscheidungskriterien des Entscheiders',
    },
  },
  {
    item: 'keyPeople.opinionsKnown',
    section: 'keyPeople',
    title: { en: 'Opinions of us known', de: 'Meinungen über uns bekannt' },
  },
  {
    item: 'competition.competitors',
    section: 'competition',
    title: { en: 'Competitors known', de: 'Wettbewerber bekannt' },
  },
  {
    item: 'competition.threatLevels',
    section: 'competition',
    title: { en: 'Threat level per competitor', de: 'Bedrohung je Wettbewerber' },
  },
  {
    item: 'competition.winStrategies',
    section: 'competition',
    title: { en: 'Win strategy per competitor', de: 'Gewinnstrategie je Wettbewerber' },
  },
] as const satisfies readonly { item: string; section: string; title: Localized }[];
