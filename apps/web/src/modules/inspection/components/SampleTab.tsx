import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Drawer, InputNumber, Space, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { CATEGORY_LABELS, COVERAGE_LABELS, REASON_LABELS } from '../../../contracts.ts';
import type { PlanDetail, SampledOrg, ScanView } from '../../../contracts.ts';
import { formatDateTime, formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { ApiError } from '../../../api/ApiError.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { inspectionApi } from '../api/inspectionApi.ts';

const LEVELS: Record<string, [string, string]> = { national: ['国家级', 'National'], provincial: ['省级', 'Provincial'], prefecture: ['地市级', 'Prefecture'], county: ['县级', 'County'] };

/**
 * The on-site sample: draw it (national office, with an optional seed), the
 * organizations and computers to visit, and per organization the signed
 * scan files uploaded by the inspectors with their on-the-spot evaluation.
 */
export function SampleTab({ plan, version, onChanged }: { plan: PlanDetail; version: number; onChanged: () => void }) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const sample = useRemote(() => inspectionApi.sampleView(plan.id), [plan.id, version]);
  const [seed, setSeed] = useState<number | null>(null);
  const [drawing, setDrawing] = useState(false);
  const [open, setOpen] = useState<SampledOrg | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const level = (l: string) => LEVELS[l]?.[lang === 'zh-CN' ? 0 : 1] ?? l;
  const canSample = plan.mayWrite && (plan.status === 'confirmed' || plan.status === 'in-progress') && plan.counts.scans === 0;

  const draw = async () => {
    setDrawing(true);
    try {
      await inspectionApi.sample(plan.id, seed ?? undefined);
      message.success(t('inspection.sampled'));
      onChanged();
    } catch (e) {
      message.error(errorText(e, t));
    } finally {
      setDrawing(false);
    }
  };

  const upload = async (org: SampledOrg, file: File) => {
    setUploadError(null);
    try {
      const scan = await inspectionApi.uploadScan(plan.id, org.orgId, file);
      message.success(t('inspection.scanUploaded', { uncovered: scan.evaluation.uncovered, findings: scan.findings }));
      onChanged();
    } catch (e) {
      // The reason (altered, unregistered or revoked key…) is in the field message.
      setUploadError(e instanceof ApiError && e.fields.length ? e.fields.map((f) => f.message).join(' ') : errorText(e, t));
    }
  };

  const columns: TableColumnsType<SampledOrg> = [
    { key: 'position', title: '#', width: 50, render: (_: unknown, o) => o.position },
    { key: 'org', title: t('inspection.org'), render: (_: unknown, o) => <Space orientation="vertical" size={0}><span>{o.orgName}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{o.uscc}</Typography.Text></Space> },
    { key: 'level', title: t('inspection.level'), render: (_: unknown, o) => level(o.level) },
    { key: 'region', title: t('inspection.region'), render: (_: unknown, o) => o.regionName ?? o.regionCode },
    { key: 'devices', title: t('inspection.devicesToCheck'), render: (_: unknown, o) => (o.devices.length ? o.devices.map((d) => <Tag key={d.deviceId}>{d.name ?? d.serial ?? d.deviceId}</Tag>) : <Typography.Text type="secondary">{t('inspection.noDevices')}</Typography.Text>) },
    { key: 'scans', title: t('inspection.scans'), align: 'right', render: (_: unknown, o) => <Typography.Link onClick={() => setOpen(o)} data-testid="scan-count">{formatNumber(o.scans, lang)}</Typography.Link> },
    { key: 'findings', title: t('inspection.openFindings'), align: 'right', render: (_: unknown, o) => `${formatNumber(o.openFindings, lang)} / ${formatNumber(o.findings, lang)}` },
  ];
  if (plan.mayConduct)
    columns.push({
      key: 'upload',
      title: t('inspection.uploadScan'),
      render: (_: unknown, o) => (
        <Upload accept=".json,application/json" showUploadList={false} beforeUpload={(file) => (void upload(o, file), false)}>
          <Button size="small" icon={<UploadOutlined />} data-testid="scan-upload">{t('inspection.uploadScan')}</Button>
        </Upload>
      ),
    });

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {canSample && (
        <Space>
          <span>{t('inspection.seed')}</span>
          <InputNumber min={0} max={2147483647} value={seed} onChange={(v) => setSeed(v)} placeholder={t('inspection.seedRandom')} style={{ width: 200 }} />
          <Button type="primary" loading={drawing} onClick={draw} data-testid="plan-sample">{sample.data?.seed === null ? t('inspection.sample') : t('inspection.resample')}</Button>
        </Space>
      )}
      {sample.data?.seed !== null && sample.data?.seed !== undefined && (
        <Typography.Text type="secondary">
          {t('inspection.sampleLine', { seed: sample.data.seed, allocation: Object.entries(sample.data.allocation ?? {}).filter(([, n]) => n > 0).map(([l, n]) => `${level(l)} ${n}/${sample.data?.population?.[l] ?? 0}`).join('，') })}
        </Typography.Text>
      )}
      {uploadError && <Alert type="error" showIcon closable title={uploadError} onClose={() => setUploadError(null)} data-testid="scan-error" />}
      {sample.error && <Typography.Text type="danger">{errorText(sample.error, t)}</Typography.Text>}
      <Table rowKey="orgId" loading={sample.loading} dataSource={sample.data?.orgs ?? []} columns={columns} pagination={false} size="small" data-testid="sample-table" />
      <ScansDrawer planId={plan.id} org={open} version={version} onClose={() => setOpen(null)} />
    </Space>
  );
}

/** The scans of one sampled organization with what each computer was found to have. */
function ScansDrawer({ planId, org, version, onClose }: { planId: string; org: SampledOrg | null; version: number; onClose: () => void }) {
  const { t, lang } = useLang();
  const scans = useRemote(() => (org ? inspectionApi.scans(planId, org.orgId) : Promise.resolve({ items: [] as ScanView[] })), [planId, org?.orgId, version]);
  return (
    <Drawer open={org !== null} title={org ? `${org.orgName} · ${t('inspection.scans')}` : ''} size={820} onClose={onClose} destroyOnHidden>
      {(scans.data?.items ?? []).map((s) => (
        <div key={s.id} style={{ marginBottom: 24 }} data-testid="scan-result">
          <Typography.Title level={5}>{s.evaluation.deviceName ?? s.filename}</Typography.Title>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('inspection.scanLine', { file: s.filename, signer: s.signer, key: s.keyId, at: formatDateTime(s.uploadedAt), day: s.evaluation.day })}
            {s.verified && <Tag color="success" style={{ marginLeft: 8 }}>{t('inspection.signatureOk')}</Tag>}
            {s.signerName && <Tag data-testid="scan-signer">{t('inspection.signedByUser', { name: s.signerName })}</Tag>}
          </Typography.Paragraph>
          <Typography.Paragraph>{t('inspection.evaluationLine', { software: s.evaluation.software, requiring: s.evaluation.requiring, covered: s.evaluation.covered, uncovered: s.evaluation.uncovered })}</Typography.Paragraph>
          <Table
            rowKey={(i) => `${i.productKey}:${i.name}:${i.version ?? ''}`}
            size="small"
            pagination={false}
            dataSource={s.evaluation.installs}
            columns={[
              { key: 'name', title: t('inspection.software'), render: (_: unknown, i) => (i.version ? `${i.name} ${i.version}` : i.name) },
              { key: 'product', title: t('inspection.product'), render: (_: unknown, i) => i.product ?? i.productKey },
              { key: 'category', title: t('inspection.category'), render: (_: unknown, i) => (i.category ? CATEGORY_LABELS[i.category][lang] : '—') },
              { key: 'status', title: t('inspection.coverage'), render: (_: unknown, i) => <Tag color={i.status === 'covered' ? 'success' : 'error'}>{COVERAGE_LABELS[i.status][lang]}</Tag> },
              { key: 'reason', title: t('inspection.reason'), render: (_: unknown, i) => (i.reason ? REASON_LABELS[i.reason][lang] : '') },
            ]}
          />
        </div>
      ))}
      {!scans.loading && !scans.data?.items.length && <Typography.Text type="secondary">{t('inspection.noScans')}</Typography.Text>}
    </Drawer>
  );
}
