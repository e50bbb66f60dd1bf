// The settings page: loading, error and filled states, field messages from validation_failed,
// the save payload with its version, the conflict prompt, and German texts.
import {
  Alert,
  Button,
  ErrorState,
  Input,
  LoadingButton,
  LoadingSpinner,
  MultiSelect,
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
  contactProperties: [
    { name: 'jobtitle', label: 'Job Title', type: 'string', fieldType: 'text', options: [] },
    {
      name: 'annualrevenue',
      label: 'Annual Revenue',
      type: 'number',
      fieldType: 'number',
      options: [],
    },
    {
      name: 'industry',
      label: 'Industry',
      type: 'enumeration',
      fieldType: 'select',
      options: [
        { label: 'Computer Software', value: 'COMPUTER_SOFTWARE' },
        {
          label: 'Mechanical or Industrial Engineering',
          value: 'MECHANICAL_OR_INDUSTRIAL_ENGINEERING',
        },
      ],
    },
    {
      name: 'hs_lead_status',
      label: 'Lead Status',
      type: 'enumeration',
      fieldType: 'radio',
      options: [
        { label: 'New', value: 'NEW' },
        { label: 'Open Deal', value: 'OPEN_DEAL' },
        { label: 'Bad Timing', value: 'BAD_TIMING' },
      ],
    },
  ],
  teams: [{ id: '7001', name: 'Marketing DACH' }],
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
    // AND a rule reads as a sentence until it is opened
    expect(renderer.maybeFindByTestId(Select, 'scoring.fit.groups.0.rules.0.operator')).toBeNull();
    renderer.findByTestId(Button, 'scoring.fit.groups.0.rules.0.toggle').trigger('onClick');
    expect(renderer.findByTestId(Select, 'scoring.fit.groups.0.rules.0.operator').props.value).toBe(
      firstRule.operator,
    );
    expect(renderer.findByTestId(Select, 'lifecycle.newDeal.stageId').props.value).toBe(
      'appointmentscheduled',
    );
    // AND the tabs are in English
    expect(renderer.findAll(Tab).map((tab) => tab.props.title)).toEqual([
      'Fit',
      'Engagement',
      'Thresholds',
      'Preview',
      'Hand-off',
      'Owners',
      'Reasons',
      'Qualification',
      'Gates',
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
          fields: [{ path: `settings.${path}`, message: 'rule "x": must not be blank' }],
        },
      }),
    );
    // WHEN the admin saves
    renderer.findByTestId(LoadingButton, 'settings-save').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'settings-validation'), SLOW);
    // THEN the alert counts the problems without developer paths, and the tab shows the count
    const alert = renderer.findByTestId(Alert, 'settings-validation').text ?? '';
    expect(alert).toContain('1 field needs your attention');
    expect(alert).not.toContain('scoring.');
    expect(renderer.findAll(Tab)[0]!.props.title).toBe('Fit (1)');
    // AND the rule opens by itself, its value input showing the message
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
    expect(renderer.findAll(Tab).map((tab) => tab.props.title)).toContain('Gründe');
    expect(renderer.findByTestId(LoadingButton, 'settings-save').text).toBe(
      'Einstellungen speichern',
    );
    expect(renderer.findByTestId(Text, 'settings-version').text).toBe('Version 7');
  });
});

describe('settings pickers', () => {
  const save = async (renderer: Awaited<ReturnType<typeof renderFilled>>) => {
    mockApi.saveSettings = jest.fn((version: number, settings: Settings) =>
      ok({ version: version + 1, settings }),
    );
    renderer.findByTestId(LoadingButton, 'settings-save').trigger('onClick');
    await eventually(() => expect(mockApi.saveSettings).toHaveBeenCalled());
    return mockApi.saveSettings.mock.calls[0]![1] as Settings;
  };
  const revenuePath = (() => {
    const groups = DEFAULT_SETTINGS.scoring.fit.groups;
    for (const [g, group] of groups.entries())
      for (const [r, rule] of group.rules.entries())
        if (rule.id === 'revenue-10m-plus') return `scoring.fit.groups.${g}.rules.${r}`;
    throw new Error('the default model has no revenue rule');
  })();

  it('reads a rule as a sentence with the label and the number formatted per language', async () => {
    const renderer = await renderFilled('de-DE');
    expect(renderer.findByTestId(Text, `${revenuePath}.summary`).text).toBe(
      'Jahresumsatz ist mindestens 10.000.000 → +10',
    );
    const english = await renderFilled();
    expect(english.findByTestId(Text, `${revenuePath}.summary`).text).toBe(
      'Annual revenue is at least 10,000,000 → +10',
    );
  });

  it("picks a rule's property by its HubSpot label and offers the operators of its type", async () => {
    const renderer = await renderFilled();
    const path = 'scoring.fit.groups.0.rules.0';
    renderer.findByTestId(Button, `${path}.toggle`).trigger('onClick');
    const picker = renderer.findByTestId(Select, `${path}.property`);
    expect(picker.props.options).toContainEqual({
      value: 'annualrevenue',
      label: 'Annual Revenue',
    });
    // WHEN the admin picks "Annual Revenue"
    picker.trigger('onChange', 'annualrevenue' as never);
    // THEN only number conditions are offered, and the saved rule names the property
    const operators = renderer
      .findByTestId(Select, `${path}.operator`)
      .props.options.map((option) => String(option.value));
    expect(operators).toEqual([
      'eq',
      'gt',
      'gte',
      'lt',
      'lte',
      'between',
      'is_known',
      'is_unknown',
    ]);
    const rule = (await save(renderer)).scoring.fit.groups[0]!.rules[0]!;
    expect(rule.property).toBe('annualrevenue');
    expect(rule.propertyLabel).toBeUndefined();
    expect(operators).toContain(rule.operator);
  });

  it("offers an enumeration's options by label as the rule's values", async () => {
    const renderer = await renderFilled();
    const path = 'scoring.fit.groups.0.rules.0';
    renderer.findByTestId(Button, `${path}.toggle`).trigger('onClick');
    renderer.findByTestId(Select, `${path}.property`).trigger('onChange', 'industry' as never);
    renderer.findByTestId(Select, `${path}.operator`).trigger('onChange', 'in' as never);
    const values = renderer.findByTestId(MultiSelect, `${path}.value`);
    expect(values.props.options).toEqual([
      { value: 'COMPUTER_SOFTWARE', label: 'Computer Software' },
      {
        value: 'MECHANICAL_OR_INDUSTRIAL_ENGINEERING',
        label: 'Mechanical or Industrial Engineering',
      },
    ]);
    values.trigger('onChange', ['COMPUTER_SOFTWARE'] as never);
    const rule = (await save(renderer)).scoring.fit.groups[0]!.rules[0]! as { value?: unknown };
    expect(rule.value).toEqual(['COMPUTER_SOFTWARE']);
  });

  it('names lead statuses by their portal labels', async () => {
    const renderer = await renderFilled();
    expect(
      renderer.findByTestId(Select, 'lifecycle.handOffLeadStatus').props.options,
    ).toContainEqual({ value: 'OPEN_DEAL', label: 'Open Deal' });
  });

  it("sets the return owner to a team in turn, the owners' languages and the Leads mode", async () => {
    const renderer = await renderFilled();
    renderer
      .findByTestId(Select, 'lifecycle.returnOwner.mode')
      .trigger('onChange', 'team_round_robin' as never);
    expect(renderer.findByTestId(Select, 'lifecycle.returnOwner.teamId').props.options).toEqual([
      { value: '7001', label: 'Marketing DACH' },
    ]);
    renderer
      .findByTestId(Select, 'lifecycle.ownerLanguages.byOwner.21')
      .trigger('onChange', 'de' as never);
    renderer.findByTestId(Select, 'lifecycle.leadsObject.mode').trigger('onChange', 'off' as never);
    const { lifecycle } = await save(renderer);
    expect(lifecycle.returnOwner).toEqual({ mode: 'team_round_robin', teamId: '7001' });
    expect(lifecycle.ownerLanguages.byOwner).toEqual({ '21': 'de' });
    expect(lifecycle.leadsObject.mode).toBe('off');
  });

  it("shows the backend's field message in German next to the field", async () => {
    const renderer = await renderFilled('de-DE');
    const path = 'scoring.fit.groups.0.rules.0.points';
    renderer.findByTestId(NumberInput, 'scoring.thresholds.mql').trigger('onChange', 51 as never);
    mockApi.saveSettings = jest.fn((_version: number, _settings: Settings) =>
      Promise.resolve<ApiResult<{ version: number; settings: Settings }>>({
        ok: false,
        error: {
          code: 'validation_failed',
          message: { en: 'Please check', de: 'Bitte prüfen' },
          fields: [{ path: `settings.${path}`, message: 'expected at most 100 points' }],
        },
      }),
    );
    renderer.findByTestId(LoadingButton, 'settings-save').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'settings-validation'), SLOW);
    expect(renderer.findByTestId(NumberInput, path).props.validationMessage).toBe(
      'Höchstens 100 Punkte.',
    );
    expect(renderer.findByTestId(Alert, 'settings-validation').text).toContain(
      '1 Feld muss korrigiert werden',
    );
  });
});
