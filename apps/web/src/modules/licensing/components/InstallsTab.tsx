import { Button, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import type { InstallCoverageView } from '../../../contracts.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { queryPagination } from '../../../shared/queryPagination.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { devicePath } from '../../inventory/components/deviceColumns.tsx';
import { categoryLabel, categoryOptions, LicenceTag } from '../../recognition/recognitionLabels.tsx';
import { licensingApi } from '../api/licensingApi.ts';
import { entitlementPath } from '../complianceLinks.ts';
import { CoverageTag, coverageOptions, reasonLabel, reasonOptions } from '../licensingLabels.tsx';
import type { OrgComplianceQuery } from '../useOrgComplianceQuery.ts';

/**
 * The drill-down under every figure: each install that needs a licence,
 * with the entitlement covering it or the reason none does.
 */
export function InstallsTab({ orgId, query }: { orgId: string; query: OrgComplianceQuery }) {
  const { t, lang } = useLang();
  const { filters, page, pageSize } = query;
  const installFilters = { productKey: filters.productKey, deviceId: filters.deviceId, status: filters.status, reason: filters.reason, category: filters.category };
  const list = useRemote(() => licensingApi.installs(orgId, { ...installFilters, page, pageSize }), [orgId, JSON.stringify(installFilters), page, pageSize]);
  const select = { allowClear: true, popupMatchSelectWidth: false } as const;

  const columns: TableColumnsType<InstallCoverageView> = [
    {
      key: 'device',
      title: t('devices.name'),
      fixed: 'left',
      render: (_: unknown, i) => <Link to={devicePath({ orgId, id: i.deviceId })}>{i.deviceName ?? i.serial ?? i.deviceId}</Link>,
    },
    { key: 'serial', title: t('devices.serial'), dataIndex: 'serial', render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—') },
    { key: 'user', title: t('devices.lastUser'), dataIndex: 'user', render: (v: string | null) => v ?? '—' },
    {
      key: 'software',
      title: t('software.name'),
      render: (_: unknown, i) => (
        <Flex vertical>
          <span>{i.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[i.version, i.edition].filter(Boolean).join(' · ') || '—'}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'productKey', title: t('catalogue.productKey'), dataIndex: 'productKey', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { key: 'category', title: t('recognition.category'), dataIndex: 'category', render: (v: string | null) => categoryLabel(lang, v) },
    { key: 'licence', title: t('recognition.licenceClass'), dataIndex: 'licenceClass', render: (v: InstallCoverageView['licenceClass']) => <LicenceTag licence={v} /> },
    { key: 'status', title: t('compliance.status'), dataIndex: 'status', render: (v: InstallCoverageView['status']) => <CoverageTag status={v} /> },
    {
      key: 'why',
      title: t('compliance.coveringOrReason'),
      render: (_: unknown, i) =>
        i.entitlementId ? (
          <Link to={entitlementPath(i.entitlementId, { name: i.entitlementName ?? '' })}>{i.entitlementName ?? i.entitlementId}</Link>
        ) : i.reason ? (
          <Tag color="error" data-reason={i.reason}>
            {reasonLabel(lang, i.reason)}
          </Tag>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <>
      <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="install-filters">
        <Input.Search
          key={filters.productKey ?? ''}
          defaultValue={filters.productKey}
          placeholder={t('compliance.productKeyFilter')}
          allowClear
          enterButton={t('common.search')}
          onSearch={(v) => query.setFilters({ productKey: v.trim().toLowerCase() || undefined })}
          style={{ width: 300 }}
          aria-label={t('catalogue.productKey')}
        />
        <Select {...select} style={{ width: 150 }} placeholder={t('compliance.status')} value={filters.status} options={coverageOptions(lang)} onChange={(status) => query.setFilters({ status })} data-testid="install-filter-status" />
        <Select {...select} style={{ width: 220 }} placeholder={t('compliance.reason')} value={filters.reason} options={reasonOptions(lang)} onChange={(reason) => query.setFilters({ reason })} data-testid="install-filter-reason" />
        <Select {...select} style={{ width: 170 }} placeholder={t('recognition.category')} value={filters.category} options={categoryOptions(lang)} onChange={(category) => query.setFilters({ category })} />
        {filters.deviceId && (
          <Tag closable onClose={() => query.setFilters({ deviceId: undefined })} style={{ alignSelf: 'center' }}>
            {t('compliance.oneDevice')}
          </Tag>
        )}
        <Button onClick={query.resetFilters}>{t('common.reset')}</Button>
      </Flex>
      {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
      <Table<InstallCoverageView>
        rowKey={(i) => `${i.deviceId}\u0000${i.titleKey}`}
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('compliance.noInstalls') }}
        pagination={queryPagination({
          page,
          pageSize,
          total: list.data?.total,
          pageSizes: query.pageSizes,
          setPage: query.setPage,
          totalText: (total) => t('compliance.installsTotal', { n: formatNumber(total, lang) }),
        })}
        data-testid="install-table"
      />
    </>
  );
}
