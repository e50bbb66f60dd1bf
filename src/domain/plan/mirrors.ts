// What the plan writes beside its documents: the deal's scalar mirrors (reports, lists, workflows
// and stage gates read them) and, when a deal is won, the essentials carried over to its company.
// Pure: the handlers and the effect runner write what these functions return.
import { MAX_TEXTAREA_JSON_BYTES, fitsTextarea, truncateUtf8 } from '../hubspot-limits.ts';
import { COMPANY_PROPERTIES, DEAL_PROPERTIES } from '../properties.ts';
import type { PlanCompleteness } from './completeness.ts';
import type { SectionDocument } from './document.ts';
import { SECTION_KEYS, type SectionContent, type SectionKey } from './sections.ts';

/** Every section's content. */
export type PlanContents = { [K in SectionKey]: SectionContent<K> };

/** The contents of a plan's section documents. */
export function planContents(documents: { [K in SectionKey]: SectionDocument<K> }): PlanContents {
  return Object.fromEntries(
    SECTION_KEYS.map((key) => [key, documents[key].content]),
  ) as PlanContents;
}

const THREAT_RANK = { high: 3, medium: 2, low: 1 } as const;

/** The deal properties mirrored from the plan: completeness, budget, champion, main competitor. */
export function planMirrors(
  contents: Pick<PlanContents, 'opportunitySummary' | 'keyPeople' | 'competition'>,
  completeness: Pick<PlanCompleteness, 'overall'>,
): Record<string, string> {
  const summary = contents.opportunitySummary;
  const primary = [...contents.competition.competitors].sort(
    (a, b) =>
      (b.threatLevel ? THREAT_RANK[b.threatLevel] : 0) -
      (a.threatLevel ? THREAT_RANK[a.threatLevel] : 0),
  )[0];
  return {
    [DEAL_PROPERTIES.completeness.name]: String(completeness.overall),
    [DEAL_PROPERTIES.budget.name]:
      summary.budget.amount === null ? '' : String(summary.budget.amount),
    [DEAL_PROPERTIES.championKnown.name]: String(
      contents.keyPeople.stakeholders.some((s) => s.buyingRoles.includes('champion')),
    ),
    [DEAL_PROPERTIES.primaryCompetitor.name]: primary?.name ?? '',
  };
}

/**
 * The company properties a won deal's plan is carried over into: its essentials (stakeholders,
 * expected results, timeline, solution), the expected results as text, the customer profile and
 * the customer-since date. Each value fits HubSpot's text property (MAX_TEXTAREA_JSON_BYTES):
 * the essentials drop the stakeholders' detail, then everything but their origin, rather than
 * ever being cut into broken JSON; a profile too large is left out (the company keeps its own);
 * the expected results' text is cut at a character boundary.
 */
export function carryOverDocument(input: {
  dealId: string;
  wonAt: Date;
  contents: Pick<PlanContents, 'opportunitySummary' | 'keyPeople' | 'customerProfile'>;
}): Record<string, string> {
  const { dealId, contents } = input;
  const summary = contents.opportunitySummary;
  const wonAt = input.wonAt.toISOString();
  const essentials = {
    fromDealId: dealId,
    wonAt,
    stakeholders: contents.keyPeople.stakeholders.map((person) => ({
      contactId: person.contactId,
      buyingRoles: person.buyingRoles,
      decisionCriteria: person.decisionCriteria,
      perceivedBenefits: person.perceivedBenefits,
    })),
    expectedResults: summary.expectedResults,
    timeline: summary.timeline,
    solution: summary.solution,
  };
  const candidates = [
    essentials,
    {
      ...essentials,
      stakeholders: essentials.stakeholders.map(({ contactId, buyingRoles }) => ({
        contactId,
        buyingRoles,
      })),
    },
  ].map((value) => JSON.stringify(value));
  const essentialsJson =
    candidates.find((json) => fitsTextarea(json)) ??
    JSON.stringify({ fromDealId: dealId, wonAt, truncated: true });
  const profileJson = JSON.stringify(contents.customerProfile);
  return {
    [COMPANY_PROPERTIES.wonPlanEssentials.name]: essentialsJson,
    [COMPANY_PROPERTIES.expectedResults.name]: truncateUtf8(
      summary.expectedResults.join('; '),
      MAX_TEXTAREA_JSON_BYTES,
    ),
    ...(fitsTextarea(profileJson)
      ? { [COMPANY_PROPERTIES.customerProfile.name]: profileJson }
      : {}),
    [COMPANY_PROPERTIES.customerSince.name]: wonAt.slice(0, 10),
  };
}
