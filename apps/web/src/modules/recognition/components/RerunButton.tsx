import { SyncOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm } from 'antd';
import { useState } from 'react';
import { formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { recognitionApi } from '../api/recognitionApi.ts';
import type { RerunResult } from '../api/recognitionApi.ts';

/**
 * 重新识别: recognises every stored title again with the current rules (the
 * server rewrites only the changed ones) and says how many changed.
 */
export function RerunButton({ onDone }: { onDone?: (result: RerunResult) => void }) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [running, setRunning] = useState(false);
  const run = async () => {
    setRunning(true);
    const hide = message.loading(t('rules.rerunRunning'), 0);
    try {
      const result = await recognitionApi.rerun();
      hide();
      message.success(t('rules.rerunDone', { titles: formatNumber(result.titles, lang), changed: formatNumber(result.changed, lang) }), 6);
      onDone?.(result);
    } catch (e) {
      hide();
      message.error(errorText(e, t));
    } finally {
      setRunning(false);
    }
  };
  return (
    <Popconfirm title={t('rules.rerunConfirm')} description={t('rules.rerunHint')} okText={t('rules.rerun')} cancelText={t('common.cancel')} onConfirm={() => void run()}>
      <Button icon={<SyncOutlined spin={running} />} loading={running} data-testid="recognition-rerun">
        {t('rules.rerun')}
      </Button>
    </Popconfirm>
  );
}
