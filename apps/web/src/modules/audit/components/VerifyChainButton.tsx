import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Flex } from 'antd';
import { useState } from 'react';
import type { AuditVerifyResult } from '../../../contracts.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { auditApi } from '../api/auditApi.ts';

/** Asks the server to walk the audit hash chain and shows whether it is intact. */
export function VerifyChainButton() {
  const { t, lang } = useLang();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AuditVerifyResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const verify = () => {
    setBusy(true);
    setError(null);
    auditApi
      .verify()
      .then(setResult)
      .catch((e: unknown) => {
        setResult(null);
        setError(errorText(e, t));
      })
      .finally(() => setBusy(false));
  };

  return (
    <Flex vertical gap={8}>
      <Button icon={<SafetyCertificateOutlined />} loading={busy} onClick={verify} data-testid="audit-verify" style={{ alignSelf: 'flex-end' }}>
        {t('audit.verify')}
      </Button>
      {error && <Alert type="error" showIcon title={error} />}
      {result && (
        <Alert
          data-testid="audit-verify-result"
          type={result.ok ? 'success' : 'error'}
          showIcon
          title={
            result.ok
              ? t('audit.verifyOk', { checked: formatNumber(result.checked, lang), headSeq: result.headSeq ?? '—' })
              : t('audit.verifyFail', { seq: result.problem?.seq ?? '—', kind: result.problem?.kind ?? '—' })
          }
          description={!result.ok ? result.problem?.message : undefined}
        />
      )}
    </Flex>
  );
}
