// The settings page: loads the portal's settings, lets an admin edit every part, saves them with
// the version it loaded (a stale version is a conflict, answered with a reload prompt), and shows
// each validation message next to its field and, all together, in one alert.
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Alert,
  Button,
  ErrorState,
  Flex,
  Heading,
  LoadingButton,
  LoadingSpinner,
  Tab,
  Tabs,
  Text,
  useExtensionActions,
} from '@hubspot/ui-extensions';
import { useCardApi } from '../../cards/lib/api.ts';
import { toFieldErrorMap, type FieldErrorMap } from '../lib/field-errors.ts';
import { format, useLanguage } from '../lib/i18n.ts';
import type { ApiError, Settings, SettingsView } from '../lib/types.ts';
import { messagesFor } from '../messages/index.ts';
import { CalibrationPanel } from './CalibrationPanel.tsx';
import { CompetitorsEditor } from './CompetitorsEditor.tsx';
import { HandOffEditor } from './HandOffEditor.tsx';
import { QualificationEditor } from './QualificationEditor.tsx';
import { RescorePanel, RESCORE_POLL_MS } from './RescorePanel.tsx';
import { ReturnReasonsEditor } from './ReturnReasonsEditor.tsx';
import { ScorePreview } from './ScorePreview.tsx';
import { ScoringEditor } from './ScoringEditor.tsx';
import { StageGatesEditor } from './StageGatesEditor.tsx';

/** Props of SettingsApp. */
export interface SettingsAppProps {
  /** Poll interval of a running rescore, in milliseconds. */
  rescorePollMs?: number;
}

type Load =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; view: SettingsView };

type SaveProblem =
  | { kind: 'none' }
  | { kind: 'conflict' }
  | {
      kind: 'validation';
      message: ApiError['message'];
      fields: { path: string; message: string }[];
    }
  | { kind: 'error'; error: ApiError };

/** The whole settings page. */
export function SettingsApp({ rescorePollMs = RESCORE_POLL_MS }: SettingsAppProps) {
  const api = useCardApi();
  const language = useLanguage();
  const t = messagesFor(language);
  const actions = useExtensionActions<'settings'>();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [draft, setDraft] = useState<Settings | null>(null);
  const [version, setVersion] = useState(0);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<SaveProblem>({ kind: 'none' });
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [tab, setTab] = useState<string | number>('scoring');

  // Only the latest load may apply its answer: a reload started while another is under way wins.
  const latestLoad = useRef(0);
  const loadSettings = useCallback(() => {
    latestLoad.current += 1;
    const request = latestLoad.current;
    return api.getSettings().then((result) => {
      if (request !== latestLoad.current) return;
      if (!result.ok) {
        setLoad({ status: 'error', error: result.error });
        return;
      }
      setLoad({ status: 'ready', view: result.data });
      setDraft(result.data.settings);
      setVersion(result.data.version);
      setDirty(false);
      setErrors({});
      setProblem({ kind: 'none' });
    });
  }, [api]);

  // The effect only starts the request (the page starts as loading); a reload shows it first.
  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);
  const reloadSettings = () => {
    setLoad({ status: 'loading' });
    void loadSettings();
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
        <Button onClick={reloadSettings} testId="settings-retry">
          {t.retry}
        </Button>
      </ErrorState>
    );
  }
  if (draft === null) return null;
  const { view } = load;

  const change = (next: Settings) => {
    setDraft(next);
    setDirty(true);
  };

  const save = async () => {
    setSaving(true);
    const result = await api.saveSettings(version, draft);
    setSaving(false);
    if (result.ok) {
      setDraft(result.data.settings);
      setVersion(result.data.version);
      setDirty(false);
      setErrors({});
      setProblem({ kind: 'none' });
      actions.addAlert({
        type: 'success',
        title: t.savedTitle,
        message: format(t.savedMessage, { version: result.data.version }),
      });
      return;
    }
    const { error } = result;
    if (error.code === 'validation_failed') {
      const fields = error.fields ?? [];
      setErrors(toFieldErrorMap(fields));
      setProblem({ kind: 'validation', message: error.message, fields });
    } else if (error.code === 'conflict') {
      setErrors({});
      setProblem({ kind: 'conflict' });
    } else {
      setProblem({ kind: 'error', error });
    }
  };

  const common = { t, language, errors };
  return (
    <Flex direction="column" gap="medium">
      <Flex justify="between" align="center">
        <Heading>{t.title}</Heading>
        <Text variant="microcopy" testId="settings-version">
          {format(t.version, { version })}
        </Text>
      </Flex>
      {problem.kind === 'validation' ? (
        <Alert title={t.validationTitle} variant="error" testId="settings-validation">
          {problem.fields.length === 0
            ? problem.message[language]
            : problem.fields.map((field) => `${field.path}: ${field.message}`).join('\n')}
        </Alert>
      ) : null}
      {problem.kind === 'conflict' ? (
        <Alert title={t.conflictTitle} variant="warning" testId="settings-conflict">
          <Flex direction="column" gap="small">
            <Text>{t.conflictBody}</Text>
            <Button onClick={reloadSettings} testId="settings-reload">
              {t.reload}
            </Button>
          </Flex>
        </Alert>
      ) : null}
      {problem.kind === 'error' ? (
        <Alert title={t.saveErrorTitle} variant="error" testId="settings-save-error">
          {problem.error.message[language]}
        </Alert>
      ) : null}
      <Tabs selected={tab} onSelectedChange={setTab}>
        <Tab tabId="scoring" title={t.tabScoring}>
          <Flex direction="column" gap="medium">
            <ScoringEditor
              {...common}
              value={draft.scoring}
              onChange={(scoring) => change({ ...draft, scoring })}
            />
            <ScorePreview api={api} model={draft.scoring} t={t} language={language} />
          </Flex>
        </Tab>
        <Tab tabId="handoff" title={t.tabHandOff}>
          <HandOffEditor
            {...common}
            value={draft.lifecycle}
            onChange={(lifecycle) => change({ ...draft, lifecycle })}
            owners={view.owners}
            pipelines={view.pipelines}
          />
        </Tab>
        <Tab tabId="reasons" title={t.tabReturnReasons}>
          <ReturnReasonsEditor
            {...common}
            value={draft.lifecycle.returnReasons}
            onChange={(returnReasons) =>
              change({ ...draft, lifecycle: { ...draft.lifecycle, returnReasons } })
            }
          />
        </Tab>
        <Tab tabId="qualification" title={t.tabQualification}>
          <QualificationEditor
            {...common}
            value={{ qualification: draft.qualification, sectionWeights: draft.sectionWeights }}
            onChange={(next) => change({ ...draft, ...next })}
          />
        </Tab>
        <Tab tabId="gates" title={t.tabStageGates}>
          <StageGatesEditor
            {...common}
            value={draft.stageGates}
            onChange={(stageGates) => change({ ...draft, stageGates })}
            pipelines={view.pipelines}
          />
        </Tab>
        <Tab tabId="competitors" title={t.tabCompetitors}>
          <CompetitorsEditor
            {...common}
            value={draft.competitors ?? []}
            onChange={(competitors) => change({ ...draft, competitors })}
          />
        </Tab>
        <Tab tabId="calibration" title={t.tabCalibration}>
          <CalibrationPanel
            api={api}
            t={t}
            language={language}
            active={tab === 'calibration'}
            dirty={dirty}
            onChanged={(next, kind) => {
              actions.addAlert({
                type: 'success',
                title: kind === 'applied' ? t.appliedTitle : t.restoredTitle,
                message: format(kind === 'applied' ? t.appliedMessage : t.restoredMessage, {
                  version: next,
                }),
              });
              void loadSettings();
            }}
          />
        </Tab>
        <Tab tabId="rescore" title={t.tabRescore}>
          <RescorePanel api={api} t={t} language={language} pollMs={rescorePollMs} />
        </Tab>
      </Tabs>
      <Flex gap="small" align="center">
        <LoadingButton
          variant="primary"
          loading={saving}
          onClick={() => void save()}
          testId="settings-save"
        >
          {t.save}
        </LoadingButton>
        {dirty ? <Text variant="microcopy">{t.unsavedChanges}</Text> : null}
      </Flex>
    </Flex>
  );
}
