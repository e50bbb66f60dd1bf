// Loads one backend resource for a card and keeps it: loading → ready | failed, with a retry, a
// silent refresh (the record changed elsewhere) and a local replace after the card's own change.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult } from './types.ts';

/** Where loading a resource stands. */
export type RemoteState<T> =
  { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; data: T };

/** The state of a resource, a way to load it again, and a way to replace it after a change. */
export interface Remote<T> {
  state: RemoteState<T>;
  reload(): void;
  /** Loads again without leaving the ready state (a failed refresh keeps what is shown). */
  refresh(): void;
  replace(update: (current: T) => T): void;
}

const LOADING = { status: 'loading' } as const;

/** Loads with `load` on mount and whenever `key` changes; a stale answer is dropped. */
export function useRemote<T>(load: () => Promise<ApiResult<T>>, key: string): Remote<T> {
  // The state belongs to the key it was loaded for: another key reads as loading until it answers.
  const [entry, setEntry] = useState<{ key: string; state: RemoteState<T> }>({
    key,
    state: LOADING,
  });
  const state: RemoteState<T> = entry.key === key ? entry.state : LOADING;
  const generation = useRef(0);
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });

  const fetchFor = useCallback((forKey: string, keepShown: boolean) => {
    const current = ++generation.current;
    void loadRef.current().then((result) => {
      if (current !== generation.current) return;
      setEntry((previous) => {
        if (result.ok) return { key: forKey, state: { status: 'ready', data: result.data } };
        if (keepShown && previous.key === forKey && previous.state.status === 'ready')
          return previous;
        return { key: forKey, state: { status: 'failed', error: result.error } };
      });
    });
  }, []);

  useEffect(() => {
    fetchFor(key, false);
  }, [fetchFor, key]);

  const reload = useCallback(() => {
    setEntry({ key, state: LOADING });
    fetchFor(key, false);
  }, [fetchFor, key]);

  const refresh = useCallback(() => fetchFor(key, true), [fetchFor, key]);

  const replace = useCallback((update: (current: T) => T) => {
    setEntry((previous) =>
      previous.state.status === 'ready'
        ? { key: previous.key, state: { status: 'ready', data: update(previous.state.data) } }
        : previous,
    );
  }, []);

  return { state, reload, refresh, replace };
}
