import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Space, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { can } from '../auth/permissions.ts';
import { useCurrentUser } from '../auth/useAuth.ts';
import type { Device } from '../contracts.ts';
import { formatNumber } from '../i18n/format.ts';
import { useLang } from '../i18n/useLang.ts';
import { inventoryApi } from '../modules/inventory/api/inventoryApi.ts';
import { deviceColumns, deviceSortKey } from '../modules/inventory/components/deviceColumns.tsx';
import { DeviceFilterBar } from '../modules/inventory/components/DeviceFilterBar.tsx';
import { QuarantineActions } from '../modules/inventory/components/QuarantineActions.tsx';
import { useDeviceQuery } from '../modules/inventory/useDeviceQuery.ts';
import { errorText } from '../shared/errorText.ts';
import { sortFromTable } from '../shared/serverSort.ts';
import { useRemote } from '../shared/useRemote.ts';
import { queryPagination } from '../shared/queryPagination.ts';

/** The columns that help decide whether an unknown machine belongs to the organization. */
const SHOWN = ['name', 'org', 'os', 'model', 'serial', 'uuid', 'macs', 'lastUser', 'softwareCount', 'firstSeenAt', 'lastSeenAt'];

/**
 * 待审批: devices that enrolled without credentials (open enrollment) wait
 * here until an administrator approves them (they then count as the
 * organization's devices) or rejects them (they are removed).
 */
export function QuarantinePage() {
  const { t, lang } = useLang();
  const user = useCurrentUser();
  const writable = can(user.role, 'devices.write');
  const query = useDeviceQuery();
  const { filters, page, pageSize } = query;
  const list = useRemote(() => inventoryApi.devices({ ...filters, status: 'quarantined', page, pageSize }), [JSON.stringify(filters), page, pageSize]);

  const columns: TableColumnsType<Device> = deviceColumns(t, lang, query.sort).filter((c) => SHOWN.includes(String(c.key)));
  if (writable) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, d) => <QuarantineActions device={d} onDone={list.reload} />,
    });
  }
  const agentsLink = `/inventory/agents${query.orgId ? `?orgId=${encodeURIComponent(query.orgId)}` : ''}`;

  return (
    <Card
      title={t('quarantine.title')}
      extra={
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={list.reload} />
        </Tooltip>
      }
    >
      <Alert type="info" showIcon title={t('quarantine.help')} style={{ marginBottom: 16 }} />
      <DeviceFilterBar compact orgId={query.orgId} onOrgChange={query.setOrgId} view={query.view} onChange={query.setFilters} onReset={query.resetFilters} />
      {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
      <Table<Device>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 'max-content' }}
        onChange={(_pagination, _filters, sorter, extra) => {
          if (extra.action === 'sort') query.setSort(sortFromTable(sorter, deviceSortKey));
        }}
        locale={{
          emptyText: (
            <Empty description={t('quarantine.empty')} data-testid="quarantine-empty">
              {can(user.role, 'agents') && (
                <Space>
                  <Link to={agentsLink}>
                    <Button>{t('quarantine.toAgents')}</Button>
                  </Link>
                </Space>
              )}
            </Empty>
          ),
        }}
        pagination={queryPagination({
          page,
          pageSize,
          total: list.data?.total,
          pageSizes: query.pageSizes,
          setPage: query.setPage,
          totalText: (total) => t('quarantine.total', { n: formatNumber(total, lang) }),
        })}
        data-testid="quarantine-table"
      />
    </Card>
  );
}
