import { Alert, Checkbox, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useLang } from '../../../i18n/useLang.ts';
import { useCreateOnce } from '../../../shared/useCreateOnce.ts';
import { tokensApi } from '../api/tokensApi.ts';

interface TokenFormValues {
  name: string;
  expiresInDays: number | null;
  noExpiry: boolean;
}

export interface TokenCreateModalProps {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}

/** Creates an API token, then shows its secret once, with a copy button. */
export function TokenCreateModal({ open, onClose, onCreated }: TokenCreateModalProps) {
  const { t } = useLang();
  const [form] = Form.useForm<TokenFormValues>();
  const noExpiry = Form.useWatch('noExpiry', form);
  const { busy, created, error, submit, close } = useCreateOnce(form, (values: TokenFormValues) => tokensApi.create(values.name.trim(), values.noExpiry ? null : (values.expiresInDays ?? 365)), { onCreated, onClose });

  return (
    <Modal
      open={open}
      title={created ? t('settings.secretTitle') : t('settings.createToken')}
      onCancel={close}
      onOk={created ? close : () => form.submit()}
      okText={created ? t('common.close') : t('common.create')}
      cancelButtonProps={created ? { style: { display: 'none' } } : undefined}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      {created ? (
        <>
          <Alert type="warning" showIcon title={t('settings.secretHint')} style={{ marginBottom: 16 }} />
          <Typography.Paragraph copyable={{ text: created.token }} code style={{ wordBreak: 'break-all' }} data-testid="token-secret">
            {created.token}
          </Typography.Paragraph>
        </>
      ) : (
        <Form<TokenFormValues> form={form} name="token" layout="vertical" onFinish={submit} initialValues={{ expiresInDays: 365, noExpiry: false }}>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Form.Item name="name" label={t('settings.tokenName')} rules={[{ required: true, whitespace: true, message: t('users.required') }]}>
            <Input maxLength={200} placeholder="ci-inventory" />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('settings.expiresInDays')}>
            <InputNumber min={1} max={3650} precision={0} disabled={noExpiry} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="noExpiry" valuePropName="checked">
            <Checkbox>{t('settings.noExpiry')}</Checkbox>
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
