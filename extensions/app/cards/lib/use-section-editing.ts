// Saving a card's edited sections from its one Save/Cancel bar: every dirty section is checked
// first (nothing is sent while a field is wrong), then saved one after the other with the revision
// it was edited from. Each save is its own idempotent request (the backend answers a repeated save
// of the same revision as done), so a failure part-way leaves the rest as drafts to save again.
// A section someone else saved meanwhile comes back as a conflict naming only the fields they
// changed (their version against the one this user started from, not against this user's edits).
import { useState } from 'react';
import { useExtensionActions } from '@hubspot/ui-extensions';
import type { I18n } from './i18n.ts';
import type { DraftRemote, Drafts, SectionDraft, SectionDrafts } from './section-drafts.ts';
import { changedFields, mergeOverTheirs, useSectionDrafts } from './section-drafts.ts';
import type {
  ApiResult,
  CompletenessView,
  SaveSectionResult,
  SectionContentMap,
  SectionKey,
  SectionState,
} from './types.ts';
import type { FieldErrors } from './validate-section.ts';
import { shapeProblems, validationTexts, validateSection } from './validate-section.ts';

/** What saving one section answers (the plan's save, or the company card's profile save). */
export type SaveOne = (
  key: SectionKey,
  rev: number,
  content: SectionContentMap[SectionKey],
) => Promise<
  ApiResult<{
    section: SectionState;
    completeness?: CompletenessView;
    buyingRoles?: SaveSectionResult['buyingRoles'];
  }>
>;

/** A section someone else saved since this user's draft started. */
export interface SectionConflict {
  current: SectionState;
  /** The fields they changed, as the form names them (top-level content fields). */
  theirFields: string[];
}

export interface SectionEditing {
  drafts: SectionDrafts;
  errors: Partial<Record<SectionKey, FieldErrors>>;
  conflicts: Partial<Record<SectionKey, SectionConflict>>;
  busy: boolean;
  saveAll(): Promise<void>;
  cancel(): void;
  /** Replaces the draft with their stored version. */
  loadTheirs(key: SectionKey): void;
  /** Saves this user's changed fields over their version. */
  keepMine(key: SectionKey): Promise<void>;
  edit<K extends SectionKey>(key: K, content: SectionContentMap[K]): void;
}

type BySection<V> = Partial<Record<SectionKey, V>>;

/** Sets (or, with undefined, drops) the entry of one section in a per-section state. */
function setFor<V>(
  setter: (update: (current: BySection<V>) => BySection<V>) => void,
  key: SectionKey,
  value: V | undefined,
): void {
  setter((current) => {
    const next = { ...current };
    if (value === undefined) delete next[key];
    else next[key] = value;
    return next;
  });
}

/**
 * The backend's field errors by the form's paths (`content.financials.annualRevenue` is the
 * form's `financials.annualRevenue`). Its texts are English: a German user reads ours.
 */
function serverFieldErrors(fields: { path: string; message: string }[], i18n: I18n): FieldErrors {
  return Object.fromEntries(
    fields.map((field) => [
      field.path.replace(/^content\./, ''),
      i18n.language === 'en' ? field.message : i18n.t.common.checkValue,
    ]),
  );
}

const isSectionState = (value: unknown): value is SectionState =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { rev?: unknown }).rev === 'number' &&
  typeof (value as { content?: unknown }).content === 'object';

/**
 * A draft restored after a reload that someone else saved over since is the same conflict a save
 * would have met: their version, and the fields they changed since the draft's base.
 */
function staleConflicts(
  restored: Drafts,
  storedOf: (key: SectionKey) => SectionState,
): BySection<SectionConflict> {
  const conflicts: BySection<SectionConflict> = {};
  for (const key of Object.keys(restored) as SectionKey[]) {
    const draft = restored[key]!;
    const stored = storedOf(key);
    if (draft.baseRev >= stored.rev) continue;
    conflicts[key] = {
      current: stored,
      theirFields: changedFields(draft.baseContent, stored.content),
    };
  }
  return conflicts;
}

/**
 * The editing state of the sections `storedOf` reads. `onSaved` gets each stored section (after
 * a save, with the completeness; after "load theirs", without). `scope` keys the kept drafts;
 * `remote` keeps them beyond the worker too (lib/section-drafts.ts).
 */
export function useSectionEditing({
  scope,
  i18n,
  storedOf,
  save,
  onSaved,
  remote,
}: {
  scope: string;
  i18n: I18n;
  storedOf: <K extends SectionKey>(key: K) => SectionState<K>;
  save: SaveOne;
  onSaved: (key: SectionKey, section: SectionState, completeness?: CompletenessView) => void;
  remote?: DraftRemote;
}): SectionEditing {
  const { t } = i18n;
  const { addAlert } = useExtensionActions<'crm.record.tab'>();
  const [errors, setErrors] = useState<Partial<Record<SectionKey, FieldErrors>>>({});
  const [conflicts, setConflicts] = useState<Partial<Record<SectionKey, SectionConflict>>>({});
  const drafts = useSectionDrafts(scope, {
    ...(remote ? { remote } : {}),
    onRestored: (restored) =>
      setConflicts((current) => ({ ...current, ...staleConflicts(restored, storedOf) })),
  });
  const [busy, setBusy] = useState(false);

  /** Sends one section; true when it was stored. */
  const send = async (key: SectionKey, draft: SectionDraft, rev: number, content: object) => {
    const result = await save(key, rev, content as SectionContentMap[SectionKey]);
    if (result.ok) {
      drafts.settle(key);
      setFor(setConflicts, key, undefined);
      setFor(setErrors, key, undefined);
      onSaved(key, result.data.section, result.data.completeness);
      // Key people: contacts the deal did not have were associated so their roles show in HubSpot.
      const associated = result.data.buyingRoles?.message;
      if (associated) addAlert({ type: 'info', message: i18n.pick(associated) });
      return true;
    }
    const { error } = result;
    if (error.code === 'conflict' && isSectionState(error.current)) {
      const current = error.current;
      setFor(setConflicts, key, {
        current,
        theirFields: changedFields(draft.baseContent, current.content),
      });
    } else if (error.code === 'validation_failed' && error.fields) {
      setFor(setErrors, key, serverFieldErrors(error.fields, i18n));
    } else {
      addAlert({ type: 'danger', title: t.common.failedTitle, message: i18n.pick(error.message) });
    }
    return false;
  };

  const saveAll = async () => {
    if (busy) return;
    const dirty = drafts.dirty;
    const texts = validationTexts(i18n);
    const problems = Object.fromEntries(
      dirty.map((key) => [key, validateSection(key, drafts.contentOf(key, storedOf(key)), texts)]),
    ) as Partial<Record<SectionKey, FieldErrors>>;
    setErrors(problems);
    if (dirty.some((key) => Object.keys(problems[key] ?? {}).length > 0)) {
      addAlert({ type: 'warning', title: t.common.failedTitle, message: t.common.checkFields });
      return;
    }
    setBusy(true);
    const saved: SectionKey[] = [];
    for (const key of dirty) {
      const draft = drafts.baseOf(key, storedOf(key));
      if (await send(key, draft, draft.baseRev, draft.content)) saved.push(key);
    }
    setBusy(false);
    if (saved.length > 0) {
      addAlert({
        type: 'success',
        title: t.common.savedTitle,
        message: i18n.format(t.plan.sectionSaved, {
          section: saved.map((key) => t.sections[key]).join(', '),
        }),
      });
    }
    if (saved.length < dirty.length) {
      addAlert({ type: 'warning', title: t.common.failedTitle, message: t.common.checkFields });
    }
  };

  const loadTheirs = (key: SectionKey) => {
    const conflict = conflicts[key];
    if (!conflict) return;
    drafts.settle(key);
    setFor(setErrors, key, undefined);
    setFor(setConflicts, key, undefined);
    onSaved(key, conflict.current);
    addAlert({ type: 'info', message: t.conflict.reloaded });
  };

  const keepMine = async (key: SectionKey) => {
    const conflict = conflicts[key];
    if (!conflict || busy) return;
    const draft = drafts.baseOf(key, storedOf(key));
    setBusy(true);
    const stored = await send(
      key,
      draft,
      conflict.current.rev,
      mergeOverTheirs(conflict.current.content, draft),
    );
    setBusy(false);
    if (stored) {
      addAlert({
        type: 'success',
        title: t.common.savedTitle,
        message: i18n.format(t.plan.sectionSaved, { section: t.sections[key] }),
      });
    }
  };

  return {
    drafts,
    errors,
    conflicts,
    busy,
    saveAll,
    cancel: () => {
      drafts.discardAll();
      setErrors({});
      setConflicts({});
    },
    loadTheirs,
    keepMine,
    edit: (key, content) => {
      drafts.edit(key, storedOf(key), content);
      // As the user types: a text over its limit or an impossible date shows at once; once a save
      // showed the section's problems, all of them are checked again, so each clears when fixed.
      const texts = validationTexts(i18n);
      const shown = Object.keys(errors[key] ?? {}).length > 0;
      const problems = shown ? validateSection(key, content, texts) : shapeProblems(content, texts);
      setFor(setErrors, key, Object.keys(problems).length > 0 ? problems : undefined);
    },
  };
}
