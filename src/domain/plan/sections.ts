// The six sections of an Opportunity Plan, one zod schema each. Every field has a default, so `{}`
// parses to an empty section and older documents that lack a newer optional field still parse.
// Every string has a maximum length and every list a maximum count: a section is stored as one JSON
// document in a HubSpot textarea property, so unbounded input could never be saved (see document.ts).
// Items of object lists carry a caller-supplied stable `id` (the domain has no randomness) so the
// UI can reorder and edit them; plain text lists (problems, strengths …) are ordered strings.
import { z } from 'zod';
import type { Localized } from '../errors.ts';
import { BUYING_ROLES, DEAL_PROPERTIES } from '../properties.ts';

/** Maximum length of a name, role, title or other short text, in characters. */
export const MAX_NAME_LENGTH = 200;
/** Maximum length of a long free text (descriptions, strategies), in characters. */
export const MAX_TEXT_LENGTH = 4000;
/** Maximum number of entries in any list of a section. */
export const MAX_LIST_ITEMS = 50;
/** Maximum length of a list item id or of a HubSpot owner/contact id. */
export const MAX_ID_LENGTH = 64;

export const SECTION_KEYS = [
  'accountTeam',
  'customerProfile',
  'opportunitySummary',
  'buyingProcess',
  'keyPeople',
  'competition',
] as const;
/** One of the six plan sections. */
export type SectionKey = (typeof SECTION_KEYS)[number];

/** Section titles as sellers see them on the deal page. */
export const SECTION_LABELS: Record<SectionKey, Localized> = {
  accountTeam: { en: 'Account team', de: 'Account-Team' },
  customerProfile: { en: 'Customer profile', de: 'Kundenprofil' },
  opportunitySummary: {
    en: 'Opportunity summary',
    de: 'Zusammenfassung der Opportunity',
  },
  buyingProcess: { en: 'Milestones & buying process', de: 'Meilensteine und Kaufprozess' },
  keyPeople: {
    en: 'Key people, roles & decision criteria',
    de: 'Schlüsselpersonen und Entscheidungskriterien',
  },
  competition: { en: 'Competition', de: 'Wettbewerbsanalyse' },
};

/** The deal property (hidden JSON textarea) that stores each section. */
export const SECTION_PROPERTY: Record<SectionKey, string> = {
  accountTeam: DEAL_PROPERTIES.accountTeam.name,
  customerProfile: DEAL_PROPERTIES.customerProfile.name,
  opportunitySummary: DEAL_PROPERTIES.opportunitySummary.name,
  buyingProcess: DEAL_PROPERTIES.buyingProcess.name,
  keyPeople: DEAL_PROPERTIES.keyPeople.name,
  competition: DEAL_PROPERTIES.competition.name,
};

// ---- building blocks ------------------------------------------------------------------------

const notBlank = (s: string): boolean => s.trim().length > 0;

/** A stable list-item id chosen by the caller. */
const itemId = z.string().max(MAX_ID_LENGTH).refine(notBlank, 'The id must not be blank');
/** A HubSpot owner or contact id (numeric in HubSpot, kept as an opaque string here). */
const recordId = z.string().max(MAX_ID_LENGTH).refine(notBlank, 'The id must not be blank');
/** A required short text, e.g. the name of a list entry. */
const requiredName = z.string().max(MAX_NAME_LENGTH).refine(notBlank, 'Enter a name');
/** An optional short text; empty means "not filled in". */
const shortText = z.string().max(MAX_NAME_LENGTH).default('');
/** An optional long text; empty means "not filled in". */
const longText = z.string().max(MAX_TEXT_LENGTH).default('');
/** A list of short texts. */
const textList = z.array(z.string().max(MAX_NAME_LENGTH)).max(MAX_LIST_ITEMS).default([]);
/** A rating from 1 (poor) to 5 (excellent), or null when not rated yet. */
const rating = z.number().int().min(1).max(5).nullable().default(null);
/** ISO 4217 currency code (three capital letters), or null when not chosen. */
const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Use a three-letter ISO currency code such as EUR')
  .nullable()
  .default(null);
/** A non-negative money amount, or null when unknown. 1e15 keeps it exact in a double. */
const amount = z.number().nonnegative().max(1e15).nullable().default(null);

/** True when `year-month-day` is a real calendar date. */
function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** A calendar date `YYYY-MM-DD` (no time, no zone: a deadline is a day, not an instant). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the date format YYYY-MM-DD')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    return isCalendarDate(y, m, d);
  }, 'This date does not exist');

/** A day of the year `MM-DD` (fiscal year end). February 29 is allowed. */
const monthDay = z
  .string()
  .regex(/^\d{2}-\d{2}$/, 'Use the format MM-DD')
  .refine((s) => {
    const [m, d] = s.split('-').map(Number) as [number, number];
    return isCalendarDate(2000, m, d); // 2000 is a leap year, so 02-29 is accepted
  }, 'This day does not exist');

/** A list of objects with unique `id`s, at most MAX_LIST_ITEMS long. */
function itemList<T extends z.ZodType<{ id: string }>>(item: T) {
  return z
    .array(item)
    .max(MAX_LIST_ITEMS)
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((entry, index) => {
        if (seen.has(entry.id)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'id'],
            message: `The id "${entry.id}" is used twice in this list`,
            input: entry.id,
          });
        }
        seen.add(entry.id);
      });
    })
    .default([]);
}

// ---- 1. account team ------------------------------------------------------------------------

/** An internal team member: a HubSpot owner and their role on this deal. */
export const teamMemberSchema = z.strictObject({
  id: itemId,
  ownerId: recordId,
  role: shortText,
});

/** Someone outside the company on the team: partner, consultant … */
export const externalMemberSchema = z.strictObject({
  id: itemId,
  name: requiredName,
  organisation: shortText,
  role: shortText,
});

/** Section 1: who works this opportunity. */
export const accountTeamSchema = z.strictObject({
  /** HubSpot owner id of the team lead. */
  teamLead: recordId.nullable().default(null),
  members: itemList(teamMemberSchema),
  externalMembers: itemList(externalMemberSchema),
});

// ---- 2. customer profile --------------------------------------------------------------------

/** The customer's key figures. */
export const financialsSchema = z.strictObject({
  annualRevenue: amount,
  currency,
  employees: z.number().int().nonnegative().max(100_000_000).nullable().default(null),
  /** Last day of the customer's fiscal year, `MM-DD`. */
  fiscalYearEnd: monthDay.nullable().default(null),
  notes: longText,
});

/** A person at the customer who is a main point of contact. */
export const contactPointSchema = z.strictObject({
  id: itemId,
  name: requiredName,
  role: shortText,
  /** The HubSpot contact, when the person is in the CRM. */
  contactId: recordId.nullable().default(null),
});

/** Section 2: the customer company (company level, carried over when the first deal is won). */
export const customerProfileSchema = z.strictObject({
  businessAreas: textList,
  products: textList,
  financials: financialsSchema.prefault({}),
  customersOfCustomer: textList,
  competitorsOfCustomer: textList,
  contactPoints: itemList(contactPointSchema),
});

// ---- 3. opportunity summary -----------------------------------------------------------------

export const ACT_NOW_DECISIONS = ['act_now', 'wait', 'undecided'] as const;
/** Whether the customer must act now or can wait. */
export type ActNowDecision = (typeof ACT_NOW_DECISIONS)[number];

/** Section 3: what the project is, why the customer buys, and what it is worth. */
export const opportunitySummarySchema = z.strictObject({
  projectDescription: longText,
  /** The solution we offer: which problem of the customer we solve. */
  solution: longText,
  budget: z
    .strictObject({
      amount,
      currency,
      confirmed: z.boolean().default(false),
    })
    .prefault({}),
  problems: textList,
  actNow: z
    .strictObject({
      decision: z.enum(ACT_NOW_DECISIONS).default('undecided'),
      why: longText,
    })
    .prefault({}),
  /** What happens to the customer if they do not act. */
  consequencesOfInaction: longText,
  timeline: z
    .strictObject({
      description: longText,
      targetDate: isoDateSchema.nullable().default(null),
    })
    .prefault({}),
  expectedResults: textList,
});

// ---- 4. milestones & buying process ---------------------------------------------------------

export const STEP_STATUSES = ['planned', 'in_progress', 'done', 'blocked'] as const;
/** Progress of one buying-process step. */
export type StepStatus = (typeof STEP_STATUSES)[number];

/** One step of the customer's buying process, in order. */
export const buyingStepSchema = z.strictObject({
  id: itemId,
  name: requiredName,
  dueDate: isoDateSchema.nullable().default(null),
  status: z.enum(STEP_STATUSES).default('planned'),
  /** Who drives the step (on either side), as a name. */
  owner: shortText,
  needsApproval: z.boolean().default(false),
  legalRequirement: z.boolean().default(false),
});

/** A date the customer has committed to or must meet. */
export const customerDeadlineSchema = z.strictObject({
  id: itemId,
  name: requiredName,
  date: isoDateSchema,
});

/** Section 4: the ordered steps to a signature and the customer's deadlines. */
export const buyingProcessSchema = z.strictObject({
  steps: itemList(buyingStepSchema),
  customerDeadlines: itemList(customerDeadlineSchema),
});

// ---- 5. key people, roles & decision criteria -----------------------------------------------

export const ATTITUDES_TO_CHANGE = [
  'innovator',
  'early_adopter',
  'pragmatist',
  'conservative',
  'skeptic',
] as const;
/** How a person meets change (after the technology adoption life cycle). */
export type AttitudeToChange = (typeof ATTITUDES_TO_CHANGE)[number];

export const OPINIONS_OF_US = ['supporter', 'neutral', 'critic', 'unknown'] as const;
/** What a person currently thinks of us. */
export type OpinionOfUs = (typeof OPINIONS_OF_US)[number];

export const INFLUENCER_KINDS = ['partner', 'consultant', 'other'] as const;
export const LEVELS = ['low', 'medium', 'high'] as const;
/** A three-step scale used for influence and threat. */
export type Level = (typeof LEVELS)[number];

/** A person at the customer who takes part in the decision. */
export const stakeholderSchema = z.strictObject({
  id: itemId,
  /** The HubSpot contact; their buying roles are mirrored as deal↔contact association labels. */
  contactId: recordId,
  buyingRoles: z
    .array(z.enum(BUYING_ROLES))
    .max(BUYING_ROLES.length)
    .refine((roles) => new Set(roles).size === roles.length, 'Each buying role only once')
    .default([]),
  roleInProcess: shortText,
  /** How well we know this person, 1-5. */
  familiarity: rating,
  attitudeToChange: z.enum(ATTITUDES_TO_CHANGE).nullable().default(null),
  opinionOfUs: z.enum(OPINIONS_OF_US).default('unknown'),
  /** How much this person sways the decision (relationship map); null when not judged yet. */
  influence: z.enum(LEVELS).nullable().default(null),
  /** How well our offer addresses this person's needs, 1-5. */
  addressedWell: rating,
  perceivedBenefits: textList,
  decisionCriteria: textList,
});

/** Someone outside the customer who sways the decision. */
export const externalInfluencerSchema = z.strictObject({
  id: itemId,
  name: requiredName,
  organisation: shortText,
  kind: z.enum(INFLUENCER_KINDS).default('other'),
  influence: z.enum(LEVELS).default('medium'),
});

/** Section 5: who decides, in which role, and by which criteria. */
export const keyPeopleSchema = z.strictObject({
  stakeholders: itemList(stakeholderSchema),
  externalInfluencers: itemList(externalInfluencerSchema),
});

// ---- 6. competition -------------------------------------------------------------------------

/** One competitor for this deal and how we beat them. */
export const competitorSchema = z.strictObject({
  id: itemId,
  name: requiredName,
  historyWithAccount: longText,
  positioning: longText,
  strategy: longText,
  strengths: textList,
  weaknesses: textList,
  /** Objections they may raise against us. */
  objectionsAgainstUs: textList,
  /** Stumbling blocks we must avoid. */
  stumblingBlocks: textList,
  winStrategy: longText,
  threatLevel: z.enum(LEVELS).nullable().default(null),
});

/** Section 6: who we compete against; "no competition known" is an explicit statement. */
export const competitionSchema = z
  .strictObject({
    competitors: itemList(competitorSchema),
    noCompetitionKnown: z.boolean().default(false),
  })
  .superRefine((value, ctx) => {
    if (value.noCompetitionKnown && value.competitors.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['noCompetitionKnown'],
        message: 'Competitors are listed, so "no competition known" cannot be set',
        input: value.noCompetitionKnown,
      });
    }
  });

// ---- all sections ---------------------------------------------------------------------------

/** The content schema of every section. */
export const SECTION_SCHEMAS = {
  accountTeam: accountTeamSchema,
  customerProfile: customerProfileSchema,
  opportunitySummary: opportunitySummarySchema,
  buyingProcess: buyingProcessSchema,
  keyPeople: keyPeopleSchema,
  competition: competitionSchema,
} as const satisfies Record<SectionKey, z.ZodType>;

export type AccountTeam = z.output<typeof accountTeamSchema>;
export type TeamMember = z.output<typeof teamMemberSchema>;
export type ExternalMember = z.output<typeof externalMemberSchema>;
export type CustomerProfile = z.output<typeof customerProfileSchema>;
export type Financials = z.output<typeof financialsSchema>;
export type ContactPoint = z.output<typeof contactPointSchema>;
export type OpportunitySummary = z.output<typeof opportunitySummarySchema>;
export type BuyingProcess = z.output<typeof buyingProcessSchema>;
export type BuyingStep = z.output<typeof buyingStepSchema>;
export type CustomerDeadline = z.output<typeof customerDeadlineSchema>;
export type KeyPeople = z.output<typeof keyPeopleSchema>;
export type Stakeholder = z.output<typeof stakeholderSchema>;
export type ExternalInfluencer = z.output<typeof externalInfluencerSchema>;
export type Competition = z.output<typeof competitionSchema>;
export type Competitor = z.output<typeof competitorSchema>;

/** The parsed content of each section, by key. */
export type SectionContentMap = { [K in SectionKey]: z.output<(typeof SECTION_SCHEMAS)[K]> };
/** The parsed content of one section (all fields present). */
export type SectionContent<K extends SectionKey = SectionKey> = SectionContentMap[K];
/** What a caller may submit for a section: any field may be left out and takes its default. */
export type SectionContentInput<K extends SectionKey = SectionKey> = z.input<
  (typeof SECTION_SCHEMAS)[K]
>;

/** The content schema of section `key`. */
export function getSectionSchema<K extends SectionKey>(key: K): z.ZodType<SectionContent<K>> {
  return SECTION_SCHEMAS[key] as unknown as z.ZodType<SectionContent<K>>;
}

/** A section with nothing filled in. */
export function emptyContent<K extends SectionKey>(key: K): SectionContent<K> {
  return getSectionSchema(key).parse({});
}
