// Records as the CRM API returns them (`SimplePublicObject`): string values, ISO timestamps, only
// the requested properties (or HubSpot's defaults), history and v3 associations on request.
// https://developers.hubspot.com/docs/api-reference/latest/crm/objects/guide (retrieve records)
import { ALWAYS_RETURNED_PROPERTIES, DEFAULT_RETURNED_PROPERTIES } from './objects/index.ts';
import { SINGULAR_NAMES, resolveObjectType, type CrmObjectType } from './object-types.ts';
import { listHubSpotDefinedTypes } from './association-types.ts';
import type { AssociationTypeView, CrmRecord, PortalState } from '../state.ts';
import { propertyHistory } from '../state/history-log.ts';

/** What a read asked for. `all` returns every stored value (create and update responses). */
export interface ViewOptions {
  properties?: string[];
  propertiesWithHistory?: string[];
  associations?: string[];
  all?: boolean;
}

/** A record in the API's JSON shape. */
export interface RecordView {
  id: string;
  properties: Record<string, string | null>;
  propertiesWithHistory?: Record<
    string,
    { value: string; timestamp: string; sourceType: string }[]
  >;
  associations?: Record<string, { results: { id: string; type: string }[] }>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

/** Splits repeated and comma-separated query values (`properties=a,b&properties=c`). */
export function readListParameter(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((value) => String(value).split(','));
  const trimmed = values.map((value) => value.trim()).filter((value) => value !== '');
  return trimmed;
}

/** The v3 association type name, e.g. `contact_to_company` (`_unlabeled` when a primary exists). */
function v3TypeName(from: CrmObjectType, to: CrmObjectType, type: AssociationTypeView): string {
  const base = `${SINGULAR_NAMES[from]}_to_${SINGULAR_NAMES[to]}`;
  if (type.category === 'HUBSPOT_DEFINED') {
    if (type.label === 'Primary') return base;
    const hasPrimary = listHubSpotDefinedTypes(from, to).some(
      (candidate) => candidate.label === 'Primary',
    );
    return hasPrimary ? `${base}_unlabeled` : base;
  }
  return (type.label ?? String(type.typeId)).toLowerCase().replace(/\s+/g, '_');
}

/** Renders a record for the API. */
export function viewRecord(
  portal: PortalState,
  record: CrmRecord,
  options: ViewOptions = {},
): RecordView {
  const type = record.objectType;
  const properties: Record<string, string | null> = {};
  if (options.all) {
    Object.assign(properties, record.properties);
  } else {
    const requested =
      options.properties && options.properties.length > 0 ? options.properties : undefined;
    const names = requested
      ? [...requested, ...ALWAYS_RETURNED_PROPERTIES[type]]
      : DEFAULT_RETURNED_PROPERTIES[type];
    for (const name of names) {
      // Unknown names are ignored on reads; known ones without a value come back as null.
      if (!portal.getProperty(type, name)) continue;
      properties[name] = record.properties[name] ?? null;
    }
  }
  const view: RecordView = {
    id: record.id,
    properties,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    archived: record.archived,
    ...(record.archivedAt !== undefined
      ? { archivedAt: new Date(record.archivedAt).toISOString() }
      : {}),
  };
  if (options.propertiesWithHistory && options.propertiesWithHistory.length > 0) {
    view.propertiesWithHistory = {};
    for (const name of options.propertiesWithHistory) {
      if (!portal.getProperty(type, name)) continue;
      view.propertiesWithHistory[name] = propertyHistory(record.history, name)
        .reverse()
        .map((entry) => ({
          value: entry.value,
          timestamp: new Date(entry.timestamp).toISOString(),
          sourceType: entry.sourceType,
        }));
    }
  }
  if (options.associations && options.associations.length > 0 && !record.archived) {
    const associations: NonNullable<RecordView['associations']> = {};
    for (const raw of options.associations) {
      const to = resolveObjectType(raw);
      if (!to) continue;
      const results = portal.listAssociations(type, record.id, to).flatMap((associated) =>
        associated.associationTypes.map((associationType) => ({
          id: associated.toObjectId,
          type: v3TypeName(type, to, associationType),
        })),
      );
      if (results.length > 0) associations[raw] = { results };
    }
    if (Object.keys(associations).length > 0) view.associations = associations;
  }
  return view;
}
