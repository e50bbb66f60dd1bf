// Carries out the `syncLeadObject` effect (src/domain/lifecycle/lead-object.ts) on HubSpot's Leads
// object, idempotently, so a durable operation can run it again after any failure:
// - hand-off: every open lead of the contact moves to its pipeline's qualified stage and is linked
//   to the deal (a PATCH and a default-association PUT, both idempotent);
// - return: the contact's open lead, or else its newest closed one, is moved into marketing's lead
//   pipeline (reopened); only a contact with no lead gets a new one. The leads are read by
//   association, which HubSpot answers without search's lag, so a retry after a create whose answer
//   was lost finds that lead and updates it instead of creating a second.
// Then the contact's lifecycle stage is read back and written again if it is not the one the
// operation set: HubSpot's lead and deal lifecycle sync may move it when a lead changes stage, and
// the product's move must be the last word.
// A portal without the Leads object (or with the setting `off`) is left exactly as it was.
// https://developers.hubspot.com/docs/api-reference/latest/crm/objects/leads/guide
import type {
  DealRef,
  LifecyclePolicy,
  SyncLeadObjectEffect,
} from '../../domain/lifecycle/index.ts';
import { DEFAULT_LIFECYCLE_POLICY } from '../../domain/lifecycle/index.ts';
import type { CrmGateway, CrmRecord, Pipeline, PipelineStage } from '../../hubspot/gateway.ts';
import { contactName } from '../read-models/views.ts';

/** The lead properties the sync reads. */
const LEAD_PROPERTIES = ['hs_lead_name', 'hs_pipeline', 'hs_pipeline_stage', 'hs_lead_type'];
/**
 * HubSpot's default lead type for a lead worked again (lead property `hs_lead_type`, options
 * New Business / Upsell / Re-attempting; HubSpot's leads guide lists the property).
 */
export const RETURNED_LEAD_TYPE = 'RE_ATTEMPTING';

export interface LeadSyncContext {
  gateway: CrmGateway;
  policy?: LifecyclePolicy;
  logger: { warn(details: object, message: string): void };
}

/** What the sync did, for logs and tests. */
export type LeadSyncOutcome =
  | { kind: 'skipped'; why: 'setting_off' | 'no_leads_object' | 'no_open_lead' | 'no_stage' }
  | { kind: 'qualified'; leadIds: string[] }
  | { kind: 'returned'; leadId: string; created: boolean };

const isClosed = (stage: PipelineStage | undefined) => stage?.metadata.isClosed === 'true';

function stageOf(pipelines: Pipeline[], lead: CrmRecord): PipelineStage | undefined {
  const pipeline = pipelines.find((p) => p.id === lead.properties.hs_pipeline);
  return pipeline?.stages.find((s) => s.id === lead.properties.hs_pipeline_stage);
}

/** The pipeline's "qualified" stage: the configured one, else a closed stage named Qualified. */
export function qualifiedStageIn(
  pipeline: Pipeline | undefined,
  configured?: string,
): PipelineStage | undefined {
  if (!pipeline) return undefined;
  if (configured) {
    const chosen = pipeline.stages.find((stage) => stage.id === configured);
    if (chosen) return chosen;
  }
  return pipeline.stages.find(
    (stage) =>
      stage.id === 'qualified-stage-id' ||
      (isClosed(stage) &&
        /qualifi/i.test(stage.label) &&
        !/(un|dis|not)\s*-?qualifi/i.test(stage.label)),
  );
}

/** Marketing's lead pipeline and the stage a returned lead starts in. */
export function returnStageIn(
  pipelines: Pipeline[],
  policy: LifecyclePolicy['leadsObject'],
): { pipeline: Pipeline; stage: PipelineStage } | undefined {
  const ordered = [...pipelines].sort((a, b) => a.displayOrder - b.displayOrder);
  const pipeline =
    ordered.find((candidate) => candidate.id === policy.returnPipelineId) ?? ordered[0];
  if (!pipeline) return undefined;
  const stages = [...pipeline.stages].sort((a, b) => a.displayOrder - b.displayOrder);
  const stage =
    stages.find((candidate) => candidate.id === policy.returnStageId) ??
    stages.find((candidate) => !isClosed(candidate));
  return stage ? { pipeline, stage } : undefined;
}

/** Runs one `syncLeadObject` effect; `dealIdOf` resolves the hand-off's deal. */
export async function syncLeadObject(
  effect: SyncLeadObjectEffect,
  dealIdOf: (ref: DealRef) => string,
  ctx: LeadSyncContext,
): Promise<LeadSyncOutcome> {
  const policy = (ctx.policy ?? DEFAULT_LIFECYCLE_POLICY).leadsObject;
  if (policy.mode === 'off') return { kind: 'skipped', why: 'setting_off' };
  const { leads } = ctx.gateway;
  if (!(await leads.isAvailable())) return { kind: 'skipped', why: 'no_leads_object' };
  const [pipelines, records] = await Promise.all([
    leads.listPipelines(),
    leads.listForContact(effect.contactId, LEAD_PROPERTIES),
  ]);
  const outcome =
    effect.move.to === 'qualified'
      ? await qualify(effect, dealIdOf(effect.move.deal), pipelines, records, policy, ctx)
      : await reopenOrCreate(effect, effect.move, pipelines, records, policy, ctx);
  await reassertLifecycle(effect, ctx.gateway);
  return outcome;
}

async function qualify(
  effect: SyncLeadObjectEffect,
  dealId: string,
  pipelines: Pipeline[],
  records: CrmRecord[],
  policy: LifecyclePolicy['leadsObject'],
  ctx: LeadSyncContext,
): Promise<LeadSyncOutcome> {
  const qualified: string[] = [];
  for (const lead of records) {
    const pipeline = pipelines.find((p) => p.id === lead.properties.hs_pipeline);
    const target = qualifiedStageIn(pipeline, policy.qualifiedStageId);
    const current = stageOf(pipelines, lead);
    // Open leads are qualified; one already in the qualified stage is a retry's (link it again).
    const alreadyQualified = target !== undefined && current?.id === target.id;
    if (isClosed(current) && !alreadyQualified) continue;
    if (!target) {
      ctx.logger.warn(
        { contactId: effect.contactId, leadId: lead.id, pipelineId: pipeline?.id },
        'lead pipeline has no qualified stage; set leadsObject.qualifiedStageId',
      );
      continue;
    }
    if (!alreadyQualified)
      await ctx.gateway.leads.update(lead.id, { hs_pipeline_stage: target.id });
    await ctx.gateway.leads.associateWithDeal(lead.id, dealId);
    qualified.push(lead.id);
  }
  return qualified.length > 0
    ? { kind: 'qualified', leadIds: qualified }
    : { kind: 'skipped', why: 'no_open_lead' };
}

async function reopenOrCreate(
  effect: SyncLeadObjectEffect,
  move: Extract<SyncLeadObjectEffect['move'], { to: 'returned' }>,
  pipelines: Pipeline[],
  records: CrmRecord[],
  policy: LifecyclePolicy['leadsObject'],
  ctx: LeadSyncContext,
): Promise<LeadSyncOutcome> {
  const target = returnStageIn(pipelines, policy);
  if (!target) {
    ctx.logger.warn({ contactId: effect.contactId }, 'the portal has no open lead stage');
    return { kind: 'skipped', why: 'no_stage' };
  }
  const [contact] = await ctx.gateway.batchRead(
    'contacts',
    [effect.contactId],
    ['firstname', 'lastname', 'email'],
  );
  const person = contactName(contact?.properties ?? {}, effect.contactId);
  // The lead carries the reason where the prospecting workspace and lead reports show it: its name
  // (both languages: a lead has one name) and the type "Re-attempting".
  const properties = {
    hs_lead_name: `${person} – returned: ${move.reason.en} / ${move.reason.de}`.slice(0, 250),
    hs_pipeline: target.pipeline.id,
    hs_pipeline_stage: target.stage.id,
    hs_lead_type: RETURNED_LEAD_TYPE,
  };
  const open = records.filter((lead) => !isClosed(stageOf(pipelines, lead)));
  const reuse = open.at(-1) ?? records.at(-1);
  if (reuse) {
    await ctx.gateway.leads.update(reuse.id, properties);
    return { kind: 'returned', leadId: reuse.id, created: false };
  }
  const created = await ctx.gateway.leads.create({ properties, contactId: effect.contactId });
  return { kind: 'returned', leadId: created.id, created: true };
}

async function reassertLifecycle(effect: SyncLeadObjectEffect, gateway: CrmGateway) {
  const [contact] = await gateway.batchRead('contacts', [effect.contactId], ['lifecyclestage']);
  const actual = contact?.properties.lifecyclestage ?? '';
  if (actual === effect.lifecycleStage) return;
  await gateway.setLifecycleStage('contacts', effect.contactId, effect.lifecycleStage, {
    clearFirst: actual !== '',
  });
}
