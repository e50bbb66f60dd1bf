// Card API: the account — the company-level customer profile (shared by the company's deals),
// the company card's read model, the relationship map and reporting lines, and what a new deal of
// a customer company is proposed from the last won plan.
//
// HubSpot calls: a deal's plan adds one company read (with the ids of its deals), one batch read
// of contact↔contact associations and — only for a deal whose team or key people were never
// saved — one read of the last won deal. The company card reads the company with its deal ids
// (one call), the deals with every plan section (one batch per 100), the contacts (one batch) and
// their contact↔contact associations (one batch); pipelines come from the per-portal cache.
// Writes: one PATCH of the company per profile change, under the company's lock; a migration made
// on read is the same PATCH and is simply made again by the next read if it failed.
import {
  applyProfileEdit,
  asSectionDocument,
  copyVersion,
  dealSections,
  lastWonDealId,
  nextDealProposal,
  opportunityLines,
  parseCarriedOverProfile,
  parseCompanyProfile,
  relationshipMap,
  resolveProfile,
  serializeCompanyProfile,
  wonEssentials,
  type CompanyDealRecord,
  type CompanyProfileDocument,
  type ContactFacts,
  type DealCommittee,
  type DealProfileCopy,
  type NextDealProposal,
  type OpportunityLine,
  type ProfileAlternative,
  type ProfileEditResult,
  type ProfileSourceKey,
  type RelationshipMap,
  type WonPlanEssentials,
} from '../../domain/account/index.ts';
import type { Localized } from '../../domain/errors.ts';
import { dealStageCatalog } from '../../domain/lifecycle/policy.ts';
import {
  SECTION_KEYS,
  SECTION_PROPERTY,
  parseSection,
  planCompleteness,
  sectionCompleteness,
  type KeyPeople,
  type PlanCompleteness,
  type SectionCompleteness,
  type SectionDocument,
  type SectionKey,
} from '../../domain/plan/index.ts';
import { COMPANY_PROPERTIES, DEAL_PROPERTIES } from '../../domain/properties.ts';
import type { ContactLink, CrmRecord, DealWithAssociations } from '../../hubspot/gateway.ts';
import { REPORTS_TO_LABEL } from '../../hubspot/crm/account.ts';
import { ApiFailure, fail, invalid, ok, type ApiError, type ApiResult } from '../http/envelope.ts';
import type { HandlerContext } from './context.ts';

const COMPANY_READ = [
  'name',
  'domain',
  COMPANY_PROPERTIES.accountProfile.name,
  COMPANY_PROPERTIES.customerProfile.name,
  COMPANY_PROPERTIES.wonPlanEssentials.name,
  COMPANY_PROPERTIES.customerSince.name,
];
const DEAL_READ = [
  'dealname',
  'dealstage',
  'pipeline',
  'amount',
  'closedate',
  DEAL_PROPERTIES.loopCount.name,
  DEAL_PROPERTIES.lastReturnReason.name,
  ...SECTION_KEYS.map((key) => SECTION_PROPERTY[key]),
];
const CONTACT_READ = ['firstname', 'lastname', 'email', 'jobtitle'];
const OVERVIEW_NAMES = {
  sections: SECTION_PROPERTY,
  loopCount: DEAL_PROPERTIES.loopCount.name,
  lastReturnReason: DEAL_PROPERTIES.lastReturnReason.name,
};

/** An expected failure as an edit callback returns it. */
const failure = (...args: Parameters<typeof fail>) =>
  fail(...args) as { ok: false; error: ApiError };

const companyLock = (ctx: HandlerContext, companyId: string) =>
  `company:${ctx.portalId}:${companyId}`;

/** The company a deal's profile belongs to: its first associated company (none → its own). */
export function companyOfDeal(deal: Pick<DealWithAssociations, 'companies'>): string | null {
  return deal.companies[0]?.id ?? null;
}

function damaged(what: Localized, errors: { path: string; message: string }[]): never {
  throw new ApiFailure({
    code: 'hubspot_error',
    message: {
      en: `The stored ${what.en} is damaged (${errors[0]?.path}: ${errors[0]?.message}). Nothing was changed.`,
      de: `Das gespeicherte ${what.de} ist beschädigt (${errors[0]?.path}: ${errors[0]?.message}). Es wurde nichts geändert.`,
    },
    fields: errors,
  });
}

function companyDoc(company: CrmRecord): CompanyProfileDocument {
  const parsed = parseCompanyProfile(company.properties[COMPANY_PROPERTIES.accountProfile.name]);
  if (!parsed.ok)
    damaged(
      { en: 'customer profile of this company', de: 'Kundenprofil dieses Unternehmens' },
      parsed.errors,
    );
  return parsed.value;
}

const carriedOverOf = (company: CrmRecord) =>
  parseCarriedOverProfile(company.properties[COMPANY_PROPERTIES.customerProfile.name]);

/** Writes the company's profile document (one PATCH). */
async function writeCompanyDoc(
  ctx: HandlerContext,
  companyId: string,
  doc: CompanyProfileDocument,
): Promise<ApiResult<never> | null> {
  const serialized = serializeCompanyProfile(doc);
  if (!serialized.ok) return fail('too_large', serialized.message);
  await ctx.gateway.updateObject('companies', companyId, {
    [COMPANY_PROPERTIES.accountProfile.name]: serialized.json,
  });
  return null;
}

/**
 * Resolves the profile from the given copies and, when the read migrates or settles something,
 * writes it under the company's lock after re-reading the company. A failed write is logged and
 * the read still answers: the next read makes the same write.
 */
async function resolveAndPersist(
  ctx: HandlerContext,
  company: CrmRecord,
  dealCopies: DealProfileCopy[],
) {
  const resolve = (record: CrmRecord) =>
    resolveProfile({
      company: companyDoc(record),
      dealCopies,
      carriedOver: carriedOverOf(record),
      now: ctx.now,
      userId: ctx.userId,
    });
  const first = resolve(company);
  if (!first.write) return first;
  try {
    return await ctx.store.withLock(companyLock(ctx, company.id), async () => {
      const fresh = await ctx.gateway.getCompanyWithDeals(company.id, COMPANY_READ);
      const again = resolve(fresh);
      if (again.write) {
        const refused = await writeCompanyDoc(ctx, company.id, again.doc);
        if (refused) return first;
      }
      return again;
    });
  } catch (error) {
    if (error instanceof ApiFailure) throw error;
    ctx.logger.warn(
      { err: error, portalId: ctx.portalId, companyId: company.id },
      'company profile migration not written; the next read retries it',
    );
    return first;
  }
}

/** What a deal's plan shows of its account. */
export interface DealAccountView {
  companyId: string | null;
  companyName: string | null;
  /** Where the plan's customer profile lives: the company (shared) or the deal (no company). */
  profileSource: 'company' | 'deal';
  /** Which copy won the migration this read made, if it made one. */
  migratedFrom: ProfileSourceKey | null;
  /** Differing copies the user may take instead (or set aside). */
  alternatives: ProfileAlternative[];
  /** Account team and stakeholders proposed from the company's last won plan. */
  proposal: NextDealProposal | null;
  relationshipMap: RelationshipMap;
}

type SectionsOf = { [K in SectionKey]: SectionDocument<K> };

/** Reporting lines from contact↔contact labels: employee → manager ("Reports to"). */
export function reportingLines(links: ReadonlyMap<string, ContactLink[]>): Map<string, string> {
  const lines = new Map<string, string>();
  const wanted = REPORTS_TO_LABEL.label.toLowerCase();
  for (const [contactId, list] of links) {
    const manager = list.find((link) => link.labels.some((l) => l.toLowerCase() === wanted));
    if (manager && manager.toId !== contactId) lines.set(contactId, manager.toId);
  }
  return lines;
}

export const contactFacts = (record: CrmRecord): ContactFacts => {
  const p = record.properties;
  const name = [p.firstname, p.lastname].filter(Boolean).join(' ');
  return { name: name || p.email || `#${record.id}`, jobTitle: p.jobtitle || null };
};

/** Reads names for the contacts of `ids` not yet in `known` (one batch read, if any). */
async function completeFacts(
  ctx: HandlerContext,
  ids: Iterable<string>,
  known: Map<string, ContactFacts>,
): Promise<Map<string, ContactFacts>> {
  const missing = [...new Set(ids)].filter((id) => !known.has(id));
  if (missing.length > 0) {
    for (const record of await ctx.gateway.batchReadContacts(missing, CONTACT_READ))
      known.set(record.id, contactFacts(record));
  }
  return known;
}

/** Everything a deal's plan needs from its account, read in parallel where it can be. */
export async function dealAccount(
  ctx: HandlerContext,
  deal: DealWithAssociations,
  sections: SectionsOf,
  /** Names the caller reads anyway (the deal's contacts); awaited only when the map is drawn. */
  known: Promise<Map<string, ContactFacts>>,
): Promise<{ sections: SectionsOf; view: DealAccountView }> {
  const companyId = companyOfDeal(deal);
  const people = sections.keyPeople.content.stakeholders.map((s) => s.contactId);
  const contactIds = [...new Set([...deal.contacts.map((c) => c.id), ...people])];
  const [company, links] = await Promise.all([
    companyId ? ctx.gateway.getCompanyWithDeals(companyId, COMPANY_READ) : Promise.resolve(null),
    contactIds.length > 0 ? ctx.gateway.readContactLinks(contactIds) : Promise.resolve(new Map()),
  ]);
  let result = sections;
  let migratedFrom: ProfileSourceKey | null = null;
  let alternatives: ProfileAlternative[] = [];
  let proposal: NextDealProposal | null = null;
  if (company) {
    const resolved = await resolveAndPersist(ctx, company, [
      { dealId: deal.id, section: sections.customerProfile },
    ]);
    migratedFrom = resolved.migratedFrom;
    alternatives = resolved.alternatives;
    result = { ...sections, customerProfile: asSectionDocument(resolved.doc) };
    proposal = await proposalFor(ctx, deal.id, sections, company);
  }
  const reportsTo = reportingLines(links);
  const facts = await completeFacts(ctx, [...people, ...reportsTo.values()], new Map(await known));
  return {
    sections: result,
    view: {
      companyId,
      companyName: company?.properties.name ?? null,
      profileSource: company ? 'company' : 'deal',
      migratedFrom,
      alternatives,
      proposal,
      relationshipMap: relationshipMap({
        committees: [{ dealId: deal.id, keyPeople: result.keyPeople.content }],
        reportsTo,
        contacts: facts,
      }),
    },
  };
}

/** The proposal from the company's last won plan, for a deal whose team or people are unsaved. */
async function proposalFor(
  ctx: HandlerContext,
  dealId: string,
  sections: SectionsOf,
  company: CrmRecord,
): Promise<NextDealProposal | null> {
  const wonId = lastWonDealId(company.properties[COMPANY_PROPERTIES.wonPlanEssentials.name]);
  const wanted = sections.accountTeam.rev === 0 || sections.keyPeople.rev === 0;
  if (!wonId || wonId === dealId || !wanted) return null;
  const [won] = await ctx.gateway.batchRead(
    'deals',
    [wonId],
    ['dealname', SECTION_PROPERTY.accountTeam, SECTION_PROPERTY.keyPeople],
  );
  if (!won) return null;
  const team = parseSection('accountTeam', won.properties[SECTION_PROPERTY.accountTeam]);
  const people = parseSection('keyPeople', won.properties[SECTION_PROPERTY.keyPeople]);
  if (!team.ok || !people.ok) return null; // a damaged won plan proposes nothing
  return nextDealProposal({
    dealId,
    accountTeamRev: sections.accountTeam.rev,
    keyPeopleRev: sections.keyPeople.rev,
    wonDeal: {
      id: won.id,
      name: won.properties.dealname || `#${won.id}`,
      accountTeam: team.value.content,
      stakeholders: people.value.content.stakeholders,
    },
  });
}

/** The deal's sections with the company's profile in place of its own (no writes). */
export async function withCompanyProfile(
  ctx: HandlerContext,
  deal: DealWithAssociations,
  sections: SectionsOf,
): Promise<SectionsOf> {
  const companyId = companyOfDeal(deal);
  if (!companyId) return sections;
  const company = await ctx.gateway.getCompanyWithDeals(companyId, COMPANY_READ);
  const resolved = resolveProfile({
    company: companyDoc(company),
    dealCopies: [{ dealId: deal.id, section: sections.customerProfile }],
    carriedOver: carriedOverOf(company),
    now: ctx.now,
    userId: ctx.userId,
  });
  return { ...sections, customerProfile: asSectionDocument(resolved.doc) };
}

const conflict = (current: CompanyProfileDocument) =>
  fail(
    'conflict',
    {
      en: 'Someone else saved the customer profile first. Review their changes, then reload or overwrite.',
      de: 'Jemand anderes hat das Kundenprofil zuerst gespeichert. Prüfen Sie die Änderungen und laden Sie neu oder überschreiben Sie.',
    },
    { current: asSectionDocument(current), changedFields: [] },
  );

/**
 * Applies an edit of the company's profile under its lock: re-reads the company, resolves a
 * pending migration first (so an edit made on a migrated view applies), then writes once.
 */
async function editCompanyProfile(
  ctx: HandlerContext,
  companyId: string,
  dealCopies: DealProfileCopy[],
  edit: (
    current: CompanyProfileDocument,
    company: CrmRecord,
  ) => ProfileEditResult | { ok: false; error: ApiError },
): Promise<ApiResult<CompanyProfileDocument>> {
  return ctx.store.withLock(companyLock(ctx, companyId), async () => {
    const company = await ctx.gateway.getCompanyWithDeals(companyId, COMPANY_READ);
    const pending = resolveProfile({
      company: companyDoc(company),
      dealCopies,
      carriedOver: carriedOverOf(company),
      now: ctx.now,
      userId: ctx.userId,
    });
    const result = edit(pending.doc, company);
    if ('error' in result) return result;
    if (!result.ok) {
      if ('conflict' in result) return conflict(result.conflict.current);
      return invalid(result.errors.map((e) => ({ ...e, path: `content.${e.path}` })));
    }
    // One PATCH carries the edit and any migration the read had not written yet.
    if (result.changed || pending.write) {
      const refused = await writeCompanyDoc(ctx, companyId, result.doc);
      if (refused) return refused;
    }
    return ok(result.doc);
  });
}

/**
 * A customer-profile save made on a deal: when the deal has a company, the profile is the
 * company's, so the save goes there (and refreshes this deal's mirrors); null when the deal has no
 * company and keeps its own profile.
 */
export async function saveDealCompanyProfile(
  input: { dealId: string; rev: number; content: unknown },
  ctx: HandlerContext,
  plan: {
    readDeal: () => Promise<DealWithAssociations>;
    sectionsOf: (properties: Record<string, string | null>) => SectionsOf;
    mirrors: (sections: SectionsOf, completeness: PlanCompleteness) => Record<string, string>;
  },
): Promise<ApiResult<{ section: SectionDocument; completeness: PlanCompleteness }> | null> {
  const deal = await plan.readDeal();
  const companyId = companyOfDeal(deal);
  if (!companyId) return null;
  const sections = plan.sectionsOf(deal.properties);
  const saved = await editCompanyProfile(
    ctx,
    companyId,
    [{ dealId: deal.id, section: sections.customerProfile }],
    (current) =>
      applyProfileEdit({
        current,
        content: input.content,
        baseRev: input.rev,
        userId: ctx.userId,
        now: ctx.now,
      }),
  );
  if (!saved.ok) return saved;
  const updated = { ...sections, customerProfile: asSectionDocument(saved.data) };
  const completeness = planCompleteness(
    Object.fromEntries(SECTION_KEYS.map((key) => [key, updated[key].content])),
    ctx.settings.sectionWeights,
  );
  await ctx.gateway.updateDeal(deal.id, plan.mirrors(updated, completeness));
  await refreshCompanyMirrors(ctx, companyId, saved.data, deal.id);
  return ok({ section: updated.customerProfile, completeness });
}

/**
 * After the company's profile changed, every other deal of the company has a new completeness:
 * its `op_plan_completeness` mirror (reports, lists, workflows) is rewritten in one batch read and
 * one batch update. Best effort: the save is already durable on the company; a failure here is
 * logged and the mirrors catch up on the deals' next saves.
 */
async function refreshCompanyMirrors(
  ctx: HandlerContext,
  companyId: string,
  doc: CompanyProfileDocument,
  exceptDealId: string | null,
): Promise<void> {
  try {
    const company = await ctx.gateway.getCompanyWithDeals(companyId, []);
    const ids = company.deals.map((d) => d.id).filter((id) => id !== exceptDealId);
    if (ids.length === 0) return;
    const deals = await ctx.gateway.batchRead(
      'deals',
      ids,
      SECTION_KEYS.map((key) => SECTION_PROPERTY[key]),
    );
    const inputs = deals.flatMap((deal) => {
      const contents = dealSections(
        { properties: { ...deal.properties, [SECTION_PROPERTY.customerProfile]: null } },
        OVERVIEW_NAMES,
      );
      if (!contents) return []; // a damaged plan is left alone
      const overall = planCompleteness(
        { ...contents, customerProfile: doc.content },
        ctx.settings.sectionWeights,
      ).overall;
      return [
        { id: deal.id, properties: { [DEAL_PROPERTIES.completeness.name]: String(overall) } },
      ];
    });
    if (inputs.length > 0) await ctx.gateway.batchUpdate('deals', inputs);
  } catch (error) {
    if (error instanceof ApiFailure) throw error;
    ctx.logger.warn(
      { err: error, portalId: ctx.portalId, companyId },
      "the company's deals' completeness mirrors were not refreshed",
    );
  }
}

// ---- the company card ---------------------------------------------------------------------

/** GET /api/companies/{companyId}/account */
export interface CompanyAccountView {
  companyId: string;
  name: string | null;
  customerSince: string | null;
  profile: {
    section: SectionDocument<'customerProfile'>;
    completeness: SectionCompleteness;
    migratedFrom: ProfileSourceKey | null;
    alternatives: (ProfileAlternative & { dealName: string | null })[];
  };
  opportunities: OpportunityLine[];
  wonPlans: WonPlanEssentials[];
  relationshipMap: RelationshipMap;
  /** Names of the contacts the card mentions (won plans' stakeholders, the map). */
  contacts: Record<string, ContactFacts>;
}

async function companyDeals(ctx: HandlerContext, ids: string[]): Promise<CompanyDealRecord[]> {
  if (ids.length === 0) return [];
  const [records, pipelines] = await Promise.all([
    ctx.gateway.batchRead('deals', ids, DEAL_READ),
    ctx.gateway.listPipelines('deals'),
  ]);
  const catalog = dealStageCatalog(pipelines);
  const labels = new Map(pipelines.flatMap((p) => p.stages.map((s) => [s.id, s.label] as const)));
  const wonIds = new Set([...catalog.won, ...ctx.settings.lifecycle.wonStageIds]);
  const lostIds = new Set([...catalog.lost, ...ctx.settings.lifecycle.lostStageIds]);
  return records.map((record) => {
    const stage = record.properties.dealstage ?? '';
    return {
      id: record.id,
      properties: record.properties,
      outcome: wonIds.has(stage) ? 'won' : lostIds.has(stage) ? 'lost' : 'open',
      stageLabel: labels.get(stage) ?? null,
    };
  });
}

/** The deals' own profile copies, most recently edited first (damaged ones are left out). */
function profileCopies(deals: CompanyDealRecord[]): DealProfileCopy[] {
  return deals
    .flatMap((deal) => {
      const parsed = parseSection(
        'customerProfile',
        deal.properties[SECTION_PROPERTY.customerProfile],
      );
      return parsed.ok ? [{ dealId: deal.id, section: parsed.value }] : [];
    })
    .sort((a, b) => (b.section.updatedAt ?? '').localeCompare(a.section.updatedAt ?? ''));
}

export async function loadCompanyAccount(
  input: { companyId: string },
  ctx: HandlerContext,
): Promise<ApiResult<CompanyAccountView>> {
  const company = await ctx.gateway.getCompanyWithDeals(input.companyId, COMPANY_READ);
  const deals = await companyDeals(
    ctx,
    company.deals.map((d) => d.id),
  );
  const resolved = await resolveAndPersist(ctx, company, profileCopies(deals));
  const opportunities = opportunityLines(deals, OVERVIEW_NAMES, ctx.settings.sectionWeights);
  const wonPlans = wonEssentials(deals, OVERVIEW_NAMES);
  // The map across the company's deals: open ones first (newest first), then won, then lost.
  const order = new Map(opportunities.map((line, index) => [line.dealId, index]));
  const committees: DealCommittee[] = deals
    .flatMap((deal) => {
      const people = parseSection('keyPeople', deal.properties[SECTION_PROPERTY.keyPeople]);
      return people.ok ? [{ dealId: deal.id, keyPeople: people.value.content as KeyPeople }] : [];
    })
    .sort((a, b) => (order.get(a.dealId) ?? 0) - (order.get(b.dealId) ?? 0));
  const people = [
    ...new Set([
      ...committees.flatMap((c) => c.keyPeople.stakeholders.map((s) => s.contactId)),
      ...wonPlans.flatMap((w) => w.stakeholders.map((s) => s.contactId)),
    ]),
  ];
  const links = people.length > 0 ? await ctx.gateway.readContactLinks(people) : new Map();
  const reportsTo = reportingLines(links);
  const facts = await completeFacts(ctx, [...people, ...reportsTo.values()], new Map());
  const names = new Map(opportunities.map((line) => [line.dealId, line.name]));
  return ok({
    companyId: company.id,
    name: company.properties.name ?? null,
    customerSince: company.properties[COMPANY_PROPERTIES.customerSince.name] || null,
    profile: {
      section: asSectionDocument(resolved.doc),
      completeness: sectionCompleteness('customerProfile', resolved.doc.content),
      migratedFrom: resolved.migratedFrom,
      alternatives: resolved.alternatives.map((alt) => ({
        ...alt,
        dealName: alt.dealId ? (names.get(alt.dealId) ?? null) : null,
      })),
    },
    opportunities,
    wonPlans,
    relationshipMap: relationshipMap({ committees, reportsTo, contacts: facts }),
    contacts: Object.fromEntries(facts),
  });
}

/** PUT /api/companies/{companyId}/profile */
export async function saveCompanyProfile(
  input: { companyId: string; rev: number; content: unknown },
  ctx: HandlerContext,
): Promise<ApiResult<{ section: SectionDocument<'customerProfile'> }>> {
  const saved = await editCompanyProfile(ctx, input.companyId, [], (current) =>
    applyProfileEdit({
      current,
      content: input.content,
      baseRev: input.rev,
      userId: ctx.userId,
      now: ctx.now,
    }),
  );
  if (!saved.ok) return saved;
  await refreshCompanyMirrors(ctx, input.companyId, saved.data, null);
  return ok({ section: asSectionDocument(saved.data) });
}

/**
 * POST /api/companies/{companyId}/profile/settle — take a differing copy (it becomes the company's
 * profile) or set it aside (the company's stays); either way it is no longer offered. The copy is
 * read from HubSpot again, never taken from the request, and must still be the offered version.
 */
export async function settleProfileCopy(
  input: {
    companyId: string;
    rev: number;
    source: ProfileSourceKey;
    version: string;
    take: boolean;
  },
  ctx: HandlerContext,
): Promise<ApiResult<{ section: SectionDocument<'customerProfile'> }>> {
  let copy: SectionDocument<'customerProfile'> | null = null;
  if (input.source !== 'carriedOver') {
    const dealId = input.source.slice('deal:'.length);
    const company = await ctx.gateway.getCompanyWithDeals(input.companyId, []);
    if (!company.deals.some((d) => d.id === dealId)) {
      return invalid([
        { path: 'source', message: `Deal ${dealId} is not associated with this company` },
      ]);
    }
    const [deal] = await ctx.gateway.batchRead(
      'deals',
      [dealId],
      [SECTION_PROPERTY.customerProfile],
    );
    const parsed = parseSection(
      'customerProfile',
      deal?.properties[SECTION_PROPERTY.customerProfile],
    );
    if (!parsed.ok)
      damaged(
        { en: 'customer profile of that deal', de: 'Kundenprofil dieses Deals' },
        parsed.errors,
      );
    copy = parsed.value;
  }
  const saved = await editCompanyProfile(ctx, input.companyId, [], (current, company) => {
    const content = input.source === 'carriedOver' ? carriedOverOf(company) : copy!.content;
    const version = copyVersion(input.source, input.source === 'carriedOver' ? content : copy);
    if (content === null || version !== input.version) {
      return failure(
        'conflict',
        {
          en: 'That copy of the profile changed or is gone meanwhile. Reload to see what is offered now.',
          de: 'Diese Fassung des Profils hat sich inzwischen geändert oder ist nicht mehr da. Laden Sie neu, um das aktuelle Angebot zu sehen.',
        },
        { current: asSectionDocument(current) },
      );
    }
    return applyProfileEdit({
      current,
      content: input.take ? content : current.content,
      baseRev: input.rev,
      userId: ctx.userId,
      now: ctx.now,
      settle: { source: input.source, version: input.version },
    });
  });
  if (!saved.ok) return saved;
  if (input.take) await refreshCompanyMirrors(ctx, input.companyId, saved.data, null);
  return ok({ section: asSectionDocument(saved.data) });
}

// ---- reporting lines ----------------------------------------------------------------------

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
