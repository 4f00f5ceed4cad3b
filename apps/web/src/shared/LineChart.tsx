import { LineChart as ELineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useEChart } from './useEChart.ts';

echarts.use([ELineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** One line: its name and a value per category (null: no figure that day). */
export interface LineSeries {
  name: string;
  values: (number | null)[];
}

export interface LineChartProps {
  categories: string[];
  series: LineSeries[];
  /** Formats axis labels and tooltips (percentages, thousands separators). */
  format: (n: number) => string;
  /** Fixes the value axis (0…1 for rates). */
  min?: number;
  max?: number;
  height?: number;
  'data-testid'?: string;
}

/** A line chart over days (ECharts, only the parts it needs): trends of the legalization rate. */
export function LineChart({ categories, series, format, min, max, height = 280, 'data-testid': testId = 'line-chart' }: LineChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useEChart(host);

  useEffect(() => {
    chart.current?.setOption(
      {
        // A drawn-out line helps a person follow it; under a test driver it would only make screenshots flaky.
        animation: !navigator.webdriver,
        grid: { left: 56, right: 24, top: 40, bottom: 32 },
        legend: { top: 0 },
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : format(Number(v))) },
        xAxis: { type: 'category', data: categories, boundaryGap: false },
        yAxis: { type: 'value', min, max, axisLabel: { formatter: (v: number) => format(v) } },
        series: series.map((s) => ({ name: s.name, type: 'line', data: s.values, showSymbol: categories.length <= 31, connectNulls: true })),
      },
      { notMerge: true },
    );
  }, [categories, series, format, min, max]);

  return <div ref={host} style={{ width: '100%', height }} data-testid={testId} />;
}
