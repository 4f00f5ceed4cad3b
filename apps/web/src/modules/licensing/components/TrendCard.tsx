import { Card, Empty, Segmented, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { LineChart } from '../../../shared/LineChart.tsx';
import { useRemote } from '../../../shared/useRemote.ts';
import { licensingApi } from '../api/licensingApi.ts';
import { formatRate } from '../licensingLabels.tsx';

const PERIODS = [30, 90, 180, 365] as const;

export interface TrendCardProps {
  /** An organization, or a region node (000000: national). */
  subject: { orgId: string } | { regionCode: string };
}

/** 正版化率趋势: the daily overall and programme rates and the compliant-device share. */
export function TrendCard({ subject }: TrendCardProps) {
  const { t, lang } = useLang();
  const [days, setDays] = useState<number>(180);
  const key = 'orgId' in subject ? `org:${subject.orgId}` : `region:${subject.regionCode}`;
  const trend = useRemote(() => licensingApi.trend(subject, days), [key, days]);
  const format = useCallback((n: number) => formatRate(n, lang), [lang]);
  const points = trend.data ?? [];
  const categories = useMemo(() => points.map((p) => p.day), [points]);
  const series = useMemo(
    () => [
      { name: t('compliance.overallRate'), values: points.map((p) => p.overall.rate) },
      { name: t('compliance.programmeRate'), values: points.map((p) => p.programme.rate) },
      { name: t('compliance.compliantDeviceRate'), values: points.map((p) => (p.devices ? p.compliantDevices / p.devices : null)) },
    ],
    [points, t],
  );
  return (
    <Card
      title={t('compliance.trend')}
      extra={<Segmented<number> size="small" value={days} onChange={setDays} options={PERIODS.map((n) => ({ value: n, label: t('compliance.lastDays', { n }) }))} />}
      data-testid="compliance-trend"
    >
      {trend.error && <Typography.Text type="danger">{errorText(trend.error, t)}</Typography.Text>}
      {!trend.loading && points.length === 0 ? (
        <Empty description={t('compliance.noTrend')} />
      ) : (
        <LineChart categories={categories} series={series} format={format} min={0} max={1} data-testid="trend-chart" />
      )}
    </Card>
  );
}
