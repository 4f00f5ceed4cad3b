import { CheckOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Segmented, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { INBOX_KIND_LABELS } from '../../../contracts.ts';
import type { InboxMessage } from '../../../contracts.ts';
import { formatDateTime } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { announceInboxChange, inboxApi } from '../api/inboxApi.ts';

/**
 * 待办与通知: what modules asked of me, my organization or my region office
 * (status forms to submit, questionnaires, rectification notices) and what
 * they told us. Opening a message marks it read and goes where it is handled.
 */
export function InboxPage() {
  const { t, lang } = useLang();
  const navigate = useNavigate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useRemote(() => inboxApi.list({ unread: unreadOnly, page, pageSize }), [unreadOnly, page, pageSize]);
  const [busy, setBusy] = useState(false);

  const open = async (m: InboxMessage) => {
    if (!m.read) {
      await inboxApi.markRead(m.id);
      announceInboxChange();
    }
    if (m.link) navigate(m.link);
    else list.reload();
  };

  const addressee = (m: InboxMessage) => (m.to.kind === 'user' ? t('inbox.toMe') : (m.to.name ?? m.to.id));

  const columns: TableColumnsType<InboxMessage> = [
    { key: 'kind', title: t('inbox.kind'), width: 130, render: (_: unknown, m) => <Tag color={m.read ? 'default' : 'blue'}>{INBOX_KIND_LABELS[m.kind][lang]}</Tag> },
    {
      key: 'subject',
      title: t('inbox.subject'),
      render: (_: unknown, m) => (
        <Flex vertical gap={2}>
          <Typography.Link strong={!m.read} onClick={() => void open(m)} data-testid="inbox-subject">
            {m.subject}
          </Typography.Link>
          {m.body && (
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'pre-wrap' }}>
              {m.body}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { key: 'to', title: t('inbox.to'), width: 200, render: (_: unknown, m) => addressee(m) },
    { key: 'due', title: t('inbox.due'), width: 110, render: (_: unknown, m) => m.dueDay ?? '—' },
    { key: 'at', title: t('inbox.at'), width: 170, render: (_: unknown, m) => formatDateTime(m.createdAt) },
  ];

  return (
    <Card
      title={t('inbox.title')}
      extra={
        <Flex gap={8} align="center">
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            options={[
              { value: 'all', label: t('inbox.all') },
              { value: 'unread', label: t('inbox.unreadOnly', { n: list.data?.unread ?? 0 }) },
            ]}
            onChange={(v) => {
              setUnreadOnly(v === 'unread');
              setPage(1);
            }}
            data-testid="inbox-filter"
          />
          <Button
            icon={<CheckOutlined />}
            disabled={!list.data?.unread}
            loading={busy}
            onClick={() => {
              setBusy(true);
              void inboxApi
                .markAllRead()
                .then(() => {
                  announceInboxChange();
                  list.reload();
                })
                .finally(() => setBusy(false));
            }}
            data-testid="inbox-read-all"
          >
            {t('inbox.readAll')}
          </Button>
        </Flex>
      }
    >
      {list.error && <Alert type="error" showIcon title={errorText(list.error, t)} style={{ marginBottom: 12 }} />}
      <Table<InboxMessage>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: unreadOnly ? t('inbox.noUnread') : t('inbox.empty') }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          onChange: (p, size) => {
            setPage(p);
            setPageSize(size);
          },
        }}
        data-testid="inbox-table"
      />
    </Card>
  );
}
