// The CRM object types the local portal emulates, under every name HubSpot accepts for them in a
// path: the plural name, the singular name and the object type id. Derived from the definitions
// in crm/objects/.
// https://developers.hubspot.com/docs/api-reference/latest/crm/understanding-the-crm (object type ids)
import { createValidationError } from './hubspot-error.ts';
import { OBJECT_DEFINITIONS, byObjectType, type CrmObjectType } from './objects/index.ts';

export type { CrmObjectType } from './objects/index.ts';

export const CRM_OBJECT_TYPES: readonly CrmObjectType[] = OBJECT_DEFINITIONS.map(
  (definition) => definition.name,
);

/** HubSpot's object type ids (`0-1` contacts … `0-136` leads, the latter unconfirmed). */
export const OBJECT_TYPE_IDS: Record<CrmObjectType, string> = byObjectType(
  (definition) => definition.objectTypeId,
);

/** The singular name HubSpot uses in association type names (`contact_to_company`). */
export const SINGULAR_NAMES: Record<CrmObjectType, string> = byObjectType(
  (definition) => definition.singular,
);

const ALIASES = new Map<string, CrmObjectType>();
for (const type of CRM_OBJECT_TYPES) {
  ALIASES.set(type, type);
  ALIASES.set(SINGULAR_NAMES[type], type);
  ALIASES.set(OBJECT_TYPE_IDS[type], type);
}

/** Resolves a path segment (`contacts`, `contact`, `0-1`, case-insensitive) to an object type. */
export function resolveObjectType(raw: string): CrmObjectType | undefined {
  return ALIASES.get(raw.toLowerCase());
}

/** Resolves a path segment to an object type; HubSpot answers one it does not know with a 400. */
export function requireObjectType(raw: string): CrmObjectType {
  const type = resolveObjectType(raw);
  if (!type) throw createValidationError(`Unable to infer object type from: ${raw}`);
  return type;
}
