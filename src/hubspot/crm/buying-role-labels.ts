// The deal→contact association labels of the buying roles (created at install by ensureSchema):
// their type ids, read by name, so a key-people save can apply and archive them.
// GET /crm/associations/2026-09/deals/contacts/labels (crm-associations-schema.json)
import { hubspotPaths } from '../api-version.ts';
import { associationLabelsSchema } from '../hubspot-api.ts';
import { BUYING_ROLES, type BuyingRole } from '../../domain/properties.ts';
import { buyingRoleLabel } from '../schema.ts';
import type { CrmGateway } from '../gateway.ts';
import type { Transport } from '../transport.ts';

export function buyingRoleLabelOperations(t: Transport): Pick<CrmGateway, 'listBuyingRoleLabels'> {
  return { listBuyingRoleLabels: () => listBuyingRoleLabels(t) };
}

/** The deal→contact type id of each buying-role label the portal has (missing ones left out). */
async function listBuyingRoleLabels(t: Transport): Promise<Partial<Record<BuyingRole, number>>> {
  const answer = await t.call(
    'standard',
    'list deal→contact association labels',
    { method: 'GET', path: hubspotPaths.associationLabels('deals', 'contacts') },
    associationLabelsSchema,
  );
  const labels: Partial<Record<BuyingRole, number>> = {};
  for (const role of BUYING_ROLES) {
    const wanted = buyingRoleLabel(role).label.toLowerCase();
    const type = answer.results.find(
      (candidate) =>
        candidate.category === 'USER_DEFINED' && candidate.label?.toLowerCase() === wanted,
    );
    if (type) labels[role] = type.typeId;
  }
  return labels;
}
