import * as echarts from 'echarts/core';
import { useEffect, useRef, type RefObject } from 'react';

/**
 * An ECharts instance on `host` for the component's life: created on mount,
 * resized with its box, disposed on unmount. Charts set their options on
 * `chart.current` in their own effects.
 */
export function useEChart(host: RefObject<HTMLDivElement | null>): RefObject<echarts.ECharts | null> {
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!host.current) return;
    const instance = echarts.init(host.current);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(host.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [host]);
  return chart;
}
