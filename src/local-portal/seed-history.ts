// A demo portal with a past: months of hand-offs, returns with reasons, re-hand-offs, wins and
// losses, made by the product's own decisions on a simulated clock. Each contact is scored with the
// default model (src/domain/scoring) and moved through the loop with the domain's `transition`;
// the effects it returns are applied to the portal here (a small stand-in for the backend's effect
// runner, writing directly as seeding does), so the history, the loop counts, the deals and the
// notes are exactly what the product would have written. What happens after a hand-off — sales
// keeps, wins, loses or returns the lead — follows hidden patterns a calibration should find:
// companies with 25–99 employees come back for "no budget", managers for "no authority", software
// and IT companies rarely come back.
import {
  attachCreatedDeal,
  DEFAULT_LIFECYCLE_POLICY,
  initialLeadState,
  transition,
  type Effect,
  type LeadState,
  type LifecycleEvent,
} from '../domain/lifecycle/index.ts';
import { handOffScore } from '../domain/calibration/index.ts';
import { emptySection, serializeSection } from '../domain/plan/index.ts';
import { DEFAULT_SCORING_MODEL, evaluate } from '../domain/scoring/index.ts';
import { PRODUCT_PROPERTIES, PROPERTY_GROUP } from '../domain/properties.ts';
import { propertyGroupDefinition, toHubSpotProperty } from '../hubspot/schema.ts';
import { associateTo, DAY_MS, TRUSTED } from './seed-records.ts';
import type { SeedCompany } from './seed-records.ts';
import type { PortalState } from './state.ts';

/** Options of the history. */
export interface HistoryOptions {
  /** Contacts with a loop history (default 420). */
  contacts?: number;
  /** How far back the history starts, in days (default 300). */
  days?: number;
}

/** What the history seeded. */
export interface HistorySummary {
  contactIds: string[];
  dealIds: string[];
  handOffs: number;
  returns: number;
  wins: number;
  losses: number;
}

/** The random source of the seed (seed.ts's picker). */
export interface HistoryRandom {
  float(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

/** What the history needs from the rest of the seed. */
export interface HistoryContext {
  portal: PortalState;
  random: HistoryRandom;
  now: number;
  marketingOwnerIds: string[];
  salesOwnerIds: string[];
  companies: SeedCompany[];
  firstNames: readonly string[];
  lastNames: readonly string[];
}

// Titles a marketing team hands off, and the seniority points the default model gives them.
const TITLES = [
  'Chief Technology Officer',
  'Chief Financial Officer',
  'VP Sales',
  'VP Operations',
  'Head of Marketing',
  'Head of IT',
  'Operations Director',
  'IT Manager',
  'Procurement Manager',
  'Project Manager',
  'Software Engineer',
];
// Competitor spellings as sellers type them: the catalogue in the settings makes them one.
const COMPETITORS: { name: string; winShift: number }[] = [
  { name: 'Salesforce', winShift: -0.15 },
  { name: 'salesforce.com', winShift: -0.15 },
  { name: 'Microsoft Dynamics 365', winShift: 0 },
  { name: 'MS Dynamics', winShift: 0 },
  { name: 'Pipedrive', winShift: 0.15 },
  { name: 'Zoho CRM', winShift: 0.05 },
];

/** Creates the product's property group and properties, as the app's schema setup would. */
function ensureProductProperties(portal: PortalState): void {
  for (const type of ['contacts', 'deals', 'companies'] as const) {
    if (!portal.getGroup(type, PROPERTY_GROUP.name)) {
      portal.createGroup(type, propertyGroupDefinition());
    }
  }
  for (const property of PRODUCT_PROPERTIES) {
    if (portal.getProperty(property.object, property.name)) continue;
    portal.createProperty(property.object, toHubSpotProperty(property));
  }
}

/** A lead's activity counts and how many days before a moment it last visited and converted. */
type EngagementProfile = Record<'pageViews' | 'visits' | 'forms' | 'visitAgo' | 'formAgo', number>;

/** The contact's engagement as it stood at `at`: recent activity a few days before. */
function engagementAt(at: number, profile: EngagementProfile): Record<string, string> {
  return {
    hs_analytics_num_page_views: String(profile.pageViews),
    hs_analytics_num_visits: String(profile.visits),
    num_conversion_events: String(profile.forms),
    hs_analytics_last_visit_timestamp: new Date(at - profile.visitAgo * DAY_MS).toISOString(),
    recent_conversion_date: new Date(at - profile.formAgo * DAY_MS).toISOString(),
    hs_email_last_open_date: new Date(at - 3 * DAY_MS).toISOString(),
    hs_email_last_click_date: new Date(at - 6 * DAY_MS).toISOString(),
  };
}

/** Applies the effects of one transition to the portal at the simulated instant `at`. */
function applyEffects(
  context: HistoryContext,
  effects: readonly Effect[],
  state: LeadState,
  at: number,
): LeadState {
  const { portal } = context;
  let next = state;
  let createdDealId: string | undefined;
  const dealIdOf = (deal: { id: string } | { ref: 'newDeal' }): string | undefined =>
    'id' in deal ? deal.id : createdDealId;
  for (const effect of effects) {
    switch (effect.type) {
      case 'setLifecycleStage': {
        const type = effect.object === 'contact' ? 'contacts' : 'companies';
        // HubSpot's stage does not move backwards: clear it first, as the effect runner does.
        if (effect.clearFirst)
          portal.updateObject(type, effect.id, { lifecyclestage: '' }, TRUSTED);
        portal.updateObject(type, effect.id, { lifecyclestage: effect.value }, TRUSTED);
        break;
      }
      case 'setOwner':
        portal.updateObject('contacts', effect.id, { hubspot_owner_id: effect.ownerId }, TRUSTED);
        break;
      case 'setLeadStatus':
        portal.updateObject(
          'contacts',
          effect.contactId,
          { hs_lead_status: effect.value },
          TRUSTED,
        );
        break;
      case 'createDeal': {
        const deal = portal.createObject(
          'deals',
          {
            dealname: effect.name,
            pipeline: effect.pipelineId,
            dealstage: effect.stageId,
            hubspot_owner_id: effect.ownerId,
            amount: context.random.int(8, 180) * 1000,
            closedate: at + context.random.int(30, 90) * DAY_MS,
            dealtype: 'newbusiness',
          },
          {
            ...TRUSTED,
            createdAt: at,
            associations: [
              associateTo(effect.contactId, 3),
              ...(effect.companyId === undefined ? [] : [associateTo(effect.companyId, 341, 5)]),
            ],
          },
        );
        createdDealId = deal.id;
        next = attachCreatedDeal(next, deal.id);
        break;
      }
      case 'reopenDeal':
      case 'moveDealStage':
      case 'closeDeal': {
        const id = dealIdOf(effect.deal);
        if (id)
          portal.updateObject(
            'deals',
            id,
            {
              dealstage: effect.stageId,
              ...(effect.type === 'reopenDeal' ? { hubspot_owner_id: effect.ownerId } : {}),
              ...(effect.type === 'closeDeal' ? { closedate: new Date(at).toISOString() } : {}),
            },
            TRUSTED,
          );
        break;
      }
      case 'writeProperties': {
        const target = effect.target;
        if (target.object === 'deal') {
          const id = dealIdOf(target.deal);
          if (id) portal.updateObject('deals', id, effect.properties, TRUSTED);
        } else if (target.object === 'contact') {
          // The history JSON is written last, below, with the deal id attached.
          portal.updateObject('contacts', target.id, effect.properties, TRUSTED);
        } else {
          portal.updateObject('companies', target.id, effect.properties, TRUSTED);
        }
        break;
      }
      case 'addNote': {
        const target = effect.target;
        const toId =
          target.object === 'deal' ? dealIdOf(target.deal) : 'id' in target ? target.id : undefined;
        if (toId === undefined) break;
        portal.createObject(
          'notes',
          { hs_note_body: `<p>${effect.body.en}</p>`, hs_timestamp: at },
          {
            ...TRUSTED,
            createdAt: at,
            associations: [associateTo(toId, target.object === 'deal' ? 214 : 202)],
          },
        );
        break;
      }
      default:
        // associate (made at creation), advanceRoundRobin, carryOverPlan, createTask: the demo's
        // past needs none of them.
        break;
    }
  }
  return next;
}

/** A history lead as created: what its walk through the loop reads. */
interface HistoryLead {
  contactId: string;
  company: HistoryContext['companies'][number];
  contactName: string;
  jobtitle: string;
  range: string;
  /** Its properties but engagement (engagement moves with the simulated clock). */
  base: Record<string, string>;
  profile: EngagementProfile;
  /** When it was created. */
  start: number;
}

/** Creates a warm lead owned by marketing, as a marketing team would work on. */
function createHistoryLead(context: HistoryContext, index: number, days: number): HistoryLead {
  const { portal, random, now } = context;
  const company = random.pick(context.companies);
  const firstName = random.pick(context.firstNames);
  const lastName = random.pick(context.lastNames);
  const jobtitle = random.pick(TITLES);
  // Leads a marketing team works on: warm, mostly mid-sized and larger companies.
  const range = random.pick(['25-50', '50-100', '25-50', '100-500', '500-1000', '1000+', '5-25']);
  const profile = {
    pageViews: random.int(12, 80),
    visits: random.int(4, 25),
    forms: random.int(1, 5),
    visitAgo: random.int(1, 10),
    formAgo: random.int(2, 20),
  };
  const start = now - random.int(40, days) * DAY_MS;
  const base: Record<string, string> = {
    firstname: firstName,
    lastname: lastName,
    email: `${firstName}.${lastName}.h${index}@${company.domain}`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9.@-]/g, ''),
    jobtitle,
    company: company.name,
    country: company.country,
    numemployees: range,
    annualrevenue: String(company.revenue),
    industry: company.industry,
    lifecyclestage: 'lead',
    hubspot_owner_id: random.pick(context.marketingOwnerIds),
  };
  const contact = portal.createObject(
    'contacts',
    { ...base, ...engagementAt(start, profile) },
    { ...TRUSTED, createdAt: start, associations: [associateTo(company.id, 279, 1)] },
  );
  const contactName = `${firstName} ${lastName}`;
  return { contactId: contact.id, company, contactName, jobtitle, range, base, profile, start };
}

/** The hidden truth sales meets after the hand-off (see the file comment). */
function hiddenTruth(random: HistoryRandom, lead: HistoryLead) {
  const smallBudget = lead.range === '25-50' || lead.range === '50-100';
  const manager = /manager/i.test(lead.jobtitle);
  const software = /software|information_technology/i.test(lead.company.industry);
  const senior = /chief|vp/i.test(lead.jobtitle);
  const competitors = random.chance(0.8)
    ? [random.pick(COMPETITORS), ...(random.chance(0.35) ? [random.pick(COMPETITORS)] : [])]
    : [];
  /** How likely sales returns the lead, and wins its deal, in loop `loop`. */
  const chances = (loop: number) => {
    const nurtured = loop > 0 ? 0.6 : 1;
    let returnChance = 0.18;
    if (smallBudget) returnChance += 0.45;
    if (manager) returnChance += 0.35;
    if (software) returnChance -= 0.12;
    returnChance = Math.max(0.04, Math.min(0.9, returnChance * nurtured));
    let winChance = 0.5 + (software ? 0.2 : 0) + (senior ? 0.15 : 0);
    for (const competitor of competitors) winChance += competitor.winShift;
    winChance = Math.max(0.1, Math.min(0.9, winChance));
    return { returnChance, winChance };
  };
  /** Why sales returns the lead. */
  const returnReason = () =>
    smallBudget && (!manager || random.chance(0.5))
      ? 'no_budget'
      : manager
        ? 'no_authority'
        : random.pick(['bad_timing', 'no_need', 'needs_nurturing']);
  return { competitors, chances, returnReason };
}

/** What the walks of all leads share: the policy, the round-robin cursor, the counts. */
interface HistoryWalk {
  policy: typeof DEFAULT_LIFECYCLE_POLICY;
  cursor: number;
  summary: HistorySummary;
}

/** Walks one lead through up to three loops of scoring, hand-off, return or close. */
function walkHistoryLead(context: HistoryContext, walk: HistoryWalk, lead: HistoryLead): void {
  const { portal, random, now } = context;
  const { summary } = walk;
  const model = DEFAULT_SCORING_MODEL;
  const { base, profile, company, contactName } = lead;
  let state: LeadState = { ...initialLeadState(lead.contactId), companyId: company.id };
  const step = (event: LifecycleEvent, at: number): boolean => {
    const decided = transition(state, event, walk.policy, new Date(at));
    if (!decided.ok) return false;
    state = applyEffects(context, decided.effects, decided.state, at);
    return true;
  };
  const truth = hiddenTruth(random, lead);

  let at = lead.start;
  for (let loop = 0; loop < 3 && at < now; loop++) {
    const properties = { ...base, ...engagementAt(at, profile) };
    const scored = evaluate(properties, model, new Date(at));
    const { total, fit, engagement, grade, band } = scored;
    step({ type: 'scoreChanged', actor: 'system', total, fit, engagement, grade, band }, at);
    // Marketing hands off what the model calls sales-qualified, a few days after it gets there.
    if (scored.band !== 'sql') break;
    at += random.int(1, 10) * DAY_MS;
    if (at >= now) break;
    const handed = step(
      {
        type: 'handOff',
        actor: random.pick(context.marketingOwnerIds),
        salesOwner: { mode: 'round_robin', cursor: walk.cursor },
        scoring: handOffScore(evaluate(properties, model, new Date(at)), model),
        companyName: company.name,
        contactName,
      },
      at,
    );
    if (!handed) break;
    walk.cursor += 1;
    summary.handOffs += 1;
    if (state.dealId !== undefined && loop === 0) {
      summary.dealIds.push(state.dealId);
      writeCompetition(
        portal,
        state.dealId,
        truth.competitors.map((c) => c.name),
      );
    }

    const { returnChance, winChance } = truth.chances(loop);
    if (random.chance(returnChance)) {
      at += random.int(5, 40) * DAY_MS;
      if (at >= now) break;
      const reason = truth.returnReason();
      step({ type: 'returnToMarketing', actor: random.pick(context.salesOwnerIds), reason }, at);
      summary.returns += 1;
      // Marketing nurtures the lead; about half come back to sales weeks or months later.
      if (!random.chance(0.5)) break;
      at += random.int(14, 100) * DAY_MS;
      profile.pageViews += random.int(2, 15);
      continue;
    }
    at += random.int(15, 90) * DAY_MS;
    if (at >= now || state.dealId === undefined) break;
    const won = random.chance(winChance);
    portal.updateObject(
      'deals',
      state.dealId,
      { dealstage: won ? 'closedwon' : 'closedlost', closedate: new Date(at).toISOString() },
      TRUSTED,
    );
    step(
      won
        ? { type: 'dealWon', actor: 'system', dealId: state.dealId }
        : { type: 'dealLost', actor: 'system', dealId: state.dealId },
      at,
    );
    if (won) summary.wins += 1;
    else summary.losses += 1;
    break;
  }
  // The contact's engagement as of today, so its current score reads as it would now.
  portal.updateObject(
    'contacts',
    lead.contactId,
    engagementAt(Math.min(at, now), profile),
    TRUSTED,
  );
}

/** Seeds `options.contacts` contacts and walks each through the loop on a simulated clock. */
export function seedLoopHistory(
  context: HistoryContext,
  options: HistoryOptions = {},
): HistorySummary {
  const count = options.contacts ?? 420;
  const days = options.days ?? 300;
  ensureProductProperties(context.portal);
  const walk: HistoryWalk = {
    policy: { ...DEFAULT_LIFECYCLE_POLICY, salesOwnerIds: context.salesOwnerIds },
    cursor: 0,
    summary: { contactIds: [], dealIds: [], handOffs: 0, returns: 0, wins: 0, losses: 0 },
  };
  for (let index = 0; index < count; index++) {
    const lead = createHistoryLead(context, index, days);
    walk.summary.contactIds.push(lead.contactId);
    walkHistoryLead(context, walk, lead);
  }
  return walk.summary;
}

/** The deal's competition section (plan), naming the competitors as a seller typed them. */
function writeCompetition(portal: PortalState, dealId: string, names: string[]): void {
  if (names.length === 0) return;
  const doc = emptySection('competition');
  const serialized = serializeSection({
    ...doc,
    content: {
      ...doc.content,
      competitors: names.map((name, index) => ({
        id: `c${index + 1}`,
        name,
        historyWithAccount: '',
        positioning: '',
        strategy: '',
        strengths: [],
        weaknesses: [],
        objectionsAgainstUs: [],
        stumblingBlocks: [],
        winStrategy: '',
        threatLevel: index === 0 ? 'high' : 'medium',
      })),
    },
  });
  if (!serialized.ok) return;
  portal.updateObject(
    'deals',
    dealId,
    { op_plan_competition: serialized.json, op_primary_competitor: names[0] as string },
    TRUSTED,
  );
}
