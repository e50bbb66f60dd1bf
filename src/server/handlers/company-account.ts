// Card API: the company card — its read model (the company with its deals, the shared customer
// profile, opportunities, won plans, the relationship map) and the edits of the company's profile.
// HubSpot calls: the company with its deal ids (one call), the deals with every plan section (one
// batch per 100), the contacts (one batch) and their contact↔contact associations (one batch);
// pipelines come from the per-portal cache. Writes go through editCompanyProfile (account.ts).
import type { CompanyAccountView } from '../../contract/account.ts';
import {
  applyProfileEdit,
  asSectionDocument,
  copyVersion,
  opportunityLines,
  relationshipMap,
  wonEssentials,
  type CompanyDealRecord,
  type DealCommittee,
  type DealProfileCopy,
  type ProfileSourceKey,
} from '../../domain/account/index.ts';
import { dealStageCatalog } from '../../domain/lifecycle/policy.ts';
import {
  SECTION_PROPERTY,
  parseSection,
  sectionCompleteness,
  type KeyPeople,
  type SectionDocument,
} from '../../domain/plan/index.ts';
import { COMPANY_PROPERTIES } from '../../domain/properties.ts';
import { invalid, ok, type ApiResult } from '../http/envelope.ts';
import { ownerViews } from '../read-models/views.ts';
import {
  carriedOverOf,
  COMPANY_READ,
  completeFacts,
  damaged,
  DEAL_READ,
  editCompanyProfile,
  failure,
  OVERVIEW_NAMES,
  refreshCompanyMirrors,
  reportingLines,
  resolveAndPersist,
  savedProfile,
} from './account.ts';
import type { HandlerContext } from './context.ts';

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
  const [company, owners] = await Promise.all([
    ctx.gateway.getCompanyWithDeals(input.companyId, COMPANY_READ),
    ctx.listOwners(),
  ]);
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
    owners: ownerViews(owners, ctx.settings),
  });
}

/** PUT /api/companies/{companyId}/profile */
export async function saveCompanyProfile(
  input: { companyId: string; rev: number; content: unknown },
  ctx: HandlerContext,
): Promise<ApiResult<{ section: SectionDocument<'customerProfile'> }>> {
  const saved = await editCompanyProfile(ctx, input.companyId, [], savedProfile(ctx, input));
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
