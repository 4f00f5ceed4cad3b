import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { can } from '../auth/permissions.ts';
import { useCurrentUser } from '../auth/useAuth.ts';
import type { ReviewItem } from '../contracts.ts';
import { formatNumber } from '../i18n/format.ts';
import { useLang } from '../i18n/useLang.ts';
import { recognitionApi } from '../modules/recognition/api/recognitionApi.ts';
import { RerunButton } from '../modules/recognition/components/RerunButton.tsx';
import { RuleEditorDrawer } from '../modules/recognition/components/RuleEditorDrawer.tsx';
import type { RuleEditorTarget } from '../modules/recognition/components/RuleEditorDrawer.tsx';
import { formatConfidence, installSourceLabel, LicenceTag } from '../modules/recognition/recognitionLabels.tsx';
import { valuesFromExample } from '../modules/recognition/ruleDraft.ts';
import { useListQuery } from '../modules/recognition/useListQuery.ts';
import { errorText } from '../shared/errorText.ts';
import { useRemote } from '../shared/useRemote.ts';
import { queryPagination } from '../shared/queryPagination.ts';

/** Versions shown as tags before the rest fold into "+N". */
const VERSION_TAGS = 4;

/** The versions of a name as tags, the rest in a tooltip. */
function Versions({ versions }: { versions: string[] }) {
  if (versions.length === 0) return <>—</>;
  const shown = versions.slice(0, VERSION_TAGS);
  const rest = versions.slice(VERSION_TAGS);
  return (
    <Flex wrap gap={4}>
      {shown.map((v) => (
        <Tag key={v} style={{ marginInlineEnd: 0 }}>
          {v}
        </Tag>
      ))}
      {rest.length > 0 && (
        <Tooltip title={rest.join('、')}>
          <Tag style={{ marginInlineEnd: 0 }}>+{rest.length}</Tag>
        </Tooltip>
      )}
    </Flex>
  );
}

/**
 * 待识别软件: names no rule recognised, or only with low confidence, most
 * widespread first. From an example a reviewer writes a rule, previews what
 * it matches, and saves it.
 */
export function ReviewQueuePage() {
  const { t, lang } = useLang();
  const user = useCurrentUser();
  const writable = can(user.role, 'recognition.write');
  const query = useListQuery((p) => ({ q: p.get('q') || undefined }));
  const { filters, page, pageSize } = query;
  const list = useRemote(() => recognitionApi.review({ ...filters, page, pageSize }), [filters.q, page, pageSize]);
  const [target, setTarget] = useState<RuleEditorTarget | null>(null);
  const n = (v: number) => formatNumber(v, lang);

  const columns: TableColumnsType<ReviewItem> = [
    {
      key: 'name',
      title: t('software.name'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <Flex vertical>
          <Typography.Text strong>{name}</Typography.Text>
          {r.source && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {installSourceLabel(t, r.source)}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { key: 'publisher', title: t('software.publisher'), dataIndex: 'publisher', render: (v: string | null) => v ?? '—' },
    { key: 'versions', title: t('recognition.versions'), dataIndex: 'versions', render: (v: string[]) => <Versions versions={v} /> },
    { key: 'devices', title: t('recognition.devices'), dataIndex: 'devices', align: 'right', render: (v: number) => n(v) },
    { key: 'orgs', title: t('recognition.orgs'), dataIndex: 'orgs', align: 'right', render: (v: number) => n(v) },
    { key: 'licenceClass', title: t('review.currentLicence'), dataIndex: 'licenceClass', render: (v: ReviewItem['licenceClass']) => <LicenceTag licence={v ?? 'unknown'} /> },
    { key: 'confidence', title: t('recognition.confidence'), dataIndex: 'confidence', align: 'right', render: (v: number | null) => formatConfidence(v) },
  ];
  if (writable) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_: unknown, r) => (
        <Button
          type="link"
          size="small"
          icon={<PlusOutlined />}
          onClick={() => setTarget({ kind: 'create', values: valuesFromExample(r.name, r.publisher), example: r.name })}
          data-testid="review-create-rule"
        >
          {t('review.createRule')}
        </Button>
      ),
    });
  }

  return (
    <Card
      title={t('review.title')}
      extra={
        <Space wrap>
          {writable && <RerunButton onDone={list.reload} />}
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={list.reload} />
          </Tooltip>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{writable ? t('review.help') : t('review.helpReader')}</Typography.Paragraph>
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input.Search
          key={filters.q ?? ''}
          defaultValue={filters.q}
          placeholder={t('review.searchPlaceholder')}
          allowClear
          enterButton={t('common.search')}
          onSearch={(q) => query.setFilters({ q: q.trim() || undefined })}
          style={{ width: 360 }}
          aria-label={t('review.searchPlaceholder')}
          data-testid="review-search"
        />
      </Flex>
      {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
      <Table<ReviewItem>
        rowKey={(r) => `${r.name}\u0000${r.publisher ?? ''}`}
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: query.filtered ? t('review.noMatch') : t('review.empty') }}
        pagination={queryPagination({
          page,
          pageSize,
          total: list.data?.total,
          pageSizes: query.pageSizes,
          setPage: query.setPage,
          totalText: (total) => t('review.total', { n: n(total) }),
        })}
        data-testid="review-table"
      />
      <RuleEditorDrawer
        target={target}
        onClose={() => setTarget(null)}
        onSaved={() => {
          setTarget(null);
          list.reload();
        }}
      />
    </Card>
  );
}
