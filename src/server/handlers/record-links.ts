// Names and links the card API's answers carry, so a toast can say "Opportunity “Rhein Networks –
// CRM rollout” was created" with a link, and "Owner: Anna Schmidt" instead of an id.
import type { CrmOwner } from '../../hubspot/gateway.ts';

/** HubSpot's object type ids (https://developers.hubspot.com/docs/api/crm/understanding-the-crm). */
const OBJECT_TYPE_IDS = { contact: '0-1', company: '0-2', deal: '0-3' } as const;

/**
 * The record's page in HubSpot: app.hubspot.com/contacts/{portalId}/record/{objectTypeId}/{id},
 * the address HubSpot's own record pages have (the same form the app page's links use,
 * extensions/app/pages/lib/chart-data.ts; unconfirmed by a documentation page).
 */
export function recordUrl(
  portalId: number,
  object: keyof typeof OBJECT_TYPE_IDS,
  id: string,
): string {
  return `https://app.hubspot.com/contacts/${portalId}/record/${OBJECT_TYPE_IDS[object]}/${encodeURIComponent(id)}`;
}

/** An owner's name as HubSpot shows it: first and last name, else the email, else null. */
export function ownerName(owner: CrmOwner | undefined): string | null {
  if (!owner) return null;
  const name = [owner.firstName, owner.lastName].filter(Boolean).join(' ').trim();
  return name || owner.email || null;
}

/** Owner names by owner id and by HubSpot user id (notes name the acting user by user id). */
export function peopleNames(owners: readonly CrmOwner[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const owner of owners) {
    const name = ownerName(owner);
    if (!name) continue;
    names[owner.id] = name;
    if (owner.userId !== null) names[`user:${owner.userId}`] = name;
  }
  return names;
}
