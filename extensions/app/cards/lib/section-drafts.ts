// The unsaved edits of a card's sections, held at the card (one Save/Cancel bar for all of them, as
// HubSpot's record pages have) and kept outside React too: UI extensions run in a sandboxed web
// worker without localStorage, sessionStorage or a `beforeunload` hook ("Storage APIs don't exist
// at runtime", https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/linting/rules/no-browser-storage;
// "addEventListener() … global event listeners don't work for DOM events",
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/linting/rules/no-restricted-globals).
// So nothing can ask before the browser reloads; instead every draft is kept in the worker's memory
// by portal, user and record, and a card mounted again (a language switch, a record switch and
// back, HubSpot re-rendering the tab) restores it and says so. A full page reload starts a new
// worker: what was not saved then is gone, which the bar's "unsaved changes" marker warns about.
import { useCallback, useState } from 'react';
import type { SectionContentMap, SectionKey, SectionState } from './types.ts';

/** One section's unsaved edit: the content typed, and the stored version it started from. */
export interface SectionDraft<K extends SectionKey = SectionKey> {
  content: SectionContentMap[K];
  baseRev: number;
  baseContent: SectionContentMap[K];
  /** When the draft was last changed, ISO. */
  editedAt: string;
}

export type Drafts = Partial<{ [K in SectionKey]: SectionDraft<K> }>;

/** Structural equality of JSON-like values (key order does not matter). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameJson(item, b[index]))
    );
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].every((key) => sameJson(left[key], right[key]));
}

/** The top-level fields where `next` differs from `base`. */
export function changedFields(base: object, next: object): string[] {
  const from = base as Record<string, unknown>;
  const to = next as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
  return keys.filter((key) => !sameJson(from[key], to[key]));
}

/**
 * What "keep my changes" saves after a conflict: their stored version with only the fields this
 * user changed taken from the draft, so the other person's edits to other fields survive.
 */
export function mergeOverTheirs<T extends object>(theirs: T, draft: SectionDraft): T {
  const mine = changedFields(draft.baseContent, draft.content);
  const merged = { ...(theirs as Record<string, unknown>) };
  for (const field of mine) merged[field] = (draft.content as Record<string, unknown>)[field];
  return merged as T;
}

/** Whether a draft differs from the version it started from. */
export const isDirty = (draft: SectionDraft | undefined): boolean =>
  draft !== undefined && !sameJson(draft.content, draft.baseContent);

/** Drafts outside React, by `portal:user:record`: they survive the card being mounted again. */
const kept = new Map<string, Drafts>();

/** Forgets every kept draft (tests start clean). */
export function forgetKeptDrafts(): void {
  kept.clear();
}

const dirtyKeysOf = (drafts: Drafts): SectionKey[] =>
  (Object.keys(drafts) as SectionKey[]).filter((key) => isDirty(drafts[key]));

/** The drafts of one record's sections. */
export interface SectionDrafts {
  /** The content to show: the draft, else the stored content. */
  contentOf<K extends SectionKey>(key: K, stored: SectionState<K>): SectionContentMap[K];
  /** The revision a save must name: the draft's base, else the stored one. */
  baseOf<K extends SectionKey>(key: K, stored: SectionState<K>): SectionDraft<K>;
  edit<K extends SectionKey>(key: K, stored: SectionState<K>, content: SectionContentMap[K]): void;
  /** Drops the draft of `key` (saved, or replaced by the stored version). */
  settle(key: SectionKey): void;
  /** Drops every draft (Cancel). */
  discardAll(): void;
  /** The sections with unsaved changes, in the order they were first edited. */
  dirty: SectionKey[];
  /** When kept drafts were restored at mount (the latest edit), or null. */
  restoredFrom: string | null;
  dismissRestored(): void;
}

/** Keeps (or forgets) the drafts of `scope` outside React. Idempotent. */
function keep(scope: string, drafts: Drafts): void {
  if (dirtyKeysOf(drafts).length > 0) kept.set(scope, drafts);
  else kept.delete(scope);
}

/** The drafts of the record `scope` (`portal:user:record`). */
export function useSectionDrafts(scope: string): SectionDrafts {
  const [state, setState] = useState(() => {
    const restored = kept.get(scope) ?? {};
    const stamps = dirtyKeysOf(restored).map((key) => restored[key]!.editedAt);
    return {
      scope,
      drafts: restored,
      restoredFrom: stamps.length > 0 ? stamps.sort().at(-1)! : null,
    };
  });
  const drafts = state.scope === scope ? state.drafts : (kept.get(scope) ?? {});
  const update = useCallback(
    (change: (current: Drafts) => Drafts) =>
      setState((previous) => {
        const current = previous.scope === scope ? previous.drafts : (kept.get(scope) ?? {});
        const next = change(current);
        keep(scope, next);
        return {
          scope,
          drafts: next,
          restoredFrom: previous.scope === scope ? previous.restoredFrom : null,
        };
      }),
    [scope],
  );

  const baseOf = <K extends SectionKey>(key: K, stored: SectionState<K>): SectionDraft<K> =>
    (drafts[key] as SectionDraft<K> | undefined) ?? {
      content: stored.content,
      baseRev: stored.rev,
      baseContent: stored.content,
      editedAt: '',
    };

  return {
    contentOf: (key, stored) => baseOf(key, stored).content,
    baseOf,
    edit: (key, stored, content) =>
      update((current) => ({
        ...current,
        [key]: {
          ...((current[key] as SectionDraft | undefined) ?? {
            baseRev: stored.rev,
            baseContent: stored.content,
          }),
          content,
          editedAt: new Date().toISOString(),
        },
      })),
    settle: (key) =>
      update((current) => {
        const next = { ...current };
        delete next[key];
        return next;
      }),
    discardAll: () => update(() => ({})),
    dirty: dirtyKeysOf(drafts),
    restoredFrom: state.scope === scope ? state.restoredFrom : null,
    dismissRestored: () => setState((previous) => ({ ...previous, restoredFrom: null })),
  };
}
