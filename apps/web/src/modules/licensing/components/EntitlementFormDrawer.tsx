import { Alert, App, Button, Col, DatePicker, Divider, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError } from '../../../api/ApiError.ts';
import { FIELD_MESSAGES } from '../../../contracts.ts';
import type { EntitlementView, LicenceMetric, ScopeKind } from '../../../contracts.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { applyFieldErrors } from '../../../shared/applyFieldErrors.ts';
import { errorText } from '../../../shared/errorText.ts';
import { OrgSelect } from '../../orgs/components/OrgSelect.tsx';
import { RegionPicker } from '../../regions/components/RegionPicker.tsx';
import { licensingApi, metricHasQuantity } from '../api/licensingApi.ts';
import type { EntitlementInput } from '../api/licensingApi.ts';
import { metricOptions, scopeOptions } from '../licensingLabels.tsx';
import { ProductKeysSelect } from './ProductKeysSelect.tsx';

interface EntitlementFormValues {
  orgId?: string | null;
  name: string;
  productKeys: string[];
  editions?: string[];
  versionRange?: { min?: string; minRelease?: string; max?: string; maxRelease?: string };
  downgradeRights?: boolean;
  upgradeRightsUntil?: Dayjs | null;
  metric: LicenceMetric;
  quantity?: number | null;
  oemSerial?: string;
  agreementNo?: string;
  start?: Dayjs | null;
  end?: Dayjs | null;
  scope: { kind: ScopeKind; regionCode?: string | null };
  orderNo?: string;
  vendor?: string;
  unitPrice?: number | null;
  currency?: string;
  purchasedAt?: Dayjs | null;
  notes?: string;
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const text = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);
const date = (s: string | null) => (s ? dayjs(s) : null);

function toBody(v: EntitlementFormValues): EntitlementInput {
  const metric = v.metric;
  return {
    name: v.name.trim(),
    productKeys: v.productKeys,
    editions: v.editions?.length ? v.editions : null,
    versionRange: { min: text(v.versionRange?.min), minRelease: text(v.versionRange?.minRelease), max: text(v.versionRange?.max), maxRelease: text(v.versionRange?.maxRelease) },
    downgradeRights: v.downgradeRights ?? false,
    upgradeRightsUntil: day(v.upgradeRightsUntil),
    metric,
    // Site and free licences are unlimited and an OEM licence is one device: their quantity does not count.
    quantity: metricHasQuantity(metric) ? (v.quantity ?? 0) : 0,
    oemSerial: metric === 'oem' ? text(v.oemSerial) : null,
    agreementNo: text(v.agreementNo),
    start: day(v.start),
    end: day(v.end),
    scope: { kind: v.scope.kind, regionCode: v.scope.kind === 'region' ? (v.scope.regionCode ?? null) : null },
    orderNo: text(v.orderNo),
    vendor: text(v.vendor),
    unitPrice: v.unitPrice ?? null,
    currency: text(v.currency)?.toUpperCase() ?? null,
    purchasedAt: day(v.purchasedAt),
    notes: text(v.notes),
  };
}

function initialValues(e: EntitlementView | null, orgId: string | undefined): Partial<EntitlementFormValues> {
  if (!e) return { orgId: orgId ?? null, metric: 'device', quantity: 1, scope: { kind: 'org', regionCode: null }, currency: 'CNY', downgradeRights: false, productKeys: [] };
  return {
    name: e.name,
    productKeys: e.productKeys,
    editions: e.editions ?? [],
    versionRange: { min: e.versionRange.min ?? '', minRelease: e.versionRange.minRelease ?? '', max: e.versionRange.max ?? '', maxRelease: e.versionRange.maxRelease ?? '' },
    downgradeRights: e.downgradeRights,
    upgradeRightsUntil: date(e.upgradeRightsUntil),
    metric: e.metric,
    quantity: e.quantity,
    oemSerial: e.oemSerial ?? '',
    agreementNo: e.agreementNo ?? '',
    start: date(e.start),
    end: date(e.end),
    scope: { kind: e.scope.kind, regionCode: e.scope.regionCode },
    orderNo: e.orderNo ?? '',
    vendor: e.vendor ?? '',
    unitPrice: e.unitPrice,
    currency: e.currency ?? 'CNY',
    purchasedAt: date(e.purchasedAt),
    notes: e.notes ?? '',
  };
}

/** The server reports a bad product key or edition by its index (`productKeys.1`); the form shows it on the list. */
function onListFields(e: unknown): unknown {
  if (!(e instanceof ApiError)) return e;
  return new ApiError(e.status, e.code, e.message, e.fields.map((f) => ({ ...f, path: f.path.replace(/^(productKeys|editions)\.\d+$/, '$1') })), e.details);
}

export interface EntitlementFormDrawerProps {
  open: boolean;
  /** The entitlement to edit; null to record a new one. */
  entitlement: EntitlementView | null;
  /** The organization a new entitlement belongs to, when the list is narrowed to one. */
  defaultOrgId?: string;
  onClose: () => void;
  onSaved: (entitlement: EntitlementView) => void;
}

/**
 * Records or edits an entitlement (授权): what it covers (products,
 * editions, versions, downgrade and upgrade rights), how it counts (metric,
 * quantity, dates, who may use it) and the purchase behind it. Fields that
 * only one metric needs appear with it; the server's field errors show on
 * their fields.
 */
export function EntitlementFormDrawer({ open, entitlement, defaultOrgId, onClose, onSaved }: EntitlementFormDrawerProps) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<EntitlementFormValues>();
  const metric = Form.useWatch('metric', form);
  const scopeKind = Form.useWatch(['scope', 'kind'], form);
  const unitPrice = Form.useWatch('unitPrice', form);
  const [saving, setSaving] = useState(false);
  const [generalError, setGeneralError] = useState<string | null>(null);

  const submit = async (values: EntitlementFormValues) => {
    setSaving(true);
    setGeneralError(null);
    try {
      const body = toBody(values);
      const saved = entitlement
        ? await licensingApi.updateEntitlement(entitlement.orgId, entitlement.id, body)
        : await licensingApi.createEntitlement(values.orgId ?? '', body);
      message.success(entitlement ? t('common.saved') : t('common.created'));
      onSaved(saved);
    } catch (raw) {
      const e = onListFields(raw);
      const unmatched = applyFieldErrors(form, e);
      if (e instanceof ApiError && e.fields.length > 0 && unmatched.length === 0) {
        const first = e.fields[0]?.path.split('.');
        if (first) form.scrollToField(first);
      } else {
        setGeneralError([errorText(e, t), ...unmatched.map((f) => `${f.path}: ${f.message}`)].join('；'));
      }
    } finally {
      setSaving(false);
    }
  };

  const required = (message: string) => ({ required: true, message });
  return (
    <Drawer
      open={open}
      title={entitlement ? t('entitlements.edit') : t('entitlements.create')}
      size={720}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="entitlement-form-submit">
            {t('common.save')}
          </Button>
        </Space>
      }
      data-testid="entitlement-form"
    >
      {generalError && <Alert type="error" showIcon title={generalError} style={{ marginBottom: 16 }} data-testid="entitlement-form-error" />}
      <Form<EntitlementFormValues> form={form} name="entitlement" layout="vertical" initialValues={initialValues(entitlement, defaultOrgId)} onFinish={submit}>
        {!entitlement && (
          <Form.Item name="orgId" label={t('entitlements.org')} rules={[required(t('entitlements.orgRequired'))]} extra={t('entitlements.orgHelp')}>
            <OrgSelect placeholder={t('inventory.pickOrg')} />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('entitlements.name')} rules={[{ required: true, whitespace: true, message: t('entitlements.nameRequired') }]}>
          <Input maxLength={200} placeholder={t('entitlements.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="productKeys" label={t('entitlements.productKeys')} rules={[{ required: true, type: 'array', min: 1, message: t('entitlements.productKeysRequired') }]} extra={t('entitlements.productKeysHelp')}>
          <ProductKeysSelect />
        </Form.Item>
        <Form.Item name="editions" label={t('entitlements.editions')} extra={t('entitlements.editionsHelp')}>
          <Select mode="tags" tokenSeparators={[',', '，', ';', '；']} placeholder={t('entitlements.editionsPlaceholder')} open={false} suffixIcon={null} />
        </Form.Item>
        <Divider titlePlacement="start" plain>
          {t('entitlements.versions')}
        </Divider>
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item name={['versionRange', 'min']} label={t('entitlements.versionMin')}>
              <Input maxLength={64} placeholder="16.0" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name={['versionRange', 'minRelease']} label={t('entitlements.versionMinRelease')}>
              <Input maxLength={64} placeholder="2016" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name={['versionRange', 'max']} label={t('entitlements.versionMax')}>
              <Input maxLength={64} placeholder="16.0" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name={['versionRange', 'maxRelease']} label={t('entitlements.versionMaxRelease')}>
              <Input maxLength={64} placeholder="2019" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="downgradeRights" label={t('entitlements.downgradeRights')} valuePropName="checked" extra={t('entitlements.downgradeHelp')}>
              <Switch />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="upgradeRightsUntil" label={t('entitlements.upgradeRightsUntil')} extra={t('entitlements.upgradeHelp')}>
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          {t('entitlements.counting')}
        </Divider>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="metric" label={t('entitlements.metric')} rules={[required(t('rules.chooseOne'))]}>
              <Select options={metricOptions(lang)} data-testid="entitlement-metric" />
            </Form.Item>
          </Col>
          <Col span={12}>
            {metricHasQuantity(metric) && (
              <Form.Item name="quantity" label={t('entitlements.quantity')} rules={[required(FIELD_MESSAGES['entitlement.quantity'][lang]), { type: 'number', min: 1, message: FIELD_MESSAGES['entitlement.quantity'][lang] }]}>
                <InputNumber min={0} max={100_000_000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            )}
            {metric === 'oem' && (
              <Form.Item name="oemSerial" label={t('entitlements.oemSerial')} rules={[{ required: true, whitespace: true, message: FIELD_MESSAGES['entitlement.oem.serial'][lang] }]} extra={t('entitlements.oemHelp')}>
                <Input maxLength={100} style={{ fontFamily: 'monospace' }} />
              </Form.Item>
            )}
            {metric === 'volume' && (
              <Form.Item name="agreementNo" label={t('entitlements.agreementNo')} rules={[{ required: true, whitespace: true, message: FIELD_MESSAGES['entitlement.volume.agreement'][lang] }]}>
                <Input maxLength={100} />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="start" label={t('entitlements.start')}>
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="end"
              label={t('entitlements.end')}
              rules={metric === 'subscription' ? [required(FIELD_MESSAGES['entitlement.subscription.end'][lang])] : []}
              extra={metric === 'subscription' ? t('entitlements.endSubscriptionHint') : t('entitlements.endHelp')}
            >
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name={['scope', 'kind']} label={t('entitlements.scope')} rules={[required(t('rules.chooseOne'))]} extra={metric === 'oem' ? FIELD_MESSAGES['entitlement.oem.scope'][lang] : undefined}>
              <Select options={scopeOptions(lang).map((o) => ({ ...o, disabled: metric === 'oem' && o.value !== 'org' }))} data-testid="entitlement-scope" />
            </Form.Item>
          </Col>
          <Col span={12}>
            {scopeKind === 'region' && (
              <Form.Item name={['scope', 'regionCode']} label={t('entitlements.scopeRegion')} rules={[required(FIELD_MESSAGES['entitlement.scope.region'][lang])]} extra={t('entitlements.scopeRegionHelp')}>
                <RegionPicker />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          {t('entitlements.purchase')}
        </Divider>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="orderNo" label={t('entitlements.orderNo')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="vendor" label={t('entitlements.vendor')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="unitPrice" label={t('entitlements.unitPrice')}>
              <InputNumber min={0} max={1e9} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="currency"
              label={t('entitlements.currency')}
              normalize={(v: string | undefined) => (v ?? '').toUpperCase()}
              rules={[
                { pattern: /^[A-Za-z]{3}$/, message: FIELD_MESSAGES['currency.code'][lang] },
                ...(unitPrice !== null && unitPrice !== undefined ? [required(FIELD_MESSAGES['currency.code'][lang])] : []),
              ]}
            >
              <Input maxLength={3} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="purchasedAt" label={t('entitlements.purchasedAt')}>
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="notes" label={t('entitlements.notes')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
