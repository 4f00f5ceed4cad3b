import { BarChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { DashboardLevel } from '../../../../contracts.ts';
import { formatDate, formatNumber } from '../../../../i18n/format.ts';
import { useLang } from '../../../../i18n/useLang.ts';
import { formatRate, levelLabel } from '../../campaignLabels.tsx';
import { useEChart } from '../../../../shared/useEChart.ts';

echarts.use([BarChart, GridComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

/** What the deadline means today: days left, due today, or days overdue. */
export function useDeadlineText() {
  const { t, lang } = useLang();
  return (l: Pick<DashboardLevel, 'daysLeft'>) =>
    l.daysLeft > 0 ? t('campaignDash.daysLeft', { n: formatNumber(l.daysLeft, lang) }) : l.daysLeft === 0 ? t('campaignDash.dueToday') : t('campaignDash.daysOverdue', { n: formatNumber(-l.daysLeft, lang) });
}

/**
 * Completion by level against each level's deadline: one bar per level
 * (share completed or verified), the deadline and days left or overdue under
 * it, red when the deadline has passed with agencies still behind, and the
 * 100 % target line.
 */
export function LevelProgressChart({ levels, height = 320 }: { levels: DashboardLevel[]; height?: number }) {
  const { t, lang } = useLang();
  const deadlineText = useDeadlineText();
  const host = useRef<HTMLDivElement>(null);
  const chart = useEChart(host);

  useEffect(() => {
    chart.current?.setOption(
      {
        animation: !navigator.webdriver,
        grid: { left: 56, right: 72, top: 32, bottom: 72 },
        tooltip: {
          trigger: 'axis',
          formatter: (ps: { dataIndex: number }[]) => {
            const l = levels[ps[0]?.dataIndex ?? 0];
            if (!l) return '';
            return [
              `<b>${levelLabel(lang, l.level)}</b>`,
              `${t('campaignDash.deadline')}: ${formatDate(l.deadline)}（${deadlineText(l)}）`,
              `${t('campaignDash.completionRate')}: ${formatRate(l.completionRate, lang)}（${formatNumber(l.done, lang)} / ${formatNumber(l.inScope, lang)}）`,
              `${t('campaignDash.behind')}: ${formatNumber(l.behindDeadline, lang)}`,
            ].join('<br/>');
          },
        },
        xAxis: {
          type: 'category',
          data: levels.map((l) => `${levelLabel(lang, l.level)}\n${t('campaignDash.deadlineOn', { day: formatDate(l.deadline) })}\n${deadlineText(l)}`),
          axisLabel: { interval: 0, lineHeight: 16, color: (_: unknown, i: number) => (levels[i] && levels[i].daysLeft < 0 && levels[i].behindDeadline > 0 ? '#d9363e' : '#555') },
        },
        yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => formatRate(v, lang) } },
        series: [
          {
            name: t('campaignDash.completionRate'),
            type: 'bar',
            barMaxWidth: 56,
            data: levels.map((l) => ({ value: l.completionRate ?? 0, itemStyle: { color: l.daysLeft < 0 && l.behindDeadline > 0 ? '#d9363e' : '#1d5fbf' } })),
            label: { show: true, position: 'top', formatter: (p: { dataIndex: number }) => formatRate(levels[p.dataIndex]?.completionRate, lang) },
            markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#52a447' }, label: { formatter: t('campaignDash.target') }, data: [{ yAxis: 1 }] },
          },
        ],
      },
      { notMerge: true },
    );
  }, [levels, t, lang, deadlineText]);

  return <div ref={host} style={{ width: '100%', height }} data-testid="level-chart" />;
}
