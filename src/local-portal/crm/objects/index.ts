// The CRM object types the local portal emulates. Adding one is a new file in this folder and one
// line in OBJECT_DEFINITIONS (docs/local-portal.md, "Adding a CRM object type").
import { companies } from './companies.ts';
import { contacts } from './contacts.ts';
import { deals } from './deals.ts';
import type { CrmObjectDefinition } from './define.ts';
import { leads } from './leads.ts';
import { notes } from './notes.ts';
import { tasks } from './tasks.ts';
import {
  defineStandard,
  type PropertyDefinition,
  type PropertyGroup,
} from '../property-definitions.ts';

/** Every emulated object type, in the order listings and association tables use. */
export const OBJECT_DEFINITIONS = [contacts, companies, deals, notes, leads, tasks] as const;

/** The object types stored by the local portal, by their plural API name. */
export type CrmObjectType = (typeof OBJECT_DEFINITIONS)[number]['name'];

const BY_NAME = new Map<string, CrmObjectDefinition<CrmObjectType>>(
  OBJECT_DEFINITIONS.map((definition) => [definition.name, definition]),
);

/** The definition of an object type. */
export function objectDefinition(type: CrmObjectType): CrmObjectDefinition<CrmObjectType> {
  const definition = BY_NAME.get(type);
  if (!definition) throw new TypeError(`Unknown object type ${type}`);
  return definition;
}

/** A record keyed by object type, built from each definition. */
export function byObjectType<T>(
  pick: (definition: CrmObjectDefinition<CrmObjectType>) => T,
): Record<CrmObjectType, T> {
  return Object.fromEntries(
    OBJECT_DEFINITIONS.map((definition) => [definition.name, pick(definition)]),
  ) as Record<CrmObjectType, T>;
}

/** The groups a new portal has for `objectType`. */
export function createStandardGroups(objectType: CrmObjectType): PropertyGroup[] {
  return objectDefinition(objectType).groups.map(([name, label], index) => ({
    name,
    label,
    displayOrder: index,
    archived: false,
  }));
}

/** The properties a new portal has for `objectType` (fresh copies the caller may own). */
export function createStandardProperties(objectType: CrmObjectType): PropertyDefinition[] {
  return objectDefinition(objectType).properties.map((spec, index) => defineStandard(spec, index));
}

/** The properties returned when a read names none (HubSpot's defaults per object type). */
export const DEFAULT_RETURNED_PROPERTIES: Record<CrmObjectType, readonly string[]> = byObjectType(
  (definition) => definition.defaultReturned,
);

/** The properties HubSpot always adds to a read that names properties. */
export const ALWAYS_RETURNED_PROPERTIES: Record<CrmObjectType, readonly string[]> = byObjectType(
  (definition) => definition.alwaysReturned,
);
