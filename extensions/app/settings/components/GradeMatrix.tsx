// The grade matrix: fit grade per row, engagement grade per column, each with its point range.
import { DataTable } from '../../cards/components/data-table.tsx';
import { format } from '../lib/i18n.ts';
import type { Language, ScoringModel } from '../lib/types.ts';
import type { Messages } from '../messages/index.ts';

/** The nine grades with the point ranges that lead to them. */
export function GradeMatrix({
  model,
  t,
  language,
}: {
  model: ScoringModel;
  t: Messages;
  language: Language;
}) {
  const { fit, engagement } = model.grades;
  const range = (from: number) => format(t.gradeRange, { from }, language);
  const below = (to: number) => format(t.gradeBelow, { to }, language);
  const fitRows: [string, string][] = [
    ['A', range(fit.A)],
    ['B', range(fit.B)],
    ['C', below(fit.B)],
  ];
  const engagementColumns: [string, string][] = [
    ['1', range(engagement['1'])],
    ['2', range(engagement['2'])],
    ['3', below(engagement['2'])],
  ];
  return (
    <DataTable
      condensed
      testId="grade-matrix"
      rows={fitRows}
      rowKey={([fitGrade]) => fitGrade}
      columns={[
        { header: t.gradeMatrixFit, cell: ([fitGrade, text]) => `${fitGrade} (${text})` },
        ...engagementColumns.map(([engagementGrade, text]) => ({
          header: `${t.dimension_engagement} ${engagementGrade} (${text})`,
          cell: ([fitGrade]: [string, string]) => `${fitGrade}${engagementGrade}`,
        })),
      ]}
    />
  );
}
