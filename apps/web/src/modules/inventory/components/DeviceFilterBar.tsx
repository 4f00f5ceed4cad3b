import { Button, DatePicker, Flex, Input, Select } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useLang } from '../../../i18n/useLang.ts';
import { OrgSelect } from '../../orgs/components/OrgSelect.tsx';
import { useRemote } from '../../../shared/useRemote.ts';
import { inventoryApi } from '../api/inventoryApi.ts';
import { sourceOptions } from '../inventoryLabels.ts';
import { STALE_DAYS } from '../useDeviceQuery.ts';
import type { DeviceViewFilters } from '../useDeviceQuery.ts';

export interface DeviceFilterBarProps {
  orgId: string | undefined;
  onOrgChange: (orgId: string | null) => void;
  view: DeviceViewFilters;
  onChange: (patch: DeviceViewFilters) => void;
  onReset: () => void;
  /** Leaves out the source and last-seen filters (the quarantine list needs neither). */
  compact?: boolean;
}

/**
 * Filters of a device list: organization, free text, operating system (the
 * ones seen in that organization), source, and when a device last reported:
 * a date range, or "not seen for N days" to find machines gone quiet.
 */
export function DeviceFilterBar({ orgId, onOrgChange, view, onChange, onReset, compact }: DeviceFilterBarProps) {
  const { t } = useLang();
  const systems = useRemote(() => inventoryApi.operatingSystems(orgId), [orgId]);
  const select = { allowClear: true, popupMatchSelectWidth: false } as const;
  const range: [Dayjs, Dayjs] | null = view.from && view.to ? [dayjs(view.from), dayjs(view.to)] : null;
  return (
    <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="device-filters">
      <OrgSelect value={orgId ?? null} onChange={onOrgChange} placeholder={t('devices.allOrgs')} style={{ width: 280 }} />
      <Input.Search
        key={view.q ?? ''}
        defaultValue={view.q}
        placeholder={t('devices.searchPlaceholder')}
        allowClear
        enterButton={t('common.search')}
        onSearch={(q) => onChange({ q: q.trim() || undefined })}
        style={{ width: 340 }}
        aria-label={t('devices.searchPlaceholder')}
      />
      <Select<string>
        {...select}
        showSearch
        style={{ width: 200 }}
        placeholder={t('devices.os')}
        value={view.os}
        loading={systems.loading}
        options={(systems.data ?? []).map((os) => ({ value: os, label: os }))}
        onChange={(os) => onChange({ os })}
        data-testid="device-filter-os"
      />
      {!compact && (
        <>
          <Select {...select} style={{ width: 170 }} placeholder={t('devices.source')} value={view.source} options={sourceOptions(t)} onChange={(source) => onChange({ source })} />
          <DatePicker.RangePicker
            format="YYYY-MM-DD"
            value={range}
            placeholder={[t('devices.seenFrom'), t('devices.seenTo')]}
            // A date range and "not seen for N days" contradict each other: one replaces the other.
            onChange={(dates) =>
              onChange({ from: dates?.[0]?.format('YYYY-MM-DD'), to: dates?.[1]?.format('YYYY-MM-DD'), staleDays: undefined })
            }
            aria-label={t('devices.lastSeenAt')}
          />
          <Select<number>
            {...select}
            style={{ width: 170 }}
            placeholder={t('devices.staleDays')}
            value={view.staleDays}
            options={STALE_DAYS.map((n) => ({ value: n, label: t('devices.staleOption', { n }) }))}
            onChange={(staleDays) => onChange({ staleDays, from: undefined, to: undefined })}
            data-testid="device-filter-stale"
          />
        </>
      )}
      <Button onClick={onReset}>{t('common.reset')}</Button>
    </Flex>
  );
}
