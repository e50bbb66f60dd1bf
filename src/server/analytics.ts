// The app page's "Lead ↔ opportunity loop" figures, computed from what HubSpot holds: the funnel
// from lifecycle stages (one search per stage, reading only `total`), the loop from the contacts'
// loop histories, and win rates from closed deals' primary competitor.
import { dealStagesOf } from './pipeline-cache.ts';
import { classifyDealStage, type LifecycleStage } from '../domain/lifecycle/index.ts';
import { CONTACT_PROPERTIES, DEAL_PROPERTIES } from '../domain/properties.ts';
import type { HandlerContext } from './handlers/context.ts';
import { parseLoopHistory } from './lead-state.ts';

const FUNNEL: LifecycleStage[] = ['lead', 'mql', 'sql', 'opportunity', 'customer'];
const DAY_MS = 86_400_000;

/** ISO week label `YYYY-Www` of an instant. */
export function isoWeek(ms: number): string {
  const date = new Date(ms);
  const day = (date.getUTCDay() + 6) % 7;
  const thursday = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day + 3),
  );
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const week =
    1 +
    Math.round(
      (thursday.getTime() - firstThursday.getTime()) / (7 * DAY_MS) -
        (((firstThursday.getUTCDay() + 6) % 7) - 3) / 7,
    );
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export interface LoopAnalytics {
  funnel: { stage: LifecycleStage; count: number }[];
  weekly: { week: string; handoffs: number; returns: number }[];
  returnsByReason: { reason: string; count: number }[];
  loopsPerRecord: { loops: number; records: number }[];
  winRateByCompetitor: { competitor: string; won: number; lost: number; winRate: number }[];
}

/** Computes the loop analytics of the last `weeks` weeks. */
export async function loopAnalytics(ctx: HandlerContext, weeks: number): Promise<LoopAnalytics> {
  const policy = ctx.settings.lifecycle;
  const funnel = [];
  for (const stage of FUNNEL) {
    const page = await ctx.gateway.search('contacts', {
      filterGroups: [
        {
          filters: [
            { propertyName: 'lifecyclestage', operator: 'EQ', value: policy.stageMap[stage] },
          ],
        },
      ],
      properties: ['lifecyclestage'],
      limit: 1,
    });
    funnel.push({ stage, count: page.total });
  }

  const since = ctx.now.getTime() - weeks * 7 * DAY_MS;
  const weekly = new Map<string, { handoffs: number; returns: number }>();
  for (let at = since; at <= ctx.now.getTime(); at += 7 * DAY_MS)
    weekly.set(isoWeek(at), { handoffs: 0, returns: 0 });
  const reasons = new Map<string, number>();
  const loops = new Map<number, number>();
  await ctx.gateway.searchAll(
    'contacts',
    {
      filters: [{ propertyName: CONTACT_PROPERTIES.loopHistory.name, operator: 'HAS_PROPERTY' }],
      properties: [CONTACT_PROPERTIES.loopHistory.name, CONTACT_PROPERTIES.loopCount.name],
    },
    (records) => {
      for (const record of records) {
        const count = Math.max(
          0,
          Number(record.properties[CONTACT_PROPERTIES.loopCount.name] ?? 0) || 0,
        );
        loops.set(count, (loops.get(count) ?? 0) + 1);
        for (const entry of parseLoopHistory(
          record.properties[CONTACT_PROPERTIES.loopHistory.name],
        )) {
          const at = Date.parse(entry.at);
          if (entry.kind === 'return' && entry.reason)
            reasons.set(entry.reason, (reasons.get(entry.reason) ?? 0) + 1);
          if (at < since) continue;
          const bucket = weekly.get(isoWeek(at));
          if (!bucket) continue;
          if (entry.kind === 'handoff') bucket.handoffs += 1;
          if (entry.kind === 'return') bucket.returns += 1;
        }
      }
    },
  );

  const competitors = new Map<string, { won: number; lost: number }>();
  const dealStages = await dealStagesOf(ctx.gateway);
  await ctx.gateway.searchAll(
    'deals',
    {
      filters: [{ propertyName: DEAL_PROPERTIES.primaryCompetitor.name, operator: 'HAS_PROPERTY' }],
      properties: ['dealstage', DEAL_PROPERTIES.primaryCompetitor.name],
    },
    (records) => {
      for (const record of records) {
        const name = record.properties[DEAL_PROPERTIES.primaryCompetitor.name];
        const stage = record.properties.dealstage;
        if (!name || !stage) continue;
        const outcome = classifyDealStage(policy, stage, dealStages);
        if (outcome === 'open') continue;
        const tally = competitors.get(name) ?? { won: 0, lost: 0 };
        tally[outcome] += 1;
        competitors.set(name, tally);
      }
    },
  );

  return {
    funnel,
    weekly: [...weekly].map(([week, counts]) => ({ week, ...counts })),
    returnsByReason: [...reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count),
    loopsPerRecord: [...loops]
      .map(([loopCount, records]) => ({ loops: loopCount, records }))
      .sort((a, b) => a.loops - b.loops),
    winRateByCompetitor: [...competitors]
      .map(([competitor, { won, lost }]) => ({
        competitor,
        won,
        lost,
        winRate: won + lost === 0 ? 0 : Math.round((won / (won + lost)) * 100),
      }))
      .sort((a, b) => b.won + b.lost - (a.won + a.lost)),
  };
}
