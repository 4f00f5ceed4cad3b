import { Flex, Input, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatBytes, formatDate, formatMinute, formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { inventoryApi } from '../api/inventoryApi.ts';
import type { InstalledSoftware } from '../api/inventoryApi.ts';

/** The software installed on a device now, searched and paged on the server (devices list thousands). */
export function DeviceSoftwareTab({ orgId, deviceId }: { orgId: string; deviceId: string }) {
  const { t, lang } = useLang();
  const [q, setQ] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useRemote(() => inventoryApi.software(orgId, deviceId, { q, page, pageSize }), [orgId, deviceId, q, page, pageSize]);

  return (
    <div data-testid="software-tab">
      <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
        <Input.Search
          placeholder={t('software.searchPlaceholder')}
          allowClear
          enterButton={t('common.search')}
          style={{ width: 360 }}
          onSearch={(value) => {
            setQ(value.trim() || undefined);
            setPage(1);
          }}
          aria-label={t('software.searchPlaceholder')}
          data-testid="software-search"
        />
        {q && list.data && (
          <Typography.Text type="secondary" data-testid="software-match-count">
            {t('software.matches', { n: formatNumber(list.data.total, lang), q })}
          </Typography.Text>
        )}
      </Flex>
      {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
      <Table<InstalledSoftware>
        rowKey="key"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: q ? t('software.noMatch') : t('software.empty') }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { n: formatNumber(total, lang) }),
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
        }}
        columns={[
          { key: 'name', title: t('software.name'), dataIndex: 'name' },
          { key: 'version', title: t('software.version'), dataIndex: 'version', render: (v: string | null) => v ?? '—' },
          { key: 'publisher', title: t('software.publisher'), dataIndex: 'publisher', render: (v: string | null) => v ?? '—' },
          { key: 'arch', title: t('software.arch'), dataIndex: 'arch', render: (v: string | null) => v ?? '—' },
          { key: 'installDate', title: t('software.installDate'), dataIndex: 'installDate', render: (v: string | null) => formatDate(v) },
          { key: 'size', title: t('software.size'), dataIndex: 'sizeBytes', align: 'right', render: (v: number | null) => formatBytes(v, lang) },
          // The operating system's install comes from the device's description, not from a package manager.
          { key: 'source', title: t('software.source'), dataIndex: 'source', render: (v: string | null) => (v === 'os' ? <Tag color="purple">{t('software.source.os')}</Tag> : (v ?? '—')) },
          { key: 'firstSeenAt', title: t('software.firstSeenAt'), dataIndex: 'firstSeenAt', render: (v: string) => formatMinute(v) },
        ]}
        data-testid="software-table"
      />
    </div>
  );
}
