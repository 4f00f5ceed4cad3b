import { ReloadOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Checkbox, Col, Flex, Input, Row, Select, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { CAMPAIGN_LEVELS, PROGRESS_STATUSES } from '../../../contracts.ts';
import type { ProgressItem } from '../../../contracts.ts';
import { formatDate, formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { campaignApi } from '../api/campaignApi.ts';
import type { ProgressFilters } from '../api/campaignApi.ts';
import { formatRate, levelLabel, ProgressTag, statusLabel } from '../campaignLabels.tsx';
import { ProgressDrawer } from '../components/ProgressDrawer.tsx';

/**
 * Progress of a campaign: every agency in my scope with its state, its
 * deadline and whether it is behind it; a row opens the agency, where the
 * moves, the evidence and the exceptions are.
 */
export function CampaignProgressPage() {
  const { campaignId = '' } = useParams();
  const { t, lang } = useLang();
  const [filters, setFilters] = useState<ProgressFilters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [open, setOpen] = useState<string | null>(null);
  const campaign = useRemote(() => campaignApi.get(campaignId), [campaignId]);
  const list = useRemote(() => campaignApi.progress(campaignId, { ...filters, page, pageSize }), [campaignId, JSON.stringify(filters), page, pageSize]);
  const update = (f: Partial<ProgressFilters>) => {
    setFilters((x) => ({ ...x, ...f }));
    setPage(1);
  };
  const reload = () => {
    campaign.reload();
    list.reload();
  };
  const c = campaign.data;

  const columns: TableColumnsType<ProgressItem> = [
    {
      key: 'org',
      title: t('devices.org'),
      render: (_: unknown, i) => (
        <Typography.Link onClick={() => setOpen(i.orgId)} data-testid="progress-org">
          {i.orgName}
        </Typography.Link>
      ),
    },
    { key: 'region', title: t('orgs.region'), render: (_: unknown, i) => i.regionName ?? i.regionCode },
    { key: 'level', title: t('orgs.level'), render: (_: unknown, i) => levelLabel(lang, i.level) },
    {
      key: 'status',
      title: t('campaign.status'),
      render: (_: unknown, i) => (
        <Flex gap={4} wrap>
          <ProgressTag status={i.status} />
          {i.pendingExceptionId && <Tag color="purple">{t('campaign.exceptionPending')}</Tag>}
        </Flex>
      ),
    },
    {
      key: 'deadline',
      title: t('campaign.deadline'),
      render: (_: unknown, i) => (
        <Flex gap={4} wrap>
          <Typography.Text type={i.behindDeadline ? 'danger' : undefined}>{formatDate(i.deadline)}</Typography.Text>
          {i.behindDeadline && (
            <Tag color="error" data-testid="behind-deadline">
              {t('campaign.behind')}
            </Tag>
          )}
        </Flex>
      ),
    },
    { key: 'rate', title: t('campaign.programmeRate'), align: 'right', render: (_: unknown, i) => formatRate(i.programmeRate, lang) },
    { key: 'devices', title: t('campaign.devices'), align: 'right', render: (_: unknown, i) => formatNumber(i.devices, lang) },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_: unknown, i) => (
        <Button size="small" onClick={() => setOpen(i.orgId)} data-testid="progress-open">
          {t('campaign.handle')}
        </Button>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Breadcrumb items={[{ title: <Link to="/campaign/campaigns">{t('menu.campaigns')}</Link> }, { title: c?.name ?? '…' }]} />
      {campaign.error && <Typography.Text type="danger">{errorText(campaign.error, t)}</Typography.Text>}
      {c && (
        <Card size="small" title={c.name} extra={<Tooltip title={t('common.refresh')}><Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={reload} /></Tooltip>}>
          <Row gutter={16} data-testid="campaign-counts">
            <Col xs={12} md={3}><Statistic title={t('campaign.inScope')} value={c.counts.inScope} /></Col>
            {PROGRESS_STATUSES.map((s) => (
              <Col key={s} xs={12} md={3}>
                <Statistic title={statusLabel(lang, s)} value={c.counts[s]} />
              </Col>
            ))}
            <Col xs={12} md={3}><Statistic title={t('campaign.behindCount')} value={c.counts.behindDeadline} styles={{ content: { color: c.counts.behindDeadline ? '#cf1322' : undefined } }} /></Col>
          </Row>
          <Typography.Text type="secondary">
            {CAMPAIGN_LEVELS.filter((l) => c.deadlines[l]).map((l) => `${levelLabel(lang, l)} ${formatDate(c.deadlines[l])}`).join(' · ')}
          </Typography.Text>
        </Card>
      )}
      <Card title={t('campaign.progress')}>
        <Flex wrap gap={8} style={{ marginBottom: 16 }}>
          <Input.Search allowClear placeholder={t('campaign.searchOrg')} style={{ width: 240 }} onSearch={(q) => update({ q: q || undefined })} />
          <Select allowClear placeholder={t('campaign.status')} style={{ width: 160 }} value={filters.status} onChange={(v) => update({ status: v })} options={PROGRESS_STATUSES.map((s) => ({ value: s, label: statusLabel(lang, s) }))} data-testid="progress-status-filter" />
          <Select allowClear placeholder={t('orgs.level')} style={{ width: 140 }} value={filters.level} onChange={(v) => update({ level: v })} options={CAMPAIGN_LEVELS.filter((l) => c?.deadlines[l]).map((l) => ({ value: l, label: levelLabel(lang, l) }))} />
          <Checkbox checked={!!filters.behind} onChange={(e) => update({ behind: e.target.checked || undefined })}>
            {t('campaign.onlyBehind')}
          </Checkbox>
        </Flex>
        {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
        <Table
          rowKey="orgId"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          data-testid="progress-table"
          pagination={{ current: page, pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => t('common.total', { n }), onChange: (p, s) => { setPage(p); setPageSize(s); } }}
        />
      </Card>
      <ProgressDrawer campaignId={campaignId} orgId={open} onClose={() => setOpen(null)} onChanged={reload} />
    </Flex>
  );
}
