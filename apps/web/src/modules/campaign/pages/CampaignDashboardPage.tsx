import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, Col, Empty, Flex, Row, Select, Space, Statistic, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { CampaignDashboard, DashboardRegion } from '../../../contracts.ts';
import { formatDate, formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { LineChart } from '../../../shared/LineChart.tsx';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { campaignApi } from '../api/campaignApi.ts';
import { dashboardApi } from '../api/dashboardApi.ts';
import { formatRate } from '../campaignLabels.tsx';
import { ChartCard } from '../components/dashboard/ChartCard.tsx';
import { LevelTable, OverdueTable, RegionTable, TrendTable } from '../components/dashboard/DashboardTables.tsx';
import { LevelProgressChart } from '../components/dashboard/LevelProgressChart.tsx';
import { hasMap } from '../components/dashboard/mapData.ts';
import { RegionMap } from '../components/dashboard/RegionMap.tsx';

/** The region cards, trend and overdue list of one node. */
function Dashboard({ d, campaignId, onOpen }: { d: CampaignDashboard; campaignId: string; onOpen: (code: string) => void }) {
  const { t, lang } = useLang();
  const code = d.node.regionCode;
  // Counties are the last level: their agencies are in the overdue list and the progress page.
  const canOpen = d.node.level !== 'county';
  const open = canOpen ? (r: DashboardRegion) => onOpen(r.regionCode) : undefined;
  const exportSheet = (sheet: 'regions' | 'levels' | 'overdue' | 'trend') => () => dashboardApi.xlsx(campaignId, code, sheet);
  const rate = (v: number | null) => formatRate(v, lang);
  const trend = useMemo(
    () => ({
      categories: d.trend.map((p) => (p.live ? t('campaignDash.live', { day: formatDate(p.day) }) : formatDate(p.day))),
      series: [
        { name: t('campaignDash.completionRate'), values: d.trend.map((p) => p.completionRate) },
        { name: t('campaignDash.programmeRate'), values: d.trend.map((p) => p.programme.rate) },
      ],
    }),
    [d.trend, t],
  );

  return (
    <Flex vertical gap={16}>
      <Card size="small" data-testid="dashboard-summary">
        <Row gutter={[24, 12]}>
          <Col xs={12} md={4}><Statistic title={t('campaignDash.inScope')} value={formatNumber(d.node.inScope, lang)} /></Col>
          <Col xs={12} md={4}><Statistic title={t('campaignDash.done')} value={formatNumber(d.node.completed + d.node.verified, lang)} /></Col>
          <Col xs={12} md={4}><Statistic title={t('campaignDash.completionRate')} value={rate(d.node.completionRate)} /></Col>
          <Col xs={12} md={4}><Statistic title={t('campaignDash.behind')} value={formatNumber(d.node.behindDeadline, lang)} valueStyle={d.node.behindDeadline ? { color: '#d9363e' } : undefined} /></Col>
          <Col xs={12} md={4}><Statistic title={t('campaignDash.programmeRate')} value={rate(d.node.programme.rate)} /></Col>
          <Col xs={12} md={4}><Statistic title={t('campaignDash.today')} value={formatDate(d.today)} /></Col>
        </Row>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <ChartCard
            title={t('campaignDash.mapTitle', { name: d.node.regionName })}
            testId="dashboard-map-card"
            chart={hasMap(code) && d.node.level !== 'prefecture' ? <RegionMap code={code} regions={d.regions} onOpen={(r) => onOpen(r.regionCode)} /> : undefined}
            table={<RegionTable regions={d.regions} own={d.own} node={d.node} onOpen={open} />}
            onExport={exportSheet('regions')}
          />
        </Col>
        <Col xs={24} xl={10}>
          <ChartCard title={t('campaignDash.levelsTitle')} testId="dashboard-level-card" chart={d.levels.length ? <LevelProgressChart levels={d.levels} /> : <Empty />} table={<LevelTable levels={d.levels} />} onExport={exportSheet('levels')} />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={t('campaignDash.trendTitle')}
            testId="dashboard-trend-card"
            chart={<LineChart categories={trend.categories} series={trend.series} format={(v) => rate(v)} min={0} max={1} data-testid="dashboard-trend-chart" />}
            table={<TrendTable points={d.trend} />}
            onExport={exportSheet('trend')}
          />
          {d.trend.length < 2 && <Typography.Text type="secondary">{t('campaignDash.trendHelp')}</Typography.Text>}
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title={t('campaignDash.overdueTitle', { n: formatNumber(d.overdue.total, lang) })} testId="dashboard-overdue-card" table={<OverdueTable items={d.overdue.items} total={d.overdue.total} />} onExport={exportSheet('overdue')} />
        </Col>
      </Row>
    </Flex>
  );
}

/**
 * 检查整改看板: a campaign's progress on a China map (province view down to
 * prefectures where there is map data), by level against the deadlines, the
 * overdue agencies and the monthly trend; every chart as a table and XLSX.
 * Campaign and region node are kept in the URL.
 */
export function CampaignDashboardPage() {
  const { t } = useLang();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const campaigns = useRemote(() => campaignApi.list(), []);
  const items = campaigns.data?.items ?? [];
  // The newest active campaign by default (the list is newest first).
  const campaignId = params.get('campaign') ?? items.find((c) => c.status === 'active')?.id ?? items[0]?.id;
  const regionCode = params.get('region') ?? undefined;
  const dashboard = useRemote(() => (campaignId ? dashboardApi.get(campaignId, regionCode) : Promise.resolve(undefined)), [campaignId, regionCode]);
  const d = dashboard.data;
  const [exporting, setExporting] = useState(false);

  const go = (next: { campaign?: string | undefined; region?: string | undefined }) => {
    const p = new URLSearchParams();
    const c = next.campaign ?? campaignId;
    if (c) p.set('campaign', c);
    if (next.region) p.set('region', next.region);
    setParams(p);
  };
  const exportAll = async () => {
    if (!campaignId) return;
    setExporting(true);
    try {
      await dashboardApi.xlsx(campaignId, d?.node.regionCode ?? regionCode);
    } catch (e) {
      message.error(errorText(e, t));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Flex vertical gap={16} data-testid="campaign-dashboard">
      <Card size="small">
        <Flex justify="space-between" align="center" wrap gap={12}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('campaignDash.title')}
            </Typography.Title>
            <Select
              style={{ minWidth: 320 }}
              loading={campaigns.loading}
              value={campaignId}
              onChange={(v: string) => go({ campaign: v, region: undefined })}
              options={items.map((c) => ({ value: c.id, label: c.status === 'active' ? c.name : `${c.name}（${t('campaign.closed')}）` }))}
              placeholder={t('campaignDash.pickCampaign')}
              data-testid="dashboard-campaign"
            />
          </Space>
          <Space>
            <Button icon={<ReloadOutlined />} onClick={dashboard.reload}>
              {t('common.refresh')}
            </Button>
            <Button icon={<DownloadOutlined />} loading={exporting} disabled={!d} onClick={exportAll} data-testid="dashboard-xlsx">
              {t('campaignDash.exportAll')}
            </Button>
          </Space>
        </Flex>
        {d && (
          <Breadcrumb
            style={{ marginTop: 12 }}
            data-testid="dashboard-breadcrumb"
            items={d.path.map((p, i) => ({
              key: p.regionCode,
              title: i < d.path.length - 1 ? <Typography.Link onClick={() => go({ region: p.regionCode })}>{p.regionName}</Typography.Link> : p.regionName,
            }))}
          />
        )}
      </Card>
      {campaigns.error && <Alert type="error" showIcon title={errorText(campaigns.error, t)} />}
      {dashboard.error && <Alert type="error" showIcon title={errorText(dashboard.error, t)} />}
      {!campaigns.loading && !items.length && <Empty description={t('campaignDash.noCampaign')} />}
      {d && campaignId && <Dashboard d={d} campaignId={campaignId} onOpen={(code) => go({ region: code })} />}
    </Flex>
  );
}
