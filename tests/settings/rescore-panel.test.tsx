// The full rescore: its progress bar, polling while it runs, start and cancel.
import { Button, LoadingButton, ProgressBar, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { CardApi } from '../../extensions/app/cards/lib/api.ts';
import { RescorePanel } from '../../extensions/app/settings/components/RescorePanel.tsx';
import type { ApiResult, RescoreProgress } from '../../extensions/app/settings/lib/types.ts';
import { messagesFor } from '../../extensions/app/settings/messages/index.ts';
import { eventually } from './eventually.ts';

const SLOW = { timeoutInMs: 5000 };
const t = messagesFor('en');

const progress = (patch: Partial<RescoreProgress>): RescoreProgress => ({
  status: 'running',
  processed: 250,
  total: 1000,
  changed: 40,
  errors: 1,
  ratePerSecond: 50,
  etaSeconds: 15,
  startedAt: Date.parse('2026-03-01T10:00:00Z'),
  error: null,
  finishedAt: null,
  ...patch,
});

const answer = <T,>(data: T): Promise<ApiResult<T>> => Promise.resolve({ ok: true, data });

function fakeApi(overrides: Partial<CardApi>): CardApi {
  return {
    getRescore: jest.fn(() => answer(null)),
    startRescore: jest.fn(() => answer(progress({ processed: 0 }))),
    cancelRescore: jest.fn(() => answer(progress({ status: 'cancelled' }))),
    ...overrides,
  } as unknown as CardApi;
}

describe('rescore panel', () => {
  it('renders the progress of a running rescore and polls until it is done', async () => {
    // GIVEN a running rescore that finishes on the next poll
    const getRescore = jest
      .fn()
      .mockResolvedValueOnce({ ok: true, data: progress({}) })
      .mockResolvedValue({
        ok: true,
        data: progress({ status: 'completed', processed: 1000, etaSeconds: null }),
      });
    const api = fakeApi({ getRescore });
    const renderer = createRenderer('settings');
    // WHEN the panel renders
    renderer.render(<RescorePanel api={api} t={t} language="en" pollMs={5} />);
    await renderer.waitFor(() => renderer.findByTestId(ProgressBar, 'rescore-bar'), SLOW);
    // THEN the bar shows processed of total with the counts
    const bar = renderer.findByTestId(ProgressBar, 'rescore-bar');
    expect(bar.props.value).toBe(250);
    expect(bar.props.maxValue).toBe(1000);
    expect(bar.props.valueDescription).toBe('250 of 1,000 contacts, 40 changed, 1 error');
    expect(renderer.findByTestId(Button, 'rescore-cancel').text).toBe('Cancel rescore');
    // AND polling brings the finished state
    await renderer.waitFor(
      () => expect(renderer.findByTestId(ProgressBar, 'rescore-bar').props.value).toBe(1000),
      SLOW,
    );
    expect(renderer.findByTestId(ProgressBar, 'rescore-bar').props.variant).toBe('success');
    expect(renderer.findByTestId(ProgressBar, 'rescore-bar').props.title).toBe(
      'Rescore progress: Finished',
    );
    expect(renderer.findByTestId(LoadingButton, 'rescore-start').text).toBe('Start full rescore');
    const calls = getRescore.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(getRescore.mock.calls.length).toBe(calls); // no polling once done
  });

  it('cancels a running rescore through the api', async () => {
    // GIVEN a running rescore
    const api = fakeApi({ getRescore: jest.fn(() => answer(progress({}))) });
    const renderer = createRenderer('settings');
    renderer.render(<RescorePanel api={api} t={t} language="en" pollMs={60_000} />);
    await renderer.waitFor(() => renderer.findByTestId(Button, 'rescore-cancel'), SLOW);
    // WHEN the admin cancels
    renderer.findByTestId(Button, 'rescore-cancel').trigger('onClick');
    // THEN the api is asked to cancel and the bar says so
    await eventually(() => expect(api.cancelRescore).toHaveBeenCalledTimes(1));
    await renderer.waitFor(
      () =>
        expect(renderer.findByTestId(ProgressBar, 'rescore-bar').props.title).toBe(
          'Rescore progress: Cancelled',
        ),
      SLOW,
    );
  });

  it('starts a rescore when none has run yet', async () => {
    // GIVEN no rescore so far (and, once started, one that is done on the next poll)
    let started = false;
    const api = fakeApi({
      getRescore: jest.fn(() => answer(started ? progress({ status: 'completed' }) : null)),
      startRescore: jest.fn(() => {
        started = true;
        return answer(progress({ processed: 0 }));
      }),
    });
    const renderer = createRenderer('settings');
    renderer.render(<RescorePanel api={api} t={t} language="en" pollMs={10} />);
    await eventually(() => expect(api.getRescore).toHaveBeenCalled());
    expect(renderer.findByTestId(Text, 'rescore-none').text).toBe('No rescore has run yet.');
    // WHEN the admin starts one
    renderer.findByTestId(LoadingButton, 'rescore-start').trigger('onClick');
    // THEN the api starts it and its progress appears
    await renderer.waitFor(() => renderer.findByTestId(ProgressBar, 'rescore-bar'), SLOW);
    expect(api.startRescore).toHaveBeenCalledTimes(1);
    expect(renderer.findByTestId(ProgressBar, 'rescore-bar').props.title).toMatch(
      /Running|Finished/,
    );
  });

  it('says it is counting while a just-started job knows no total, never "0 of 0"', async () => {
    // GIVEN a job that has just started: the backend's first progress has total 0
    // (the poll after it never answers, so the panel stays on the first progress and no timer is
    // left running after the test)
    const getRescore = jest
      .fn(() => new Promise<ApiResult<RescoreProgress | null>>(() => {}))
      .mockImplementationOnce(() => answer(progress({ processed: 0, total: 0, etaSeconds: null })));
    const api = fakeApi({ getRescore });
    const renderer = createRenderer('settings');
    // WHEN the panel renders in German
    renderer.render(<RescorePanel api={api} t={messagesFor('de')} language="de" pollMs={5} />);
    await renderer.waitFor(() => renderer.findByTestId(ProgressBar, 'rescore-bar'), SLOW);
    // THEN it names the real status and says it is counting
    const bar = renderer.findByTestId(ProgressBar, 'rescore-bar');
    expect(bar.props.title).toBe('Fortschritt der Neuberechnung: Läuft');
    expect(bar.props.valueDescription).toBe('Kontakte werden gezählt …');
  });

  it('shows why a failed rescore stopped', async () => {
    const api = fakeApi({
      getRescore: jest.fn(() =>
        answer(progress({ status: 'failed', error: 'HubSpot refused the search' })),
      ),
    });
    const renderer = createRenderer('settings');
    renderer.render(<RescorePanel api={api} t={t} language="en" pollMs={60_000} />);
    await renderer.waitFor(() => renderer.findByTestId(Text, 'rescore-failure'), SLOW);
    expect(renderer.findByTestId(ProgressBar, 'rescore-bar').props.title).toBe(
      'Rescore progress: Failed',
    );
    expect(renderer.findByTestId(Text, 'rescore-failure').text).toBe(
      'The rescore stopped: HubSpot refused the search',
    );
  });
});
