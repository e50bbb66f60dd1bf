// Demo data for a local portal: a marketing team and a sales team of owners, companies, a few hundred
// contacts with varied engagement and lifecycle stages, and deals in the default pipeline associated
// with their contacts and companies. Deterministic: the same seed (and `now`) gives the same portal.
import { createSeededRandom } from './clock.ts';
import { seedLoopHistory, type HistoryOptions, type HistorySummary } from './seed-history.ts';
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

const DAY_MS = 86_400_000;
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
const INDUSTRIES = [
  'COMPUTER_SOFTWARE',
  'INFORMATION_TECHNOLOGY_AND_SERVICES',
  'MACHINERY',
  'AUTOMOTIVE',
  'FINANCIAL_SERVICES',
  'HOSPITAL_HEALTH_CARE',
  'LOGISTICS_AND_SUPPLY_CHAIN',
  'RETAIL',
  'TELECOMMUNICATIONS',
  'MANAGEMENT_CONSULTING',
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

/** Fills `portal` with deterministic demo data; returns the ids it created. */
export function seedDemoPortal(portal: PortalState, options: SeedOptions): SeedSummary {
  const random = createPicker(options.seed);
  const contactCount = options.contacts ?? 300;
  // Midnight UTC of today keeps dates stable for a whole day when no `now` is given.
  const now = options.now ?? Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const daysAgo = (days: number) => now - days * DAY_MS - random.int(0, DAY_MS - 1);
  const trusted = { trusted: true } as const;

  const makeOwner = (team: { id: string; name: string }, index: number) => {
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    return portal.addOwner({
      email: `${slug(firstName)}.${slug(lastName)}.${slug(team.name)}${index}@portal-${portal.portalId}.example.com`,
      firstName,
      lastName,
      teams: [team],
    }).id;
  };
  const marketingOwnerIds = [0, 1, 2].map((index) =>
    // HubSpot's team ids are numeric (PublicTeam.id in crm-owners.json; the return owner's
    // team_round_robin takes one).
    makeOwner({ id: '3001', name: 'Marketing' }, index),
  );
  const salesOwnerIds = [0, 1, 2, 3].map((index) =>
    makeOwner({ id: '3002', name: 'Sales' }, index),
  );

  const companyCount = Math.max(1, Math.ceil(contactCount / 6));
  const companies = Array.from({ length: companyCount }, (_, index) => {
    const name = `${random.pick(COMPANY_STEMS)} ${random.pick(COMPANY_SUFFIXES)}${index >= COMPANY_STEMS.length ? ` ${index}` : ''}`;
    const [country, cities] = random.pick(COUNTRIES);
    const [range, employees] = random.pick(EMPLOYEE_RANGES);
    const industry = random.pick(INDUSTRIES);
    const revenue = employees * random.int(80, 250) * 1000;
    const record = portal.createObject(
      'companies',
      {
        name,
        domain: `${slug(name)}.example.com`,
        industry,
        numberofemployees: employees,
        annualrevenue: revenue,
        country,
        city: random.pick(cities),
        hubspot_owner_id: random.pick(salesOwnerIds),
      },
      { ...trusted, createdAt: daysAgo(random.int(200, 720)) },
    );
    return {
      id: record.id,
      name,
      domain: `${slug(name)}.example.com`,
      country,
      range,
      industry,
      revenue,
    };
  });

  const contactIds: string[] = [];
  const dealIds: string[] = [];
  const noteIds: string[] = [];
  const companyStage = new Map<string, number>();
  const stageOrder = STAGE_WEIGHTS.map(([stage]) => stage);

  for (let index = 0; index < contactCount; index++) {
    const company = random.pick(companies);
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const stage = random.weighted(STAGE_WEIGHTS);
    // Engagement follows the stage loosely: later stages engage more, with a cold tail everywhere.
    const warmth = Math.min(
      1,
      Math.max(0, stageOrder.indexOf(stage) / 6 + (random.float() - 0.5) * 0.6),
    );
    const visits = Math.round(warmth * random.int(0, 40));
    const pageViews = visits + Math.round(visits * random.float() * 4);
    const conversions = Math.round(warmth * random.int(0, 6));
    const createdDaysAgo = random.int(5, 400);
    const salesOwned = SALES_STAGES.has(stage);
    const properties: Record<string, string | number> = {
      firstname: firstName,
      lastname: lastName,
      email: `${slug(firstName)}.${slug(lastName)}.${index}@${company.domain}`,
      jobtitle: random.pick(JOB_TITLES),
      company: company.name,
      phone: `+49 30 ${random.int(1_000_000, 9_999_999)}`,
      country: company.country,
      numemployees: company.range,
      annualrevenue: String(company.revenue),
      industry: company.industry,
      lifecyclestage: stage,
      hubspot_owner_id: salesOwned ? random.pick(salesOwnerIds) : random.pick(marketingOwnerIds),
      hs_analytics_num_page_views: pageViews,
      hs_analytics_num_visits: visits,
      num_conversion_events: conversions,
    };
    if (stage !== 'subscriber' && stage !== 'other') {
      properties.hs_lead_status = salesOwned
        ? random.pick(['IN_PROGRESS', 'OPEN_DEAL', 'CONNECTED'])
        : random.pick(['NEW', 'OPEN', 'ATTEMPTED_TO_CONTACT', 'UNQUALIFIED', 'BAD_TIMING']);
    }
    if (visits > 0)
      properties.hs_analytics_last_visit_timestamp = daysAgo(
        random.int(0, Math.min(createdDaysAgo, 120)),
      );
    if (conversions > 0) {
      properties.recent_conversion_date = daysAgo(
        random.int(0, Math.min(createdDaysAgo, Math.round(180 * (1 - warmth)) + 3)),
      );
      properties.first_conversion_date = daysAgo(createdDaysAgo);
    }
    if (random.chance(0.3 + warmth * 0.6)) {
      properties.hs_email_last_open_date = daysAgo(
        random.int(0, Math.round(120 * (1 - warmth)) + 2),
      );
      if (random.chance(0.2 + warmth * 0.6))
        properties.hs_email_last_click_date = daysAgo(
          random.int(0, Math.round(150 * (1 - warmth)) + 2),
        );
    }
    const contact = portal.createObject('contacts', properties, {
      ...trusted,
      createdAt: daysAgo(createdDaysAgo),
      associations: [
        {
          to: { id: company.id },
          types: [
            { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 },
            { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 },
          ],
        },
      ],
    });
    contactIds.push(contact.id);
    companyStage.set(
      company.id,
      Math.max(
        companyStage.get(company.id) ?? -1,
        stage === 'other' ? -1 : stageOrder.indexOf(stage),
      ),
    );

    const hasDeal =
      stage === 'opportunity' ||
      stage === 'customer' ||
      stage === 'evangelist' ||
      (stage === 'salesqualifiedlead' && random.chance(0.3));
    if (!hasDeal) continue;
    const won = stage === 'customer' || stage === 'evangelist';
    const dealStage = won
      ? 'closedwon'
      : random.chance(0.15)
        ? 'closedlost'
        : random.pick(OPEN_DEAL_STAGES);
    const closed = dealStage === 'closedwon' || dealStage === 'closedlost';
    const deal = portal.createObject(
      'deals',
      {
        dealname: `${company.name} – ${random.pick(PRODUCTS)}`,
        amount: random.int(5, 250) * 1000,
        pipeline: 'default',
        dealstage: dealStage,
        closedate: closed ? daysAgo(random.int(1, 90)) : now + random.int(10, 120) * DAY_MS,
        dealtype: won && random.chance(0.3) ? 'existingbusiness' : 'newbusiness',
        hubspot_owner_id: properties.hubspot_owner_id as string,
      },
      {
        ...trusted,
        createdAt: daysAgo(random.int(1, Math.max(1, createdDaysAgo - 1))),
        associations: [
          {
            to: { id: contact.id },
            types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }],
          },
          {
            to: { id: company.id },
            types: [
              { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 341 },
              { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 },
            ],
          },
        ],
      },
    );
    dealIds.push(deal.id);
    if (random.chance(0.4)) {
      const noteTime = daysAgo(random.int(0, 30));
      const note = portal.createObject(
        'notes',
        {
          hs_note_body: `<p>Call with ${firstName} ${lastName}: discussed ${random.pick(PRODUCTS).toLowerCase()}.</p>`,
          hs_timestamp: noteTime,
          hubspot_owner_id: properties.hubspot_owner_id as string,
        },
        {
          ...trusted,
          createdAt: noteTime,
          associations: [
            {
              to: { id: deal.id },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 214 }],
            },
            {
              to: { id: contact.id },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }],
            },
          ],
        },
      );
      noteIds.push(note.id);
    }
  }

  // A company's stage is the furthest of its contacts'.
  for (const company of companies) {
    const rank = companyStage.get(company.id);
    if (rank !== undefined && rank >= 0) {
      portal.updateObject(
        'companies',
        company.id,
        { lifecyclestage: stageOrder[rank] as string },
        trusted,
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
            marketingOwnerIds,
            salesOwnerIds,
            companies,
            firstNames: FIRST_NAMES,
            lastNames: LAST_NAMES,
          },
          options.history,
        );

  return {
    marketingOwnerIds,
    salesOwnerIds,
    companyIds: companies.map((company) => company.id),
    contactIds,
    dealIds,
    noteIds,
    ...(history === undefined ? {} : { history }),
  };
}
