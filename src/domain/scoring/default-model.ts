// The scoring model a portal starts with: a B2B model built only on HubSpot's standard contact
// properties, so it works in every portal without setup. Admins tune it on the settings page.
//
// Every property below is a HubSpot default contact property, listed (by label) in HubSpot's
// knowledge base article "HubSpot's default contact properties":
//   https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
// The internal names were matched to those labels with HubSpot's contact property list as the
// n8n HubSpot node ships it (n8n-io/n8n, packages/nodes-base/nodes/Hubspot/V1/GenericFunctions.ts,
// `contactFields`). Values arrive as strings: https://developers.hubspot.com/docs/api/crm/properties
//
// Assumptions an admin should review (marked "unconfirmed" where they are HubSpot facts):
// - `numemployees` on contacts is a dropdown whose option values are ranges ("25-50", "100-500",
//   "1000+"; unconfirmed). Portals that store a plain number are covered by the numeric rules.
// - The region rule favours the DACH market (the product speaks English and German).
import type { Localized } from '../errors.ts';
import type { ScoringModel, ScoringRule } from './model.ts';
import { propertiesReadBy, SCORING_MODEL_VERSION } from './model.ts';

const KB = 'https://knowledge.hubspot.com/properties/hubspots-default-contact-properties';

const l = (en: string, de: string): Localized => ({ en, de });

/** Human names of the standard contact properties the default model reads. */
const PROPERTY_LABELS = {
  jobtitle: l('Job title', 'Berufsbezeichnung'),
  numemployees: l('Number of employees', 'Anzahl der Mitarbeiter'),
  annualrevenue: l('Annual revenue', 'Jahresumsatz'),
  industry: l('Industry', 'Branche'),
  country: l('Country/Region', 'Land/Region'),
  email: l('Email', 'E-Mail'),
  hs_analytics_num_page_views: l('Number of pageviews', 'Anzahl der Seitenaufrufe'),
  hs_analytics_num_visits: l('Number of sessions', 'Anzahl der Sitzungen'),
  hs_analytics_last_visit_timestamp: l('Time of last session', 'Zeitpunkt der letzten Sitzung'),
  num_conversion_events: l('Number of form submissions', 'Anzahl der Formularübermittlungen'),
  recent_conversion_date: l('Recent conversion date', 'Datum der letzten Conversion'),
  hs_email_last_open_date: l(
    'Last marketing email open date',
    'Letzte Öffnung einer Marketing-E-Mail',
  ),
  hs_email_last_click_date: l(
    'Last marketing email click date',
    'Letzter Klick in einer Marketing-E-Mail',
  ),
  hs_sales_email_last_replied: l(
    'Recent sales email replied date',
    'Letzte Antwort auf eine Vertriebs-E-Mail',
  ),
} as const satisfies Record<string, Localized>;

type StandardProperty = keyof typeof PROPERTY_LABELS;

/** Adds the property's human name to a rule, so explanations read "Job title contains …". */
const on = (rule: ScoringRule & { property: StandardProperty }): ScoringRule => ({
  ...rule,
  propertyLabel: PROPERTY_LABELS[rule.property],
});

/** Free-mail domains: an address there says little about a company (negative fit). */
const FREE_MAIL_DOMAINS = [
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'icloud.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  't-online.de',
];

const freeMailRules: ScoringRule[] = FREE_MAIL_DOMAINS.map((domain) =>
  // email "Email": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
  on({
    id: `free-mail-${domain.replace(/[^a-z0-9]+/g, '-')}`,
    label: l(`Free-mail address (${domain})`, `Freemail-Adresse (${domain})`),
    property: 'email',
    operator: 'ends_with',
    value: `@${domain}`,
    points: -15,
  }),
);

/** The model every portal starts with. */
export const DEFAULT_SCORING_MODEL: ScoringModel = {
  version: SCORING_MODEL_VERSION,
  fit: {
    cap: 60,
    groups: [
      {
        id: 'seniority',
        label: l('Seniority', 'Hierarchieebene'),
        // Overlapping titles ("VP, Head of Sales") count once, up to the best title's points.
        cap: 25,
        rules: [
          // jobtitle "Job Title": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'title-c-level',
            label: l('Job title C-level', 'Berufsbezeichnung C-Level'),
            property: 'jobtitle',
            operator: 'contains',
            value: 'chief',
            points: 25,
          }),
          // C-level abbreviations as whole words ("CTO" in "CTO & Co-Founder", not in "Director").
          ...(
            [
              ['ceo', 'CEO'],
              ['cfo', 'CFO'],
              ['cto', 'CTO'],
              ['coo', 'COO'],
            ] as const
          ).map(([word, title]) =>
            // jobtitle "Job Title": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
            on({
              id: `title-${word}`,
              label: l(`Job title ${title} (C-level)`, `Berufsbezeichnung ${title} (C-Level)`),
              property: 'jobtitle',
              operator: 'contains_word',
              value: word,
              points: 25,
            }),
          ),
          // jobtitle "Job Title": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            // German board members: "Vorstand", "Vorstandsvorsitzender", "Mitglied des Vorstands".
            id: 'title-vorstand-de',
            label: l('Job title executive board (German)', 'Berufsbezeichnung Vorstand'),
            property: 'jobtitle',
            operator: 'contains',
            value: 'vorstand',
            points: 25,
          }),
          // jobtitle "Job Title": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'title-managing-director-de',
            label: l('Job title managing director', 'Berufsbezeichnung Geschäftsführung'),
            property: 'jobtitle',
            operator: 'contains',
            value: 'geschäftsführ',
            points: 25,
          }),
          // jobtitle "Job Title": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'title-founder',
            label: l('Job title founder', 'Berufsbezeichnung Gründer'),
            property: 'jobtitle',
            operator: 'contains',
            value: 'founder',
            points: 20,
          }),
          // jobtitle "Job Title": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'title-vp',
            label: l('Job title VP', 'Berufsbezeichnung VP'),
            property: 'jobtitle',
            operator: 'contains',
            value: 'vp',
            points: 20,
          }),
          // jobtitle "Job Title": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'title-vice-president',
            label: l('Job title vice president', 'Berufsbezeichnung Vice President'),
            property: 'jobtitle',
            operator: 'contains',
            value: 'vice president',
            points: 20,
          }),
          // jobtitle "Job Title": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'title-head',
            label: l('Job title head of', 'Berufsbezeichnung Head of'),
            property: 'jobtitle',
            operator: 'contains',
            value: 'head of',
            points: 15,
          }),
          // jobtitle "Job Title": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'title-director',
            label: l('Job title director', 'Berufsbezeichnung Director'),
            property: 'jobtitle',
            operator: 'contains',
            value: 'director',
            points: 15,
          }),
          // jobtitle "Job Title": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'title-leiter',
            label: l('Job title department head (German)', 'Berufsbezeichnung Leitung'),
            property: 'jobtitle',
            operator: 'contains',
            value: 'leiter',
            points: 15,
          }),
          // jobtitle "Job Title": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'title-manager',
            label: l('Job title manager', 'Berufsbezeichnung Manager'),
            property: 'jobtitle',
            operator: 'contains',
            value: 'manager',
            points: 8,
          }),
          // jobtitle "Job Title": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'title-student',
            label: l('Job title student', 'Berufsbezeichnung Student'),
            property: 'jobtitle',
            operator: 'contains',
            value: 'student',
            points: -15,
          }),
          // jobtitle "Job Title": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'title-intern',
            label: l('Job title intern', 'Berufsbezeichnung Praktikum'),
            property: 'jobtitle',
            operator: 'in',
            value: ['intern', 'internship', 'praktikant', 'praktikantin'],
            points: -10,
          }),
        ],
      },
      {
        id: 'company-size',
        label: l('Company size', 'Unternehmensgröße'),
        cap: 15,
        rules: [
          // numemployees "Number of Employees": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'size-100-plus',
            label: l('Company size 100+ (size range)', 'Unternehmensgröße 100+ (Größenklasse)'),
            property: 'numemployees',
            operator: 'is_any_of',
            value: ['100-500', '500-1000', '1000+'],
            points: 15,
          }),
          // numemployees "Number of Employees": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'size-25-99',
            label: l('Company size 25–99 (size range)', 'Unternehmensgröße 25–99 (Größenklasse)'),
            property: 'numemployees',
            operator: 'is_any_of',
            value: ['25-50', '50-100'],
            points: 8,
          }),
          // numemployees "Number of Employees": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'size-number-100-plus',
            label: l('Company size 100+ (headcount)', 'Unternehmensgröße 100+ (Mitarbeiterzahl)'),
            property: 'numemployees',
            operator: 'gte',
            value: 100,
            points: 15,
          }),
          // numemployees "Number of Employees": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'size-number-25-99',
            label: l('Company size 25–99 (headcount)', 'Unternehmensgröße 25–99 (Mitarbeiterzahl)'),
            property: 'numemployees',
            operator: 'between',
            value: [25, 99],
            points: 8,
          }),
        ],
      },
      {
        id: 'revenue',
        label: l('Annual revenue', 'Jahresumsatz'),
        cap: 10,
        rules: [
          // annualrevenue "Annual Revenue": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'revenue-10m-plus',
            label: l('Annual revenue 10M+', 'Jahresumsatz ab 10 Mio.'),
            property: 'annualrevenue',
            operator: 'gte',
            value: 10_000_000,
            points: 10,
          }),
          // annualrevenue "Annual Revenue": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'revenue-1m-10m',
            label: l('Annual revenue 1M–10M', 'Jahresumsatz 1–10 Mio.'),
            property: 'annualrevenue',
            operator: 'between',
            value: [1_000_000, 9_999_999],
            points: 5,
          }),
        ],
      },
      {
        id: 'industry',
        label: l('Industry', 'Branche'),
        cap: 10,
        rules: [
          // industry "Industry": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'industry-software',
            label: l('Industry software', 'Branche Software'),
            property: 'industry',
            operator: 'contains',
            value: 'software',
            points: 10,
          }),
          // industry "Industry": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'industry-it',
            label: l('Industry IT services', 'Branche IT-Dienstleistungen'),
            property: 'industry',
            operator: 'contains',
            value: 'information technology',
            points: 10,
          }),
        ],
      },
      {
        id: 'region',
        label: l('Region', 'Region'),
        cap: 10,
        rules: [
          // country "Country/Region": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'country-dach',
            label: l('Country in DACH', 'Land in DACH'),
            property: 'country',
            operator: 'in',
            value: [
              'germany',
              'deutschland',
              'austria',
              'österreich',
              'switzerland',
              'schweiz',
              'de',
              'at',
              'ch',
            ],
            points: 10,
          }),
        ],
      },
      {
        id: 'email-domain',
        label: l('Email domain', 'E-Mail-Domain'),
        // email "Email": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
        rules: freeMailRules,
      },
    ],
  },
  engagement: {
    cap: 40,
    // Activity loses half its weight every 30 days.
    decay: { halfLifeDays: 30 },
    groups: [
      {
        id: 'website',
        label: l('Website', 'Website'),
        cap: 15,
        rules: [
          // hs_analytics_num_page_views "Number of Pageviews", decayed by hs_analytics_last_visit_timestamp "Time of Last Session": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'web-page-views-10',
            label: l('10+ page views', '10+ Seitenaufrufe'),
            property: 'hs_analytics_num_page_views',
            operator: 'gte',
            value: 10,
            points: 5,
            decayDateProperty: 'hs_analytics_last_visit_timestamp',
          }),
          // hs_analytics_num_visits "Number of Sessions", decayed by hs_analytics_last_visit_timestamp: https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'web-sessions-3',
            label: l('3+ website sessions', '3+ Website-Sitzungen'),
            property: 'hs_analytics_num_visits',
            operator: 'gte',
            value: 3,
            points: 5,
            decayDateProperty: 'hs_analytics_last_visit_timestamp',
          }),
          // hs_analytics_last_visit_timestamp "Time of Last Session": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'web-visit-30d',
            label: l('Visited in the last 30 days', 'Besuch in den letzten 30 Tagen'),
            property: 'hs_analytics_last_visit_timestamp',
            operator: 'within_last_days',
            value: 30,
            points: 5,
          }),
          // hs_analytics_last_visit_timestamp "Time of Last Session": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'web-inactive-180d',
            label: l('No visit for 180 days', 'Seit 180 Tagen kein Besuch'),
            property: 'hs_analytics_last_visit_timestamp',
            operator: 'older_than_days',
            value: 180,
            points: -10,
          }),
        ],
      },
      {
        id: 'conversions',
        label: l('Form submissions', 'Formularübermittlungen'),
        cap: 20,
        rules: [
          // num_conversion_events "Number of Form Submissions", decayed by recent_conversion_date "Recent Conversion Date": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'form-submitted',
            label: l('Submitted a form', 'Formular übermittelt'),
            property: 'num_conversion_events',
            operator: 'gte',
            value: 1,
            points: 15,
            decayDateProperty: 'recent_conversion_date',
          }),
          // num_conversion_events "Number of Form Submissions", decayed by recent_conversion_date: https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'forms-submitted-3',
            label: l('Submitted 3+ forms', '3+ Formulare übermittelt'),
            property: 'num_conversion_events',
            operator: 'gte',
            value: 3,
            points: 5,
            decayDateProperty: 'recent_conversion_date',
          }),
        ],
      },
      {
        id: 'email',
        label: l('Email', 'E-Mail'),
        cap: 20,
        rules: [
          // hs_email_last_open_date "Last marketing email open date": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'email-opened-180d',
            label: l('Opened a marketing email', 'Marketing-E-Mail geöffnet'),
            property: 'hs_email_last_open_date',
            operator: 'within_last_days',
            value: 180,
            points: 3,
            decayDateProperty: 'hs_email_last_open_date',
          }),
          // hs_email_last_click_date "Last marketing email click date": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'email-clicked-180d',
            label: l('Clicked a marketing email', 'Marketing-E-Mail geklickt'),
            property: 'hs_email_last_click_date',
            operator: 'within_last_days',
            value: 180,
            points: 7,
            decayDateProperty: 'hs_email_last_click_date',
          }),
          // hs_sales_email_last_replied "Recent Sales Email Replied Date": https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
          on({
            id: 'sales-email-replied',
            label: l('Replied to a sales email', 'Auf Vertriebs-E-Mail geantwortet'),
            property: 'hs_sales_email_last_replied',
            operator: 'is_known',
            points: 15,
            decayDateProperty: 'hs_sales_email_last_replied',
          }),
        ],
      },
    ],
  },
  totalCap: 100,
  thresholds: { mql: 40, sql: 70 },
  grades: { fit: { A: 40, B: 20 }, engagement: { '1': 25, '2': 10 } },
};

/** Every property the default model reads: for webhook subscriptions and search requests. */
export const DEFAULT_SCORING_PROPERTIES: readonly string[] =
  propertiesReadBy(DEFAULT_SCORING_MODEL);

/** Where the default model's properties are documented. */
export const DEFAULT_MODEL_PROPERTY_SOURCE = KB;
