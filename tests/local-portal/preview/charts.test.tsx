// The preview renders every prop HubSpot's chart components take (@hubspot/ui-extensions
// ChartProps): series from `groupFieldByColor`, the legend, axis labels, colours by `colorList`
// and per value, data labels, tooltips, `propertyLabels` and datetime axes.
import { renderToStaticMarkup } from 'react-dom/server';
import {
  BarChart,
  CHART_COLORS,
  LineChart,
  chartModel,
} from '../../../src/local-portal/preview/ui/components/charts.tsx';

const weeks = [
  { week: '2026-10-05', series: 'handedOff', count: 4 },
  { week: '2026-10-05', series: 'returned', count: 1 },
  { week: '2026-10-12', series: 'handedOff', count: 6 },
  { week: '2026-10-12', series: 'returned', count: 3 },
  { week: '2026-10-19', series: 'handedOff', count: 5 },
];

const axes = {
  x: { field: 'week', fieldType: 'category' as const, label: 'Week' },
  y: { field: 'count', fieldType: 'linear' as const, label: 'Contacts' },
  options: { groupFieldByColor: 'series' },
};

describe('preview charts', () => {
  it('draws a two-series line chart as two lines with a legend and axis labels', () => {
    const html = renderToStaticMarkup(
      <LineChart
        data={{
          data: weeks,
          options: {
            propertyLabels: { series: { handedOff: 'Handed off', returned: 'Returned' } },
          },
        }}
        axes={axes}
        options={{ showLegend: true, title: 'Loop', colorList: ['blue', 'pink'] }}
      />,
    );
    expect(html.match(/data-testid="chart-series"/g)).toHaveLength(2);
    expect(html.match(/<path /g)).toHaveLength(2);
    expect(html).toContain('data-testid="chart-legend"');
    expect(html).toContain('Handed off');
    expect(html).toContain('Returned');
    expect(html).toContain(`stroke:${CHART_COLORS.blue}`);
    expect(html).toContain(`stroke:${CHART_COLORS.pink}`);
    expect(html).toContain('>Week<');
    expect(html).toContain('>Contacts<');
    expect(html).toContain('<figcaption>Loop</figcaption>');
    // No tooltips unless asked for, as in HubSpot.
    expect(html).not.toMatch(/<title>[^<]* · /);
  });

  it('keeps a missing value a gap, not a zero, and groups categories in data order', () => {
    const model = chartModel({ data: weeks, axes });
    expect(model.categories).toEqual(['2026-10-05', '2026-10-12', '2026-10-19']);
    expect(model.series.map((entry) => [entry.key, entry.values])).toEqual([
      ['handedOff', [4, 6, 5]],
      ['returned', [1, 3, undefined]],
    ]);
  });

  it('takes colours per value, stacks bars, and shows data labels and tooltips on request', () => {
    const html = renderToStaticMarkup(
      <BarChart
        data={weeks}
        axes={{
          ...axes,
          options: { ...axes.options, stacking: true, colors: { returned: 'darkGreen' } },
        }}
        options={{ showDataLabels: true, showTooltips: true }}
      />,
    );
    expect(html).toContain(`fill:${CHART_COLORS.darkGreen}`);
    expect(html).toContain('<title>2026-10-12 · returned: 3</title>');
    expect(html).not.toContain('data-testid="chart-legend"');
    // Stacked: the axis top is the largest total (6 + 3), not the largest value.
    expect(html).toContain('>9<');
    expect(html.match(/class="hs-chart-value"/g)).toHaveLength(5);
  });

  it('a single series is named by the y axis label; datetime categories are shown as dates', () => {
    const model = chartModel({
      data: [
        { day: Date.UTC(2026, 0, 5), value: 2 },
        { day: Date.UTC(2026, 0, 12), value: 3 },
      ],
      axes: {
        x: { field: 'day', fieldType: 'datetime' },
        y: { field: 'value', fieldType: 'linear', label: 'Deals won' },
      },
    });
    expect(model.series.map((entry) => entry.label)).toEqual(['Deals won']);
    expect(model.categories[0]).toMatch(/2026/);
    expect(model.categories[0]).not.toMatch(/^\d+$/);
  });
});
