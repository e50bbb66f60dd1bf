// The app page's loop analytics as one pure function over what HubSpot holds: the contacts' loop
// histories (every promotion, hand-off, return, win and loss with its instant), the number of new
// leads in the period, and the decided deals with every competitor named in their plan. Each figure
// honours the period, counts every loop, and names the records behind it.
import type { ContactHistory } from './calibration/records.ts';
import { handOffRecords } from './calibration/records.ts';
import type { CompetitorCatalog } from './settings-extras.ts';
import { canonicalCompetitor, competitorKey } from './settings-extras.ts';

const DAY_MS = 86_400_000;

/** Fewer decided cases than this and a rate is marked as a small sample on the page. */
export const SMALL_SAMPLE = 20;
/** At most this many record links per bar (the page lists them; HubSpot's list views do the rest). */
export const MAX_RECORD_LINKS = 50;

/** A HubSpot record behind a figure: contact (0-1) or deal (0-3). */
export interface RecordLink {
  objectTypeId: '0-1' | '0-3';
  id: string;
}

/** One step of the funnel. */
export interface FunnelStep {
  stage: 'lead' | 'mql' | 'sql' | 'opportunity' | 'customer';
  /** How often the step was reached in the period (a contact that loops counts each time). */
  count: number;
  /** Percent of the previous step's count; null for the first step or an empty previous step. */
  conversion: number | null;
  records: RecordLink[];
}

/** Outcomes of hand-offs by their number in the contact's loop (1 = first hand-off). */
export interface LoopNumberRow {
  /** 1, 2, or 3 for "third or later". */
  loop: number;
  handOffs: number;
  won: number;
  lost: number;
  returned: number;
  open: number;
  /** Won of decided, in percent. */
  winRate: number;
  /** Returned of decided, in percent. */
  returnRate: number;
  small: boolean;
}

/** How long a returned lead took to be handed off again. */
export interface ReHandOff {
  count: number;
  medianDays: number | null;
  buckets: { bucket: '0-7' | '8-30' | '31-90' | '91+'; count: number }[];
  small: boolean;
}

/** How often leads returned in the period were won later. */
export interface ReturnedLaterWon {
  returnedContacts: number;
  wonLater: number;
  percent: number;
  small: boolean;
  records: RecordLink[];
}

/** Returns for one reason in the period. */
export interface ReasonRow {
  reason: string;
  count: number;
  records: RecordLink[];
}

/** How deals against one competitor ended. */
export interface CompetitorRow {
  competitor: string;
  won: number;
  lost: number;
  /** Returned to marketing: neither won nor lost by sales. */
  returned: number;
  /** Won of won + lost, in percent (returned deals are kept apart). */
  winRate: number;
  small: boolean;
  records: RecordLink[];
}

/** Everything the app page shows. */
export interface LoopAnalytics {
  period: { weeks: number; from: string; to: string };
  funnel: FunnelStep[];
  weekly: { week: string; handoffs: number; returns: number }[];
  byLoop: LoopNumberRow[];
  reHandOff: ReHandOff;
  returnedLaterWon: ReturnedLaterWon;
  returnsByReason: ReasonRow[];
  loopsPerRecord: { loops: number; records: number }[];
  winRateByCompetitor: CompetitorRow[];
  smallSample: number;
}

/** A decided or open deal with the competitors its plan names. */
export interface DealFacts {
  id: string;
  outcome: 'won' | 'lost' | 'open';
  /** When the deal closed (epoch ms), when known. */
  closedAt?: number;
  /** Competitor names as typed (every competitor in the plan, the primary one included). */
  competitors: string[];
}

/** What the analytics are computed from. */
export interface LoopAnalyticsInput {
  /** Start and end of the period (epoch ms). */
  from: number;
  to: number;
  weeks: number;
  contacts: readonly ContactHistory[];
  /** Contacts created in the period (HubSpot's `createdate`). */
  newLeads: { count: number; ids: string[] };
  /** Current loop count per contact (the counter survives a trimmed history). */
  loopCounts: readonly number[];
  deals: readonly DealFacts[];
  catalog: CompetitorCatalog;
}

/**
 * ISO week label `YYYY-Www` of an instant: the week of its Thursday, week 1 holding January 4th
 * (ISO 8601). The earlier formula subtracted the weekday offset the wrong way (2026-01-01 was W00).
 */
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
      ((thursday.getTime() - firstThursday.getTime()) / DAY_MS -
        3 +
        ((firstThursday.getUTCDay() + 6) % 7)) /
        7,
    );
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

const pct = (part: number, whole: number): number =>
  whole === 0 ? 0 : Math.round((part / whole) * 100);

const contactLinks = (ids: Iterable<string>): RecordLink[] =>
  [...new Set(ids)].slice(0, MAX_RECORD_LINKS).map((id) => ({ objectTypeId: '0-1' as const, id }));

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return Math.round(value * 10) / 10;
}

/** Weekly activity, returns by reason, promotions and re-hand-offs of the period. */
function tallyActivity(input: LoopAnalyticsInput, inPeriod: (at: string) => boolean) {
  const weekly = new Map<string, { handoffs: number; returns: number }>();
  for (let at = input.from; at <= input.to; at += 7 * DAY_MS) {
    weekly.set(isoWeek(at), { handoffs: 0, returns: 0 });
  }
  weekly.set(isoWeek(input.to), weekly.get(isoWeek(input.to)) ?? { handoffs: 0, returns: 0 });
  const reasons = new Map<string, string[]>();
  const promoted: string[] = [];
  const returnedContacts = new Set<string>();
  const wonLater = new Set<string>();
  const reHandOffDays: number[] = [];
  for (const { contactId, history } of input.contacts) {
    let lastReturnAt: number | undefined;
    let returnedInPeriod = false;
    for (const entry of history) {
      const ms = Date.parse(entry.at);
      const counted = inPeriod(entry.at);
      if (entry.kind === 'promoted' && counted) promoted.push(contactId);
      if (entry.kind === 'handoff') {
        if (counted) {
          const bucket = weekly.get(isoWeek(ms));
          if (bucket) bucket.handoffs += 1;
          if (lastReturnAt !== undefined) reHandOffDays.push((ms - lastReturnAt) / DAY_MS);
        }
        lastReturnAt = undefined;
      }
      if (entry.kind === 'return') {
        lastReturnAt = ms;
        if (counted) {
          const bucket = weekly.get(isoWeek(ms));
          if (bucket) bucket.returns += 1;
          const reason = entry.reason ?? 'other';
          reasons.set(reason, [...(reasons.get(reason) ?? []), contactId]);
          returnedInPeriod = true;
          returnedContacts.add(contactId);
        }
      }
      if (entry.kind === 'won' && returnedInPeriod) wonLater.add(contactId);
    }
  }
  return { weekly, reasons, promoted, returnedContacts, wonLater, reHandOffDays };
}

type HandOffRecord = ReturnType<typeof handOffRecords>[number];

/** Lead → MQL → SQL → opportunity → customer, each step with its records and conversion. */
function funnelOf(
  input: LoopAnalyticsInput,
  activity: ReturnType<typeof tallyActivity>,
  records: HandOffRecord[],
): FunnelStep[] {
  const { reasons, promoted } = activity;
  const kept = records.filter((record) => record.outcome !== 'returned');
  const won = records.filter((record) => record.outcome === 'won');
  const returnsInPeriod = [...reasons.values()].reduce((sum, ids) => sum + ids.length, 0);
  const counts = [
    input.newLeads.count + returnsInPeriod,
    promoted.length,
    records.length,
    kept.length,
    won.length,
  ];
  const stageRecords: RecordLink[][] = [
    contactLinks([...input.newLeads.ids, ...[...reasons.values()].flat()]),
    contactLinks(promoted),
    contactLinks(records.map((record) => record.contactId)),
    contactLinks(kept.map((record) => record.contactId)),
    contactLinks(won.map((record) => record.contactId)),
  ];
  const stages = ['lead', 'mql', 'sql', 'opportunity', 'customer'] as const;
  return stages.map((stage, index) => {
    const previous = index === 0 ? undefined : counts[index - 1];
    return {
      stage,
      count: counts[index] as number,
      conversion:
        previous === undefined || previous === 0 ? null : pct(counts[index] as number, previous),
      records: stageRecords[index] as RecordLink[],
    };
  });
}

/** Hand-offs of the period by loop number (3 = third or later) and how they ended. */
function loopRows(records: HandOffRecord[]): LoopNumberRow[] {
  return [1, 2, 3].map((loop): LoopNumberRow => {
    const mine = records.filter((record) =>
      loop === 3 ? record.loopNumber >= 3 : record.loopNumber === loop,
    );
    const tally = { won: 0, lost: 0, returned: 0, open: 0 };
    for (const record of mine) tally[record.outcome] += 1;
    const decided = tally.won + tally.lost + tally.returned;
    return {
      loop,
      handOffs: mine.length,
      ...tally,
      winRate: pct(tally.won, decided),
      returnRate: pct(tally.returned, decided),
      small: decided < SMALL_SAMPLE,
    };
  });
}

/** Days from a return to the next hand-off, in buckets. */
function reHandOffOf(reHandOffDays: number[]): ReHandOff {
  const bucketOf = (days: number): ReHandOff['buckets'][number]['bucket'] =>
    days <= 7 ? '0-7' : days <= 30 ? '8-30' : days <= 90 ? '31-90' : '91+';
  const buckets = (['0-7', '8-30', '31-90', '91+'] as const).map((bucket) => ({
    bucket,
    count: reHandOffDays.filter((days) => bucketOf(days) === bucket).length,
  }));
  return {
    count: reHandOffDays.length,
    medianDays: median(reHandOffDays),
    buckets,
    small: reHandOffDays.length < SMALL_SAMPLE,
  };
}

/**
 * A deal's last loop event decides how it ended for the loop: a return keeps it apart from the
 * deals sales lost. Deals without loop events are judged by their HubSpot stage. A hand-off that
 * reopened the deal makes it live again.
 */
function lastLoopEvents(input: LoopAnalyticsInput) {
  const lastLoopEvent = new Map<
    string,
    { kind: 'handoff' | 'return' | 'won' | 'lost'; at: number }
  >();
  for (const { history } of input.contacts) {
    for (const entry of history) {
      if (entry.dealId === undefined) continue;
      if (entry.kind === 'promoted') continue;
      const at = Date.parse(entry.at);
      const known = lastLoopEvent.get(entry.dealId);
      if (known === undefined || known.at <= at)
        lastLoopEvent.set(entry.dealId, { kind: entry.kind, at });
    }
  }
  return lastLoopEvent;
}

/** Win rate per competitor over the deals decided in the period. */
function competitorRows(input: LoopAnalyticsInput): CompetitorRow[] {
  const lastLoopEvent = lastLoopEvents(input);
  // Spellings the catalogue does not know are still joined when they differ only in case, spaces,
  // punctuation or a web domain ending ("Salesforce", "salesforce.com"), shown as written most often.
  const competitors = new Map<
    string,
    { won: number; lost: number; returned: number; ids: string[]; spellings: Map<string, number> }
  >();
  for (const deal of input.deals) {
    const event = lastLoopEvent.get(deal.id);
    const outcome =
      deal.outcome === 'won' ? 'won' : event?.kind === 'return' ? 'returned' : deal.outcome;
    if (outcome === 'open') continue;
    const at = event?.at ?? deal.closedAt;
    if (at === undefined || at < input.from || at > input.to) continue;
    const named = new Map<string, string>();
    for (const typed of deal.competitors) {
      const name = canonicalCompetitor(input.catalog, typed);
      const key = competitorKey(name);
      if (key !== '' && !named.has(key)) named.set(key, name);
    }
    for (const [key, name] of named) {
      const row = competitors.get(key) ?? {
        won: 0,
        lost: 0,
        returned: 0,
        ids: [],
        spellings: new Map<string, number>(),
      };
      row[outcome] += 1;
      row.ids.push(deal.id);
      row.spellings.set(name, (row.spellings.get(name) ?? 0) + 1);
      competitors.set(key, row);
    }
  }
  const shownName = (spellings: Map<string, number>): string =>
    [...spellings].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '';
  return [...competitors.values()]
    .map((row) => ({
      competitor: shownName(row.spellings),
      won: row.won,
      lost: row.lost,
      returned: row.returned,
      winRate: pct(row.won, row.won + row.lost),
      small: row.won + row.lost < SMALL_SAMPLE,
      records: row.ids
        .slice(0, MAX_RECORD_LINKS)
        .map((id) => ({ objectTypeId: '0-3' as const, id })),
    }))
    .sort(
      (a, b) =>
        b.won + b.lost + b.returned - (a.won + a.lost + a.returned) ||
        (a.competitor < b.competitor ? -1 : 1),
    );
}

/** Computes the page's figures for the period [from, to]. */
export function computeLoopAnalytics(input: LoopAnalyticsInput): LoopAnalytics {
  const inPeriod = (at: string): boolean => {
    const ms = Date.parse(at);
    return ms >= input.from && ms <= input.to;
  };
  const activity = tallyActivity(input, inPeriod);
  const { weekly, reasons, returnedContacts, wonLater } = activity;
  // Hand-offs in the period and what became of them.
  const records = handOffRecords(input.contacts).filter((record) => inPeriod(record.at));
  const loops = new Map<number, number>();
  for (const count of input.loopCounts) loops.set(count, (loops.get(count) ?? 0) + 1);

  return {
    period: {
      weeks: input.weeks,
      from: new Date(input.from).toISOString(),
      to: new Date(input.to).toISOString(),
    },
    funnel: funnelOf(input, activity, records),
    weekly: [...weekly].map(([week, tally]) => ({ week, ...tally })),
    byLoop: loopRows(records),
    reHandOff: reHandOffOf(activity.reHandOffDays),
    returnedLaterWon: {
      returnedContacts: returnedContacts.size,
      wonLater: wonLater.size,
      percent: pct(wonLater.size, returnedContacts.size),
      small: returnedContacts.size < SMALL_SAMPLE,
      records: contactLinks(wonLater),
    },
    returnsByReason: [...reasons]
      .map(([reason, ids]) => ({ reason, count: ids.length, records: contactLinks(ids) }))
      .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
    loopsPerRecord: [...loops]
      .map(([loopCount, n]) => ({ loops: loopCount, records: n }))
      .sort((a, b) => a.loops - b.loops),
    winRateByCompetitor: competitorRows(input),
    smallSample: SMALL_SAMPLE,
  };
}
