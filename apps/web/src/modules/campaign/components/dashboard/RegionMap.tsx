import { Alert, Spin } from 'antd';
import { MapChart } from 'echarts/charts';
import { TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef, useState } from 'react';
import { featureRegionCode } from '../../../../contracts.ts';
import type { DashboardRegion } from '../../../../contracts.ts';
import { formatNumber } from '../../../../i18n/format.ts';
import { useLang } from '../../../../i18n/useLang.ts';
import { formatRate } from '../../campaignLabels.tsx';
import { loadMap, type LoadedMap } from './mapData.ts';

echarts.use([MapChart, VisualMapContinuousComponent, TooltipComponent, CanvasRenderer]);

const NATIONAL = '000000';

/** The child node of `node` a map feature's code stands for (a province map's districts count in their prefecture). */
function childCodeOf(node: string, featureCode: string): string {
  return node === NATIONAL ? `${featureCode.slice(0, 2)}0000` : `${featureCode.slice(0, 4)}00`;
}

export interface RegionMapProps {
  /** the node whose map to show: 000000 (China, by province) or a province (by prefecture) */
  code: string;
  regions: DashboardRegion[];
  /** a click on a region with agencies in scope */
  onOpen: (region: DashboardRegion) => void;
  height?: number;
}

/**
 * The map of a node coloured by completion rate (visualMap 0–100 %); regions
 * without agencies in scope stay grey. The host element carries the map's
 * name, feature count and how many features are coloured, for tests.
 */
export function RegionMap({ code, regions, onOpen, height = 460 }: RegionMapProps) {
  const { t, lang } = useLang();
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [map, setMap] = useState<LoadedMap | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = useRef(onOpen);
  open.current = onOpen;

  useEffect(() => {
    let current = true;
    setMap(null);
    setError(null);
    loadMap(code)
      .then((m) => current && setMap(m))
      .catch((e: unknown) => current && setError(String(e)));
    return () => {
      current = false;
    };
  }, [code]);

  // One item per feature: the figures of the child region it belongs to.
  const data = useMemo(() => {
    if (!map) return [];
    const byCode = new Map(regions.map((r) => [r.regionCode, r]));
    return map.features.map((f) => {
      const fc = featureRegionCode(f, regions);
      const region = fc ? (byCode.get(fc) ?? byCode.get(childCodeOf(code, fc))) : undefined;
      return { name: f.name, value: region?.completionRate ?? undefined, region };
    });
  }, [map, regions, code]);

  useEffect(() => {
    if (!host.current || !map) return;
    const instance = echarts.init(host.current);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(host.current);
    instance.on('click', (p) => {
      const region = (p.data as { region?: DashboardRegion } | undefined)?.region;
      if (region) open.current(region);
    });
    instance.on('finished', () => host.current?.setAttribute('data-rendered', 'true'));
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [map]);

  useEffect(() => {
    if (!chart.current || !map) return;
    host.current?.removeAttribute('data-rendered');
    chart.current.setOption(
      {
        // Motion helps a person follow a change of node; under a test driver it only delays the picture.
        animation: !navigator.webdriver,
        tooltip: {
          trigger: 'item',
          formatter: (p: { name: string; data?: { region?: DashboardRegion } }) => {
            const r = p.data?.region;
            if (!r) return `${p.name}<br/>${t('campaignDash.noAgencies')}`;
            return [
              `<b>${r.regionName}</b>`,
              `${t('campaignDash.completionRate')}: ${formatRate(r.completionRate, lang)}`,
              `${t('campaignDash.inScope')}: ${formatNumber(r.inScope, lang)}`,
              `${t('campaignDash.behind')}: ${formatNumber(r.behindDeadline, lang)}`,
              `${t('campaignDash.programmeRate')}: ${formatRate(r.programme.rate, lang)}`,
            ].join('<br/>');
          },
        },
        visualMap: {
          type: 'continuous',
          min: 0,
          max: 1,
          left: 8,
          bottom: 8,
          calculable: false,
          text: ['100%', '0%'],
          inRange: { color: ['#d9363e', '#f5c542', '#52a447'] },
          formatter: (v: number) => formatRate(v, lang),
        },
        series: [
          {
            type: 'map',
            map: map.name,
            roam: false,
            selectedMode: false,
            layoutCenter: ['50%', '52%'],
            layoutSize: '95%',
            itemStyle: { areaColor: '#e8e8e8', borderColor: '#ffffff', borderWidth: 0.6 },
            emphasis: { label: { show: true }, itemStyle: { areaColor: '#1d5fbf' } },
            label: { show: code !== NATIONAL, fontSize: 10 },
            data,
          },
        ],
      },
      { notMerge: true },
    );
  }, [map, data, code, t, lang]);

  if (error) return <Alert type="warning" showIcon title={t('campaignDash.mapFailed')} description={error} />;
  return (
    <Spin spinning={!map}>
      <div
        ref={host}
        style={{ width: '100%', height }}
        data-testid="region-map"
        data-map={map?.name}
        data-features={map?.features.length}
        data-coloured={data.filter((d) => d.value !== undefined).length}
      />
    </Spin>
  );
}
