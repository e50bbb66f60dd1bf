// Applies a key-people save's buying roles to HubSpot: deal↔contact association labels added
// (PUT of the labelled types, which HubSpot adds to what the pair has) and archived (batch label
// archive, which leaves the pair's other types), and contacts the plan names but the deal does not
// have associated first — a stakeholder must be a contact of the deal. Every step is a set
// operation, so repeating it is harmless (the save's retry, src/server/handlers/plan.ts).
// PUT /crm/objects/2026-09/deals/{id}/associations/contacts/{id} and
// POST /crm/associations/2026-09/deals/contacts/batch/labels/archive (crm-associations.json)
// https://developers.hubspot.com/docs/api-reference/latest/crm/associations/associations-v4/guide
//
// HubSpot's contact property `hs_buying_role` is not filled: no HubSpot documentation page found
// (docs search, 2026-12) confirms that the property exists or lists its options, so writing it
// would guess at a contract. The labels are HubSpot's documented home for a contact's role on a deal.
import type { Localized } from '../../domain/errors.ts';
import type { BuyingRoleChanges } from '../../domain/plan/index.ts';
import { BUYING_ROLE_LABELS, type BuyingRole } from '../../domain/properties.ts';
import type { AssociationType } from '../../hubspot/gateway.ts';
import { fail, ok, type ApiResult } from '../http/envelope.ts';
import type { HandlerContext } from './context.ts';

/** HubSpot's unlabeled deal→contact association type. https://developers.hubspot.com/docs/api/crm/associations */
const DEAL_TO_CONTACT = 3;

/** What a key-people save changed in HubSpot, for the card. */
export interface BuyingRolesApplied {
  /** Contacts associated with the deal because the plan names them. */
  associatedContactIds: string[];
  /** Labels added and archived. */
  labelsAdded: number;
  labelsRemoved: number;
  /** What the card tells the seller (contacts were associated), or null. */
  message: Localized | null;
}

/** Applies `changes` on the deal; a contact HubSpot does not know fails the save before any write. */
export async function applyBuyingRoles(
  ctx: HandlerContext,
  dealId: string,
  changes: BuyingRoleChanges,
  stakeholders: readonly { contactId: string }[],
): Promise<ApiResult<BuyingRolesApplied>> {
  const typeIds = await ctx.gateway.listBuyingRoleLabels();
  const needed = new Set<BuyingRole>(
    [...changes.associate, ...changes.add, ...changes.remove].flatMap((change) => change.roles),
  );
  const missing = [...needed].filter((role) => typeIds[role] === undefined);
  if (missing.length > 0) {
    const en = missing.map((role) => BUYING_ROLE_LABELS[role].en).join(', ');
    const de = missing.map((role) => BUYING_ROLE_LABELS[role].de).join(', ');
    return fail('hubspot_error', {
      en: `HubSpot has no association label for: ${en}. An admin can restore them by running the app's set-up again (reinstall). Nothing was saved.`,
      de: `In HubSpot fehlt das Zuordnungslabel für: ${de}. Eine Administratorin oder ein Administrator stellt es wieder her, indem die Einrichtung der App erneut ausgeführt wird (neu installieren). Es wurde nichts gespeichert.`,
    });
  }
  const labelTypes = (roles: readonly BuyingRole[]): AssociationType[] =>
    roles.map((role) => ({ category: 'USER_DEFINED', typeId: typeIds[role] as number }));

  if (changes.associate.length > 0) {
    const ids = changes.associate.map((change) => change.contactId);
    const found = new Set(
      (await ctx.gateway.batchReadContacts(ids, ['email'])).map((contact) => contact.id),
    );
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) {
      const fields = unknown.map((contactId) => ({
        path: `content.stakeholders.${stakeholders.findIndex((s) => s.contactId === contactId)}.contactId`,
        message: `No contact with id ${contactId} exists in HubSpot`,
      }));
      return fail(
        'validation_failed',
        {
          en: `Choose a contact that exists in HubSpot: ${fields.map((f) => f.path).join(', ')}. Nothing was saved.`,
          de: `Wählen Sie einen Kontakt, den es in HubSpot gibt: ${fields.map((f) => f.path).join(', ')}. Es wurde nichts gespeichert.`,
        },
        { fields },
      );
    }
  }

  for (const change of changes.associate) {
    await ctx.gateway.associate('deals', dealId, 'contacts', change.contactId, [
      { category: 'HUBSPOT_DEFINED', typeId: DEAL_TO_CONTACT },
      ...labelTypes(change.roles),
    ]);
  }
  for (const { contactId, roles } of changes.add) {
    await ctx.gateway.associate('deals', dealId, 'contacts', contactId, labelTypes(roles));
  }
  for (const { contactId, roles } of changes.remove) {
    await ctx.gateway.removeAssociation('deals', dealId, 'contacts', contactId, labelTypes(roles));
  }
  const count = (list: BuyingRoleChanges['add']) =>
    list.reduce((sum, change) => sum + change.roles.length, 0);
  const associated = changes.associate.map((change) => change.contactId);
  return ok({
    associatedContactIds: associated,
    labelsAdded: count(changes.associate) + count(changes.add),
    labelsRemoved: count(changes.remove),
    message:
      associated.length === 0
        ? null
        : associated.length === 1
          ? {
              en: 'The contact was not associated with this deal; it is now, so its buying role shows in HubSpot.',
              de: 'Der Kontakt war diesem Deal nicht zugeordnet; jetzt ist er es, damit seine Rolle im Buying Center in HubSpot sichtbar ist.',
            }
          : {
              en: `${associated.length} contacts were not associated with this deal; they are now, so their buying roles show in HubSpot.`,
              de: `${associated.length} Kontakte waren diesem Deal nicht zugeordnet; jetzt sind sie es, damit ihre Rollen im Buying Center in HubSpot sichtbar sind.`,
            },
  });
}
