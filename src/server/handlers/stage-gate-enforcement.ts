// Stage gates where deals move (issue 15 item 2), on HubSpot's side of the card.
//
// - `enforceStageGate` runs for every `dealstage` webhook: it reads the deal with its stage history
//   (the webhook carries only the new value), asks the domain (`decideStageEntry`) and, when the
//   deal entered a gated stage it fails, records a durable operation that moves it back (mode
//   `enforce`), creates a HubSpot task for its owner and adds a note to the deal — both naming
//   what is missing, in the owner's language. The operation id is the deal plus the instant of
//   the stage change, so a redelivered or repeated webhook about the same move finds the first
//   record instead of acting twice; the product's own move-back is a backward move, which the
//   domain never holds, so it never triggers a second enforcement.
// The card's "Move to next stage" is in stage-gates.ts.
import type { Language, Localized } from '../../domain/errors.ts';
import {
  decideStageEntry,
  gateNotice,
  inLanguage,
  type GateNotice,
} from '../../domain/plan/index.ts';
import { ownerLanguage } from '../../domain/lifecycle/index.ts';
import type { DealStageHistoryEntry } from '../../hubspot/gateway.ts';
import type { OperationRecord } from '../../store/store.ts';
import { OperationIncompleteError } from '../effects/effect-runner.ts';
import { createdWithMarker, noteMarker } from '../effects/marked-creates.ts';
import type { HandlerContext } from './context.ts';
import { GATE_CHECK_PROPERTIES, gateCheckOf, pipelineStagesOf } from './plan.ts';

/** The operation kind of a gate enforcement in the store. */
export const STAGE_GATE_OPERATION_KIND = 'stage-gate';
/** A gate task is due this long after the move, ms (one working day). */
export const GATE_TASK_DUE_MS = 24 * 60 * 60 * 1000;

/** What a gate enforcement records before its first step. */
export interface StageGatePlan {
  stageGate: {
    dealId: string;
    /** The gated stage the deal entered. */
    enteredStageId: string;
    /** Enforce: the stage it is moved back to. */
    moveBackTo?: string;
    ownerId?: string;
    /** The owner's language; absent: both languages. */
    language?: Language;
    notice: GateNotice;
    /** ISO 8601. */
    taskDueAt: string;
  };
}

/** How far it got: steps done (0 move back, 1 task, 2 note) and a create in doubt. */
interface StageGateProgress {
  done: number;
  inDoubt?: { step: number; at: number };
  lastError?: string;
}

export const isStageGatePlan = (plan: unknown): plan is StageGatePlan =>
  typeof plan === 'object' && plan !== null && 'stageGate' in plan;

const dealLockKey = (portalId: number, dealId: string) => `deal:${portalId}:${dealId}`;

/** The stage the deal was in before it entered `current` (newest-first history). */
export function previousStage(
  history: readonly DealStageHistoryEntry[],
  current: string,
): { enteredAt: string | undefined; previousStageId: string | undefined } {
  const index = history.findIndex((entry) => entry.value === current);
  if (index < 0) return { enteredAt: undefined, previousStageId: undefined };
  const before = history.slice(index + 1).find((entry) => entry.value !== current);
  return { enteredAt: history[index]!.timestamp, previousStageId: before?.value };
}

/** What one webhook's gate check did. */
export type GateOutcome = 'none' | 'movedBack' | 'warned' | 'replayed';

/**
 * Checks the gate of the stage deal `dealId` is in now (events are unordered: the current stage
 * decides, not the event's value) and enforces it durably. Throws what a redelivery would cure.
 */
export async function enforceStageGate(
  input: { dealId: string },
  ctx: HandlerContext,
): Promise<GateOutcome> {
  if (ctx.settings.stageGates.length === 0) return 'none';
  const deal = await ctx.gateway.getDealWithStageHistory(input.dealId, GATE_CHECK_PROPERTIES);
  const current = deal.properties.dealstage;
  if (!current || !ctx.settings.stageGates.some((gate) => gate.stageId === current)) return 'none';
  const { enteredAt, previousStageId } = previousStage(deal.stageHistory, current);
  const pipelines = await ctx.gateway.listPipelines('deals');
  const stages = pipelineStagesOf(pipelines, deal.properties.pipeline ?? null, current);
  const decision = decideStageEntry({
    enteredStageId: current,
    ...(previousStageId === undefined ? {} : { previousStageId }),
    stages,
    gates: ctx.settings.stageGates,
    ...gateCheckOf(deal.properties, ctx),
  });
  if (decision.action === 'none') return 'none';
  const label = (id: string) => stages.find((stage) => stage.id === id)?.label ?? id;
  const ownerId = deal.properties.hubspot_owner_id || undefined;
  const language = ownerLanguage(ctx.settings.lifecycle, ownerId);
  const plan: StageGatePlan = {
    stageGate: {
      dealId: input.dealId,
      enteredStageId: current,
      ...(decision.action === 'moveBack' ? { moveBackTo: decision.toStageId } : {}),
      ...(ownerId ? { ownerId } : {}),
      ...(language ? { language } : {}),
      notice: gateNotice({
        dealName: deal.properties.dealname || `#${input.dealId}`,
        enteredStageLabel: label(current),
        ...(decision.action === 'moveBack' ? { movedBackToLabel: label(decision.toStageId) } : {}),
        reasons: decision.reasons,
      }),
      taskDueAt: new Date(ctx.now.getTime() + GATE_TASK_DUE_MS).toISOString(),
    },
  };
  // One operation per stage change: the instant HubSpot recorded it (or, without history, the
  // stage itself) names it, so every event about this move finds the same record.
  const operationId = `gate:${input.dealId}:${current}:${enteredAt ?? 'unknown'}`;
  return ctx.store.withLock(dealLockKey(ctx.portalId, input.dealId), async () => {
    const begun = await ctx.store.beginOperation(ctx.portalId, operationId, {
      kind: STAGE_GATE_OPERATION_KIND,
      subject: `deal:${input.dealId}`,
      plan,
      progress: { done: 0 } satisfies StageGateProgress,
    });
    if (!begun.created && begun.operation.status === 'done') return 'replayed';
    await continueStageGate(begun.operation, ctx);
    if (!begun.created) return 'replayed';
    return decision.action === 'moveBack' ? 'movedBack' : 'warned';
  });
}

const escapeHtml = (text: string) => text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A task or note body: paragraphs of the text, then the marker a retry searches for. */
function htmlBody(text: string, marker: string): string {
  const paragraphs = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');
  return `${paragraphs}<p>Ref. ${marker}</p>`;
}

/**
 * Runs (or completes) a recorded gate enforcement from where it stopped: move back, task, note.
 * Every step is idempotent: the move back only happens while the deal is still in the gated
 * stage; a task or note whose create answer was lost is searched for by its marker before it is
 * created again. Hold the deal's lock. Throws OperationIncompleteError when a step failed.
 */
export async function continueStageGate(
  operation: OperationRecord,
  ctx: HandlerContext,
): Promise<void> {
  if (operation.status === 'done') return;
  const { stageGate: gate } = operation.plan as StageGatePlan;
  const id = operation.operationId;
  const stored = (operation.progress ?? {}) as Partial<StageGateProgress>;
  let progress: StageGateProgress = {
    done: stored.done ?? 0,
    ...(stored.inDoubt ? { inDoubt: stored.inDoubt } : {}),
  };
  await ctx.store.saveOperationProgress(ctx.portalId, id, progress, { attempt: true });
  const text = (value: Localized) => inLanguage(value, gate.language);
  const steps: (() => Promise<void>)[] = [
    async () => {
      if (gate.moveBackTo === undefined) return;
      const deal = await ctx.gateway.getDeal(gate.dealId, ['dealstage']);
      // Someone moved it on meanwhile: their move stands (and is checked by its own webhook).
      if (deal.properties.dealstage !== gate.enteredStageId) return;
      await ctx.gateway.updateDeal(gate.dealId, { dealstage: gate.moveBackTo });
    },
    async () => {
      const marker = noteMarker(ctx.portalId, id, 1);
      if (await createdBefore(1, 'tasks', marker)) return;
      await writeAhead(1);
      await ctx.gateway.createTask({
        subject: text(gate.notice.subject),
        body: htmlBody(text(gate.notice.body), marker),
        dueAt: Date.parse(gate.taskDueAt),
        priority: 'HIGH',
        ...(gate.ownerId ? { ownerId: gate.ownerId } : {}),
        associations: [{ objectType: 'deals', id: gate.dealId }],
      });
    },
    async () => {
      const marker = noteMarker(ctx.portalId, id, 2);
      if (await createdBefore(2, 'notes', marker)) return;
      await writeAhead(2);
      await ctx.gateway.createNote({
        body: htmlBody(`${text(gate.notice.subject)}\n${text(gate.notice.body)}`, marker),
        timestamp: ctx.now.getTime(),
        ...(gate.ownerId ? { ownerId: gate.ownerId } : {}),
        associations: [{ objectType: 'deals', id: gate.dealId }],
      });
    },
  ];
  /** Whether the create of `step`, in doubt since its write-ahead, happened (found by its marker). */
  async function createdBefore(step: number, objectType: 'tasks' | 'notes', marker: string) {
    const { inDoubt } = progress;
    if (inDoubt?.step !== step) return false;
    const created = { objectType, marker, inDoubtSince: inDoubt.at };
    return createdWithMarker(ctx, created, `a ${objectType.slice(0, -1)}`, Error);
  }
  /** From here until its answer is stored, the create of `step` may or may not exist. */
  async function writeAhead(step: number) {
    if (progress.inDoubt?.step === step) return;
    progress = { ...progress, inDoubt: { step, at: ctx.now.getTime() } };
    await ctx.store.saveOperationProgress(ctx.portalId, id, progress);
  }
  for (let step = progress.done; step < steps.length; step += 1) {
    try {
      await steps[step]!();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      progress = { ...progress, lastError: message.slice(0, 500) };
      await ctx.store
        .saveOperationProgress(ctx.portalId, id, progress)
        .catch((saveError: unknown) =>
          ctx.logger.error({ err: saveError, operationId: id }, 'operation progress not saved'),
        );
      ctx.logger.warn(
        { err: error, operationId: id, step },
        'stage gate enforcement left pending; a retry or the resumer completes it',
      );
      throw new OperationIncompleteError(id, error);
    }
    progress = { done: step + 1 };
    await ctx.store.saveOperationProgress(ctx.portalId, id, progress);
  }
  await ctx.store.completeOperation(ctx.portalId, id, {
    dealId: gate.dealId,
    movedBackTo: gate.moveBackTo ?? null,
  });
}
