// What the company card shows, from plain data: the company's opportunities (open and past) with
// their plan completeness, loops and outcomes; the won plans' essentials (expected results,
// stakeholders, timeline) customer success needs at hand-over; and what the company's next deal is
// offered from the last won plan (account team and stakeholders, proposed — never copied silently).
import { z } from 'zod';
import type { Localized } from '../errors.ts';
import { BUYING_ROLES, type BuyingRole } from '../properties.ts';
import { planCompleteness } from '../plan/completeness.ts';
import { parseSection } from '../plan/document.ts';
import type {
  AccountTeam,
  OpportunitySummary,
  SectionContent,
  SectionKey,
  Stakeholder,
} from '../plan/sections.ts';
import { SECTION_KEYS } from '../plan/sections.ts';

export type DealOutcome = 'open' | 'won' | 'lost';

/** One deal of the company as read from HubSpot (its properties by name). */
export interface CompanyDealRecord {
  id: string;
  properties: Record<string, string | null>;
  outcome: DealOutcome;
  /** The stage's label from the deal's pipeline, if known. */
  stageLabel: string | null;
}

/** One opportunity on the company card. */
export interface OpportunityLine {
  dealId: string;
  name: string;
  outcome: DealOutcome;
  stageLabel: string | null;
  amount: number | null;
  closeDate: string | null;
  /** Overall plan completeness 0-100, or null when a stored section is damaged. */
  completeness: number | null;
  loopCount: number;
  lastReturnReason: string | null;
}

/** A won plan's essentials for the hand-over to customer success. */
export interface WonPlanEssentials {
  dealId: string;
  dealName: string;
  closeDate: string | null;
  expectedResults: string[];
  solution: string;
  timeline: OpportunitySummary['timeline'];
  stakeholders: Pick<
    Stakeholder,
    'contactId' | 'buyingRoles' | 'decisionCriteria' | 'perceivedBenefits'
  >[];
}

/** The deal property names this module reads (the caller passes them to HubSpot). */
export interface OverviewPropertyNames {
  sections: Record<SectionKey, string>;
  loopCount: string;
  lastReturnReason: string;
}

const numberOrNull = (value: string | null | undefined): number | null => {
  if (value === null || value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

type Contents = Partial<{ [K in SectionKey]: SectionContent<K> }>;

/** The parsed sections of a deal; a damaged section makes the whole plan unreadable (null). */
export function dealSections(
  record: Pick<CompanyDealRecord, 'properties'>,
  names: OverviewPropertyNames,
): Contents | null {
  const contents: Record<string, unknown> = {};
  for (const key of SECTION_KEYS) {
    const parsed = parseSection(key, record.properties[names.sections[key]]);
    if (!parsed.ok) return null;
    contents[key] = parsed.value.content;
  }
  return contents as Contents;
}

const byCloseDateDesc = (a: { closeDate: string | null }, b: { closeDate: string | null }) =>
  (b.closeDate ?? '').localeCompare(a.closeDate ?? '');

/** The company's opportunities: open ones first, then past ones, newest first within each. */
export function opportunityLines(
  deals: CompanyDealRecord[],
  names: OverviewPropertyNames,
  weights: Partial<Record<SectionKey, number>> = {},
): OpportunityLine[] {
  const lines = deals.map((deal): OpportunityLine => {
    const contents = dealSections(deal, names);
    return {
      dealId: deal.id,
      name: deal.properties.dealname || `#${deal.id}`,
      outcome: deal.outcome,
      stageLabel: deal.stageLabel,
      amount: numberOrNull(deal.properties.amount),
      closeDate: deal.properties.closedate?.slice(0, 10) || null,
      completeness: contents ? planCompleteness(contents, weights).overall : null,
      loopCount: numberOrNull(deal.properties[names.loopCount]) ?? 0,
      lastReturnReason: deal.properties[names.lastReturnReason] || null,
    };
  });
  const open = lines.filter((l) => l.outcome === 'open').sort(byCloseDateDesc);
  const past = lines.filter((l) => l.outcome !== 'open').sort(byCloseDateDesc);
  return [...open, ...past];
}

/** The essentials of every won deal, newest first (from the won plans themselves). */
export function wonEssentials(
  deals: CompanyDealRecord[],
  names: OverviewPropertyNames,
): WonPlanEssentials[] {
  return deals
    .filter((deal) => deal.outcome === 'won')
    .flatMap((deal): WonPlanEssentials[] => {
      const contents = dealSections(deal, names);
      if (!contents) return [];
      const summary = contents.opportunitySummary!;
      return [
        {
          dealId: deal.id,
          dealName: deal.properties.dealname || `#${deal.id}`,
          closeDate: deal.properties.closedate?.slice(0, 10) || null,
          expectedResults: summary.expectedResults.filter((r) => r.trim() !== ''),
          solution: summary.solution,
          timeline: summary.timeline,
          stakeholders: contents.keyPeople!.stakeholders.map((s) => ({
            contactId: s.contactId,
            buyingRoles: s.buyingRoles,
            decisionCriteria: s.decisionCriteria,
            perceivedBenefits: s.perceivedBenefits,
          })),
        },
      ];
    })
    .sort(byCloseDateDesc);
}

/** The essentials the win carried over to the company (`op_won_plan_essentials`), leniently read. */
const carriedEssentialsSchema = z.object({
  fromDealId: z.string(),
  wonAt: z.string().optional(),
});

/** The deal whose win was carried over last, from the company's essentials property. */
export function lastWonDealId(json: string | null | undefined): string | null {
  if (!json) return null;
  try {
    const parsed = carriedEssentialsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data.fromDealId : null;
  } catch {
    return null;
  }
}

/** What a new deal of a customer company is offered from the last won plan. */
export interface NextDealProposal {
  fromDealId: string;
  fromDealName: string;
  /** The won plan's account team, when this deal's team was never saved. */
  accountTeam: AccountTeam | null;
  /** The won plan's stakeholders, when this deal's key people were never saved. */
  stakeholders: Stakeholder[] | null;
  message: Localized;
}

/**
 * Proposals for a deal from the last won plan: only for sections the deal never saved (rev 0) and
 * only when the won plan has something in them; never for the won deal itself.
 */
export function nextDealProposal(input: {
  dealId: string;
  accountTeamRev: number;
  keyPeopleRev: number;
  wonDeal: {
    id: string;
    name: string;
    accountTeam: AccountTeam;
    stakeholders: Stakeholder[];
  } | null;
}): NextDealProposal | null {
  const won = input.wonDeal;
  if (!won || won.id === input.dealId) return null;
  const team =
    input.accountTeamRev === 0 &&
    (won.accountTeam.teamLead !== null ||
      won.accountTeam.members.length > 0 ||
      won.accountTeam.externalMembers.length > 0)
      ? won.accountTeam
      : null;
  const people = input.keyPeopleRev === 0 && won.stakeholders.length > 0 ? won.stakeholders : null;
  if (!team && !people) return null;
  return {
    fromDealId: won.id,
    fromDealName: won.name,
    accountTeam: team,
    stakeholders: people,
    message: {
      en: `Proposed from the won deal "${won.name}". Review and accept what still applies.`,
      de: `Vorschlag aus dem gewonnenen Deal „${won.name}“. Prüfen Sie ihn und übernehmen Sie, was noch zutrifft.`,
    },
  };
}

/** Buying roles in their canonical order (for stable output). */
export function sortRoles(roles: Iterable<BuyingRole>): BuyingRole[] {
  const set = new Set(roles);
  return BUYING_ROLES.filter((role) => set.has(role));
}
