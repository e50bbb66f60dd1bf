// A record's page in HubSpot: app.hubspot.com/contacts/{portalId}/record/{objectTypeId}/{id}, the
// URL HubSpot's own record links use (objectTypeIds: 0-1 contact, 0-2 company, 0-3 deal):
// https://knowledge.hubspot.com/records/get-started-with-records
// The backend's answers carry the URL where it knows one; this is the cards' fallback.

/** The HubSpot record page of a contact, company or deal. */
export function recordUrl(
  portalId: number,
  objectTypeId: '0-1' | '0-2' | '0-3',
  id: string,
): string {
  return `https://app.hubspot.com/contacts/${portalId}/record/${objectTypeId}/${encodeURIComponent(id)}`;
}
