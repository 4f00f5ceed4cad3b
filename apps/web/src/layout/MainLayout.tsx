import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Breadcrumb, Button, Flex, Layout, Menu, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth, useCurrentUser } from '../auth/useAuth.ts';
import { roleLabel } from '../i18n/labels.ts';
import { useLang } from '../i18n/useLang.ts';
import type { MessageKey } from '../i18n/zhCN.ts';
import { InboxBell } from '../modules/inbox/InboxBell.tsx';
import { LangSwitch } from './LangSwitch.tsx';
import { navItemFor, visibleNav } from './navigation.tsx';

/** The crumb shown below a page for its detail routes (`/orgs/:orgId`, `/devices/:orgId/:deviceId`). */
const DETAIL_CRUMBS: Record<string, MessageKey> = { '/orgs': 'orgs.detail', '/devices': 'devices.detail', '/licensing/compliance': 'compliance.orgDetail' };

/** The admin frame: side menu by module, header with user and language, breadcrumb, page. */
export function MainLayout() {
  const { t, lang } = useLang();
  const { logout } = useAuth();
  const user = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);

  const visible = visibleNav(user.role);
  const match = navItemFor(location.pathname);
  const current = match?.item;
  const detailCrumb = current && location.pathname !== current.path ? DETAIL_CRUMBS[current.path] : undefined;

  // The open module follows navigation (a link into 资产清查 opens it), and the user may open others.
  const [openKeys, setOpenKeys] = useState<string[]>(match?.group ? [match.group.path] : []);
  const groupPath = match?.group?.path;
  useEffect(() => {
    if (groupPath) setOpenKeys((keys) => (keys.includes(groupPath) ? keys : [...keys, groupPath]));
  }, [groupPath]);

  const crumbs = [{ key: 'home', title: <Link to="/">{t('breadcrumb.home')}</Link> }];
  if (match?.group) crumbs.push({ key: match.group.path, title: <>{t(match.group.label)}</> });
  if (current && current.path !== '/') {
    crumbs.push({ key: current.path, title: detailCrumb ? <Link to={current.path}>{t(current.label)}</Link> : <>{t(current.label)}</> });
  }
  if (detailCrumb) crumbs.push({ key: 'detail', title: <>{t(detailCrumb)}</> });

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={208} theme="dark">
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 8, height: 56, padding: '0 20px', overflow: 'hidden' }}>
          <span style={{ flex: 'none', width: 28, height: 28, borderRadius: 6, background: '#c0392b', color: '#fff', display: 'grid', placeItems: 'center', fontWeight: 700 }}>
            正
          </span>
          {!collapsed && <span style={{ color: '#fff', fontWeight: 600, whiteSpace: 'nowrap' }}>{t('app.short')}</span>}
        </Link>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={current ? [current.path] : []}
          // Controlled open keys fight the popups of a collapsed menu: only while expanded.
          {...(collapsed ? {} : { openKeys, onOpenChange: setOpenKeys })}
          items={visible.map((item) =>
            item.children
              ? { key: item.path, icon: item.icon, label: t(item.label), children: item.children.map((child) => ({ key: child.path, icon: child.icon, label: t(child.label) })) }
              : { key: item.path, icon: item.icon, label: t(item.label) },
          )}
          onClick={({ key }) => navigate(key)}
          data-testid="side-menu"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', borderBottom: '1px solid #f0f0f0', height: 56, lineHeight: '56px' }}>
          <Flex align="center" justify="space-between" style={{ height: '100%' }}>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {t('app.title')}
            </Typography.Text>
            <Flex align="center" gap={16}>
              <InboxBell />
              <LangSwitch />
              <Flex align="center" gap={8} data-testid="current-user">
                <Avatar size="small" icon={<UserOutlined />} />
                <span>{user.displayName}</span>
                <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                  {roleLabel(lang, user.role)}
                </Tag>
              </Flex>
              <Button
                type="text"
                icon={<LogoutOutlined />}
                onClick={() => {
                  void logout().then(() => navigate('/login'));
                }}
                data-testid="logout"
              >
                {t('header.logout')}
              </Button>
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: '16px 24px 24px' }}>
          <Breadcrumb items={crumbs} style={{ marginBottom: 16 }} />
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
