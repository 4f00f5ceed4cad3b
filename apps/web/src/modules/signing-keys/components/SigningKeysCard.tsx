import { KeyOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Typography, Upload } from 'antd';
import { useState } from 'react';
import { fieldMessage, parsePublicKeyText, PUBLIC_KEY_TEXT_MAX } from '../../../contracts.ts';
import type { SigningKeyView } from '../../../contracts.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { applyFieldErrors } from '../../../shared/applyFieldErrors.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { signingKeysApi } from '../api/signingKeysApi.ts';
import { SigningKeysTable } from './SigningKeysTable.tsx';

interface KeyFormValues {
  publicKey: string;
  name?: string;
}

/**
 * 签名密钥 in the settings: the public keys the user signs `zb scan` result
 * files with. Inspection uploads are accepted only when signed by one of
 * these (registered, not revoked).
 */
export function SigningKeysCard() {
  const { t } = useLang();
  const { message } = App.useApp();
  const keys = useRemote(() => signingKeysApi.list(), []);
  const [open, setOpen] = useState(false);

  const revoke = (k: SigningKeyView) => {
    signingKeysApi
      .revoke(k.keyId)
      .then(() => {
        message.success(t('signingKeys.revoked'));
        keys.reload();
      })
      .catch((e: unknown) => message.error(errorText(e, t)));
  };

  return (
    <Card
      title={t('signingKeys.title')}
      extra={
        <Button type="primary" icon={<KeyOutlined />} onClick={() => setOpen(true)} data-testid="signing-key-register">
          {t('signingKeys.register')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('signingKeys.help')}</Typography.Paragraph>
      <SigningKeysTable keys={keys.data ?? []} loading={keys.loading} onRevoke={revoke} />
      <RegisterKeyModal
        open={open}
        onClose={() => setOpen(false)}
        onRegistered={(k) => {
          message.success(t('signingKeys.registered', { keyId: k.keyId }));
          keys.reload();
        }}
      />
    </Card>
  );
}

/** Paste the `.pub` text (or pick the file), optionally name the key, register it. */
function RegisterKeyModal({ open, onClose, onRegistered }: { open: boolean; onClose: () => void; onRegistered: (k: SigningKeyView) => void }) {
  const { t, lang } = useLang();
  const [form] = Form.useForm<KeyFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    form.resetFields();
    setError(null);
    onClose();
  };

  const submit = async (values: KeyFormValues) => {
    setBusy(true);
    setError(null);
    try {
      const name = values.name?.trim();
      const k = await signingKeysApi.register({ publicKey: values.publicKey, ...(name ? { name } : {}) });
      onRegistered(k);
      close();
    } catch (e) {
      if (applyFieldErrors(form, e).length || !form.getFieldsError().some((f) => f.errors.length)) setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('signingKeys.register')} onCancel={close} onOk={() => form.submit()} okText={t('signingKeys.registerOk')} cancelText={t('common.cancel')} confirmLoading={busy} okButtonProps={{ 'data-testid': 'signing-key-submit' } as Record<`data-${string}`, string>} destroyOnHidden width={640}>
      <Typography.Paragraph type="secondary">{t('signingKeys.how')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<KeyFormValues> form={form} name="signingKey" layout="vertical" onFinish={submit}>
        <Form.Item
          name="publicKey"
          label={t('signingKeys.publicKey')}
          rules={[
            {
              // The same check as the server's, so a wrong paste is caught at once, in the reader's language.
              validator: async (_, v: string | undefined) => {
                const r = parsePublicKeyText(v ?? '');
                if (!r.ok) throw new Error(fieldMessage(r.key, lang));
              },
            },
          ]}
        >
          <Input.TextArea rows={7} maxLength={PUBLIC_KEY_TEXT_MAX} placeholder={'{\n  "alg": "ed25519",\n  "keyId": "…",\n  "publicKey": "…",\n  "name": "…"\n}'} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Upload
          accept=".pub,application/json,text/plain"
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then((text) => {
              form.setFieldValue('publicKey', text);
              void form.validateFields(['publicKey']).catch(() => undefined);
            });
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} style={{ marginBottom: 16 }} data-testid="signing-key-file">
            {t('signingKeys.pickFile')}
          </Button>
        </Upload>
        <Form.Item name="name" label={t('signingKeys.nameOptional')}>
          <Input maxLength={200} placeholder={t('signingKeys.nameHint')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
