/// <reference lib="dom" />
// BarChart and LineChart.
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import { type Testable } from './shared.tsx';

type ChartAxis = { field: string; fieldType: 'category' | 'linear' | 'datetime'; label?: string };

type ChartProps = Testable & {
  data: readonly Record<string, unknown>[];
  axes: { x: ChartAxis; y: ChartAxis; options?: { groupFieldByColor?: string } };
  options?: {
    title?: string;
    showDataLabels?: boolean;
    showLegend?: boolean;
    showTooltips?: boolean;
  };
};

/** Draws bars or a line over the chart's categories as SVG, with the numbers as labels. */
function Chart({ kind, data, axes, options, testId }: ChartProps & { kind: 'bar' | 'line' }) {
  const width = 560;
  const height = 220;
  const left = 44;
  const bottom = 40;
  const top = 16;
  const values = data.map((row) => Number(row[axes.y.field] ?? 0));
  const labels = data.map((row) => String(row[axes.x.field] ?? ''));
  const max = Math.max(1, ...values.filter((value) => Number.isFinite(value)));
  const step = data.length > 0 ? (width - left - 8) / data.length : 0;
  const yOf = (value: number) => top + (height - top - bottom) * (1 - value / max);
  const xOf = (index: number) => left + step * index + step / 2;
  // Many categories (weeks) would overlap: label about eight of them.
  const labelEvery = Math.max(1, Math.ceil(data.length / 8));
  const path = values
    .map((value, index) => `${index === 0 ? 'M' : 'L'}${xOf(index)},${yOf(value)}`)
    .join(' ');
  return (
    <figure className="hs-chart" data-testid={testId}>
      {options?.title ? <figcaption>{options.title}</figcaption> : null}
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${axes.y.label ?? axes.y.field} / ${axes.x.label ?? axes.x.field}`}
      >
        <line
          x1={left}
          y1={height - bottom}
          x2={width - 4}
          y2={height - bottom}
          className="hs-chart-axis"
        />
        <line x1={left} y1={top} x2={left} y2={height - bottom} className="hs-chart-axis" />
        <text x={4} y={top + 4} className="hs-chart-tick">
          {max}
        </text>
        <text x={4} y={height - bottom} className="hs-chart-tick">
          0
        </text>
        {kind === 'line' ? <path d={path} className="hs-chart-line" /> : null}
        {values.map((value, index) => (
          <g key={index}>
            {kind === 'bar' ? (
              <rect
                x={xOf(index) - Math.min(28, step * 0.35)}
                y={yOf(value)}
                width={Math.min(56, step * 0.7)}
                height={Math.max(0, height - bottom - yOf(value))}
                className="hs-chart-bar"
              >
                <title>{`${labels[index]}: ${value}`}</title>
              </rect>
            ) : (
              <circle cx={xOf(index)} cy={yOf(value)} r={3.5} className="hs-chart-point">
                <title>{`${labels[index]}: ${value}`}</title>
              </circle>
            )}
            {options?.showDataLabels ? (
              <text
                x={xOf(index)}
                y={yOf(value) - 5}
                textAnchor="middle"
                className="hs-chart-value"
              >
                {value}
              </text>
            ) : null}
            {index % labelEvery === 0 ? (
              <text
                x={xOf(index)}
                y={height - bottom + 14}
                textAnchor="middle"
                className="hs-chart-tick"
              >
                {labels[index]!.length > 14 ? `${labels[index]!.slice(0, 13)}…` : labels[index]}
              </text>
            ) : null}
          </g>
        ))}
        <text x={width / 2} y={height - 4} textAnchor="middle" className="hs-chart-axis-label">
          {axes.x.label ?? axes.x.field}
        </text>
      </svg>
    </figure>
  );
}

/** A bar chart. */
export function BarChart(props: ChartProps) {
  return <Chart {...props} kind="bar" />;
}

/** A line chart. */
export function LineChart(props: ChartProps) {
  return <Chart {...props} kind="line" />;
}
