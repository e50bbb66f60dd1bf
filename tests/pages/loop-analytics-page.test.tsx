// The "Lead ↔ opportunity loop" app page: loading, empty, error and filled states with HubSpot's
// charts, and German texts.
import {
  BarChart,
  Button,
  EmptyState,
  ErrorState,
  LineChart,
  Link,
  LoadingSpinner,
  Select,
  TableCell,
  Text,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { CardApi } from '../../extensions/app/cards/lib/api.ts';
import { LoopAnalyticsPage } from '../../extensions/app/pages/components/LoopAnalyticsPage.tsx';
import {
  isoWeekStart,
  weekLabel,
  winRatePercent,
  type Row,
} from '../../extensions/app/pages/lib/chart-data.ts';
import type { ApiResult, LoopAnalytics } from '../../extensions/app/settings/lib/types.ts';
import { eventually } from '../settings/eventually.ts';

const mockApi = {} as jest.Mocked<CardApi>;
jest.mock('../../extensions/app/cards/lib/api.ts', () => ({ useCardApi: () => mockApi }));

const SLOW = { timeoutInMs: 5000 };

const contact = (id: string) => ({ objectTypeId: '0-1' as const, id });
const deal = (id: string) => ({ objectTypeId: '0-3' as const, id });
const noLoops = [1, 2, 3].map((loop) => ({
  loop,
  handOffs: 0,
  won: 0,
  lost: 0,
  returned: 0,
  open: 0,
  winRate: 0,
  returnRate: 0,
  small: true,
}));

const FILLED: LoopAnalytics = {
  period: { weeks: 12, from: '2026-01-01T00:00:00.000Z', to: '2026-03-26T00:00:00.000Z' },
  funnel: [
    { stage: 'lead', count: 400, conversion: null, records: [contact('1')] },
    { stage: 'mql', count: 120, conversion: 30, records: [] },
    {
      stage: 'sql',
      count: 60,
      conversion: 50,
      records: ['11', '12', '13', '14', '15'].map(contact),
    },
    { stage: 'opportunity', count: 35, conversion: 58, records: [] },
    { stage: 'customer', count: 9, conversion: 26, records: [] },
  ],
  weekly: [
    { week: '2026-W10', handoffs: 12, returns: 3 },
    { week: '2026-W11', handoffs: 9, returns: 5 },
  ],
  byLoop: [
    {
      loop: 1,
      handOffs: 50,
      won: 10,
      lost: 10,
      returned: 25,
      open: 5,
      winRate: 22,
      returnRate: 56,
      small: false,
    },
    {
      loop: 2,
      handOffs: 10,
      won: 4,
      lost: 1,
      returned: 2,
      open: 3,
      winRate: 57,
      returnRate: 29,
      small: true,
    },
    {
      loop: 3,
      handOffs: 0,
      won: 0,
      lost: 0,
      returned: 0,
      open: 0,
      winRate: 0,
      returnRate: 0,
      small: true,
    },
  ],
  reHandOff: {
    count: 12,
    medianDays: 21.5,
    buckets: [
      { bucket: '0-7', count: 2 },
      { bucket: '8-30', count: 6 },
      { bucket: '31-90', count: 4 },
      { bucket: '91+', count: 0 },
    ],
    small: true,
  },
  returnedLaterWon: {
    returnedContacts: 30,
    wonLater: 6,
    percent: 20,
    small: false,
    records: [contact('7')],
  },
  returnsByReason: [
    { reason: 'bad_timing', count: 2, records: [contact('21')] },
    { reason: 'no_budget', count: 6, records: [contact('22')] },
    { reason: 'custom_reason', count: 1, records: [] },
  ],
  loopsPerRecord: [
    { loops: 2, records: 4 },
    { loops: 1, records: 20 },
  ],
  winRateByCompetitor: [
    {
      competitor: 'Acme',
      won: 1,
      lost: 3,
      returned: 2,
      winRate: 25,
      small: true,
      records: [deal('31')],
    },
    { competitor: 'Globex', won: 6, lost: 2, returned: 0, winRate: 75, small: true, records: [] },
  ],
  smallSample: 20,
};

const EMPTY: LoopAnalytics = {
  ...FILLED,
  funnel: [
    { stage: 'lead', count: 0, conversion: null, records: [] },
    { stage: 'mql', count: 0, conversion: null, records: [] },
  ],
  weekly: [{ week: '2026-W11', handoffs: 0, returns: 0 }],
  byLoop: noLoops,
  reHandOff: { count: 0, medianDays: null, buckets: [], small: true },
  returnedLaterWon: { returnedContacts: 0, wonLater: 0, percent: 0, small: true, records: [] },
  returnsByReason: [],
  loopsPerRecord: [],
  winRateByCompetitor: [],
};

const answer = (data: LoopAnalytics): Promise<ApiResult<LoopAnalytics>> =>
  Promise.resolve({ ok: true, data });

beforeEach(() => {
  mockApi.getLoopAnalytics = jest.fn((_weeks: number) => answer(FILLED));
});

async function renderLoaded(locale?: string) {
  const renderer = createRenderer('pages');
  if (locale !== undefined) renderer.mocks.context.user.locale = locale;
  renderer.render(<LoopAnalyticsPage />);
  await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull(), SLOW);
  return renderer;
}

describe('loop analytics page', () => {
  it('shows a spinner while the analytics load', async () => {
    // GIVEN a backend that has not answered yet
    let resolve: (result: ApiResult<LoopAnalytics>) => void = () => undefined;
    mockApi.getLoopAnalytics = jest.fn((_weeks: number) => new Promise((r) => (resolve = r)));
    const renderer = createRenderer('pages');
    // WHEN the page renders
    renderer.render(<LoopAnalyticsPage />);
    // THEN it shows the spinner and asked for twelve weeks
    expect(renderer.findByTestId(LoadingSpinner, 'loop-loading').props.label).toBe(
      'Loading the loop analytics…',
    );
    await eventually(() => expect(mockApi.getLoopAnalytics).toHaveBeenCalledWith(12));
    resolve({ ok: true, data: EMPTY });
  });

  it('draws every chart from the analytics', async () => {
    // GIVEN analytics with activity
    const renderer = await renderLoaded();
    // THEN the funnel is a bar chart with the stages in order
    const funnel = renderer.findByTestId(BarChart, 'chart-funnel');
    expect(funnel.props.data).toEqual([
      { stage: 'Lead', count: 400 },
      { stage: 'MQL', count: 120 },
      { stage: 'SQL', count: 60 },
      { stage: 'Opportunity', count: 35 },
      { stage: 'Customer', count: 9 },
    ]);
    // AND hand-offs and returns per week are two coloured series of one line chart
    const weekly = renderer.findByTestId(LineChart, 'chart-weekly');
    expect(weekly.props.axes.options?.groupFieldByColor).toBe('series');
    expect(weekly.props.data).toContainEqual({ week: 'Mar 9', series: 'Returns', count: 5 });
    expect(weekly.props.axes.x.label).toBe('Week starting');
    expect(weekly.props.data).toHaveLength(4);
    // AND returns by reason are sorted, labelled, unknown codes kept
    expect(renderer.findByTestId(BarChart, 'chart-reasons').props.data).toEqual([
      { reason: 'No budget', count: 6 },
      { reason: 'Bad timing', count: 2 },
      { reason: 'custom_reason', count: 1 },
    ]);
    // AND loops per record run from one loop up
    expect(renderer.findByTestId(BarChart, 'chart-loops').props.data).toEqual([
      { loops: '1×', records: 20 },
      { loops: '2×', records: 4 },
    ]);
    // AND the win rate per competitor is in percent, best first, with the table beside it
    expect(renderer.findByTestId(BarChart, 'chart-competitors').props.data).toEqual([
      { competitor: 'Globex', winRate: 75 },
      { competitor: 'Acme', winRate: 25 },
    ]);
    expect(renderer.findAll(TableCell).map((cell) => cell.text)).toEqual(
      expect.arrayContaining(['Globex', '6', '2', '75']),
    );
  });

  it('shows conversion rates, per-loop outcomes, time to re-hand-off and record links', async () => {
    const renderer = await renderLoaded();
    const cells = renderer.findAll(TableCell).map((cell) => cell.text);
    // THEN each funnel step shows its conversion from the step before
    expect(cells).toEqual(expect.arrayContaining(['SQL', '60', '50']));
    // AND win and return rate per loop number are two series, loops without hand-offs left out
    const byLoop = renderer.findByTestId(BarChart, 'chart-by-loop');
    expect(byLoop.props.data).toEqual([
      { loop: 'First hand-off', series: 'Win rate (%)', rate: 22 },
      { loop: 'First hand-off', series: 'Return rate (%)', rate: 56 },
      { loop: 'After one return', series: 'Win rate (%)', rate: 57 },
      { loop: 'After one return', series: 'Return rate (%)', rate: 29 },
    ]);
    // AND a small sample is flagged with its count
    expect(cells).toContain('Small sample (7 decided): read this rate with care.');
    // AND the time to re-hand-off and the returned leads won later are stated
    expect(renderer.findByTestId(Text, 're-hand-off-summary').text).toBe(
      'Median 21.5 days over 12 re-hand-offs.',
    );
    expect(renderer.findByTestId(Text, 'won-later-summary').text).toBe(
      '6 of 30 leads returned in this period were won later (20 %).',
    );
    // AND returned deals stand apart from lost ones per competitor
    expect(cells).toEqual(expect.arrayContaining(['Acme', '1', '3', '2', '25']));
    // AND the records behind a bar link to HubSpot's record pages, three shown then "+N more"
    const portalId = renderer.mocks.context.portal.id;
    expect(renderer.findByTestId(Link, 'funnel-sql-11').props.href).toEqual({
      url: `https://app.hubspot.com/contacts/${portalId}/record/0-1/11`,
      external: true,
    });
    expect(renderer.maybeFind(Link, { testId: 'funnel-sql-14' })).toBeNull();
    expect(renderer.findAll(Text).map((text) => text.text)).toContain('+2 more');
    expect(renderer.findByTestId(Link, 'competitor-Acme-31').props.href).toEqual({
      url: `https://app.hubspot.com/contacts/${portalId}/record/0-3/31`,
      external: true,
    });
  });

  it('shows an empty state when nothing has looped yet', async () => {
    // GIVEN analytics without any activity
    mockApi.getLoopAnalytics = jest.fn((_weeks: number) => answer(EMPTY));
    const renderer = await renderLoaded();
    // THEN the page explains that instead of drawing empty charts
    expect(renderer.findByTestId(EmptyState, 'loop-empty').props.title).toBe(
      'No loop activity yet',
    );
    expect(renderer.maybeFind(BarChart)).toBeNull();
  });

  it('shows the error and retries', async () => {
    // GIVEN a backend that fails until it recovers
    let failing = true;
    mockApi.getLoopAnalytics = jest.fn((_weeks: number) =>
      failing
        ? Promise.resolve<ApiResult<LoopAnalytics>>({
            ok: false,
            error: { code: 'internal', message: { en: 'Boom', de: 'Fehler' } },
          })
        : answer(FILLED),
    );
    const renderer = await renderLoaded();
    expect(renderer.findByTestId(ErrorState, 'loop-error').props.title).toBe(
      'The analytics could not be loaded',
    );
    // WHEN the backend recovers and the user retries
    failing = false;
    renderer.findByTestId(Button, 'loop-retry').trigger('onClick');
    // THEN the charts appear
    await renderer.waitFor(() => renderer.findByTestId(BarChart, 'chart-funnel'), SLOW);
  });

  it('loads another period when the user picks one', async () => {
    // GIVEN the page with twelve weeks
    const renderer = await renderLoaded();
    // WHEN the user picks 26 weeks
    renderer.findByTestId(Select, 'period').trigger('onChange', 26 as never);
    // THEN the backend is asked for 26 weeks
    await eventually(() => expect(mockApi.getLoopAnalytics).toHaveBeenLastCalledWith(26));
  });

  it('speaks German to a German user', async () => {
    // GIVEN a user with a German locale
    const renderer = await renderLoaded('de-DE');
    // THEN chart data and axes are German
    const reasons = renderer.findByTestId(BarChart, 'chart-reasons');
    expect((reasons.props.data as Record<string, unknown>[])[0]).toEqual({
      reason: 'Kein Budget',
      count: 6,
    });
    expect(reasons.props.axes.x.label).toBe('Grund');
    expect(renderer.findByTestId(LineChart, 'chart-weekly').props.data).toContainEqual({
      week: '2. März',
      series: 'Übergaben',
      count: 12,
    });
    // AND the loop figures speak German too
    expect(renderer.findByTestId(Text, 're-hand-off-summary').text).toBe(
      'Median 21.5 Tage über 12 erneute Übergaben.',
    );
    expect((renderer.findByTestId(BarChart, 'chart-by-loop').props.data as Row[])[0]).toEqual({
      loop: 'Erste Übergabe',
      series: 'Gewinnquote (%)',
      rate: 22,
    });
    // AND so do the small-sample warnings
    expect(renderer.findByTestId(Text, 'small-sample-by-loop').text).toBe(
      'Kleine Stichprobe (Nach einer Rückgabe): jeweils weniger als 20 entschiedene Deals. Lesen Sie diese Quoten mit Vorsicht.',
    );
    expect(renderer.findByTestId(Text, 'small-sample-competitors').text).toBe(
      'Kleine Stichprobe (Globex, Acme): jeweils weniger als 20 entschiedene Deals. Lesen Sie diese Quoten mit Vorsicht.',
    );
  });
});

describe('chart legends and small samples', () => {
  it('gives every chart a legend and tooltips, bar charts their data labels', async () => {
    const renderer = await renderLoaded();
    const bars = renderer.findAll(BarChart);
    expect(bars.map((chart) => chart.props.testId)).toEqual([
      'chart-funnel',
      'chart-by-loop',
      'chart-re-hand-off',
      'chart-reasons',
      'chart-loops',
      'chart-competitors',
    ]);
    for (const chart of bars) {
      expect(chart.props.options).toEqual({
        showDataLabels: true,
        showLegend: true,
        showTooltips: true,
      });
    }
    const weekly = renderer.findByTestId(LineChart, 'chart-weekly');
    expect(weekly.props.options).toEqual({ showLegend: true, showTooltips: true });
    // AND the two-series chart's axis names what both series are, not one of them
    expect(renderer.findByTestId(BarChart, 'chart-by-loop').props.axes.y.label).toBe('Rate (%)');
  });

  it('names the bars that rest on fewer decided deals than the threshold', async () => {
    const renderer = await renderLoaded();
    // THEN the loop with a small sample is named (the one without hand-offs is not drawn at all)
    expect(renderer.findByTestId(Text, 'small-sample-by-loop').text).toBe(
      'Small sample (After one return): fewer than 20 decided deals behind each. Read these rates with care.',
    );
    expect(renderer.findByTestId(Text, 'small-sample-competitors').text).toBe(
      'Small sample (Globex, Acme): fewer than 20 decided deals behind each. Read these rates with care.',
    );
  });

  it('says nothing about samples when every bar has enough deals', async () => {
    mockApi.getLoopAnalytics = jest.fn((_weeks: number) =>
      answer({
        ...FILLED,
        byLoop: FILLED.byLoop.map((row) => ({ ...row, small: false })),
        winRateByCompetitor: FILLED.winRateByCompetitor.map((row) => ({ ...row, small: false })),
      }),
    );
    const renderer = await renderLoaded();
    expect(renderer.findByTestId(BarChart, 'chart-competitors')).toBeDefined();
    expect(renderer.maybeFind(Text, { testId: 'small-sample-by-loop' })).toBeNull();
    expect(renderer.maybeFind(Text, { testId: 'small-sample-competitors' })).toBeNull();
  });
});

describe('week labels', () => {
  it('starts an ISO week on its Monday, week 1 holding 4 January', () => {
    expect(isoWeekStart('2026-W10')?.toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(isoWeekStart('2026-W01')?.toISOString()).toBe('2025-12-29T00:00:00.000Z');
    expect(isoWeekStart('2021-W01')?.toISOString()).toBe('2021-01-04T00:00:00.000Z');
    expect(isoWeekStart('2020-W53')?.toISOString()).toBe('2020-12-28T00:00:00.000Z');
    expect(isoWeekStart('2026-W54')).toBeNull();
    expect(isoWeekStart('March')).toBeNull();
  });

  it("reads as a day in the user's language, an unknown key as it came", () => {
    expect(weekLabel('2026-W10', 'en')).toBe('Mar 2');
    expect(weekLabel('2026-W10', 'de')).toBe('2. März');
    expect(weekLabel('2026-W01', 'de')).toBe('29. Dez.');
    expect(weekLabel('someday', 'en')).toBe('someday');
  });
});

describe('win rate', () => {
  it('is the share of decided deals won, in whole percent, and 0 without any', () => {
    expect(winRatePercent(1, 2)).toBe(33);
    expect(winRatePercent(2, 1)).toBe(67);
    expect(winRatePercent(0, 0)).toBe(0);
  });
});
