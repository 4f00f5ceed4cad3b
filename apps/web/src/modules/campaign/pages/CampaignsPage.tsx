import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { can } from '../../../auth/permissions.ts';
import { useCurrentUser } from '../../../auth/useAuth.ts';
import { CAMPAIGN_LEVELS, CATEGORY_LABELS } from '../../../contracts.ts';
import type { CampaignView } from '../../../contracts.ts';
import { formatDate, formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { campaignApi } from '../api/campaignApi.ts';
import { formatRate, levelLabel } from '../campaignLabels.tsx';
import { CampaignFormDrawer } from '../components/CampaignFormDrawer.tsx';

/** 检查整改: the campaigns, their deadlines per level and how far the agencies in my scope are. */
export function CampaignsPage() {
  const { t, lang } = useLang();
  const user = useCurrentUser();
  const writable = can(user.role, 'campaign.write');
  const list = useRemote(() => campaignApi.list(), []);
  const [editing, setEditing] = useState<CampaignView | 'new' | null>(null);
  const today = new Date().toISOString().slice(0, 10);
  const n = (v: number) => formatNumber(v, lang);

  const columns: TableColumnsType<CampaignView> = [
    {
      key: 'name',
      title: t('campaign.name'),
      render: (_: unknown, c) => (
        <Flex vertical>
          <Link to={`/campaign/campaigns/${c.id}`} data-testid="campaign-link">
            {c.name}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('campaign.targetLine', { threshold: formatRate(c.threshold, lang), categories: c.categories.map((x) => CATEGORY_LABELS[x][lang]).join('、') })}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'deadlines',
      title: t('campaign.deadlines'),
      render: (_: unknown, c) => (
        <Flex vertical>
          {CAMPAIGN_LEVELS.filter((l) => c.deadlines[l]).map((l) => (
            <span key={l}>
              {levelLabel(lang, l)}：<Typography.Text type={c.deadlines[l]! < today ? 'danger' : undefined}>{formatDate(c.deadlines[l])}</Typography.Text>
            </span>
          ))}
        </Flex>
      ),
    },
    { key: 'inScope', title: t('campaign.inScope'), align: 'right', render: (_: unknown, c) => n(c.counts.inScope) },
    { key: 'completed', title: t('campaign.completedOrVerified'), align: 'right', render: (_: unknown, c) => `${n(c.counts.completed + c.counts.verified)}（${n(c.counts.verified)}）` },
    { key: 'behind', title: t('campaign.behindCount'), align: 'right', render: (_: unknown, c) => (c.counts.behindDeadline ? <Typography.Text type="danger">{n(c.counts.behindDeadline)}</Typography.Text> : '0') },
    { key: 'status', title: t('campaign.status'), render: (_: unknown, c) => (c.status === 'active' ? <Tag color="processing">{t('campaign.active')}</Tag> : <Tag>{t('campaign.closed')}</Tag>) },
  ];
  if (writable)
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 70,
      render: (_: unknown, c) => (
        <Tooltip title={t('common.edit')}>
          <Button type="link" size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing(c)} data-testid="campaign-edit" />
        </Tooltip>
      ),
    });

  return (
    <Card
      title={t('campaign.list')}
      extra={
        <Space>
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={list.reload} />
          </Tooltip>
          {writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="campaign-create">
              {t('campaign.create')}
            </Button>
          )}
        </Space>
      }
    >
      {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
      <Table rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} columns={columns} pagination={false} data-testid="campaign-table" />
      <CampaignFormDrawer
        campaign={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
    </Card>
  );
}
