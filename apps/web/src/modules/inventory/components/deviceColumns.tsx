import { Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import type { Device, Lang } from '../../../contracts.ts';
import { formatMinute, formatNumber } from '../../../i18n/format.ts';
import type { Translate } from '../../../i18n/LangContext.ts';
import { sourceLabel } from '../inventoryLabels.ts';

/** The detail page of a device. */
export function devicePath(d: Pick<Device, 'orgId' | 'id'>): string {
  return `/devices/${encodeURIComponent(d.orgId)}/${encodeURIComponent(d.id)}`;
}

/** A device's name, or its serial/UUID when the agent sent no name. */
export function deviceTitle(d: Pick<Device, 'name' | 'serial' | 'uuid' | 'id'>): string {
  return d.name ?? d.serial ?? d.uuid ?? d.id;
}

function byText(lang: Lang) {
  const collator = new Intl.Collator(lang, { numeric: true });
  return (a: string | null, b: string | null) => collator.compare(a ?? '', b ?? '');
}

/** Columns hidden until the user shows them: identifiers are long and rarely read in a list. */
export const DEFAULT_HIDDEN_DEVICE_COLUMNS = ['uuid', 'macs', 'cpu', 'domain', 'firstSeenAt'];

/**
 * The columns of a device list (计算机列表 and the quarantine list). The
 * list endpoint has no sort parameter (it returns the most recently seen
 * first), so sorting orders the rows of the current page.
 */
export function deviceColumns(t: Translate, lang: Lang): TableColumnsType<Device> {
  const text = byText(lang);
  return [
    {
      key: 'name',
      title: t('devices.name'),
      dataIndex: 'name',
      fixed: 'left',
      sorter: (a, b) => text(a.name, b.name),
      render: (_: unknown, d) => <Link to={devicePath(d)}>{deviceTitle(d)}</Link>,
    },
    { key: 'org', title: t('devices.org'), dataIndex: 'orgName', sorter: (a, b) => text(a.orgName, b.orgName) },
    {
      key: 'os',
      title: t('devices.os'),
      sorter: (a, b) => text(a.osName, b.osName),
      render: (_: unknown, d) => (d.osName ? `${d.osName}${d.osVersion && !d.osName.includes(d.osVersion) ? ` ${d.osVersion}` : ''}` : '—'),
    },
    { key: 'arch', title: t('devices.arch'), dataIndex: 'osArch', render: (v: string | null) => v ?? '—' },
    {
      key: 'model',
      title: t('devices.model'),
      sorter: (a, b) => text(a.manufacturer, b.manufacturer),
      render: (_: unknown, d) => [d.manufacturer, d.model].filter(Boolean).join(' ') || '—',
    },
    { key: 'serial', title: t('devices.serial'), dataIndex: 'serial', sorter: (a, b) => text(a.serial, b.serial), render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—') },
    { key: 'uuid', title: t('devices.uuid'), dataIndex: 'uuid', render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—') },
    {
      key: 'macs',
      title: t('devices.macs'),
      dataIndex: 'macs',
      render: (macs: string[]) =>
        macs.length === 0 ? '—' : (
          <Tooltip title={macs.join('\n')}>
            <Typography.Text code>{macs[0]}</Typography.Text>
            {macs.length > 1 && <Typography.Text type="secondary"> +{macs.length - 1}</Typography.Text>}
          </Tooltip>
        ),
    },
    { key: 'cpu', title: t('devices.cpu'), dataIndex: 'cpu', render: (v: string | null) => v ?? '—' },
    { key: 'domain', title: t('devices.domain'), dataIndex: 'domain', render: (v: string | null) => v ?? '—' },
    { key: 'lastUser', title: t('devices.lastUser'), dataIndex: 'lastUser', sorter: (a, b) => text(a.lastUser, b.lastUser), render: (v: string | null) => v ?? '—' },
    {
      key: 'softwareCount',
      title: t('devices.softwareCount'),
      dataIndex: 'softwareCount',
      align: 'right',
      sorter: (a, b) => a.softwareCount - b.softwareCount,
      render: (v: number) => formatNumber(v, lang),
    },
    { key: 'source', title: t('devices.source'), dataIndex: 'source', render: (v: string) => <Tag>{sourceLabel(t, v)}</Tag> },
    { key: 'firstSeenAt', title: t('devices.firstSeenAt'), dataIndex: 'firstSeenAt', sorter: (a, b) => a.firstSeenAt.localeCompare(b.firstSeenAt), render: (v: string) => formatMinute(v) },
    {
      key: 'lastSeenAt',
      title: t('devices.lastSeenAt'),
      dataIndex: 'lastSeenAt',
      sorter: (a, b) => a.lastSeenAt.localeCompare(b.lastSeenAt),
      render: (v: string) => formatMinute(v),
    },
  ];
}
