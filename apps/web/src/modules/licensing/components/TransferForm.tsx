import { SwapOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row } from 'antd';
import { useState } from 'react';
import { useLang } from '../../../i18n/useLang.ts';
import { applyFieldErrors } from '../../../shared/applyFieldErrors.ts';
import { errorText } from '../../../shared/errorText.ts';
import { OrgSelect } from '../../orgs/components/OrgSelect.tsx';
import { licensingApi } from '../api/licensingApi.ts';
import type { EntitlementDetail } from '../api/licensingApi.ts';

interface TransferValues {
  toOrgId: string | null;
  quantity: number | null;
  reason: string;
}

/** 授权转让: moves units to another organization; the transfer stays on record and the receiver gets its own entitlement. */
export function TransferForm({ entitlement, onDone }: { entitlement: EntitlementDetail; onDone: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<TransferValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: TransferValues) => {
    setBusy(true);
    setError(null);
    try {
      const done = await licensingApi.transfer(entitlement.orgId, entitlement.id, { toOrgId: values.toOrgId ?? '', quantity: values.quantity ?? 0, reason: values.reason.trim() });
      message.success(t('entitlements.transferred', { n: done.quantity, org: done.toOrgName }));
      form.resetFields();
      onDone();
    } catch (e) {
      if (applyFieldErrors(form, e).length || !form.getFieldsError().some((f) => f.errors.length)) setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('entitlements.transfer')} data-testid="transfer-form">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<TransferValues> form={form} name="transfer" layout="vertical" onFinish={submit} initialValues={{ quantity: 1 }}>
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item name="toOrgId" label={t('entitlements.transferTo')} rules={[{ required: true, message: t('entitlements.orgRequired') }]}>
              <OrgSelect placeholder={t('inventory.pickOrg')} excludeId={entitlement.orgId} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="quantity" label={t('entitlements.quantity')} rules={[{ required: true, message: t('entitlements.quantityRequired') }]}>
              <InputNumber min={1} max={entitlement.effectiveQuantity} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="reason" label={t('entitlements.transferReason')} rules={[{ required: true, whitespace: true, message: t('entitlements.transferReasonRequired') }]}>
          <Input.TextArea rows={2} maxLength={2000} placeholder={t('entitlements.transferReasonPlaceholder')} />
        </Form.Item>
        <Button htmlType="submit" icon={<SwapOutlined />} loading={busy} data-testid="transfer-submit">
          {t('entitlements.transferSubmit')}
        </Button>
      </Form>
    </Card>
  );
}
