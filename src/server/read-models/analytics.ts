// The app page's loop analytics: reads what HubSpot holds — the contacts' loop histories, the
// number of contacts created in the period, and the deals whose plan names competitors — and hands
// it to the pure computeLoopAnalytics (src/domain/loop-analytics.ts).
import { classifyDealStage } from '../../domain/lifecycle/index.ts';
import {
  computeLoopAnalytics,
  MAX_RECORD_LINKS,
  type DealFacts,
  type LoopAnalytics,
} from '../../domain/loop-analytics.ts';
import { parseSection } from '../../domain/plan/index.ts';
import type { ContactHistory } from '../../domain/calibration/index.ts';
import { dealStagesOf } from './pipeline-cache.ts';
import { CONTACT_PROPERTIES, DEAL_PROPERTIES } from '../../domain/properties.ts';
import type { CrmRecord } from '../../hubspot/gateway.ts';
import type { HandlerContext } from '../handlers/context.ts';
import { parseLoopHistory } from './lead-state.ts';

export { isoWeek } from '../../domain/loop-analytics.ts';
export type { LoopAnalytics };

const DAY_MS = 86_400_000;

/** Every contact with a loop history, with its history and loop count (search pages of 200). */
export async function readLoopHistories(
  ctx: HandlerContext,
): Promise<{ contacts: ContactHistory[]; loopCounts: number[] }> {
  const contacts: ContactHistory[] = [];
  const loopCounts: number[] = [];
  await ctx.gateway.searchAll(
    'contacts',
    {
      filters: [{ propertyName: CONTACT_PROPERTIES.loopHistory.name, operator: 'HAS_PROPERTY' }],
      properties: [CONTACT_PROPERTIES.loopHistory.name, CONTACT_PROPERTIES.loopCount.name],
    },
    (records) => {
      for (const record of records) {
        contacts.push({
          contactId: record.id,
          history: parseLoopHistory(record.properties[CONTACT_PROPERTIES.loopHistory.name]),
        });
        loopCounts.push(
          Math.max(0, Number(record.properties[CONTACT_PROPERTIES.loopCount.name] ?? 0) || 0),
        );
      }
    },
  );
  return { contacts, loopCounts };
}

/** Every competitor a deal's plan names (the competition section), else its primary competitor. */
function competitorsOf(record: CrmRecord): string[] {
  const json = record.properties[DEAL_PROPERTIES.competition.name];
  if (json) {
    const parsed = parseSection('competition', json);
    if (parsed.ok && parsed.value.content.competitors.length > 0)
      return parsed.value.content.competitors.map((competitor) => competitor.name);
  }
  const primary = record.properties[DEAL_PROPERTIES.primaryCompetitor.name];
  return primary ? [primary] : [];
}

/** Computes the loop analytics of the last `weeks` weeks up to now. */
export async function loopAnalytics(ctx: HandlerContext, weeks: number): Promise<LoopAnalytics> {
  const to = ctx.now.getTime();
  const from = to - weeks * 7 * DAY_MS;
  const { contacts, loopCounts } = await readLoopHistories(ctx);

  // Contacts created in the period: HubSpot's `createdate` (a datetime, filtered in epoch ms).
  // https://developers.hubspot.com/docs/api/crm/search
  const created = await ctx.gateway.search('contacts', {
    filterGroups: [
      { filters: [{ propertyName: 'createdate', operator: 'GTE', value: String(from) }] },
    ],
    properties: ['createdate'],
    limit: MAX_RECORD_LINKS,
  });

  // Deals with competitors: two searches, because one filter group ANDs its filters.
  const deals = new Map<string, DealFacts>();
  const policy = ctx.settings.lifecycle;
  // Won/lost from each pipeline's stage metadata (cached per portal).
  const dealStages = await dealStagesOf(ctx.gateway);
  for (const property of [
    DEAL_PROPERTIES.competition.name,
    DEAL_PROPERTIES.primaryCompetitor.name,
  ]) {
    await ctx.gateway.searchAll(
      'deals',
      {
        filters: [{ propertyName: property, operator: 'HAS_PROPERTY' }],
        properties: [
          'dealstage',
          'closedate',
          DEAL_PROPERTIES.competition.name,
          DEAL_PROPERTIES.primaryCompetitor.name,
        ],
      },
      (records) => {
        for (const record of records) {
          if (deals.has(record.id)) continue;
          const stage = record.properties.dealstage;
          const closedAt = Date.parse(record.properties.closedate ?? '');
          deals.set(record.id, {
            id: record.id,
            outcome: stage ? classifyDealStage(policy, stage, dealStages) : 'open',
            ...(Number.isFinite(closedAt) ? { closedAt } : {}),
            competitors: competitorsOf(record),
          });
        }
      },
    );
  }

  return computeLoopAnalytics({
    from,
    to,
    weeks,
    contacts,
    loopCounts,
    newLeads: { count: created.total, ids: created.results.map((record) => record.id) },
    deals: [...deals.values()],
    catalog: ctx.settings.competitors,
  });
}
