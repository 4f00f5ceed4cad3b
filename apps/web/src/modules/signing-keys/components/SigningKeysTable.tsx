import { Button, Popconfirm, Table, Tag, Typography } from 'antd';
import type { SigningKeyView } from '../../../contracts.ts';
import { formatDate, formatDateTime } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';

/** Signing keys with their id, name, dates and a revoke action (my own in the settings, anyone's for the national office). */
export function SigningKeysTable({ keys, loading, onRevoke }: { keys: SigningKeyView[]; loading: boolean; onRevoke: (k: SigningKeyView) => void }) {
  const { t } = useLang();
  return (
    <Table<SigningKeyView>
      rowKey="keyId"
      size="middle"
      loading={loading}
      dataSource={keys}
      pagination={false}
      data-testid="signing-keys-table"
      columns={[
        { title: t('signingKeys.keyId'), dataIndex: 'keyId', render: (v: string) => <Typography.Text code copyable>{v}</Typography.Text> },
        { title: t('signingKeys.name'), dataIndex: 'name' },
        { title: t('settings.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDate(v) },
        {
          title: t('signingKeys.status'),
          key: 'status',
          render: (_: unknown, k) => (k.revokedAt ? <Tag>{t('signingKeys.revokedAt', { at: formatDateTime(k.revokedAt) })}</Tag> : <Tag color="success">{t('signingKeys.active')}</Tag>),
        },
        {
          title: t('common.actions'),
          key: 'actions',
          render: (_: unknown, k) =>
            k.revokedAt ? null : (
              <Popconfirm title={t('signingKeys.confirmRevoke', { name: k.name, keyId: k.keyId })} okText={t('settings.revoke')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => onRevoke(k)}>
                <Button type="link" danger size="small" data-testid="signing-key-revoke">
                  {t('settings.revoke')}
                </Button>
              </Popconfirm>
            ),
        },
      ]}
    />
  );
}
