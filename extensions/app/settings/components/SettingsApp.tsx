// The settings page: loads the portal's settings, lets an admin edit every part in small tabs,
// and saves them with the version it loaded (a stale version is a conflict, answered with a
// reload prompt). The save bar sits above the tabs and, while something is unsaved, below the
// open tab too (SaveBar.tsx); each field problem is shown next to its field in the user's
// language, and the tabs holding one are marked.
import {
  Alert,
  Button,
  ErrorState,
  Flex,
  LoadingSpinner,
  Text,
  useExtensionActions,
} from '@hubspot/ui-extensions';
import { useState } from 'react';
import { useCardApi } from '../../cards/lib/api.ts';
import { format, useLanguage } from '../lib/i18n.ts';
import { problemsByTab, tabOfPath, type SettingsTab } from '../lib/tabs.ts';
import { useSettings, type SaveProblem } from '../lib/use-settings.ts';
import type { Language } from '../lib/types.ts';
import { messagesFor, type Messages } from '../messages/index.ts';
import { RESCORE_POLL_MS } from './RescorePanel.tsx';
import { SaveBar, SaveContext, type SaveState } from './SaveBar.tsx';
import { SettingsTabs } from './SettingsTabs.tsx';

/** Props of SettingsApp. */
export interface SettingsAppProps {
  /** Poll interval of a running rescore, in milliseconds. */
  rescorePollMs?: number;
}

/** The validation, conflict or error message of the last save. */
function SaveProblemAlert(props: {
  problem: SaveProblem;
  t: Messages;
  language: Language;
  onReload: () => void;
}) {
  const { problem, t, language, onReload } = props;
  if (problem.kind === 'validation')
    return (
      <Alert title={t.validationTitle} variant="error" testId="settings-validation">
        {problem.paths.length === 0
          ? problem.message[language]
          : format(t.validationSummary, { count: problem.paths.length }, language)}
      </Alert>
    );
  if (problem.kind === 'conflict')
    return (
      <Alert title={t.conflictTitle} variant="warning" testId="settings-conflict">
        <Flex direction="column" gap="small">
          <Text>{t.conflictBody}</Text>
          <Button onClick={onReload} testId="settings-reload">
            {t.reload}
          </Button>
        </Flex>
      </Alert>
    );
  if (problem.kind === 'error')
    return (
      <Alert title={t.saveErrorTitle} variant="error" testId="settings-save-error">
        {problem.error.message[language]}
      </Alert>
    );
  return null;
}

/** The whole settings page. */
export function SettingsApp({ rescorePollMs = RESCORE_POLL_MS }: SettingsAppProps) {
  const api = useCardApi();
  const language = useLanguage();
  const t = messagesFor(language);
  const actions = useExtensionActions<'settings'>();
  const [tab, setTab] = useState<SettingsTab>('fit');
  const state = useSettings(api, language, (saved) =>
    actions.addAlert({
      type: 'success',
      title: t.savedTitle,
      message: format(t.savedMessage, { version: saved.version }, language),
    }),
  );
  const { load, draft, version, dirty, saving, problem } = state;
  const paths = problem.kind === 'validation' ? problem.paths : [];
  // A refused save opens the first tab with a problem unless the current tab has one.
  const save = async () => {
    const refused = await state.save();
    const tabs = refused.map(tabOfPath).filter((found) => found !== null);
    if (tabs.length > 0 && !tabs.includes(tab)) setTab(tabs[0]!);
  };

  if (load.status === 'loading') {
    return (
      <LoadingSpinner label={t.loading} showLabel layout="centered" testId="settings-loading" />
    );
  }
  if (load.status === 'error') {
    return (
      <ErrorState title={t.loadErrorTitle} testId="settings-error">
        <Text>{load.error.message[language]}</Text>
        <Button onClick={state.reload} testId="settings-retry">
          {t.retry}
        </Button>
      </ErrorState>
    );
  }
  if (draft === null) return null;

  const bar: SaveState = {
    t,
    language,
    dirty,
    saving,
    version,
    onSave: () => void save(),
    onDiscard: state.reload,
  };
  return (
    <SaveContext.Provider value={bar}>
      <Flex direction="column" gap="medium">
        <SaveBar {...bar} position="top" />
        <SaveProblemAlert problem={problem} t={t} language={language} onReload={state.reload} />
        <SettingsTabs
          api={api}
          view={load.view}
          draft={draft}
          dirty={dirty}
          tab={tab}
          onTab={setTab}
          problems={problemsByTab(paths)}
          errors={state.errors}
          t={t}
          language={language}
          rescorePollMs={rescorePollMs}
          onChange={state.change}
          onCalibrationChanged={(next, kind) => {
            actions.addAlert({
              type: 'success',
              title: kind === 'applied' ? t.appliedTitle : t.restoredTitle,
              message: format(
                kind === 'applied' ? t.appliedMessage : t.restoredMessage,
                { version: next },
                language,
              ),
            });
            void state.loadSettings();
          }}
        />
        {dirty ? <SaveBar {...bar} position="bottom" /> : null}
      </Flex>
    </SaveContext.Provider>
  );
}
