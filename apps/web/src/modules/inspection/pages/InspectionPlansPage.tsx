import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Space, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { can } from '../../../auth/permissions.ts';
import { useCurrentUser } from '../../../auth/useAuth.ts';
import { INSPECTION_TYPES, INSPECTION_TYPE_LABELS } from '../../../contracts.ts';
import type { InspectionType, PlanView } from '../../../contracts.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { inspectionApi } from '../api/inspectionApi.ts';
import { PlanFormDrawer } from '../components/PlanFormDrawer.tsx';
import { PlanStatusTag, TypeTag } from '../inspectionLabels.tsx';

/** 督查计划 (or, for inspectors, 我的督查): the plans with type, month, targets, status and what was found. */
export function InspectionPlansPage({ mine = false }: { mine?: boolean }) {
  const { t, lang } = useLang();
  const user = useCurrentUser();
  const writable = can(user.role, 'inspection.write');
  const [type, setType] = useState<InspectionType | undefined>(undefined);
  const list = useRemote(() => inspectionApi.list({ type, mine }), [type, mine]);
  const [creating, setCreating] = useState(false);
  const n = (v: number) => formatNumber(v, lang);

  const columns: TableColumnsType<PlanView> = [
    {
      key: 'title',
      title: t('inspection.title'),
      render: (_: unknown, p) => (
        <Flex vertical>
          <Link to={`/inspection/plans/${p.id}`} data-testid="plan-link">{p.title}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.targetRegions.map((r) => r.name ?? r.code).join('、') || t('inspection.noTargets')}</Typography.Text>
        </Flex>
      ),
    },
    { key: 'type', title: t('inspection.type'), render: (_: unknown, p) => <TypeTag type={p.type} /> },
    { key: 'month', title: t('inspection.month'), render: (_: unknown, p) => `${p.year}-${String(p.month).padStart(2, '0')}`, sorter: (a, b) => a.year * 100 + a.month - (b.year * 100 + b.month) },
    { key: 'status', title: t('inspection.status'), render: (_: unknown, p) => <PlanStatusTag status={p.status} /> },
    { key: 'orgs', title: t('inspection.sampledOrgs'), align: 'right', render: (_: unknown, p) => (p.type === 'on-site' ? n(p.counts.orgs) : '—') },
    { key: 'findings', title: t('inspection.openFindings'), align: 'right', render: (_: unknown, p) => (p.type === 'on-site' ? `${n(p.counts.openFindings)} / ${n(p.counts.findings)}` : '—') },
    { key: 'inspectors', title: t('inspection.inspectors'), render: (_: unknown, p) => p.inspectors.map((i) => i.name).join('、') || '—' },
  ];

  return (
    <Card
      title={mine ? t('menu.myInspections') : t('menu.inspectionPlans')}
      extra={
        <Space>
          <Select allowClear placeholder={t('inspection.type')} style={{ width: 160 }} value={type} onChange={setType} options={INSPECTION_TYPES.map((x) => ({ value: x, label: INSPECTION_TYPE_LABELS[x][lang] }))} />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={list.reload} />
          </Tooltip>
          {writable && !mine && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="plan-create">
              {t('inspection.create')}
            </Button>
          )}
        </Space>
      }
    >
      {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
      <Table rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} columns={columns} pagination={{ pageSize: 20, hideOnSinglePage: true }} data-testid="plan-table" />
      <PlanFormDrawer
        plan={creating ? 'new' : null}
        onClose={() => setCreating(false)}
        onSaved={() => {
          setCreating(false);
          list.reload();
        }}
      />
    </Card>
  );
}
