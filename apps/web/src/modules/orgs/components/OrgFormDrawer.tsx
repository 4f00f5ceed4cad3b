import { Alert, App, Button, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../api/ApiError.ts';
import { ADMIN_LEVELS, AGENCY_KINDS, FIELD_MESSAGES, INDUSTRIES, ORG_TYPES, OWNERSHIPS, usccProblem } from '../../../contracts.ts';
import type { AdminLevel, AgencyKind, Industry, Lang, Org, OrgCreateInput, OrgType, Ownership } from '../../../contracts.ts';
import { orgOptions } from '../../../i18n/labels.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { applyFieldErrors } from '../../../shared/applyFieldErrors.ts';
import { errorText } from '../../../shared/errorText.ts';
import { RegionPicker } from '../../regions/components/RegionPicker.tsx';
import { orgsApi } from '../api/orgsApi.ts';
import { OrgSelect } from './OrgSelect.tsx';

interface OrgFormValues {
  name: string;
  uscc: string;
  type: OrgType;
  agencyKind?: AgencyKind | null;
  ownership?: Ownership | null;
  industry?: Industry | null;
  level: AdminLevel;
  regionCode: string | null;
  parentId?: string | null;
  staffCount?: number | null;
}

/** Business errors without field paths that still belong to one field. */
const CODE_FIELDS: Record<string, keyof OrgFormValues> = {
  USCC_TAKEN: 'uscc',
  REGION_UNKNOWN: 'regionCode',
  ORG_PARENT_CYCLE: 'parentId',
};

/** The USCC check of GB 32100-2015, with the contract's bilingual messages. */
function usccValidator(lang: Lang) {
  return async (_rule: unknown, raw: string | undefined) => {
    const code = (raw ?? '').trim().toUpperCase();
    if (!code) throw new Error(FIELD_MESSAGES.required[lang]);
    const problem = usccProblem(code);
    if (problem) throw new Error(FIELD_MESSAGES[problem][lang]);
  };
}

function toBody(values: OrgFormValues): OrgCreateInput {
  const agency = values.type === 'agency';
  return {
    name: values.name.trim(),
    uscc: values.uscc.trim().toUpperCase(),
    type: values.type,
    // Only the kind fields of the chosen type are kept; the others are cleared.
    agencyKind: agency ? (values.agencyKind ?? null) : null,
    ownership: agency ? null : (values.ownership ?? null),
    industry: agency ? null : (values.industry ?? null),
    level: values.level,
    regionCode: values.regionCode ?? '',
    parentId: values.parentId ?? null,
    staffCount: values.staffCount ?? 0,
  };
}

function initialValues(org: Org | null): Partial<OrgFormValues> {
  if (!org) return { type: 'agency', staffCount: 0 };
  return {
    name: org.name,
    uscc: org.uscc,
    type: org.type,
    agencyKind: org.agencyKind,
    ownership: org.ownership,
    industry: org.industry,
    level: org.level,
    regionCode: org.regionCode,
    parentId: org.parentId,
    staffCount: org.staffCount,
  };
}

export interface OrgFormDrawerProps {
  open: boolean;
  /** The organization to edit; null to create one. */
  org: Org | null;
  onClose: () => void;
  onSaved: (org: Org) => void;
}

/** Creates or edits an organization. Checks the USCC in the browser and shows the server's field errors. */
export function OrgFormDrawer({ open, org, onClose, onSaved }: OrgFormDrawerProps) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrgFormValues>();
  const type = Form.useWatch('type', form);
  const [saving, setSaving] = useState(false);
  const [generalErrors, setGeneralErrors] = useState<string[]>([]);

  const submit = async (values: OrgFormValues) => {
    setSaving(true);
    setGeneralErrors([]);
    try {
      const saved = org ? await orgsApi.update(org.id, toBody(values)) : await orgsApi.create(toBody(values));
      message.success(org ? t('common.saved') : t('common.created'));
      onSaved(saved);
    } catch (e) {
      showServerErrors(form, e, setGeneralErrors, errorText(e, t));
    } finally {
      setSaving(false);
    }
  };

  const required = { required: true, message: t('orgs.selectRequired') };
  return (
    <Drawer
      open={open}
      title={org ? t('orgs.edit') : t('orgs.create')}
      size={560}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="org-form-submit">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {generalErrors.length > 0 && (
        <Alert type="error" showIcon title={generalErrors.join('；')} style={{ marginBottom: 16 }} data-testid="org-form-error" />
      )}
      <Form<OrgFormValues> form={form} name="org" layout="vertical" initialValues={initialValues(org)} onFinish={submit}>
        <Form.Item name="name" label={t('orgs.name')} rules={[{ required: true, whitespace: true, message: t('orgs.nameRequired') }, { min: 2, message: t('orgs.nameTooShort') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="uscc"
          label={t('orgs.uscc')}
          required
          validateTrigger="onBlur"
          normalize={(v: string | undefined) => (v ?? '').toUpperCase().replace(/\s/g, '')}
          rules={[{ validator: usccValidator(lang) }]}
        >
          <Input maxLength={18} placeholder={t('orgs.usccPlaceholder')} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item name="type" label={t('orgs.type')} rules={[required]}>
          <Select options={orgOptions(lang, 'type', ORG_TYPES)} />
        </Form.Item>
        {type === 'agency' && (
          <Form.Item name="agencyKind" label={t('orgs.agencyKind')} rules={[{ required: true, message: FIELD_MESSAGES['org.kind.agency'][lang] }]}>
            <Select options={orgOptions(lang, 'agencyKind', AGENCY_KINDS)} />
          </Form.Item>
        )}
        {type === 'enterprise' && (
          <>
            <Form.Item name="ownership" label={t('orgs.ownership')} rules={[{ required: true, message: FIELD_MESSAGES['org.kind.enterprise'][lang] }]}>
              <Select options={orgOptions(lang, 'ownership', OWNERSHIPS)} />
            </Form.Item>
            <Form.Item name="industry" label={t('orgs.industry')} rules={[{ required: true, message: FIELD_MESSAGES['org.kind.enterprise'][lang] }]}>
              <Select options={orgOptions(lang, 'industry', INDUSTRIES)} />
            </Form.Item>
          </>
        )}
        <Form.Item name="level" label={t('orgs.level')} rules={[required]}>
          <Select options={orgOptions(lang, 'level', ADMIN_LEVELS)} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('orgs.region')} rules={[required]}>
          <RegionPicker allowClear={false} />
        </Form.Item>
        <Form.Item name="parentId" label={t('orgs.parent')}>
          <OrgSelect placeholder={t('orgs.parentPlaceholder')} initialLabel={org?.parentName ?? null} excludeId={org?.id} />
        </Form.Item>
        <Form.Item name="staffCount" label={t('orgs.staffCount')}>
          <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** Field errors go on their items; the rest (and errors without fields) go to the alert. */
function showServerErrors(form: FormInstance<OrgFormValues>, e: unknown, setGeneral: (messages: string[]) => void, text: string) {
  const unmatched = applyFieldErrors(form, e);
  if (e instanceof ApiError && e.fields.length === 0) {
    const field = CODE_FIELDS[e.code];
    if (field) {
      form.setFields([{ name: field, errors: [e.message] }]);
      form.scrollToField(field);
      return;
    }
  }
  if (e instanceof ApiError && e.fields.length > 0) {
    if (unmatched.length === 0) {
      // Every problem is shown on its own field already.
      const first = e.fields[0]?.path.split('.');
      if (first) form.scrollToField(first);
      return;
    }
    setGeneral([text, ...unmatched.map((f) => `${f.path}: ${f.message}`)]);
    return;
  }
  setGeneral([text]);
}
