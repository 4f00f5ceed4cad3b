import { Alert, Descriptions, Form, Input, Modal, Typography } from 'antd';
import { useLang } from '../../../i18n/useLang.ts';
import { useCreateOnce } from '../../../shared/useCreateOnce.ts';
import { inventoryApi } from '../api/inventoryApi.ts';
import { CommandLines } from './CommandLines.tsx';

export interface CredentialCreateModalProps {
  orgId: string;
  orgName?: string;
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}

/**
 * Creates agent credentials for an organization, then shows the user name,
 * the password (only this once: the server keeps a hash) and every agent's
 * command line with them filled in.
 */
export function CredentialCreateModal({ orgId, orgName, open, onClose, onCreated }: CredentialCreateModalProps) {
  const { t } = useLang();
  const [form] = Form.useForm<{ label: string }>();
  const { busy, created, error, submit, close } = useCreateOnce(form, ({ label }: { label: string }) => inventoryApi.createCredential(orgId, label.trim()), { onCreated, onClose });

  return (
    <Modal
      open={open}
      width={created ? 860 : 520}
      title={created ? t('agents.createdTitle') : t('agents.createTitle')}
      onCancel={close}
      onOk={created ? close : () => form.submit()}
      okText={created ? t('agents.savedIt') : t('common.create')}
      cancelButtonProps={created ? { style: { display: 'none' } } : undefined}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      // Clicking beside the modal must not lose a password that is shown only once.
      mask={{ closable: !created }}
      destroyOnHidden
      data-testid="credential-modal"
    >
      {created ? (
        <>
          <Alert type="warning" showIcon title={t('agents.passwordOnce')} style={{ marginBottom: 16 }} />
          <Descriptions
            bordered
            size="small"
            column={1}
            style={{ marginBottom: 16 }}
            items={[
              { key: 'org', label: t('devices.org'), children: orgName ?? orgId },
              { key: 'label', label: t('agents.label'), children: created.label },
              {
                key: 'username',
                label: t('agents.username'),
                children: <Typography.Text code copyable data-testid="credential-username">{created.username}</Typography.Text>,
              },
              {
                key: 'password',
                label: t('agents.password'),
                children: <Typography.Text code copyable data-testid="credential-password">{created.password}</Typography.Text>,
              },
            ]}
          />
          <Alert type="info" showIcon title={t('agents.ocsNoteTitle')} description={t('agents.ocsNote')} style={{ marginBottom: 16 }} />
          <CommandLines commands={created.commands} />
        </>
      ) : (
        <Form<{ label: string }> form={form} name="credential" layout="vertical" onFinish={submit} initialValues={{ label: t('agents.defaultLabel') }}>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Typography.Paragraph type="secondary">{t('agents.createHelp', { org: orgName ?? '' })}</Typography.Paragraph>
          <Form.Item name="label" label={t('agents.label')} extra={t('agents.labelHelp')} rules={[{ required: true, whitespace: true, message: t('users.required') }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
