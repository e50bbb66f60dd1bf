// Demo data for a local portal: a marketing team and a sales team of owners, companies, a few hundred
// contacts with varied engagement and lifecycle stages, and deals in the default pipeline associated
// with their contacts and companies. Deterministic: the same seed (and `now`) gives the same portal.
import { createSeededRandom } from './clock.ts';
import { seedLoopHistory, type HistoryOptions, type HistorySummary } from './seed-history.ts';
import { INDUSTRIES } from './crm/property-definitions.ts';
import { associateTo, DAY_MS, TRUSTED } from './seed-records.ts';
import type { SeedCompany } from './seed-records.ts';
import type { PortalState } from './state.ts';

/** Options of the demo seeding. */
export interface SeedOptions {
  /** Seed of the PRNG; the same seed gives the same data. */
  seed: number;
  /** Number of contacts (default 300). */
  contacts?: number;
  /** The moment engagement dates are relative to (epoch ms); defaults to the portal registry's day. */
  now?: number;
  /**
   * Months of loop history made by the product's own transitions (seed-history.ts): what `npm start`
   * shows on the analytics page and the calibration tab. Off unless asked for.
   */
  history?: HistoryOptions;
}

/** The ids of what was seeded. */
export interface SeedSummary {
  marketingOwnerIds: string[];
  salesOwnerIds: string[];
  companyIds: string[];
  contactIds: string[];
  dealIds: string[];
  noteIds: string[];
  /** Present when the history was seeded. */
  history?: HistorySummary;
}

const FIRST_NAMES = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Elena',
  'Felix',
  'Greta',
  'Hannah',
  'Ivan',
  'Julia',
  'Karl',
  'Lena',
  'Marco',
  'Nina',
  'Oskar',
  'Paula',
  'Quentin',
  'Rosa',
  'Stefan',
  'Tina',
  'Uwe',
  'Vera',
  'Walter',
  'Yara',
  'Zoe',
  'Jonas',
  'Mia',
  'Lukas',
  'Sofia',
  'Noah',
];
const LAST_NAMES = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Koch',
  'Richter',
  'Klein',
  'Wolf',
  'Neumann',
  'Schwarz',
  'Braun',
  'Zimmermann',
  'Hartmann',
  'Lange',
  'Smith',
  'Johnson',
  'Brown',
  'Garcia',
  'Rossi',
  'Dubois',
  'Novak',
  'Jensen',
];
const COMPANY_STEMS = [
  'Alpen',
  'Nordlicht',
  'Rhein',
  'Blue Harbor',
  'Kestrel',
  'Granite',
  'Lumen',
  'Vektor',
  'Orbit',
  'Helix',
  'Brightwater',
  'Falke',
  'Quarz',
  'Summit',
  'Tessera',
  'Atlas',
  'Cobalt',
  'Eiche',
  'Meridian',
  'Polar',
];
const COMPANY_SUFFIXES = [
  'Systems',
  'Maschinenbau',
  'Logistics',
  'Software',
  'Analytics',
  'Industries',
  'Consulting',
  'Health',
  'Retail',
  'Networks',
];
const COUNTRIES: [string, string[]][] = [
  ['Germany', ['Berlin', 'Munich', 'Hamburg', 'Cologne', 'Stuttgart']],
  ['Austria', ['Vienna', 'Graz', 'Linz']],
  ['Switzerland', ['Zurich', 'Basel', 'Bern']],
  ['United Kingdom', ['London', 'Manchester', 'Leeds']],
  ['United States', ['Boston', 'Austin', 'Chicago', 'Denver']],
  ['Netherlands', ['Amsterdam', 'Rotterdam', 'Utrecht']],
];
const JOB_TITLES = [
  'CEO',
  'CTO',
  'CFO',
  'VP Sales',
  'Head of Marketing',
  'IT Manager',
  'Procurement Manager',
  'Operations Director',
  'Software Engineer',
  'Project Manager',
  'Marketing Specialist',
  'Purchasing Assistant',
  'Student',
  'Consultant',
];
const PRODUCTS = [
  'Platform licence',
  'Implementation',
  'Support plan',
  'Expansion',
  'Pilot project',
];
const EMPLOYEE_RANGES: [string, number][] = [
  ['1-5', 3],
  ['5-25', 15],
  ['25-50', 40],
  ['50-100', 75],
  ['100-500', 250],
  ['500-1000', 750],
  ['1000+', 2500],
];
// Lifecycle stages with their share of the contacts (sums to 1).
const STAGE_WEIGHTS: [string, number][] = [
  ['subscriber', 0.18],
  ['lead', 0.38],
  ['marketingqualifiedlead', 0.16],
  ['salesqualifiedlead', 0.1],
  ['opportunity', 0.09],
  ['customer', 0.07],
  ['evangelist', 0.01],
  ['other', 0.01],
];
const SALES_STAGES = new Set(['salesqualifiedlead', 'opportunity', 'customer', 'evangelist']);
const OPEN_DEAL_STAGES = [
  'appointmentscheduled',
  'qualifiedtobuy',
  'presentationscheduled',
  'decisionmakerboughtin',
  'contractsent',
];

/** mulberry32: a tiny, fast, seedable PRNG returning floats in [0, 1) (one implementation: clock.ts). */
export const createMulberry32 = createSeededRandom;

interface Picker {
  float(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  weighted(items: readonly (readonly [string, number])[]): string;
}

function createPicker(seed: number): Picker {
  const next = createMulberry32(seed);
  const picker: Picker = {
    float: next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    chance: (probability) => next() < probability,
    weighted: (items) => {
      let roll = next();
      for (const [value, weight] of items) {
        roll -= weight;
        if (roll < 0) return value;
      }
      return (items[items.length - 1] as readonly [string, number])[0];
    },
  };
  return picker;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ü/g, 'ue')
    .replace(/[^a-z0-9]+/g, '');
}

/** What every seeding step draws on; the steps run in a fixed order, so the data stays the same. */
interface SeedContext {
  portal: PortalState;
  random: Picker;
  now: number;
  /** An instant `days` ago at a random time of that day. */
  daysAgo(days: number): number;
}

interface SeedOwners {
  marketingOwnerIds: string[];
  salesOwnerIds: string[];
}

/** A seeded contact, as its deal and note need it. */
interface SeedContact {
  id: string;
  company: SeedCompany;
  stage: string;
  firstName: string;
  lastName: string;
  ownerId: string;
  createdDaysAgo: number;
}

function seedOwners({ portal, random }: SeedContext): SeedOwners {
  const makeOwner = (team: { id: string; name: string }, index: number) => {
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    return portal.addOwner({
      email: `${slug(firstName)}.${slug(lastName)}.${team.id}${index}@portal-${portal.portalId}.example.com`,
      firstName,
      lastName,
      teams: [team],
    }).id;
  };
  const marketingOwnerIds = [0, 1, 2].map((index) =>
    makeOwner({ id: 'marketing', name: 'Marketing' }, index),
  );
  const salesOwnerIds = [0, 1, 2, 3].map((index) =>
    makeOwner({ id: 'sales', name: 'Sales' }, index),
  );
  return { marketingOwnerIds, salesOwnerIds };
}

function seedCompanies(context: SeedContext, count: number, owners: SeedOwners): SeedCompany[] {
  const { portal, random, daysAgo } = context;
  return Array.from({ length: count }, (_, index) => {
    const name = `${random.pick(COMPANY_STEMS)} ${random.pick(COMPANY_SUFFIXES)}${index >= COMPANY_STEMS.length ? ` ${index}` : ''}`;
    const [country, cities] = random.pick(COUNTRIES);
    const [range, employees] = random.pick(EMPLOYEE_RANGES);
    const industry = random.pick(INDUSTRIES);
    const revenue = employees * random.int(80, 250) * 1000;
    const domain = `${slug(name)}.example.com`;
    const record = portal.createObject(
      'companies',
      {
        name,
        domain,
        industry,
        numberofemployees: employees,
        annualrevenue: revenue,
        country,
        city: random.pick(cities),
        hubspot_owner_id: random.pick(owners.salesOwnerIds),
      },
      { ...TRUSTED, createdAt: daysAgo(random.int(200, 720)) },
    );
    return { id: record.id, name, domain, country, range, industry, revenue };
  });
}

/** The engagement dates of a contact: visits, conversions, email opens and clicks. */
function engagementDates(
  { random, daysAgo }: SeedContext,
  engagement: { warmth: number; visits: number; conversions: number; createdDaysAgo: number },
): Record<string, number> {
  const { warmth, visits, conversions, createdDaysAgo } = engagement;
  const dates: Record<string, number> = {};
  if (visits > 0)
    dates.hs_analytics_last_visit_timestamp = daysAgo(random.int(0, Math.min(createdDaysAgo, 120)));
  if (conversions > 0) {
    dates.recent_conversion_date = daysAgo(
      random.int(0, Math.min(createdDaysAgo, Math.round(180 * (1 - warmth)) + 3)),
    );
    dates.first_conversion_date = daysAgo(createdDaysAgo);
  }
  if (random.chance(0.3 + warmth * 0.6)) {
    dates.hs_email_last_open_date = daysAgo(random.int(0, Math.round(120 * (1 - warmth)) + 2));
    if (random.chance(0.2 + warmth * 0.6))
      dates.hs_email_last_click_date = daysAgo(random.int(0, Math.round(150 * (1 - warmth)) + 2));
  }
  return dates;
}

function seedContact(
  context: SeedContext,
  index: number,
  companies: readonly SeedCompany[],
  owners: SeedOwners,
): SeedContact {
  const { portal, random, daysAgo } = context;
  const company = random.pick(companies);
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const stage = random.weighted(STAGE_WEIGHTS);
  // Engagement follows the stage loosely: later stages engage more, with a cold tail everywhere.
  const warmth = Math.min(
    1,
    Math.max(0, STAGE_ORDER.indexOf(stage) / 6 + (random.float() - 0.5) * 0.6),
  );
  const visits = Math.round(warmth * random.int(0, 40));
  const pageViews = visits + Math.round(visits * random.float() * 4);
  const conversions = Math.round(warmth * random.int(0, 6));
  const createdDaysAgo = random.int(5, 400);
  const salesOwned = SALES_STAGES.has(stage);
  const jobtitle = random.pick(JOB_TITLES);
  const phone = `+49 30 ${random.int(1_000_000, 9_999_999)}`;
  const ownerId = salesOwned
    ? random.pick(owners.salesOwnerIds)
    : random.pick(owners.marketingOwnerIds);
  const properties: Record<string, string | number> = {
    firstname: firstName,
    lastname: lastName,
    email: `${slug(firstName)}.${slug(lastName)}.${index}@${company.domain}`,
    jobtitle,
    company: company.name,
    phone,
    country: company.country,
    numemployees: company.range,
    annualrevenue: String(company.revenue),
    industry: company.industry,
    lifecyclestage: stage,
    hubspot_owner_id: ownerId,
    hs_analytics_num_page_views: pageViews,
    hs_analytics_num_visits: visits,
    num_conversion_events: conversions,
  };
  if (stage !== 'subscriber' && stage !== 'other') {
    properties.hs_lead_status = salesOwned
      ? random.pick(['IN_PROGRESS', 'OPEN_DEAL', 'CONNECTED'])
      : random.pick(['NEW', 'OPEN', 'ATTEMPTED_TO_CONTACT', 'UNQUALIFIED', 'BAD_TIMING']);
  }
  Object.assign(
    properties,
    engagementDates(context, { warmth, visits, conversions, createdDaysAgo }),
  );
  const contact = portal.createObject('contacts', properties, {
    ...TRUSTED,
    createdAt: daysAgo(createdDaysAgo),
    associations: [associateTo(company.id, 279, 1)],
  });
  return { id: contact.id, company, stage, firstName, lastName, ownerId, createdDaysAgo };
}

/** The contact's deal (won for customers, open or lost for opportunities); returns its id. */
function seedDeal({ portal, random, now, daysAgo }: SeedContext, contact: SeedContact): string {
  const won = contact.stage === 'customer' || contact.stage === 'evangelist';
  const dealStage = won
    ? 'closedwon'
    : random.chance(0.15)
      ? 'closedlost'
      : random.pick(OPEN_DEAL_STAGES);
  const closed = dealStage === 'closedwon' || dealStage === 'closedlost';
  const deal = portal.createObject(
    'deals',
    {
      dealname: `${contact.company.name} – ${random.pick(PRODUCTS)}`,
      amount: random.int(5, 250) * 1000,
      pipeline: 'default',
      dealstage: dealStage,
      closedate: closed ? daysAgo(random.int(1, 90)) : now + random.int(10, 120) * DAY_MS,
      dealtype: won && random.chance(0.3) ? 'existingbusiness' : 'newbusiness',
      hubspot_owner_id: contact.ownerId,
    },
    {
      ...TRUSTED,
      createdAt: daysAgo(random.int(1, Math.max(1, contact.createdDaysAgo - 1))),
      associations: [associateTo(contact.id, 3), associateTo(contact.company.id, 341, 5)],
    },
  );
  return deal.id;
}

/** A call note on the deal and its contact; returns its id. */
function seedNote({ portal, random, daysAgo }: SeedContext, contact: SeedContact, dealId: string) {
  const noteTime = daysAgo(random.int(0, 30));
  const note = portal.createObject(
    'notes',
    {
      hs_note_body: `<p>Call with ${contact.firstName} ${contact.lastName}: discussed ${random.pick(PRODUCTS).toLowerCase()}.</p>`,
      hs_timestamp: noteTime,
      hubspot_owner_id: contact.ownerId,
    },
    {
      ...TRUSTED,
      createdAt: noteTime,
      associations: [associateTo(dealId, 214), associateTo(contact.id, 202)],
    },
  );
  return note.id;
}

const STAGE_ORDER = STAGE_WEIGHTS.map(([stage]) => stage);

/** Fills `portal` with deterministic demo data; returns the ids it created. */
export function seedDemoPortal(portal: PortalState, options: SeedOptions): SeedSummary {
  const random = createPicker(options.seed);
  const contactCount = options.contacts ?? 300;
  // Midnight UTC of today keeps dates stable for a whole day when no `now` is given.
  const now = options.now ?? Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const context: SeedContext = {
    portal,
    random,
    now,
    daysAgo: (days) => now - days * DAY_MS - random.int(0, DAY_MS - 1),
  };
  const owners = seedOwners(context);
  const companies = seedCompanies(context, Math.max(1, Math.ceil(contactCount / 6)), owners);

  const contactIds: string[] = [];
  const dealIds: string[] = [];
  const noteIds: string[] = [];
  const companyStage = new Map<string, number>();
  for (let index = 0; index < contactCount; index++) {
    const contact = seedContact(context, index, companies, owners);
    const { stage } = contact;
    contactIds.push(contact.id);
    companyStage.set(
      contact.company.id,
      Math.max(
        companyStage.get(contact.company.id) ?? -1,
        stage === 'other' ? -1 : STAGE_ORDER.indexOf(stage),
      ),
    );
    const hasDeal =
      stage === 'opportunity' ||
      stage === 'customer' ||
      stage === 'evangelist' ||
      (stage === 'salesqualifiedlead' && random.chance(0.3));
    if (!hasDeal) continue;
    const dealId = seedDeal(context, contact);
    dealIds.push(dealId);
    if (random.chance(0.4)) noteIds.push(seedNote(context, contact, dealId));
  }

  // A company's stage is the furthest of its contacts'.
  for (const company of companies) {
    const rank = companyStage.get(company.id);
    if (rank !== undefined && rank >= 0) {
      portal.updateObject(
        'companies',
        company.id,
        { lifecyclestage: STAGE_ORDER[rank] as string },
        TRUSTED,
      );
    }
  }

  const history =
    options.history === undefined
      ? undefined
      : seedLoopHistory(
          {
            portal,
            random,
            now,
            ...owners,
            companies,
            firstNames: FIRST_NAMES,
            lastNames: LAST_NAMES,
          },
          options.history,
        );

  return {
    ...owners,
    companyIds: companies.map((company) => company.id),
    contactIds,
    dealIds,
    noteIds,
    ...(history === undefined ? {} : { history }),
  };
}
