import { Card, Col, Empty, Row, Statistic, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { BulletinProgressRow, BulletinTables } from '../../../contracts.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { BarChart } from '../../../shared/BarChart.tsx';
import { LineChart } from '../../../shared/LineChart.tsx';
import { formatRate, levelLabel } from '../../campaign/campaignLabels.tsx';

type Behind = BulletinTables['behind'][number];
type Newly = BulletinTables['newlyCompleted'][number];

/** The figure tables a bulletin publishes (its attachments), as the office reviews them before publishing. */
export function BulletinTablesPreview({ tables: t }: { tables: BulletinTables }) {
  const { t: tr, lang } = useLang();
  const n = (v: number) => formatNumber(v, lang);
  const rate = (v: number | null) => formatRate(v, lang);
  const unit = t.unit === 'province' ? tr('bulletins.unitProvince') : tr('bulletins.unitPrefecture');
  const progressColumns: TableColumnsType<BulletinProgressRow> = [
    { key: 'rank', title: tr('bulletins.rank'), width: 64, align: 'right', render: (_: unknown, r) => r.rank ?? '—' },
    { key: 'name', title: unit, render: (_: unknown, r) => r.name },
    { key: 'inScope', title: tr('campaign.inScope'), align: 'right', render: (_: unknown, r) => n(r.inScope) },
    { key: 'completed', title: tr('bulletins.completed'), align: 'right', render: (_: unknown, r) => n(r.completed) },
    { key: 'verified', title: tr('bulletins.verified'), align: 'right', render: (_: unknown, r) => n(r.verified) },
    { key: 'rate', title: tr('bulletins.completionRate'), align: 'right', render: (_: unknown, r) => rate(r.rate) },
    { key: 'behind', title: tr('campaign.behindCount'), align: 'right', render: (_: unknown, r) => (r.behindDeadline ? <Typography.Text type="danger">{n(r.behindDeadline)}</Typography.Text> : '0') },
    { key: 'newly', title: tr('bulletins.newlyCompleted'), align: 'right', render: (_: unknown, r) => n(r.newlyCompleted) },
    { key: 'programme', title: tr('campaign.programmeRate'), align: 'right', render: (_: unknown, r) => rate(r.programme.rate) },
  ];
  const behindColumns: TableColumnsType<Behind> = [
    { key: 'name', title: unit, render: (_: unknown, r) => r.name },
    { key: 'inScope', title: tr('campaign.inScope'), align: 'right', render: (_: unknown, r) => n(r.inScope) },
    { key: 'behind', title: tr('campaign.behindCount'), align: 'right', render: (_: unknown, r) => n(r.behindDeadline) },
    { key: 'share', title: tr('bulletins.behindShare'), align: 'right', render: (_: unknown, r) => rate(r.share) },
  ];
  const newlyColumns: TableColumnsType<Newly> = [
    { key: 'region', title: unit, render: (_: unknown, r) => r.regionName },
    { key: 'name', title: tr('bulletins.orgName'), render: (_: unknown, r) => r.name },
    { key: 'level', title: tr('orgs.level'), render: (_: unknown, r) => levelLabel(lang, r.level) },
    { key: 'status', title: tr('campaign.status'), render: (_: unknown, r) => (r.status === 'verified' ? tr('bulletins.statusVerified') : tr('bulletins.statusCompleted')) },
  ];
  const ranked = t.progress.filter((r) => r.rank !== null);
  return (
    <Card title={tr('bulletins.tablesOf', { day: t.day })} data-testid="bulletin-tables">
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={12} md={4}><Statistic title={tr('campaign.inScope')} value={n(t.totals.inScope)} /></Col>
        <Col xs={12} md={4}><Statistic title={tr('bulletins.completed')} value={n(t.totals.completed)} /></Col>
        <Col xs={12} md={4}><Statistic title={tr('bulletins.completionRate')} value={rate(t.totals.rate)} /></Col>
        <Col xs={12} md={4}><Statistic title={tr('bulletins.newlyCompleted')} value={n(t.totals.newlyCompleted)} /></Col>
        <Col xs={12} md={4}><Statistic title={tr('campaign.behindCount')} value={n(t.totals.behindDeadline)} /></Col>
        <Col xs={12} md={4}><Statistic title={tr('campaign.programmeRate')} value={rate(t.totals.programme.rate)} /></Col>
      </Row>
      <Typography.Title level={5}>{tr('bulletins.attachmentProgress', { unit })}</Typography.Title>
      <Table size="small" rowKey="regionCode" dataSource={t.progress} columns={progressColumns} pagination={false} scroll={{ x: 'max-content' }} data-testid="bulletin-progress" />
      {ranked.length > 0 && <BarChart categories={ranked.map((r) => r.name)} values={ranked.map((r) => r.rate ?? 0)} seriesName={tr('bulletins.completionRate')} format={(v) => rate(v)} height={260} />}
      <Typography.Title level={5} style={{ marginTop: 16 }}>{tr('bulletins.attachmentBehind')}</Typography.Title>
      {t.behind.length ? <Table size="small" rowKey="regionCode" dataSource={t.behind} columns={behindColumns} pagination={false} data-testid="bulletin-behind" /> : <Empty description={tr('bulletins.noneBehind')} image={Empty.PRESENTED_IMAGE_SIMPLE} />}
      <Typography.Title level={5} style={{ marginTop: 16 }}>{tr('bulletins.attachmentNewly')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t.newlyBasis === 'snapshot' ? tr('bulletins.newlyBySnapshot', { day: t.totals.previous?.day ?? '' }) : tr('bulletins.newlyByTransitions')}</Typography.Paragraph>
      <Table size="small" rowKey="orgId" dataSource={t.newlyCompleted} columns={newlyColumns} pagination={t.newlyCompleted.length > 20 ? { defaultPageSize: 20, showTotal: (x) => tr('common.total', { n: x }) } : false} data-testid="bulletin-newly" />
      <Typography.Title level={5} style={{ marginTop: 16 }}>{tr('bulletins.attachmentTrend')}</Typography.Title>
      {t.trend.length ? (
        <LineChart
          categories={t.trend.map((p) => p.month)}
          series={[
            { name: tr('campaign.programmeRate'), values: t.trend.map((p) => p.programme.rate) },
            { name: tr('bulletins.completionRate'), values: t.trend.map((p) => p.rate) },
          ]}
          format={(v) => rate(v)}
          min={0}
          max={1}
          height={240}
          data-testid="bulletin-trend"
        />
      ) : (
        <Empty description={tr('bulletins.noTrend')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      )}
    </Card>
  );
}
