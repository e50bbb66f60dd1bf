// What every part of one portal's state shares: its stored data, the clock, the change listener,
// the id counter and the admin's validation rules; and the helpers all parts use.
import { objectDefinition } from '../crm/objects/index.ts';
import type { CrmObjectDefinition } from '../crm/objects/define.ts';
import { requireObjectType, type CrmObjectType } from '../crm/object-types.ts';
import type { PropertyDefinition } from '../crm/property-definitions.ts';
import type { PortalData, PropertyChangeEvent, WriteUnderRules } from './types.ts';

/** One portal's data and the services its parts share. */
export interface PortalContext {
  readonly portalId: number;
  readonly data: PortalData;
  readonly clock: () => number;
  readonly emit: (event: PropertyChangeEvent) => void;
  readonly allocateId: () => number;
  readonly checkWriteRules: (portalId: number, write: WriteUnderRules) => void;
}

/** Resolves a path segment or type name to an object type; HubSpot's 400 when unknown. */
export function resolveType(raw: CrmObjectType | string): CrmObjectType {
  return requireObjectType(String(raw));
}

/** The definition of an object type (crm/objects/*.ts). */
export function definitionOf(type: CrmObjectType): CrmObjectDefinition<CrmObjectType> {
  return objectDefinition(type);
}

// How often the set of records of a type changed (a record created or archived), per record map:
// the listing is cached until then (state/objects.ts), so a search need not copy, filter and check
// the order of 100,000 records every time.
const membershipVersions = new WeakMap<object, number>();

/** Says that records were added to `records` or archived in it. */
export function recordsChanged(records: object): void {
  membershipVersions.set(records, (membershipVersions.get(records) ?? 0) + 1);
}

/** The version of `records`' membership (0 until it first changes). */
export function membershipVersion(records: object): number {
  return membershipVersions.get(records) ?? 0;
}

/** Epoch ms as the ISO string HubSpot stores. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The live (not archived) property `name` of `type`. */
export function activeProperty(
  data: PortalData,
  type: CrmObjectType,
  name: string,
): PropertyDefinition | undefined {
  return data.properties[type].find((property) => property.name === name && !property.archived);
}
