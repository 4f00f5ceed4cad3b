import type { CoverageStatus, UncoveredReason, User } from '../../contracts.ts';

/** The national node of the roll-up. */
export const NATIONAL_CODE = '000000';

/** The region view of the compliance dashboard (合规概况). */
export function regionCompliancePath(regionCode: string): string {
  return `/licensing/compliance?region=${encodeURIComponent(regionCode)}`;
}

/** The tabs of an organization's compliance view. */
export const ORG_TABS = ['positions', 'installs', 'devices', 'trend'] as const;
export type OrgTab = (typeof ORG_TABS)[number];

/** An organization's compliance view, on a tab with its filters (the drill-down behind every number). */
export function orgCompliancePath(
  orgId: string,
  tab?: OrgTab,
  filters: { productKey?: string; status?: CoverageStatus; reason?: UncoveredReason; shortfall?: boolean; compliant?: boolean } = {},
): string {
  const params = new URLSearchParams();
  if (tab && tab !== 'positions') params.set('tab', tab);
  for (const [key, value] of Object.entries(filters)) if (value !== undefined) params.set(key, String(value));
  const qs = params.toString();
  return `/licensing/compliance/orgs/${encodeURIComponent(orgId)}${qs ? `?${qs}` : ''}`;
}

/**
 * An entitlement, opened in the drawer of the entitlement list. Without its
 * owner (an install's covering entitlement may belong to a parent
 * organization or a region's central purchase) the list is narrowed to its
 * name and the drawer finds the owner there.
 */
export function entitlementPath(entitlementId: string, owner: { orgId: string } | { name: string }): string {
  const params = new URLSearchParams({ open: entitlementId });
  if ('orgId' in owner) params.set('openOrg', owner.orgId);
  else params.set('q', owner.name);
  return `/licensing/entitlements?${params.toString()}`;
}

/**
 * Where the compliance dashboard starts for a user: users bound to an
 * organization see it; region offices their region; the rest the nation.
 */
export function startOf(user: Pick<User, 'orgId' | 'regionCode'>): { orgId: string } | { regionCode: string } {
  if (user.orgId) return { orgId: user.orgId };
  return { regionCode: user.regionCode ?? NATIONAL_CODE };
}

/** The code prefix of a region's subtree (330000 → 33, 330100 → 3301), as the server's policy reads it. */
function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** Whether a user may open a region node of the roll-up (the server answers 403 otherwise). */
export function mayViewRegion(user: Pick<User, 'orgId' | 'regionCode'>, code: string): boolean {
  if (user.orgId) return false;
  if (!user.regionCode) return true;
  return code !== NATIONAL_CODE && code.startsWith(regionPrefix(user.regionCode));
}
