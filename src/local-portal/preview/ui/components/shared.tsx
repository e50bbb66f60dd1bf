/// <reference lib="dom" />
// Helpers every component module shares: the gap scale, class names, the form commit hook.
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import { createContext, useContext, useEffect } from 'react';

export type Testable = { testId?: string };

export type Gap =
  | 'flush'
  | 'extra-small'
  | 'xs'
  | 'small'
  | 'sm'
  | 'medium'
  | 'md'
  | 'large'
  | 'lg'
  | 'extra-large'
  | 'xl';

export const GAP_PX: Record<Gap, number> = {
  flush: 0,
  'extra-small': 4,
  xs: 4,
  small: 8,
  sm: 8,
  medium: 16,
  md: 16,
  large: 24,
  lg: 24,
  'extra-large': 32,
  xl: 32,
};

export const cls = (...names: (string | false | null | undefined)[]) =>
  names.filter(Boolean).join(' ');

/** A form-level hook: fields register a commit function, so a submit commits pending edits first. */
export const FormCommitContext = createContext<Set<() => void> | null>(null);

export function useCommitOnSubmit(commit: () => void): void {
  const commits = useContext(FormCommitContext);
  useEffect(() => {
    if (!commits) return undefined;
    commits.add(commit);
    return () => {
      commits.delete(commit);
    };
  }, [commits, commit]);
}
