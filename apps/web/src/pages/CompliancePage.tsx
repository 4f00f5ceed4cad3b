import { ReloadOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Flex, Result, Space, Spin, Table, Tooltip, Typography } from 'antd';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { can } from '../auth/permissions.ts';
import { useCurrentUser } from '../auth/useAuth.ts';
import type { RegionCompliance, RegionDashboard } from '../contracts.ts';
import { formatNumber } from '../i18n/format.ts';
import { useLang } from '../i18n/useLang.ts';
import { NATIONAL_CODE, mayViewRegion, orgCompliancePath, regionCompliancePath, startOf } from '../modules/licensing/complianceLinks.ts';
import { RateCell, RateFigures } from '../modules/licensing/components/RateFigures.tsx';
import { RecomputeButtons } from '../modules/licensing/components/RecomputeButtons.tsx';
import { TrendCard } from '../modules/licensing/components/TrendCard.tsx';
import { licensingApi } from '../modules/licensing/api/licensingApi.ts';
import { formatRate } from '../modules/licensing/licensingLabels.tsx';
import { regionsApi } from '../modules/regions/api/regionsApi.ts';
import { byLevel } from '../modules/regions/regionTree.ts';
import { errorText } from '../shared/errorText.ts';
import { useRemote } from '../shared/useRemote.ts';

type DirectOrg = RegionDashboard['orgs'][number];

/** 全国 / 浙江省 / 杭州市: the path to a region node, each step a link when the user may open it. */
function RegionCrumbs({ code, name }: { code: string; name: string }) {
  const { t } = useLang();
  const user = useCurrentUser();
  const path = useRemote(
    () => (code === NATIONAL_CODE ? Promise.resolve([]) : regionsApi.get(code).then(({ region, ancestors }) => ancestors.filter((a) => a.code !== region.code).sort(byLevel))),
    [code],
  );
  const steps = [...(code === NATIONAL_CODE ? [] : [{ code: NATIONAL_CODE, name: t('compliance.national') }]), ...(path.data ?? [])];
  return (
    <Breadcrumb
      data-testid="region-crumbs"
      items={[
        ...steps.map((s) => ({ key: s.code, title: mayViewRegion(user, s.code) ? <Link to={regionCompliancePath(s.code)}>{s.name}</Link> : s.name })),
        { key: code, title: name },
      ]}
    />
  );
}

/**
 * 合规概况: the legalization rate of a region node (the nation, a province,
 * a prefecture, a county), its child regions to drill into and the
 * organizations registered at it, and the trend. Users bound to an
 * organization go straight to their organization's view.
 */
export function CompliancePage() {
  const { t, lang } = useLang();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const start = startOf(user);
  const raw = params.get('region');
  const code = raw && /^\d{6}$/.test(raw) ? raw : 'regionCode' in start ? start.regionCode : null;
  const dashboard = useRemote(() => (code ? licensingApi.region(code) : Promise.resolve(undefined)), [code]);
  const n = (v: number) => formatNumber(v, lang);

  if (!code && 'orgId' in start) return <Navigate to={orgCompliancePath(start.orgId)} replace />;
  if (!code) return null;
  if (dashboard.loading && !dashboard.data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const data = dashboard.data;
  if (!data || dashboard.error) {
    return <Result status={dashboard.error?.status === 403 ? '403' : 'error'} title={dashboard.error ? errorText(dashboard.error, t) : t('compliance.noData')} />;
  }
  const { region } = data;
  // The server names the national node in Chinese; the UI names it in the current language.
  const regionName = region.regionCode === NATIONAL_CODE ? t('compliance.national') : region.regionName;

  const childColumns = [
    {
      key: 'name',
      title: t('compliance.region'),
      render: (_: unknown, r: RegionCompliance) => (
        <Link to={regionCompliancePath(r.regionCode)} data-testid="child-region">
          {r.regionName}
        </Link>
      ),
    },
    { key: 'orgs', title: t('compliance.orgs'), align: 'right' as const, render: (_: unknown, r: RegionCompliance) => `${n(r.orgsRequiring)} / ${n(r.orgs)}` },
    { key: 'overall', title: t('compliance.overallRate'), render: (_: unknown, r: RegionCompliance) => <RateCell ratio={r.overall} /> },
    { key: 'programme', title: t('compliance.programmeRate'), render: (_: unknown, r: RegionCompliance) => <RateCell ratio={r.programme} /> },
    { key: 'os', title: t('compliance.cat.os'), align: 'right' as const, render: (_: unknown, r: RegionCompliance) => formatRate(r.byCategory['operating-system'].rate, lang) },
    { key: 'office', title: t('compliance.cat.office'), align: 'right' as const, render: (_: unknown, r: RegionCompliance) => formatRate(r.byCategory['office-suite'].rate, lang) },
    { key: 'security', title: t('compliance.cat.security'), align: 'right' as const, render: (_: unknown, r: RegionCompliance) => formatRate(r.byCategory.security.rate, lang) },
    { key: 'devices', title: t('compliance.devices'), align: 'right' as const, render: (_: unknown, r: RegionCompliance) => n(r.devices) },
    { key: 'compliantDevices', title: t('compliance.compliantDeviceRate'), align: 'right' as const, render: (_: unknown, r: RegionCompliance) => formatRate(r.compliantDeviceRate, lang) },
    { key: 'orgAverage', title: t('compliance.orgAverageRate'), align: 'right' as const, render: (_: unknown, r: RegionCompliance) => formatRate(r.orgAverageRate, lang) },
  ];

  const orgColumns = [
    {
      key: 'name',
      title: t('devices.org'),
      render: (_: unknown, o: DirectOrg) => (
        <Link to={orgCompliancePath(o.orgId)} data-testid="region-org">
          {o.orgName}
        </Link>
      ),
    },
    { key: 'overall', title: t('compliance.overallRate'), render: (_: unknown, o: DirectOrg) => <RateCell ratio={o.overall} /> },
    { key: 'programme', title: t('compliance.programmeRate'), render: (_: unknown, o: DirectOrg) => <RateCell ratio={o.programme} /> },
    { key: 'devices', title: t('compliance.devices'), align: 'right' as const, render: (_: unknown, o: DirectOrg) => n(o.devices) },
    { key: 'compliant', title: t('compliance.compliantDevices'), align: 'right' as const, render: (_: unknown, o: DirectOrg) => n(o.compliantDevices) },
    {
      key: 'shortfall',
      title: t('compliance.shortfall'),
      align: 'right' as const,
      render: (_: unknown, o: DirectOrg) => (o.shortfall > 0 ? <Typography.Text type="danger">{n(o.shortfall)}</Typography.Text> : n(o.shortfall)),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Space orientation="vertical" size={0}>
            <span data-testid="compliance-region-name">{t('compliance.regionTitle', { name: regionName })}</span>
            <RegionCrumbs code={region.regionCode} name={regionName} />
          </Space>
        }
        extra={
          <Space wrap>
            {can(user.role, 'compliance.recompute') && <RecomputeButtons onDone={dashboard.reload} />}
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={dashboard.reload} />
            </Tooltip>
          </Space>
        }
      >
        <Typography.Text type="secondary">
          {t('compliance.regionSummary', { orgs: n(region.orgs), requiring: n(region.orgsRequiring), day: data.day ?? '—' })}
        </Typography.Text>
      </Card>
      <RateFigures data={region} />
      {data.children.length > 0 && (
        <Card title={t('compliance.childRegions')}>
          <Table<RegionCompliance>
            rowKey="regionCode"
            size="middle"
            dataSource={data.children}
            columns={childColumns}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            onRow={(r) => ({ onDoubleClick: () => navigate(regionCompliancePath(r.regionCode)) })}
            data-testid="child-region-table"
          />
        </Card>
      )}
      {data.orgs.length > 0 && (
        <Card title={t('compliance.directOrgs', { name: regionName })}>
          <Table<DirectOrg>
            rowKey="orgId"
            size="middle"
            dataSource={data.orgs}
            columns={orgColumns}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false, showTotal: (total) => t('common.total', { n: n(total) }) }}
            data-testid="region-org-table"
          />
        </Card>
      )}
      <TrendCard subject={{ regionCode: region.regionCode }} />
    </Flex>
  );
}
