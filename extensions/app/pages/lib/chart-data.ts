// Turns GET /api/analytics/loop into the rows HubSpot's BarChart and LineChart take
// (`ChartDataRow = Record<string, string | number>`), with labels in the user's language.
import type { LoopAnalytics } from '../../settings/lib/types.ts';
import { format } from '../../settings/lib/i18n.ts';
import type { Messages } from '../messages/index.ts';

/** One chart row. */
export type Row = Record<string, string | number>;

const label = (t: Messages, prefix: 'stage_' | 'reason_', code: string): string => {
  const key = `${prefix}${code}`;
  return key in t ? t[key as keyof Messages] : code;
};

/** Whether the answer holds nothing to show (no record reached any stage, no loop activity). */
export function isEmptyAnalytics(data: LoopAnalytics): boolean {
  return (
    data.funnel.every((step) => step.count === 0) &&
    data.weekly.every((week) => week.handoffs === 0 && week.returns === 0) &&
    data.returnsByReason.length === 0 &&
    data.loopsPerRecord.every((entry) => entry.records === 0) &&
    data.winRateByCompetitor.length === 0
  );
}

/** Funnel rows: `{ stage, count }`, in the backend's order (lead → customer). */
export function funnelRows(data: LoopAnalytics, t: Messages): Row[] {
  return data.funnel.map((step) => ({ stage: label(t, 'stage_', step.stage), count: step.count }));
}

/** Weekly rows, two per week (hand-offs and returns), grouped by colour on `series`. */
export function weeklyRows(data: LoopAnalytics, t: Messages): Row[] {
  return data.weekly.flatMap((week) => [
    { week: week.week, series: t.handoffs, count: week.handoffs },
    { week: week.week, series: t.returns, count: week.returns },
  ]);
}

/** Returns per reason, most frequent first; known reason codes get their label. */
export function reasonRows(data: LoopAnalytics, t: Messages): Row[] {
  return [...data.returnsByReason]
    .sort((a, b) => b.count - a.count)
    .map((entry) => ({ reason: label(t, 'reason_', entry.reason), count: entry.count }));
}

/** Records per number of loops ("1×", "2×" …), fewest loops first. */
export function loopRows(data: LoopAnalytics, t: Messages): Row[] {
  return [...data.loopsPerRecord]
    .sort((a, b) => a.loops - b.loops)
    .map((entry) => ({
      loops: format(t.loopsValue, { loops: entry.loops }),
      records: entry.records,
    }));
}

/** Win rate in whole percent from won and lost counts (0 when no deal was decided). */
export function winRatePercent(won: number, lost: number): number {
  const decided = won + lost;
  return decided === 0 ? 0 : Math.round((won / decided) * 100);
}

/** Win rate per competitor, best first. */
export function competitorRows(data: LoopAnalytics): Row[] {
  return data.winRateByCompetitor
    .map((entry) => ({
      competitor: entry.competitor,
      winRate: winRatePercent(entry.won, entry.lost),
      won: entry.won,
      lost: entry.lost,
    }))
    .sort((a, b) => b.winRate - a.winRate);
}
