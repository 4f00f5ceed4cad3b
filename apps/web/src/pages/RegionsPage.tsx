import { ApartmentOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, Row, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Region } from '../contracts.ts';
import { useLang } from '../i18n/useLang.ts';
import { regionsApi } from '../modules/regions/api/regionsApi.ts';
import { RegionTree } from '../modules/regions/components/RegionTree.tsx';
import { byLevel } from '../modules/regions/regionTree.ts';
import { useRemote } from '../shared/useRemote.ts';

const LEVEL_COLORS: Record<Region['level'], string> = { province: 'red', prefecture: 'orange', county: 'blue' };

/** 行政区划: the GB/T 2260 division tree, its search, and each region's details. */
export function RegionsPage() {
  const { t } = useLang();
  const [selected, setSelected] = useState<Region | null>(null);
  const detail = useRemote(() => (selected ? regionsApi.get(selected.code) : Promise.resolve(null)), [selected?.code]);

  const path = detail.data ? [...detail.data.ancestors.filter((a) => a.code !== detail.data?.region.code)].sort(byLevel).concat(detail.data.region) : [];

  return (
    <Row gutter={16}>
      <Col xs={24} md={10} lg={8}>
        <Card title={t('regions.tree')}>
          <RegionTree selected={selected?.code ?? null} onSelect={setSelected} />
        </Card>
      </Col>
      <Col xs={24} md={14} lg={16}>
        <Card title={selected ? selected.name : t('menu.regions')} data-testid="region-detail">
          {selected ? (
            <>
              <Descriptions
                bordered
                column={1}
                items={[
                  { key: 'name', label: t('regions.name'), children: selected.name },
                  { key: 'code', label: t('regions.code'), children: <span data-testid="region-code">{selected.code}</span> },
                  { key: 'level', label: t('regions.level'), children: <Tag color={LEVEL_COLORS[selected.level]}>{t(`regions.level.${selected.level}`)}</Tag> },
                  { key: 'path', label: t('regions.path'), children: path.length ? path.map((r) => r.name).join(' / ') : '…' },
                  { key: 'children', label: t('regions.hasChildren'), children: selected.hasChildren ? t('common.yes') : t('common.no') },
                ]}
              />
              <Link to={`/orgs?regionCode=${selected.code}`}>
                <Button type="primary" icon={<ApartmentOutlined />} style={{ marginTop: 16 }} data-testid="region-view-orgs">
                  {t('regions.viewOrgs')}
                </Button>
              </Link>
            </>
          ) : (
            <Empty description={t('regions.selectHint')} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
