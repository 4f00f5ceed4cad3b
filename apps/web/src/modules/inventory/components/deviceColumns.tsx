import { Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import type { Device, DeviceSortKey, Lang } from '../../../contracts.ts';
import { formatMinute, formatNumber } from '../../../i18n/format.ts';
import type { Translate } from '../../../i18n/LangContext.ts';
import { serverSorter, type ListSort } from '../../../shared/serverSort.ts';
import { sourceLabel } from '../inventoryLabels.ts';

/** The detail page of a device. */
export function devicePath(d: Pick<Device, 'orgId' | 'id'>): string {
  return `/devices/${encodeURIComponent(d.orgId)}/${encodeURIComponent(d.id)}`;
}

/** A device's name, or its serial/UUID when the agent sent no name. */
export function deviceTitle(d: Pick<Device, 'name' | 'serial' | 'uuid' | 'id'>): string {
  return d.name ?? d.serial ?? d.uuid ?? d.id;
}

const SORT_BY_COLUMN: Record<string, DeviceSortKey> = {
  name: 'name',
  org: 'orgName',
  os: 'osName',
  model: 'manufacturer',
  serial: 'serial',
  lastUser: 'lastUser',
  softwareCount: 'softwareCount',
  firstSeenAt: 'firstSeenAt',
  lastSeenAt: 'lastSeenAt',
};

/** The server's sort key of a device list column (by column key), for the table's onChange. */
export function deviceSortKey(columnKey: string): DeviceSortKey | undefined {
  return SORT_BY_COLUMN[columnKey];
}

/** Columns hidden until the user shows them: identifiers are long and rarely read in a list. */
export const DEFAULT_HIDDEN_DEVICE_COLUMNS = ['uuid', 'macs', 'cpu', 'domain', 'firstSeenAt'];

/**
 * The columns of a device list (计算机列表 and the quarantine list), sorted
 * by the server across pages; without a chosen sort the most recently seen
 * come first.
 * @param sort the list's sort, from the URL (see useDeviceQuery)
 */
export function deviceColumns(t: Translate, lang: Lang, sort: ListSort<DeviceSortKey>): TableColumnsType<Device> {
  return [
    {
      key: 'name',
      title: t('devices.name'),
      dataIndex: 'name',
      fixed: 'left',
      ...serverSorter(sort, 'name'),
      render: (_: unknown, d) => <Link to={devicePath(d)}>{deviceTitle(d)}</Link>,
    },
    { key: 'org', title: t('devices.org'), dataIndex: 'orgName', ...serverSorter(sort, 'orgName') },
    {
      key: 'os',
      title: t('devices.os'),
      ...serverSorter(sort, 'osName'),
      render: (_: unknown, d) => (d.osName ? `${d.osName}${d.osVersion && !d.osName.includes(d.osVersion) ? ` ${d.osVersion}` : ''}` : '—'),
    },
    { key: 'arch', title: t('devices.arch'), dataIndex: 'osArch', render: (v: string | null) => v ?? '—' },
    {
      key: 'model',
      title: t('devices.model'),
      ...serverSorter(sort, 'manufacturer'),
      render: (_: unknown, d) => [d.manufacturer, d.model].filter(Boolean).join(' ') || '—',
    },
    { key: 'serial', title: t('devices.serial'), dataIndex: 'serial', ...serverSorter(sort, 'serial'), render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—') },
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
    { key: 'lastUser', title: t('devices.lastUser'), dataIndex: 'lastUser', ...serverSorter(sort, 'lastUser'), render: (v: string | null) => v ?? '—' },
    {
      key: 'softwareCount',
      title: t('devices.softwareCount'),
      dataIndex: 'softwareCount',
      align: 'right',
      ...serverSorter(sort, 'softwareCount'),
      render: (v: number) => formatNumber(v, lang),
    },
    { key: 'source', title: t('devices.source'), dataIndex: 'source', render: (v: string) => <Tag>{sourceLabel(t, v)}</Tag> },
    { key: 'firstSeenAt', title: t('devices.firstSeenAt'), dataIndex: 'firstSeenAt', ...serverSorter(sort, 'firstSeenAt'), render: (v: string) => formatMinute(v) },
    {
      key: 'lastSeenAt',
      title: t('devices.lastSeenAt'),
      dataIndex: 'lastSeenAt',
      ...serverSorter(sort, 'lastSeenAt', 'desc'),
      render: (v: string) => formatMinute(v),
    },
  ];
}
