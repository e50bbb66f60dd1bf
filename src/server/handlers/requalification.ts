// Keeps a deal's `op_requalify_by` true after its stage changed (the dealstage webhook): a stage
// change after the latest assessment makes the deal due on the day of the change; a closed deal
// is never due, so its date is cleared (lists and workflows on the property stop for it).
import { parseHistory, requalification } from '../../domain/assessment/index.ts';
import type { DealStatus } from '../../domain/lifecycle/index.ts';
import { DEAL_PROPERTIES } from '../../domain/properties.ts';
import type { HandlerContext } from './context.ts';

/**
 * Recomputes and writes the deal's `op_requalify_by` (one read; one PATCH only when it changed).
 * `outcome` is the deal's current stage classified (open, won, lost); `stageChangedAt` the
 * instant of the stage change (the webhook event's occurredAt), epoch ms. Idempotent: a redelivered
 * event computes the same value from the same state. Hold the deal's lock or none (a PATCH of one
 * property computed from the record's own state).
 */
export async function refreshRequalifyBy(
  ctx: HandlerContext,
  dealId: string,
  outcome: Exclude<DealStatus, 'none'>,
  stageChangedAt: number | undefined,
): Promise<{ requalifyBy: string; changed: boolean }> {
  const deal = await ctx.gateway.getDeal(dealId, [
    'dealstage',
    DEAL_PROPERTIES.assessment.name,
    DEAL_PROPERTIES.requalifyBy.name,
  ]);
  const history = parseHistory(deal.properties[DEAL_PROPERTIES.assessment.name]);
  const current = deal.properties[DEAL_PROPERTIES.requalifyBy.name] ?? '';
  if (!history.ok) return { requalifyBy: current, changed: false };
  const due = requalification(
    history.value,
    {
      currentStageId: deal.properties.dealstage ?? null,
      ...(stageChangedAt === undefined
        ? {}
        : { stageChangedAt: new Date(stageChangedAt).toISOString() }),
      closed: outcome === 'open' ? null : outcome,
    },
    ctx.settings.qualification,
    ctx.now,
  );
  const next = due.dueDate ?? '';
  // HubSpot may answer a date as midnight epoch ms or as YYYY-MM-DD; compare the day.
  const currentDay = /^\d+$/.test(current)
    ? new Date(Number(current)).toISOString().slice(0, 10)
    : current.slice(0, 10);
  if (currentDay === next) return { requalifyBy: next, changed: false };
  await ctx.gateway.updateDeal(dealId, { [DEAL_PROPERTIES.requalifyBy.name]: next });
  return { requalifyBy: next, changed: true };
}
