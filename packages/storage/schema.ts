import type { Generated } from 'kysely';

/**
 * Table types. Timestamps are ISO-8601 UTC strings on both databases and
 * booleans are 0/1 integers, so rows look the same on SQLite and PostgreSQL.
 * Tenant-owned tables carry `org_id` (see docs/ARCHITECTURE.md).
 */
export interface RegionsTable {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  /** 2 = province, 4 = prefecture, 6 = county: the code prefix length of the level */
  depth: number;
}

export interface OrganizationsTable {
  id: string;
  name: string;
  uscc: string;
  type: string;
  agency_kind: string | null;
  ownership: string | null;
  industry: string | null;
  level: string;
  region_code: string;
  parent_id: string | null;
  /** `/rootId/…/id/`: ancestry, for subtree scope checks and queries */
  path: string;
  staff_count: number;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  region_code: string | null;
  org_id: string | null;
  disabled: number;
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** sha256 of the cookie token: a stolen database does not give sessions */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  org_id: string | null;
  region_code: string | null;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface UploadsTable {
  id: string;
  org_id: string | null;
  user_id: string | null;
  kind: string;
  filename: string;
  content_type: string | null;
  size: number;
  sha256: string;
  /** gzip-compressed bytes as sent */
  content_gz: Buffer;
  created_at: string;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  username: string;
  ip: string;
  at: string;
  ok: number;
}

export interface AgentCredentialsTable {
  org_id: string;
  id: string;
  username: string;
  /** sha256 of the generated secret (high-entropy, so a fast hash is enough) */
  secret_hash: string;
  label: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface InventorySettingsTable {
  org_id: string;
  /** 1: unauthenticated agents tagged with the org's USCC are accepted into quarantine */
  open_enrollment: number;
  updated_at: string;
}

export interface DevicesTable {
  org_id: string;
  id: string;
  name: string | null;
  uuid: string | null;
  serial: string | null;
  /** comma-separated MAC addresses */
  macs: string;
  agent_device_id: string | null;
  manufacturer: string | null;
  model: string | null;
  os_name: string | null;
  os_version: string | null;
  os_arch: string | null;
  domain: string | null;
  last_user: string | null;
  cpu: string | null;
  memory_mb: number | null;
  source: string;
  agent: string | null;
  /** active | quarantined */
  status: string;
  software_count: number;
  last_inventory_id: string | null;
  first_seen_at: string;
  last_seen_at: string;
  updated_at: string;
}

export interface DeviceIdentifiersTable {
  org_id: string;
  /** uuid | serial | mac | agent */
  kind: string;
  value: string;
  device_id: string;
}

/** A distinct software title: the same name, version, publisher and architecture anywhere. */
export interface SoftwareTitlesTable {
  /** 96-bit hash of the normalised fields, 24 hex digits */
  title_key: string;
  name: string;
  version: string | null;
  publisher: string | null;
  arch: string | null;
  first_seen_at: string;
  /** windows | dpkg | rpm | macos: how the title was first found (recognition input) */
  source_hint: string | null;
  // What recognition made of the title (null until recognised).
  rec_publisher: string | null;
  rec_product: string | null;
  rec_edition: string | null;
  rec_version: string | null;
  rec_major: string | null;
  /** marketing release found in the name (2016, DC): tells apart releases sharing a major */
  rec_release: string | null;
  product_key: string | null;
  parent_key: string | null;
  category: string | null;
  licence_class: string | null;
  requires_licence: number | null;
  domestic: number | null;
  rule_id: string | null;
  confidence: number | null;
  recognized_at: string | null;
}

/** One title installed on one device. */
export interface DeviceSoftwareTable {
  org_id: string;
  device_id: string;
  title_key: string;
  install_date: string | null;
  source: string | null;
  guid: string | null;
  size_bytes: number | null;
  first_seen_at: string;
}

export interface DeviceChangesTable {
  org_id: string;
  id: string;
  device_id: string;
  inventory_id: string;
  at: string;
  /** added | removed | upgraded | downgraded */
  change: string;
  name: string;
  arch: string | null;
  old_version: string | null;
  new_version: string | null;
}

export interface InventoriesTable {
  org_id: string;
  id: string;
  device_id: string | null;
  credential_id: string | null;
  received_at: string;
  /** agent | enroll | scan | import */
  channel: string;
  format: string;
  agent: string | null;
  remote_addr: string | null;
  /** how `raw` is compressed: zlib | gzip */
  encoding: string;
  size: number;
  sha256: string;
  raw: Buffer;
  /** received | processed | failed */
  status: string;
  error: string | null;
  software_count: number | null;
  processed_at: string | null;
}

/** A local recognition rule (reference data, not tenant-owned). */
export interface RecognitionRulesTable {
  id: string;
  publisher: string;
  product: string;
  category: string;
  licence_class: string;
  /** the rule as JSON (packages/contracts/recognition.ts) */
  body_json: string;
  enabled: number;
  /** region of the author; null for the national office */
  origin_region_code: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

/** An install that needs a licence (derived from device_software and the title's recognition). */
export interface LicensedInstallsTable {
  org_id: string;
  product_key: string;
  device_id: string;
  title_key: string;
  edition: string | null;
  major: string | null;
  /** release label (software_titles.rec_release) */
  rel: string | null;
  category: string | null;
  licence_class: string | null;
}

export interface EntitlementsTable {
  org_id: string;
  id: string;
  name: string;
  product_keys_json: string;
  editions_json: string | null;
  version_min: string | null;
  version_min_release: string | null;
  version_max: string | null;
  version_max_release: string | null;
  downgrade_rights: number;
  upgrade_rights_until: string | null;
  metric: string;
  quantity: number;
  oem_serial: string | null;
  agreement_no: string | null;
  start_day: string | null;
  end_day: string | null;
  scope_kind: string;
  scope_region_code: string | null;
  order_no: string | null;
  vendor: string | null;
  unit_price: number | null;
  currency: string | null;
  purchased_at: string | null;
  notes: string | null;
  transferred_from_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface EntitlementTransfersTable {
  id: string;
  entitlement_id: string;
  from_org_id: string;
  to_org_id: string;
  quantity: number;
  new_entitlement_id: string;
  reason: string;
  at: string;
  by_user: string | null;
}

export interface EntitlementDocumentsTable {
  org_id: string;
  id: string;
  entitlement_id: string;
  upload_id: string;
  filename: string;
  content_type: string | null;
  size: number;
  sha256: string;
  uploaded_at: string;
  uploaded_by: string | null;
}

export interface CompliancePositionsTable {
  org_id: string;
  product_key: string;
  installs: number;
  covered_installs: number;
  installed_devices: number;
  users: number;
  entitled: number | null;
  unlimited: number;
  entitled_limited: number;
  consumed: number;
  shortfall: number;
  surplus: number | null;
  unit_price: number | null;
  currency: string | null;
  shortfall_cost: number | null;
  categories: string;
}

export interface ComplianceUsageTable {
  entitlement_id: string;
  quantity: number | null;
  consumed: number;
  remaining: number | null;
  covered_installs: number;
  validity: string;
}

export interface ComplianceGapsTable {
  org_id: string;
  product_key: string;
  device_id: string;
  uncovered: number;
  reason: string;
}

export interface ComplianceOrgsTable {
  org_id: string;
  region_code: string;
  overall_req: number;
  overall_cov: number;
  programme_req: number;
  programme_cov: number;
  os_req: number;
  os_cov: number;
  office_req: number;
  office_cov: number;
  security_req: number;
  security_cov: number;
  devices: number;
  devices_requiring: number;
  compliant_devices: number;
  products: number;
  shortfall: number;
  shortfall_cost: number | null;
}

export interface ComplianceTrendTable {
  subject: string;
  day: string;
  overall_req: number;
  overall_cov: number;
  programme_req: number;
  programme_cov: number;
  os_req: number;
  os_cov: number;
  office_req: number;
  office_cov: number;
  security_req: number;
  security_cov: number;
  devices: number;
  compliant_devices: number;
}

export interface ComplianceStateTable {
  id: number;
  day: string;
  computed_at: string;
  full_at: string | null;
}

export interface RectificationTasksTable {
  org_id: string;
  id: string;
  product_key: string;
  action: string;
  replacement_key: string | null;
  quantity: number | null;
  estimated_cost: number | null;
  currency: string | null;
  shortfall_at_creation: number;
  assignee_id: string | null;
  due_date: string;
  status: string;
  note: string | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  verified_at: string | null;
  verification: string | null;
}

/** A rectification campaign (检查整改). */
export interface CampaignsTable {
  id: string;
  name: string;
  description: string | null;
  /** legalization rate each required category must reach, 0..1 */
  threshold: number;
  /** JSON array of the required programme categories */
  categories_json: string;
  status: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface CampaignDeadlinesTable {
  campaign_id: string;
  /** organization level: provincial / prefecture / county */
  level: string;
  deadline: string;
}

/** Current state of an organization in a campaign (no row: not started). */
export interface CampaignProgressTable {
  campaign_id: string;
  org_id: string;
  status: string;
  updated_at: string;
}

export interface CampaignTransitionsTable {
  id: string;
  campaign_id: string;
  org_id: string;
  from_status: string;
  to_status: string;
  at: string;
  by_user: string | null;
  reason: string;
  /** the figures seen, or the approved exception */
  evidence_json: string | null;
}

export interface CampaignExceptionsTable {
  id: string;
  campaign_id: string;
  org_id: string;
  reason: string;
  requested_by: string | null;
  requested_at: string;
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  note: string | null;
}

/** A dated, frozen set of figures (快照); never updated or deleted. */
export interface SnapshotsTable {
  id: string;
  day: string;
  kind: string;
  campaign_id: string | null;
  created_at: string;
  created_by: string | null;
  /** sha256 of the canonical figure rows */
  checksum: string;
}

export interface SnapshotFiguresTable {
  snapshot_id: string;
  /** organization id, or `R:` + region code */
  subject: string;
  kind: string;
  level: string;
  region_code: string;
  in_scope: number;
  not_started: number;
  self_check: number;
  rectifying: number;
  completed: number;
  verified: number;
  behind_deadline: number;
  devices: number;
  compliant_devices: number;
  overall_req: number;
  overall_cov: number;
  programme_req: number;
  programme_cov: number;
  os_req: number;
  os_cov: number;
  office_req: number;
  office_cov: number;
  security_req: number;
  security_cov: number;
  spent: number;
  revised_json: string | null;
}

export interface DB {
  regions: RegionsTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  uploads: UploadsTable;
  login_attempts: LoginAttemptsTable;
  agent_credentials: AgentCredentialsTable;
  inventory_settings: InventorySettingsTable;
  devices: DevicesTable;
  device_identifiers: DeviceIdentifiersTable;
  software_titles: SoftwareTitlesTable;
  device_software: DeviceSoftwareTable;
  device_changes: DeviceChangesTable;
  inventories: InventoriesTable;
  recognition_rules: RecognitionRulesTable;
  licensed_installs: LicensedInstallsTable;
  entitlements: EntitlementsTable;
  entitlement_transfers: EntitlementTransfersTable;
  entitlement_documents: EntitlementDocumentsTable;
  compliance_positions: CompliancePositionsTable;
  compliance_usage: ComplianceUsageTable;
  compliance_gaps: ComplianceGapsTable;
  compliance_orgs: ComplianceOrgsTable;
  compliance_trend: ComplianceTrendTable;
  compliance_state: ComplianceStateTable;
  rectification_tasks: RectificationTasksTable;
  campaigns: CampaignsTable;
  campaign_deadlines: CampaignDeadlinesTable;
  campaign_progress: CampaignProgressTable;
  campaign_transitions: CampaignTransitionsTable;
  campaign_exceptions: CampaignExceptionsTable;
  snapshots: SnapshotsTable;
  snapshot_figures: SnapshotFiguresTable;
}
