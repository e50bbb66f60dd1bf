// HubSpot-defined association types between the emulated object types (unlabeled defaults and the
// "primary" labels), with their inverses.
// https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide (association type id values)
import type { CrmObjectType } from './object-types.ts';

/** A category-qualified association type id. */
export interface AssociationTypeKey {
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED' | 'INTEGRATOR_DEFINED';
  typeId: number;
}

/** One HubSpot-defined association type in one direction. */
export interface HubSpotDefinedType {
  from: CrmObjectType;
  to: CrmObjectType;
  typeId: number;
  inverseTypeId: number;
  /** null for the unlabeled default, e.g. "Primary" for the primary company. */
  label: string | null;
  isDefault: boolean;
}

const pairs: [CrmObjectType, CrmObjectType, number, number, string | null, boolean][] = [
  ['contacts', 'companies', 279, 280, null, true],
  ['contacts', 'companies', 1, 2, 'Primary', false],
  ['deals', 'contacts', 3, 4, null, true],
  ['deals', 'companies', 341, 342, null, true],
  ['deals', 'companies', 5, 6, 'Primary', false],
  ['notes', 'contacts', 202, 201, null, true],
  ['notes', 'companies', 190, 189, null, true],
  ['notes', 'deals', 214, 213, null, true],
  // Tasks: task → contact 204, → company 192, → deal 216 (same table as the notes' ids).
  ['tasks', 'contacts', 204, 203, null, true],
  ['tasks', 'companies', 192, 191, null, true],
  ['tasks', 'deals', 216, 215, null, true],
  // Lead associations (unconfirmed ids): lead → primary contact 578, lead → company 610.
  ['leads', 'contacts', 578, 579, 'Primary', true],
  ['leads', 'companies', 610, 611, null, true],
];

/** Every HubSpot-defined type, both directions. */
export const HUBSPOT_DEFINED_TYPES: readonly HubSpotDefinedType[] = pairs.flatMap(
  ([from, to, typeId, inverseTypeId, label, isDefault]) => [
    { from, to, typeId, inverseTypeId, label, isDefault },
    { from: to, to: from, typeId: inverseTypeId, inverseTypeId: typeId, label, isDefault },
  ],
);

/** The HubSpot-defined types from `from` to `to`. */
export function listHubSpotDefinedTypes(
  from: CrmObjectType,
  to: CrmObjectType,
): HubSpotDefinedType[] {
  return HUBSPOT_DEFINED_TYPES.filter((type) => type.from === from && type.to === to);
}

/** The unlabeled default type from `from` to `to`, if the pair can be associated at all. */
export function findDefaultType(
  from: CrmObjectType,
  to: CrmObjectType,
): HubSpotDefinedType | undefined {
  return HUBSPOT_DEFINED_TYPES.find(
    (type) => type.from === from && type.to === to && type.isDefault,
  );
}
