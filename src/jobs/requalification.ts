// The daily re-qualification sweep of one portal: every open deal whose `op_requalify_by` day has
// come gets ONE HubSpot task for its owner per due period, in the owner's language (the domain's
// decideRequalificationTask). Closed deals stop: their `op_requalify_by` is cleared and they get no
// task. Each task is a durable operation (`requalify:<deal>:<period>`): recorded before the
// create, its create marked in doubt and searched for by marker on a retry, and the period written
// to the deal afterwards, so neither a retry, a second replica nor tomorrow's sweep creates a
// second task for the same period. Calls grow with the deals that are due, not with the portal:
// one search for `op_requalify_by <= today` (HubSpot date properties hold midnight UTC, epoch ms).
// https://developers.hubspot.com/docs/api/crm/search
//
// The job queue (pg-boss, the performance work) schedules it daily per portal; until then it is
// callable on its own: `runRequalificationSweep(deps, portalId, now)`.
import {
  decideRequalificationTask,
  parseHistory,
  type NoTaskReason,
} from '../domain/assessment/index.ts';
import {
  classifyDealStage,
  dealStageCatalog,
  initialLeadState,
  ownerLanguage,
  type Effect,
  type LeadState,
} from '../domain/lifecycle/index.ts';
import { DEAL_PROPERTIES } from '../domain/properties.ts';
import type { Settings } from '../domain/settings.ts';
import type { CrmGateway, CrmRecord } from '../hubspot/gateway.ts';
import type { Logger } from '../runtime/logger.ts';
import type { Store } from '../store/store.ts';

/** The job kind, for the queue's schedule. */
export const REQUALIFICATION_JOB_KIND = 'requalify';

/** What the sweep reads of a portal's context (the server's HandlerContext has it all). */
export interface RequalificationContext {
  gateway: CrmGateway;
  store: Store;
  settings: Settings;
  logger: Logger;
  now: Date;
}

/** One task's durable operation, as the server's runOperation takes it. */
export interface RequalificationOperation {
  operationId: string;
  kind: 'requalification';
  subject: string;
  plan: { effects: Effect[]; state: LeadState };
}

/**
 * What the sweep needs, injected by the backend so jobs never import the server: a portal's
 * context and the durable-operation runner (src/server/effects/effect-runner.ts runOperation).
 */
export interface RequalificationDeps<Ctx extends RequalificationContext = RequalificationContext> {
  /** A context for the portal (gateway, settings, store), or null when not installed. */
  contextFor: (portalId: number) => Promise<Ctx | null>;
  /** Runs a durable operation; the caller holds the deal's lock. */
  runOperation: (request: RequalificationOperation, ctx: Ctx) => Promise<unknown>;
}

/** What one sweep did. */
export interface RequalificationSweepResult {
  /** Deals the search returned. */
  examined: number;
  /** Tasks created (or completed from an earlier attempt). */
  tasksCreated: number;
  /** Closed deals whose `op_requalify_by` was cleared. */
  closedCleared: number;
  /** Deals skipped, by reason. */
  skipped: Partial<Record<NoTaskReason, number>>;
  /** Deals whose task operation is left pending (the background round completes it). */
  pending: number;
}

const SWEEP_PROPERTIES = [
  'dealname',
  'dealstage',
  'pipeline',
  'hubspot_owner_id',
  DEAL_PROPERTIES.assessment.name,
  DEAL_PROPERTIES.requalifyBy.name,
  DEAL_PROPERTIES.requalifyTaskKey.name,
];

/** Midnight UTC of `now`'s day, epoch ms: the value HubSpot stores in a date property. */
function todayMs(now: Date): number {
  return Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
}

/** The lock key a deal's writes share with the plan handlers (src/server/handlers/plan.ts). */
export function dealLockKey(portalId: number, dealId: string): string {
  return `deal:${portalId}:${dealId}`;
}

/** Sweeps one portal once. Safe to run in several replicas at once (locks + operation ids). */
export async function runRequalificationSweep<Ctx extends RequalificationContext>(
  deps: RequalificationDeps<Ctx>,
  portalId: number,
  now: Date,
): Promise<RequalificationSweepResult> {
  const result: RequalificationSweepResult = {
    examined: 0,
    tasksCreated: 0,
    closedCleared: 0,
    skipped: {},
    pending: 0,
  };
  const base = await deps.contextFor(portalId);
  if (!base) return result;
  const ctx: Ctx = { ...base, now, gateway: base.gateway.withLane('bulk') };
  const catalog = dealStageCatalog(await ctx.gateway.listPipelines('deals'));
  const due: CrmRecord[] = [];
  await ctx.gateway.searchAll(
    'deals',
    {
      filters: [
        {
          propertyName: DEAL_PROPERTIES.requalifyBy.name,
          operator: 'LTE',
          value: String(todayMs(now)),
        },
      ],
      properties: SWEEP_PROPERTIES,
    },
    (records) => {
      due.push(...records);
    },
  );
  result.examined = due.length;
  for (const deal of due) {
    await ctx.store.withLock(dealLockKey(portalId, deal.id), async () => {
      // Re-read under the lock: the search index lags, and a seller may have answered meanwhile.
      const [fresh] = await ctx.gateway.batchRead('deals', [deal.id], SWEEP_PROPERTIES);
      if (!fresh) return;
      const p = fresh.properties;
      const outcome = p.dealstage
        ? classifyDealStage(ctx.settings.lifecycle, p.dealstage, catalog)
        : 'open';
      const history = parseHistory(p[DEAL_PROPERTIES.assessment.name]);
      if (!history.ok) {
        ctx.logger.warn(
          { portalId, dealId: deal.id },
          'requalification: damaged assessment history',
        );
        return;
      }
      const ownerId = p.hubspot_owner_id || null;
      const decision = decideRequalificationTask({
        dealId: fresh.id,
        dealName: p.dealname ?? null,
        ownerId,
        history: history.value,
        stage: { currentStageId: p.dealstage ?? null, closed: outcome === 'open' ? null : outcome },
        lastTaskKey: p[DEAL_PROPERTIES.requalifyTaskKey.name] || null,
        policy: ctx.settings.qualification,
        language: ownerLanguage(ctx.settings.lifecycle, ownerId ?? undefined),
        now,
      });
      if (!decision.create) {
        if (decision.reason === 'closed' && p[DEAL_PROPERTIES.requalifyBy.name]) {
          await ctx.gateway.updateDeal(fresh.id, { [DEAL_PROPERTIES.requalifyBy.name]: '' });
          result.closedCleared += 1;
        } else {
          result.skipped[decision.reason] = (result.skipped[decision.reason] ?? 0) + 1;
        }
        return;
      }
      try {
        await deps.runOperation(
          {
            operationId: `requalify:${fresh.id}:${decision.periodKey}`,
            kind: 'requalification',
            subject: `deal:${fresh.id}`,
            // A deal's operation changes no contact's loop state; the runner carries this one along.
            plan: { effects: decision.effects, state: initialLeadState(`deal-${fresh.id}`) },
          },
          ctx,
        );
        result.tasksCreated += 1;
      } catch (error) {
        result.pending += 1;
        ctx.logger.warn(
          { err: error, portalId, dealId: fresh.id },
          'requalification task left pending; the background round completes it',
        );
      }
    });
  }
  return result;
}
