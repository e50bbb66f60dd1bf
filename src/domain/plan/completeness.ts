// How complete an Opportunity Plan is. Each section has a fixed list of items (so stage gates and
// settings can name them by id); an item is met or not, and a section's percent is the share of met
// items. Every rule only asks whether something is present, never whether it is absent, so filling
// in a field can never lower a percent (tests/domain/plan/completeness.test.ts checks this).
import { z } from 'zod';
import type { Localized } from '../errors.ts';
import type { BuyingRole } from '../properties.ts';
import type {
  AccountTeam,
  BuyingProcess,
  Competition,
  CustomerProfile,
  KeyPeople,
  OpportunitySummary,
  SectionContent,
  SectionKey,
  Stakeholder,
} from './sections.ts';
import { SECTION_KEYS, emptyContent } from './sections.ts';

/** Every completeness item id, `section.item`. */
export const COMPLETENESS_ITEM_IDS = [
  'accountTeam.lead',
  'accountTeam.members',
  'customerProfile.businessAreas',
  'customerProfile.products',
  'customerProfile.revenue',
  'customerProfile.employees',
  'customerProfile.customers',
  'customerProfile.competitors',
  'customerProfile.contactPoints',
  'opportunitySummary.description',
  'opportunitySummary.solution',
  'opportunitySummary.budgetAmount',
  'opportunitySummary.budgetConfirmed',
  'opportunitySummary.problems',
  'opportunitySummary.actNowDecision',
  'opportunitySummary.consequences',
  'opportunitySummary.timeline',
  'opportunitySummary.expectedResults',
  'buyingProcess.steps',
  'buyingProcess.stepsDated',
  'buyingProcess.stepOwners',
  'buyingProcess.customerDeadlines',
  'keyPeople.stakeholders',
  'keyPeople.decisionMaker',
  'keyPeople.champion',
  'keyPeople.budgetHolder',
  'keyPeople.decisionCriteria',
  'keyPeople.opinionsKnown',
  'competition.competitors',
  'competition.threatLevels',
  'competition.winStrategies',
] as const;
/** The id of one completeness item. */
export type CompletenessItemId = (typeof COMPLETENESS_ITEM_IDS)[number];

/** One thing a complete plan has, as settings offer it. */
export interface CompletenessItem {
  item: CompletenessItemId;
  section: SectionKey;
  /** Short name, e.g. for a checkbox in the stage-gate settings. */
  title: Localized;
  /** What the seller should do while the item is missing. */
  hint: Localized;
}

interface Rule<K extends SectionKey> {
  item: CompletenessItemId;
  title: Localized;
  hint: Localized;
  isMet: (content: SectionContent<K>) => boolean;
}

const filled = (text: string): boolean => text.trim().length > 0;
const anyFilled = (list: readonly string[]): boolean => list.some(filled);
const hasRole = (person: Stakeholder, role: BuyingRole): boolean =>
  person.buyingRoles.includes(role);
/** True for a non-empty list whose every entry passes `test` (an empty list proves nothing). */
const allOf = <T>(list: readonly T[], test: (entry: T) => boolean): boolean =>
  list.length > 0 && list.every(test);

const rule = <K extends SectionKey>(
  item: CompletenessItemId,
  title: [en: string, de: string],
  hint: [en: string, de: string],
  isMet: (content: SectionContent<K>) => boolean,
): Rule<K> => ({
  item,
  title: { en: title[0], de: title[1] },
  hint: { en: hint[0], de: hint[1] },
  isMet,
});

const RULES: { [K in SectionKey]: readonly Rule<K>[] } = {
  accountTeam: [
    rule<'accountTeam'>(
      'accountTeam.lead',
      ['Account team lead named', 'Leitung des Account-Teams benannt'],
      ['Name the lead of the account team.', 'Benennen Sie die Leitung des Account-Teams.'],
      (c: AccountTeam) => c.teamLead !== null,
    ),
    rule<'accountTeam'>(
      'accountTeam.members',
      ['Account team members', 'Mitglieder des Account-Teams'],
      [
        'Add at least one member to the account team.',
        'Fügen Sie dem Account-Team mindestens ein Mitglied hinzu.',
      ],
      (c: AccountTeam) => c.members.length > 0,
    ),
  ],
  customerProfile: [
    rule<'customerProfile'>(
      'customerProfile.businessAreas',
      ["Customer's business areas", 'Geschäftsbereiche des Kunden'],
      [
        'Describe the business areas the customer works in.',
        'Beschreiben Sie, in welchen Geschäftsbereichen der Kunde tätig ist.',
      ],
      (c: CustomerProfile) => anyFilled(c.businessAreas),
    ),
    rule<'customerProfile'>(
      'customerProfile.products',
      ["Customer's products", 'Produkte des Kunden'],
      ['List the products the customer sells.', 'Listen Sie die Produkte des Kunden auf.'],
      (c: CustomerProfile) => anyFilled(c.products),
    ),
    rule<'customerProfile'>(
      'customerProfile.revenue',
      ["Customer's annual revenue", 'Jahresumsatz des Kunden'],
      [
        "Enter the customer's annual revenue and its currency.",
        'Tragen Sie den Jahresumsatz des Kunden und die Währung ein.',
      ],
      (c: CustomerProfile) => c.financials.annualRevenue !== null && c.financials.currency !== null,
    ),
    rule<'customerProfile'>(
      'customerProfile.employees',
      ["Customer's number of employees", 'Mitarbeiterzahl des Kunden'],
      [
        'Enter how many employees the customer has.',
        'Tragen Sie ein, wie viele Mitarbeiter der Kunde hat.',
      ],
      (c: CustomerProfile) => c.financials.employees !== null,
    ),
    rule<'customerProfile'>(
      'customerProfile.customers',
      ["Customer's customers", 'Kunden des Kunden'],
      ['Name who the customer sells to.', 'Nennen Sie, an wen der Kunde verkauft.'],
      (c: CustomerProfile) => anyFilled(c.customersOfCustomer),
    ),
    rule<'customerProfile'>(
      'customerProfile.competitors',
      ["Customer's competitors", 'Wettbewerber des Kunden'],
      ["Name the customer's own competitors.", 'Nennen Sie die Wettbewerber des Kunden.'],
      (c: CustomerProfile) => anyFilled(c.competitorsOfCustomer),
    ),
    rule<'customerProfile'>(
      'customerProfile.contactPoints',
      ['Main contact points', 'Hauptansprechpartner'],
      [
        'Add at least one main contact at the customer.',
        'Fügen Sie mindestens einen Hauptansprechpartner beim Kunden hinzu.',
      ],
      (c: CustomerProfile) => c.contactPoints.length > 0,
    ),
  ],
  opportunitySummary: [
    rule<'opportunitySummary'>(
      'opportunitySummary.description',
      ['Project description', 'Projektbeschreibung'],
      ['Describe the customer’s project.', 'Beschreiben Sie das Projekt des Kunden.'],
      (c: OpportunitySummary) => filled(c.projectDescription),
    ),
    rule<'opportunitySummary'>(
      'opportunitySummary.solution',
      ['Our solution', 'Unsere Lösung'],
      [
        'Describe the solution we offer and which problem it solves.',
        'Beschreiben Sie unsere Lösung und welches Problem sie löst.',
      ],
      (c: OpportunitySummary) => filled(c.solution),
    ),
    rule<'opportunitySummary'>(
      'opportunitySummary.budgetAmount',
      ['Customer budget', 'Kundenbudget'],
      [
        'Enter the customer’s budget and its currency.',
        'Tragen Sie das Budget des Kunden und die Währung ein.',
      ],
      (c: OpportunitySummary) => c.budget.amount !== null && c.budget.currency !== null,
    ),
    rule<'opportunitySummary'>(
      'opportunitySummary.budgetConfirmed',
      ['Budget confirmed', 'Budget bestätigt'],
      [
        'Get the budget confirmed by the customer.',
        'Lassen Sie sich das Budget vom Kunden bestätigen.',
      ],
      (c: OpportunitySummary) => c.budget.confirmed,
    ),
    rule<'opportunitySummary'>(
      'opportunitySummary.problems',
      ['Customer problems', 'Probleme des Kunden'],
      [
        'List the problems the customer wants to solve.',
        'Listen Sie die Probleme auf, die der Kunde lösen will.',
      ],
      (c: OpportunitySummary) => anyFilled(c.problems),
    ),
    rule<'opportunitySummary'>(
      'opportunitySummary.actNowDecision',
      ['Act now or wait', 'Jetzt handeln oder warten'],
      [
        'Find out whether the customer must act now or can wait.',
        'Klären Sie, ob der Kunde jetzt handeln muss oder warten kann.',
      ],
      (c: OpportunitySummary) => c.actNow.decision !== 'undecided',
    ),
    rule<'opportunitySummary'>(
      'opportunitySummary.consequences',
      ['Consequences of not acting', 'Folgen des Nichthandelns'],
      [
        'Describe what happens to the customer if they do not act.',
        'Beschreiben Sie, was passiert, wenn der Kunde nicht handelt.',
      ],
      (c: OpportunitySummary) => filled(c.consequencesOfInaction),
    ),
    rule<'opportunitySummary'>(
      'opportunitySummary.timeline',
      ['Customer timeline', 'Zeitplan des Kunden'],
      [
        'Enter the date by which the customer wants the project done.',
        'Tragen Sie ein, bis wann der Kunde das Projekt abschließen will.',
      ],
      (c: OpportunitySummary) => c.timeline.targetDate !== null,
    ),
    rule<'opportunitySummary'>(
      'opportunitySummary.expectedResults',
      ['Expected results', 'Erwartete Ergebnisse'],
      [
        'List the results the customer expects.',
        'Listen Sie die Ergebnisse auf, die der Kunde erwartet.',
      ],
      (c: OpportunitySummary) => anyFilled(c.expectedResults),
    ),
  ],
  buyingProcess: [
    rule<'buyingProcess'>(
      'buyingProcess.steps',
      ['Buying process steps', 'Schritte des Kaufprozesses'],
      [
        'Add the steps of the customer’s buying process.',
        'Fügen Sie die Schritte des Kaufprozesses beim Kunden hinzu.',
      ],
      (c: BuyingProcess) => c.steps.length > 0,
    ),
    rule<'buyingProcess'>(
      'buyingProcess.stepsDated',
      ['Every step dated', 'Jeder Schritt terminiert'],
      [
        'Give every buying process step a due date.',
        'Geben Sie jedem Schritt des Kaufprozesses ein Fälligkeitsdatum.',
      ],
      (c: BuyingProcess) => allOf(c.steps, (step) => step.dueDate !== null),
    ),
    rule<'buyingProcess'>(
      'buyingProcess.stepOwners',
      ['Every step has an owner', 'Jeder Schritt hat einen Verantwortlichen'],
      [
        'Name who is responsible for every buying process step.',
        'Benennen Sie für jeden Schritt des Kaufprozesses einen Verantwortlichen.',
      ],
      (c: BuyingProcess) => allOf(c.steps, (step) => filled(step.owner)),
    ),
    rule<'buyingProcess'>(
      'buyingProcess.customerDeadlines',
      ['Customer deadlines', 'Fristen des Kunden'],
      [
        'Enter at least one deadline the customer has to meet.',
        'Tragen Sie mindestens eine Frist des Kunden ein.',
      ],
      (c: BuyingProcess) => c.customerDeadlines.length > 0,
    ),
  ],
  keyPeople: [
    rule<'keyPeople'>(
      'keyPeople.stakeholders',
      ['Stakeholders', 'Beteiligte'],
      [
        'Add the people at the customer who take part in the decision.',
        'Fügen Sie die Personen beim Kunden hinzu, die an der Entscheidung beteiligt sind.',
      ],
      (c: KeyPeople) => c.stakeholders.length > 0,
    ),
    rule<'keyPeople'>(
      'keyPeople.decisionMaker',
      ['Decision maker known', 'Entscheider bekannt'],
      ['Find out who makes the decision.', 'Finden Sie heraus, wer die Entscheidung trifft.'],
      (c: KeyPeople) => c.stakeholders.some((s) => hasRole(s, 'decision_maker')),
    ),
    rule<'keyPeople'>(
      'keyPeople.champion',
      ['Champion known', 'Champion bekannt'],
      [
        'Find a champion who supports us inside the customer.',
        'Gewinnen Sie einen Champion, der uns beim Kunden unterstützt.',
      ],
      (c: KeyPeople) => c.stakeholders.some((s) => hasRole(s, 'champion')),
    ),
    rule<'keyPeople'>(
      'keyPeople.budgetHolder',
      ['Budget holder known', 'Budgetverantwortlicher bekannt'],
      ['Find out who holds the budget.', 'Finden Sie heraus, wer über das Budget verfügt.'],
      (c: KeyPeople) => c.stakeholders.some((s) => hasRole(s, 'budget_holder')),
    ),
    rule<'keyPeople'>(
      'keyPeople.decisionCriteria',
      ['Decision criteria of the decision maker', 'Entscheidungskriterien des Entscheiders'],
      [
        'Record the decision criteria of the decision maker.',
        'Erfassen Sie die Entscheidungskriterien des Entscheiders.',
      ],
      // "Some decision maker", not "every": giving one more person the role must not lower the plan.
      (c: KeyPeople) =>
        c.stakeholders.some((s) => hasRole(s, 'decision_maker') && anyFilled(s.decisionCriteria)),
    ),
    rule<'keyPeople'>(
      'keyPeople.opinionsKnown',
      ['Opinions of us known', 'Meinungen über uns bekannt'],
      [
        'Find out what every stakeholder thinks of us.',
        'Finden Sie heraus, was jeder Beteiligte von uns hält.',
      ],
      (c: KeyPeople) => allOf(c.stakeholders, (s) => s.opinionOfUs !== 'unknown'),
    ),
  ],
  competition: [
    rule<'competition'>(
      'competition.competitors',
      ['Competitors known', 'Wettbewerber bekannt'],
      [
        'Add the competitors for this deal, or state that no competition is known.',
        'Fügen Sie die Wettbewerber hinzu oder geben Sie an, dass kein Wettbewerb bekannt ist.',
      ],
      (c: Competition) => c.competitors.length > 0 || c.noCompetitionKnown,
    ),
    rule<'competition'>(
      'competition.threatLevels',
      ['Threat level per competitor', 'Bedrohung je Wettbewerber'],
      [
        'Rate the threat from every competitor.',
        'Bewerten Sie die Bedrohung durch jeden Wettbewerber.',
      ],
      (c: Competition) =>
        c.noCompetitionKnown || allOf(c.competitors, (x) => x.threatLevel !== null),
    ),
    rule<'competition'>(
      'competition.winStrategies',
      ['Win strategy per competitor', 'Gewinnstrategie je Wettbewerber'],
      [
        'Write down how we win against every competitor.',
        'Halten Sie fest, wie wir gegen jeden Wettbewerber gewinnen.',
      ],
      (c: Competition) =>
        c.noCompetitionKnown || allOf(c.competitors, (x) => filled(x.winStrategy)),
    ),
  ],
};

/** Every completeness item with its section and labels, in display order (for settings). */
export const ALL_COMPLETENESS_ITEMS: readonly CompletenessItem[] = SECTION_KEYS.flatMap((section) =>
  RULES[section].map(({ item, title, hint }) => ({ item, section, title, hint })),
);

/** A missing item and what the seller should do about it. */
export interface MissingItem {
  item: CompletenessItemId;
  label: Localized;
}

/** How complete one section is. */
export interface SectionCompleteness {
  /** Share of met items, 0-100, rounded down (100 only when nothing is missing). */
  percent: number;
  filled: number;
  total: number;
  missing: MissingItem[];
}

/** Rounds a share in [0, 1] down to a whole percent; the epsilon absorbs float error (1/3·3). */
function toPercent(share: number): number {
  return Math.min(100, Math.floor(share * 100 + 1e-9));
}

/** Which items of section `key` are met, and which are missing with a hint for the seller. */
export function sectionCompleteness<K extends SectionKey>(
  key: K,
  content: SectionContent<K>,
): SectionCompleteness {
  const rules = RULES[key] as readonly Rule<K>[];
  const missing = rules
    .filter((r) => !r.isMet(content))
    .map((r) => ({ item: r.item, label: r.hint }));
  const total = rules.length;
  const met = total - missing.length;
  return { percent: toPercent(met / total), filled: met, total, missing };
}

/** Relative weight of each section in the overall completeness (the selling core counts double). */
export const DEFAULT_SECTION_WEIGHTS: Readonly<Record<SectionKey, number>> = {
  accountTeam: 1,
  customerProfile: 1,
  opportunitySummary: 2,
  buyingProcess: 2,
  keyPeople: 2,
  competition: 1,
};

const weight = z.number().min(0).max(100).optional();
/** Section weights as an admin sets them (each 0-100, any left out keeps its default). */
export const sectionWeightsSchema = z.strictObject({
  accountTeam: weight,
  customerProfile: weight,
  opportunitySummary: weight,
  buyingProcess: weight,
  keyPeople: weight,
  competition: weight,
});

/** How complete a whole plan is: weighted overall percent and each section's detail. */
export interface PlanCompleteness {
  overall: number;
  sections: Record<SectionKey, SectionCompleteness>;
}

/**
 * Completeness of a plan. A missing section counts as empty. `weights` override the defaults per
 * section; they must be finite and non-negative (validate settings at the boundary), and if they
 * are all zero the overall is 0.
 */
export function planCompleteness(
  sections: Partial<{ [K in SectionKey]: SectionContent<K> }>,
  weights: Partial<Record<SectionKey, number>> = {},
): PlanCompleteness {
  const result = {} as Record<SectionKey, SectionCompleteness>;
  let weighted = 0;
  let totalWeight = 0;
  for (const key of SECTION_KEYS) {
    const weight = weights[key] ?? DEFAULT_SECTION_WEIGHTS[key];
    if (!Number.isFinite(weight) || weight < 0) {
      throw new RangeError(`Section weight for ${key} must be a finite number ≥ 0, got ${weight}`);
    }
    const detail = sectionCompleteness(key, sections[key] ?? emptyContent(key));
    result[key] = detail;
    // Exact shares, not the rounded section percents, so the overall is as fair as it can be.
    weighted += weight * (detail.filled / detail.total);
    totalWeight += weight;
  }
  return { overall: totalWeight === 0 ? 0 : toPercent(weighted / totalWeight), sections: result };
}
