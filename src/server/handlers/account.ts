// Card API: the account — the company-level customer profile (shared by the company's deals),
// the company card's read model, the relationship map and reporting lines, and what a new deal of
// a customer company is proposed from the last won plan.
//
// HubSpot calls: a deal's plan adds one company read (with the ids of its deals), one batch read
// of contact↔contact associations and — only for a deal whose team or key people were never
// saved — one read of the last won deal. The company card reads the company with its deal ids
// (one call), the deals with every plan section (one batch per 100), the contacts (one batch) and
// their contact↔contact associations (one batch); pipelines come from the per-portal cache
// (the company card: company-account.ts; reporting lines: reporting-lines.ts).
// Writes: one PATCH of the company per profile change, under the company's lock; a migration made
// on read is the same PATCH and is simply made again by the next read if it failed.
import {
  applyProfileEdit,
  asSectionDocument,
  dealSections,
  lastWonDealId,
  nextDealProposal,
  parseCarriedOverProfile,
  parseCompanyProfile,
  relationshipMap,
  resolveProfile,
  serializeCompanyProfile,
  type CompanyProfileDocument,
  type ContactFacts,
  type DealProfileCopy,
  type NextDealProposal,
  type ProfileAlternative,
  type ProfileEditResult,
  type ProfileSourceKey,
} from '../../domain/account/index.ts';
import type { Localized } from '../../domain/errors.ts';
import {
  SECTION_KEYS,
  SECTION_PROPERTY,
  parseSection,
  planCompleteness,
  planContents,
  planSaveEffects,
  type PlanCompleteness,
  type SectionDocument,
  type SectionKey,
} from '../../domain/plan/index.ts';
import { COMPANY_PROPERTIES, DEAL_PROPERTIES } from '../../domain/properties.ts';
import type { ContactLink, CrmRecord, DealWithAssociations } from '../../hubspot/gateway.ts';
import { REPORTS_TO_LABEL } from '../../hubspot/crm/account.ts';
import { ApiFailure, fail, invalid, ok, type ApiError, type ApiResult } from '../http/envelope.ts';
import type { DealAccountView } from '../../contract/account.ts';
import { runDealWrites } from '../effects/effect-runner.ts';
import { contactName } from '../read-models/views.ts';
import type { HandlerContext } from './context.ts';

export const COMPANY_READ = [
  'name',
  'domain',
  COMPANY_PROPERTIES.accountProfile.name,
  COMPANY_PROPERTIES.customerProfile.name,
  COMPANY_PROPERTIES.wonPlanEssentials.name,
  COMPANY_PROPERTIES.customerSince.name,
];
export const DEAL_READ = [
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
export const OVERVIEW_NAMES = {
  sections: SECTION_PROPERTY,
  loopCount: DEAL_PROPERTIES.loopCount.name,
  lastReturnReason: DEAL_PROPERTIES.lastReturnReason.name,
};

/** An expected failure as an edit callback returns it. */
export const failure = (...args: Parameters<typeof fail>) =>
  fail(...args) as { ok: false; error: ApiError };

const companyLock = (ctx: HandlerContext, companyId: string) =>
  `company:${ctx.portalId}:${companyId}`;

/** The company a deal's profile belongs to: its first associated company (none → its own). */
export function companyOfDeal(deal: Pick<DealWithAssociations, 'companies'>): string | null {
  return deal.companies[0]?.id ?? null;
}

export function damaged(what: Localized, errors: { path: string; message: string }[]): never {
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

export const carriedOverOf = (company: CrmRecord) =>
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
export async function resolveAndPersist(
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
  const name = contactName(record.properties, record.id);
  return { name, jobTitle: record.properties.jobtitle || null };
};

/** Reads names for the contacts of `ids` not yet in `known` (one batch read, if any). */
export async function completeFacts(
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

/** The edit of a profile save, for `editCompanyProfile`: the user's content from revision `rev`. */
export const savedProfile =
  (ctx: HandlerContext, input: { content: unknown; rev: number }) =>
  (current: CompanyProfileDocument): ProfileEditResult =>
    applyProfileEdit({
      current,
      content: input.content,
      baseRev: input.rev,
      userId: ctx.userId,
      now: ctx.now,
    });

/**
 * Applies an edit of the company's profile under its lock: re-reads the company, resolves a
 * pending migration first (so an edit made on a migrated view applies), then writes once.
 */
export async function editCompanyProfile(
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
    savedProfile(ctx, input),
  );
  if (!saved.ok) return saved;
  const updated = { ...sections, customerProfile: asSectionDocument(saved.data) };
  const contents = planContents(updated);
  const completeness = planCompleteness(contents, ctx.settings.sectionWeights);
  await runDealWrites(planSaveEffects({ dealId: deal.id, contents, completeness }), ctx);
  await refreshCompanyMirrors(ctx, companyId, saved.data, deal.id);
  return ok({ section: updated.customerProfile, completeness });
}

/**
 * After the company's profile changed, every other deal of the company has a new completeness:
 * its `op_plan_completeness` mirror (reports, lists, workflows) is rewritten in one batch read and
 * one batch update. Best effort: the save is already durable on the company; a failure here is
 * logged and the mirrors catch up on the deals' next saves.
 */
export async function refreshCompanyMirrors(
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
