// The card's "Move to next stage" (issue 15 item 2): the deal moves to the next open stage of its
// pipeline only when its plan meets that stage's gate (checked here, not only in the card). The
// move is a PATCH of `dealstage`, so a retry after a lost answer finds the deal already there.
import { moveToNextStageBodySchema } from '../../contract/card-inputs.ts';
import { fieldErrorsFromZod } from '../../domain/errors.ts';
import { canEnterStage, nextStageOnPath } from '../../domain/plan/index.ts';
import { fail, invalid, ok, type ApiResult } from '../http/envelope.ts';
import type { HandlerContext } from './context.ts';
import { GATE_CHECK_PROPERTIES, gateCheckOf, pipelineStagesOf } from './plan.ts';

const dealLockKey = (portalId: number, dealId: string) => `deal:${portalId}:${dealId}`;

/** POST /api/deals/{dealId}/move-to-next-stage — checks the next stage's gate, then moves. */
export async function moveToNextStage(
  input: { dealId: string; body: unknown },
  ctx: HandlerContext,
): Promise<ApiResult<{ dealStage: string; moved: boolean }>> {
  const body = moveToNextStageBodySchema.safeParse(input.body ?? {});
  if (!body.success) return invalid(fieldErrorsFromZod(body.error));
  const { fromStageId, toStageId } = body.data;
  return ctx.store.withLock(dealLockKey(ctx.portalId, input.dealId), async () => {
    const deal = await ctx.gateway.getDeal(input.dealId, GATE_CHECK_PROPERTIES);
    const current = deal.properties.dealstage ?? null;
    // A retry after the move succeeded: the deal is where it was asked to go.
    if (current === toStageId) return ok({ dealStage: toStageId, moved: false });
    if (current !== fromStageId) {
      return fail(
        'conflict',
        {
          en: 'This deal was moved to another stage meanwhile. Reload the card to see where it is now.',
          de: 'Dieser Deal wurde inzwischen in eine andere Phase verschoben. Laden Sie die Karte neu, um die aktuelle Phase zu sehen.',
        },
        { current: { dealStage: current } },
      );
    }
    const stages = pipelineStagesOf(
      await ctx.gateway.listPipelines('deals'),
      deal.properties.pipeline ?? null,
      current,
    );
    const next = nextStageOnPath(stages, current);
    if (next === null || next.id !== toStageId) {
      return invalid([
        {
          path: 'toStageId',
          message:
            next === null
              ? 'this deal is in the last open stage of its pipeline'
              : `the next stage of this deal is "${next.id}"`,
        },
      ]);
    }
    const decision = canEnterStage({
      stageId: next.id,
      gates: ctx.settings.stageGates,
      ...gateCheckOf(deal.properties, ctx),
    });
    if (!decision.allowed) {
      return fail(
        'rejected',
        {
          en: `The deal cannot enter “${next.label}” yet: ${decision.reasons.map((r) => r.en).join(' ')}`,
          de: `Der Deal kann die Phase „${next.label}“ noch nicht erreichen: ${decision.reasons.map((r) => r.de).join(' ')}`,
        },
        { fields: decision.reasons.map((reason) => ({ path: 'toStageId', message: reason.en })) },
      );
    }
    await ctx.gateway.updateDeal(input.dealId, { dealstage: next.id });
    return ok({ dealStage: next.id, moved: true });
  });
}
