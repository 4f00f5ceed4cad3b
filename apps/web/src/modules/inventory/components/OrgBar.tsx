import { Card, Empty, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useLang } from '../../../i18n/useLang.ts';
import { OrgSelect } from '../../orgs/components/OrgSelect.tsx';

export interface OrgBarProps {
  orgId: string | undefined;
  onChange: (orgId: string | null) => void;
  /** Shown beside the organization select. */
  hint?: ReactNode;
}

/** The organization a page works on (agent setup, import): one must be chosen. */
export function OrgBar({ orgId, onChange, hint }: OrgBarProps) {
  const { t } = useLang();
  return (
    <Card size="small">
      <Flex align="center" gap={12} wrap>
        <Typography.Text strong>{t('devices.org')}</Typography.Text>
        <OrgSelect value={orgId ?? null} onChange={onChange} placeholder={t('inventory.pickOrg')} style={{ width: 360 }} />
        {hint && <Typography.Text type="secondary">{hint}</Typography.Text>}
      </Flex>
    </Card>
  );
}

/** The page body before an organization is chosen. */
export function PickOrgFirst() {
  const { t } = useLang();
  return (
    <Card>
      <Empty description={t('inventory.pickOrgFirst')} data-testid="pick-org-first" />
    </Card>
  );
}
