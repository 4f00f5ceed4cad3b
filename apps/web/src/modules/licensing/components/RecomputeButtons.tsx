import { CalculatorOutlined, FileSearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, List, Modal, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import type { RecomputeResult } from '../../../contracts.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { licensingApi } from '../api/licensingApi.ts';

/** Differences listed in the result dialog; the rest are counted. */
const SHOWN_DIFFERENCES = 50;

/**
 * 重新计算 (national office): recomputes every stored position from the
 * inventories and entitlements; "check" compares without writing and lists
 * what differs, to find drift before repairing it.
 */
export function RecomputeButtons({ onDone }: { onDone: () => void }) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [running, setRunning] = useState<'check' | 'write' | null>(null);
  const [result, setResult] = useState<RecomputeResult | null>(null);
  const n = (v: number) => formatNumber(v, lang);

  const run = (check: boolean) => {
    setRunning(check ? 'check' : 'write');
    licensingApi
      .recompute(check)
      .then((r) => {
        setResult(r);
        if (r.written) onDone();
      })
      .catch((e: unknown) => message.error(errorText(e, t)))
      .finally(() => setRunning(null));
  };

  return (
    <>
      <Space>
        <Button icon={<FileSearchOutlined />} loading={running === 'check'} disabled={running !== null} onClick={() => run(true)} data-testid="recompute-check">
          {t('compliance.recomputeCheck')}
        </Button>
        <Popconfirm title={t('compliance.recomputeConfirm')} description={t('compliance.recomputeHint')} okText={t('common.ok')} cancelText={t('common.cancel')} onConfirm={() => run(false)}>
          <Button icon={<CalculatorOutlined />} loading={running === 'write'} disabled={running !== null} data-testid="recompute">
            {t('compliance.recompute')}
          </Button>
        </Popconfirm>
      </Space>
      <Modal
        open={result !== null}
        title={result?.written ? t('compliance.recomputeDone') : t('compliance.recomputeCheckDone')}
        onCancel={() => setResult(null)}
        footer={<Button onClick={() => setResult(null)}>{t('common.close')}</Button>}
        width={720}
      >
        {result && (
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="recompute-result">
            <Alert
              type={result.differenceCount === 0 ? 'success' : result.written ? 'info' : 'warning'}
              showIcon
              title={
                result.differenceCount === 0
                  ? t('compliance.noDifferences')
                  : result.written
                    ? t('compliance.differencesFixed', { n: n(result.differenceCount) })
                    : t('compliance.differencesFound', { n: n(result.differenceCount) })
              }
            />
            <Descriptions
              size="small"
              bordered
              column={2}
              items={[
                { key: 'day', label: t('compliance.day'), children: result.day },
                { key: 'ms', label: t('compliance.duration'), children: t('compliance.ms', { n: n(Math.round(result.ms)) }) },
                { key: 'orgs', label: t('recognition.orgs'), children: n(result.orgs) },
                { key: 'installs', label: t('compliance.installs'), children: n(result.installs) },
                { key: 'positions', label: t('compliance.positionCount'), children: n(result.positions) },
                { key: 'tasks', label: t('compliance.tasksClosed'), children: n(result.tasksClosed) },
              ]}
            />
            {result.differences.length > 0 && (
              <List
                size="small"
                bordered
                header={t('compliance.differences')}
                dataSource={result.differences.slice(0, SHOWN_DIFFERENCES)}
                renderItem={(d) => (
                  <List.Item>
                    <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                      {d}
                    </Typography.Text>
                  </List.Item>
                )}
                footer={result.differenceCount > SHOWN_DIFFERENCES ? t('compliance.moreDifferences', { n: n(result.differenceCount - SHOWN_DIFFERENCES) }) : undefined}
              />
            )}
          </Space>
        )}
      </Modal>
    </>
  );
}
