// The Calibration tab: computed only when opened, the proposal as a diff, the backtest, Apply with
// the reviewed proposal and the loaded version, Restore, and German texts.
import { Alert, LoadingButton, TableCell, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { CardApi } from '../../extensions/app/cards/lib/api.ts';
import { CalibrationPanel } from '../../extensions/app/settings/components/CalibrationPanel.tsx';
import type {
  ApiResult,
  CalibrationView,
  CalibrationWriteView,
} from '../../extensions/app/settings/lib/types.ts';
import { messagesFor } from '../../extensions/app/settings/messages/index.ts';
import { calibrate } from '../../src/domain/calibration/index.ts';
import { REASONS, calibrationModel, patternedHistory } from '../domain/calibration/build.ts';
import { eventually } from './eventually.ts';

const SLOW = { timeoutInMs: 5000 };

function viewOf(records = patternedHistory(200), previous: CalibrationView['previous'] = null) {
  return {
    version: 4,
    calibration: calibrate(records, calibrationModel(), REASONS),
    thresholds: { mql: 20, sql: 30 },
    previous,
  } satisfies CalibrationView;
}

function makeApi(view: CalibrationView) {
  return {
    getCalibration: jest.fn((): Promise<ApiResult<CalibrationView>> =>
      Promise.resolve({ ok: true, data: view }),
    ),
    applyCalibration: jest.fn(() =>
      Promise.resolve({
        ok: true as const,
        data: { version: 5, applied: { rules: 2, thresholds: 1 } },
      }),
    ),
    restoreScoring: jest.fn(() =>
      Promise.resolve({
        ok: true as const,
        data: { version: 6, applied: { rules: 0, thresholds: 0 } },
      }),
    ),
  } as unknown as jest.Mocked<CardApi>;
}

function renderPanel(
  api: CardApi,
  options: { active?: boolean; dirty?: boolean; language?: 'en' | 'de' } = {},
) {
  const onChanged = jest.fn();
  const language = options.language ?? 'en';
  const renderer = createRenderer('settings');
  renderer.render(
    <CalibrationPanel
      api={api}
      t={messagesFor(language)}
      language={language}
      active={options.active ?? true}
      dirty={options.dirty ?? false}
      onChanged={onChanged}
    />,
  );
  return { renderer, onChanged };
}

describe('calibration tab', () => {
  it('computes nothing until the tab is opened', () => {
    const api = makeApi(viewOf());
    renderPanel(api, { active: false });
    expect(api.getCalibration).not.toHaveBeenCalled();
  });

  it('shows the proposal as a diff, the backtest and the findings', async () => {
    const api = makeApi(viewOf());
    const { renderer } = renderPanel(api);
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'calibration-summary'), SLOW);
    const cells = renderer.findAll(TableCell).map((cell) => cell.text);
    // the rule "small-company" goes from 10 to -5 with its reason in words
    expect(cells).toEqual(expect.arrayContaining(['Rule small-company', '10', '-5', '-15']));
    expect(cells.some((cell) => /came back 80 of 100 times/.test(String(cell)))).toBe(true);
    expect(renderer.findByTestId(Text, 'backtest-summary').text).toContain('never used to fit');
    expect(renderer.findByTestId(Text, 'backtest-method').text).toContain('newest 25 %');
    expect(renderer.findByTestId(Text, 'threshold-sql').text).toMatch(/^SQL threshold 30:/);
  });

  it('applies exactly the reviewed proposal with the loaded version', async () => {
    const view = viewOf();
    const api = makeApi(view);
    const { renderer, onChanged } = renderPanel(api);
    await renderer.waitFor(() => renderer.findByTestId(LoadingButton, 'calibration-apply'), SLOW);
    renderer.findByTestId(LoadingButton, 'calibration-apply').trigger('onClick');
    await eventually(() => expect(onChanged).toHaveBeenCalledWith(5, 'applied'));
    expect(api.applyCalibration).toHaveBeenCalledWith(4, {
      rules: view.calibration.proposal.rules.map(({ ruleId, to }) => ({ ruleId, to })),
      thresholds: view.calibration.proposal.thresholds.map(({ threshold, to }) => ({
        threshold,
        to,
      })),
    });
  });

  it('waits for unsaved settings before Apply, and says so', async () => {
    const { renderer } = renderPanel(makeApi(viewOf()), { dirty: true });
    await renderer.waitFor(() => renderer.findByTestId(LoadingButton, 'calibration-apply'), SLOW);
    expect(renderer.findByTestId(LoadingButton, 'calibration-apply').props.disabled).toBe(true);
  });

  it('says there is not enough data on 10 hand-offs and offers nothing to apply', async () => {
    const { renderer } = renderPanel(makeApi(viewOf(patternedHistory(10))));
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'calibration-summary'), SLOW);
    const summary = renderer.findByTestId(Alert, 'calibration-summary');
    expect(summary.props.variant).toBe('warning');
    expect(summary.text).toContain('not enough data');
    expect(renderer.findByTestId(LoadingButton, 'calibration-apply').props.disabled).toBe(true);
  });

  it('restores the replaced model', async () => {
    const api = makeApi(
      viewOf(patternedHistory(200), {
        version: 3,
        replacedAt: '2026-11-30T10:00:00.000Z',
        replacedBy: '501',
      }),
    );
    const { renderer, onChanged } = renderPanel(api);
    await renderer.waitFor(() => renderer.findByTestId(LoadingButton, 'calibration-restore'), SLOW);
    expect(renderer.findByTestId(Text, 'restore-description').text).toBe(
      'The model of version 3, replaced on 2026-11-30, can be restored.',
    );
    renderer.findByTestId(LoadingButton, 'calibration-restore').trigger('onClick');
    await eventually(() => expect(onChanged).toHaveBeenCalledWith(6, 'restored'));
    expect(api.restoreScoring).toHaveBeenCalledWith(4);
  });

  it('shows a conflict from Apply', async () => {
    const api = makeApi(viewOf());
    api.applyCalibration.mockImplementation((): Promise<ApiResult<CalibrationWriteView>> =>
      Promise.resolve({
        ok: false,
        error: { code: 'conflict', message: { en: 'Changed meanwhile', de: 'Geändert' } },
      }),
    );
    const { renderer } = renderPanel(api);
    await renderer.waitFor(() => renderer.findByTestId(LoadingButton, 'calibration-apply'), SLOW);
    renderer.findByTestId(LoadingButton, 'calibration-apply').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'calibration-write-error'), SLOW);
    expect(renderer.findByTestId(Alert, 'calibration-write-error').props.title).toBe(
      'Something changed meanwhile',
    );
  });

  it('speaks German', async () => {
    const { renderer } = renderPanel(makeApi(viewOf()), { language: 'de' });
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'calibration-summary'), SLOW);
    expect(renderer.findByTestId(Alert, 'calibration-summary').text).toContain(
      'entschiedene Übergaben',
    );
    expect(renderer.findByTestId(Text, 'backtest-summary').text).toContain('nie zum Anpassen');
    expect(renderer.findByTestId(LoadingButton, 'calibration-apply').text).toBe(
      'Als neue Einstellungsversion übernehmen',
    );
  });
});
