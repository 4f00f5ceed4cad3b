import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { LICENCE_CLASSES, SOFTWARE_CATEGORIES } from '../contracts.ts';
import type { CatalogueProduct } from '../contracts.ts';
import { formatNumber } from '../i18n/format.ts';
import { useLang } from '../i18n/useLang.ts';
import { recognitionApi } from '../modules/recognition/api/recognitionApi.ts';
import type { CatalogueFilters } from '../modules/recognition/api/recognitionApi.ts';
import { ProductDrawer } from '../modules/recognition/components/ProductDrawer.tsx';
import { categoryLabel, categoryOptions, DomesticTag, LicenceTag, licenceOptions } from '../modules/recognition/recognitionLabels.tsx';
import { booleanParam, oneOf, useListQuery } from '../modules/recognition/useListQuery.ts';
import { ColumnSettings, useHiddenColumns } from '../shared/ColumnSettings.tsx';
import { errorText } from '../shared/errorText.ts';
import { useRemote } from '../shared/useRemote.ts';
import { queryPagination } from '../shared/queryPagination.ts';

function parseFilters(p: URLSearchParams): CatalogueFilters {
  return {
    q: p.get('q') || undefined,
    category: oneOf(SOFTWARE_CATEGORIES, p.get('category')),
    licenceClass: oneOf(LICENCE_CLASSES, p.get('licenceClass')),
    domestic: booleanParam(p.get('domestic')),
    requiresLicence: booleanParam(p.get('requiresLicence')),
  };
}

/** The editions seen, most installed first, as short tags. */
function Editions({ variants }: { variants: CatalogueProduct['variants'] }) {
  const editions = [...new Set(variants.map((v) => [v.edition, v.majorRelease].filter(Boolean).join(' ')).filter(Boolean))];
  if (editions.length === 0) return <>—</>;
  return (
    <Flex wrap gap={4}>
      {editions.slice(0, 3).map((e) => (
        <Tag key={e} style={{ marginInlineEnd: 0 }}>
          {e}
        </Tag>
      ))}
      {editions.length > 3 && (
        <Tooltip title={editions.slice(3).join('、')}>
          <Tag style={{ marginInlineEnd: 0 }}>+{editions.length - 3}</Tag>
        </Tooltip>
      )}
    </Flex>
  );
}

/**
 * 软件目录: the recognised products installed in the user's scope, with
 * category, licence class, the editions seen and how many devices and
 * organizations have them; a product's drawer lists its variants and
 * organizations.
 */
export function CataloguePage() {
  const { t, lang } = useLang();
  const query = useListQuery(parseFilters);
  const { filters, page, pageSize } = query;
  const list = useRemote(() => recognitionApi.catalogue({ ...filters, page, pageSize }), [JSON.stringify(filters), page, pageSize]);
  const [open, setOpen] = useState<CatalogueProduct | null>(null);
  const [hidden, setHidden] = useHiddenColumns('zb.catalogue.hiddenColumns', ['titles']);
  const n = (v: number) => formatNumber(v, lang);
  const select = { allowClear: true, popupMatchSelectWidth: false, style: { width: 170 } } as const;
  const yesNo = (yes: string, no: string) => [
    { value: 'true', label: yes },
    { value: 'false', label: no },
  ];

  const columns: TableColumnsType<CatalogueProduct> = [
    {
      key: 'product',
      title: t('rules.product'),
      fixed: 'left',
      render: (_: unknown, p) => (
        <Flex gap={4} align="center" wrap>
          <Typography.Link onClick={() => setOpen(p)} data-testid="catalogue-product">
            {p.product ?? p.productKey}
          </Typography.Link>
          {p.domestic && <DomesticTag />}
        </Flex>
      ),
    },
    { key: 'publisher', title: t('rules.publisher'), dataIndex: 'publisher', render: (v: string | null) => v ?? '—' },
    { key: 'category', title: t('recognition.category'), dataIndex: 'category', render: (v: string | null) => categoryLabel(lang, v) },
    { key: 'licenceClass', title: t('recognition.licenceClass'), dataIndex: 'licenceClass', render: (v: CatalogueProduct['licenceClass']) => <LicenceTag licence={v} /> },
    {
      key: 'requiresLicence',
      title: t('recognition.requiresLicence'),
      dataIndex: 'requiresLicence',
      render: (v: boolean) => (v ? <Tag color="red">{t('catalogue.needsLicence')}</Tag> : <Typography.Text type="secondary">{t('catalogue.noLicence')}</Typography.Text>),
    },
    { key: 'editions', title: t('catalogue.variants'), render: (_: unknown, p) => <Editions variants={p.variants} /> },
    { key: 'devices', title: t('recognition.devices'), dataIndex: 'devices', align: 'right', render: (v: number) => n(v) },
    { key: 'orgs', title: t('recognition.orgs'), dataIndex: 'orgs', align: 'right', render: (v: number) => n(v) },
    { key: 'titles', title: t('catalogue.titles'), dataIndex: 'titles', align: 'right', render: (v: number) => n(v) },
  ];
  const choosable = columns.filter((c) => c.key !== 'product').map((c) => ({ key: String(c.key), title: String(c.title) }));

  return (
    <Card
      title={t('catalogue.title')}
      extra={
        <Space wrap>
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={list.reload} />
          </Tooltip>
          <ColumnSettings columns={choosable} hidden={hidden} onChange={setHidden} />
        </Space>
      }
    >
      <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="catalogue-filters">
        <Input.Search
          key={filters.q ?? ''}
          defaultValue={filters.q}
          placeholder={t('catalogue.searchPlaceholder')}
          allowClear
          enterButton={t('common.search')}
          onSearch={(q) => query.setFilters({ q: q.trim() || undefined })}
          style={{ width: 320 }}
          aria-label={t('catalogue.searchPlaceholder')}
          data-testid="catalogue-search"
        />
        <Select {...select} placeholder={t('recognition.category')} value={filters.category} options={categoryOptions(lang)} listHeight={400} onChange={(category) => query.setFilters({ category })} data-testid="catalogue-filter-category" />
        <Select {...select} placeholder={t('recognition.licenceClass')} value={filters.licenceClass} options={licenceOptions(lang)} onChange={(licenceClass) => query.setFilters({ licenceClass })} data-testid="catalogue-filter-licence" />
        <Select
          {...select}
          placeholder={t('recognition.domesticLong')}
          value={filters.domestic === undefined ? undefined : String(filters.domestic)}
          options={yesNo(t('catalogue.domesticOnly'), t('catalogue.foreignOnly'))}
          onChange={(v?: string) => query.setFilters({ domestic: booleanParam(v ?? null) })}
        />
        <Select
          {...select}
          placeholder={t('recognition.requiresLicence')}
          value={filters.requiresLicence === undefined ? undefined : String(filters.requiresLicence)}
          options={yesNo(t('catalogue.needsLicence'), t('catalogue.noLicence'))}
          onChange={(v?: string) => query.setFilters({ requiresLicence: booleanParam(v ?? null) })}
        />
        <Button onClick={query.resetFilters}>{t('common.reset')}</Button>
      </Flex>
      {list.error && <Typography.Text type="danger">{errorText(list.error, t)}</Typography.Text>}
      <Table<CatalogueProduct>
        rowKey="productKey"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns.filter((c) => !hidden.includes(String(c.key)))}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: query.filtered ? t('catalogue.noMatch') : t('catalogue.empty') }}
        pagination={queryPagination({
          page,
          pageSize,
          total: list.data?.total,
          pageSizes: query.pageSizes,
          setPage: query.setPage,
          totalText: (total) => t('catalogue.total', { n: n(total) }),
        })}
        data-testid="catalogue-table"
      />
      <ProductDrawer product={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
