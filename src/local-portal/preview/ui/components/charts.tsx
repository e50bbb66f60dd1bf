/// <reference lib="dom" />
// BarChart and LineChart with every prop HubSpot's chart components take
// (@hubspot/ui-extensions ChartProps; https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/ui-components/standard-components/charts/overview):
// `data` as rows or `{ data, options: { propertyLabels } }`; `axes.x` / `axes.y` with `field`,
// `fieldType` (category, linear, datetime) and `label` (shown on the axis, in the legend and the
// tooltips); `axes.options.groupFieldByColor` (one series per value: a line or a bar each),
// `stacking` and `colors` per value; `options.title`, `showLegend`, `showDataLabels`,
// `showTooltips` and `colorList` (or the deprecated `colors`). Charts take the card's full width.
// Part of the preview's @hubspot/ui-extensions implementation; ../components.tsx states the contract.
import { type Testable } from './shared.tsx';

/** HubSpot's chart colours, in its default order. */
export const CHART_COLORS = {
  orange: '#ff7a59',
  aqua: '#00bda5',
  purple: '#6a78d1',
  yellow: '#f5c26b',
  pink: '#f2547d',
  blue: '#0091ae',
  green: '#00a4bd',
  darkOrange: '#d9613b',
  darkAqua: '#00a38d',
  darkPurple: '#5e6ab8',
  darkYellow: '#dbae5c',
  darkPink: '#d93d66',
  darkBlue: '#007a8c',
  darkGreen: '#008a9e',
} as const;
export type ChartColor = keyof typeof CHART_COLORS;
const DEFAULT_ORDER = Object.keys(CHART_COLORS) as ChartColor[];

type ChartAxis = { field: string; fieldType: 'category' | 'linear' | 'datetime'; label?: string };
type ChartRow = Record<string, unknown>;

export type ChartProps = Testable & {
  data: readonly ChartRow[] | { data: readonly ChartRow[]; options?: ChartDataOptions };
  axes: {
    x: ChartAxis;
    y: ChartAxis;
    options?: {
      groupFieldByColor?: string;
      stacking?: boolean;
      colors?: Record<string, ChartColor>;
    };
  };
  options?: {
    title?: string;
    showDataLabels?: boolean;
    showLegend?: boolean;
    showTooltips?: boolean;
    colorList?: ChartColor[];
    /** @deprecated HubSpot's old name of colorList. */
    colors?: ChartColor[];
  };
};
type ChartDataOptions = { propertyLabels?: Record<string, Record<string, string>> };

/** One series: its label, colour and a value per category (undefined where the row is missing). */
export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  values: (number | undefined)[];
}

/** The chart's categories and series, as HubSpot groups them. */
export function chartModel(props: ChartProps): { categories: string[]; series: ChartSeries[] } {
  const rows = Array.isArray(props.data)
    ? (props.data as readonly ChartRow[])
    : (props.data as { data: readonly ChartRow[] }).data;
  const dataOptions = Array.isArray(props.data)
    ? undefined
    : (props.data as { options?: ChartDataOptions }).options;
  const relabel = (field: string, value: unknown): string => {
    const text =
      props.axes.x.field === field && props.axes.x.fieldType === 'datetime'
        ? formatDate(value)
        : String(value ?? '');
    return dataOptions?.propertyLabels?.[field]?.[String(value)] ?? text;
  };
  const { x, y } = props.axes;
  const group = props.axes.options?.groupFieldByColor;
  const categories: string[] = [];
  const categoryKeys: string[] = [];
  for (const row of rows) {
    const key = String(row[x.field] ?? '');
    if (!categoryKeys.includes(key)) {
      categoryKeys.push(key);
      categories.push(relabel(x.field, row[x.field]));
    }
  }
  const seriesKeys: string[] = [];
  for (const row of rows) {
    const key = group ? String(row[group] ?? '') : y.field;
    if (!seriesKeys.includes(key)) seriesKeys.push(key);
  }
  const order = [...(props.options?.colorList ?? props.options?.colors ?? [])];
  for (const color of DEFAULT_ORDER) if (!order.includes(color)) order.push(color);
  const series = seriesKeys.map((key, index): ChartSeries => {
    const values = categoryKeys.map((category) => {
      const row = rows.find(
        (candidate) =>
          String(candidate[x.field] ?? '') === category &&
          (!group || String(candidate[group] ?? '') === key),
      );
      const value = row === undefined ? undefined : Number(row[y.field]);
      return value !== undefined && Number.isFinite(value) ? value : undefined;
    });
    const chosen = (group && props.axes.options?.colors?.[key]) || order[index % order.length]!;
    return {
      key,
      label: group ? relabel(group, key) : (y.label ?? y.field),
      color: CHART_COLORS[chosen],
      values,
    };
  });
  return { categories, series };
}

function formatDate(value: unknown): string {
  const ms = typeof value === 'number' ? value : Date.parse(String(value));
  if (!Number.isFinite(ms)) return String(value ?? '');
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(ms);
}

const formatNumber = (value: number) => new Intl.NumberFormat().format(value);

/** Draws bars or lines over the chart's categories as SVG. */
function Chart(props: ChartProps & { kind: 'bar' | 'line' }) {
  const { kind, axes, options, testId } = props;
  const { categories, series } = chartModel(props);
  const stacking = axes.options?.stacking === true;
  const width = 720;
  const height = 260;
  const left = 64;
  const bottom = 48;
  const top = 16;
  const totals = categories.map((_c, index) =>
    series.reduce((sum, entry) => sum + Math.max(0, entry.values[index] ?? 0), 0),
  );
  const peaks = series.flatMap((entry) => entry.values.filter((v): v is number => v !== undefined));
  const max = Math.max(1, ...(stacking ? totals : peaks));
  const step = categories.length > 0 ? (width - left - 8) / categories.length : 0;
  const yOf = (value: number) => top + (height - top - bottom) * (1 - value / max);
  const xOf = (index: number) => left + step * index + step / 2;
  const labelEvery = Math.max(1, Math.ceil(categories.length / 8));
  const tooltip = (entry: ChartSeries, index: number, value: number) =>
    options?.showTooltips
      ? `${categories[index]} · ${entry.label}: ${formatNumber(value)}`
      : undefined;
  const groupWidth = Math.min(56 * Math.max(1, series.length), step * 0.8);
  const barWidth = stacking ? groupWidth : groupWidth / Math.max(1, series.length);
  const geometry: Geometry = {
    xOf,
    yOf,
    base: categories.map(() => 0),
    stacking,
    groupWidth,
    barWidth,
    showDataLabels: options?.showDataLabels === true,
    tooltip,
    categories,
  };
  return (
    <figure className="hs-chart" data-testid={testId} data-kind={kind} data-series={series.length}>
      {options?.title ? <figcaption>{options.title}</figcaption> : null}
      {options?.showLegend ? (
        <ul className="hs-chart-legend" data-testid="chart-legend">
          {series.map((entry) => (
            <li key={entry.key}>
              <span className="hs-chart-swatch" style={{ background: entry.color }} />
              {entry.label}
            </li>
          ))}
        </ul>
      ) : null}
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
        <text x={left - 6} y={top + 4} textAnchor="end" className="hs-chart-tick">
          {formatNumber(max)}
        </text>
        <text x={left - 6} y={height - bottom} textAnchor="end" className="hs-chart-tick">
          0
        </text>
        {series.map((entry, seriesIndex) =>
          kind === 'line' ? lineSeries(entry, geometry) : barSeries(entry, seriesIndex, geometry),
        )}
        {categories.map((label, index) =>
          index % labelEvery === 0 ? (
            <text
              key={index}
              x={xOf(index)}
              y={height - bottom + 14}
              textAnchor="middle"
              className="hs-chart-tick"
            >
              <title>{label}</title>
              {label.length > 18 ? `${label.slice(0, 17)}…` : label}
            </text>
          ) : null,
        )}
        <text x={width / 2} y={height - 6} textAnchor="middle" className="hs-chart-axis-label">
          {axes.x.label ?? axes.x.field}
        </text>
        <text
          x={12}
          y={(height - bottom + top) / 2}
          textAnchor="middle"
          transform={`rotate(-90 12 ${(height - bottom + top) / 2})`}
          className="hs-chart-axis-label"
        >
          {axes.y.label ?? axes.y.field}
        </text>
      </svg>
    </figure>
  );
}

/** What drawing one series needs: scales, stacking state and the chart's options. */
interface Geometry {
  xOf(index: number): number;
  yOf(value: number): number;
  /** The running stack height per category (mutated while drawing stacked series). */
  base: number[];
  stacking: boolean;
  groupWidth: number;
  barWidth: number;
  showDataLabels: boolean;
  tooltip(entry: ChartSeries, index: number, value: number): string | undefined;
  categories: string[];
}

/** One series of a line chart: its line, points and data labels. */
function lineSeries(entry: ChartSeries, geometry: Geometry) {
  const { xOf, yOf, base, stacking, categories } = geometry;
  let previous = categories.map(() => 0);
  if (stacking) {
    previous = [...base];
    entry.values.forEach((value, index) => (base[index] = base[index]! + (value ?? 0)));
  }
  const points = entry.values
    .map((value, index) =>
      value === undefined
        ? undefined
        : ([index, stacking ? previous[index]! + value : value] as const),
    )
    .filter((point): point is readonly [number, number] => point !== undefined);
  const path = points
    .map(([index, value], n) => `${n === 0 ? 'M' : 'L'}${xOf(index)},${yOf(value)}`)
    .join(' ');
  return (
    <g key={entry.key} data-testid="chart-series" data-label={entry.label}>
      <path d={path} className="hs-chart-line" style={{ stroke: entry.color }} />
      {points.map(([index, value]) => (
        <circle key={index} cx={xOf(index)} cy={yOf(value)} r={3.5} style={{ fill: entry.color }}>
          {geometry.tooltip(entry, index, entry.values[index]!) ? (
            <title>{geometry.tooltip(entry, index, entry.values[index]!)}</title>
          ) : null}
        </circle>
      ))}
      {geometry.showDataLabels
        ? points.map(([index, value]) => (
            <text
              key={index}
              x={xOf(index)}
              y={yOf(value) - 6}
              textAnchor="middle"
              className="hs-chart-value"
            >
              {formatNumber(entry.values[index]!)}
            </text>
          ))
        : null}
    </g>
  );
}

/** One series of a bar chart: a bar per category, side by side or stacked. */
function barSeries(entry: ChartSeries, seriesIndex: number, geometry: Geometry) {
  const { xOf, yOf, base, stacking, groupWidth, barWidth } = geometry;
  return (
    <g key={entry.key} data-testid="chart-series" data-label={entry.label}>
      {entry.values.map((value, index) => {
        if (value === undefined) return null;
        const from = stacking ? base[index]! : 0;
        if (stacking) base[index] = from + value;
        const x = stacking
          ? xOf(index) - groupWidth / 2
          : xOf(index) - groupWidth / 2 + barWidth * seriesIndex;
        const tip = geometry.tooltip(entry, index, value);
        return (
          <g key={index}>
            <rect
              x={x}
              y={yOf(from + value)}
              width={Math.max(1, barWidth - 2)}
              height={Math.max(0, yOf(from) - yOf(from + value))}
              style={{ fill: entry.color }}
              className="hs-chart-bar"
            >
              {tip ? <title>{tip}</title> : null}
            </rect>
            {geometry.showDataLabels ? (
              <text
                x={x + barWidth / 2}
                y={yOf(from + value) - 4}
                textAnchor="middle"
                className="hs-chart-value"
              >
                {formatNumber(value)}
              </text>
            ) : null}
          </g>
        );
      })}
    </g>
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
