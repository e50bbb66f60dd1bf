// Loads one backend resource for a card and keeps it: loading → ready | failed, with a retry.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult } from './types.ts';

/** Where loading a resource stands. */
export type RemoteState<T> =
  { status: 'loading' } | { status: 'failed'; error: ApiError } | { status: 'ready'; data: T };

/** The state of a resource, a way to load it again, and a way to replace it after a change. */
export interface Remote<T> {
  state: RemoteState<T>;
  reload(): void;
  replace(update: (current: T) => T): void;
}

/** Loads with `load` on mount and whenever `key` changes; a stale answer is dropped. */
export function useRemote<T>(load: () => Promise<ApiResult<T>>, key: string): Remote<T> {
  const [state, setState] = useState<RemoteState<T>>({ status: 'loading' });
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(() => {
    const current = ++generation.current;
    setState({ status: 'loading' });
    void loadRef.current().then((result) => {
      if (current !== generation.current) return;
      setState(
        result.ok
          ? { status: 'ready', data: result.data }
          : { status: 'failed', error: result.error },
      );
    });
  }, []);

  useEffect(() => {
    reload();
  }, [reload, key]);

  const replace = useCallback((update: (current: T) => T) => {
    setState((previous) =>
      previous.status === 'ready' ? { status: 'ready', data: update(previous.data) } : previous,
    );
  }, []);

  return { state, reload, replace };
}
