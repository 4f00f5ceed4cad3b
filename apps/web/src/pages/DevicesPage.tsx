import { FileExcelOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { Device } from '../contracts.ts';
import { formatNumber } from '../i18n/format.ts';
import { useLang } from '../i18n/useLang.ts';
import { inventoryApi } from '../modules/inventory/api/inventoryApi.ts';
import { DEFAULT_HIDDEN_DEVICE_COLUMNS, deviceColumns, deviceSortKey } from '../modules/inventory/components/deviceColumns.tsx';
import { DeviceFilterBar } from '../modules/inventory/components/DeviceFilterBar.tsx';
import { NoDevices } from '../modules/inventory/components/NoDevices.tsx';
import { useDeviceQuery } from '../modules/inventory/useDeviceQuery.ts';
import { ColumnSettings, useHiddenColumns } from '../shared/ColumnSettings.tsx';
import { errorText } from '../shared/errorText.ts';
import { sortFromTable } from '../shared/serverSort.ts';
import { useRemote } from '../shared/useRemote.ts';
import { queryPagination } from '../shared/queryPagination.ts';

/** 计算机: the devices of the organizations in scope, with filters, column choice and Excel export. */
export function DevicesPage() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const query = useDeviceQuery();
  const { filters, page, pageSize } = query;
  const list = useRemote(() => inventoryApi.devices({ ...filters, page, pageSize }), [JSON.stringify(filters), page, pageSize]);
  const [hidden, setHidden] = useHiddenColumns('zb.devices.hiddenColumns', DEFAULT_HIDDEN_DEVICE_COLUMNS);
  const [exporting, setExporting] = useState(false);

  const exportXlsx = () => {
    setExporting(true);
    inventoryApi
      .exportDevices(filters)
      .catch((e: unknown) => message.error(errorText(e, t)))
      .finally(() => setExporting(false));
  };

  const columns = deviceColumns(t, lang, query.sort);
  const choosable = columns.filter((c) => c.key !== 'name').map((c) => ({ key: String(c.key), title: String(c.title) }));
  const empty = !list.loading && !list.error && list.data?.total === 0;

  return (
    <Card
      title={t('devices.list')}
      extra={
        <Space wrap>
          <Button icon={<FileExcelOutlined />} onClick={exportXlsx} loading={exporting} disabled={empty} data-testid="device-export">
            {t('devices.export')}
          </Button>
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={list.reload} />
          </Tooltip>
          <ColumnSettings columns={choosable} hidden={hidden} onChange={setHidden} />
        </Space>
      }
    >
      <DeviceFilterBar orgId={query.orgId} onOrgChange={query.setOrgId} view={query.view} onChange={query.setFilters} onReset={query.resetFilters} />
      {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
      <Table<Device>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns.filter((c) => !hidden.includes(String(c.key)))}
        scroll={{ x: 'max-content' }}
        // Nothing at all yet is a different situation from nothing matching the filters.
        locale={{ emptyText: query.filtered ? t('devices.noMatch') : <NoDevices orgId={query.orgId} /> }}
        onChange={(_pagination, _filters, sorter, extra) => {
          if (extra.action === 'sort') query.setSort(sortFromTable(sorter, deviceSortKey));
        }}
        pagination={queryPagination({
          page,
          pageSize,
          total: list.data?.total,
          pageSizes: query.pageSizes,
          setPage: query.setPage,
          totalText: (total) => t('devices.total', { n: formatNumber(total, lang) }),
        })}
        data-testid="device-table"
      />
    </Card>
  );
}
