// The settings page's state: the loaded view, the draft being edited, its version, whether it
// changed, and the outcome of the last save (saved, a conflict, field problems or another error).
// Only the latest load may apply its answer: a reload started while another is under way wins.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CardApi } from '../../cards/lib/api.ts';
import { toFieldErrorMap, type FieldErrorMap } from './field-errors.ts';
import { localizeFieldMessage } from './field-messages.ts';
import type { ApiError, Language, SavedSettings, Settings, SettingsView } from './types.ts';

export type Load =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; view: SettingsView };

export type SaveProblem =
  | { kind: 'none' }
  | { kind: 'conflict' }
  | { kind: 'validation'; message: ApiError['message']; paths: string[] }
  | { kind: 'error'; error: ApiError };

/** Loads, edits and saves the settings; `onSaved` runs after a successful save. */
export function useSettings(
  api: CardApi,
  language: Language,
  onSaved: (saved: SavedSettings) => void,
) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [draft, setDraft] = useState<Settings | null>(null);
  const [version, setVersion] = useState(0);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<SaveProblem>({ kind: 'none' });
  const [errors, setErrors] = useState<FieldErrorMap>({});

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
  const reload = () => {
    setLoad({ status: 'loading' });
    void loadSettings();
  };

  const change = (next: Settings) => {
    setDraft(next);
    setDirty(true);
  };

  /** Saves the draft; answers the paths of the fields the backend refused (none when saved). */
  const save = async (): Promise<string[]> => {
    if (draft === null) return [];
    setSaving(true);
    const result = await api.saveSettings(version, draft);
    setSaving(false);
    if (result.ok) {
      setDraft(result.data.settings);
      setVersion(result.data.version);
      setDirty(false);
      setErrors({});
      setProblem({ kind: 'none' });
      onSaved(result.data);
      return [];
    }
    const { error } = result;
    if (error.code === 'validation_failed') {
      // The backend names paths below the request body (`settings.scoring.…`); the inputs are
      // named below the settings (`scoring.…`).
      const fields = (error.fields ?? []).map((field) => ({
        path: field.path.replace(/^settings\./, ''),
        message: localizeFieldMessage(field.message, language),
      }));
      setErrors(toFieldErrorMap(fields));
      const paths = fields.map((field) => field.path);
      setProblem({ kind: 'validation', message: error.message, paths });
      return paths;
    } else if (error.code === 'conflict') {
      setErrors({});
      setProblem({ kind: 'conflict' });
    } else {
      setProblem({ kind: 'error', error });
    }
    return [];
  };

  return {
    load,
    draft,
    version,
    dirty,
    saving,
    problem,
    errors,
    change,
    save,
    reload,
    loadSettings,
  };
}
