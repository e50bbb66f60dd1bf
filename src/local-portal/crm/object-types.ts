// The CRM object types the local portal emulates, under every name HubSpot accepts for them in a
// path: the plural name, the singular name and the object type id.
// https://developers.hubspot.com/docs/api-reference/latest/crm/understanding-the-crm (object type ids)

/** The object types stored by the local portal, by their plural API name. */
export type CrmObjectType = 'contacts' | 'companies' | 'deals' | 'notes' | 'leads' | 'tasks';

export const CRM_OBJECT_TYPES: readonly CrmObjectType[] = [
  'contacts',
  'companies',
  'deals',
  'notes',
  'leads',
  'tasks',
];

/** HubSpot's object type ids (`0-1` contacts … `0-136` leads, the latter unconfirmed). */
export const OBJECT_TYPE_IDS: Record<CrmObjectType, string> = {
  contacts: '0-1',
  companies: '0-2',
  deals: '0-3',
  notes: '0-46',
  leads: '0-136',
  // Tasks are 0-27: https://developers.hubspot.com/docs/api-reference/latest/crm/understanding-the-crm
  tasks: '0-27',
};

/** The singular name HubSpot uses in association type names (`contact_to_company`). */
export const SINGULAR_NAMES: Record<CrmObjectType, string> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  notes: 'note',
  leads: 'lead',
  tasks: 'task',
};

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
