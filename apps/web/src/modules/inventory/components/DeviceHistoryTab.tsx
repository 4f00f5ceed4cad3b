import { ArrowRightOutlined } from '@ant-design/icons';
import { Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatMinute, formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { inventoryApi } from '../api/inventoryApi.ts';
import type { DeviceChange } from '../api/inventoryApi.ts';
import { CHANGE_COLORS, changeLabel } from '../inventoryLabels.ts';

function Version({ value }: { value: string | null }) {
  return value ? <Typography.Text code>{value}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>;
}

/**
 * What changed between a device's inventories, newest first: software
 * added, removed, upgraded or downgraded. The first inventory is the
 * baseline and records no changes.
 */
export function DeviceHistoryTab({ orgId, deviceId }: { orgId: string; deviceId: string }) {
  const { t, lang } = useLang();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useRemote(() => inventoryApi.history(orgId, deviceId, { page, pageSize }), [orgId, deviceId, page, pageSize]);

  return (
    <>
      {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
      <Table<DeviceChange>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('history.empty') }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          hideOnSinglePage: true,
          showTotal: (total) => t('common.total', { n: formatNumber(total, lang) }),
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
        }}
        columns={[
          { key: 'at', title: t('history.at'), dataIndex: 'at', width: 160, render: (v: string) => formatMinute(v) },
          {
            key: 'change',
            title: t('history.change'),
            dataIndex: 'change',
            width: 100,
            render: (v: DeviceChange['change']) => <Tag color={CHANGE_COLORS[v] ?? 'default'}>{changeLabel(t, v)}</Tag>,
          },
          { key: 'name', title: t('software.name'), dataIndex: 'name' },
          { key: 'arch', title: t('software.arch'), dataIndex: 'arch', render: (v: string | null) => v ?? '—' },
          {
            key: 'versions',
            title: t('history.versions'),
            render: (_: unknown, c) =>
              c.change === 'added' ? (
                <Version value={c.newVersion} />
              ) : c.change === 'removed' ? (
                <Version value={c.oldVersion} />
              ) : (
                <Space size={6}>
                  <Version value={c.oldVersion} />
                  <ArrowRightOutlined />
                  <Version value={c.newVersion} />
                </Space>
              ),
          },
        ]}
        data-testid="history-table"
      />
    </>
  );
}
