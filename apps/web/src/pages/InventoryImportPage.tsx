import { CloudUploadOutlined, DownloadOutlined, DownOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Dropdown, Flex, Input, Progress, Row, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/ApiError.ts';
import { LIMITS } from '../contracts.ts';
import type { InventoryImportResult } from '../contracts.ts';
import { formatBytes } from '../i18n/format.ts';
import { useLang } from '../i18n/useLang.ts';
import type { MessageKey } from '../i18n/zhCN.ts';
import { inventoryApi } from '../modules/inventory/api/inventoryApi.ts';
import { ImportResultView } from '../modules/inventory/components/ImportResultView.tsx';
import { OrgBar, PickOrgFirst } from '../modules/inventory/components/OrgBar.tsx';
import { useOrgParam } from '../modules/inventory/useOrgParam.ts';
import { errorText } from '../shared/errorText.ts';

/** The file types the import accepts (OCS/Fusion XML, GLPI JSON, SWID tags, the table template). */
const ACCEPT = '.ocs,.xml,.json,.swidtag,.csv,.xlsx';
const FORMATS = ['ocs', 'glpi', 'swid', 'table', 'scan'] as const;

/** An IMPORT_REJECTED error may carry the full result (the row errors) as details. */
function rejectedResult(error: unknown): InventoryImportResult | null {
  if (!(error instanceof ApiError) || error.code !== 'IMPORT_REJECTED') return null;
  const details = error.details as Partial<InventoryImportResult> | undefined;
  return details && Array.isArray(details.errors) ? (details as InventoryImportResult) : null;
}

const sameFile = (a: File, b: File) => a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;

type Phase = { kind: 'idle' } | { kind: 'uploading'; percent: number } | { kind: 'processing' };

/** The upload form and its outcome, for one organization. */
function InventoryImport({ orgId }: { orgId: string }) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [files, setFiles] = useState<File[]>([]);
  const [dryRun, setDryRun] = useState(true);
  const [deviceName, setDeviceName] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [outcome, setOutcome] = useState<{ result: InventoryImportResult; rejected: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  const tooLarge = totalBytes > LIMITS.uploadBytes;
  const busy = phase.kind !== 'idle';
  // SWID tags carry no hardware identity: the server asks for the computer's name.
  const needsDeviceName = !deviceName.trim() && (outcome?.result.errors.some((e) => e.code === 'swid-device-name') ?? false);

  const run = async () => {
    setError(null);
    setOutcome(null);
    setPhase({ kind: 'uploading', percent: 0 });
    try {
      const result = await inventoryApi.import(orgId, files, { dryRun, deviceName: deviceName.trim() || undefined }, ({ loaded, total }) => {
        // Once every byte is sent the server parses and stores: show that, not a bar stuck at 100 %.
        if (total > 0 && loaded >= total) setPhase({ kind: 'processing' });
        else setPhase({ kind: 'uploading', percent: total > 0 ? Math.floor((loaded / total) * 100) : 0 });
      });
      setOutcome({ result, rejected: false });
      // A real import leaves nothing to do with these files; a dry run is usually followed by the real one.
      if (!result.dryRun && result.errors.length === 0) setFiles([]);
    } catch (e) {
      const rejected = rejectedResult(e);
      if (rejected) setOutcome({ result: rejected, rejected: true });
      else setError(errorText(e, t));
    } finally {
      setPhase({ kind: 'idle' });
    }
  };

  const template = (format: 'xlsx' | 'csv') => inventoryApi.template(format).catch((e: unknown) => message.error(errorText(e, t)));

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card
          title={t('inventoryImport.upload')}
          extra={
            <Dropdown
              menu={{
                items: [
                  { key: 'xlsx', label: t('orgs.templateXlsx') },
                  { key: 'csv', label: t('orgs.templateCsv') },
                ],
                onClick: ({ key }) => void template(key === 'csv' ? 'csv' : 'xlsx'),
              }}
            >
              <Button icon={<DownloadOutlined />} data-testid="inventory-template">
                {t('orgs.template')} <DownOutlined />
              </Button>
            </Dropdown>
          }
        >
          <div data-testid="inventory-upload">
          <Upload.Dragger
            accept={ACCEPT}
            multiple
            disabled={busy}
            beforeUpload={(file) => {
              setFiles((prev) => (prev.some((f) => sameFile(f, file)) ? prev : [...prev, file]));
              setOutcome(null);
              return false;
            }}
            onRemove={(item) => setFiles((prev) => prev.filter((f, i) => `${i}:${f.name}` !== item.uid))}
            fileList={files.map((f, i) => ({ uid: `${i}:${f.name}`, name: `${f.name}（${formatBytes(f.size, lang)}）`, status: 'done' as const }))}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('inventoryImport.drop')}</p>
            <p className="ant-upload-hint">{t('inventoryImport.dropHint')}</p>
          </Upload.Dragger>
          </div>
          <Flex vertical gap={4} style={{ margin: '16px 0' }}>
            <Flex align="center" gap={8} wrap>
              <Typography.Text>{t('inventoryImport.deviceName')}</Typography.Text>
              <Input
                value={deviceName}
                onChange={(e) => setDeviceName(e.target.value)}
                maxLength={255}
                disabled={busy}
                placeholder={t('inventoryImport.deviceNamePlaceholder')}
                style={{ width: 260 }}
                status={needsDeviceName ? 'error' : undefined}
                data-testid="inventory-device-name"
              />
            </Flex>
            <Typography.Text type={needsDeviceName ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
              {t('inventoryImport.deviceNameHelp')}
            </Typography.Text>
          </Flex>
          <Flex vertical gap={4} style={{ margin: '16px 0' }}>
            <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} disabled={busy} data-testid="inventory-dry-run">
              {t('import.dryRun')}
            </Checkbox>
            <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 24 }}>
              {t('inventoryImport.dryRunHelp')}
            </Typography.Text>
          </Flex>
          {tooLarge && (
            <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('inventoryImport.tooLarge', { size: formatBytes(totalBytes, lang), max: formatBytes(LIMITS.uploadBytes, lang) })} />
          )}
          <Space align="center" size={16} style={{ marginBottom: 16 }}>
            <Button type="primary" icon={<CloudUploadOutlined />} loading={busy} disabled={files.length === 0 || tooLarge} onClick={() => void run()} data-testid="inventory-import-submit">
              {dryRun ? t('inventoryImport.check') : t('import.submit')}
            </Button>
            {files.length > 0 && (
              <Typography.Text type="secondary">{t('inventoryImport.selected', { n: files.length, size: formatBytes(totalBytes, lang) })}</Typography.Text>
            )}
          </Space>
          {phase.kind !== 'idle' && (
            <div style={{ marginBottom: 16 }} data-testid="inventory-import-progress">
              <Progress percent={phase.kind === 'processing' ? 100 : phase.percent} status="active" />
              <Typography.Text type="secondary">{phase.kind === 'processing' ? t('inventoryImport.processing') : t('inventoryImport.uploading')}</Typography.Text>
            </div>
          )}
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="inventory-import-error" />}
          {outcome && <ImportResultView result={outcome.result} rejected={outcome.rejected} orgId={orgId} />}
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card title={t('inventoryImport.formats')}>
          <Flex vertical gap={12}>
            {FORMATS.map((format) => (
              <div key={format}>
                <Typography.Text strong>{t(`inventoryImport.format.${format}` as MessageKey)}</Typography.Text>
                <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>
                  {t(`inventoryImport.format.${format}.hint` as MessageKey)}
                </Typography.Paragraph>
              </div>
            ))}
            <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>
              {t('inventoryImport.idempotent')}
            </Typography.Paragraph>
          </Flex>
        </Card>
      </Col>
    </Row>
  );
}

/**
 * 清单导入: inventory files into an organization — agent files collected
 * offline, GLPI JSON, SWID tags, or the CSV/XLSX template — with a dry run
 * and a per-row error report.
 */
export function InventoryImportPage() {
  const { t } = useLang();
  const [orgId, setOrgId] = useOrgParam();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <OrgBar orgId={orgId} onChange={setOrgId} hint={t('inventoryImport.orgHint')} />
      {orgId ? <InventoryImport key={orgId} orgId={orgId} /> : <PickOrgFirst />}
    </Space>
  );
}
