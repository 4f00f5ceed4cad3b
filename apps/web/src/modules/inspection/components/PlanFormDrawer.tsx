import { Alert, App, Button, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { INSPECTION_TYPES, INSPECTION_TYPE_LABELS, PROGRAMME_MONTHS, PROVINCES } from '../../../contracts.ts';
import type { InspectionType, PlanBody, PlanDetail } from '../../../contracts.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { formErrorMessage } from '../../../shared/applyFieldErrors.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { inspectionApi } from '../api/inspectionApi.ts';

interface Values {
  year: number;
  type: InspectionType;
  month: number;
  title: string;
  targetRegions: string[];
  orgSampleSize: number;
  devicesPerOrg: number;
  inspectorIds: string[];
  note?: string;
}

export interface PlanFormDrawerProps {
  /** open for a new plan (`'new'`), for editing one, or closed (null) */
  plan: PlanDetail | 'new' | null;
  onClose: () => void;
  onSaved: (p: PlanDetail) => void;
}

/**
 * Creates or edits an inspection plan. New plans start from the programme:
 * on-site and written inspections in March and August, special ones in May
 * and October (the month follows the type until the user picks another).
 */
export function PlanFormDrawer({ plan, onClose, onSaved }: PlanFormDrawerProps) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editing = plan !== null && plan !== 'new' ? plan : null;
  const inspectors = useRemote(() => (plan === null ? Promise.resolve({ items: [], total: 0 }) : inspectionApi.inspectors()), [plan === null]);
  const type = Form.useWatch('type', form) ?? 'on-site';
  const year = Form.useWatch('year', form);
  const month = Form.useWatch('month', form);

  const defaultTitle = (y: number, m: number, ty: InspectionType) => (lang === 'zh-CN' ? `${y}年${m}月${INSPECTION_TYPE_LABELS[ty]['zh-CN']}` : `${INSPECTION_TYPE_LABELS[ty]['en-US']} ${y}-${String(m).padStart(2, '0')}`);

  useEffect(() => {
    if (plan === null) return;
    setError(null);
    form.resetFields();
    if (editing) {
      form.setFieldsValue({ year: editing.year, type: editing.type, month: editing.month, title: editing.title, targetRegions: editing.targetRegions.map((r) => r.code), orgSampleSize: editing.orgSampleSize, devicesPerOrg: editing.devicesPerOrg, inspectorIds: editing.inspectors.map((i) => i.id), note: editing.note ?? '' });
    } else {
      // The next programme month of an on-site inspection from today.
      const now = new Date();
      const m = now.getMonth() + 1;
      const next = PROGRAMME_MONTHS['on-site'].find((x) => x >= m);
      const y = next ? now.getFullYear() : now.getFullYear() + 1;
      const mm = next ?? PROGRAMME_MONTHS['on-site'][0]!;
      form.setFieldsValue({ year: y, type: 'on-site', month: mm, title: defaultTitle(y, mm, 'on-site') });
    }
  }, [plan]);

  const onTypeChange = (ty: InspectionType) => {
    const m = PROGRAMME_MONTHS[ty][0]!;
    form.setFieldsValue({ month: m, title: defaultTitle(year ?? new Date().getFullYear(), m, ty) });
  };

  const submit = async (v: Values) => {
    const body: PlanBody = { year: v.year, type: v.type, month: v.month, title: v.title.trim(), targetRegions: v.targetRegions ?? [], orgSampleSize: v.orgSampleSize, devicesPerOrg: v.devicesPerOrg, inspectorIds: v.inspectorIds ?? [], note: v.note?.trim() || null };
    setSaving(true);
    setError(null);
    try {
      const saved = editing ? await inspectionApi.update(editing.id, body) : await inspectionApi.create(body);
      message.success(editing ? t('common.saved') : t('common.created'));
      onSaved(saved);
    } catch (e) {
      setError(formErrorMessage(form, e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={plan !== null}
      title={editing ? t('inspection.edit') : t('inspection.create')}
      size={560}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="plan-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} name="inspection-plan" layout="vertical" onFinish={submit} initialValues={{ orgSampleSize: 10, devicesPerOrg: 3, targetRegions: [], inspectorIds: [] }}>
        <Space wrap>
          <Form.Item name="year" label={t('inspection.year')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item name="type" label={t('inspection.type')} rules={[{ required: true }]}>
            <Select style={{ width: 160 }} onChange={onTypeChange} options={INSPECTION_TYPES.map((x) => ({ value: x, label: INSPECTION_TYPE_LABELS[x][lang] }))} data-testid="plan-type" />
          </Form.Item>
          <Form.Item name="month" label={t('inspection.month')} rules={[{ required: true }]} extra={month && !PROGRAMME_MONTHS[type].includes(month) ? t('inspection.offProgramme') : undefined}>
            <Select style={{ width: 150 }} options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1}${lang === 'zh-CN' ? '月' : ''}${PROGRAMME_MONTHS[type].includes(i + 1) ? ` ★` : ''}` }))} />
          </Form.Item>
        </Space>
        <Form.Item name="title" label={t('inspection.title')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="targetRegions" label={t('inspection.targets')} extra={type === 'special' ? t('inspection.targetsSpecial') : undefined} rules={type === 'special' ? [] : [{ required: true, type: 'array', min: 1 }]}>
          <Select mode="multiple" optionFilterProp="label" disabled={type === 'special'} options={PROVINCES.map((p) => ({ value: p.code, label: p.name }))} data-testid="plan-targets" />
        </Form.Item>
        {type === 'on-site' && (
          <Space wrap>
            <Form.Item name="orgSampleSize" label={t('inspection.orgSampleSize')} extra={t('inspection.orgSampleSizeHelp')}>
              <InputNumber min={1} max={1000} />
            </Form.Item>
            <Form.Item name="devicesPerOrg" label={t('inspection.devicesPerOrg')}>
              <InputNumber min={1} max={100} />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="inspectorIds" label={t('inspection.inspectors')}>
          <Select mode="multiple" optionFilterProp="label" loading={inspectors.loading} options={(inspectors.data?.items ?? []).filter((u) => !u.disabled).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))} />
        </Form.Item>
        <Form.Item name="note" label={t('inspection.note')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
