// Card API: the deal's Opportunity Plan — load it, save one section, submit assessments.
// Load uses at most 5 HubSpot calls (deal + v4 association labels, then in parallel the contacts in
// one batch, the company and the contacts' reporting lines — account.ts; one more for a deal that
// gets proposals from a won plan); a section save uses 3 (read the deal and its company's profile,
// then one PATCH of the document and its mirrors) under a per-record lock, with optimistic
// concurrency on the section's `rev`.
import { randomUUID } from 'node:crypto';
import {
  appendAssessment,
  appendCompetitorAssessment,
  emptyHistory,
  latestAssessment,
  parseHistory,
  rankCompetitors,
  requalification,
  scoreAssessment,
  scoreSeries,
  serializeHistory,
  trend,
  type QualificationHistory,
} from '../../domain/assessment/index.ts';
import {
  classifyDealStage,
  dealOffers,
  findReturnReason,
  type DealOutcome,
} from '../../domain/lifecycle/index.ts';
import {
  SECTION_KEYS,
  SECTION_PROPERTY,
  applySectionEdit,
  buyingRoleChanges,
  isNoChange,
  mergeLabelledRoles,
  emptySection,
  nextStageOnPath,
  parseSection,
  stagePath,
  planCompleteness,
  planContents,
  planSaveEffects,
  serializeSection,
  type PipelineStageRef,
  type KeyPeople,
  type LabelledContact,
  type PlanCompleteness,
  type QualificationVerdict,
  type SectionDocument,
  type SectionKey,
} from '../../domain/plan/index.ts';
import {
  BUYING_ROLES,
  BUYING_ROLE_LABELS,
  DEAL_PROPERTIES,
  PROPERTY_PREFIX,
  type BuyingRole,
} from '../../domain/properties.ts';
import type { AssessmentView, PlanView, SaveSectionResult } from '../../contract/card-api.ts';
import type { DealWithAssociations, Pipeline } from '../../hubspot/gateway.ts';
import { ApiFailure, fail, invalid, ok, type ApiResult } from '../http/envelope.ts';
import {
  contactFacts,
  dealAccount,
  saveDealCompanyProfile,
  withCompanyProfile,
} from './account.ts';
import { runDealWrites } from '../effects/effect-runner.ts';
import type { HandlerContext } from './context.ts';
import { applyBuyingRoles, type BuyingRolesApplied } from './plan-buying-roles.ts';
import { contactName, ownerViews } from '../read-models/views.ts';
import { dealStagesOf } from '../read-models/pipeline-cache.ts';
import { ownerName, recordUrl } from './record-links.ts';

const DEAL_BASE_PROPERTIES = [
  'dealname',
  'dealstage',
  'pipeline',
  'amount',
  'deal_currency_code',
  'closedate',
];
const SECTION_PROPERTIES = SECTION_KEYS.map((key) => SECTION_PROPERTY[key]);
const PLAN_PROPERTIES = [
  ...DEAL_BASE_PROPERTIES,
  'hubspot_owner_id',
  ...SECTION_PROPERTIES,
  DEAL_PROPERTIES.assessment.name,
  DEAL_PROPERTIES.loopCount.name,
  DEAL_PROPERTIES.lastReturnReason.name,
];
const STAKEHOLDER_PROPERTIES = ['firstname', 'lastname', 'email', 'jobtitle'];

export type Sections = { [K in SectionKey]: SectionDocument<K> };

export type { AssessmentView, PlanView };

/** Won, lost or open, by the deal's stage (settings first, then its pipeline's metadata). */
export async function dealOutcomeOf(
  ctx: HandlerContext,
  stageId: string | null | undefined,
): Promise<DealOutcome> {
  if (!stageId) return 'open';
  return classifyDealStage(
    ctx.settings.lifecycle,
    stageId,
    await dealStagesOf(ctx.gateway, stageId),
  );
}

/** Reads every section; a stored document that no longer parses is reported, not silently dropped. */
function readSections(properties: Record<string, string | null>, ctx: HandlerContext): Sections {
  const sections = {} as Record<SectionKey, SectionDocument>;
  for (const key of SECTION_KEYS) {
    const parsed = parseSection(key, properties[SECTION_PROPERTY[key]]);
    if (parsed.ok) {
      sections[key] = parsed.value;
    } else {
      ctx.logger.warn(
        { portalId: ctx.portalId, section: key, errors: parsed.errors },
        'stored plan section does not parse',
      );
      throw new ApiFailure({
        code: 'hubspot_error',
        message: {
          en: `The stored "${key}" section of this deal is damaged (${parsed.errors[0]?.path}: ${parsed.errors[0]?.message}). Nothing was changed.`,
          de: `Der gespeicherte Abschnitt „${key}“ dieses Deals ist beschädigt (${parsed.errors[0]?.path}: ${parsed.errors[0]?.message}). Es wurde nichts geändert.`,
        },
        fields: parsed.errors,
      });
    }
  }
  return sections as Sections;
}

function readHistory(properties: Record<string, string | null>): QualificationHistory {
  const parsed = parseHistory(properties[DEAL_PROPERTIES.assessment.name]);
  if (!parsed.ok) {
    throw new ApiFailure({
      code: 'hubspot_error',
      message: {
        en: 'The stored qualification history of this deal is damaged. Nothing was changed.',
        de: 'Der gespeicherte Qualifizierungsverlauf dieses Deals ist beschädigt. Es wurde nichts geändert.',
      },
      fields: parsed.errors,
    });
  }
  return parsed.value;
}

function assessmentView(
  history: QualificationHistory,
  stageId: string | null,
  ctx: HandlerContext,
  outcome: DealOutcome = 'open',
): AssessmentView {
  const policy = ctx.settings.qualification;
  const latest = latestAssessment(history);
  const scored = latest ? scoreAssessment(latest, policy) : null;
  const latestCompetitors = rankCompetitors(history, policy);
  return {
    latest: latest && scored ? { ...latest, score: scored.score, verdict: scored.verdict } : null,
    series: scoreSeries(history, policy).map((point) => ({
      at: point.at,
      score: point.score,
      verdict: point.verdict,
      by: point.by,
    })),
    trend: trend(history, policy),
    requalification: requalification(
      history,
      { currentStageId: stageId, closed: outcome === 'open' ? null : outcome },
      policy,
      ctx.now,
    ),
    competitors: latestCompetitors.map((entry) => ({
      competitorId: entry.assessment.competitorId,
      score: entry.score,
      threat: entry.threat,
      answeredAt: entry.assessment.answeredAt,
    })),
  };
}

/** A closed deal (won or lost) is never due for re-qualification: nothing is left to qualify. */
function closedView(view: AssessmentView, outcome: 'open' | 'won' | 'lost'): AssessmentView {
  if (outcome === 'open') return view;
  return { ...view, requalification: { due: false, dueDate: null, reasons: [] } };
}

/** Buying roles from the deal→contact association labels (v4 display labels or label names). */
export function rolesFromLabels(labels: string[]): BuyingRole[] {
  return BUYING_ROLES.filter((role) =>
    labels.some(
      (label) => label === BUYING_ROLE_LABELS[role].en || label === PROPERTY_PREFIX + role,
    ),
  );
}

/** The deal's contacts with the buying roles their association labels carry. */
export function labelledContacts(deal: DealWithAssociations): LabelledContact[] {
  return deal.contacts.map((contact) => ({
    contactId: contact.id,
    roles: rolesFromLabels(contact.labels),
  }));
}

/**
 * The sections with HubSpot's buying-role labels laid over key people: a label set or removed in
 * HubSpot's association card is what the plan shows (HubSpot wins; src/domain/plan/buying-roles.ts).
 */
function withLabelledRoles(sections: Sections, deal: DealWithAssociations): Sections {
  const merged = mergeLabelledRoles(sections.keyPeople.content, labelledContacts(deal));
  if (merged.changedContactIds.length === 0) return sections;
  return {
    ...sections,
    keyPeople: { ...sections.keyPeople, content: merged.content as KeyPeople },
  };
}

async function readDeal(
  ctx: HandlerContext,
  dealId: string,
  withLabels: boolean,
): Promise<DealWithAssociations> {
  return ctx.gateway.getDeal(dealId, PLAN_PROPERTIES, { withAssociationLabels: withLabels });
}

/** GET /api/deals/{dealId}/plan */
export async function loadPlan(
  input: { dealId: string },
  ctx: HandlerContext,
): Promise<ApiResult<PlanView>> {
  const deal = await readDeal(ctx, input.dealId, true);
  const ownSections = withLabelledRoles(readSections(deal.properties, ctx), deal);
  const history = readHistory(deal.properties);
  const contactIds = deal.contacts.map((contact) => contact.id);
  // Contacts, owners, the deal's outcome and the account (company profile, relationship map:
  // account.ts) in parallel; owners and pipelines come from per-portal caches.
  const stageId = deal.properties.dealstage ?? null;
  const contactsRead =
    contactIds.length > 0
      ? ctx.gateway.batchReadContacts(contactIds, STAKEHOLDER_PROPERTIES)
      : Promise.resolve([]);
  const [contacts, owners, { sections, view: account }, outcome, pipelines] = await Promise.all([
    contactsRead,
    ctx.listOwners(),
    dealAccount(
      ctx,
      deal,
      ownSections,
      contactsRead.then((list) => new Map(list.map((c) => [c.id, contactFacts(c)]))),
    ),
    // The deal pipelines come from the per-portal cache (one read per 10 minutes).
    dealOutcomeOf(ctx, stageId),
    ctx.gateway.listPipelines('deals'),
  ]);
  const completeness = planCompleteness(planContents(sections), ctx.settings.sectionWeights);
  const byId = new Map(contacts.map((contact) => [contact.id, contact.properties]));
  const dealOwnerId = deal.properties.hubspot_owner_id || null;
  const latest = latestAssessment(history);
  const verdict = latest ? scoreAssessment(latest, ctx.settings.qualification).verdict : undefined;
  const stages = pipelineStagesOf(pipelines, deal.properties.pipeline ?? null, stageId);
  const check = { gates: ctx.settings.stageGates, completeness, ...(verdict ? { verdict } : {}) };
  const path = stagePath(stages, stageId, check);
  const next = nextStageOnPath(stages, stageId);
  const nextStep = next ? path.find((step) => step.stageId === next.id) : undefined;
  return ok({
    dealId: deal.id,
    dealName: deal.properties.dealname ?? null,
    dealStage: stageId,
    outcome,
    pipelineId: deal.properties.pipeline ?? null,
    amount: deal.properties.amount ?? null,
    currency: deal.properties.deal_currency_code ?? null,
    sections,
    completeness,
    assessment: closedView(assessmentView(history, stageId, ctx, outcome), outcome),
    ...dealOffers(outcome),
    ownerId: dealOwnerId,
    ownerName: ownerName(owners.find((owner) => owner.id === dealOwnerId)),
    dealUrl: recordUrl(ctx.portalId, 'deal', deal.id),
    stakeholders: deal.contacts.map((association) => {
      const properties = byId.get(association.id) ?? {};
      return {
        contactId: association.id,
        name: contactName(properties, association.id),
        email: properties.email ?? null,
        jobTitle: properties.jobtitle ?? null,
        roles: rolesFromLabels(association.labels),
      };
    }),
    loop: {
      count: Number(deal.properties[DEAL_PROPERTIES.loopCount.name] ?? 0) || 0,
      lastReturnReason: deal.properties[DEAL_PROPERTIES.lastReturnReason.name] || null,
    },
    returnReasons: ctx.settings.lifecycle.returnReasons.map((reason) => ({
      code: reason.code,
      label: reason.label,
    })),
    owners: ownerViews(owners, ctx.settings),
    account,
    stageGate:
      nextStep && nextStep.gated
        ? { allowed: nextStep.reasons.length === 0, reasons: nextStep.reasons }
        : null,
    nextStage: next ? { stageId: next.id, label: next.label } : null,
    stagePath: path,
  });
}

/** The stages of the deal's pipeline (found by its id, else by the stage), for gates and paths. */
export function pipelineStagesOf(
  pipelines: readonly Pipeline[],
  pipelineId: string | null,
  stageId: string | null,
): PipelineStageRef[] {
  const pipeline =
    pipelines.find((candidate) => candidate.id === pipelineId) ??
    pipelines.find((candidate) => candidate.stages.some((stage) => stage.id === stageId));
  return (pipeline?.stages ?? []).map((stage) => ({
    id: stage.id,
    label: stage.label,
    displayOrder: stage.displayOrder,
    closed: stage.metadata.isClosed === 'true',
  }));
}

/** The deal properties a gate check reads (the plan, the assessment, name, stage, pipeline). */
export const GATE_CHECK_PROPERTIES = [...PLAN_PROPERTIES, 'hubspot_owner_id'];

/** What a deal's gates look at: its plan's completeness and its latest verdict. */
export function gateCheckOf(
  properties: Record<string, string | null>,
  ctx: HandlerContext,
): { completeness: PlanCompleteness; verdict?: QualificationVerdict } {
  const sections = readSections(properties, ctx);
  const history = readHistory(properties);
  const completeness = planCompleteness(planContents(sections), ctx.settings.sectionWeights);
  const latest = latestAssessment(history);
  const verdict = latest ? scoreAssessment(latest, ctx.settings.qualification).verdict : undefined;
  return { completeness, ...(verdict ? { verdict } : {}) };
}

const lockKey = (ctx: HandlerContext, dealId: string) => `deal:${ctx.portalId}:${dealId}`;

/** PUT /api/deals/{dealId}/plan/{section} */
export async function saveSection(
  input: { dealId: string; section: SectionKey; rev: number; content: unknown },
  ctx: HandlerContext,
): Promise<ApiResult<SaveSectionResult>> {
  if (input.section === 'customerProfile') {
    // A deal with a company shares the company's profile: the save goes to the company.
    const viaCompany = await saveDealCompanyProfile(input, ctx, {
      readDeal: () => ctx.gateway.getDeal(input.dealId, PLAN_PROPERTIES),
      sectionsOf: (properties) => readSections(properties, ctx),
    });
    if (viaCompany) return viaCompany;
  }
  return ctx.store.withLock(lockKey(ctx, input.dealId), async () => {
    // Key people need the deal's association labels: the save applies the buying roles to them.
    const keyPeople = input.section === 'keyPeople';
    const deal = await ctx.gateway.getDeal(input.dealId, PLAN_PROPERTIES, {
      withAssociationLabels: keyPeople,
    });
    const sections = await withCompanyProfile(ctx, deal, readSections(deal.properties, ctx));
    const edit = applySectionEdit({
      current: sections[input.section],
      content: input.content,
      baseRev: input.rev,
      userId: ctx.userId,
      now: ctx.now,
    });
    if (!edit.ok) {
      const current = sections[input.section];
      if (
        'conflict' in edit &&
        edit.conflict.changedFields.length === 0 &&
        current.updatedBy === ctx.userId
      ) {
        // The same save again (its first answer was lost): it is done; answer as it would have.
        return ok({
          section: current,
          completeness: planCompleteness(planContents(sections), ctx.settings.sectionWeights),
        });
      }
      if ('conflict' in edit) {
        return fail(
          'conflict',
          {
            en: 'Someone else saved this section first. Review their changes, then reload or overwrite.',
            de: 'Jemand anderes hat diesen Abschnitt zuerst gespeichert. Prüfen Sie die Änderungen und laden Sie neu oder überschreiben Sie.',
          },
          { current: edit.conflict.current, changedFields: edit.conflict.changedFields },
        );
      }
      return invalid(edit.errors.map((error) => ({ ...error, path: `content.${error.path}` })));
    }
    const serialized = serializeSection(edit.doc);
    if (!serialized.ok) return fail('too_large', serialized.error.message);
    const updated = { ...sections, [input.section]: edit.doc } as Sections;
    const completeness = planCompleteness(planContents(updated), ctx.settings.sectionWeights);
    // Labels first, the section last: a save that fails in between leaves the labels (which the
    // plan shows, HubSpot wins) and the old section revision, so the same save retried with the
    // same revision recomputes what is still missing and completes; nothing is applied twice.
    let buyingRoles: BuyingRolesApplied | undefined;
    if (keyPeople) {
      const changes = buyingRoleChanges(
        (edit.doc.content as KeyPeople).stakeholders,
        labelledContacts(deal),
      );
      if (!isNoChange(changes)) {
        const applied = await applyBuyingRoles(
          ctx,
          input.dealId,
          changes,
          (edit.doc.content as KeyPeople).stakeholders,
        );
        if (!applied.ok) return applied;
        buyingRoles = applied.data;
      }
    }
    await runDealWrites(
      planSaveEffects({
        dealId: input.dealId,
        saved: { section: input.section, json: serialized.json },
        contents: planContents(updated),
        completeness,
      }),
      ctx,
    );
    return ok({ section: edit.doc, completeness, ...(buyingRoles ? { buyingRoles } : {}) });
  });
}

async function writeHistory(
  ctx: HandlerContext,
  dealId: string,
  history: QualificationHistory,
  extra: Record<string, string>,
): Promise<ApiResult<AssessmentView>> {
  const serialized = serializeHistory(history, ctx.settings.qualification, { compact: true });
  if (!serialized.ok) return fail('too_large', serialized.error.message);
  await ctx.gateway.updateDeal(dealId, {
    [DEAL_PROPERTIES.assessment.name]: serialized.json,
    ...extra,
  });
  return ok(assessmentView(history, null, ctx));
}

/** Who answered, when, and what: the fields of every assessment a card submits. */
const answered = (ctx: HandlerContext, input: { answers: unknown; note?: unknown }) => ({
  answeredAt: ctx.now.toISOString(),
  answeredBy: ctx.userId,
  answers: input.answers,
  ...(input.note === undefined || input.note === '' ? {} : { note: input.note }),
});

/** POST /api/deals/{dealId}/assessments */
export async function submitAssessment(
  input: { dealId: string; answers: unknown; expectedDecisionDate: unknown; note?: unknown },
  ctx: HandlerContext,
): Promise<ApiResult<AssessmentView>> {
  return ctx.store.withLock(lockKey(ctx, input.dealId), async () => {
    const deal = await ctx.gateway.getDeal(input.dealId, [
      DEAL_PROPERTIES.assessment.name,
      'dealstage',
    ]);
    const history = readHistory(deal.properties);
    const outcome = await dealOutcomeOf(ctx, deal.properties.dealstage);
    if (!dealOffers(outcome).canRequalify) {
      return fail('rejected', {
        en: `This deal is closed ${outcome}; it is not re-qualified any more.`,
        de: `Dieser Deal ist ${outcome === 'won' ? 'gewonnen' : 'verloren'} abgeschlossen; er wird nicht mehr neu qualifiziert.`,
      });
    }
    const appended = appendAssessment(
      history,
      {
        id: randomUUID(),
        ...answered(ctx, input),
        expectedDecisionDate: input.expectedDecisionDate,
        ...(deal.properties.dealstage ? { dealStageId: deal.properties.dealstage } : {}),
      },
      ctx.settings.qualification,
    );
    if (!appended.ok) return invalid(appended.errors);
    const latest = latestAssessment(appended.history);
    const scored = latest ? scoreAssessment(latest, ctx.settings.qualification) : null;
    const result = await writeHistory(ctx, input.dealId, appended.history, {
      [DEAL_PROPERTIES.qualificationScore.name]: scored ? String(scored.score) : '',
      [DEAL_PROPERTIES.verdict.name]: scored?.verdict ?? '',
      [DEAL_PROPERTIES.decisionDate.name]: latest?.expectedDecisionDate ?? '',
      [DEAL_PROPERTIES.requalifyBy.name]:
        requalification(
          appended.history,
          { currentStageId: deal.properties.dealstage },
          ctx.settings.qualification,
          ctx.now,
        ).dueDate ?? '',
    });
    if (result.ok)
      result.data.requalification = assessmentView(
        appended.history,
        deal.properties.dealstage ?? null,
        ctx,
      ).requalification;
    return result;
  });
}

/** POST /api/deals/{dealId}/competitors/{competitorId}/assessment */
export async function submitCompetitorAssessment(
  input: { dealId: string; competitorId: string; answers: unknown; note?: unknown },
  ctx: HandlerContext,
): Promise<ApiResult<AssessmentView>> {
  return ctx.store.withLock(lockKey(ctx, input.dealId), async () => {
    const deal = await ctx.gateway.getDeal(input.dealId, [
      DEAL_PROPERTIES.assessment.name,
      SECTION_PROPERTY.competition,
      'dealstage',
    ]);
    const competition = parseSection('competition', deal.properties[SECTION_PROPERTY.competition]);
    if (
      competition.ok &&
      !competition.value.content.competitors.some((c) => c.id === input.competitorId)
    ) {
      return invalid([
        {
          path: 'competitorId',
          message: `No competitor with id "${input.competitorId}" in this plan`,
        },
      ]);
    }
    const appended = appendCompetitorAssessment(
      readHistory(deal.properties),
      {
        competitorId: input.competitorId,
        ...answered(ctx, input),
      },
      ctx.settings.qualification,
    );
    if (!appended.ok) return invalid(appended.errors);
    return writeHistory(ctx, input.dealId, appended.history, {});
  });
}

/** Loads sections and history for other handlers (conversion carries the plan over). */
export async function readPlanDocuments(ctx: HandlerContext, dealId: string) {
  const deal = await readDeal(ctx, dealId, false);
  return {
    deal,
    // The company's shared profile, so a win carries over what the sellers see.
    sections: await withCompanyProfile(ctx, deal, readSections(deal.properties, ctx)),
    history: readHistory(deal.properties),
  };
}

export { emptyHistory, emptySection, findReturnReason };
