import { ApartmentOutlined, AuditOutlined, DashboardOutlined, EnvironmentOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Feature } from '../auth/permissions.ts';
import type { MessageKey } from '../i18n/zhCN.ts';

/** One entry of the side menu: a module of the platform. */
export interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Only roles allowed this feature see the entry. */
  feature?: Feature;
}

/** The side menu, one entry per module that exists so far. */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: 'menu.dashboard', icon: <DashboardOutlined /> },
  { path: '/regions', label: 'menu.regions', icon: <EnvironmentOutlined /> },
  { path: '/orgs', label: 'menu.orgs', icon: <ApartmentOutlined /> },
  { path: '/users', label: 'menu.users', icon: <TeamOutlined />, feature: 'users' },
  { path: '/audit', label: 'menu.audit', icon: <AuditOutlined />, feature: 'audit' },
  { path: '/settings', label: 'menu.settings', icon: <SettingOutlined /> },
];

/** The menu entry a path belongs to (`/orgs/abc` → `/orgs`). */
export function navItemFor(pathname: string): NavItem | undefined {
  const first = `/${pathname.split('/')[1] ?? ''}`;
  return NAV_ITEMS.find((item) => item.path === first);
}
