// The tiles of the loop analytics page (LoopAnalyticsPage): one per chart, each with the HubSpot
// records behind it and a warning where the sample is small.
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/ui-components/standard-components/charts
import type { ReactNode } from 'react';
import { BarChart, Flex, Heading, LineChart, Link, Text, Tile } from '@hubspot/ui-extensions';
import { DataTable } from '../../cards/components/data-table.tsx';
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
} from '../lib/chart-data.ts';
import type { Messages } from '../messages/index.ts';

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

/** The funnel over the period, counting every loop. */
export function FunnelTile({ data, t, portalId }: TileProps) {
  const funnel = funnelRows(data, t);
  return (
    <ChartTile title={t.funnelHeading} rows={funnel} t={t}>
      <Text variant="microcopy">{t.funnelNote}</Text>
      <BarChart
        testId="chart-funnel"
        data={funnel}
        axes={{
          x: { field: 'stage', fieldType: 'category', label: t.stage },
          y: { field: 'count', fieldType: 'linear', label: t.records },
        }}
        options={BAR_OPTIONS}
      />
      <DataTable
        condensed
        testId="table-funnel"
        rows={data.funnel.map((step, index) => ({ step, label: funnel[index]?.stage }))}
        rowKey={({ step }) => step.stage}
        columns={[
          { header: t.stage, cell: ({ step, label }) => String(label ?? step.stage) },
          { header: t.count, cell: ({ step }) => step.count },
          {
            header: t.conversion,
            cell: ({ step }) => (step.conversion === null ? '–' : step.conversion),
          },
          {
            header: t.recordsBehind,
            cell: ({ step }) => (
              <RecordLinks
                links={step.records}
                portalId={portalId}
                t={t}
                testId={`funnel-${step.stage}`}
              />
            ),
          },
        ]}
      />
    </ChartTile>
  );
}

/** Hand-offs and win rate by loop number. */
export function ByLoopTile({ data, t }: TileProps) {
  const byLoop = byLoopRows(data, t);
  return (
    <ChartTile title={t.byLoopHeading} rows={byLoop} t={t}>
      <BarChart
        testId="chart-by-loop"
        data={byLoop}
        axes={{
          x: { field: 'loop', fieldType: 'category', label: t.loopNumber },
          y: { field: 'rate', fieldType: 'linear', label: t.rate },
          options: { groupFieldByColor: 'series' },
        }}
        options={BAR_OPTIONS}
      />
      <SmallSampleNote
        names={data.byLoop
          .filter((row) => row.handOffs > 0 && row.small)
          .map((row) => loopLabel(t, row.loop))}
        min={data.smallSample}
        t={t}
        testId="small-sample-by-loop"
      />
      <DataTable
        condensed
        testId="table-by-loop"
        rows={data.byLoop.filter((row) => row.handOffs > 0)}
        rowKey={(row) => row.loop}
        columns={[
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
        ]}
      />
    </ChartTile>
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
      {reHandOff.length > 0 ? (
        <BarChart
          testId="chart-re-hand-off"
          data={reHandOff}
          axes={{
            x: { field: 'bucket', fieldType: 'category', label: t.days },
            y: { field: 'count', fieldType: 'linear', label: t.handOffsCount },
          }}
          options={BAR_OPTIONS}
        />
      ) : null}
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
export function ReasonsTile({ data, t, portalId }: TileProps) {
  const reasons = reasonRows(data, t);
  return (
    <ChartTile title={t.reasonsHeading} rows={reasons} t={t}>
      <BarChart
        testId="chart-reasons"
        data={reasons}
        axes={{
          x: { field: 'reason', fieldType: 'category', label: t.reason },
          y: { field: 'count', fieldType: 'linear', label: t.returns },
        }}
        options={BAR_OPTIONS}
      />
      <DataTable
        condensed
        testId="table-reasons"
        rows={data.returnsByReason}
        rowKey={(row) => row.reason}
        columns={[
          { cell: (row) => reasonLabel(t, row.reason) },
          { cell: (row) => row.count },
          {
            cell: (row) => (
              <RecordLinks
                links={row.records}
                portalId={portalId}
                t={t}
                testId={`reason-${row.reason}`}
              />
            ),
          },
        ]}
      />
    </ChartTile>
  );
}

/** How many loops each record went through. */
export function LoopsTile({ data, t }: TileProps) {
  const loops = loopRows(data, t);
  return (
    <ChartTile title={t.loopsHeading} rows={loops} t={t}>
      <BarChart
        testId="chart-loops"
        data={loops}
        axes={{
          x: { field: 'loops', fieldType: 'category', label: t.loops },
          y: { field: 'records', fieldType: 'linear', label: t.records },
        }}
        options={BAR_OPTIONS}
      />
    </ChartTile>
  );
}

/** Win rate by competitor, returned deals apart. */
export function CompetitorsTile({ data, t, portalId }: TileProps) {
  const competitors = competitorRows(data);
  return (
    <ChartTile title={t.competitorsHeading} rows={competitors} t={t}>
      <Text variant="microcopy">{t.competitorsNote}</Text>
      <BarChart
        testId="chart-competitors"
        data={competitors.map(({ competitor, winRate }) => ({ competitor, winRate }))}
        axes={{
          x: { field: 'competitor', fieldType: 'category', label: t.competitor },
          y: { field: 'winRate', fieldType: 'linear', label: t.winRate },
        }}
        options={BAR_OPTIONS}
      />
      <SmallSampleNote
        names={competitors.filter((row) => row.small).map((row) => row.competitor)}
        min={data.smallSample}
        t={t}
        testId="small-sample-competitors"
      />
      <DataTable
        condensed
        testId="table-competitors"
        rows={competitors}
        rowKey={(row) => row.competitor}
        columns={[
          { header: t.competitor, cell: (row) => row.competitor },
          { header: t.won, cell: (row) => row.won },
          { header: t.lost, cell: (row) => row.lost },
          { header: t.returned, cell: (row) => row.returned },
          { header: t.winRate, cell: (row) => row.winRate },
          { header: t.small, cell: (row) => (row.small ? t.smallSampleShort : '–') },
          {
            header: t.recordsBehind,
            cell: (row) => (
              <RecordLinks
                links={row.records}
                portalId={portalId}
                t={t}
                testId={`competitor-${row.competitor}`}
              />
            ),
          },
        ]}
      />
    </ChartTile>
  );
}
