/// <reference lib="dom" />
// Helpers every component module shares: the gap scale, class names, the form commit hook, the
// text for the eye only.
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import { createContext, useContext, useEffect } from 'react';
import type { ReactNode } from 'react';

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

/** Text for the eye only (`aria-hidden`): a field's prefix, placeholder or required marker. */
export function Decoration({ className, children }: { className: string; children: ReactNode }) {
  return (
    <span className={className} aria-hidden="true">
      {children}
    </span>
  );
}

/**
 * The dialog a component's `overlay` prop opens (a Modal or Panel in HubSpot), closed by Escape or
 * its close button; a `span` where it sits inside inline content (a Tag), else a `div`.
 */
export function OverlayDialog(props: {
  inline?: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  const Element = props.inline ? 'span' : 'div';
  return (
    <Element
      className="hs-overlay"
      role="dialog"
      aria-modal="true"
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onClose();
      }}
    >
      <button type="button" className="hs-overlay-close" aria-label="Close" onClick={props.onClose}>
        ×
      </button>
      {props.children}
    </Element>
  );
}
