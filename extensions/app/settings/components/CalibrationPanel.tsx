// The Calibration tab: what the loop history says about the scoring model (charts and counts), the
// proposed model as a diff, its backtest on held-out hand-offs, Apply (a new settings version) and
// Restore (the model the last calibration or restore replaced).
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/ui-components/standard-components/charts
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Alert,
  BarChart,
  Button,
  ErrorState,
  Flex,
  Heading,
  LoadingButton,
  LoadingSpinner,
  Statistics,
  StatisticsItem,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import type { ChartDataRow } from '@hubspot/ui-extensions';
import { DataTable } from '../../cards/components/data-table.tsx';
import type { CardApi } from '../../cards/lib/api.ts';
import { formatIn } from '../lib/i18n.ts';
import type { ApiError, CalibrationView, Language } from '../lib/types.ts';
import type { Messages } from '../messages/index.ts';

/** Props of CalibrationPanel. */
export interface CalibrationPanelProps {
  api: CardApi;
  t: Messages;
  language: Language;
  /**
   * The tab is shown. The calibration reads every contact's loop history, so it is computed only
   * once the admin opens the tab, not with every settings load.
   */
  active: boolean;
  /** The settings page has unsaved edits: Apply and Restore wait until they are saved. */
  dirty: boolean;
  /** Called with the new settings version after Apply or Restore, so the page reloads. */
  onChanged: (version: number, kind: 'applied' | 'restored') => void;
}

type Load =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; view: CalibrationView };

const pct = (part: number, whole: number): number =>
  whole === 0 ? 0 : Math.round((part / whole) * 100);

const signed = (points: number): string => (points > 0 ? `+${points}` : String(points));

/** What every tile of the tab reads. */
interface TileProps {
  t: Messages;
  language: Language;
  view: CalibrationView;
}

/** A tile that writes: Apply or Restore. */
interface WriteTileProps extends TileProps {
  busy: boolean;
  dirty: boolean;
  onWrite: () => void;
}

/** The whole tab. */
export function CalibrationPanel({
  api,
  t,
  language,
  active,
  dirty,
  onChanged,
}: CalibrationPanelProps) {
  const [load, setLoad] = useState<Load>({ status: 'idle' });
  const [busy, setBusy] = useState(false);
  const [writeError, setWriteError] = useState<ApiError | null>(null);
  const say = formatIn(language);
  const latest = useRef(0);
  const fetchCalibration = useCallback(async () => {
    latest.current += 1;
    const request = latest.current;
    const result = await api.getCalibration();
    if (request !== latest.current) return;
    setLoad(
      result.ok ? { status: 'ready', view: result.data } : { status: 'error', error: result.error },
    );
  }, [api]);

  const idle = load.status === 'idle';
  // Opening the tab starts the request; until it answers the tab reads as loading.
  useEffect(() => {
    if (active && idle) void fetchCalibration();
  }, [active, idle, fetchCalibration]);
  const recompute = async () => {
    setLoad({ status: 'loading' });
    await fetchCalibration();
  };

  if (load.status === 'idle' && !active) return null;
  if (load.status === 'loading' || load.status === 'idle') {
    return <LoadingSpinner label={t.calibrationLoading} showLabel testId="calibration-loading" />;
  }
  if (load.status === 'error') {
    return (
      <ErrorState title={t.calibrationErrorTitle} testId="calibration-error">
        <Text>{load.error.message[language]}</Text>
        <Button onClick={() => void recompute()} testId="calibration-retry">
          {t.retry}
        </Button>
      </ErrorState>
    );
  }

  const { view } = load;
  const { calibration } = view;
  const { proposal } = calibration;
  const tile = { t, language, view, busy, dirty };
  const write = async (kind: 'applied' | 'restored') => {
    setBusy(true);
    setWriteError(null);
    const result =
      kind === 'applied'
        ? await api.applyCalibration(view.version, {
            rules: proposal.rules.map(({ ruleId, to }) => ({ ruleId, to })),
            thresholds: proposal.thresholds.map(({ threshold, to }) => ({ threshold, to })),
          })
        : await api.restoreScoring(view.version);
    setBusy(false);
    if (!result.ok) {
      setWriteError(result.error);
      return;
    }
    onChanged(result.data.version, kind);
    await recompute();
  };

  return (
    <Flex direction="column" gap="medium">
      <Flex justify="between" align="center">
        <Heading>{t.calibrationHeading}</Heading>
        <Button size="sm" onClick={() => void recompute()} testId="calibration-recompute">
          {t.calibrationRecompute}
        </Button>
      </Flex>
      <Text variant="microcopy">{t.calibrationDescription}</Text>
      <Alert
        title={t.calibrationHeading}
        variant={calibration.enough ? 'info' : 'warning'}
        testId="calibration-summary"
      >
        {calibration.summary[language]}
      </Alert>
      <Text variant="microcopy" testId="calibration-counts">
        {say(t.calibrationCounts, {
          decided: calibration.decided,
          handOffs: calibration.handOffs,
          withRules: calibration.withRulePoints,
        })}
      </Text>
      {writeError === null ? null : (
        <Alert
          title={writeError.code === 'conflict' ? t.calibrationConflictTitle : t.saveErrorTitle}
          variant="error"
          testId="calibration-write-error"
        >
          {writeError.message[language]}
        </Alert>
      )}

      <ProposalTile {...tile} onWrite={() => void write('applied')} />
      <BacktestTile t={t} language={language} view={view} />
      <FindingsTile t={t} language={language} view={view} />
      <RestoreTile {...tile} onWrite={() => void write('restored')} />
    </Flex>
  );
}

/** The proposed model as a diff against the current one, and Apply. */
function ProposalTile({ t, language, view, busy, dirty, onWrite }: WriteTileProps) {
  const { proposal } = view.calibration;
  const changes = proposal.rules.length + proposal.thresholds.length;
  return (
    <Tile>
      <Flex direction="column" gap="small">
        <Heading>{t.proposalHeading}</Heading>
        {changes === 0 ? (
          <Text testId="proposal-empty">{t.proposalEmpty}</Text>
        ) : (
          <DataTable
            condensed
            testId="proposal-diff"
            rows={[
              ...proposal.rules.map((change) => ({
                key: change.ruleId,
                label: change.label[language],
                change,
              })),
              ...proposal.thresholds.map((change) => ({
                key: change.threshold,
                label: t.sqlThreshold,
                change,
              })),
            ]}
            rowKey={(row) => row.key}
            columns={[
              { header: t.ruleColumn, cell: (row) => row.label },
              { header: t.currentColumn, cell: (row) => row.change.from },
              { header: t.proposedColumn, cell: (row) => row.change.to },
              { header: t.changeColumn, cell: (row) => signed(row.change.to - row.change.from) },
              { header: t.whyColumn, cell: (row) => row.change.reason[language] },
            ]}
          />
        )}
        <Flex gap="small" align="center">
          <LoadingButton
            variant="primary"
            loading={busy}
            disabled={changes === 0 || dirty}
            onClick={onWrite}
            testId="calibration-apply"
          >
            {t.applyCalibration}
          </LoadingButton>
          {dirty ? <Text variant="microcopy">{t.applyUnsaved}</Text> : null}
        </Flex>
      </Flex>
    </Tile>
  );
}

/** The backtest's figures, each shown for the current model and then the proposed one. */
const BACKTEST_FIGURES = [
  { figure: 'returns', label: 'backtestReturns' },
  { figure: 'wins', label: 'backtestWins' },
] as const;
const BACKTEST_MODELS = [
  { model: 'current', label: 'backtestCurrent' },
  { model: 'proposed', label: 'backtestProposed' },
] as const;

/** The proposal's backtest on held-out hand-offs. */
function BacktestTile({ t, language, view }: TileProps) {
  const { calibration } = view;
  const { backtest } = calibration;
  const say = formatIn(language);
  return (
    <Tile>
      <Flex direction="column" gap="small">
        <Heading>{t.backtestHeading}</Heading>
        <Text testId="backtest-summary">{backtest.summary[language]}</Text>
        {backtest.heldOutFrom === undefined ? null : (
          <Text variant="microcopy" testId="backtest-method">
            {say(t.backtestMethod, {
              share: Math.round(calibration.limits.holdOutShare * 100),
              heldOut: backtest.heldOut,
              from: backtest.heldOutFrom.slice(0, 10),
              trained: backtest.trained,
            })}
          </Text>
        )}
        {backtest.enough ? (
          <Statistics testId="backtest-statistics">
            {BACKTEST_FIGURES.flatMap((figure) =>
              BACKTEST_MODELS.map((model) => (
                <StatisticsItem
                  key={`${figure.figure}-${model.model}`}
                  label={`${t[figure.label]} — ${t[model.label]}`}
                  number={backtest[model.model][figure.figure]}
                />
              )),
            )}
          </Statistics>
        ) : null}
      </Flex>
    </Tile>
  );
}

/** The two return-share charts: the rows' field the bars stand for, its label and the title. */
const SHARE_CHARTS = {
  bands: { field: 'band', label: 'scoreBand', title: 'bandsChartTitle' },
  grades: { field: 'grade', label: 'grade', title: 'gradesChartTitle' },
} as const;

/**
 * A bar per score band or grade: the share of its decided hand-offs that were returned (nothing
 * while there is no row).
 */
function ReturnShareChart(props: {
  chart: keyof typeof SHARE_CHARTS;
  rows: ChartDataRow[];
  t: Messages;
}) {
  const { t } = props;
  const chart = SHARE_CHARTS[props.chart];
  if (props.rows.length === 0) return null;
  return (
    <BarChart
      testId={`chart-calibration-${props.chart}`}
      data={props.rows}
      axes={{
        x: { field: chart.field, fieldType: 'category', label: t[chart.label] },
        y: { field: 'share', fieldType: 'linear', label: t.seriesReturned },
      }}
      options={{ showDataLabels: true, title: t[chart.title] }}
    />
  );
}

/** What the loop history says: return shares by score band and grade, rules and reasons. */
function FindingsTile({ t, language, view }: TileProps) {
  const { evidence } = view.calibration;
  const say = formatIn(language);
  const bandRows = evidence.bands.map((band) => ({
    band: `${band.from}–${band.to}`,
    share: pct(band.tally.returned, band.tally.decided),
  }));
  const gradeRows = evidence.grades.map((grade) => ({
    grade: grade.grade,
    share: pct(grade.tally.returned, grade.tally.decided),
  }));
  const rules = [...evidence.rules]
    .filter((rule) => rule.matched.decided > 0)
    .sort((a, b) => Number(b.enough) - Number(a.enough) || Math.abs(b.z) - Math.abs(a.z));
  const unpredicted = evidence.reasons.filter((reason) => reason.unpredicted);
  return (
    <Tile>
      <Flex direction="column" gap="small">
        <Heading>{t.findingsHeading}</Heading>
        <ReturnShareChart chart="bands" rows={bandRows} t={t} />
        {evidence.thresholds.map((threshold) => (
          <Text key={threshold.threshold} testId={`threshold-${threshold.threshold}`}>
            {say(t.thresholdLine, {
              threshold: threshold.threshold.toUpperCase(),
              value: threshold.value,
              aboveReturned: threshold.atOrAbove.returned,
              above: threshold.atOrAbove.decided,
              abovePercent: pct(threshold.atOrAbove.returned, threshold.atOrAbove.decided),
              belowReturned: threshold.below.returned,
              below: threshold.below.decided,
              belowPercent: pct(threshold.below.returned, threshold.below.decided),
            })}
          </Text>
        ))}
        <ReturnShareChart chart="grades" rows={gradeRows} t={t} />
        <Heading>{t.rulesEvidenceTitle}</Heading>
        <DataTable
          condensed
          testId="rule-evidence"
          rows={rules}
          rowKey={(rule) => rule.ruleId}
          columns={[
            { header: t.ruleColumn, cell: (rule) => rule.label[language] },
            {
              header: t.matchedColumn,
              cell: (rule) => `${rule.matched.returned} / ${rule.matched.decided}`,
            },
            {
              header: t.othersColumn,
              cell: (rule) => `${rule.unmatched.returned} / ${rule.unmatched.decided}`,
            },
            { header: t.findingColumn, cell: (rule) => rule.summary[language] },
          ]}
        />
        <Heading>{t.reasonsEvidenceTitle}</Heading>
        {unpredicted.length === 0 ? (
          <Text>{t.noUnpredicted}</Text>
        ) : (
          unpredicted.map((reason) => (
            <Text key={reason.reason} testId={`unpredicted-${reason.reason}`}>
              {reason.summary[language]}
            </Text>
          ))
        )}
      </Flex>
    </Tile>
  );
}

/** Restore the model the last calibration or restore replaced. */
function RestoreTile({ t, language, view, busy, dirty, onWrite }: WriteTileProps) {
  const say = formatIn(language);
  if (view.previous === null) return null;
  return (
    <Tile>
      <Flex direction="column" gap="small">
        <Heading>{t.restoreHeading}</Heading>
        <Text testId="restore-description">
          {say(t.restoreDescription, {
            version: view.previous.version,
            at: view.previous.replacedAt.slice(0, 10),
          })}
        </Text>
        <LoadingButton
          loading={busy}
          disabled={dirty}
          onClick={onWrite}
          testId="calibration-restore"
        >
          {t.restorePrevious}
        </LoadingButton>
      </Flex>
    </Tile>
  );
}
