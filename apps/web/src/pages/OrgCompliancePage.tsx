import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Result, Space, Spin, Tabs, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { can } from '../auth/permissions.ts';
import { useCurrentUser } from '../auth/useAuth.ts';
import type { PositionView } from '../contracts.ts';
import { formatDateTime, formatNumber } from '../i18n/format.ts';
import { useLang } from '../i18n/useLang.ts';
import { licensingApi } from '../modules/licensing/api/licensingApi.ts';
import { mayViewRegion, regionCompliancePath } from '../modules/licensing/complianceLinks.ts';
import type { OrgTab } from '../modules/licensing/complianceLinks.ts';
import { DevicesTab } from '../modules/licensing/components/DevicesTab.tsx';
import { InstallsTab } from '../modules/licensing/components/InstallsTab.tsx';
import { PositionsTab } from '../modules/licensing/components/PositionsTab.tsx';
import { RateFigures } from '../modules/licensing/components/RateFigures.tsx';
import { RecomputeButtons } from '../modules/licensing/components/RecomputeButtons.tsx';
import { TaskCreateDrawer } from '../modules/licensing/components/TaskCreateDrawer.tsx';
import { TrendCard } from '../modules/licensing/components/TrendCard.tsx';
import { formatMoney } from '../modules/licensing/licensingLabels.tsx';
import { useOrgComplianceQuery } from '../modules/licensing/useOrgComplianceQuery.ts';
import { errorText } from '../shared/errorText.ts';
import { useRemote } from '../shared/useRemote.ts';

/**
 * 单位合规详情: an organization's legalization figures, its effective
 * licence position per product, the installs behind every number, its
 * computers and its trend; shortfalls become rectification tasks here.
 */
export function OrgCompliancePage() {
  const { orgId = '' } = useParams();
  const { t, lang } = useLang();
  const user = useCurrentUser();
  const query = useOrgComplianceQuery();
  const [version, setVersion] = useState(0);
  const summary = useRemote(() => licensingApi.orgSummary(orgId), [orgId, version]);
  const [creating, setCreating] = useState<PositionView | null>(null);
  const n = (v: number) => formatNumber(v, lang);
  const reload = () => setVersion((v) => v + 1);

  if (summary.loading && !summary.data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  const s = summary.data;
  if (!s || summary.error) {
    return (
      <Result
        status={summary.error?.status === 404 || summary.error?.status === 403 ? '404' : 'error'}
        title={summary.error ? errorText(summary.error, t) : t('orgs.notFound')}
        extra={<Link to="/licensing/compliance"><Button>{t('common.backToList')}</Button></Link>}
      />
    );
  }
  const back = mayViewRegion(user, s.regionCode) ? regionCompliancePath(s.regionCode) : null;

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Space>
            {back && (
              <Link to={back} aria-label={t('compliance.backToRegion')}>
                <ArrowLeftOutlined />
              </Link>
            )}
            <span data-testid="compliance-org-name">{s.orgName}</span>
          </Space>
        }
        extra={
          <Space wrap>
            {can(user.role, 'compliance.recompute') && <RecomputeButtons onDone={reload} />}
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={reload} />
            </Tooltip>
          </Space>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'org', label: t('devices.org'), children: <Link to={`/orgs/${encodeURIComponent(s.orgId)}`}>{s.orgName}</Link> },
            { key: 'products', label: t('compliance.products'), children: n(s.products) },
            {
              key: 'shortfall',
              label: t('compliance.shortfall'),
              children: (
                <Typography.Text type={s.shortfall > 0 ? 'danger' : undefined} data-testid="org-shortfall">
                  {n(s.shortfall)}
                </Typography.Text>
              ),
            },
            { key: 'cost', label: t('compliance.estimatedCost'), children: formatMoney(s.estimatedShortfallCost, null, lang) },
            {
              key: 'tasks',
              label: t('compliance.tasks'),
              children: (
                <Link to={`/licensing/tasks?orgId=${encodeURIComponent(s.orgId)}`} data-testid="org-tasks">
                  {t('compliance.taskCounts', { open: n(s.openTasks), overdue: n(s.overdueTasks) })}
                </Link>
              ),
            },
            { key: 'computed', label: t('compliance.computedAt'), children: s.computedAt ? `${formatDateTime(s.computedAt)}（${s.day ?? '—'}）` : t('compliance.notComputed') },
          ]}
        />
      </Card>
      <RateFigures data={s} />
      <Card>
        <Tabs
          activeKey={query.tab}
          onChange={(key) => query.open(key as OrgTab)}
          items={[
            {
              key: 'positions',
              label: t('compliance.tab.positions'),
              children: (
                <PositionsTab orgId={orgId} query={query} version={version} onCreateTask={can(user.role, 'rectification.write') ? setCreating : undefined} />
              ),
            },
            { key: 'installs', label: t('compliance.tab.installs'), children: <InstallsTab orgId={orgId} query={query} /> },
            { key: 'devices', label: t('compliance.tab.devices'), children: <DevicesTab orgId={orgId} query={query} /> },
            { key: 'trend', label: t('compliance.tab.trend'), children: <TrendCard subject={{ orgId }} /> },
          ]}
          destroyOnHidden
          data-testid="compliance-tabs"
        />
      </Card>
      <TaskCreateDrawer
        orgId={orgId}
        position={creating}
        onClose={() => setCreating(null)}
        onCreated={() => {
          setCreating(null);
          reload();
        }}
      />
    </Flex>
  );
}
