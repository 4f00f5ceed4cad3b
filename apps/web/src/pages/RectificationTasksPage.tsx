import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Flex, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { can } from '../auth/permissions.ts';
import { useCurrentUser } from '../auth/useAuth.ts';
import { TASK_STATUSES } from '../contracts.ts';
import type { TaskView } from '../contracts.ts';
import { formatDate, formatNumber } from '../i18n/format.ts';
import { useLang } from '../i18n/useLang.ts';
import { licensingApi } from '../modules/licensing/api/licensingApi.ts';
import type { TaskFilters } from '../modules/licensing/api/licensingApi.ts';
import { orgCompliancePath } from '../modules/licensing/complianceLinks.ts';
import { TaskEditDrawer } from '../modules/licensing/components/TaskEditDrawer.tsx';
import { actionLabel, formatMoney, parseVerification, TaskStatusTag, taskStatusOptions } from '../modules/licensing/licensingLabels.tsx';
import { OrgSelect } from '../modules/orgs/components/OrgSelect.tsx';
import { booleanParam, oneOf, useListQuery } from '../modules/recognition/useListQuery.ts';
import { ColumnSettings, useHiddenColumns } from '../shared/ColumnSettings.tsx';
import { errorText } from '../shared/errorText.ts';
import { queryPagination } from '../shared/queryPagination.ts';
import { useRemote } from '../shared/useRemote.ts';

function parseFilters(p: URLSearchParams): TaskFilters {
  return {
    orgId: p.get('orgId') || undefined,
    status: oneOf(TASK_STATUSES, p.get('status')),
    overdue: booleanParam(p.get('overdue')),
  };
}

/** What the computation that closed a task saw: "2026-06-01 核验：3 个安装，全部已授权". */
function Verification({ task }: { task: TaskView }) {
  const { t, lang } = useLang();
  const v = parseVerification(task.verification);
  if (task.status !== 'verified' || !v) return <>—</>;
  const installs = v.installs ?? 0;
  return (
    <Flex vertical data-testid="task-verification">
      <Typography.Text>{t('tasks.verifiedOn', { day: v.day ?? formatDate(task.verifiedAt) })}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {installs === 0
          ? t('tasks.verifiedGone')
          : t('tasks.verifiedCovered', { installs: formatNumber(installs, lang), covered: formatNumber(v.covered ?? 0, lang) })}
      </Typography.Text>
    </Flex>
  );
}

/**
 * 整改任务: the rectification tasks in the user's scope, open ones first
 * by due date; overdue tasks are marked, closed ones show what verified them.
 */
export function RectificationTasksPage() {
  const { t, lang } = useLang();
  const user = useCurrentUser();
  const writable = can(user.role, 'rectification.write');
  const query = useListQuery(parseFilters);
  const { filters, page, pageSize } = query;
  const list = useRemote(() => licensingApi.tasks({ ...filters, page, pageSize }), [JSON.stringify(filters), page, pageSize]);
  const [editing, setEditing] = useState<TaskView | null>(null);
  const [hidden, setHidden] = useHiddenColumns('zb.tasks.hiddenColumns', ['createdAt']);
  const n = (v: number | null) => formatNumber(v, lang);

  const columns: TableColumnsType<TaskView> = [
    { key: 'org', title: t('devices.org'), fixed: 'left', render: (_: unknown, task) => <Link to={orgCompliancePath(task.orgId)}>{task.orgName}</Link> },
    {
      key: 'product',
      title: t('catalogue.productKey'),
      render: (_: unknown, task) => (
        <Link to={orgCompliancePath(task.orgId, 'installs', { productKey: task.productKey, status: 'uncovered' })} data-testid="task-product">
          <Typography.Text code>{task.productKey}</Typography.Text>
        </Link>
      ),
    },
    {
      key: 'action',
      title: t('tasks.action'),
      render: (_: unknown, task) => (
        <Flex vertical>
          <span>{actionLabel(lang, task.action)}</span>
          {task.replacementKey && <Typography.Text type="secondary" style={{ fontSize: 12 }}>→ {task.replacementKey}</Typography.Text>}
        </Flex>
      ),
    },
    { key: 'quantity', title: t('tasks.quantity'), dataIndex: 'quantity', align: 'right', render: (v: number | null) => n(v) },
    { key: 'cost', title: t('compliance.estimatedCost'), align: 'right', render: (_: unknown, task) => formatMoney(task.estimatedCost, task.currency, lang) },
    {
      key: 'shortfall',
      title: t('tasks.shortfall'),
      align: 'right',
      render: (_: unknown, task) => (
        <Tooltip title={t('tasks.shortfallThenNow', { then: n(task.shortfallAtCreation), now: n(task.shortfallNow) })}>
          {n(task.shortfallAtCreation)} → <Typography.Text type={task.shortfallNow > 0 ? 'danger' : 'success'}>{n(task.shortfallNow)}</Typography.Text>
        </Tooltip>
      ),
    },
    { key: 'assignee', title: t('tasks.assignee'), dataIndex: 'assigneeName', render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('tasks.unassigned')}</Typography.Text> },
    {
      key: 'dueDate',
      title: t('tasks.dueDate'),
      dataIndex: 'dueDate',
      render: (v: string, task) =>
        task.overdue ? (
          <Space size={4}>
            <Typography.Text type="danger">{formatDate(v)}</Typography.Text>
            <Tag color="error" data-testid="task-overdue">{t('tasks.overdue')}</Tag>
          </Space>
        ) : (
          formatDate(v)
        ),
    },
    { key: 'status', title: t('tasks.status'), dataIndex: 'status', render: (v: TaskView['status']) => <TaskStatusTag status={v} /> },
    { key: 'verification', title: t('tasks.verification'), render: (_: unknown, task) => <Verification task={task} /> },
    { key: 'note', title: t('tasks.note'), dataIndex: 'note', render: (v: string | null) => (v ? <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ margin: 0, maxWidth: 240 }}>{v}</Typography.Paragraph> : '—') },
    { key: 'createdAt', title: t('orgs.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDate(v) },
  ];
  if (writable) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      width: 70,
      render: (_: unknown, task) =>
        task.status !== 'verified' && (
          <Tooltip title={t('common.edit')}>
            <Button type="link" size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing(task)} data-testid="task-edit" />
          </Tooltip>
        ),
    });
  }
  const choosable = columns.filter((c) => c.key !== 'org' && c.key !== 'actions').map((c) => ({ key: String(c.key), title: String(c.title) }));

  return (
    <Card
      title={t('tasks.list')}
      extra={
        <Space wrap>
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={list.reload} />
          </Tooltip>
          <ColumnSettings columns={choosable} hidden={hidden} onChange={setHidden} />
        </Space>
      }
    >
      <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="task-filters">
        <OrgSelect value={filters.orgId ?? null} onChange={(orgId) => query.setFilters({ orgId: orgId ?? undefined })} placeholder={t('devices.allOrgs')} style={{ width: 280 }} />
        <Select
          allowClear
          popupMatchSelectWidth={false}
          style={{ width: 180 }}
          placeholder={t('tasks.status')}
          value={filters.status}
          options={taskStatusOptions(lang)}
          onChange={(status) => query.setFilters({ status })}
          disabled={filters.overdue === true}
          data-testid="task-filter-status"
        />
        <Checkbox checked={filters.overdue === true} onChange={(e) => query.setFilters({ overdue: e.target.checked ? true : undefined, status: undefined })} style={{ alignSelf: 'center' }} data-testid="task-filter-overdue">
          {t('tasks.onlyOverdue')}
        </Checkbox>
        <Button onClick={query.resetFilters}>{t('common.reset')}</Button>
      </Flex>
      {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
      <Table<TaskView>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns.filter((c) => !hidden.includes(String(c.key)))}
        scroll={{ x: 'max-content' }}
        // Overdue tasks stand out across the whole row, not only in the date column.
        onRow={(task) => (task.overdue ? { style: { background: '#fff1f0' } } : {})}
        locale={{ emptyText: query.filtered ? t('tasks.noMatch') : t('tasks.empty') }}
        pagination={queryPagination({
          page,
          pageSize,
          total: list.data?.total,
          pageSizes: query.pageSizes,
          setPage: query.setPage,
          totalText: (total) => t('tasks.total', { n: n(total) }),
        })}
        data-testid="task-table"
      />
      <TaskEditDrawer
        task={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
    </Card>
  );
}
