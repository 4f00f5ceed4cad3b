import { Alert, App, DatePicker, Form, Modal, Select } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useCurrentUser } from '../../../auth/useAuth.ts';
import { BULLETIN_KIND_LABELS } from '../../../contracts.ts';
import type { BulletinKind, BulletinView } from '../../../contracts.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { formErrorMessage } from '../../../shared/applyFieldErrors.ts';
import { bulletinApi } from '../api/bulletinApi.ts';
import { writableScope } from '../bulletinLabels.tsx';

interface Values {
  regionCode: string;
  month?: Dayjs | null;
}

export interface BulletinCreateModalProps {
  /** the kind to start, or null when closed */
  kind: BulletinKind | null;
  onClose: () => void;
  onCreated: (b: BulletinView) => void;
}

/**
 * Starts a bulletin: the monthly bulletin of a month (default the previous
 * one; the draft that exists is opened instead of a second one), or a special
 * bulletin / information report quoting a month-end snapshot (default the newest snapshot).
 */
export function BulletinCreateModal({ kind, onClose, onCreated }: BulletinCreateModalProps) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const scope = writableScope(user.role, user.regionCode);

  useEffect(() => {
    if (!kind) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ regionCode: scope ?? '000000', month: kind === 'monthly' ? dayjs().subtract(1, 'month') : null });
  }, [kind]);

  const submit = async (v: Values) => {
    if (!kind) return;
    setSaving(true);
    setError(null);
    try {
      const b = await bulletinApi.create({ kind, regionCode: v.regionCode, month: v.month ? v.month.format('YYYY-MM') : undefined });
      message.success(t('bulletins.drafted'));
      onCreated(b);
    } catch (e) {
      setError(formErrorMessage(form, e, t));
    } finally {
      setSaving(false);
    }
  };

  const regions = scope === '000000' ? [{ value: '000000', label: t('bulletins.national') }] : scope ? [{ value: scope, label: user.regionName ?? scope }] : [];
  return (
    <Modal open={kind !== null} title={kind ? `${t('common.create')}${BULLETIN_KIND_LABELS[kind][lang]}` : ''} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} okText={t('bulletins.generate')} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} data-testid="bulletin-create-form">
        <Form.Item name="regionCode" label={t('bulletins.scope')} rules={[{ required: true }]} extra={t('bulletins.scopeHelp')}>
          <Select options={regions} />
        </Form.Item>
        <Form.Item name="month" label={t('bulletins.month')} rules={kind === 'monthly' ? [{ required: true, message: t('bulletins.monthRequired') }] : []} extra={kind === 'monthly' ? t('bulletins.monthHelp') : t('bulletins.snapshotHelp')}>
          <DatePicker picker="month" format="YYYY-MM" allowClear={kind !== 'monthly'} disabledDate={(d) => d.isAfter(dayjs().subtract(1, 'month'), 'month')} data-testid="bulletin-month" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
