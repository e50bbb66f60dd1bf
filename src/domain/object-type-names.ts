// HubSpot spells one CRM object type several ways: `CONTACT` (workflow actions, webhooks), `contacts`
// (CRM paths), `0-1` (objectTypeId). One name for each, used by the store and the preview host.
// https://developers.hubspot.com/docs/api-reference/crm-objects-v3/guide (object type ids)

const BY_SPELLING: Record<string, string> = {
  '0-1': 'contact',
  '0-2': 'company',
  '0-3': 'deal',
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
};

/** Normalises HubSpot's object type spellings (`CONTACT`, `contacts`, `0-1`) to one name. */
export function normaliseObjectType(objectType: string): string {
  const lower = objectType.trim().toLowerCase();
  return BY_SPELLING[lower] ?? lower;
}
