// The CRM properties the product writes, in the domain's own terms (no HubSpot types).
// src/hubspot/schema.ts turns each into a HubSpot property definition; every name carries the
// product's prefix so all of them sit in one property group and never clash with a portal's own.
import type { Localized } from './errors.ts';

export const PROPERTY_PREFIX = 'op_';
export const PROPERTY_GROUP = {
  name: 'opportunity_plan',
  label: { en: 'Opportunity Plan', de: 'Opportunity Plan' },
} as const;

export type PropertyKind = 'number' | 'text' | 'json' | 'datetime' | 'date' | 'bool' | 'enum';
export type CrmObject = 'contacts' | 'deals' | 'companies';

export interface ProductProperty {
  name: string;
  object: CrmObject;
  kind: PropertyKind;
  label: Localized;
  /** JSON documents are hidden from HubSpot's own views; sellers never meet raw JSON. */
  hidden?: boolean;
  /** HubSpot refuses a second record with the same value (hasUniqueValue; an upsert key). */
  unique?: boolean;
  options?: { value: string; label: Localized }[];
}

const p = (
  object: CrmObject,
  key: string,
  kind: PropertyKind,
  en: string,
  de: string,
  extra: Partial<ProductProperty> = {},
): ProductProperty => ({
  name: PROPERTY_PREFIX + key,
  object,
  kind,
  label: { en, de },
  ...(kind === 'json' ? { hidden: true } : {}),
  ...extra,
});

const GRADES = ['A1', 'A2', 'A3', 'B1', 'B2', 'B3', 'C1', 'C2', 'C3'];
const VERDICTS: { value: string; label: Localized }[] = [
  { value: 'qualified', label: { en: 'Qualified', de: 'Qualifiziert' } },
  { value: 'at_risk', label: { en: 'At risk', de: 'Gefährdet' } },
  { value: 'not_qualified', label: { en: 'Not qualified', de: 'Nicht qualifiziert' } },
];

/** Contact: scores, grade, reasons, the loop. */
export const CONTACT_PROPERTIES = {
  fitScore: p('contacts', 'fit_score', 'number', 'Fit score', 'Fit-Score'),
  engagementScore: p(
    'contacts',
    'engagement_score',
    'number',
    'Engagement score',
    'Engagement-Score',
  ),
  totalScore: p('contacts', 'lead_score', 'number', 'Lead score', 'Lead-Score'),
  grade: p('contacts', 'lead_grade', 'enum', 'Lead grade', 'Lead-Einstufung', {
    options: GRADES.map((grade) => ({ value: grade, label: { en: grade, de: grade } })),
  }),
  band: p('contacts', 'lead_band', 'text', 'Lead band', 'Score-Bereich'),
  topReasons: p('contacts', 'score_reasons', 'text', 'Top score reasons', 'Wichtigste Gründe'),
  scoredAt: p('contacts', 'scored_at', 'datetime', 'Scored at', 'Score berechnet am'),
  /** When the decayed score next changes a shown value (the sweep searches for it); empty: never. */
  scoreNextChangeAt: p(
    'contacts',
    'score_next_change_at',
    'datetime',
    'Score changes next at',
    'Score ändert sich als Nächstes am',
  ),
  loopCount: p(
    'contacts',
    'loop_count',
    'number',
    'Returns to marketing',
    'Rückgaben an Marketing',
  ),
  lastReturnReason: p(
    'contacts',
    'last_return_reason',
    'text',
    'Last return reason',
    'Letzter Rückgabegrund',
  ),
  handedOffAt: p(
    'contacts',
    'handed_off_at',
    'datetime',
    'Handed off to sales',
    'An Vertrieb übergeben',
  ),
  returnedAt: p(
    'contacts',
    'returned_at',
    'datetime',
    'Returned to marketing',
    'An Marketing zurückgegeben',
  ),
  loopHistory: p(
    'contacts',
    'loop_history',
    'json',
    'Loop history (JSON)',
    'Schleifenverlauf (JSON)',
  ),
} as const;

/** Deal: one hidden JSON document per plan section, plus visible scalar mirrors for reporting. */
export const DEAL_PROPERTIES = {
  accountTeam: p(
    'deals',
    'plan_account_team',
    'json',
    'Plan: account team (JSON)',
    'Plan: Account-Team (JSON)',
  ),
  customerProfile: p(
    'deals',
    'plan_customer_profile',
    'json',
    'Plan: customer profile (JSON)',
    'Plan: Kundenprofil (JSON)',
  ),
  opportunitySummary: p(
    'deals',
    'plan_opportunity_summary',
    'json',
    'Plan: opportunity summary (JSON)',
    'Plan: Zusammenfassung (JSON)',
  ),
  buyingProcess: p(
    'deals',
    'plan_buying_process',
    'json',
    'Plan: milestones & buying process (JSON)',
    'Plan: Meilensteine und Kaufprozess (JSON)',
  ),
  keyPeople: p(
    'deals',
    'plan_key_people',
    'json',
    'Plan: key people (JSON)',
    'Plan: Schlüsselpersonen (JSON)',
  ),
  competition: p(
    'deals',
    'plan_competition',
    'json',
    'Plan: competition (JSON)',
    'Plan: Wettbewerb (JSON)',
  ),
  assessment: p(
    'deals',
    'qualification_history',
    'json',
    'Qualification history (JSON)',
    'Qualifizierungsverlauf (JSON)',
  ),
  completeness: p(
    'deals',
    'plan_completeness',
    'number',
    'Plan completeness (%)',
    'Plan-Vollständigkeit (%)',
  ),
  qualificationScore: p(
    'deals',
    'qualification_score',
    'number',
    'Qualification score',
    'Qualifizierungs-Score',
  ),
  verdict: p(
    'deals',
    'qualification_verdict',
    'enum',
    'Qualification verdict',
    'Qualifizierungsergebnis',
    { options: VERDICTS },
  ),
  requalifyBy: p('deals', 'requalify_by', 'date', 'Re-qualify by', 'Neu qualifizieren bis'),
  // The due period the last re-qualification task was created for (src/jobs/requalification.ts),
  // so the daily sweep creates one task per deal and period, never a second.
  requalifyTaskKey: p(
    'deals',
    'requalify_task_key',
    'text',
    'Re-qualification task period',
    'Zeitraum der Neuqualifizierungsaufgabe',
    { hidden: true },
  ),
  budget: p('deals', 'customer_budget', 'number', 'Customer budget', 'Kundenbudget'),
  decisionDate: p(
    'deals',
    'decision_date',
    'date',
    'Expected decision date',
    'Erwartetes Entscheidungsdatum',
  ),
  championKnown: p('deals', 'champion_known', 'bool', 'Champion known', 'Champion bekannt'),
  primaryCompetitor: p(
    'deals',
    'primary_competitor',
    'text',
    'Primary competitor',
    'Hauptwettbewerber',
  ),
  loopCount: p('deals', 'loop_count', 'number', 'Returns to marketing', 'Rückgaben an Marketing'),
  lastReturnReason: p(
    'deals',
    'last_return_reason',
    'text',
    'Last return reason',
    'Letzter Rückgabegrund',
  ),
  // The operation id of the hand-off that created the deal: unique, so a retried hand-off upserts
  // by it and finds its first deal instead of creating a second.
  handoffId: p('deals', 'handoff_id', 'text', 'Hand-off reference', 'Übergabe-Referenz', {
    hidden: true,
    unique: true,
  }),
} as const;

/** Company: customer profile essentials carried over when the first deal is won. */
export const COMPANY_PROPERTIES = {
  customerProfile: p(
    'companies',
    'customer_profile',
    'json',
    'Customer profile (JSON)',
    'Kundenprofil (JSON)',
  ),
  wonPlanEssentials: p(
    'companies',
    'won_plan_essentials',
    'json',
    'Won plan essentials (JSON)',
    'Übernommene Plan-Essentials (JSON)',
  ),
  expectedResults: p(
    'companies',
    'expected_results',
    'text',
    'Expected results (from won plan)',
    'Erwartete Ergebnisse (aus gewonnenem Plan)',
  ),
  customerSince: p('companies', 'customer_since', 'date', 'Customer since', 'Kunde seit'),
  // The company-level customer profile shared by all the company's deals (revisioned document,
  // src/domain/account/profile.ts); `customerProfile` above stays the carry-over of a win.
  accountProfile: p(
    'companies',
    'account_profile',
    'json',
    'Account: customer profile (JSON)',
    'Account: Kundenprofil (JSON)',
  ),
} as const;

export const PRODUCT_PROPERTIES: readonly ProductProperty[] = [
  ...Object.values(CONTACT_PROPERTIES),
  ...Object.values(DEAL_PROPERTIES),
  ...Object.values(COMPANY_PROPERTIES),
];

/** Buying roles a contact plays on a deal; each becomes a deal↔contact association label. */
export const BUYING_ROLES = [
  'champion',
  'budget_holder',
  'decision_maker',
  'influencer',
  'technical_evaluator',
  'user',
  'approver_legal',
  'blocker',
  'external_consultant',
] as const;
export type BuyingRole = (typeof BUYING_ROLES)[number];

export const BUYING_ROLE_LABELS: Record<BuyingRole, Localized> = {
  champion: { en: 'Champion', de: 'Champion' },
  budget_holder: { en: 'Budget holder', de: 'Budgetverantwortlicher' },
  decision_maker: { en: 'Decision maker', de: 'Entscheider' },
  influencer: { en: 'Influencer', de: 'Beeinflusser' },
  technical_evaluator: { en: 'Technical evaluator', de: 'Technischer Prüfer' },
  user: { en: 'User', de: 'Anwender' },
  approver_legal: { en: 'Approver / legal', de: 'Genehmiger / Recht' },
  blocker: { en: 'Blocker', de: 'Blockierer' },
  external_consultant: { en: 'External consultant', de: 'Externer Berater' },
};
