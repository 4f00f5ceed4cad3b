import { DeleteOutlined, DownloadOutlined, DownOutlined, EditOutlined, FileExcelOutlined, PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Dropdown, Popconfirm, Space, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { can } from '../auth/permissions.ts';
import { useCurrentUser } from '../auth/useAuth.ts';
import type { Org, OrgSortKey } from '../contracts.ts';
import { formatDate, formatNumber } from '../i18n/format.ts';
import { orgLabel } from '../i18n/labels.ts';
import { useLang } from '../i18n/useLang.ts';
import { orgsApi } from '../modules/orgs/api/orgsApi.ts';
import { OrgFilterBar } from '../modules/orgs/components/OrgFilterBar.tsx';
import { OrgFormDrawer } from '../modules/orgs/components/OrgFormDrawer.tsx';
import { OrgImportModal } from '../modules/orgs/components/OrgImportModal.tsx';
import { useOrgQuery } from '../modules/orgs/useOrgQuery.ts';
import { ColumnSettings, useHiddenColumns } from '../shared/ColumnSettings.tsx';
import { errorText } from '../shared/errorText.ts';
import { serverSorter, sortFromTable } from '../shared/serverSort.ts';
import { useRemote } from '../shared/useRemote.ts';
import { queryPagination } from '../shared/queryPagination.ts';

/** The server's sort key of each sortable column, by column key. */
const SORT_BY_COLUMN: Record<string, OrgSortKey> = { name: 'name', uscc: 'uscc', level: 'level', region: 'regionCode', staffCount: 'staffCount', updatedAt: 'updatedAt' };

/** 单位管理: the organization registry with filters, paging, export, import and the edit drawer. */
export function OrgsPage() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const writable = can(user.role, 'orgs.write');
  const query = useOrgQuery();
  const { filters, sort, listQuery, page, pageSize } = query;
  const list = useRemote(() => orgsApi.list({ ...listQuery, page, pageSize }), [JSON.stringify(listQuery), page, pageSize]);
  const [editing, setEditing] = useState<Org | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [hidden, setHidden] = useHiddenColumns('zb.orgs.hiddenColumns');

  const run = (work: () => Promise<void>) => {
    work().catch((e: unknown) => message.error(errorText(e, t)));
  };
  const remove = (org: Org) =>
    run(async () => {
      await orgsApi.remove(org.id);
      message.success(t('common.deleted'));
      list.reload();
    });

  // Sorted by the server, across pages (the default order is by region, then name).
  const columns: TableColumnsType<Org> = [
    {
      key: 'name',
      title: t('orgs.name'),
      dataIndex: 'name',
      ...serverSorter(sort, 'name'),
      render: (name: string, org) => <Link to={`/orgs/${encodeURIComponent(org.id)}`}>{name}</Link>,
    },
    { key: 'uscc', title: t('orgs.uscc'), dataIndex: 'uscc', ...serverSorter(sort, 'uscc'), render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { key: 'type', title: t('orgs.type'), dataIndex: 'type', render: (v: Org['type']) => orgLabel(lang, 'type', v) },
    {
      key: 'kind',
      title: `${t('orgs.agencyKind')} / ${t('orgs.ownership')}`,
      render: (_: unknown, org) =>
        org.type === 'agency' ? orgLabel(lang, 'agencyKind', org.agencyKind) : `${orgLabel(lang, 'ownership', org.ownership)} · ${orgLabel(lang, 'industry', org.industry)}`,
    },
    {
      key: 'level',
      title: t('orgs.level'),
      dataIndex: 'level',
      ...serverSorter(sort, 'level'),
      render: (v: Org['level']) => orgLabel(lang, 'level', v),
    },
    { key: 'region', title: t('orgs.region'), dataIndex: 'regionName', ...serverSorter(sort, 'regionCode', 'asc'), render: (v: string | null, org) => v ?? org.regionCode },
    { key: 'parent', title: t('orgs.parent'), dataIndex: 'parentName', render: (v: string | null, org) => (org.parentId ? <Link to={`/orgs/${encodeURIComponent(org.parentId)}`}>{v ?? org.parentId}</Link> : '—') },
    { key: 'staffCount', title: t('orgs.staffCount'), dataIndex: 'staffCount', align: 'right', ...serverSorter(sort, 'staffCount'), render: (v: number) => formatNumber(v, lang) },
    { key: 'updatedAt', title: t('orgs.updatedAt'), dataIndex: 'updatedAt', ...serverSorter(sort, 'updatedAt'), render: (v: string) => formatDate(v) },
  ];
  if (writable) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      width: 110,
      render: (_: unknown, org) => (
        <Space size={0}>
          <Tooltip title={t('common.edit')}>
            <Button type="link" size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => { setEditing(org); setDrawerOpen(true); }} />
          </Tooltip>
          <Popconfirm title={t('orgs.confirmDelete', { name: org.name })} okText={t('common.delete')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => remove(org)}>
            <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
          </Popconfirm>
        </Space>
      ),
    });
  }
  const choosable = columns.filter((c) => c.key !== 'name' && c.key !== 'actions').map((c) => ({ key: String(c.key), title: String(c.title) }));

  return (
    <Card
      title={t('orgs.list')}
      extra={
        <Space wrap>
          {writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => { setEditing(null); setDrawerOpen(true); }} data-testid="org-create">
              {t('orgs.create')}
            </Button>
          )}
          {writable && (
            <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="org-import">
              {t('orgs.import')}
            </Button>
          )}
          <Dropdown
            menu={{
              items: [
                { key: 'xlsx', label: t('orgs.templateXlsx') },
                { key: 'csv', label: t('orgs.templateCsv') },
              ],
              onClick: ({ key }) => run(() => orgsApi.template(key === 'csv' ? 'csv' : 'xlsx')),
            }}
          >
            <Button icon={<DownloadOutlined />}>
              {t('orgs.template')} <DownOutlined />
            </Button>
          </Dropdown>
          <Button icon={<FileExcelOutlined />} onClick={() => run(() => orgsApi.exportXlsx(listQuery))} data-testid="org-export">
            {t('orgs.export')}
          </Button>
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={list.reload} />
          </Tooltip>
          <ColumnSettings columns={choosable} hidden={hidden} onChange={setHidden} />
        </Space>
      }
    >
      <OrgFilterBar filters={filters} onChange={query.setFilters} onReset={query.resetFilters} />
      {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
      <Table<Org>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns.filter((c) => !hidden.includes(String(c.key)))}
        scroll={{ x: 'max-content' }}
        onChange={(_pagination, _filters, sorter, extra) => {
          if (extra.action === 'sort') query.setSort(sortFromTable(sorter, (key) => SORT_BY_COLUMN[key]));
        }}
        pagination={queryPagination({
          page,
          pageSize,
          total: list.data?.total,
          pageSizes: query.pageSizes,
          setPage: query.setPage,
          totalText: (total) => t('common.total', { n: formatNumber(total, lang) }),
        })}
        data-testid="org-table"
      />
      <OrgFormDrawer
        open={drawerOpen}
        org={editing}
        onClose={() => setDrawerOpen(false)}
        onSaved={() => {
          setDrawerOpen(false);
          list.reload();
        }}
      />
      <OrgImportModal open={importOpen} onClose={() => setImportOpen(false)} onImported={list.reload} />
    </Card>
  );
}
