import { DeleteOutlined, EditOutlined, PaperClipOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { can } from '../auth/permissions.ts';
import { useCurrentUser } from '../auth/useAuth.ts';
import { LICENCE_METRICS } from '../contracts.ts';
import type { EntitlementView } from '../contracts.ts';
import { formatDate, formatNumber } from '../i18n/format.ts';
import { useLang } from '../i18n/useLang.ts';
import { licensingApi, metricHasQuantity } from '../modules/licensing/api/licensingApi.ts';
import type { EntitlementFilters } from '../modules/licensing/api/licensingApi.ts';
import { EntitlementDetailDrawer } from '../modules/licensing/components/EntitlementDetailDrawer.tsx';
import { EntitlementFormDrawer } from '../modules/licensing/components/EntitlementFormDrawer.tsx';
import { formatMoney, metricLabel, metricOptions, VALIDITIES, validityOptions, ValidityTag } from '../modules/licensing/licensingLabels.tsx';
import { OrgSelect } from '../modules/orgs/components/OrgSelect.tsx';
import { oneOf, useListQuery } from '../modules/recognition/useListQuery.ts';
import { ColumnSettings, useHiddenColumns } from '../shared/ColumnSettings.tsx';
import { errorText } from '../shared/errorText.ts';
import { queryPagination } from '../shared/queryPagination.ts';
import { useRemote } from '../shared/useRemote.ts';

/** The list's filters and the open entitlement, as the URL keeps them. */
type EntitlementQuery = EntitlementFilters & { open?: string; openOrg?: string };

function parseFilters(p: URLSearchParams): EntitlementQuery {
  return {
    orgId: p.get('orgId') || undefined,
    q: p.get('q') || undefined,
    productKey: p.get('productKey') || undefined,
    metric: oneOf(LICENCE_METRICS, p.get('metric')),
    validity: oneOf(VALIDITIES, p.get('validity')),
    open: p.get('open') || undefined,
    openOrg: p.get('openOrg') || undefined,
  };
}

/**
 * 授权管理: the entitlements in the user's scope (purchases and rights to
 * use), filtered by organization, product, metric and validity; a drawer
 * records or edits one, another shows its use, proof documents and
 * transfers.
 */
export function EntitlementsPage() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const writable = can(user.role, 'licences.write');
  const query = useListQuery(parseFilters);
  const { page, pageSize } = query;
  const { open, openOrg, ...filters } = query.filters;
  const list = useRemote(() => licensingApi.entitlements({ ...filters, page, pageSize }), [JSON.stringify(filters), page, pageSize]);
  const [editing, setEditing] = useState<EntitlementView | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [version, setVersion] = useState(0);
  const [hidden, setHidden] = useHiddenColumns('zb.entitlements.hiddenColumns', ['vendor', 'orderNo']);
  const n = (v: number | null) => formatNumber(v, lang);

  // A link may name the entitlement without its owner: find it in the list, narrowed to its name.
  const owner = openOrg ?? list.data?.items.find((e) => e.id === open)?.orgId;
  const target = open && owner ? { orgId: owner, id: open } : null;
  const showDetail = (e: Pick<EntitlementView, 'id' | 'orgId'>) => query.setFilters({ open: e.id, openOrg: e.orgId });
  const closeDetail = () => query.setFilters({ open: undefined, openOrg: undefined });
  useEffect(() => {
    if (open && !openOrg && list.data && !list.loading && !owner) message.warning(t('entitlements.notFound'));
  }, [open, openOrg, list.data, list.loading]);

  const remove = (e: EntitlementView) =>
    licensingApi
      .removeEntitlement(e.orgId, e.id)
      .then(() => {
        message.success(t('common.deleted'));
        list.reload();
      })
      .catch((err: unknown) => message.error(errorText(err, t)));

  const columns: TableColumnsType<EntitlementView> = [
    {
      key: 'name',
      title: t('entitlements.name'),
      fixed: 'left',
      render: (_: unknown, e) => (
        <Typography.Link onClick={() => showDetail(e)} data-testid="entitlement-name">
          {e.name}
        </Typography.Link>
      ),
    },
    { key: 'org', title: t('entitlements.org'), dataIndex: 'orgName' },
    {
      key: 'products',
      title: t('entitlements.productKeys'),
      render: (_: unknown, e) => (
        <Flex wrap gap={4} style={{ maxWidth: 280 }}>
          {e.productKeys.map((k) => (
            <Tag key={k} style={{ marginInlineEnd: 0, fontFamily: 'monospace' }}>
              {k}
            </Tag>
          ))}
        </Flex>
      ),
    },
    { key: 'metric', title: t('entitlements.metric'), dataIndex: 'metric', render: (v: EntitlementView['metric']) => metricLabel(lang, v) },
    {
      key: 'quantity',
      title: t('entitlements.quantity'),
      align: 'right',
      render: (_: unknown, e) =>
        !metricHasQuantity(e.metric) ? (
          <Typography.Text type="secondary">{e.metric === 'oem' ? '1' : t('compliance.unlimited')}</Typography.Text>
        ) : e.transferredOut ? (
          <Tooltip title={t('entitlements.quantityTransferred', { q: n(e.quantity), out: n(e.transferredOut) })}>{n(e.effectiveQuantity)}</Tooltip>
        ) : (
          n(e.quantity)
        ),
    },
    { key: 'consumed', title: t('compliance.consumed'), dataIndex: 'consumed', align: 'right', render: (v: number | null) => n(v) },
    {
      key: 'remaining',
      title: t('entitlements.remaining'),
      dataIndex: 'remaining',
      align: 'right',
      render: (v: number | null, e) => (metricHasQuantity(e.metric) ? n(v) : '—'),
    },
    { key: 'validity', title: t('entitlements.validity'), dataIndex: 'validity', render: (v: EntitlementView['validity']) => <ValidityTag validity={v} /> },
    { key: 'period', title: t('entitlements.period'), render: (_: unknown, e) => (e.start || e.end ? `${formatDate(e.start)} ~ ${formatDate(e.end)}` : '—') },
    { key: 'unitPrice', title: t('entitlements.unitPrice'), align: 'right', render: (_: unknown, e) => formatMoney(e.unitPrice, e.currency, lang) },
    { key: 'vendor', title: t('entitlements.vendor'), dataIndex: 'vendor', render: (v: string | null) => v ?? '—' },
    { key: 'orderNo', title: t('entitlements.orderNo'), dataIndex: 'orderNo', render: (v: string | null) => v ?? '—' },
    {
      key: 'documents',
      title: t('entitlements.proof'),
      dataIndex: 'documents',
      align: 'right',
      render: (v: number) => (v ? <><PaperClipOutlined /> {n(v)}</> : <Typography.Text type="secondary">0</Typography.Text>),
    },
  ];
  if (writable) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      width: 100,
      render: (_: unknown, e) => (
        <Space size={0}>
          <Tooltip title={t('common.edit')}>
            <Button type="link" size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => { setEditing(e); setFormOpen(true); }} />
          </Tooltip>
          <Popconfirm title={t('entitlements.confirmDelete', { name: e.name })} okText={t('common.delete')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => remove(e)}>
            <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
          </Popconfirm>
        </Space>
      ),
    });
  }
  const choosable = columns.filter((c) => c.key !== 'name' && c.key !== 'actions').map((c) => ({ key: String(c.key), title: String(c.title) }));
  const select = { allowClear: true, popupMatchSelectWidth: false } as const;

  return (
    <Card
      title={t('entitlements.list')}
      extra={
        <Space wrap>
          {writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => { setEditing(null); setFormOpen(true); }} data-testid="entitlement-create">
              {t('entitlements.create')}
            </Button>
          )}
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={list.reload} />
          </Tooltip>
          <ColumnSettings columns={choosable} hidden={hidden} onChange={setHidden} />
        </Space>
      }
    >
      <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="entitlement-filters">
        <OrgSelect value={filters.orgId ?? null} onChange={(orgId) => query.setFilters({ orgId: orgId ?? undefined })} placeholder={t('devices.allOrgs')} style={{ width: 280 }} />
        <Input.Search
          key={`q:${filters.q ?? ''}`}
          defaultValue={filters.q}
          placeholder={t('entitlements.searchPlaceholder')}
          allowClear
          enterButton={t('common.search')}
          onSearch={(q) => query.setFilters({ q: q.trim() || undefined })}
          style={{ width: 300 }}
          aria-label={t('entitlements.searchPlaceholder')}
        />
        <Input
          key={`p:${filters.productKey ?? ''}`}
          defaultValue={filters.productKey}
          placeholder={t('catalogue.productKey')}
          allowClear
          onPressEnter={(ev) => query.setFilters({ productKey: ev.currentTarget.value.trim().toLowerCase() || undefined })}
          onBlur={(ev) => {
            const v = ev.currentTarget.value.trim().toLowerCase() || undefined;
            if (v !== filters.productKey) query.setFilters({ productKey: v });
          }}
          style={{ width: 200 }}
          aria-label={t('catalogue.productKey')}
          data-testid="entitlement-filter-product"
        />
        <Select {...select} style={{ width: 170 }} placeholder={t('entitlements.metric')} value={filters.metric} options={metricOptions(lang)} onChange={(metric) => query.setFilters({ metric })} />
        <Select {...select} style={{ width: 130 }} placeholder={t('entitlements.validity')} value={filters.validity} options={validityOptions(t)} onChange={(validity) => query.setFilters({ validity })} />
        <Button onClick={query.resetFilters}>{t('common.reset')}</Button>
      </Flex>
      {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
      <Table<EntitlementView>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns.filter((c) => !hidden.includes(String(c.key)))}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: query.filtered ? t('entitlements.noMatch') : t('entitlements.empty') }}
        pagination={queryPagination({
          page,
          pageSize,
          total: list.data?.total,
          pageSizes: query.pageSizes,
          setPage: query.setPage,
          totalText: (total) => t('entitlements.total', { n: n(total) }),
        })}
        data-testid="entitlement-table"
      />
      <EntitlementFormDrawer
        open={formOpen}
        entitlement={editing}
        defaultOrgId={filters.orgId ?? user.orgId ?? undefined}
        onClose={() => setFormOpen(false)}
        onSaved={() => {
          setFormOpen(false);
          setVersion((v) => v + 1);
          list.reload();
        }}
      />
      <EntitlementDetailDrawer
        target={target}
        writable={writable}
        version={version}
        onEdit={(e) => {
          setEditing(e);
          setFormOpen(true);
        }}
        onChanged={list.reload}
        onClose={closeDetail}
      />
    </Card>
  );
}
