import { CloseCircleOutlined, DownloadOutlined, ThunderboltOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Input, Row, Segmented, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { RECOGNITION_BATCH_MAX } from '../contracts.ts';
import type { RecognitionBatchResult, RecognitionInput, RecognitionResult } from '../contracts.ts';
import { formatNumber } from '../i18n/format.ts';
import { useLang } from '../i18n/useLang.ts';
import { recognitionApi } from '../modules/recognition/api/recognitionApi.ts';
import { downloadText, readText, resultCsv, rowsFromCsv, rowsFromLines } from '../modules/recognition/batchCsv.ts';
import { categoryLabel, DomesticTag, formatConfidence, LicenceTag } from '../modules/recognition/recognitionLabels.tsx';
import { errorText } from '../shared/errorText.ts';

/** One row of the result table: the input and what it was recognised as. */
interface ResultRow {
  index: number;
  input: RecognitionInput;
  result: RecognitionResult;
}

type Show = 'all' | 'recognised' | 'unknown';

/**
 * 批量识别: recognises a list of raw names at once (pasted, or a CSV of
 * `display_name,publisher,version`, up to 50,000 rows), shows the results
 * and downloads them as CSV with the columns of `zb recognize`.
 */
export function BatchRecognitionPage() {
  const { t, lang } = useLang();
  const [text, setText] = useState('');
  const [file, setFile] = useState<{ name: string; rows: RecognitionInput[] } | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ rows: RecognitionInput[]; result: RecognitionBatchResult } | null>(null);
  const [show, setShow] = useState<Show>('all');
  const n = (v: number) => formatNumber(v, lang);

  const pasted = useMemo(() => rowsFromLines(text), [text]);
  const rows = file?.rows ?? pasted;
  const tooMany = rows.length > RECOGNITION_BATCH_MAX;

  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      const result = await recognitionApi.batch(rows);
      setOutcome({ rows, result });
      setShow('all');
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setRunning(false);
    }
  };

  const table: ResultRow[] = useMemo(() => {
    if (!outcome) return [];
    const all = outcome.rows.flatMap((input, index) => {
      const result = outcome.result.results[index];
      return result ? [{ index, input, result }] : [];
    });
    return show === 'all' ? all : all.filter((r) => (r.result.ruleId === null) === (show === 'unknown'));
  }, [outcome, show]);

  return (
    <Flex vertical gap={16}>
      <Card title={t('batch.title')}>
        <Typography.Paragraph type="secondary">{t('batch.help', { max: n(RECOGNITION_BATCH_MAX) })}</Typography.Paragraph>
        {file ? (
          <Alert
            type="info"
            showIcon
            title={t('batch.fileLoaded', { name: file.name, n: n(file.rows.length) })}
            action={
              <Button size="small" icon={<CloseCircleOutlined />} onClick={() => setFile(null)}>
                {t('batch.clearFile')}
              </Button>
            }
            data-testid="batch-file"
          />
        ) : (
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 6, maxRows: 16 }}
            placeholder={t('batch.placeholder')}
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' }}
            data-testid="batch-input"
          />
        )}
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
          <Space wrap>
            <Upload
              accept=".csv,.txt"
              showUploadList={false}
              beforeUpload={(f) => {
                void readText(f).then((content) => {
                  setFile({ name: f.name, rows: rowsFromCsv(content) });
                  setOutcome(null);
                });
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} data-testid="batch-upload">
                {t('batch.upload')}
              </Button>
            </Upload>
            <Typography.Text type={tooMany ? 'danger' : 'secondary'} data-testid="batch-count">
              {tooMany ? t('batch.tooMany', { n: n(rows.length), max: n(RECOGNITION_BATCH_MAX) }) : t('batch.rows', { n: n(rows.length) })}
            </Typography.Text>
          </Space>
          <Button type="primary" icon={<ThunderboltOutlined />} loading={running} disabled={rows.length === 0 || tooMany} onClick={() => void run()} data-testid="batch-run">
            {t('batch.run')}
          </Button>
        </Flex>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      </Card>

      {outcome && (
        <Card
          title={t('batch.result')}
          extra={
            <Button icon={<DownloadOutlined />} onClick={() => downloadText(resultCsv(outcome.rows, outcome.result.results), 'recognition-result.csv')} data-testid="batch-download">
              {t('batch.download')}
            </Button>
          }
          data-testid="batch-result"
        >
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Statistic title={t('batch.total')} value={n(outcome.result.total)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('batch.recognised')} value={n(outcome.result.recognised)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('batch.unknown')} value={n(outcome.result.unknown)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('batch.distinct')} value={n(outcome.result.distinct)} />
            </Col>
          </Row>
          <Segmented<Show>
            value={show}
            onChange={setShow}
            options={[
              { value: 'all', label: t('common.all') },
              { value: 'recognised', label: t('batch.recognised') },
              { value: 'unknown', label: t('batch.unknown') },
            ]}
            style={{ marginBottom: 12 }}
          />
          <Table<ResultRow>
            size="small"
            rowKey="index"
            dataSource={table}
            scroll={{ x: 'max-content' }}
            pagination={{ defaultPageSize: 20, showSizeChanger: true, pageSizeOptions: ['20', '50', '100'], showTotal: (total) => t('common.total', { n: n(total) }) }}
            columns={[
              { key: 'name', title: t('software.name'), render: (_: unknown, r) => r.input.displayName },
              { key: 'publisher', title: t('software.publisher'), render: (_: unknown, r) => r.input.publisher ?? '—' },
              { key: 'version', title: t('software.version'), render: (_: unknown, r) => r.input.version ?? '—' },
              {
                key: 'product',
                title: t('rules.product'),
                render: (_: unknown, r) =>
                  r.result.ruleId === null ? (
                    <Tag>{t('batch.unknown')}</Tag>
                  ) : (
                    <Flex gap={4} align="center" wrap>
                      <span>{r.result.product}</span>
                      {r.result.edition && <Typography.Text type="secondary">· {r.result.edition}</Typography.Text>}
                      {r.result.domestic && <DomesticTag />}
                    </Flex>
                  ),
              },
              { key: 'publisherNorm', title: t('batch.publisherNorm'), render: (_: unknown, r) => r.result.publisherNorm ?? '—' },
              { key: 'versionNorm', title: t('batch.versionNorm'), render: (_: unknown, r) => r.result.versionNorm ?? '—' },
              { key: 'category', title: t('recognition.category'), render: (_: unknown, r) => categoryLabel(lang, r.result.category) },
              { key: 'licence', title: t('recognition.licenceClass'), render: (_: unknown, r) => <LicenceTag licence={r.result.licenceClass} /> },
              { key: 'requiresLicence', title: t('recognition.requiresLicence'), render: (_: unknown, r) => (r.result.requiresLicence ? t('common.yes') : t('common.no')) },
              { key: 'rule', title: t('batch.rule'), render: (_: unknown, r) => (r.result.ruleId ? <Typography.Text code>{r.result.ruleId}</Typography.Text> : '—') },
              { key: 'confidence', title: t('recognition.confidence'), align: 'right', render: (_: unknown, r) => formatConfidence(r.result.ruleId === null ? null : r.result.confidence) },
            ]}
            data-testid="batch-table"
          />
        </Card>
      )}
    </Flex>
  );
}
