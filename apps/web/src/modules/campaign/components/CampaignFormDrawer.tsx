import { Alert, App, Button, Checkbox, DatePicker, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { CAMPAIGN_LEVELS, CATEGORY_LABELS, PROGRAMME_CATEGORIES } from '../../../contracts.ts';
import type { CampaignBody, CampaignView, ProgrammeCategory } from '../../../contracts.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { formErrorMessage } from '../../../shared/applyFieldErrors.ts';
import { campaignApi } from '../api/campaignApi.ts';
import { levelLabel } from '../campaignLabels.tsx';

interface Values {
  name: string;
  description?: string;
  thresholdPercent: number;
  categories: ProgrammeCategory[];
  deadlines: { provincial?: Dayjs | null; prefecture?: Dayjs | null; county?: Dayjs | null };
  status: 'active' | 'closed';
}

export interface CampaignFormDrawerProps {
  /** open for a new campaign (`'new'`), for editing one, or closed (null) */
  campaign: CampaignView | 'new' | null;
  onClose: () => void;
  onSaved: (c: CampaignView) => void;
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/** Creates or edits a campaign (检查整改): target rate, required categories and a deadline per level. */
export function CampaignFormDrawer({ campaign, onClose, onSaved }: CampaignFormDrawerProps) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editing = campaign !== null && campaign !== 'new' ? campaign : null;

  useEffect(() => {
    if (campaign === null) return;
    setError(null);
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        name: editing.name,
        description: editing.description ?? '',
        thresholdPercent: Math.round(editing.threshold * 1000) / 10,
        categories: editing.categories,
        deadlines: { provincial: editing.deadlines.provincial ? dayjs(editing.deadlines.provincial) : null, prefecture: editing.deadlines.prefecture ? dayjs(editing.deadlines.prefecture) : null, county: editing.deadlines.county ? dayjs(editing.deadlines.county) : null },
        status: editing.status,
      });
    }
  }, [campaign]);

  const submit = async (v: Values) => {
    const body: CampaignBody = {
      name: v.name.trim(),
      description: v.description?.trim() || null,
      threshold: v.thresholdPercent / 100,
      categories: v.categories,
      deadlines: { provincial: day(v.deadlines.provincial), prefecture: day(v.deadlines.prefecture), county: day(v.deadlines.county) },
      status: v.status,
    };
    setSaving(true);
    setError(null);
    try {
      const saved = editing ? await campaignApi.update(editing.id, body) : await campaignApi.create(body);
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
      open={campaign !== null}
      title={editing ? t('campaign.edit') : t('campaign.create')}
      size={560}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="campaign-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="campaign-form-error" />}
      <Form form={form} name="campaign" layout="vertical" onFinish={submit} initialValues={{ thresholdPercent: 100, categories: [...PROGRAMME_CATEGORIES], status: 'active', deadlines: {} }}>
        <Form.Item name="name" label={t('campaign.name')} rules={[{ required: true, whitespace: true, message: t('campaign.nameRequired') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('campaign.description')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="thresholdPercent" label={t('campaign.threshold')} extra={t('campaign.thresholdHelp')} rules={[{ required: true }]}>
          <InputNumber min={0} max={100} step={1} addonAfter="%" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="categories" label={t('campaign.categories')} rules={[{ required: true, type: 'array', min: 1, message: t('campaign.categoriesRequired') }]}>
          <Checkbox.Group options={PROGRAMME_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c][lang] }))} />
        </Form.Item>
        <Form.Item label={t('campaign.deadlines')} extra={t('campaign.deadlinesHelp')} style={{ marginBottom: 0 }}>
          <Space wrap>
            {CAMPAIGN_LEVELS.map((l) => (
              <Form.Item key={l} name={['deadlines', l]} label={levelLabel(lang, l)}>
                <DatePicker id={`campaign_deadline_${l}`} format="YYYY-MM-DD" />
              </Form.Item>
            ))}
          </Space>
        </Form.Item>
        <Form.Item name="status" label={t('campaign.status')}>
          <Select
            style={{ width: 200 }}
            options={[
              { value: 'active', label: t('campaign.active') },
              { value: 'closed', label: t('campaign.closed') },
            ]}
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
