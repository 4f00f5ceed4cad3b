import { EditOutlined, KeyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { ROLES } from '../contracts.ts';
import type { Role, User } from '../contracts.ts';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format.ts';
import { roleLabel } from '../i18n/labels.ts';
import { useLang } from '../i18n/useLang.ts';
import { usersApi } from '../modules/users/api/usersApi.ts';
import { UserFormDrawer } from '../modules/users/components/UserFormDrawer.tsx';
import { UserSigningKeysDrawer } from '../modules/signing-keys/components/UserSigningKeysDrawer.tsx';
import { can } from '../auth/permissions.ts';
import { useCurrentUser } from '../auth/useAuth.ts';
import { errorText } from '../shared/errorText.ts';
import { useRemote } from '../shared/useRemote.ts';

/** 用户管理: accounts within the administrator's scope. */
export function UsersPage() {
  const { t, lang } = useLang();
  const [q, setQ] = useState<string | undefined>();
  const [role, setRole] = useState<Role | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useRemote(() => usersApi.list({ q, role, page, pageSize }), [q, role, page, pageSize]);
  const [editing, setEditing] = useState<User | null>(null);
  const [open, setOpen] = useState(false);
  const [keysOf, setKeysOf] = useState<User | null>(null);
  const manageKeys = can(useCurrentUser().role, 'signingkeys.manage');

  return (
    <Card
      title={t('users.list')}
      extra={
        <Flex gap={8}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => { setEditing(null); setOpen(true); }}>
            {t('users.create')}
          </Button>
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={list.reload} />
          </Tooltip>
        </Flex>
      }
    >
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder={t('users.searchPlaceholder')}
          allowClear
          enterButton={t('common.search')}
          style={{ width: 300 }}
          onSearch={(value) => { setQ(value.trim() || undefined); setPage(1); }}
        />
        <Select<Role>
          allowClear
          placeholder={t('users.role')}
          style={{ width: 180 }}
          value={role}
          options={ROLES.map((r) => ({ value: r, label: roleLabel(lang, r) }))}
          onChange={(r) => { setRole(r); setPage(1); }}
        />
      </Flex>
      {list.error && <Tag color="error">{errorText(list.error, t)}</Tag>}
      <Table<User>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { n: formatNumber(total, lang) }),
          onChange: (p, s) => { setPage(s === pageSize ? p : 1); setPageSize(s); },
        }}
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          { title: t('users.role'), dataIndex: 'role', render: (r: Role) => <Tag color="blue">{roleLabel(lang, r)}</Tag> },
          { title: t('users.region'), dataIndex: 'regionName', render: (v: string | null, u) => v ?? u.regionCode ?? '—' },
          { title: t('users.org'), dataIndex: 'orgName', render: (v: string | null, u) => v ?? u.orgId ?? '—' },
          { title: t('users.status'), dataIndex: 'disabled', render: (d: boolean) => (d ? <Tag color="default">{t('users.statusDisabled')}</Tag> : <Tag color="green">{t('users.statusActive')}</Tag>) },
          { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', render: (v: string | null) => formatDateTime(v) },
          { title: t('users.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDate(v) },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_: unknown, u) => (
              <Flex gap={4}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => { setEditing(u); setOpen(true); }}>
                  {t('common.edit')}
                </Button>
                {manageKeys && (
                  <Button type="link" size="small" icon={<KeyOutlined />} onClick={() => setKeysOf(u)} data-testid="user-signing-keys">
                    {t('signingKeys.title')}
                  </Button>
                )}
              </Flex>
            ),
          },
        ]}
      />
      <UserSigningKeysDrawer user={keysOf} onClose={() => setKeysOf(null)} />
      <UserFormDrawer open={open} user={editing} onClose={() => setOpen(false)} onSaved={() => { setOpen(false); list.reload(); }} />
    </Card>
  );
}
