// Association labels between two object types: listed, found by label, created.
// GET/POST /crm/associations/2026-09/{fromObjectType}/{toObjectType}/labels
// (crm-associations-schema.json). The product's labels are USER_DEFINED ones found by their display
// label, case-insensitively (HubSpot compares labels that way when it refuses a duplicate): the
// buying roles between deals and contacts (created at install by ensureSchema, read by a
// key-people save) and the "Reports to" / "Manager of" pair between contacts (./account.ts).
import { hubspotPaths } from '../api-version.ts';
import { associationLabelsSchema } from '../hubspot-api.ts';
import { BUYING_ROLES, type BuyingRole } from '../../domain/properties.ts';
import { buyingRoleLabel } from '../schema.ts';
import type { CrmGateway } from '../gateway.ts';
import type { Transport } from '../transport.ts';

/** The two object types a label connects, as HubSpot's paths name them. */
export type LabelPair = { from: 'deals' | 'contacts'; to: 'contacts' };

type LabelType = { category: string; typeId: number; label?: string | null | undefined };

const singular = (objectType: string) => objectType.replace(/s$/, '');
const named = ({ from, to }: LabelPair) => `${singular(from)}→${singular(to)}`;

/** Every association label from `from` to `to` (HubSpot's and the portal's own). */
export async function listAssociationLabels(t: Transport, pair: LabelPair): Promise<LabelType[]> {
  const answer = await t.call(
    'standard',
    `list ${named(pair)} association labels`,
    { method: 'GET', path: hubspotPaths.associationLabels(pair.from, pair.to) },
    associationLabelsSchema,
  );
  return answer.results;
}

/** Creates a label (`inverseLabel` for a paired one); HubSpot answers both directions' type ids. */
export async function createAssociationLabel(
  t: Transport,
  pair: LabelPair,
  body: { name: string; label: string; inverseLabel?: string },
): Promise<void> {
  await t.call(
    'standard',
    `create association label ${body.name}`,
    { method: 'POST', path: hubspotPaths.associationLabels(pair.from, pair.to), body },
    associationLabelsSchema,
  );
}

/** The type id of the user-defined label reading `label`, if `types` has it. */
export function userLabelTypeId(types: readonly LabelType[], label: string): number | undefined {
  const wanted = label.toLowerCase();
  return types.find(
    (type) => type.category === 'USER_DEFINED' && type.label?.toLowerCase() === wanted,
  )?.typeId;
}

/** The pair the buying-role labels connect. */
export const DEALS_TO_CONTACTS: LabelPair = { from: 'deals', to: 'contacts' };

/** The deal→contact type id of each buying-role label in `types` (missing ones left out). */
export function buyingRoleTypeIds(
  types: readonly LabelType[],
): Partial<Record<BuyingRole, number>> {
  const labels: Partial<Record<BuyingRole, number>> = {};
  for (const role of BUYING_ROLES) {
    const typeId = userLabelTypeId(types, buyingRoleLabel(role).label);
    if (typeId !== undefined) labels[role] = typeId;
  }
  return labels;
}

export function buyingRoleLabelOperations(t: Transport): Pick<CrmGateway, 'listBuyingRoleLabels'> {
  return {
    listBuyingRoleLabels: async () =>
      buyingRoleTypeIds(await listAssociationLabels(t, DEALS_TO_CONTACTS)),
  };
}
