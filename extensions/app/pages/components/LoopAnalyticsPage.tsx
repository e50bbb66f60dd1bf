// The "Lead ↔ opportunity loop" page: a funnel over the period counting every loop, hand-offs by
// loop number, time from return to re-hand-off, returned leads won later, weekly hand-offs and
// returns, returns by reason, loops per record and win rate by competitor (returned deals apart),
// each with the HubSpot records behind it and a warning where the sample is small; drawn with
// HubSpot's chart components.
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
  Link,
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
  useExtensionContext,
} from '@hubspot/ui-extensions';
import { useCardApi } from '../../cards/lib/api.ts';
import { format, useLanguage } from '../../settings/lib/i18n.ts';
import type { ApiError, LoopAnalytics, RecordLink } from '../../settings/lib/types.ts';
import {
  byLoopRows,
  competitorRows,
  funnelRows,
  isEmptyAnalytics,
  loopRows,
  reasonLabel,
  reasonRows,
  recordUrl,
  reHandOffRows,
  weeklyRows,
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

/** The page body; reads the backend through the shared api module. */
export function LoopAnalyticsPage() {
  const api = useCardApi();
  const portalId = useExtensionContext<'pages'>().portal.id;
  const language = useLanguage();
  const t = messagesFor(language);
  const [weeks, setWeeks] = useState<number>(DEFAULT_WEEKS);
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  // Only the latest request may apply its answer: switching the period mid-load shows the new one.
  const latestRequest = useRef(0);
  const fetchAnalytics = useCallback(async () => {
    latestRequest.current += 1;
    const request = latestRequest.current;
    const result = await api.getLoopAnalytics(weeks);
    if (request !== latestRequest.current) return;
    setLoad(
      result.ok ? { status: 'ready', data: result.data } : { status: 'error', error: result.error },
    );
  }, [api, weeks]);

  // The effect only starts the request; a retry shows the spinner first.
  useEffect(() => {
    void fetchAnalytics();
  }, [fetchAnalytics]);
  const retry = () => {
    setLoad({ status: 'loading' });
    void fetchAnalytics();
  };

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
          <Button onClick={retry} testId="loop-retry">
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
  const byLoop = byLoopRows(data, t);
  const reHandOff = reHandOffRows(data, t);
  const reasons = reasonRows(data, t);
  const loops = loopRows(data, t);
  const competitors = competitorRows(data);
  const wonLater = data.returnedLaterWon;
  return (
    <Flex direction="column" gap="medium">
      {header}
      <ChartTile title={t.funnelHeading} rows={funnel} t={t}>
        <Text variant="microcopy">{t.funnelNote}</Text>
        <BarChart
          testId="chart-funnel"
          data={funnel}
          axes={{
            x: { field: 'stage', fieldType: 'category', label: t.stage },
            y: { field: 'count', fieldType: 'linear', label: t.records },
          }}
          options={{ showDataLabels: true, showTooltips: true }}
        />
        <Table bordered density="condensed" testId="table-funnel">
          <TableHead>
            <TableRow>
              <TableHeader>{t.stage}</TableHeader>
              <TableHeader>{t.count}</TableHeader>
              <TableHeader>{t.conversion}</TableHeader>
              <TableHeader>{t.recordsBehind}</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.funnel.map((step, index) => (
              <TableRow key={step.stage}>
                <TableCell>{String(funnel[index]?.stage ?? step.stage)}</TableCell>
                <TableCell>{step.count}</TableCell>
                <TableCell>{step.conversion === null ? '–' : step.conversion}</TableCell>
                <TableCell>
                  <RecordLinks
                    links={step.records}
                    portalId={portalId}
                    t={t}
                    testId={`funnel-${step.stage}`}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ChartTile>
      <ChartTile title={t.byLoopHeading} rows={byLoop} t={t}>
        <BarChart
          testId="chart-by-loop"
          data={byLoop}
          axes={{
            x: { field: 'loop', fieldType: 'category', label: t.loopNumber },
            y: { field: 'rate', fieldType: 'linear', label: t.winRate },
            options: { groupFieldByColor: 'series' },
          }}
          options={{ showDataLabels: true, showLegend: true }}
        />
        <Table bordered density="condensed" testId="table-by-loop">
          <TableHead>
            <TableRow>
              <TableHeader>{t.loopNumber}</TableHeader>
              <TableHeader>{t.handOffsCount}</TableHeader>
              <TableHeader>{t.won}</TableHeader>
              <TableHeader>{t.lost}</TableHeader>
              <TableHeader>{t.returned}</TableHeader>
              <TableHeader>{t.open}</TableHeader>
              <TableHeader>{t.winRate}</TableHeader>
              <TableHeader>{t.small}</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {data.byLoop
              .filter((row) => row.handOffs > 0)
              .map((row) => (
                <TableRow key={row.loop}>
                  <TableCell>{t[`loopNumber_${row.loop}` as keyof Messages] ?? row.loop}</TableCell>
                  <TableCell>{row.handOffs}</TableCell>
                  <TableCell>{row.won}</TableCell>
                  <TableCell>{row.lost}</TableCell>
                  <TableCell>{row.returned}</TableCell>
                  <TableCell>{row.open}</TableCell>
                  <TableCell>{row.winRate}</TableCell>
                  <TableCell>
                    {row.small
                      ? format(t.smallSample, { count: row.won + row.lost + row.returned })
                      : '–'}
                  </TableCell>
                </TableRow>
              ))}
          </TableBody>
        </Table>
      </ChartTile>
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
            options={{ showDataLabels: true }}
          />
        ) : null}
      </ChartTile>
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
        <Table bordered density="condensed" testId="table-reasons">
          <TableBody>
            {data.returnsByReason.map((row) => (
              <TableRow key={row.reason}>
                <TableCell>{reasonLabel(t, row.reason)}</TableCell>
                <TableCell>{row.count}</TableCell>
                <TableCell>
                  <RecordLinks
                    links={row.records}
                    portalId={portalId}
                    t={t}
                    testId={`reason-${row.reason}`}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
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
        <Text variant="microcopy">{t.competitorsNote}</Text>
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
              <TableHeader>{t.returned}</TableHeader>
              <TableHeader>{t.winRate}</TableHeader>
              <TableHeader>{t.small}</TableHeader>
              <TableHeader>{t.recordsBehind}</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {competitors.map((row) => (
              <TableRow key={row.competitor}>
                <TableCell>{row.competitor}</TableCell>
                <TableCell>{row.won}</TableCell>
                <TableCell>{row.lost}</TableCell>
                <TableCell>{row.returned}</TableCell>
                <TableCell>{row.winRate}</TableCell>
                <TableCell>{row.small ? t.smallSampleShort : '–'}</TableCell>
                <TableCell>
                  <RecordLinks
                    links={row.records}
                    portalId={portalId}
                    t={t}
                    testId={`competitor-${row.competitor}`}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ChartTile>
    </Flex>
  );
}
