import { DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Popconfirm, Row, Space, Table, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { formatMinute } from '../i18n/format.ts';
import { useLang } from '../i18n/useLang.ts';
import { inventoryApi } from '../modules/inventory/api/inventoryApi.ts';
import type { AgentCredential, InventorySettings } from '../modules/inventory/api/inventoryApi.ts';
import { CredentialCreateModal } from '../modules/inventory/components/CredentialCreateModal.tsx';
import { OpenEnrollmentCard } from '../modules/inventory/components/OpenEnrollmentCard.tsx';
import { OrgBar, PickOrgFirst } from '../modules/inventory/components/OrgBar.tsx';
import { useOrgParam } from '../modules/inventory/useOrgParam.ts';
import { orgsApi } from '../modules/orgs/api/orgsApi.ts';
import { errorText } from '../shared/errorText.ts';
import { useRemote } from '../shared/useRemote.ts';

/** The body of the page once an organization is chosen. */
function AgentSetup({ orgId }: { orgId: string }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const org = useRemote(() => orgsApi.get(orgId), [orgId]);
  const credentials = useRemote(() => inventoryApi.credentials(orgId), [orgId]);
  const loaded = useRemote(() => inventoryApi.settings(orgId), [orgId]);
  // The switch answers with the new settings: shown at once, without reloading.
  const [settings, setSettings] = useState<InventorySettings | undefined>(undefined);
  useEffect(() => setSettings(loaded.data), [loaded.data]);
  const [creating, setCreating] = useState(false);

  const revoke = (c: AgentCredential) => {
    inventoryApi
      .revokeCredential(orgId, c.id)
      .then(() => {
        message.success(t('agents.revoked'));
        credentials.reload();
      })
      .catch((e: unknown) => message.error(errorText(e, t)));
  };

  return (
    <>
      <Card
        title={t('agents.credentials')}
        extra={
          <Space>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="credential-create">
              {t('agents.create')}
            </Button>
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={credentials.reload} />
            </Tooltip>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('agents.credentialsHelp')}</Typography.Paragraph>
        {credentials.error && <Typography.Text type="danger">{errorText(credentials.error, t)}</Typography.Text>}
        <Table<AgentCredential>
          rowKey="id"
          size="middle"
          loading={credentials.loading}
          dataSource={credentials.data ?? []}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('agents.noCredentials')} /> }}
          columns={[
            { key: 'username', title: t('agents.username'), dataIndex: 'username', render: (v: string) => <Typography.Text code copyable>{v}</Typography.Text> },
            { key: 'label', title: t('agents.label'), dataIndex: 'label' },
            { key: 'createdAt', title: t('agents.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatMinute(v) },
            { key: 'lastUsedAt', title: t('agents.lastUsedAt'), dataIndex: 'lastUsedAt', render: (v: string | null) => (v ? formatMinute(v) : t('agents.neverUsed')) },
            {
              key: 'actions',
              title: t('common.actions'),
              width: 100,
              render: (_: unknown, c) => (
                <Popconfirm
                  title={t('agents.confirmRevoke', { name: c.username })}
                  description={t('agents.confirmRevokeHint')}
                  okText={t('agents.revoke')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => revoke(c)}
                >
                  <Button type="link" danger size="small" icon={<DeleteOutlined />}>{t('agents.revoke')}</Button>
                </Popconfirm>
              ),
            },
          ]}
          data-testid="credential-table"
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('agents.commands')} loading={loaded.loading && !settings}>
            <Typography.Paragraph type="secondary">{t('agents.commandsHelp')}</Typography.Paragraph>
            {loaded.error && <Typography.Text type="danger">{errorText(loaded.error, t)}</Typography.Text>}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <OpenEnrollmentCard orgId={orgId} settings={settings} loading={loaded.loading} onChanged={setSettings} />
        </Col>
      </Row>
      <CredentialCreateModal orgId={orgId} orgName={org.data?.name} open={creating} onClose={() => setCreating(false)} onCreated={credentials.reload} />
    </>
  );
}

/**
 * 代理接入: how an organization's computers report their software — agent
 * credentials for OCS Inventory, FusionInventory, glpi-agent and `zb scan`,
 * the command lines to paste, and open enrollment.
 */
export function AgentSetupPage() {
  const { t } = useLang();
  const [orgId, setOrgId] = useOrgParam();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <OrgBar orgId={orgId} onChange={setOrgId} hint={t('agents.orgHint')} />
      {orgId ? <AgentSetup key={orgId} orgId={orgId} /> : <PickOrgFirst />}
    </Space>
  );
}
