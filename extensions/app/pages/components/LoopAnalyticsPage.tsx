// The "Lead ↔ opportunity loop" page: a funnel over the period counting every loop, hand-offs by
// loop number, time from return to re-hand-off, returned leads won later, weekly hand-offs and
// returns, returns by reason, loops per record and win rate by competitor (returned deals apart),
// each with the HubSpot records behind it and a warning where the sample is small; drawn with
// HubSpot's chart components.
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/ui-components/standard-components/charts
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Button,
  EmptyState,
  ErrorState,
  Flex,
  Heading,
  LoadingSpinner,
  Select,
  Text,
  useExtensionContext,
} from '@hubspot/ui-extensions';
import { useCardApi } from '../../cards/lib/api.ts';
import { format, useLanguage } from '../../settings/lib/i18n.ts';
import type { ApiError, LoopAnalytics } from '../../settings/lib/types.ts';
import { isEmptyAnalytics } from '../lib/chart-data.ts';
import { messagesFor } from '../messages/index.ts';
import {
  ByLoopTile,
  CompetitorsTile,
  FunnelTile,
  LoopsTile,
  ReasonsTile,
  ReHandOffTile,
  WeeklyTile,
  WonLaterTile,
} from './LoopTiles.tsx';

/** The periods the page offers, in weeks. */
export const PERIODS = [4, 12, 26, 52] as const;
/** The period shown first, in weeks. */
export const DEFAULT_WEEKS = 12;

type Load =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; data: LoopAnalytics };

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

  const tile = { data: load.data, t, language, portalId };
  return (
    <Flex direction="column" gap="medium">
      {header}
      <FunnelTile {...tile} />
      <ByLoopTile {...tile} />
      <ReHandOffTile {...tile} />
      <WonLaterTile {...tile} />
      <WeeklyTile {...tile} />
      <ReasonsTile {...tile} />
      <LoopsTile {...tile} />
      <CompetitorsTile {...tile} />
    </Flex>
  );
}
