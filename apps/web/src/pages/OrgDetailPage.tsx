import { ArrowLeftOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Popconfirm, Result, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { can } from '../auth/permissions.ts';
import { useCurrentUser } from '../auth/useAuth.ts';
import type { Org } from '../contracts.ts';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format.ts';
import { orgLabel } from '../i18n/labels.ts';
import { useLang } from '../i18n/useLang.ts';
import { orgsApi } from '../modules/orgs/api/orgsApi.ts';
import { OrgFormDrawer } from '../modules/orgs/components/OrgFormDrawer.tsx';
import { errorText } from '../shared/errorText.ts';
import { useRemote } from '../shared/useRemote.ts';

/** One organization: its fields, its child organizations, edit and delete. */
export function OrgDetailPage() {
  const { orgId = '' } = useParams();
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const writable = can(user.role, 'orgs.write');
  const detail = useRemote(() => orgsApi.get(orgId), [orgId]);
  const [childPage, setChildPage] = useState(1);
  const children = useRemote(() => orgsApi.list({ parentId: orgId, page: childPage, pageSize: 10 }), [orgId, childPage]);
  const [editing, setEditing] = useState(false);

  if (detail.loading && !detail.data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const org = detail.data;
  if (!org || detail.error) {
    return (
      <Result
        status={detail.error?.status === 404 || detail.error?.status === 403 ? '404' : 'error'}
        title={detail.error ? errorText(detail.error, t) : t('orgs.notFound')}
        extra={<Link to="/orgs"><Button>{t('common.backToList')}</Button></Link>}
      />
    );
  }

  const remove = () => {
    orgsApi
      .remove(org.id)
      .then(() => {
        message.success(t('common.deleted'));
        navigate('/orgs');
      })
      .catch((e: unknown) => message.error(errorText(e, t)));
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Link to="/orgs" aria-label={t('common.backToList')}><ArrowLeftOutlined /></Link>
            <span data-testid="org-detail-name">{org.name}</span>
          </Space>
        }
        extra={
          writable && (
            <Space>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>{t('common.edit')}</Button>
              <Popconfirm title={t('orgs.confirmDelete', { name: org.name })} okText={t('common.delete')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={remove}>
                <Button danger icon={<DeleteOutlined />}>{t('common.delete')}</Button>
              </Popconfirm>
            </Space>
          )
        }
      >
        <Descriptions
          bordered
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'name', label: t('orgs.name'), children: org.name },
            { key: 'uscc', label: t('orgs.uscc'), children: <Typography.Text code copyable>{org.uscc}</Typography.Text> },
            { key: 'type', label: t('orgs.type'), children: orgLabel(lang, 'type', org.type) },
            org.type === 'agency'
              ? { key: 'agencyKind', label: t('orgs.agencyKind'), children: orgLabel(lang, 'agencyKind', org.agencyKind) }
              : { key: 'ownership', label: t('orgs.ownership'), children: `${orgLabel(lang, 'ownership', org.ownership)} · ${orgLabel(lang, 'industry', org.industry)}` },
            { key: 'level', label: t('orgs.level'), children: orgLabel(lang, 'level', org.level) },
            { key: 'region', label: t('orgs.region'), children: <Link to={`/orgs?regionCode=${org.regionCode}`}>{org.regionName ?? org.regionCode}（{org.regionCode}）</Link> },
            { key: 'parent', label: t('orgs.parent'), children: org.parentId ? <Link to={`/orgs/${encodeURIComponent(org.parentId)}`}>{org.parentName ?? org.parentId}</Link> : '—' },
            { key: 'staff', label: t('orgs.staffCount'), children: formatNumber(org.staffCount, lang) },
            { key: 'created', label: t('orgs.createdAt'), children: formatDateTime(org.createdAt) },
            { key: 'updated', label: t('orgs.updatedAt'), children: formatDateTime(org.updatedAt) },
          ]}
        />
      </Card>
      <Card title={t('orgs.children')}>
        <Table<Org>
          rowKey="id"
          size="small"
          loading={children.loading}
          dataSource={children.data?.items ?? []}
          pagination={{ current: childPage, pageSize: 10, total: children.data?.total ?? 0, onChange: setChildPage, hideOnSinglePage: true }}
          columns={[
            { title: t('orgs.name'), dataIndex: 'name', render: (name: string, child) => <Link to={`/orgs/${encodeURIComponent(child.id)}`}>{name}</Link> },
            { title: t('orgs.uscc'), dataIndex: 'uscc' },
            { title: t('orgs.type'), dataIndex: 'type', render: (v: Org['type']) => orgLabel(lang, 'type', v) },
            { title: t('orgs.level'), dataIndex: 'level', render: (v: Org['level']) => orgLabel(lang, 'level', v) },
            { title: t('orgs.region'), dataIndex: 'regionName' },
            { title: t('orgs.staffCount'), dataIndex: 'staffCount', align: 'right', render: (v: number) => formatNumber(v, lang) },
            { title: t('orgs.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatDate(v) },
          ]}
        />
      </Card>
      <OrgFormDrawer
        open={editing}
        org={org}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          detail.reload();
          children.reload();
        }}
      />
    </Space>
  );
}
