import { Button, Flex, Input, Select } from 'antd';
import { ADMIN_LEVELS, AGENCY_KINDS, INDUSTRIES, ORG_TYPES, OWNERSHIPS } from '../../../contracts.ts';
import { orgOptions } from '../../../i18n/labels.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { RegionPicker } from '../../regions/components/RegionPicker.tsx';
import type { OrgFilters } from '../api/orgsApi.ts';

export interface OrgFilterBarProps {
  filters: OrgFilters;
  onChange: (patch: OrgFilters) => void;
  onReset: () => void;
}

/** Filters of the organization list; the kind filters follow the chosen type. */
export function OrgFilterBar({ filters, onChange, onReset }: OrgFilterBarProps) {
  const { t, lang } = useLang();
  const select = { allowClear: true, style: { width: 150 }, popupMatchSelectWidth: false } as const;
  return (
    <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="org-filters">
      <Input.Search
        key={filters.q ?? ''}
        defaultValue={filters.q}
        placeholder={t('orgs.searchPlaceholder')}
        allowClear
        enterButton={t('common.search')}
        onSearch={(q) => onChange({ q: q.trim() || undefined })}
        style={{ width: 320 }}
        aria-label={t('orgs.searchPlaceholder')}
      />
      <Select
        {...select}
        placeholder={t('orgs.type')}
        value={filters.type}
        options={orgOptions(lang, 'type', ORG_TYPES)}
        // A new type makes the other type's kind filters meaningless.
        onChange={(type) => onChange({ type, agencyKind: undefined, ownership: undefined, industry: undefined })}
      />
      <Select {...select} placeholder={t('orgs.level')} value={filters.level} options={orgOptions(lang, 'level', ADMIN_LEVELS)} onChange={(level) => onChange({ level })} />
      {filters.type !== 'enterprise' && (
        <Select {...select} placeholder={t('orgs.agencyKind')} value={filters.agencyKind} options={orgOptions(lang, 'agencyKind', AGENCY_KINDS)} onChange={(agencyKind) => onChange({ agencyKind })} />
      )}
      {filters.type !== 'agency' && (
        <>
          <Select {...select} placeholder={t('orgs.ownership')} value={filters.ownership} options={orgOptions(lang, 'ownership', OWNERSHIPS)} onChange={(ownership) => onChange({ ownership })} />
          <Select {...select} placeholder={t('orgs.industry')} value={filters.industry} options={orgOptions(lang, 'industry', INDUSTRIES)} onChange={(industry) => onChange({ industry })} />
        </>
      )}
      <RegionPicker value={filters.regionCode ?? null} onChange={(code) => onChange({ regionCode: code ?? undefined })} style={{ width: 240 }} placeholder={t('orgs.region')} />
      <Button onClick={onReset}>{t('common.reset')}</Button>
    </Flex>
  );
}
