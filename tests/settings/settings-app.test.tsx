// The settings page: loading, error and filled states, field messages from validation_failed,
// the save payload with its version, the conflict prompt, and German texts.
import {
  Alert,
  Button,
  ErrorState,
  Input,
  LoadingButton,
  LoadingSpinner,
  NumberInput,
  Select,
  Tab,
  Text,
  TextArea,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { CardApi } from '../../extensions/app/cards/lib/api.ts';
import type { ApiResult, Settings, SettingsView } from '../../extensions/app/settings/lib/types.ts';
import { SettingsApp } from '../../extensions/app/settings/components/SettingsApp.tsx';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import { eventually } from './eventually.ts';

const mockApi = {} as jest.Mocked<CardApi>;
jest.mock('../../extensions/app/cards/lib/api.ts', () => ({ useCardApi: () => mockApi }));

const VIEW: SettingsView = {
  version: 7,
  settings: structuredClone(DEFAULT_SETTINGS) as Settings,
  owners: [
    { id: '11', userId: null, name: 'Mia Marketing', email: 'mia@example.com', team: 'marketing' },
    { id: '21', userId: null, name: 'Sam Sales', email: 'sam@example.com', team: 'sales' },
  ],
  pipelines: [
    {
      id: 'default',
      label: 'Sales pipeline',
      stages: [
        { id: 'appointmentscheduled', label: 'Appointment scheduled' },
        { id: 'closedwon', label: 'Closed won' },
        { id: 'closedlost', label: 'Closed lost' },
      ],
    },
  ],
};

/** Rendering the whole page takes a while on a loaded machine; the default 1 s is too tight. */
const SLOW = { timeoutInMs: 5000 };

const ok = <T,>(data: T): Promise<ApiResult<T>> => Promise.resolve({ ok: true, data });

function resetApi(): void {
  for (const key of Object.keys(mockApi))
    delete (mockApi as unknown as Record<string, unknown>)[key];
  Object.assign(mockApi, {
    getSettings: jest.fn(() => ok(structuredClone(VIEW))),
    saveSettings: jest.fn(),
    previewScore: jest.fn(),
    getRescore: jest.fn(() => ok(null)),
    startRescore: jest.fn(),
    cancelRescore: jest.fn(),
  });
}

beforeEach(resetApi);

async function renderFilled(language?: string) {
  const renderer = createRenderer('settings');
  if (language !== undefined) renderer.mocks.context.user.locale = language;
  renderer.render(<SettingsApp rescorePollMs={60_000} />);
  await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull(), SLOW);
  return renderer;
}

describe('settings page', () => {
  it('shows a spinner while the settings load', () => {
    // GIVEN a backend that has not answered yet
    let answer: (result: ApiResult<SettingsView>) => void = () => undefined;
    mockApi.getSettings = jest.fn(
      () => new Promise<ApiResult<SettingsView>>((resolve) => (answer = resolve)),
    );
    const renderer = createRenderer('settings');
    // WHEN the page renders
    renderer.render(<SettingsApp />);
    // THEN it shows the loading spinner
    expect(renderer.findByTestId(LoadingSpinner, 'settings-loading').props.label).toBe(
      'Loading settings…',
    );
    answer({ ok: true, data: structuredClone(VIEW) });
  });

  it('shows the backend message and retries when loading fails', async () => {
    // GIVEN a backend that fails once, then answers
    let failing = true;
    mockApi.getSettings = jest.fn(() =>
      failing
        ? Promise.resolve<ApiResult<SettingsView>>({
            ok: false,
            error: {
              code: 'not_installed',
              message: { en: 'App not installed', de: 'Nicht installiert' },
            },
          })
        : ok(structuredClone(VIEW)),
    );
    const renderer = createRenderer('settings');
    renderer.render(<SettingsApp />);
    // WHEN the load fails
    await renderer.waitFor(() => renderer.findByTestId(ErrorState, 'settings-error'), SLOW);
    // THEN the error state carries the backend's message
    expect(renderer.findByTestId(ErrorState, 'settings-error').find(Text).text).toBe(
      'App not installed',
    );
    // AND retrying loads the settings once the backend answers
    failing = false;
    renderer.findByTestId(Button, 'settings-retry').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Text, 'settings-version'), SLOW);
    expect(renderer.findByTestId(Text, 'settings-version').text).toBe('Version 7');
  });

  it('fills every editor from the loaded settings', async () => {
    // GIVEN the default settings at version 7
    const renderer = await renderFilled();
    // THEN the scoring thresholds, a rule and the hand-off stage show the stored values
    expect(renderer.findByTestId(NumberInput, 'scoring.thresholds.mql').props.value).toBe(
      DEFAULT_SETTINGS.scoring.thresholds.mql,
    );
    const firstRule = DEFAULT_SETTINGS.scoring.fit.groups[0]!.rules[0]!;
    expect(renderer.findByTestId(Select, 'scoring.fit.groups.0.rules.0.operator').props.value).toBe(
      firstRule.operator,
    );
    expect(renderer.findByTestId(Select, 'lifecycle.newDeal.stageId').props.value).toBe(
      'appointmentscheduled',
    );
    // AND the tabs are in English
    expect(renderer.findAll(Tab).map((tab) => tab.props.title)).toEqual([
      'Scoring model',
      'Hand-off',
      'Return reasons',
      'Qualification',
      'Stage gates',
      'Competitors',
      'Calibration',
      'Rescore',
    ]);
  });

  it('saves the edited settings with the loaded version', async () => {
    // GIVEN the loaded settings and a backend that accepts them as version 8
    const renderer = await renderFilled();
    mockApi.saveSettings = jest.fn((version: number, settings: Settings) =>
      ok({ version: version + 1, settings }),
    );
    // WHEN the admin raises the MQL threshold and saves
    renderer.findByTestId(NumberInput, 'scoring.thresholds.mql').trigger('onChange', 55 as never);
    renderer.findByTestId(LoadingButton, 'settings-save').trigger('onClick');
    await eventually(() => expect(mockApi.saveSettings).toHaveBeenCalled());
    // THEN the request carries version 7 and the changed threshold, everything else unchanged
    const [version, settings] = mockApi.saveSettings.mock.calls[0]!;
    expect(version).toBe(7);
    expect(settings.scoring.thresholds.mql).toBe(55);
    expect({ ...settings, scoring: DEFAULT_SETTINGS.scoring }).toEqual(DEFAULT_SETTINGS);
    // AND the page moves to the new version and confirms
    await renderer.waitFor(
      () => expect(renderer.findByTestId(Text, 'settings-version').text).toBe('Version 8'),
      SLOW,
    );
    expect(renderer.mocks.actions.addAlert.calls).toContainEqual([
      expect.objectContaining({ type: 'success', message: 'Version 8 is now active.' }),
    ]);
  });

  it("shows the backend's message next to an invalid rule field and in the alert", async () => {
    // GIVEN a backend that rejects the first fit rule's value
    const renderer = await renderFilled();
    const path = 'scoring.fit.groups.0.rules.0.value';
    mockApi.saveSettings = jest.fn((_version: number, _settings: Settings) =>
      Promise.resolve<ApiResult<{ version: number; settings: Settings }>>({
        ok: false,
        error: {
          code: 'validation_failed',
          message: { en: 'Invalid settings', de: 'Ungültige Einstellungen' },
          fields: [{ path, message: 'rule "x": must not be blank' }],
        },
      }),
    );
    // WHEN the admin saves
    renderer.findByTestId(LoadingButton, 'settings-save').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'settings-validation'), SLOW);
    // THEN the alert lists path and message
    expect(renderer.findByTestId(Alert, 'settings-validation').text).toContain(
      `${path}: rule "x": must not be blank`,
    );
    // AND the rule's value input shows the message itself
    expect(DEFAULT_SETTINGS.scoring.fit.groups[0]!.rules[0]!.operator).not.toBe('is_known');
    const named = (node: { props: { name?: string } }) =>
      node.props.name === path || node.props.name === `${path}.0`;
    const messages = [
      ...renderer.findAll(Input, named),
      ...renderer.findAll(NumberInput, named),
      ...renderer.findAll(TextArea, named),
    ].map((node) => node.props.validationMessage);
    expect(messages).toContain('rule "x": must not be blank');
  });

  it('offers a reload when someone else saved first', async () => {
    // GIVEN a backend that answers conflict, then serves version 9
    const renderer = await renderFilled();
    mockApi.saveSettings = jest.fn((_version: number, _settings: Settings) =>
      Promise.resolve<ApiResult<{ version: number; settings: Settings }>>({
        ok: false,
        error: {
          code: 'conflict',
          message: { en: 'Stale version', de: 'Veraltete Version' },
          current: null,
          changedFields: [],
        },
      }),
    );
    renderer.findByTestId(LoadingButton, 'settings-save').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'settings-conflict'), SLOW);
    // WHEN the admin reloads
    mockApi.getSettings = jest.fn(() => ok({ ...structuredClone(VIEW), version: 9 }));
    renderer.findByTestId(Button, 'settings-reload').trigger('onClick');
    // THEN the newer version is loaded and the prompt is gone
    await renderer.waitFor(
      () => expect(renderer.findByTestId(Text, 'settings-version').text).toBe('Version 9'),
      SLOW,
    );
    expect(renderer.maybeFindByTestId(Alert, 'settings-conflict')).toBeNull();
  });

  it('speaks German to a German user', async () => {
    // GIVEN a user with a German locale
    const renderer = await renderFilled('de-DE');
    // THEN tabs and buttons are German
    expect(renderer.findAll(Tab).map((tab) => tab.props.title)).toContain('Rückgabegründe');
    expect(renderer.findByTestId(LoadingButton, 'settings-save').text).toBe(
      'Einstellungen speichern',
    );
    expect(renderer.findByTestId(Text, 'settings-version').text).toBe('Version 7');
  });
});
