// The tiles of the loop analytics page (LoopAnalyticsPage): one per chart, each with the HubSpot
// records behind it and a warning where the sample is small.
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/ui-components/standard-components/charts
import type { ReactNode } from 'react';
import { BarChart, Flex, Heading, LineChart, Link, Text, Tile } from '@hubspot/ui-extensions';
import { DataTable, type DataColumn } from '../../cards/components/data-table.tsx';
import { format } from '../../settings/lib/i18n.ts';
import type { Language, LoopAnalytics, RecordLink } from '../../settings/lib/types.ts';
import {
  byLoopRows,
  competitorRows,
  loopLabel,
  funnelRows,
  loopRows,
  reasonLabel,
  reasonRows,
  recordUrl,
  reHandOffRows,
  weeklyRows,
  type Row,
} from '../lib/chart-data.ts';
import type { MessageKey, Messages } from '../messages/index.ts';

/** What every tile reads: the analytics, the messages and the portal the record links open in. */
export interface TileProps {
  data: LoopAnalytics;
  t: Messages;
  language: Language;
  portalId: number;
}

/**
 * Every bar chart labels its bars, names its series in a legend (the y axis's label where there is
 * one series) and explains a bar on hover. https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/ui-components/standard-components/charts/overview#chart-options
 */
const BAR_OPTIONS = { showDataLabels: true, showLegend: true, showTooltips: true } as const;

/** A bar chart's axis: the rows' field and the message that labels it. */
type Axis = readonly [field: string, label: MessageKey];

/**
 * The page's bar charts by the part of their test ids (`chart-…`, and the tile's `table-…` and
 * `small-sample-…`): categories along x, counts or rates up y; `bySeries` colours the rows'
 * `series` apart.
 */
const BAR_CHARTS = {
  funnel: { x: ['stage', 'stage'], y: ['count', 'records'] },
  'by-loop': { x: ['loop', 'loopNumber'], y: ['rate', 'rate'], bySeries: true },
  're-hand-off': { x: ['bucket', 'days'], y: ['count', 'handOffsCount'] },
  reasons: { x: ['reason', 'reason'], y: ['count', 'returns'] },
  loops: { x: ['loops', 'loops'], y: ['records', 'records'] },
  competitors: { x: ['competitor', 'competitor'], y: ['winRate', 'winRate'] },
} as const satisfies Record<string, { x: Axis; y: Axis; bySeries?: boolean }>;

type BarChartId = keyof typeof BAR_CHARTS;

/** One of the page's bar charts over its rows. */
function Bars({ chart, data, t }: { chart: BarChartId; data: Row[]; t: Messages }) {
  const spec: { x: Axis; y: Axis; bySeries?: boolean } = BAR_CHARTS[chart];
  const [xField, xLabel] = spec.x;
  const [yField, yLabel] = spec.y;
  return (
    <BarChart
      testId={`chart-${chart}`}
      data={data}
      axes={{
        x: { field: xField, fieldType: 'category', label: t[xLabel] },
        y: { field: yField, fieldType: 'linear', label: t[yLabel] },
        ...(spec.bySeries ? { options: { groupFieldByColor: 'series' } } : {}),
      }}
      options={BAR_OPTIONS}
    />
  );
}

/**
 * The warning under a chart whose bars rest on small samples, naming those bars; nothing when
 * every bar has enough decided deals (the backend's `smallSample` threshold).
 */
function SmallSampleNote(props: { names: string[]; min: number; t: Messages; testId: string }) {
  if (props.names.length === 0) return null;
  return (
    <Text variant="microcopy" testId={props.testId}>
      {format(props.t.smallSampleBars, {
        names: props.names.join(', '),
        min: props.min,
      })}
    </Text>
  );
}

function ChartTile(props: {
  title: string;
  rows: readonly unknown[];
  t: Messages;
  children: ReactNode;
}) {
  return (
    <Tile>
      <Flex direction="column" gap="small">
        <Heading>{props.title}</Heading>
        {props.rows.length === 0 ? (
          <Text variant="microcopy">{props.t.noData}</Text>
        ) : (
          props.children
        )}
      </Flex>
    </Tile>
  );
}

/** The table under a bar chart: the rows behind its bars (every table of the page is condensed). */
interface BarTable<Row> {
  rows: readonly Row[];
  rowKey: (row: Row) => string | number;
  columns: readonly DataColumn<Row>[];
}

/**
 * A tile drawn around one bar chart: its note, the chart, the warning naming the bars that rest on
 * small samples (`smallSample`: those bars' names) and the table of the rows behind the bars.
 */
function BarTile<TableRow>(props: {
  chart: BarChartId;
  title: string;
  data: Row[];
  tile: TileProps;
  note?: string;
  smallSample?: string[];
  table?: BarTable<TableRow>;
}) {
  const { t } = props.tile;
  return (
    <ChartTile title={props.title} rows={props.data} t={t}>
      {props.note === undefined ? null : <Text variant="microcopy">{props.note}</Text>}
      <Bars chart={props.chart} data={props.data} t={t} />
      {props.smallSample === undefined ? null : (
        <SmallSampleNote
          names={props.smallSample}
          min={props.tile.data.smallSample}
          t={t}
          testId={`small-sample-${props.chart}`}
        />
      )}
      {props.table === undefined ? null : (
        <DataTable condensed testId={`table-${props.chart}`} {...props.table} />
      )}
    </ChartTile>
  );
}

/** How many record links a table cell shows before "+N more". */
const LINKS_SHOWN = 3;

/** The HubSpot records behind a bar: the first few as links, then how many more. */
function RecordLinks(props: {
  links: RecordLink[];
  portalId: number;
  t: Messages;
  testId: string;
}) {
  const shown = props.links.slice(0, LINKS_SHOWN);
  const more = props.links.length - shown.length;
  return (
    <Flex gap="extra-small" wrap="wrap">
      {shown.map((link) => (
        <Link
          key={`${link.objectTypeId}-${link.id}`}
          href={{ url: recordUrl(props.portalId, link), external: true }}
          testId={`${props.testId}-${link.id}`}
        >
          {`#${link.id}`}
        </Link>
      ))}
      {more > 0 ? <Text inline>{format(props.t.moreRecords, { count: more })}</Text> : null}
    </Flex>
  );
}

/** A table cell of the records behind a row's bar, as links (`testId` names the row's links). */
function recordsCell({ portalId, t }: TileProps, links: RecordLink[], testId: string) {
  return <RecordLinks links={links} portalId={portalId} t={t} testId={testId} />;
}

/** The funnel over the period, counting every loop. */
export function FunnelTile(tile: TileProps) {
  const { data, t } = tile;
  const funnel = funnelRows(data, t);
  return (
    <BarTile
      chart="funnel"
      title={t.funnelHeading}
      data={funnel}
      tile={tile}
      note={t.funnelNote}
      table={{
        rows: data.funnel.map((step, index) => ({ step, label: funnel[index]?.stage })),
        rowKey: ({ step }) => step.stage,
        columns: [
          { header: t.stage, cell: ({ step, label }) => String(label ?? step.stage) },
          { header: t.count, cell: ({ step }) => step.count },
          {
            header: t.conversion,
            cell: ({ step }) => (step.conversion === null ? '–' : step.conversion),
          },
          {
            header: t.recordsBehind,
            cell: ({ step }) => recordsCell(tile, step.records, `funnel-${step.stage}`),
          },
        ],
      }}
    />
  );
}

/** Hand-offs and win rate by loop number. */
export function ByLoopTile(tile: TileProps) {
  const { data, t } = tile;
  return (
    <BarTile
      chart="by-loop"
      title={t.byLoopHeading}
      data={byLoopRows(data, t)}
      tile={tile}
      smallSample={data.byLoop
        .filter((row) => row.handOffs > 0 && row.small)
        .map((row) => loopLabel(t, row.loop))}
      table={{
        rows: data.byLoop.filter((row) => row.handOffs > 0),
        rowKey: (row) => row.loop,
        columns: [
          { header: t.loopNumber, cell: (row) => loopLabel(t, row.loop) },
          { header: t.handOffsCount, cell: (row) => row.handOffs },
          { header: t.won, cell: (row) => row.won },
          { header: t.lost, cell: (row) => row.lost },
          { header: t.returned, cell: (row) => row.returned },
          { header: t.open, cell: (row) => row.open },
          { header: t.winRate, cell: (row) => row.winRate },
          {
            header: t.small,
            cell: (row) =>
              row.small ? format(t.smallSample, { count: row.won + row.lost + row.returned }) : '–',
          },
        ],
      }}
    />
  );
}

/** Time from a return to the next hand-off. */
export function ReHandOffTile({ data, t }: TileProps) {
  const reHandOff = reHandOffRows(data, t);
  return (
    <ChartTile title={t.reHandOffHeading} rows={[{ count: 1 }]} t={t}>
      <Text testId="re-hand-off-summary">
        {data.reHandOff.count === 0
          ? t.reHandOffNone
          : format(t.reHandOffSummary, {
              days: data.reHandOff.medianDays ?? 0,
              count: data.reHandOff.count,
            })}
      </Text>
      {data.reHandOff.small && data.reHandOff.count > 0 ? (
        <Text variant="microcopy">{format(t.smallSample, { count: data.reHandOff.count })}</Text>
      ) : null}
      {reHandOff.length > 0 ? <Bars chart="re-hand-off" data={reHandOff} t={t} /> : null}
    </ChartTile>
  );
}

/** Returned leads that were won later. */
export function WonLaterTile({ data, t, portalId }: TileProps) {
  const wonLater = data.returnedLaterWon;
  return (
    <ChartTile title={t.wonLaterHeading} rows={[{ count: 1 }]} t={t}>
      <Text testId="won-later-summary">
        {format(t.wonLaterSummary, {
          won: wonLater.wonLater,
          returned: wonLater.returnedContacts,
          percent: wonLater.percent,
        })}
      </Text>
      {wonLater.small ? (
        <Text variant="microcopy">
          {format(t.smallSample, { count: wonLater.returnedContacts })}
        </Text>
      ) : null}
      <RecordLinks links={wonLater.records} portalId={portalId} t={t} testId="won-later" />
    </ChartTile>
  );
}

/** Hand-offs and returns per week. */
export function WeeklyTile({ data, t, language }: TileProps) {
  const weekly = weeklyRows(data, t, language);
  return (
    <ChartTile title={t.weeklyHeading} rows={weekly} t={t}>
      <LineChart
        testId="chart-weekly"
        data={weekly}
        axes={{
          x: { field: 'week', fieldType: 'category', label: t.week },
          y: { field: 'count', fieldType: 'linear', label: t.count },
          options: {
            groupFieldByColor: 'series',
            colors: { [t.handoffs]: 'blue', [t.returns]: 'orange' },
          },
        }}
        options={{ showLegend: true, showTooltips: true }}
      />
    </ChartTile>
  );
}

/** Returns by reason. */
export function ReasonsTile(tile: TileProps) {
  const { data, t } = tile;
  return (
    <BarTile
      chart="reasons"
      title={t.reasonsHeading}
      data={reasonRows(data, t)}
      tile={tile}
      table={{
        rows: data.returnsByReason,
        rowKey: (row) => row.reason,
        columns: [
          { cell: (row) => reasonLabel(t, row.reason) },
          { cell: (row) => row.count },
          { cell: (row) => recordsCell(tile, row.records, `reason-${row.reason}`) },
        ],
      }}
    />
  );
}

/** How many loops each record went through. */
export function LoopsTile(tile: TileProps) {
  return (
    <BarTile
      chart="loops"
      title={tile.t.loopsHeading}
      data={loopRows(tile.data, tile.t)}
      tile={tile}
    />
  );
}

/** Win rate by competitor, returned deals apart. */
export function CompetitorsTile(tile: TileProps) {
  const { data, t } = tile;
  const competitors = competitorRows(data);
  return (
    <BarTile
      chart="competitors"
      title={t.competitorsHeading}
      data={competitors.map(({ competitor, winRate }) => ({ competitor, winRate }))}
      tile={tile}
      note={t.competitorsNote}
      smallSample={competitors.filter((row) => row.small).map((row) => row.competitor)}
      table={{
        rows: competitors,
        rowKey: (row) => row.competitor,
        columns: [
          { header: t.competitor, cell: (row) => row.competitor },
          { header: t.won, cell: (row) => row.won },
          { header: t.lost, cell: (row) => row.lost },
          { header: t.returned, cell: (row) => row.returned },
          { header: t.winRate, cell: (row) => row.winRate },
          { header: t.small, cell: (row) => (row.small ? t.smallSampleShort : '–') },
          {
            header: t.recordsBehind,
            cell: (row) => recordsCell(tile, row.records, `competitor-${row.competitor}`),
          },
        ],
      }}
    />
  );
}
