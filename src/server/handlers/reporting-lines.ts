// Card API: reporting lines — whom a contact reports to, as HubSpot's paired contact↔contact
// association label "Reports to" / "Manager of" (created at schema set-up).
import { invalid, ok, type ApiResult } from '../http/envelope.ts';
import type { HandlerContext } from './context.ts';

/**
 * PUT /api/contacts/{contactId}/reports-to — sets (or clears, `managerId: null`) whom a contact
 * reports to, as the "Reports to" association label. The new line is added before old ones are
 * removed, so a failure in between leaves at worst two lines, which a retry settles; each step is
 * idempotent in HubSpot (PUT of labels, archive of labels).
 */
export async function setReportsTo(
  input: { contactId: string; managerId: string | null },
  ctx: HandlerContext,
): Promise<ApiResult<{ contactId: string; managerId: string | null }>> {
  const { contactId, managerId } = input;
  if (managerId === contactId)
    return invalid([{ path: 'managerId', message: 'A contact cannot report to themselves' }]);
  return ctx.store.withLock(`reports-to:${ctx.portalId}:${contactId}`, async () => {
    const [types, links] = await Promise.all([
      ctx.gateway.ensureReportsToLabel(),
      ctx.gateway.readContactLinks(managerId ? [contactId, managerId] : [contactId]),
    ]);
    if (
      managerId &&
      (links.get(managerId) ?? []).some(
        (l) => l.toId === contactId && l.typeIds.includes(types.reportsTo),
      )
    ) {
      return invalid([
        {
          path: 'managerId',
          message:
            'This person already reports to the contact; a reporting line cannot go in a circle',
        },
      ]);
    }
    const current = (links.get(contactId) ?? []).filter((l) => l.typeIds.includes(types.reportsTo));
    const label = [{ category: 'USER_DEFINED' as const, typeId: types.reportsTo }];
    if (managerId && !current.some((l) => l.toId === managerId))
      await ctx.gateway.associate('contacts', contactId, 'contacts', managerId, label);
    for (const old of current.filter((l) => l.toId !== managerId))
      await ctx.gateway.removeAssociation('contacts', contactId, 'contacts', old.toId, label);
    return ok({ contactId, managerId });
  });
}
