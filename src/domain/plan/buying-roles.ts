// Buying roles live in HubSpot as deal↔contact association labels (one label per role, created at
// install). The plan's key-people section and the labels are two views of one fact; these pure
// functions decide how they are kept equal:
//
// - Saving key people: `buyingRoleChanges` compares the saved stakeholders with the labels HubSpot
//   holds and lists what to add, what to archive and which contacts must first be associated with
//   the deal (a stakeholder must be a contact of the deal). Every change is a set operation, so a
//   save that failed half-way and is retried computes only what is still missing and never applies
//   anything twice.
// - Reading the plan: `mergeLabelledRoles` lays HubSpot's labels over the stored section.
//   **HubSpot wins**: a label set or removed in HubSpot's association card is what the plan shows,
//   because the product writes the labels before the section, so the labels are always at least as
//   new as the section. A labelled contact the plan does not list yet is added as a stakeholder; a
//   listed contact no longer associated with the deal keeps its entry (the seller's notes) without
//   roles and is reported, so the seller can re-associate or remove it.
import type { BuyingRole } from '../properties.ts';
import { BUYING_ROLES } from '../properties.ts';
import { MAX_LIST_ITEMS, stakeholderSchema, type KeyPeople, type Stakeholder } from './sections.ts';

/** One contact associated with the deal, with the buying roles its labels carry in HubSpot. */
export interface LabelledContact {
  contactId: string;
  roles: readonly BuyingRole[];
}

/** Roles to add to or archive from one contact's association with the deal. */
export interface RoleChange {
  contactId: string;
  roles: BuyingRole[];
}

/** What a key-people save must change in HubSpot, in this order. */
export interface BuyingRoleChanges {
  /** Contacts the plan names that are not associated with the deal: associate them (with `roles`). */
  associate: RoleChange[];
  /** Associated contacts that gain labels. */
  add: RoleChange[];
  /** Labels to archive (a role removed, or the contact no longer a stakeholder). */
  remove: RoleChange[];
}

const inRoleOrder = (roles: Iterable<BuyingRole>): BuyingRole[] => {
  const set = new Set(roles);
  return BUYING_ROLES.filter((role) => set.has(role));
};

/** The roles the plan gives each contact (a contact listed twice has the union of both entries). */
function wantedRoles(stakeholders: readonly Pick<Stakeholder, 'contactId' | 'buyingRoles'>[]) {
  const wanted = new Map<string, Set<BuyingRole>>();
  for (const person of stakeholders) {
    const roles = wanted.get(person.contactId) ?? new Set<BuyingRole>();
    for (const role of person.buyingRoles) roles.add(role);
    wanted.set(person.contactId, roles);
  }
  return wanted;
}

/** What must change in HubSpot so its labels say what the saved stakeholders say. */
export function buyingRoleChanges(
  stakeholders: readonly Pick<Stakeholder, 'contactId' | 'buyingRoles'>[],
  current: readonly LabelledContact[],
): BuyingRoleChanges {
  const wanted = wantedRoles(stakeholders);
  const held = new Map(current.map((contact) => [contact.contactId, new Set(contact.roles)]));
  const changes: BuyingRoleChanges = { associate: [], add: [], remove: [] };
  for (const [contactId, roles] of wanted) {
    const has = held.get(contactId);
    if (!has) {
      changes.associate.push({ contactId, roles: inRoleOrder(roles) });
      continue;
    }
    const add = inRoleOrder([...roles].filter((role) => !has.has(role)));
    if (add.length > 0) changes.add.push({ contactId, roles: add });
  }
  for (const [contactId, has] of held) {
    const keep = wanted.get(contactId) ?? new Set<BuyingRole>();
    const remove = inRoleOrder([...has].filter((role) => !keep.has(role)));
    if (remove.length > 0) changes.remove.push({ contactId, roles: remove });
  }
  return changes;
}

/** True when nothing needs to change. */
export function isNoChange(changes: BuyingRoleChanges): boolean {
  return changes.associate.length === 0 && changes.add.length === 0 && changes.remove.length === 0;
}

/** The section as HubSpot's labels say it is (HubSpot wins), and what differed. */
export interface MergedKeyPeople {
  content: KeyPeople;
  /** Contacts whose roles the labels changed, or that the labels added to the plan. */
  changedContactIds: string[];
  /** Stakeholders whose contact is no longer associated with the deal. */
  unassociatedContactIds: string[];
}

/** The stable item id of a stakeholder added from a HubSpot label (the same on every read). */
export function stakeholderIdFor(contactId: string): string {
  return `hubspot-contact-${contactId}`;
}

/** Lays the deal's association labels over the stored key-people section (HubSpot wins). */
export function mergeLabelledRoles(
  keyPeople: KeyPeople,
  associated: readonly LabelledContact[],
): MergedKeyPeople {
  const byContact = new Map(associated.map((contact) => [contact.contactId, contact.roles]));
  const changed = new Set<string>();
  const unassociated = new Set<string>();
  const stakeholders = keyPeople.stakeholders.map((person) => {
    const roles = byContact.get(person.contactId);
    if (roles === undefined) {
      unassociated.add(person.contactId);
      if (person.buyingRoles.length === 0) return person;
      changed.add(person.contactId);
      return { ...person, buyingRoles: [] };
    }
    const next = inRoleOrder(roles);
    const same =
      next.length === person.buyingRoles.length &&
      next.every((role) => person.buyingRoles.includes(role));
    if (same) return person;
    changed.add(person.contactId);
    return { ...person, buyingRoles: next };
  });
  const listed = new Set(keyPeople.stakeholders.map((person) => person.contactId));
  for (const contact of associated) {
    if (listed.has(contact.contactId) || contact.roles.length === 0) continue;
    // The section holds at most MAX_LIST_ITEMS people; beyond that the labels stay in HubSpot only.
    if (stakeholders.length >= MAX_LIST_ITEMS) break;
    stakeholders.push(
      stakeholderSchema.parse({
        id: stakeholderIdFor(contact.contactId),
        contactId: contact.contactId,
        buyingRoles: inRoleOrder(contact.roles),
      }),
    );
    changed.add(contact.contactId);
  }
  return {
    content: { ...keyPeople, stakeholders },
    changedContactIds: [...changed],
    unassociatedContactIds: [...unassociated],
  };
}
