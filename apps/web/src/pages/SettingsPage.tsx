import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useCurrentUser } from '../auth/useAuth.ts';
import { formatDate, formatDateTime } from '../i18n/format.ts';
import { roleLabel } from '../i18n/labels.ts';
import { useLang } from '../i18n/useLang.ts';
import { tokensApi } from '../modules/tokens/api/tokensApi.ts';
import type { ApiToken } from '../modules/tokens/api/tokensApi.ts';
import { SigningKeysCard } from '../modules/signing-keys/components/SigningKeysCard.tsx';
import { TokenCreateModal } from '../modules/tokens/components/TokenCreateModal.tsx';
import { errorText } from '../shared/errorText.ts';
import { useRemote } from '../shared/useRemote.ts';

/** 个人设置: who I am, my API tokens and my signing keys. */
export function SettingsPage() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const tokens = useRemote(() => tokensApi.list(), []);
  const [creating, setCreating] = useState(false);

  const revoke = (token: ApiToken) => {
    tokensApi
      .revoke(token.id)
      .then(() => {
        message.success(t('settings.revoked'));
        tokens.reload();
      })
      .catch((e: unknown) => message.error(errorText(e, t)));
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('settings.profile')}>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'username', label: t('users.username'), children: user.username },
            { key: 'displayName', label: t('users.displayName'), children: user.displayName },
            { key: 'role', label: t('users.role'), children: roleLabel(lang, user.role) },
            { key: 'scope', label: t('dashboard.scope'), children: user.orgName ?? user.regionName ?? t('dashboard.scopeNational') },
            { key: 'lastLogin', label: t('users.lastLogin'), children: formatDateTime(user.lastLoginAt) },
            { key: 'created', label: t('users.createdAt'), children: formatDate(user.createdAt) },
          ]}
        />
      </Card>
      <Card
        title={t('settings.tokens')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-create">
            {t('settings.createToken')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('settings.tokensHelp')}</Typography.Paragraph>
        <Table<ApiToken>
          rowKey="id"
          size="middle"
          loading={tokens.loading}
          dataSource={tokens.data ?? []}
          pagination={false}
          columns={[
            { title: t('settings.tokenName'), dataIndex: 'name' },
            { title: t('settings.prefix'), dataIndex: 'prefix', render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
            { title: t('settings.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDate(v) },
            { title: t('settings.lastUsedAt'), dataIndex: 'lastUsedAt', render: (v: string | null) => (v ? formatDateTime(v) : t('settings.neverUsed')) },
            { title: t('settings.expiresAt'), dataIndex: 'expiresAt', render: (v: string | null) => (v ? formatDate(v) : t('settings.never')) },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, token) => (
                <Popconfirm title={t('settings.confirmRevoke', { name: token.name })} okText={t('settings.revoke')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => revoke(token)}>
                  <Button type="link" danger size="small">{t('settings.revoke')}</Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Card>
      <SigningKeysCard />
      <TokenCreateModal open={creating} onClose={() => setCreating(false)} onCreated={tokens.reload} />
    </Space>
  );
}
