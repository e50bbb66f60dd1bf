// A new portal's data: the standard properties and groups of every object type, the default
// pipelines, and one admin user who owns records.
import { CRM_OBJECT_TYPES } from '../crm/object-types.ts';
import {
  OBJECT_DEFINITIONS,
  createStandardGroups,
  createStandardProperties,
} from '../crm/objects/index.ts';
import type { Owner, PortalData } from './types.ts';

/** The super admin every new portal has (the preview's first acting user): a person, as in HubSpot. */
export const DEFAULT_OWNER = { firstName: 'Alex', lastName: 'Berger' } as const;

/** Creates an empty portal: standard schema, default pipelines, one owner. */
export function createPortalData(
  portalId: number,
  now: number,
  allocateId: () => number,
): PortalData {
  const records = {} as PortalData['records'];
  const properties = {} as PortalData['properties'];
  const groups = {} as PortalData['groups'];
  for (const type of CRM_OBJECT_TYPES) {
    records[type] = {};
    properties[type] = createStandardProperties(type);
    groups[type] = createStandardGroups(type);
  }
  const pipelines: PortalData['pipelines'] = {};
  for (const definition of OBJECT_DEFINITIONS) {
    if (definition.pipelines)
      pipelines[definition.name] = definition.pipelines.createDefaultPipelines();
  }
  const owner = (email: string, firstName: string, lastName: string): Owner => {
    const id = allocateId();
    return {
      id: String(id),
      email,
      firstName,
      lastName,
      userId: id + 5_000_000,
      teams: [],
      createdAt: now,
      updatedAt: now,
      archived: false,
    };
  };
  return {
    portalId,
    records,
    properties,
    groups,
    associations: {},
    labels: [],
    // Typeids of user-defined labels are allocated per portal, above HubSpot's defined ones.
    nextTypeId: 1001,
    owners: [
      owner(
        `admin@portal-${portalId}.example.com`,
        DEFAULT_OWNER.firstName,
        DEFAULT_OWNER.lastName,
      ),
    ],
    pipelines,
  };
}
