import { Descriptions, Divider, Drawer, Flex, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { CatalogueProduct } from '../../../contracts.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { useLang } from '../../../i18n/useLang.ts';
import { errorText } from '../../../shared/errorText.ts';
import { useRemote } from '../../../shared/useRemote.ts';
import { regionsApi } from '../../regions/api/regionsApi.ts';
import { byLevel } from '../../regions/regionTree.ts';
import { recognitionApi } from '../api/recognitionApi.ts';
import type { ProductOrg } from '../api/recognitionApi.ts';
import { categoryLabel, DomesticTag, LicenceTag } from '../recognitionLabels.tsx';

type Variant = CatalogueProduct['variants'][number];

/** Region names by code, fetched once per page load (a handful of regions per product). */
const regionNames = new Map<string, Promise<string>>();

function regionPath(code: string): Promise<string> {
  let name = regionNames.get(code);
  if (!name) {
    // Province first: 浙江省 / 杭州市 / 西湖区.
    name = regionsApi
      .get(code)
      .then(({ region, ancestors }) => [...ancestors.filter((a) => a.code !== region.code), region].sort(byLevel).map((r) => r.name).join(' / '))
      .catch(() => code);
    regionNames.set(code, name);
  }
  return name;
}

/** A region's full name, its code until the name arrives. */
function RegionName({ code }: { code: string }) {
  const name = useRemote(() => regionPath(code), [code]);
  return <span title={code}>{name.data ?? code}</span>;
}

const ORG_PAGE = 10;

/** The organizations that have the product, a page at a time. */
function ProductOrgs({ productKey }: { productKey: string }) {
  const { t, lang } = useLang();
  const [page, setPage] = useState(1);
  const orgs = useRemote(() => recognitionApi.productOrgs(productKey, { page, pageSize: ORG_PAGE }), [productKey, page]);
  return (
    <>
      {orgs.error && <Typography.Text type="danger">{errorText(orgs.error, t)}</Typography.Text>}
      <Table<ProductOrg>
        size="small"
        rowKey="orgId"
        loading={orgs.loading}
        dataSource={orgs.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: ORG_PAGE,
          total: orgs.data?.total ?? 0,
          hideOnSinglePage: true,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { n: formatNumber(total, lang) }),
          onChange: setPage,
        }}
        columns={[
          { key: 'org', title: t('devices.org'), render: (_: unknown, o) => <Link to={`/orgs/${encodeURIComponent(o.orgId)}`}>{o.orgName}</Link> },
          { key: 'region', title: t('orgs.region'), dataIndex: 'regionCode', render: (code: string) => <RegionName code={code} /> },
          {
            key: 'devices',
            title: t('recognition.devices'),
            dataIndex: 'devices',
            align: 'right',
            render: (v: number, o) => <Link to={`/devices?orgId=${encodeURIComponent(o.orgId)}`}>{formatNumber(v, lang)}</Link>,
          },
        ]}
        data-testid="product-orgs"
      />
    </>
  );
}

export interface ProductDrawerProps {
  /** null: closed */
  product: CatalogueProduct | null;
  onClose: () => void;
}

/** A product of the catalogue: its facts, the editions and major releases seen, and which organizations have it. */
export function ProductDrawer({ product, onClose }: ProductDrawerProps) {
  const { t, lang } = useLang();
  const n = (v: number) => formatNumber(v, lang);
  return (
    <Drawer open={product !== null} title={product?.product ?? product?.productKey} size={720} onClose={onClose} destroyOnHidden data-testid="product-drawer">
      {product && (
        <Flex vertical gap={8}>
          <Descriptions
            size="small"
            column={2}
            bordered
            items={[
              { key: 'publisher', label: t('rules.publisher'), children: product.publisher ?? '—' },
              { key: 'key', label: t('catalogue.productKey'), children: <Typography.Text code>{product.productKey}</Typography.Text> },
              { key: 'category', label: t('recognition.category'), children: categoryLabel(lang, product.category) },
              { key: 'licence', label: t('recognition.licenceClass'), children: <LicenceTag licence={product.licenceClass} /> },
              { key: 'requires', label: t('recognition.requiresLicence'), children: product.requiresLicence ? t('common.yes') : t('common.no') },
              { key: 'domestic', label: t('recognition.domesticLong'), children: product.domestic ? <DomesticTag /> : t('common.no') },
              { key: 'devices', label: t('recognition.devices'), children: n(product.devices) },
              { key: 'orgs', label: t('recognition.orgs'), children: n(product.orgs) },
            ]}
          />
          <Divider titlePlacement="start" plain>
            {t('catalogue.variants')}
          </Divider>
          <Table<Variant>
            size="small"
            rowKey={(v) => `${v.edition ?? ''}\u0000${v.majorRelease ?? ''}\u0000${v.licenceClass ?? ''}`}
            dataSource={product.variants}
            pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
            columns={[
              { key: 'edition', title: t('catalogue.edition'), dataIndex: 'edition', render: (v: string | null) => v ?? '—' },
              { key: 'major', title: t('catalogue.majorRelease'), dataIndex: 'majorRelease', render: (v: string | null) => v ?? '—' },
              { key: 'licence', title: t('recognition.licenceClass'), dataIndex: 'licenceClass', render: (v: Variant['licenceClass']) => <LicenceTag licence={v} /> },
              { key: 'devices', title: t('recognition.devices'), dataIndex: 'devices', align: 'right', render: (v: number) => n(v) },
            ]}
            data-testid="product-variants"
          />
          <Divider titlePlacement="start" plain>
            {t('catalogue.orgs')}
          </Divider>
          <ProductOrgs productKey={product.productKey} />
        </Flex>
      )}
    </Drawer>
  );
}
