import { InboxOutlined } from '@ant-design/icons';
import { Alert, Checkbox, Col, Flex, Modal, Row, Statistic, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../api/ApiError.ts';
import type { OrgImportResult } from '../../../contracts.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { orgsApi } from '../api/orgsApi.ts';

type RowError = OrgImportResult['errors'][number];

/** An IMPORT_REJECTED error may carry the full result (row errors) as details. */
function resultFrom(error: unknown): OrgImportResult | null {
  if (!(error instanceof ApiError) || error.code !== 'IMPORT_REJECTED') return null;
  const details = error.details as Partial<OrgImportResult> | undefined;
  return details && Array.isArray(details.errors) ? (details as OrgImportResult) : null;
}

export interface OrgImportModalProps {
  open: boolean;
  onClose: () => void;
  /** Called after an import that wrote something, so the list can refresh. */
  onImported: () => void;
}

/** Uploads an .xlsx/.csv of organizations: all-or-nothing or valid rows only, optionally as a dry run. */
export function OrgImportModal({ open, onClose, onImported }: OrgImportModalProps) {
  const { t, lang } = useLang();
  const [file, setFile] = useState<File | null>(null);
  const [validOnly, setValidOnly] = useState(false);
  const [dryRun, setDryRun] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<OrgImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    if (!file) {
      setError(t('import.noFile'));
      return;
    }
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const outcome = await orgsApi.import(file, validOnly ? 'valid-rows' : 'all-or-nothing', dryRun);
      setResult(outcome);
      if (!outcome.dryRun && !outcome.rejected && outcome.created + outcome.updated > 0) onImported();
    } catch (e) {
      const rejected = resultFrom(e);
      if (rejected) setResult({ ...rejected, rejected: true });
      else setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setFile(null);
    setResult(null);
    setError(null);
    onClose();
  };

  const n = (value: number) => formatNumber(value, lang);
  return (
    <Modal
      open={open}
      title={t('import.title')}
      width={760}
      okText={t('import.submit')}
      cancelText={t('common.close')}
      onOk={() => void run()}
      okButtonProps={{ loading: busy, disabled: !file }}
      onCancel={close}
      destroyOnHidden
    >
      <Upload.Dragger
        accept=".xlsx,.csv"
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          setResult(null);
          return false;
        }}
        onRemove={() => setFile(null)}
        fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.drop')}</p>
        <p className="ant-upload-hint">{t('import.dropHint')}</p>
      </Upload.Dragger>
      <Flex vertical gap={4} style={{ margin: '16px 0' }}>
        <Checkbox checked={validOnly} onChange={(e) => setValidOnly(e.target.checked)} data-testid="import-valid-only">
          {t('import.validOnly')}
        </Checkbox>
        <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 24 }}>
          {t('import.validOnlyHelp')}
        </Typography.Text>
        <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} data-testid="import-dry-run">
          {t('import.dryRun')}
        </Checkbox>
      </Flex>
      {error && <Alert type="error" showIcon title={error} />}
      {result && (
        <div data-testid="import-result">
          <Alert
            type={result.rejected ? 'error' : result.dryRun ? 'info' : 'success'}
            showIcon
            title={result.rejected ? t('import.rejected') : result.dryRun ? t('import.dryRunDone') : t('import.done')}
            style={{ marginBottom: 16 }}
          />
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={4}><Statistic title={t('import.totalRows')} value={n(result.totalRows)} /></Col>
            <Col span={4}><Statistic title={t('import.created')} value={n(result.created)} /></Col>
            <Col span={4}><Statistic title={t('import.updated')} value={n(result.updated)} /></Col>
            <Col span={4}><Statistic title={t('import.unchanged')} value={n(result.unchanged)} /></Col>
            <Col span={4}><Statistic title={t('import.skipped')} value={n(result.skipped)} /></Col>
            <Col span={4}><Statistic title={t('import.errors')} value={n(result.errors.length)} /></Col>
          </Row>
          {result.errors.length > 0 && (
            <Table<RowError>
              size="small"
              rowKey={(r) => `${r.row}:${r.field}:${r.code}`}
              dataSource={result.errors}
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              columns={[
                { title: t('import.row'), dataIndex: 'row', width: 70 },
                { title: t('import.field'), dataIndex: 'field', width: 120 },
                { title: t('import.code'), dataIndex: 'code', width: 150 },
                { title: t('import.message'), dataIndex: 'message' },
              ]}
            />
          )}
        </div>
      )}
    </Modal>
  );
}
