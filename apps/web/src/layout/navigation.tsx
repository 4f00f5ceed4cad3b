import {
  ApartmentOutlined,
  CameraOutlined,
  FlagOutlined,
  NotificationOutlined,
  FormOutlined,
  ScheduleOutlined,
  ApiOutlined,
  AppstoreOutlined,
  AuditOutlined,
  CarryOutOutlined,
  CloudUploadOutlined,
  ControlOutlined,
  DashboardOutlined,
  DesktopOutlined,
  EnvironmentOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FundOutlined,
  KeyOutlined,
  LaptopOutlined,
  SafetyCertificateOutlined,
  ScanOutlined,
  SettingOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  SecurityScanOutlined,
  ProfileOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { can } from '../auth/permissions.ts';
import type { Feature } from '../auth/permissions.ts';
import type { Role } from '../contracts.ts';
import type { MessageKey } from '../i18n/zhCN.ts';

/** One entry of the side menu: a page, or a module grouping pages. */
export interface NavItem {
  /** The page's path; for a group only a key (`/inventory`), never opened itself. */
  path: string;
  label: MessageKey;
  icon?: ReactNode;
  /** Only roles allowed this feature see the entry. */
  feature?: Feature;
  /** The pages of a module; a group without visible pages is hidden. */
  children?: readonly NavItem[];
}

/** The side menu, one entry per module that exists so far. */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: 'menu.dashboard', icon: <DashboardOutlined /> },
  { path: '/regions', label: 'menu.regions', icon: <EnvironmentOutlined /> },
  { path: '/orgs', label: 'menu.orgs', icon: <ApartmentOutlined /> },
  {
    // 资产清查: the computers of the organizations and the software on them.
    path: '/inventory',
    label: 'menu.inventory',
    icon: <DesktopOutlined />,
    children: [
      { path: '/devices', label: 'menu.devices', icon: <LaptopOutlined />, feature: 'devices' },
      { path: '/inventory/quarantine', label: 'menu.quarantine', icon: <SafetyCertificateOutlined />, feature: 'devices' },
      { path: '/inventory/agents', label: 'menu.agents', icon: <ApiOutlined />, feature: 'agents' },
      { path: '/inventory/import', label: 'menu.inventoryImport', icon: <CloudUploadOutlined />, feature: 'devices.write' },
    ],
  },
  {
    // 软件识别: what the installed software is, and the rules that say so.
    path: '/recognition',
    label: 'menu.recognition',
    icon: <ScanOutlined />,
    children: [
      { path: '/recognition/catalogue', label: 'menu.catalogue', icon: <AppstoreOutlined />, feature: 'catalogue' },
      { path: '/recognition/review', label: 'menu.review', icon: <FileSearchOutlined />, feature: 'catalogue' },
      { path: '/recognition/rules', label: 'menu.rules', icon: <ControlOutlined />, feature: 'recognition' },
      { path: '/recognition/batch', label: 'menu.batch', icon: <ThunderboltOutlined />, feature: 'recognition' },
    ],
  },
  {
    // 授权与合规: what was bought, the effective licence position and the legalization rate, and the fixes.
    path: '/licensing',
    label: 'menu.licensing',
    icon: <FileProtectOutlined />,
    children: [
      { path: '/licensing/compliance', label: 'menu.compliance', icon: <FundOutlined />, feature: 'licences' },
      { path: '/licensing/entitlements', label: 'menu.entitlements', icon: <KeyOutlined />, feature: 'licences' },
      { path: '/licensing/tasks', label: 'menu.tasks', icon: <CarryOutOutlined />, feature: 'licences' },
    ],
  },
  {
    // 检查整改: campaigns with deadlines per level, the progress of agencies, frozen snapshots.
    path: '/campaign',
    label: 'menu.campaign',
    icon: <FlagOutlined />,
    children: [
      { path: '/campaign/dashboard', label: 'menu.campaignDashboard', icon: <FundOutlined />, feature: 'campaign' },
      { path: '/campaign/campaigns', label: 'menu.campaigns', icon: <ScheduleOutlined />, feature: 'campaign' },
      { path: '/campaign/snapshots', label: 'menu.snapshots', icon: <CameraOutlined />, feature: 'campaign' },
      { path: '/campaign/bulletins', label: 'menu.bulletins', icon: <NotificationOutlined />, feature: 'bulletins' },
      { path: '/campaign/status-forms', label: 'menu.statusForms', icon: <FormOutlined />, feature: 'statusforms' },
    ],
  },
  {
    // 督查: on-site, written and special inspections, their findings and follow-up.
    path: '/inspection',
    label: 'menu.inspection',
    icon: <SecurityScanOutlined />,
    children: [
      { path: '/inspection/plans', label: 'menu.inspectionPlans', icon: <ProfileOutlined />, feature: 'inspection' },
      { path: '/inspection/mine', label: 'menu.myInspections', icon: <SolutionOutlined />, feature: 'inspection.conduct' },
    ],
  },
  { path: '/users', label: 'menu.users', icon: <TeamOutlined />, feature: 'users' },
  { path: '/audit', label: 'menu.audit', icon: <AuditOutlined />, feature: 'audit' },
  { path: '/settings', label: 'menu.settings', icon: <SettingOutlined /> },
];

/** The menu as a role sees it: entries of other roles and empty groups left out. */
export function visibleNav(role: Role): NavItem[] {
  const out: NavItem[] = [];
  for (const item of NAV_ITEMS) {
    if (item.feature && !can(role, item.feature)) continue;
    if (!item.children) {
      out.push(item);
      continue;
    }
    const children = item.children.filter((child) => !child.feature || can(role, child.feature));
    if (children.length > 0) out.push({ ...item, children });
  }
  return out;
}

/** Where a path sits in the menu: its page (`/devices/o/d` → `/devices`) and that page's group. */
export interface NavMatch {
  item: NavItem;
  group?: NavItem;
}

function matches(item: NavItem, pathname: string): boolean {
  return item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`);
}

/** The menu page a path belongs to, the longest matching path winning (`/inventory/agents` over a group). */
export function navItemFor(pathname: string): NavMatch | undefined {
  let best: NavMatch | undefined;
  const consider = (item: NavItem, group?: NavItem) => {
    if (matches(item, pathname) && (!best || item.path.length > best.item.path.length)) best = group ? { item, group } : { item };
  };
  for (const item of NAV_ITEMS) {
    if (item.children) for (const child of item.children) consider(child, item);
    else consider(item);
  }
  return best;
}
