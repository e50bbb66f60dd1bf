// The unsaved edits of a card's sections, held at the card (one Save/Cancel bar for all of them, as
// HubSpot's record pages have). UI extensions run in a sandboxed web worker without localStorage,
// sessionStorage or a `beforeunload` hook ("Storage APIs don't exist at runtime",
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/linting/rules/no-browser-storage;
// "addEventListener() … global event listeners don't work for DOM events",
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/linting/rules/no-restricted-globals),
// so nothing can ask before the browser reloads. Instead nothing is lost, in two places:
// - in the worker's memory, by portal, user and record: a card mounted again (a language switch,
//   a record switch and back, HubSpot re-rendering the tab) restores its drafts at once;
// - with a `remote` (the plan card), at the backend, per signed HubSpot user (GET/PUT/DELETE
//   /api/deals/{dealId}/drafts, src/server/handlers/drafts.ts): a section's draft is put
//   DRAFT_PUT_DELAY_MS after its last change, at once when the section is left or the card
//   unmounts, and deleted when it is saved or discarded. A card mounted in a new worker (a full
//   page reload) loads them, restores those still based on the stored revision, and hands those
//   someone else saved over since to `onRestored`, which marks them as conflicts.
// Either way the bar's "restored" note says from when, with Keep and Discard. The backend keeps a
// draft 14 days after its last change; the company card keeps its drafts in memory only.
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  ApiResult,
  DraftsView,
  PutDraftInput,
  SectionContentMap,
  SectionKey,
  SectionState,
} from './types.ts';

/** How long after the last change a draft is put to the backend, ms: a pause in typing. */
export const DRAFT_PUT_DELAY_MS = 1_000;

/** Where a card keeps its drafts beyond the worker (the plan card: the backend, per user). */
export interface DraftRemote {
  load(): Promise<ApiResult<DraftsView>>;
  put(key: SectionKey, draft: PutDraftInput): Promise<ApiResult<unknown>>;
  remove(key: SectionKey): Promise<ApiResult<unknown>>;
  removeAll(): Promise<ApiResult<unknown>>;
}

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
  /** Puts the draft of `key` to the remote now instead of after the typing pause (leaving it). */
  flush(key: SectionKey): void;
  /** The sections with unsaved changes, in the order they were first edited. */
  dirty: SectionKey[];
  /** When kept drafts were restored at mount (the latest edit), or null. */
  restoredFrom: string | null;
  /** Unsaved sections whose latest draft the backend refused or never got: lost on a reload. */
  notKept: SectionKey[];
  dismissRestored(): void;
}

/** Keeps (or forgets) the drafts of `scope` outside React. Idempotent. */
function keep(scope: string, drafts: Drafts): void {
  if (dirtyKeysOf(drafts).length > 0) kept.set(scope, drafts);
  else kept.delete(scope);
}

/** Merges drafts loaded from the remote under the ones in memory (those are this worker's newest). */
function mergeLoaded(current: Drafts, loaded: DraftsView['drafts']): Drafts {
  const merged: Drafts = { ...current };
  for (const draft of loaded) {
    if (merged[draft.section] !== undefined) continue;
    (merged as Record<SectionKey, SectionDraft>)[draft.section] = {
      content: draft.content,
      baseRev: draft.baseRev,
      baseContent: draft.baseContent,
      editedAt: draft.updatedAt,
    };
  }
  return merged;
}

const latestEdit = (drafts: Drafts): string | null =>
  dirtyKeysOf(drafts)
    .map((key) => drafts[key]!.editedAt)
    .sort()
    .at(-1) ?? null;

/**
 * Puts and deletes one scope's drafts at the remote: a put waits for a pause in typing, and the
 * calls of one section run one after another, so a delete after a save is never overtaken by a
 * put still on its way. A failed put leaves the draft in memory and is reported to `onKept`, so
 * the bar can say that a reload would lose it; the next successful put or delete clears that.
 */
function useRemoteKeeping(
  scope: string,
  remote: DraftRemote | undefined,
  onKept: (key: SectionKey, kept: boolean) => void,
) {
  const timers = useRef(new Map<SectionKey, ReturnType<typeof setTimeout>>());
  const queues = useRef(new Map<SectionKey | '*', Promise<unknown>>());
  const remoteRef = useRef(remote);
  const onKeptRef = useRef(onKept);
  // The latest remote for timers and callbacks (refs are set after render, as React asks).
  useEffect(() => {
    remoteRef.current = remote;
    onKeptRef.current = onKept;
  });

  const enqueue = useCallback((key: SectionKey | '*', call: () => Promise<unknown>) => {
    const previous = queues.current.get(key) ?? Promise.resolve();
    const next = previous.then(call).catch(() => undefined);
    queues.current.set(key, next);
  }, []);
  const putNow = useCallback(
    (key: SectionKey) => {
      const pending = timers.current.get(key);
      if (pending === undefined) return;
      clearTimeout(pending);
      timers.current.delete(key);
      const target = remoteRef.current;
      if (!target) return;
      // The draft as it is when the put is sent: the latest keystroke, or none (typed back).
      enqueue(key, async () => {
        const draft = kept.get(scope)?.[key];
        const sent = isDirty(draft)
          ? target.put(key, {
              baseRev: draft!.baseRev,
              content: draft!.content,
              baseContent: draft!.baseContent,
            })
          : target.remove(key);
        const result = await sent.catch(() => ({ ok: false as const }));
        onKeptRef.current(key, result.ok);
      });
    },
    [scope, enqueue],
  );
  const cancel = (key: SectionKey) => {
    const pending = timers.current.get(key);
    if (pending !== undefined) clearTimeout(pending);
    timers.current.delete(key);
  };

  // Leaving the record (or the card unmounting) sends what is still waiting for the pause.
  useEffect(
    () => () => {
      for (const key of [...timers.current.keys()]) putNow(key);
    },
    [putNow],
  );

  return {
    changed(key: SectionKey) {
      if (!remoteRef.current) return;
      cancel(key);
      timers.current.set(
        key,
        setTimeout(() => putNow(key), DRAFT_PUT_DELAY_MS),
      );
    },
    flush: putNow,
    removed(key: SectionKey) {
      cancel(key);
      const target = remoteRef.current;
      if (target) enqueue(key, () => target.remove(key));
    },
    removedAll() {
      for (const key of [...timers.current.keys()]) cancel(key);
      const target = remoteRef.current;
      if (target) enqueue('*', () => target.removeAll());
    },
  };
}

/**
 * The drafts of the record `scope` (`portal:user:record`); with `remote`, also kept there.
 * `onRestored` gets the drafts loaded from the remote at mount (to mark conflicts).
 */
export function useSectionDrafts(
  scope: string,
  options: { remote?: DraftRemote; onRestored?: (restored: Drafts) => void } = {},
): SectionDrafts {
  const [state, setState] = useState(() => {
    const restored = kept.get(scope) ?? {};
    return { scope, drafts: restored, restoredFrom: latestEdit(restored) };
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
  const [notKept, setNotKept] = useState<{ scope: string; keys: SectionKey[] }>({
    scope,
    keys: [],
  });
  const remote = useRemoteKeeping(
    scope,
    options.remote,
    useCallback(
      (key: SectionKey, wasKept: boolean) =>
        setNotKept((previous) => {
          const keys = (previous.scope === scope ? previous.keys : []).filter((k) => k !== key);
          return { scope, keys: wasKept ? keys : [...keys, key] };
        }),
      [scope],
    ),
  );

  // A new worker (a full page reload) finds the drafts at the remote, once per record.
  const { remote: source, onRestored } = options;
  const onRestoredRef = useRef(onRestored);
  const hasRemote = source !== undefined;
  const sourceRef = useRef(source);
  useEffect(() => {
    onRestoredRef.current = onRestored;
    sourceRef.current = source;
  });
  useEffect(() => {
    const target = sourceRef.current;
    if (!hasRemote || !target) return;
    let live = true;
    void target.load().then((result) => {
      if (!live || !result.ok || result.data.drafts.length === 0) return;
      const loaded = result.data.drafts;
      const merged = mergeLoaded(kept.get(scope) ?? {}, loaded);
      keep(scope, merged);
      setState((previous) => ({
        scope,
        drafts: mergeLoaded(previous.scope === scope ? previous.drafts : {}, loaded),
        restoredFrom: latestEdit(merged),
      }));
      const restored: Drafts = {};
      for (const draft of loaded) {
        const found = merged[draft.section];
        if (isDirty(found)) (restored as Record<SectionKey, SectionDraft>)[draft.section] = found!;
      }
      onRestoredRef.current?.(restored);
    });
    return () => {
      live = false;
    };
  }, [scope, hasRemote]);

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
    edit: (key, stored, content) => {
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
      }));
      remote.changed(key);
    },
    settle: (key) => {
      update((current) => {
        const next = { ...current };
        delete next[key];
        return next;
      });
      remote.removed(key);
    },
    discardAll: () => {
      update(() => ({}));
      remote.removedAll();
    },
    flush: remote.flush,
    dirty: dirtyKeysOf(drafts),
    restoredFrom: state.scope === scope ? state.restoredFrom : null,
    notKept:
      notKept.scope === scope
        ? dirtyKeysOf(drafts).filter((key) => notKept.keys.includes(key))
        : [],
    dismissRestored: () => setState((previous) => ({ ...previous, restoredFrom: null })),
  };
}
