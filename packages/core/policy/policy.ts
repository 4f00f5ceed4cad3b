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
  /** bulletins (通报): published national bulletins and the bulletins of the reader's province; drafts of the scopes the reader may write */
  'bulletin.read',
  /** draft, edit, number and publish bulletins: the national office for national ones, a province's region administrator for its own */
  'bulletin.write',
  /** reporting rounds and the status forms (落实情况表) of the region offices in scope */
  'statusform.read',
  /** fill in and submit the form of one's own region office (region administrators) */
  'statusform.submit',
  /** return or accept the forms of the offices one level below (national office, region administrators) */
  'statusform.review',
  /** supervision inspections (督查): plans and what the reader may see of them (region offices their subtree, organizations their own, inspectors the plans they are assigned to) */
  'inspection.read',
  /** create, confirm, sample and close plans, send questionnaires, confirm special-inspection proposals (national office) */
  'inspection.write',
  /** on-site work: upload scan result files, record and verify findings — inspectors only on the plans they are assigned to */
  'inspection.conduct',
  /** answer a written inspection's questionnaire for one's own region office */
  'inspection.answer',
  /** list and revoke any user's signing keys (签名密钥) of scan result files (national office); one's own keys are 'self' */
  'signingkey.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  national_admin: ACTIONS,
  region_admin: ['region.read', 'org.read', 'org.write', 'user.read', 'user.write', 'self', 'device.read', 'device.write', 'agent.manage', 'catalogue.read', 'catalogue.write', 'licence.read', 'licence.write', 'rectification.write', 'campaign.read', 'bulletin.read', 'bulletin.write', 'statusform.read', 'statusform.submit', 'statusform.review', 'inspection.read', 'inspection.answer'],
  org_admin: ['region.read', 'org.read', 'org.write', 'user.read', 'user.write', 'self', 'device.read', 'device.write', 'agent.manage', 'catalogue.read', 'licence.read', 'licence.write', 'rectification.write', 'campaign.read', 'inspection.read'],
  // Finance records purchases (entitlements with prices and proof).
  finance: ['region.read', 'org.read', 'self', 'device.read', 'catalogue.read', 'licence.read', 'licence.write', 'campaign.read'],
  auditor: ['region.read', 'org.read', 'user.read', 'audit.read', 'self', 'device.read', 'catalogue.read', 'licence.read', 'campaign.read', 'bulletin.read', 'statusform.read', 'inspection.read'],
  // Inspectors read regions and the recognition rules, and work on the inspection plans they are assigned to
  // (the sampled organizations and computers, the scans they upload and their findings): no other software, licences or figures.
  inspector: ['region.read', 'self', 'catalogue.read', 'inspection.read', 'inspection.conduct'],
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

/**
 * Inspection plans (督查): an inspector may act only on the plans they are
 * assigned to, and sees all of such a plan; everyone else acts by role and
 * sees the part of a plan in their scope (`inspectionScope`).
 */
export function canOnPlan(actor: Actor, action: Action, plan: { inspectorIds: readonly string[] }): boolean {
  if (!roleCan(actor.role, action)) return false;
  return actor.role !== 'inspector' || plan.inspectorIds.includes(actor.userId);
}

/** What an actor sees inside an inspection plan: an assigned inspector the whole plan, others their scope. */
export function inspectionScope(actor: Actor, plan: { inspectorIds: readonly string[] }): Scope {
  if (actor.role === 'inspector') return plan.inspectorIds.includes(actor.userId) ? { kind: 'all' } : { kind: 'none' };
  return scopeOf(actor);
}

export function assertCan(actor: Actor, action: Action, target?: Target): void {
  if (!can(actor, action, target)) throw new AppError('FORBIDDEN');
}
