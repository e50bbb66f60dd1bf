// The relationship map of a buying committee: who the stakeholders are, whom they report to, how
// much they sway the decision, how they meet change, what they think of us and how well we cover
// them — plus placeholders for the roles the committee should have but does not. The placeholders
// are the key-people completeness items (src/domain/plan/completeness.ts), so the map and the
// plan's completeness always agree: naming a decision maker on the map fills both.
import type { BuyingRole } from '../properties.ts';
import type { CompletenessItemId, MissingItem } from '../plan/completeness.ts';
import { sectionCompleteness } from '../plan/completeness.ts';
import type {
  AttitudeToChange,
  KeyPeople,
  Level,
  OpinionOfUs,
  Stakeholder,
} from '../plan/sections.ts';

/** How well we cover a person: from how well we know them and how well our offer meets their needs. */
export type Coverage = 'strong' | 'partial' | 'weak' | 'unknown';

/** One person on the map. */
export interface MapNode {
  contactId: string;
  name: string;
  jobTitle: string | null;
  /** False for a manager shown only because a stakeholder reports to them. */
  inCommittee: boolean;
  buyingRoles: BuyingRole[];
  roleInProcess: string;
  influence: Level | null;
  attitudeToChange: AttitudeToChange | null;
  opinionOfUs: OpinionOfUs;
  coverage: Coverage;
  /** The contact this person reports to, when that person is on the map. */
  managerId: string | null;
  /** Depth in the drawn tree (0 for a top of the map). */
  depth: number;
  /** The deals (company map) this person is a stakeholder on. */
  dealIds: string[];
}

/** A role the committee lacks, as a placeholder on the map. */
export interface MapGap {
  role: BuyingRole;
  /** The completeness item that stays missing until someone has the role. */
  item: CompletenessItemId;
  hint: MissingItem['label'];
}

/** Someone who can sink the deal: high influence and against us, or hardly covered. */
export interface MapRisk {
  contactId: string;
  reason: 'critic_with_influence' | 'influential_uncovered';
}

export interface RelationshipMap {
  /** Nodes in drawing order: each manager before the people who report to them (depth-first). */
  nodes: MapNode[];
  gaps: MapGap[];
  risks: MapRisk[];
}

/** A contact's CRM facts the map shows. */
export interface ContactFacts {
  name: string;
  jobTitle: string | null;
}

/** The roles a committee must have, each tied to its completeness item. */
export const COMMITTEE_ROLES: readonly { role: BuyingRole; item: CompletenessItemId }[] = [
  { role: 'decision_maker', item: 'keyPeople.decisionMaker' },
  { role: 'budget_holder', item: 'keyPeople.budgetHolder' },
  { role: 'champion', item: 'keyPeople.champion' },
];

/** Coverage from the two 1-5 ratings: the weaker one decides; no rating at all is unknown. */
export function coverageOf(person: Pick<Stakeholder, 'familiarity' | 'addressedWell'>): Coverage {
  const ratings = [person.familiarity, person.addressedWell].filter((r): r is number => r !== null);
  if (ratings.length === 0) return 'unknown';
  const weakest = Math.min(...ratings);
  return weakest >= 4 ? 'strong' : weakest === 3 ? 'partial' : 'weak';
}

/** One deal's committee for the company map. */
export interface DealCommittee {
  dealId: string;
  keyPeople: KeyPeople;
}

interface Input {
  /** The committee(s), newest deal first: the first mention of a person gives their attributes. */
  committees: DealCommittee[];
  /** contactId → its manager's contactId ("Reports to" association labels). */
  reportsTo: ReadonlyMap<string, string>;
  contacts: ReadonlyMap<string, ContactFacts>;
}

/** Builds the map of one deal (one committee) or of a company (several, newest first). */
export function relationshipMap(input: Input): RelationshipMap {
  const people = new Map<
    string,
    { person: Stakeholder; roles: Set<BuyingRole>; deals: string[] }
  >();
  for (const committee of input.committees) {
    for (const person of committee.keyPeople.stakeholders) {
      const seen = people.get(person.contactId);
      if (seen) {
        person.buyingRoles.forEach((role) => seen.roles.add(role));
        if (!seen.deals.includes(committee.dealId)) seen.deals.push(committee.dealId);
      } else {
        people.set(person.contactId, {
          person,
          roles: new Set(person.buyingRoles),
          deals: [committee.dealId],
        });
      }
    }
  }

  const facts = (id: string): ContactFacts =>
    input.contacts.get(id) ?? { name: `#${id}`, jobTitle: null };
  const nodes = new Map<string, Omit<MapNode, 'depth'>>();
  for (const [contactId, { person, roles, deals }] of people) {
    nodes.set(contactId, {
      contactId,
      ...facts(contactId),
      inCommittee: true,
      buyingRoles: [...roles],
      roleInProcess: person.roleInProcess,
      influence: person.influence,
      attitudeToChange: person.attitudeToChange,
      opinionOfUs: person.opinionOfUs,
      coverage: coverageOf(person),
      managerId: null,
      dealIds: deals,
    });
  }
  // Managers outside the committee are drawn too, so a reporting line is never cut off.
  for (const contactId of [...nodes.keys()]) {
    const managerId = input.reportsTo.get(contactId);
    if (managerId === undefined || managerId === contactId) continue;
    if (!nodes.has(managerId)) {
      nodes.set(managerId, {
        contactId: managerId,
        ...facts(managerId),
        inCommittee: false,
        buyingRoles: [],
        roleInProcess: '',
        influence: null,
        attitudeToChange: null,
        opinionOfUs: 'unknown',
        coverage: 'unknown',
        managerId: null,
        dealIds: [],
      });
    }
    nodes.get(contactId)!.managerId = managerId;
  }
  // A reporting cycle (A → B → A, entered by hand in HubSpot) is cut where it closes.
  for (const node of nodes.values()) {
    const path = new Set<string>([node.contactId]);
    let current = node.managerId;
    while (current !== null) {
      if (path.has(current)) {
        node.managerId = null;
        break;
      }
      path.add(current);
      current = nodes.get(current)?.managerId ?? null;
    }
  }

  const order = (a: Omit<MapNode, 'depth'>, b: Omit<MapNode, 'depth'>) =>
    Number(b.inCommittee) - Number(a.inCommittee) ||
    a.name.localeCompare(b.name, 'en') ||
    a.contactId.localeCompare(b.contactId, 'en');
  const children = new Map<string | null, Omit<MapNode, 'depth'>[]>();
  for (const node of nodes.values()) {
    const list = children.get(node.managerId) ?? [];
    list.push(node);
    children.set(node.managerId, list);
  }
  const drawn: MapNode[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const node of (children.get(parent) ?? []).sort(order)) {
      drawn.push({ ...node, depth });
      visit(node.contactId, depth + 1);
    }
  };
  visit(null, 0);

  const merged: KeyPeople = {
    stakeholders: [...people.values()].map(({ person, roles }) => ({
      ...person,
      buyingRoles: [...roles],
    })),
    externalInfluencers: [],
  };
  const missing = new Set(sectionCompleteness('keyPeople', merged).missing.map((m) => m.item));
  const hints = new Map(
    sectionCompleteness('keyPeople', { stakeholders: [], externalInfluencers: [] }).missing.map(
      (m) => [m.item, m.label],
    ),
  );
  const gaps = COMMITTEE_ROLES.filter(({ item }) => missing.has(item)).map(({ role, item }) => ({
    role,
    item,
    hint: hints.get(item)!,
  }));

  const risks: MapRisk[] = [];
  for (const node of drawn) {
    if (!node.inCommittee || node.influence !== 'high') continue;
    if (node.opinionOfUs === 'critic')
      risks.push({ contactId: node.contactId, reason: 'critic_with_influence' });
    else if (node.coverage === 'weak' || node.coverage === 'unknown')
      risks.push({ contactId: node.contactId, reason: 'influential_uncovered' });
  }
  return { nodes: drawn, gaps, risks };
}
