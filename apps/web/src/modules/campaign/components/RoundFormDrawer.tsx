import { Alert, App, Button, Checkbox, DatePicker, Drawer, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { FORM_LEVEL_LABELS, FORM_LEVELS } from '../../../contracts.ts';
import type { FormLevel, RoundView } from '../../../contracts.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { formErrorMessage } from '../../../shared/applyFieldErrors.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { campaignApi } from '../api/campaignApi.ts';
import { statusFormApi } from '../api/statusFormApi.ts';

interface Values {
  campaignId: string;
  periodLabel: string;
  period: [Dayjs, Dayjs];
  levels: FormLevel[];
  dueDay: Dayjs;
  note?: string;
}

/** Sets a reporting round (填报任务, national office): the campaign, the period, the levels that report and the due day. */
export function RoundFormDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (r: RoundView) => void }) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const campaigns = useRemote(() => (open ? campaignApi.list() : Promise.resolve({ items: [] })), [open]);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
  }, [open]);
  useEffect(() => {
    const first = campaigns.data?.items.find((c) => c.status === 'active');
    if (open && first && !form.getFieldValue('campaignId')) form.setFieldValue('campaignId', first.id);
  }, [campaigns.data]);

  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    try {
      const r = await statusFormApi.createRound({
        campaignId: v.campaignId,
        periodLabel: v.periodLabel.trim(),
        periodStart: v.period[0].format('YYYY-MM-DD'),
        periodEnd: v.period[1].format('YYYY-MM-DD'),
        levels: v.levels,
        dueDay: v.dueDay.format('YYYY-MM-DD'),
        note: v.note?.trim() || null,
      });
      message.success(t('statusForms.roundCreated', { n: r.counts.expected }));
      onCreated(r);
    } catch (e) {
      setError(formErrorMessage(form, e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('statusForms.createRound')}
      size={520}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="round-save">
            {t('statusForms.publishRound')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ levels: ['province', 'prefecture'] }} data-testid="round-form">
        <Form.Item name="campaignId" label={t('menu.campaigns')} rules={[{ required: true, message: t('statusForms.required') }]}>
          <Select loading={campaigns.loading} options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="periodLabel" label={t('statusForms.periodLabel')} rules={[{ required: true, whitespace: true, message: t('statusForms.required') }]} extra={t('statusForms.periodLabelHelp')}>
          <Input maxLength={100} data-testid="round-label" />
        </Form.Item>
        <Form.Item name="period" label={t('statusForms.period')} rules={[{ required: true, message: t('statusForms.required') }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="levels" label={t('statusForms.levels')} rules={[{ required: true, message: t('statusForms.required') }]}>
          <Checkbox.Group options={FORM_LEVELS.map((l) => ({ value: l, label: FORM_LEVEL_LABELS[l][lang] }))} />
        </Form.Item>
        <Form.Item name="dueDay" label={t('statusForms.dueDay')} rules={[{ required: true, message: t('statusForms.required') }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('statusForms.note')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
