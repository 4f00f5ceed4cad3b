import type { Role } from '../contracts.ts';

/**
 * What each role may open or do in the UI. The server enforces the same
 * rules on every route; here they only decide what to show, so nobody is
 * offered a button that would answer 403.
 */
export const FEATURES = ['users', 'audit', 'orgs.write', 'devices', 'devices.write', 'agents', 'catalogue', 'recognition', 'recognition.write', 'licences', 'licences.write', 'rectification.write', 'compliance.recompute', 'campaign', 'campaign.write', 'bulletins', 'bulletins.write', 'statusforms', 'inspection', 'inspection.write', 'inspection.conduct', 'signingkeys.manage'] as const;
export type Feature = (typeof FEATURES)[number];

const ALLOWED: Record<Feature, readonly Role[]> = {
  // 督查: inspection plans (inspection.read); inspectors see the plans they are assigned to, others the part in their scope.
  inspection: ['national_admin', 'region_admin', 'org_admin', 'auditor', 'inspector'],
  // Planning, sampling, questionnaires and special-inspection proposals (inspection.write): the national office.
  'inspection.write': ['national_admin'],
  // On-site work on an assigned plan: scans and findings (inspection.conduct); the menu's 我的督查 is for inspectors.
  'inspection.conduct': ['inspector'],
  // Anyone's signing keys of scan result files, listed and revoked (signingkey.manage): the national office.
  'signingkeys.manage': ['national_admin'],
  // Accounts are managed by administrators within their own scope.
  users: ['national_admin', 'region_admin', 'org_admin'],
  // The audit trail is for the national office and the audit departments.
  audit: ['national_admin', 'auditor'],
  // Auditors are read-only; finance and inspectors do not maintain the registry.
  'orgs.write': ['national_admin', 'region_admin', 'org_admin'],
  // 资产清查: devices, their software and history (server action device.read).
  devices: ['national_admin', 'region_admin', 'org_admin', 'finance', 'auditor'],
  // Approving quarantined devices and importing inventory files (device.write).
  'devices.write': ['national_admin', 'region_admin', 'org_admin'],
  // Agent credentials and open enrollment (agent.manage).
  agents: ['national_admin', 'region_admin', 'org_admin'],
  // 软件目录 and 待识别软件: what is installed in scope (server: catalogue.read and device.read).
  catalogue: ['national_admin', 'region_admin', 'org_admin', 'finance', 'auditor'],
  // The rule library and batch recognition (catalogue.read): every role.
  recognition: ['national_admin', 'region_admin', 'org_admin', 'finance', 'auditor', 'inspector'],
  // Local rules, their import and re-recognition (catalogue.write): reference data kept by the national and region offices.
  'recognition.write': ['national_admin', 'region_admin'],
  // 授权与合规: entitlements, positions, the legalization rate and tasks (licence.read): all but inspectors.
  licences: ['national_admin', 'region_admin', 'org_admin', 'finance', 'auditor'],
  // Recording entitlements, their documents and transfers (licence.write): administrators and finance.
  'licences.write': ['national_admin', 'region_admin', 'org_admin', 'finance'],
  // Creating and following up rectification tasks (整改, rectification.write).
  'rectification.write': ['national_admin', 'region_admin', 'org_admin'],
  // Recomputing every position (compliance.recompute): the national office.
  'compliance.recompute': ['national_admin'],
  // 检查整改: campaigns, progress of agencies, exceptions and snapshots (campaign.read): all but inspectors.
  campaign: ['national_admin', 'region_admin', 'org_admin', 'finance', 'auditor'],
  // Defining campaigns and taking snapshots (campaign.write): the national office.
  'campaign.write': ['national_admin'],
  // 落实情况表: reporting rounds and the forms of the region offices (statusform.read); region offices fill and review theirs.
  statusforms: ['national_admin', 'region_admin', 'auditor'],
  // 通报: published national bulletins and the reader's province's (bulletin.read).
  bulletins: ['national_admin', 'region_admin', 'auditor'],
  // Drafting, numbering and publishing bulletins (bulletin.write): the national office, and a province's administrator for its own.
  'bulletins.write': ['national_admin', 'region_admin'],
};

/** Whether a role may use a feature. */
export function can(role: Role | undefined, feature: Feature): boolean {
  return role !== undefined && ALLOWED[feature].includes(role);
}
