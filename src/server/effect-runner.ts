// The one place that executes the domain's effects through the gateway, in order. The domain
// decides (pure); this runs the decision. A created deal's id is only known here, so later
// effects that say `{ ref: 'newDeal' }` are resolved and the contact's loop history gets the id.
import {
  attachCreatedDeal,
  serializeLoopHistory,
  type DealRef,
  type Effect,
  type LeadState,
  type RecordRef,
} from '../domain/lifecycle/index.ts';
import type { Localized } from '../domain/errors.ts';
import { COMPANY_PROPERTIES, CONTACT_PROPERTIES } from '../domain/properties.ts';
import type { AssociationType, CrmGateway, CrmObjectType } from '../hubspot/gateway.ts';
import { readPlanDocuments } from './handlers/plan.ts';
import type { HandlerContext } from './handlers/context.ts';
import { recordFailedEffect } from './hubspot-refusal.ts';

export interface EffectRunResult {
  /** The id of the deal a `createDeal` effect opened. */
  createdDealId?: string;
  /** The state with the created deal's id attached. */
  state: LeadState;
  /** How many effects ran. */
  executed: number;
}

/** HubSpot's default association type ids — https://developers.hubspot.com/docs/api/crm/associations */
const DEFAULT_ASSOCIATION_TYPE: Record<string, number> = {
  'contacts->deals': 4,
  'deals->contacts': 3,
  'contacts->companies': 279,
  'companies->contacts': 280,
  'deals->companies': 341,
  'companies->deals': 342,
};

const objectTypeOf = (ref: RecordRef): CrmObjectType =>
  ref.object === 'contact' ? 'contacts' : ref.object === 'company' ? 'companies' : 'deals';

/** A note's text: HubSpot notes have one body, so both languages are written. */
export function noteBody(body: Localized): string {
  const escape = (text: string) => text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<p>${escape(body.en)}</p><p lang="de">${escape(body.de)}</p>`;
}

type EffectRunContext = Pick<HandlerContext, 'gateway' | 'logger' | 'now' | 'portalId'> &
  Partial<Pick<HandlerContext, 'store' | 'settings' | 'userId'>>;

/**
 * Runs `effects` for the lead `state` in order; stops at the first failure and rethrows it (HubSpot
 * errors are typed) with the failing step recorded beside it (failedEffectOf, hubspot-refusal.ts).
 */
export async function runEffects(
  effects: readonly Effect[],
  state: LeadState,
  ctx: EffectRunContext,
): Promise<EffectRunResult> {
  const progress = { executed: 0 };
  try {
    return await runInOrder(effects, state, ctx, progress);
  } catch (error) {
    recordFailedEffect(error, effects, progress.executed);
    throw error;
  }
}

async function runInOrder(
  effects: readonly Effect[],
  state: LeadState,
  ctx: EffectRunContext,
  progress: { executed: number },
): Promise<EffectRunResult> {
  const gateway: CrmGateway = ctx.gateway;
  let current = state;
  let createdDealId: string | undefined;
  const dealId = (ref: DealRef): string => {
    if ('id' in ref) return ref.id;
    if (!createdDealId) throw new Error('An effect refers to the new deal before it was created');
    return createdDealId;
  };
  const idOf = (ref: RecordRef): string => (ref.object === 'deal' ? dealId(ref.deal) : ref.id);
  let executed = 0;

  for (const effect of effects) {
    switch (effect.type) {
      case 'setLifecycleStage':
        await gateway.setLifecycleStage(
          effect.object === 'contact' ? 'contacts' : 'companies',
          effect.id,
          effect.value,
          {
            clearFirst: effect.clearFirst,
          },
        );
        break;
      case 'setOwner':
        await gateway.updateObject(
          effect.object === 'contact' ? 'contacts' : 'companies',
          effect.id,
          {
            hubspot_owner_id: effect.ownerId,
          },
        );
        break;
      case 'setLeadStatus':
        await gateway.updateObject('contacts', effect.contactId, { hs_lead_status: effect.value });
        break;
      case 'createDeal': {
        const deal = await gateway.createDeal({
          properties: {
            dealname: effect.name,
            pipeline: effect.pipelineId,
            dealstage: effect.stageId,
            ...(effect.ownerId ? { hubspot_owner_id: effect.ownerId } : {}),
          },
          contactId: effect.contactId,
          ...(effect.companyId ? { companyId: effect.companyId } : {}),
        });
        createdDealId = deal.id;
        current = attachCreatedDeal(current, deal.id);
        break;
      }
      case 'reopenDeal':
        await gateway.updateDeal(dealId(effect.deal), {
          dealstage: effect.stageId,
          ...(effect.ownerId ? { hubspot_owner_id: effect.ownerId } : {}),
        });
        break;
      case 'moveDealStage':
      case 'closeDeal':
        await gateway.updateDeal(dealId(effect.deal), { dealstage: effect.stageId });
        break;
      case 'writeProperties': {
        const properties = { ...effect.properties };
        // The pure decision could not know a new deal's id: write the history that carries it.
        if (
          effect.target.object === 'contact' &&
          CONTACT_PROPERTIES.loopHistory.name in properties
        ) {
          properties[CONTACT_PROPERTIES.loopHistory.name] = serializeLoopHistory(current.history);
        }
        await gateway.updateObject(objectTypeOf(effect.target), idOf(effect.target), properties);
        break;
      }
      case 'associate': {
        const from = objectTypeOf(effect.from);
        const to = objectTypeOf(effect.to);
        const typeId = DEFAULT_ASSOCIATION_TYPE[`${from}->${to}`];
        if (typeId === undefined) throw new Error(`No default association from ${from} to ${to}`);
        const types: AssociationType[] = [{ category: 'HUBSPOT_DEFINED', typeId }];
        await gateway.associate(from, idOf(effect.from), to, idOf(effect.to), types);
        break;
      }
      case 'addNote':
        await gateway.createNote({
          body: noteBody(effect.body),
          timestamp: ctx.now.getTime(),
          associations: [
            {
              objectType: objectTypeOf(effect.target) as 'contacts' | 'companies' | 'deals',
              id: idOf(effect.target),
            },
          ],
        });
        break;
      case 'advanceRoundRobin':
        // The store's cursor is advanced atomically when the hand-off starts (store.nextRoundRobin),
        // so two concurrent hand-offs never pick the same owner; nothing is left to do here.
        break;
      case 'carryOverPlan':
        await carryOverPlan(effect.dealId, effect.companyId, ctx as HandlerContext);
        break;
      default: {
        const unknown: never = effect;
        throw new Error(`Unknown effect ${JSON.stringify(unknown)}`);
      }
    }
    executed += 1;
    progress.executed = executed;
  }
  return { ...(createdDealId ? { createdDealId } : {}), state: current, executed };
}

/** Copies the won plan's essentials (stakeholders, expected results, timeline) to the company. */
async function carryOverPlan(
  dealId: string,
  companyId: string,
  ctx: HandlerContext,
): Promise<void> {
  const { sections } = await readPlanDocuments(ctx, dealId);
  const summary = sections.opportunitySummary.content;
  const essentials = {
    fromDealId: dealId,
    wonAt: ctx.now.toISOString(),
    stakeholders: sections.keyPeople.content.stakeholders.map((person) => ({
      contactId: person.contactId,
      buyingRoles: person.buyingRoles,
      decisionCriteria: person.decisionCriteria,
      perceivedBenefits: person.perceivedBenefits,
    })),
    expectedResults: summary.expectedResults,
    timeline: summary.timeline,
    solution: summary.solution,
  };
  // Each value must fit HubSpot's textarea; drop detail (never produce broken JSON) when it would not.
  const limit = 60_000;
  let essentialsJson = JSON.stringify(essentials);
  if (essentialsJson.length > limit) {
    essentialsJson = JSON.stringify({
      ...essentials,
      stakeholders: essentials.stakeholders.map(({ contactId, buyingRoles }) => ({
        contactId,
        buyingRoles,
      })),
    });
  }
  if (essentialsJson.length > limit)
    essentialsJson = JSON.stringify({
      fromDealId: dealId,
      wonAt: essentials.wonAt,
      truncated: true,
    });
  const profileJson = JSON.stringify(sections.customerProfile.content);
  await ctx.gateway.updateObject('companies', companyId, {
    [COMPANY_PROPERTIES.wonPlanEssentials.name]: essentialsJson,
    [COMPANY_PROPERTIES.expectedResults.name]: summary.expectedResults.join('; ').slice(0, limit),
    ...(profileJson.length <= limit
      ? { [COMPANY_PROPERTIES.customerProfile.name]: profileJson }
      : {}),
    [COMPANY_PROPERTIES.customerSince.name]: ctx.now.toISOString().slice(0, 10),
  });
}
