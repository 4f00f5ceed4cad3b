import type { Role } from '../../contracts/index.ts';
import { AppError } from '../errors.ts';

/**
 * The one policy module: which role may do what, and on which part of the
 * region tree / organization tree. Routes declare an action; services check
 * the target with `assertCan`; repositories filter lists with `scopeOf`.
 */
export const ACTIONS = [
  'region.read',
  'org.read',
  'org.write',
  'user.read',
  'user.write',
  'audit.read',
  'self',
  /** devices, their software and history (资产清查) */
  'device.read',
  /** approve/reject quarantined devices, import inventory files */
  'device.write',
  /** agent credentials and enrollment settings of an organization */
  'agent.manage',
  /** the software catalogue and recognition (软件识别): shipped and local rules, batch recognition */
  'catalogue.read',
  /** local recognition rules (reference data; region admins change their region's rules) */
  'catalogue.write',
  /** entitlements, positions, the legalization rate, rectification tasks (授权与合规) */
  'licence.read',
  /** record, edit, transfer entitlements and their proof documents */
  'licence.write',
  /** create and follow up rectification tasks (整改) */
  'rectification.write',
  /** recompute every stored position (national office) */
  'compliance.recompute',
  /** campaigns, the progress of agencies in them, exceptions and snapshots (检查整改); scoped like licence.read */
  'campaign.read',
  /** define and edit campaigns, take snapshots (national office). Moving an organization through a campaign is rectification.write. */
  'campaign.write',
] as const;
export type Action = (typeof ACTIONS)[number];

const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  national_admin: ACTIONS,
  region_admin: ['region.read', 'org.read', 'org.write', 'user.read', 'user.write', 'self', 'device.read', 'device.write', 'agent.manage', 'catalogue.read', 'catalogue.write', 'licence.read', 'licence.write', 'rectification.write', 'campaign.read'],
  org_admin: ['region.read', 'org.read', 'org.write', 'user.read', 'user.write', 'self', 'device.read', 'device.write', 'agent.manage', 'catalogue.read', 'licence.read', 'licence.write', 'rectification.write', 'campaign.read'],
  // Finance records purchases (entitlements with prices and proof).
  finance: ['region.read', 'org.read', 'self', 'device.read', 'catalogue.read', 'licence.read', 'licence.write', 'campaign.read'],
  auditor: ['region.read', 'org.read', 'user.read', 'audit.read', 'self', 'device.read', 'catalogue.read', 'licence.read', 'campaign.read'],
  // Inspectors read regions and the recognition rules: no installed software, licences or figures.
  inspector: ['region.read', 'self', 'catalogue.read'],
};

/** The signed-in user as the policy sees it. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** Region subtree for region-scoped roles. */
  regionCode: string | null;
  /** Organization subtree for organization-scoped roles. */
  orgId: string | null;
  /** Materialized path of orgId (`/root/…/orgId/`). */
  orgPath: string | null;
}

/** The part of the data an actor may see. */
export type Scope =
  | { kind: 'all' }
  | { kind: 'region'; prefix: string }
  | { kind: 'org'; path: string }
  | { kind: 'none' };

/**
 * The code prefix that selects a region's subtree: GB/T 2260 codes nest by
 * prefix (330000 → 33…, 330100 → 3301…, 330106 → itself).
 */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export function scopeOf(actor: Actor): Scope {
  switch (actor.role) {
    case 'national_admin':
      return { kind: 'all' };
    case 'region_admin':
      return actor.regionCode ? { kind: 'region', prefix: regionPrefix(actor.regionCode) } : { kind: 'none' };
    case 'org_admin':
      return actor.orgPath ? { kind: 'org', path: actor.orgPath } : { kind: 'none' };
    case 'finance':
    case 'auditor':
      if (actor.orgPath) return { kind: 'org', path: actor.orgPath };
      if (actor.regionCode) return { kind: 'region', prefix: regionPrefix(actor.regionCode) };
      return { kind: 'all' };
    case 'inspector':
      return { kind: 'none' };
  }
}

/** What a target is, as far as scope goes: where it sits in the org tree and the region tree. */
export interface Target {
  /** Path of the organization owning the target, null when it belongs to none. */
  orgPath: string | null;
  /** Region of the target (an organization's region, a region-scoped user's region). */
  regionCode: string | null;
}

export function inScope(scope: Scope, target: Target): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'region':
      return target.regionCode !== null && target.regionCode.startsWith(scope.prefix);
    case 'org':
      return target.orgPath !== null && target.orgPath.startsWith(scope.path);
  }
}

/** Whether the role has the action at all (route-level check). */
export function roleCan(role: Role, action: Action): boolean {
  return ROLE_ACTIONS[role].includes(action);
}

/** Whether the actor may do the action on the target. */
export function can(actor: Actor, action: Action, target?: Target): boolean {
  if (!roleCan(actor.role, action)) return false;
  if (!target || action === 'region.read' || action === 'self') return true;
  return inScope(scopeOf(actor), target);
}

export function assertCan(actor: Actor, action: Action, target?: Target): void {
  if (!can(actor, action, target)) throw new AppError('FORBIDDEN');
}
