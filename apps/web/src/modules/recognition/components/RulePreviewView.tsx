import { ArrowRightOutlined } from '@ant-design/icons';
import { Alert, Flex, Table, Typography } from 'antd';
import type { RecognitionResult, StoredPreviewResult } from '../../../contracts.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { LicenceTag } from '../recognitionLabels.tsx';

type PreviewItem = StoredPreviewResult['items'][number];

/** One recognition result in a cell: product, edition and licence class. */
function ResultCell({ result }: { result: RecognitionResult }) {
  const { t } = useLang();
  if (result.ruleId === null) return <Typography.Text type="secondary">{t('rules.preview.unrecognised')}</Typography.Text>;
  return (
    <Flex vertical gap={2}>
      <span>
        {result.product ?? '—'}
        {result.edition && <Typography.Text type="secondary"> · {result.edition}</Typography.Text>}
      </span>
      <span>
        <LicenceTag licence={result.licenceClass} />
      </span>
    </Flex>
  );
}

export interface RulePreviewViewProps {
  result: StoredPreviewResult;
  /** The form changed after the preview was made. */
  stale: boolean;
}

/** What a draft rule would match among the stored titles: counts and before → after of each match. */
export function RulePreviewView({ result, stale }: RulePreviewViewProps) {
  const { t, lang } = useLang();
  const n = (v: number) => formatNumber(v, lang);
  const summary = t('rules.preview.summary', { matched: n(result.matched), titles: n(result.titles), devices: n(result.devices) });
  return (
    <Flex vertical gap={12} data-testid="rule-preview">
      <Alert
        type={result.matched === 0 ? 'warning' : 'info'}
        showIcon
        title={result.matched === 0 ? t('rules.preview.none', { titles: n(result.titles) }) : summary}
        description={stale ? t('rules.preview.stale') : result.matched > result.items.length ? t('rules.preview.truncated', { n: n(result.items.length) }) : undefined}
        data-testid="rule-preview-summary"
        data-matched={result.matched}
      />
      {result.items.length > 0 && (
        <Table<PreviewItem>
          size="small"
          rowKey={(r) => `${r.name}\u0000${r.publisher ?? ''}\u0000${r.version ?? ''}`}
          dataSource={result.items}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              key: 'name',
              title: t('software.name'),
              render: (_: unknown, r) => (
                <Flex vertical>
                  <span>{r.name}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {[r.publisher, r.version].filter(Boolean).join(' · ') || '—'}
                  </Typography.Text>
                </Flex>
              ),
            },
            { key: 'devices', title: t('recognition.devices'), dataIndex: 'devices', align: 'right', render: (v: number) => n(v) },
            { key: 'before', title: t('rules.preview.before'), render: (_: unknown, r) => <ResultCell result={r.before} /> },
            { key: 'arrow', title: '', width: 32, render: () => <ArrowRightOutlined style={{ color: '#8c8c8c' }} /> },
            { key: 'after', title: t('rules.preview.after'), render: (_: unknown, r) => <ResultCell result={r.after} /> },
          ]}
          data-testid="rule-preview-table"
        />
      )}
    </Flex>
  );
}
