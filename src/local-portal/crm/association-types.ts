// HubSpot-defined association types between the emulated object types (unlabeled defaults and the
// "primary" labels), with their inverses.
// https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide (association type id values)
import { OBJECT_DEFINITIONS, type CrmObjectType } from './objects/index.ts';

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

// Declared by each object type (crm/objects/*.ts, `associations`), from that type's side.
const pairs: [CrmObjectType, CrmObjectType, number, number, string | null, boolean][] =
  OBJECT_DEFINITIONS.flatMap((definition) =>
    (definition.associations ?? []).map(
      ([to, typeId, inverseTypeId, label, isDefault]): [
        CrmObjectType,
        CrmObjectType,
        number,
        number,
        string | null,
        boolean,
      ] => {
        const target = OBJECT_DEFINITIONS.find((candidate) => candidate.name === to);
        if (!target) throw new TypeError(`${definition.name} associates with unknown type ${to}`);
        return [definition.name, target.name, typeId, inverseTypeId, label, isDefault];
      },
    ),
  );

/** Every HubSpot-defined type, both directions. */
export const HUBSPOT_DEFINED_TYPES: readonly HubSpotDefinedType[] = pairs.flatMap(
  ([from, to, typeId, inverseTypeId, label, isDefault]) =>
    // A type between records of one object that is its own inverse (contact to contact) once.
    from === to && typeId === inverseTypeId
      ? [{ from, to, typeId, inverseTypeId, label, isDefault }]
      : [
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
