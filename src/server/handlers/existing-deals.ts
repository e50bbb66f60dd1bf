// Existing deals at hand-off (issue 15 item 5): a contact may already have an open deal made
// directly in HubSpot. Hand-off lists those deals so the seller can adopt one (its plan starts
// there) instead of opening a duplicate; the workflow action adopts the newest by default.
// Open = not in a closed stage (pipeline stage metadata, or the settings' won/lost stage ids).
import type { OpenDealView } from '../../contract/card-api.ts';
import type { z } from 'zod';
import type { existingDealChoiceSchema } from '../../contract/card-inputs.ts';
import { classifyDealStage } from '../../domain/lifecycle/index.ts';
import { ApiFailure } from '../http/envelope.ts';
import { dealStagesOf } from '../read-models/pipeline-cache.ts';
import type { HandlerContext } from './context.ts';

/** How a hand-off treats the contact's existing open deals (the hand-off body's `existingDeal`). */
export type ExistingDealChoice = z.infer<typeof existingDealChoiceSchema>;

export type { OpenDealView };

const DEAL_PROPERTIES = ['dealname', 'dealstage', 'pipeline', 'amount', 'createdate'];

/**
 * The contact's open deals, newest first, except `exceptDealId` (the loop's own deal, which a
 * hand-off reopens anyway). Three calls at most: contact associations, deals, pipelines (cached).
 */
export async function openDealsOf(
  contactId: string,
  ctx: HandlerContext,
  exceptDealId?: string,
): Promise<OpenDealView[]> {
  const deals = await ctx.gateway.listContactDeals(contactId, DEAL_PROPERTIES);
  const candidates = deals.filter((deal) => deal.id !== exceptDealId);
  if (candidates.length === 0) return [];
  const catalog = await dealStagesOf(ctx.gateway);
  const labels = new Map(
    (await ctx.gateway.listPipelines('deals')).flatMap((pipeline) =>
      pipeline.stages.map((stage) => [stage.id, stage.label] as const),
    ),
  );
  return candidates
    .filter((deal) => {
      const stage = deal.properties.dealstage;
      return !stage || classifyDealStage(ctx.settings.lifecycle, stage, catalog) === 'open';
    })
    .map((deal) => {
      const stageId = deal.properties.dealstage ?? null;
      return {
        dealId: deal.id,
        name: deal.properties.dealname || `#${deal.id}`,
        stageId,
        stageLabel: stageId ? (labels.get(stageId) ?? stageId) : null,
        amount: deal.properties.amount ?? null,
        createdAt: deal.properties.createdate ?? null,
      };
    })
    .sort(
      (a, b) =>
        (Date.parse(b.createdAt ?? '') || 0) - (Date.parse(a.createdAt ?? '') || 0) ||
        Number(b.dealId) - Number(a.dealId),
    );
}

/**
 * The deal a hand-off adopts for `choice`, read under the contact's lock: undefined for a new
 * deal. Adopting a deal that is not an open deal of the contact is refused at the field.
 */
export async function resolveAdoptedDeal(
  choice: ExistingDealChoice | undefined,
  contactId: string,
  ctx: HandlerContext,
  exceptDealId?: string,
): Promise<{ id: string; name: string } | undefined> {
  if (choice === undefined || choice.mode === 'new') return undefined;
  const open = await openDealsOf(contactId, ctx, exceptDealId);
  if (choice.mode === 'adopt_newest') {
    const newest = open[0];
    return newest ? { id: newest.dealId, name: newest.name.slice(0, 200) } : undefined;
  }
  const chosen = open.find((deal) => deal.dealId === choice.dealId);
  if (!chosen) {
    throw new ApiFailure({
      code: 'validation_failed',
      message: {
        en: `Deal ${choice.dealId} is not an open deal of this contact; choose one of its open deals or a new deal.`,
        de: `Deal ${choice.dealId} ist kein offener Deal dieses Kontakts; wählen Sie einen seiner offenen Deals oder einen neuen Deal.`,
      },
      fields: [
        {
          path: 'existingDeal.dealId',
          message: 'is not an open deal associated with this contact',
        },
      ],
    });
  }
  return { id: chosen.dealId, name: chosen.name.slice(0, 200) };
}
