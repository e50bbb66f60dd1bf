// Synthetic contacts for the rescore benchmark and tests: deterministic (a seeded PRNG), built only
// from HubSpot's standard contact properties the default scoring model reads, and seeded straight
// into a local portal's registry (creating 100,000 contacts over HTTP would itself take minutes at
// HubSpot's limits). A chosen share of contacts carries an outdated score; the rest already carry
// the score the model gives them, so a rescore must leave them alone.
import { storedScoreWrites, type ScoringModel } from '../src/domain/scoring/index.ts';
import { createMulberry32 } from '../src/local-portal/seed.ts';
import type { PortalState } from '../src/local-portal/state.ts';

const DAY_MS = 86_400_000;
const TITLES = [
  'Chief Technology Officer',
  'VP Sales',
  'Head of Marketing',
  'Director of Operations',
  'Marketing Manager',
  'Software Engineer',
  'Student',
  'Geschäftsführer',
  'Founder',
  'Consultant',
];
const EMPLOYEE_RANGES = ['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+'];
const INDUSTRIES = [
  'COMPUTER_SOFTWARE',
  'INFORMATION_TECHNOLOGY_AND_SERVICES',
  'MACHINERY',
  'AUTOMOTIVE',
  'FINANCIAL_SERVICES',
  'RETAIL',
];
const COUNTRIES = ['Germany', 'Austria', 'Switzerland', 'France', 'United States', 'Spain'];
const MAIL_DOMAINS = ['gmail.com', 'web.de', 'acme.example.com', 'contoso.example.com'];

/** Options of a synthetic population. */
export interface SyntheticContactOptions {
  /** How many contacts. */
  count: number;
  /** Share (0–1) of contacts whose stored score is outdated, so a rescore must write them. */
  changedShare: number;
  /** PRNG seed; the same seed gives the same contacts. */
  seed: number;
  /** The instant scores are computed as of (engagement decays), epoch ms. */
  asOf: number;
  /** The model whose scores the unchanged contacts already carry. */
  model: ScoringModel;
  /** Distinguishes e-mail addresses (unique in a portal) between populations. */
  emailPrefix?: string;
}

/** The properties of one synthetic contact, as HubSpot stores them (strings). */
export type SyntheticContact = Record<string, string>;

/** Generates the contacts (properties only), each with a current or an outdated score. */
export function generateContacts(options: SyntheticContactOptions): SyntheticContact[] {
  const random = createMulberry32(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const asOfDate = new Date(options.asOf);
  const prefix = options.emailPrefix ?? 'contact';
  const contacts: SyntheticContact[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const domain = pick(MAIL_DOMAINS);
    const properties: SyntheticContact = {
      email: `${prefix}-${index}@${domain}`,
      jobtitle: pick(TITLES),
      numemployees: pick(EMPLOYEE_RANGES),
      annualrevenue: String(int(1, 400) * 100_000),
      industry: pick(INDUSTRIES),
      country: pick(COUNTRIES),
      hs_analytics_num_page_views: String(int(0, 60)),
      hs_analytics_num_visits: String(int(0, 20)),
      num_conversion_events: String(int(0, 5)),
      hs_analytics_last_visit_timestamp: new Date(
        options.asOf - int(0, 120) * DAY_MS,
      ).toISOString(),
      recent_conversion_date: new Date(options.asOf - int(0, 200) * DAY_MS).toISOString(),
      hs_email_last_open_date: new Date(options.asOf - int(0, 90) * DAY_MS).toISOString(),
    };
    // The score as the product stores it (with its next change and when it was scored).
    const score = storedScoreWrites(properties, options.model, asOfDate) ?? {};
    // Exactly floor(count × share) contacts are outdated, spread evenly over the ids.
    const outdated =
      Math.floor((index + 1) * options.changedShare) > Math.floor(index * options.changedShare);
    Object.assign(properties, score);
    // The lifecycle stage the product's promotion gave the stored band (MQL and better: MQL).
    properties.lifecyclestage = score.op_lead_band === 'lead' ? 'lead' : 'marketingqualifiedlead';
    if (outdated) {
      // A stale score from an earlier model: the total (and so the write) differs.
      properties.op_lead_score = String(Number(score.op_lead_score ?? 0) + 1);
    }
    contacts.push(properties);
  }
  return contacts;
}

/** Seeds contacts into a local portal (no HTTP, no rate limit); returns their ids in id order. */
export function seedContacts(portal: PortalState, contacts: readonly SyntheticContact[]): string[] {
  return contacts.map(
    (properties) => portal.createObject('contacts', properties, { trusted: true }).id,
  );
}
