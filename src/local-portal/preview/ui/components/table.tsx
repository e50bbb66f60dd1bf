/// <reference lib="dom" />
// Table and its parts.
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import type { ReactNode } from 'react';
import { type Testable, cls } from './shared.tsx';

/** A table. */
export function Table({
  bordered,
  flush,
  density = 'default',
  children,
  testId,
}: Testable & {
  bordered?: boolean;
  flush?: boolean;
  density?: 'default' | 'condensed' | 'compact';
  children?: ReactNode;
}) {
  return (
    <table
      className={cls(
        'hs-table',
        bordered && 'hs-table-bordered',
        flush && 'hs-table-flush',
        `hs-table-${density}`,
      )}
      data-testid={testId}
    >
      {children}
    </table>
  );
}

/** Table head. */
export function TableHead({ children }: { children?: ReactNode }) {
  return <thead>{children}</thead>;
}

/** Table body. */
export function TableBody({ children }: { children?: ReactNode }) {
  return <tbody>{children}</tbody>;
}

/** Table footer. */
export function TableFooter({ children }: { children?: ReactNode }) {
  return <tfoot>{children}</tfoot>;
}

/** A table row. */
export function TableRow({ children }: { children?: ReactNode }) {
  return <tr>{children}</tr>;
}

/** A header cell. */
export function TableHeader({
  width,
  children,
}: {
  width?: 'min' | 'max' | 'auto' | number;
  children?: ReactNode;
}) {
  return (
    <th style={{ width: width === 'min' ? '1%' : typeof width === 'number' ? width : undefined }}>
      {children}
    </th>
  );
}

/** A body cell. */
export function TableCell({
  children,
}: {
  children?: ReactNode;
  width?: 'min' | 'max' | 'auto' | number;
}) {
  return <td>{children}</td>;
}
