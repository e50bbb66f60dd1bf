/// <reference lib="dom" />
// Table and its parts: densities, sortable headers (`sortDirection`, `onSortChange`), alignment,
// widths, `colSpan`, and pagination (`paginated`, `pageCount`, `page`, `onPageChange`, with
// first/last buttons and labels as HubSpot offers them).
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { type Testable, cls } from './shared.tsx';

type Align = 'left' | 'center' | 'right';
type Width = 'min' | 'max' | 'auto' | number;

const cellStyle = (align: Align | undefined, width: Width | undefined) => ({
  textAlign: align,
  width:
    width === 'min'
      ? '1%'
      : width === 'max'
        ? '100%'
        : typeof width === 'number'
          ? width
          : undefined,
});

/** The page buttons of a paginated table: at most `maxVisible` numbers around the current page. */
function Pagination({
  page,
  pageCount,
  maxVisible,
  showLabels,
  showFirstLast,
  onPage,
}: {
  page: number;
  pageCount: number;
  maxVisible: number;
  showLabels: boolean;
  showFirstLast: boolean;
  onPage: (page: number) => void;
}) {
  const first = Math.max(
    1,
    Math.min(page - Math.floor(maxVisible / 2), pageCount - maxVisible + 1),
  );
  const pages = Array.from(
    { length: Math.min(maxVisible, pageCount) },
    (_, index) => first + index,
  );
  const step = (label: string, symbol: string, target: number, disabled: boolean) => (
    <button
      type="button"
      className="hs-page-step"
      aria-label={label}
      disabled={disabled}
      onClick={() => onPage(target)}
    >
      {showLabels ? `${symbol} ${label}` : symbol}
    </button>
  );
  return (
    <nav className="hs-pagination" aria-label="Pagination">
      {showFirstLast ? step('First page', '«', 1, page <= 1) : null}
      {step('Previous page', '‹', page - 1, page <= 1)}
      {pages.map((number) => (
        <button
          key={number}
          type="button"
          className={cls('hs-page', number === page && 'hs-page-current')}
          aria-label={`Page ${number}`}
          aria-current={number === page ? 'page' : undefined}
          onClick={() => onPage(number)}
        >
          {number}
        </button>
      ))}
      {step('Next page', '›', page + 1, page >= pageCount)}
      {showFirstLast ? step('Last page', '»', pageCount, page >= pageCount) : null}
    </nav>
  );
}

/** A table; a paginated one shows page buttons under it. */
export function Table({
  bordered,
  flush,
  density = 'default',
  children,
  testId,
  ...pagination
}: Testable & {
  bordered?: boolean;
  flush?: boolean;
  density?: 'default' | 'condensed' | 'compact';
  children?: ReactNode;
  paginated?: boolean;
  pageCount?: number;
  showButtonLabels?: boolean;
  showFirstLastButtons?: boolean;
  maxVisiblePageButtons?: number;
  page?: number;
  onPageChange?: (pageNumber: number) => void;
}) {
  const [own, setOwn] = useState(1);
  const page = pagination.page ?? own;
  const table = (
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
  if (!pagination.paginated || (pagination.pageCount ?? 0) < 1) return table;
  return (
    <div className="hs-table-paginated">
      {table}
      <Pagination
        page={page}
        pageCount={pagination.pageCount ?? 1}
        maxVisible={pagination.maxVisiblePageButtons ?? 5}
        showLabels={pagination.showButtonLabels ?? true}
        showFirstLast={pagination.showFirstLastButtons ?? false}
        onPage={(next) => {
          setOwn(next);
          pagination.onPageChange?.(next);
        }}
      />
    </div>
  );
}

/** Table head. */
export function TableHead({ children, testId }: Testable & { children?: ReactNode }) {
  return <thead data-testid={testId}>{children}</thead>;
}

/** Table body. */
export function TableBody({ children, testId }: Testable & { children?: ReactNode }) {
  return <tbody data-testid={testId}>{children}</tbody>;
}

/** Table footer. */
export function TableFooter({ children, testId }: Testable & { children?: ReactNode }) {
  return <tfoot data-testid={testId}>{children}</tfoot>;
}

/** A table row. */
export function TableRow({ children, testId }: Testable & { children?: ReactNode }) {
  return <tr data-testid={testId}>{children}</tr>;
}

const NEXT_SORT = { none: 'ascending', ascending: 'descending', descending: 'none' } as const;

/** A header cell; with `sortDirection` and `onSortChange` a button that cycles the sort. */
export function TableHeader({
  width,
  align,
  sortDirection,
  onSortChange,
  disabled,
  children,
  testId,
}: Testable & {
  width?: Width;
  align?: Align;
  sortDirection?: 'ascending' | 'descending' | 'none' | 'never';
  onSortChange?: (value: 'ascending' | 'descending' | 'none') => void;
  disabled?: boolean;
  children?: ReactNode;
}) {
  const sortable = sortDirection !== undefined && sortDirection !== 'never';
  return (
    <th
      style={cellStyle(align, width)}
      aria-sort={sortable ? sortDirection : undefined}
      data-testid={testId}
    >
      {sortable ? (
        <button
          type="button"
          className="hs-sort"
          disabled={disabled}
          onClick={() => onSortChange?.(NEXT_SORT[sortDirection])}
        >
          {children}
          <span aria-hidden="true">
            {sortDirection === 'ascending' ? ' ▲' : sortDirection === 'descending' ? ' ▼' : ' ↕'}
          </span>
        </button>
      ) : (
        children
      )}
    </th>
  );
}

/** A body cell. */
export function TableCell({
  children,
  width,
  align,
  colSpan,
  testId,
}: Testable & {
  children?: ReactNode;
  width?: Width;
  align?: Align;
  colSpan?: number;
}) {
  return (
    <td style={cellStyle(align, width)} colSpan={colSpan} data-testid={testId}>
      {children}
    </td>
  );
}
