import { BarChart as EBarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useEChart } from './useEChart.ts';

echarts.use([EBarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface BarChartProps {
  categories: string[];
  values: number[];
  seriesName: string;
  /** Formats axis labels and tooltips (thousands separators). */
  format: (n: number) => string;
  height?: number;
}

/** A single-series bar chart (ECharts, only the parts it needs). */
export function BarChart({ categories, values, seriesName, format, height = 280 }: BarChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useEChart(host);

  useEffect(() => {
    chart.current?.setOption({
      // Small chart, numbers matter more than motion; also keeps screenshots deterministic.
      animation: false,
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => format(Number(v)) },
      xAxis: { type: 'category', data: categories },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => format(v) } },
      series: [{ name: seriesName, type: 'bar', data: values, barMaxWidth: 48, itemStyle: { color: '#1d5fbf' }, label: { show: true, position: 'top', formatter: (p: { value: unknown }) => format(Number(p.value)) } }],
    });
  }, [categories, values, seriesName, format]);

  return <div ref={host} style={{ width: '100%', height }} data-testid="bar-chart" />;
}
