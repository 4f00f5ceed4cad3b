import { ApiOutlined, CloudUploadOutlined } from '@ant-design/icons';
import { Button, Empty, Space } from 'antd';
import { Link } from 'react-router';
import { can } from '../../../auth/permissions.ts';
import { useCurrentUser } from '../../../auth/useAuth.ts';
import { useLang } from '../../../i18n/useLang.ts';

/**
 * The empty device list: where devices come from, with the way there for
 * those who may set it up (agents, or an import of inventory files).
 */
export function NoDevices({ orgId }: { orgId: string | undefined }) {
  const { t } = useLang();
  const user = useCurrentUser();
  const query = orgId ? `?orgId=${encodeURIComponent(orgId)}` : '';
  const agents = can(user.role, 'agents');
  const imports = can(user.role, 'devices.write');
  return (
    <Empty description={agents || imports ? t('devices.emptyAdmin') : t('devices.emptyReader')} data-testid="devices-empty">
      <Space>
        {agents && (
          <Link to={`/inventory/agents${query}`}>
            <Button type="primary" icon={<ApiOutlined />}>{t('devices.setUpAgent')}</Button>
          </Link>
        )}
        {imports && (
          <Link to={`/inventory/import${query}`}>
            <Button icon={<CloudUploadOutlined />}>{t('devices.importFiles')}</Button>
          </Link>
        )}
      </Space>
    </Empty>
  );
}
