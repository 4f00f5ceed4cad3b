import { Button, Flex, Segmented, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { formatMinute, formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { queryPagination } from '../../../shared/queryPagination.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { devicePath } from '../../inventory/components/deviceColumns.tsx';
import { licensingApi } from '../api/licensingApi.ts';
import type { DeviceCompliance } from '../api/licensingApi.ts';
import type { OrgComplianceQuery } from '../useOrgComplianceQuery.ts';

/** The organization's computers: how many installs need a licence and how many lack one. */
export function DevicesTab({ orgId, query }: { orgId: string; query: OrgComplianceQuery }) {
  const { t, lang } = useLang();
  const { filters, page, pageSize } = query;
  const list = useRemote(() => licensingApi.devices(orgId, { compliant: filters.compliant, page, pageSize }), [orgId, filters.compliant, page, pageSize]);
  const n = (v: number) => formatNumber(v, lang);

  const columns: TableColumnsType<DeviceCompliance> = [
    { key: 'name', title: t('devices.name'), fixed: 'left', render: (_: unknown, d) => <Link to={devicePath({ orgId, id: d.deviceId })}>{d.name ?? d.deviceId}</Link> },
    { key: 'os', title: t('devices.os'), dataIndex: 'osName', render: (v: string | null) => v ?? '—' },
    { key: 'lastUser', title: t('devices.lastUser'), dataIndex: 'lastUser', render: (v: string | null) => v ?? '—' },
    { key: 'softwareCount', title: t('devices.softwareCount'), dataIndex: 'softwareCount', align: 'right', render: (v: number) => n(v) },
    {
      key: 'required',
      title: t('compliance.requiring'),
      align: 'right',
      render: (_: unknown, d) => (d.required ? <Typography.Link onClick={() => query.open('installs', { deviceId: d.deviceId })}>{n(d.required)}</Typography.Link> : '0'),
    },
    {
      key: 'uncovered',
      title: t('compliance.uncovered'),
      align: 'right',
      render: (_: unknown, d) =>
        d.uncovered ? (
          <Typography.Link type="danger" onClick={() => query.open('installs', { deviceId: d.deviceId, status: 'uncovered' })}>
            {n(d.uncovered)}
          </Typography.Link>
        ) : (
          '0'
        ),
    },
    { key: 'compliant', title: t('compliance.status'), dataIndex: 'compliant', render: (v: boolean) => (v ? <Tag color="success">{t('compliance.deviceCompliant')}</Tag> : <Tag color="error">{t('compliance.deviceNotCompliant')}</Tag>) },
    { key: 'lastSeenAt', title: t('devices.lastSeenAt'), dataIndex: 'lastSeenAt', render: (v: string) => formatMinute(v) },
  ];

  return (
    <>
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Segmented<string>
          value={filters.compliant === undefined ? 'all' : String(filters.compliant)}
          onChange={(v) => query.setFilters({ compliant: v === 'all' ? undefined : v === 'true' })}
          options={[
            { value: 'all', label: t('common.all') },
            { value: 'false', label: t('compliance.deviceNotCompliant') },
            { value: 'true', label: t('compliance.deviceCompliant') },
          ]}
          data-testid="device-compliant-filter"
        />
        <Button onClick={query.resetFilters}>{t('common.reset')}</Button>
      </Flex>
      {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
      <Table<DeviceCompliance>
        rowKey="deviceId"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 'max-content' }}
        pagination={queryPagination({
          page,
          pageSize,
          total: list.data?.total,
          pageSizes: query.pageSizes,
          setPage: query.setPage,
          totalText: (total) => t('devices.total', { n: n(total) }),
        })}
        data-testid="compliance-device-table"
      />
    </>
  );
}
