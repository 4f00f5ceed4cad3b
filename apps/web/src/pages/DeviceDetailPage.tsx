import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Result, Space, Spin, Tabs, Tag, Tooltip, Typography } from 'antd';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { can } from '../auth/permissions.ts';
import { useCurrentUser } from '../auth/useAuth.ts';
import type { Lang } from '../contracts.ts';
import { formatMinute, formatNumber } from '../i18n/format.ts';
import { useLang } from '../i18n/useLang.ts';
import { inventoryApi } from '../modules/inventory/api/inventoryApi.ts';
import { deviceTitle } from '../modules/inventory/components/deviceColumns.tsx';
import { DeviceHistoryTab } from '../modules/inventory/components/DeviceHistoryTab.tsx';
import { DeviceSoftwareTab } from '../modules/inventory/components/DeviceSoftwareTab.tsx';
import { DeviceSubmissionsTab } from '../modules/inventory/components/DeviceSubmissionsTab.tsx';
import { QuarantineActions } from '../modules/inventory/components/QuarantineActions.tsx';
import { sourceLabel } from '../modules/inventory/inventoryLabels.ts';
import { errorText } from '../shared/errorText.ts';
import { useRemote } from '../shared/useRemote.ts';

const TABS = ['software', 'history', 'submissions'] as const;
type TabKey = (typeof TABS)[number];

function code(value: string | null) {
  return value ? <Typography.Text code copyable>{value}</Typography.Text> : '—';
}

/** Memory as the agents report it (MB), in GB once it is large: 16,384 MB → 16 GB. */
function memory(mb: number | null, lang: Lang): string {
  if (mb === null) return '—';
  return mb >= 1024 ? `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(mb / 1024)} GB` : `${formatNumber(mb, lang)} MB`;
}

/** One device (计算机详情): hardware and identity, then its software, change history and submissions. */
export function DeviceDetailPage() {
  const { orgId = '', deviceId = '' } = useParams();
  const { t, lang } = useLang();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const detail = useRemote(() => inventoryApi.device(orgId, deviceId), [orgId, deviceId]);
  const tab: TabKey = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as TabKey) : 'software';

  if (detail.loading && !detail.data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const device = detail.data;
  if (!device || detail.error) {
    return (
      <Result
        status={detail.error?.status === 404 || detail.error?.status === 403 ? '404' : 'error'}
        title={detail.error ? errorText(detail.error, t) : t('devices.notFound')}
        extra={<Link to="/devices"><Button>{t('common.backToList')}</Button></Link>}
      />
    );
  }

  const quarantined = device.status === 'quarantined';
  const listPath = quarantined ? `/inventory/quarantine?orgId=${encodeURIComponent(device.orgId)}` : `/devices?orgId=${encodeURIComponent(device.orgId)}`;
  const os = [device.osName, device.osVersion && !device.osName?.includes(device.osVersion) ? device.osVersion : null].filter(Boolean).join(' ');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Link to={listPath} aria-label={t('common.backToList')}><ArrowLeftOutlined /></Link>
            <span data-testid="device-detail-name">{deviceTitle(device)}</span>
            {quarantined ? <Tag color="warning">{t('devices.status.quarantined')}</Tag> : <Tag color="success">{t('devices.status.active')}</Tag>}
          </Space>
        }
        extra={
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={detail.reload} />
          </Tooltip>
        }
      >
        {quarantined && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('quarantine.deviceWaiting')}
            description={t('quarantine.deviceWaitingHint')}
            action={
              can(user.role, 'devices.write') && (
                <QuarantineActions
                  device={device}
                  size="middle"
                  onDone={(outcome) => (outcome === 'approved' ? detail.reload() : navigate(listPath))}
                />
              )
            }
          />
        )}
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          data-testid="device-descriptions"
          items={[
            { key: 'name', label: t('devices.name'), children: device.name ?? '—' },
            { key: 'org', label: t('devices.org'), children: <Link to={`/orgs/${encodeURIComponent(device.orgId)}`}>{device.orgName}</Link> },
            { key: 'softwareCount', label: t('devices.softwareCount'), children: <span data-testid="device-software-count">{formatNumber(device.softwareCount, lang)}</span> },
            { key: 'os', label: t('devices.os'), children: os || '—' },
            { key: 'arch', label: t('devices.arch'), children: device.osArch ?? '—' },
            { key: 'domain', label: t('devices.domain'), children: device.domain ?? '—' },
            { key: 'manufacturer', label: t('devices.manufacturer'), children: device.manufacturer ?? '—' },
            { key: 'model', label: t('devices.model'), children: device.model ?? '—' },
            { key: 'lastUser', label: t('devices.lastUser'), children: device.lastUser ?? '—' },
            { key: 'cpu', label: t('devices.cpu'), children: device.cpu ?? '—' },
            { key: 'memory', label: t('devices.memory'), children: memory(device.memoryMb, lang) },
            { key: 'serial', label: t('devices.serial'), children: code(device.serial) },
            { key: 'uuid', label: t('devices.uuid'), children: code(device.uuid) },
            {
              key: 'macs',
              label: t('devices.macs'),
              children: device.macs.length ? (
                <Flex wrap gap={4}>
                  {device.macs.map((mac) => <Tag key={mac} style={{ fontFamily: 'monospace' }}>{mac}</Tag>)}
                </Flex>
              ) : '—',
            },
            { key: 'agentDeviceId', label: t('devices.agentDeviceId'), children: code(device.agentDeviceId) },
            { key: 'source', label: t('devices.source'), children: sourceLabel(t, device.source) },
            { key: 'agent', label: t('devices.agent'), children: device.agent ?? '—' },
            { key: 'firstSeenAt', label: t('devices.firstSeenAt'), children: formatMinute(device.firstSeenAt) },
            { key: 'lastSeenAt', label: t('devices.lastSeenAt'), children: formatMinute(device.lastSeenAt) },
          ]}
        />
      </Card>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => {
            const next = new URLSearchParams(params);
            if (key === 'software') next.delete('tab');
            else next.set('tab', key);
            setParams(next, { replace: true });
          }}
          items={[
            {
              key: 'software',
              label: `${t('devices.tab.software')} (${formatNumber(device.softwareCount, lang)})`,
              children: <DeviceSoftwareTab orgId={device.orgId} deviceId={device.id} />,
            },
            { key: 'history', label: t('devices.tab.history'), children: <DeviceHistoryTab orgId={device.orgId} deviceId={device.id} /> },
            { key: 'submissions', label: t('devices.tab.submissions'), children: <DeviceSubmissionsTab orgId={device.orgId} deviceId={device.id} /> },
          ]}
          data-testid="device-tabs"
        />
      </Card>
    </Space>
  );
}
