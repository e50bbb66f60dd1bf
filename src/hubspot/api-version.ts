// The one HubSpot API version the product calls, and the paths it builds from it.
//
// HubSpot's REST APIs are date-versioned since 2026-03-30; "for new integrations, always use the
// latest date version". 2026-09 went GA on 2026-09-08; a released version is supported for at least
// 18 months after its release (so until 2028-03 at the earliest; HubSpot publishes the exact
// end-of-life per version on the migration guide). The legacy /crm/v4 APIs lose support on
// 2027-03-30, every v1–v4 path in September 2027, and OAuth v1 on 2027-02-16.
// https://developers.hubspot.com/docs/api-reference/legacy/migration-guide
// https://developers.hubspot.com/changelog/introducing-date-based-api-versioning
// Paths: vendor/hubspot-openapi/2026-09/*.json (HubSpot's published specs).

/** The date version every HubSpot call of the product uses. */
export const HUBSPOT_API_VERSION = '2026-09';
/** When HubSpot released it (GA). */
export const HUBSPOT_API_VERSION_GA = '2026-09-08';
/** Supported at least until then (release + 18 months); check the migration guide before it. */
export const HUBSPOT_API_VERSION_SUPPORTED_UNTIL = '2028-03-08';

const V = HUBSPOT_API_VERSION;
const e = encodeURIComponent;

/** Every HubSpot path the product calls, built from the one version above. */
export const hubspotPaths = {
  object: (type: string, id: string) => `/crm/objects/${V}/${e(type)}/${e(id)}`,
  objects: (type: string) => `/crm/objects/${V}/${e(type)}`,
  batchRead: (type: string) => `/crm/objects/${V}/${e(type)}/batch/read`,
  batchUpdate: (type: string) => `/crm/objects/${V}/${e(type)}/batch/update`,
  batchCreate: (type: string) => `/crm/objects/${V}/${e(type)}/batch/create`,
  batchUpsert: (type: string) => `/crm/objects/${V}/${e(type)}/batch/upsert`,
  search: (type: string) => `/crm/objects/${V}/${e(type)}/search`,
  /** PUT (labels to add) / DELETE (every association) between two records. */
  recordAssociation: (from: string, fromId: string, to: string, toId: string) =>
    `/crm/objects/${V}/${e(from)}/${e(fromId)}/associations/${e(to)}/${e(toId)}`,
  associationsBatchRead: (from: string, to: string) =>
    `/crm/associations/${V}/${e(from)}/${e(to)}/batch/read`,
  associationLabelsArchive: (from: string, to: string) =>
    `/crm/associations/${V}/${e(from)}/${e(to)}/batch/labels/archive`,
  associationLabels: (from: string, to: string) =>
    `/crm/associations/${V}/${e(from)}/${e(to)}/labels`,
  properties: (type: string) => `/crm/properties/${V}/${e(type)}`,
  property: (type: string, name: string) => `/crm/properties/${V}/${e(type)}/${e(name)}`,
  propertiesBatchCreate: (type: string) => `/crm/properties/${V}/${e(type)}/batch/create`,
  propertyGroups: (type: string) => `/crm/properties/${V}/${e(type)}/groups`,
  owners: () => `/crm/owners/${V}`,
  pipelines: (type: string) => `/crm/pipelines/${V}/${e(type)}`,
  completeCallback: (callbackId: string) =>
    `/automation/actions/callbacks/${V}/${e(callbackId)}/complete`,
  oauthToken: () => `/oauth/${V}/token`,
  oauthIntrospect: () => `/oauth/${V}/token/introspect`,
  oauthRevoke: () => `/oauth/${V}/token/revoke`,
} as const;
