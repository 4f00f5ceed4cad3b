import { App, Alert, Card, Flex, Switch, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { inventoryApi } from '../api/inventoryApi.ts';
import type { InventorySettings } from '../api/inventoryApi.ts';
import { CommandLine } from './CommandLines.tsx';

export interface OpenEnrollmentCardProps {
  orgId: string;
  settings: InventorySettings | undefined;
  loading: boolean;
  onChanged: (settings: InventorySettings) => void;
}

/**
 * 开放注册: agents may report without credentials, tagged with the
 * organization's USCC; such devices wait in quarantine for approval.
 */
export function OpenEnrollmentCard({ orgId, settings, loading, onChanged }: OpenEnrollmentCardProps) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const on = settings?.openEnrollment ?? false;

  const toggle = (next: boolean) => {
    setSaving(true);
    inventoryApi
      .setOpenEnrollment(orgId, next)
      .then((s) => {
        onChanged(s);
        message.success(next ? t('agents.enrollmentOn') : t('agents.enrollmentOff'));
      })
      .catch((e: unknown) => message.error(errorText(e, t)))
      .finally(() => setSaving(false));
  };

  return (
    <Card
      title={t('agents.enrollment')}
      loading={loading && !settings}
      extra={
        <Flex align="center" gap={8}>
          <Typography.Text type="secondary">{on ? t('agents.enrollmentStateOn') : t('agents.enrollmentStateOff')}</Typography.Text>
          <Switch checked={on} loading={saving} onChange={toggle} aria-label={t('agents.enrollment')} data-testid="open-enrollment" />
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('agents.enrollmentHelp')}</Typography.Paragraph>
      {settings && (
        <>
          <Typography.Text strong>{t('agents.enrollCommand')}</Typography.Text>
          <div style={{ margin: '6px 0 12px' }}>
            <CommandLine command={settings.enrollCommand} testId="agent-command-enroll" />
          </div>
        </>
      )}
      <Alert
        type={on ? 'warning' : 'info'}
        showIcon
        title={t('agents.enrollmentQuarantine')}
        action={<Link to={`/inventory/quarantine?orgId=${encodeURIComponent(orgId)}`}>{t('agents.toQuarantine')}</Link>}
      />
    </Card>
  );
}
