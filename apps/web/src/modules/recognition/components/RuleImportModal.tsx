import { InboxOutlined } from '@ant-design/icons';
import { Alert, Checkbox, Col, Flex, Modal, Radio, Row, Statistic, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { RulesImportResult } from '../../../contracts.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { recognitionApi } from '../api/recognitionApi.ts';

type ImportError = RulesImportResult['errors'][number];

export interface RuleImportModalProps {
  open: boolean;
  onClose: () => void;
  /** Called after an import that wrote something, so the list can refresh. */
  onImported: () => void;
}

/**
 * Imports a rule file exported by another installation (a province sharing
 * its rules): YAML or JSON, added and updated, or replacing the local rules;
 * a dry run first reports what would change. A file with an invalid rule
 * changes nothing.
 */
export function RuleImportModal({ open, onClose, onImported }: RuleImportModalProps) {
  const { t, lang } = useLang();
  const [file, setFile] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);
  const [dryRun, setDryRun] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<RulesImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const content = await file.text();
      const outcome = await recognitionApi.importRules({ content, mode: replace ? 'replace' : 'upsert', dryRun });
      setResult(outcome);
      if (!outcome.dryRun && !outcome.rejected && outcome.created + outcome.updated + outcome.deleted > 0) onImported();
    } catch (e) {
      setError(errorText(e, t));
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

  const n = (v: number) => formatNumber(v, lang);
  const stats: [string, number][] = result
    ? [
        [t('rules.import.total'), result.total],
        [t('import.created'), result.created],
        [t('import.updated'), result.updated],
        [t('import.unchanged'), result.unchanged],
        [t('rules.import.deleted'), result.deleted],
        [t('rules.import.errors'), result.errors.length],
      ]
    : [];
  return (
    <Modal
      open={open}
      title={t('rules.import.title')}
      width={760}
      okText={t('import.submit')}
      cancelText={t('common.close')}
      onOk={() => void run()}
      okButtonProps={{ loading: busy, disabled: !file }}
      onCancel={close}
      destroyOnHidden
    >
      <div data-testid="rule-import-upload">
        <Upload.Dragger
          accept=".yaml,.yml,.json"
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
          <p className="ant-upload-hint">{t('rules.import.hint')}</p>
        </Upload.Dragger>
      </div>
      <Flex vertical gap={8} style={{ margin: '16px 0' }}>
        <Radio.Group value={replace} onChange={(e) => setReplace(e.target.value as boolean)}>
          <Radio value={false}>{t('rules.import.upsert')}</Radio>
          <Radio value={true}>{t('rules.import.replace')}</Radio>
        </Radio.Group>
        {replace && (
          <Typography.Text type="warning" style={{ fontSize: 12 }}>
            {t('rules.import.replaceHint')}
          </Typography.Text>
        )}
        <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)}>
          {t('import.dryRun')}
        </Checkbox>
      </Flex>
      {error && <Alert type="error" showIcon title={error} data-testid="rule-import-error" />}
      {result && (
        <div data-testid="rule-import-result">
          <Alert
            type={result.rejected ? 'error' : result.dryRun ? 'info' : 'success'}
            showIcon
            title={result.rejected ? t('rules.import.rejected') : result.dryRun ? t('import.dryRunDone') : t('rules.import.done')}
            style={{ marginBottom: 16 }}
          />
          <Row gutter={16} style={{ marginBottom: 16 }}>
            {stats.map(([title, value]) => (
              <Col span={4} key={title}>
                <Statistic title={title} value={n(value)} />
              </Col>
            ))}
          </Row>
          {result.errors.length > 0 && (
            <Table<ImportError>
              size="small"
              rowKey={(r) => `${r.index}:${r.path}:${r.message}`}
              dataSource={result.errors}
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              columns={[
                { title: t('rules.import.index'), dataIndex: 'index', width: 70, render: (v: number) => v + 1 },
                { title: t('rules.id'), dataIndex: 'id', width: 180, render: (v: string | null) => v ?? '—' },
                { title: t('import.field'), dataIndex: 'path', width: 140 },
                { title: t('import.message'), dataIndex: 'message' },
              ]}
            />
          )}
        </div>
      )}
    </Modal>
  );
}
