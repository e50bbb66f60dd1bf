// The "Lead ↔ opportunity loop" page: funnel, weekly hand-offs and returns, returns by reason,
// loops per record and win rate by competitor, drawn with HubSpot's chart components.
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/ui-components/standard-components/charts
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import {
  BarChart,
  Button,
  EmptyState,
  ErrorState,
  Flex,
  Heading,
  LineChart,
  LoadingSpinner,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import { useCardApi } from '../../cards/lib/api.ts';
import { format, useLanguage } from '../../settings/lib/i18n.ts';
import type { ApiError, LoopAnalytics } from '../../settings/lib/types.ts';
import {
  competitorRows,
  funnelRows,
  isEmptyAnalytics,
  loopRows,
  reasonRows,
  weeklyRows,
  type Row,
} from '../lib/chart-data.ts';
import { messagesFor, type Messages } from '../messages/index.ts';

/** The periods the page offers, in weeks. */
export const PERIODS = [4, 12, 26, 52] as const;
/** The period shown first, in weeks. */
export const DEFAULT_WEEKS = 12;

type Load =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; data: LoopAnalytics };

function ChartTile(props: { title: string; rows: Row[]; t: Messages; children: ReactNode }) {
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

/** The page body; reads the backend through the shared api module. */
export function LoopAnalyticsPage() {
  const api = useCardApi();
  const language = useLanguage();
  const t = messagesFor(language);
  const [weeks, setWeeks] = useState<number>(DEFAULT_WEEKS);
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  // Only the latest request may apply its answer: switching the period mid-load shows the new one.
  const latestRequest = useRef(0);
  const fetchAnalytics = useCallback(async () => {
    latestRequest.current += 1;
    const request = latestRequest.current;
    setLoad({ status: 'loading' });
    const result = await api.getLoopAnalytics(weeks);
    if (request !== latestRequest.current) return;
    setLoad(
      result.ok ? { status: 'ready', data: result.data } : { status: 'error', error: result.error },
    );
  }, [api, weeks]);

  useEffect(() => {
    void fetchAnalytics();
  }, [fetchAnalytics]);

  const header = (
    <Flex direction="column" gap="small">
      <Heading>{t.title}</Heading>
      <Text>{t.description}</Text>
      <Select
        name="weeks"
        testId="period"
        label={t.period}
        value={weeks}
        options={PERIODS.map((n) => ({ value: n, label: format(t.periodWeeks, { weeks: n }) }))}
        onChange={(value) => setWeeks(Number(value))}
      />
    </Flex>
  );

  if (load.status === 'loading') {
    return (
      <Flex direction="column" gap="medium">
        {header}
        <LoadingSpinner label={t.loading} showLabel layout="centered" testId="loop-loading" />
      </Flex>
    );
  }
  if (load.status === 'error') {
    return (
      <Flex direction="column" gap="medium">
        {header}
        <ErrorState title={t.errorTitle} testId="loop-error">
          <Text>{load.error.message[language]}</Text>
          <Button onClick={() => void fetchAnalytics()} testId="loop-retry">
            {t.retry}
          </Button>
        </ErrorState>
      </Flex>
    );
  }
  if (isEmptyAnalytics(load.data)) {
    return (
      <Flex direction="column" gap="medium">
        {header}
        <EmptyState title={t.emptyTitle} imageName="emptyStateCharts" testId="loop-empty">
          <Text>{t.emptyBody}</Text>
        </EmptyState>
      </Flex>
    );
  }

  const { data } = load;
  const funnel = funnelRows(data, t);
  const weekly = weeklyRows(data, t);
  const reasons = reasonRows(data, t);
  const loops = loopRows(data, t);
  const competitors = competitorRows(data);
  return (
    <Flex direction="column" gap="medium">
      {header}
      <ChartTile title={t.funnelHeading} rows={funnel} t={t}>
        <BarChart
          testId="chart-funnel"
          data={funnel}
          axes={{
            x: { field: 'stage', fieldType: 'category', label: t.stage },
            y: { field: 'count', fieldType: 'linear', label: t.records },
          }}
          options={{ showDataLabels: true, showTooltips: true }}
        />
      </ChartTile>
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
      <ChartTile title={t.reasonsHeading} rows={reasons} t={t}>
        <BarChart
          testId="chart-reasons"
          data={reasons}
          axes={{
            x: { field: 'reason', fieldType: 'category', label: t.reason },
            y: { field: 'count', fieldType: 'linear', label: t.returns },
          }}
          options={{ showDataLabels: true }}
        />
      </ChartTile>
      <ChartTile title={t.loopsHeading} rows={loops} t={t}>
        <BarChart
          testId="chart-loops"
          data={loops}
          axes={{
            x: { field: 'loops', fieldType: 'category', label: t.loops },
            y: { field: 'records', fieldType: 'linear', label: t.records },
          }}
          options={{ showDataLabels: true }}
        />
      </ChartTile>
      <ChartTile title={t.competitorsHeading} rows={competitors} t={t}>
        <BarChart
          testId="chart-competitors"
          data={competitors.map(({ competitor, winRate }) => ({ competitor, winRate }))}
          axes={{
            x: { field: 'competitor', fieldType: 'category', label: t.competitor },
            y: { field: 'winRate', fieldType: 'linear', label: t.winRate },
          }}
          options={{ showDataLabels: true }}
        />
        <Table bordered density="condensed" testId="table-competitors">
          <TableHead>
            <TableRow>
              <TableHeader>{t.competitor}</TableHeader>
              <TableHeader>{t.won}</TableHeader>
              <TableHeader>{t.lost}</TableHeader>
              <TableHeader>{t.winRate}</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {competitors.map((row) => (
              <TableRow key={String(row.competitor)}>
                <TableCell>{row.competitor}</TableCell>
                <TableCell>{row.won}</TableCell>
                <TableCell>{row.lost}</TableCell>
                <TableCell>{row.winRate}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ChartTile>
    </Flex>
  );
}
