// Workflow-action callbacks: an action that answered `hs_execution_state: BLOCK` (or ran
// asynchronously) completes its execution later with POST …/callbacks/{callbackId}/complete, or
// many at once with POST …/callbacks/complete. Bodies as the 2026-09 spec
// (automation-actions.json: CallbackCompletionRequest requires `outputFields` and `typedOutputs`;
// 204 No Content). https://developers.hubspot.com/docs/api-reference/automation-actions-v4-v4/guide
// HubSpot's answer to an unknown or already-completed callback id is undocumented: the portal
// records every completion and answers 204, so tests can read what the app sent.
import type { Router } from 'express';
import { z } from 'zod';
import { checkBatchSize, parseBody, portalOf } from './request-context.ts';
import type { PortalRegistry } from '../state.ts';

/** One completion the app sent. */
export interface CallbackCompletion {
  portalId: number;
  callbackId: string;
  outputFields: Record<string, string>;
  failureReasonType?: string;
}

/** The completions received, in arrival order. */
export interface CallbackLog {
  list(): CallbackCompletion[];
  record(completion: CallbackCompletion): void;
  reset(): void;
}

/** Creates an empty log. */
export function createCallbackLog(): CallbackLog {
  let entries: CallbackCompletion[] = [];
  return {
    list: () => entries.map((entry) => structuredClone(entry)),
    record: (completion) => {
      entries.push(completion);
    },
    reset: () => {
      entries = [];
    },
  };
}

const completionSchema = z.object({
  outputFields: z.record(z.string(), z.string()),
  typedOutputs: z.record(z.string(), z.unknown()),
  failureReasonType: z.string().optional(),
  requestContext: z.unknown().optional(),
});
const batchSchema = z.object({
  inputs: z.array(completionSchema.extend({ callbackId: z.string().min(1) })),
});

/** Mounts the callback routes (legacy v4 paths; versioned ones are rewritten onto them). */
export function addCallbackRoutes(
  router: Router,
  registry: PortalRegistry,
  log: CallbackLog,
): void {
  const base = '/automation/v4/actions/callbacks';
  router.post(`${base}/complete`, (req, res) => {
    const portal = portalOf(registry, res);
    const body = parseBody(batchSchema, req.body);
    checkBatchSize(body.inputs);
    for (const input of body.inputs) {
      log.record({
        portalId: portal.portalId,
        callbackId: input.callbackId,
        outputFields: input.outputFields,
        ...(input.failureReasonType ? { failureReasonType: input.failureReasonType } : {}),
      });
    }
    res.status(204).end();
  });
  router.post(`${base}/:callbackId/complete`, (req, res) => {
    const portal = portalOf(registry, res);
    const body = parseBody(completionSchema, req.body);
    log.record({
      portalId: portal.portalId,
      callbackId: String(req.params.callbackId),
      outputFields: body.outputFields,
      ...(body.failureReasonType ? { failureReasonType: body.failureReasonType } : {}),
    });
    res.status(204).end();
  });
}
