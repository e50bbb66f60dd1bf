// One bordered table of rows for the cards, the settings page and the loop page: a header cell
// and a body cell per column, so a table is its columns, not forty lines of TableRow markup.
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/ui-components/standard-components/table
import type { ComponentProps, ReactNode } from 'react';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@hubspot/ui-extensions';

/** One column: its header (none for a table without a head row) and its cell for a row. */
export interface DataColumn<Row> {
  header?: ReactNode;
  /** The header's width (`min`: as narrow as its cells allow, e.g. points). */
  width?: ComponentProps<typeof TableHeader>['width'];
  cell: (row: Row) => ReactNode;
}

export interface DataTableProps<Row> {
  testId: string;
  columns: readonly DataColumn<Row>[];
  rows: readonly Row[];
  /** A key unique among the rows (React's list key). */
  rowKey: (row: Row) => string | number;
  /** HubSpot's condensed density (tables in tiles and panels). */
  condensed?: boolean;
}

/** A bordered table; the head row is left out when no column has a header. */
export function DataTable<Row>({
  testId,
  columns,
  rows,
  rowKey,
  condensed = false,
}: DataTableProps<Row>) {
  const headed = columns.some((column) => column.header !== undefined);
  return (
    <Table bordered {...(condensed ? { density: 'condensed' as const } : {})} testId={testId}>
      {headed ? (
        <TableHead>
          <TableRow>
            {columns.map((column, index) => (
              <TableHeader
                key={index}
                {...(column.width === undefined ? {} : { width: column.width })}
              >
                {column.header}
              </TableHeader>
            ))}
          </TableRow>
        </TableHead>
      ) : null}
      <TableBody>
        {rows.map((row) => (
          <TableRow key={rowKey(row)}>
            {columns.map((column, index) => (
              <TableCell key={index}>{column.cell(row)}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
