import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Flex, Input, Row, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { AUDIT_ACTIONS } from '../contracts.ts';
import type { AuditRecord } from '../contracts.ts';
import { formatDateTime, formatNumber } from '../i18n/format.ts';
import { useLang } from '../i18n/useLang.ts';
import type { MessageKey } from '../i18n/zhCN.ts';
import { auditApi } from '../modules/audit/api/auditApi.ts';
import type { AuditFilters } from '../modules/audit/api/auditApi.ts';
import { VerifyChainButton } from '../modules/audit/components/VerifyChainButton.tsx';
import { errorText } from '../shared/errorText.ts';
import { useRemote } from '../shared/useRemote.ts';

/**
 * The entity types the server records so far. The contract leaves the type
 * open (a string), so unknown types are shown as they come.
 */
const ENTITY_TYPES = ['organization', 'user', 'session', 'api_token', 'device', 'agent_credential', 'inventory_settings', 'recognition_rule'] as const;

const ACTION_COLORS: Record<string, string> = { create: 'green', update: 'blue', delete: 'red', import: 'purple', login: 'default', logout: 'default' };

function JsonBlock({ title, value }: { title: string; value: unknown }) {
  return (
    <div>
      <Typography.Text strong>{title}</Typography.Text>
      <pre style={{ margin: '4px 0 0', padding: 8, background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 4, maxHeight: 320, overflow: 'auto', fontSize: 12 }}>
        {value === null || value === undefined ? '—' : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}

/** 审计日志: the hash-chained audit trail, its filters, and the chain check. */
export function AuditPage() {
  const { t, lang } = useLang();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useRemote(() => auditApi.list({ ...filters, page, pageSize }), [JSON.stringify(filters), page, pageSize]);

  const patch = (next: AuditFilters) => {
    setFilters((prev) => ({ ...prev, ...next }));
    setPage(1);
  };
  const actionLabel = (action: string) =>
    (AUDIT_ACTIONS as readonly string[]).includes(action) ? t(`audit.action.${action}` as MessageKey) : action;
  const entityLabel = (type: string) =>
    (ENTITY_TYPES as readonly string[]).includes(type) ? t(`audit.entity.${type}` as MessageKey) : type;

  return (
    <Card
      title={t('audit.list')}
      extra={
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={list.reload} />
        </Tooltip>
      }
    >
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col flex="auto">
          <Flex wrap gap={8}>
            <Select<string>
              allowClear
              placeholder={t('audit.entityType')}
              style={{ width: 160 }}
              value={filters.entityType}
              options={ENTITY_TYPES.map((type) => ({ value: type, label: entityLabel(type) }))}
              onChange={(entityType) => patch({ entityType })}
            />
            <Input.Search
              placeholder={t('audit.entityId')}
              allowClear
              style={{ width: 260 }}
              onSearch={(v) => patch({ entityId: v.trim() || undefined })}
            />
            <Select<string>
              allowClear
              placeholder={t('audit.action')}
              style={{ width: 160 }}
              value={filters.action}
              options={AUDIT_ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))}
              onChange={(action) => patch({ action })}
            />
            <DatePicker.RangePicker
              format="YYYY-MM-DD"
              onChange={(range: [Dayjs | null, Dayjs | null] | null) =>
                patch({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
              }
            />
          </Flex>
        </Col>
        <Col>
          <VerifyChainButton />
        </Col>
      </Row>
      {list.error && <Tag color="error">{errorText(list.error, t)}</Tag>}
      <Table<AuditRecord>
        rowKey="seq"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (r) => (
            <Row gutter={16}>
              <Col span={12}><JsonBlock title={t('audit.before')} value={r.before} /></Col>
              <Col span={12}><JsonBlock title={t('audit.after')} value={r.after} /></Col>
              <Col span={24} style={{ marginTop: 8 }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('audit.hash')}: <Typography.Text code>{r.hash}</Typography.Text>
                </Typography.Text>
              </Col>
            </Row>
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { n: formatNumber(total, lang) }),
          onChange: (p, s) => { setPage(s === pageSize ? p : 1); setPageSize(s); },
        }}
        columns={[
          { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
          { title: t('audit.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
          { title: t('audit.actor'), dataIndex: 'actorName', render: (v: string | null) => v ?? t('audit.system') },
          { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <Tag color={ACTION_COLORS[v] ?? 'default'}>{actionLabel(v)}</Tag> },
          { title: t('audit.entityType'), dataIndex: 'entityType', render: (v: string) => entityLabel(v) },
          { title: t('audit.entityId'), dataIndex: 'entityId', render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—') },
          { title: t('audit.orgId'), dataIndex: 'orgId', render: (v: string | null) => v ?? '—' },
        ]}
        data-testid="audit-table"
      />
    </Card>
  );
}
