import { Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { formatBytes, formatDateTime, formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { inventoryApi } from '../api/inventoryApi.ts';
import type { InventorySubmission } from '../api/inventoryApi.ts';
import { SUBMISSION_COLORS, channelLabel, submissionFormatLabel, submissionStatusLabel } from '../inventoryLabels.ts';

/** The inventories received for a device (上报记录): when, how, from where, and whether they were processed. */
export function DeviceSubmissionsTab({ orgId, deviceId }: { orgId: string; deviceId: string }) {
  const { t, lang } = useLang();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useRemote(() => inventoryApi.submissions(orgId, { deviceId, page, pageSize }), [orgId, deviceId, page, pageSize]);

  return (
    <>
      {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
      <Table<InventorySubmission>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          hideOnSinglePage: true,
          showTotal: (total) => t('common.total', { n: formatNumber(total, lang) }),
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
        }}
        columns={[
          // Seconds matter here: two submissions of one agent can be minutes apart.
          { key: 'receivedAt', title: t('submissions.receivedAt'), dataIndex: 'receivedAt', render: (v: string) => formatDateTime(v) },
          { key: 'channel', title: t('submissions.channel'), dataIndex: 'channel', render: (v: string) => channelLabel(t, v) },
          { key: 'format', title: t('submissions.format'), dataIndex: 'format', render: (v: string) => submissionFormatLabel(t, v) },
          { key: 'agent', title: t('submissions.agent'), dataIndex: 'agent', render: (v: string | null) => v ?? '—' },
          { key: 'remoteAddr', title: t('submissions.remoteAddr'), dataIndex: 'remoteAddr', render: (v: string | null) => v ?? '—' },
          { key: 'size', title: t('submissions.size'), dataIndex: 'size', align: 'right', render: (v: number) => formatBytes(v, lang) },
          {
            key: 'softwareCount',
            title: t('submissions.softwareCount'),
            dataIndex: 'softwareCount',
            align: 'right',
            render: (v: number | null) => formatNumber(v, lang),
          },
          {
            key: 'status',
            title: t('submissions.status'),
            dataIndex: 'status',
            render: (v: string, s) => {
              const tag = <Tag color={SUBMISSION_COLORS[v] ?? 'default'}>{submissionStatusLabel(t, v)}</Tag>;
              return s.error ? <Tooltip title={s.error}>{tag}</Tooltip> : tag;
            },
          },
        ]}
        data-testid="submissions-table"
      />
    </>
  );
}
