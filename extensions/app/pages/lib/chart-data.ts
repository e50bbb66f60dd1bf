// Turns GET /api/analytics/loop into the rows HubSpot's BarChart and LineChart take
// (`ChartDataRow = Record<string, string | number>`), with labels in the user's language, and
// builds the HubSpot record links behind each bar.
import { formatShortDate } from '../../cards/lib/message-format.ts';
import type { Language, LoopAnalytics, RecordLink } from '../../settings/lib/types.ts';
import { format, localeOf } from '../../settings/lib/i18n.ts';
import type { Messages } from '../messages/index.ts';

/** One chart row. */
export type Row = Record<string, string | number>;

const label = (
  t: Messages,
  prefix: 'stage_' | 'reason_' | 'bucket_' | 'loopNumber_',
  code: string,
): string => {
  const key = `${prefix}${code.replaceAll('-', '_')}`;
  return key in t ? t[key as keyof Messages] : code;
};

/**
 * The record's page in HubSpot: app.hubspot.com/contacts/{portalId}/record/{objectTypeId}/{id}, the
 * address HubSpot's own record pages have (unconfirmed by a documentation page; 0-1 contacts,
 * 0-3 deals: https://developers.hubspot.com/docs/api/crm/understanding-the-crm).
 */
export function recordUrl(portalId: number, link: RecordLink): string {
  return `https://app.hubspot.com/contacts/${portalId}/record/${link.objectTypeId}/${link.id}`;
}

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

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The Monday an ISO week (`2026-W10`, as the backend keys its weeks) starts on, or null for any
 * other text. Week 1 is the week holding 4 January (ISO 8601).
 */
export function isoWeekStart(week: string): Date | null {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) return null;
  const [year, number] = [Number(match[1]), Number(match[2])];
  if (number < 1 || number > 53) return null;
  const january4 = Date.UTC(year, 0, 4);
  const firstMonday = january4 - ((new Date(january4).getUTCDay() + 6) % 7) * DAY_MS;
  return new Date(firstMonday + (number - 1) * 7 * DAY_MS);
}

/** A week as its Monday in the user's words ("Mar 2" / "2. März"); an unknown key stays as is. */
export function weekLabel(week: string, language: Language): string {
  const start = isoWeekStart(week);
  return start === null ? week : formatShortDate(start, localeOf(language));
}

/** Weekly rows, two per week (hand-offs and returns), grouped by colour on `series`. */
export function weeklyRows(data: LoopAnalytics, t: Messages, language: Language): Row[] {
  return data.weekly.flatMap((entry) => {
    const week = weekLabel(entry.week, language);
    return [
      { week, series: t.handoffs, count: entry.handoffs },
      { week, series: t.returns, count: entry.returns },
    ];
  });
}

/** A loop number's name ("First hand-off", "After one return", …). */
export function loopLabel(t: Messages, loop: number): string {
  return label(t, 'loopNumber_', String(loop));
}

/** Win and return rate per loop number, as two series. */
export function byLoopRows(data: LoopAnalytics, t: Messages): Row[] {
  return data.byLoop
    .filter((row) => row.handOffs > 0)
    .flatMap((row) => [
      { loop: loopLabel(t, row.loop), series: t.winRate, rate: row.winRate },
      {
        loop: loopLabel(t, row.loop),
        series: t.returnRate,
        rate: row.returnRate,
      },
    ]);
}

/** Re-hand-offs per time bucket. */
export function reHandOffRows(data: LoopAnalytics, t: Messages): Row[] {
  if (data.reHandOff.count === 0) return [];
  return data.reHandOff.buckets.map((entry) => ({
    bucket: label(t, 'bucket_', entry.bucket),
    count: entry.count,
  }));
}

/** Returns per reason, most frequent first; known reason codes get their label. */
export function reasonRows(data: LoopAnalytics, t: Messages): Row[] {
  return [...data.returnsByReason]
    .sort((a, b) => b.count - a.count)
    .map((entry) => ({ reason: label(t, 'reason_', entry.reason), count: entry.count }));
}

/** The label of a reason code in the user's language. */
export function reasonLabel(t: Messages, code: string): string {
  return label(t, 'reason_', code);
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

/** Win rate per competitor (returned deals apart), best first. */
export function competitorRows(data: LoopAnalytics) {
  return data.winRateByCompetitor
    .map((entry) => ({ ...entry, winRate: winRatePercent(entry.won, entry.lost) }))
    .sort((a, b) => b.winRate - a.winRate || (a.competitor < b.competitor ? -1 : 1));
}
