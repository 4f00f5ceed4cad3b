import { ApartmentOutlined, ApiOutlined, AppstoreOutlined, AuditOutlined, BankOutlined, EnvironmentOutlined, FundOutlined, LaptopOutlined, ShopOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Flex, Row, Statistic, Tag, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { Link } from 'react-router';
import { can } from '../auth/permissions.ts';
import { useCurrentUser } from '../auth/useAuth.ts';
import { ADMIN_LEVELS } from '../contracts.ts';
import { formatDateTime, formatNumber } from '../i18n/format.ts';
import { orgLabel, roleLabel } from '../i18n/labels.ts';
import { useLang } from '../i18n/useLang.ts';
import { orgsApi } from '../modules/orgs/api/orgsApi.ts';
import { BarChart } from '../shared/BarChart.tsx';
import { useRemote } from '../shared/useRemote.ts';

/** Organization counts in the user's scope, from list totals (one row per request). */
async function loadCounts() {
  const total = (filters: Parameters<typeof orgsApi.list>[0]) => orgsApi.list({ ...filters, page: 1, pageSize: 1 }).then((p) => p.total);
  const [all, agencies, enterprises, ...levels] = await Promise.all([
    total({}),
    total({ type: 'agency' }),
    total({ type: 'enterprise' }),
    ...ADMIN_LEVELS.map((level) => total({ level })),
  ]);
  return { all: all ?? 0, agencies: agencies ?? 0, enterprises: enterprises ?? 0, levels };
}

/** 工作台: who I am and an overview of the organizations I can see. */
export function DashboardPage() {
  const { t, lang } = useLang();
  const user = useCurrentUser();
  const counts = useRemote(loadCounts, []);
  const format = useCallback((n: number) => formatNumber(n, lang), [lang]);
  const categories = useMemo(() => ADMIN_LEVELS.map((level) => orgLabel(lang, 'level', level)), [lang]);
  const values = useMemo(() => counts.data?.levels ?? ADMIN_LEVELS.map(() => 0), [counts.data]);

  const shortcuts = [
    { to: '/orgs', icon: <ApartmentOutlined />, label: t('menu.orgs'), show: true },
    { to: '/regions', icon: <EnvironmentOutlined />, label: t('menu.regions'), show: true },
    { to: '/devices', icon: <LaptopOutlined />, label: t('menu.devices'), show: can(user.role, 'devices') },
    { to: '/inventory/agents', icon: <ApiOutlined />, label: t('menu.agents'), show: can(user.role, 'agents') },
    { to: '/recognition/catalogue', icon: <AppstoreOutlined />, label: t('menu.catalogue'), show: can(user.role, 'catalogue') },
    { to: '/licensing/compliance', icon: <FundOutlined />, label: t('menu.compliance'), show: can(user.role, 'licences') },
    { to: '/users', icon: <TeamOutlined />, label: t('menu.users'), show: can(user.role, 'users') },
    { to: '/audit', icon: <AuditOutlined />, label: t('menu.audit'), show: can(user.role, 'audit') },
  ].filter((s) => s.show);

  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex justify="space-between" align="center" wrap gap={16}>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="dashboard-welcome">
              {t('dashboard.welcome', { name: user.displayName })}
            </Typography.Title>
            <Descriptions
              size="small"
              column={3}
              style={{ marginTop: 12 }}
              items={[
                { key: 'role', label: t('dashboard.role'), children: <Tag color="blue">{roleLabel(lang, user.role)}</Tag> },
                { key: 'scope', label: t('dashboard.scope'), children: user.orgName ?? user.regionName ?? t('dashboard.scopeNational') },
                { key: 'last', label: t('dashboard.lastLogin'), children: formatDateTime(user.lastLoginAt) },
              ]}
            />
          </div>
          <Flex gap={8} wrap>
            {shortcuts.map((s) => (
              <Link key={s.to} to={s.to}>
                <Button icon={s.icon}>{s.label}</Button>
              </Link>
            ))}
          </Flex>
        </Flex>
      </Card>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Card loading={counts.loading && !counts.data}>
            <Statistic title={t('dashboard.orgTotal')} value={counts.data?.all ?? 0} formatter={(v) => format(Number(v))} prefix={<ApartmentOutlined />} />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card loading={counts.loading && !counts.data}>
            <Statistic title={t('dashboard.agencies')} value={counts.data?.agencies ?? 0} formatter={(v) => format(Number(v))} prefix={<BankOutlined />} />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card loading={counts.loading && !counts.data}>
            <Statistic title={t('dashboard.enterprises')} value={counts.data?.enterprises ?? 0} formatter={(v) => format(Number(v))} prefix={<ShopOutlined />} />
          </Card>
        </Col>
      </Row>
      <Card title={t('dashboard.byLevel')}>
        <BarChart categories={categories} values={values} seriesName={t('dashboard.orgCount')} format={format} />
      </Card>
    </Flex>
  );
}
