import { PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Input, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { PositionView } from '../../../contracts.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { queryPagination } from '../../../shared/queryPagination.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { categoryLabel, categoryOptions } from '../../recognition/recognitionLabels.tsx';
import { licensingApi } from '../api/licensingApi.ts';
import { formatMoney } from '../licensingLabels.tsx';
import type { OrgComplianceQuery } from '../useOrgComplianceQuery.ts';

export interface PositionsTabProps {
  orgId: string;
  query: OrgComplianceQuery;
  /** Offered on a shortfall without an open task; absent for roles that cannot create tasks. */
  onCreateTask?: (position: PositionView) => void;
  /** Changes when something else changed the positions (a new task). */
  version: number;
}

/**
 * 有效许可状况: per product, installs against entitlements: covered,
 * entitled, consumed, shortfall, surplus and what the shortfall would cost.
 * Every count opens the installs behind it.
 */
export function PositionsTab({ orgId, query, onCreateTask, version }: PositionsTabProps) {
  const { t, lang } = useLang();
  const { filters, page, pageSize } = query;
  const positionFilters = { q: filters.q, shortfall: filters.shortfall, category: filters.category };
  const list = useRemote(() => licensingApi.positions(orgId, { ...positionFilters, page, pageSize }), [orgId, JSON.stringify(positionFilters), page, pageSize, version]);
  const n = (v: number) => formatNumber(v, lang);

  /** A count that opens the installs it counts. */
  const drill = (value: number, p: PositionView, testId: string, status?: 'covered' | 'uncovered'): ReactNode =>
    value === 0 ? (
      <Typography.Text type="secondary">0</Typography.Text>
    ) : (
      <Typography.Link onClick={() => query.open('installs', { productKey: p.productKey, status })} data-testid={testId}>
        {n(value)}
      </Typography.Link>
    );

  const columns: TableColumnsType<PositionView> = [
    {
      key: 'product',
      title: t('rules.product'),
      fixed: 'left',
      render: (_: unknown, p) => (
        <Flex vertical>
          <span>{p.product ?? p.productKey}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.publisher ? `${p.publisher} · ` : ''}
            {p.productKey}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'category', title: t('recognition.category'), dataIndex: 'category', render: (v: string | null) => categoryLabel(lang, v) },
    { key: 'installs', title: t('compliance.installs'), align: 'right', render: (_: unknown, p) => drill(p.installs, p, 'position-installs') },
    { key: 'covered', title: t('compliance.covered'), align: 'right', render: (_: unknown, p) => drill(p.coveredInstalls, p, 'position-covered', 'covered') },
    { key: 'uncovered', title: t('compliance.uncovered'), align: 'right', render: (_: unknown, p) => drill(p.uncoveredInstalls, p, 'position-uncovered', 'uncovered') },
    {
      key: 'entitled',
      title: t('compliance.entitled'),
      align: 'right',
      render: (_: unknown, p) => (
        <Link to={`/licensing/entitlements?productKey=${encodeURIComponent(p.productKey)}`} data-testid="position-entitled">
          {p.unlimited ? t('compliance.unlimited') : p.entitled === null ? '0' : n(p.entitled)}
        </Link>
      ),
    },
    { key: 'consumed', title: t('compliance.consumed'), align: 'right', render: (_: unknown, p) => n(p.consumed) },
    {
      key: 'shortfall',
      title: t('compliance.shortfall'),
      align: 'right',
      render: (_: unknown, p) =>
        p.shortfall > 0 ? (
          <Typography.Link type="danger" strong onClick={() => query.open('installs', { productKey: p.productKey, status: 'uncovered' })} data-testid="position-shortfall">
            {n(p.shortfall)}
          </Typography.Link>
        ) : (
          <span data-testid="position-shortfall">0</span>
        ),
    },
    { key: 'surplus', title: t('compliance.surplus'), align: 'right', render: (_: unknown, p) => (p.unlimited ? '—' : p.surplus === null ? '—' : n(p.surplus)) },
    { key: 'cost', title: t('compliance.estimatedCost'), align: 'right', render: (_: unknown, p) => (p.shortfall > 0 ? formatMoney(p.estimatedShortfallCost, p.currency, lang) : '—') },
    {
      key: 'task',
      title: t('compliance.rectification'),
      fixed: 'right',
      render: (_: unknown, p) => {
        if (p.openTaskId)
          return (
            <Link to={`/licensing/tasks?orgId=${encodeURIComponent(orgId)}&status=open`}>
              <Tag color="processing" data-testid="position-task-open">{t('tasks.openTask')}</Tag>
            </Link>
          );
        if (p.shortfall > 0 && onCreateTask)
          return (
            <Button size="small" icon={<PlusOutlined />} onClick={() => onCreateTask(p)} data-testid="position-create-task">
              {t('tasks.create')}
            </Button>
          );
        return null;
      },
    },
  ];

  return (
    <>
      <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="position-filters">
        <Input.Search
          key={filters.q ?? ''}
          defaultValue={filters.q}
          placeholder={t('compliance.productSearch')}
          allowClear
          enterButton={t('common.search')}
          onSearch={(q) => query.setFilters({ q: q.trim() || undefined })}
          style={{ width: 320 }}
          aria-label={t('compliance.productSearch')}
        />
        <Select allowClear popupMatchSelectWidth={false} style={{ width: 170 }} placeholder={t('recognition.category')} value={filters.category} options={categoryOptions(lang)} onChange={(category) => query.setFilters({ category })} />
        <Tooltip title={t('compliance.onlyShortfallsHelp')}>
          <Checkbox checked={filters.shortfall === true} onChange={(e) => query.setFilters({ shortfall: e.target.checked ? true : undefined })} style={{ alignSelf: 'center' }} data-testid="only-shortfalls">
            {t('compliance.onlyShortfalls')}
          </Checkbox>
        </Tooltip>
        <Button onClick={query.resetFilters}>{t('common.reset')}</Button>
      </Flex>
      {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
      <Table<PositionView>
        rowKey="productKey"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: filters.q || filters.category || filters.shortfall ? t('compliance.noMatchingPositions') : t('compliance.noPositions') }}
        pagination={queryPagination({
          page,
          pageSize,
          total: list.data?.total,
          pageSizes: query.pageSizes,
          setPage: query.setPage,
          totalText: (total) => t('compliance.positionsTotal', { n: n(total) }),
        })}
        data-testid="position-table"
      />
    </>
  );
}
