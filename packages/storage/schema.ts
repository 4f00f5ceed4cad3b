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

/**
 * A device's software, one row: `items` is a JSON array of
 * [title_key, install_date, source, guid, size_bytes, first_seen_at], one
 * entry per install (see StoredInstall in the inventory repository).
 */
export interface DeviceSoftwareSetsTable {
  org_id: string;
  device_id: string;
  items: string;
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

/** An install that needs a licence (derived from device_software_sets and the title's recognition). */
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

/** A message to a user, an organization or a region office (待办与通知). */
export interface InboxMessagesTable {
  id: string;
  kind: string;
  /** exactly one of the three addresses is set */
  to_user_id: string | null;
  to_org_id: string | null;
  /** the region administrators of exactly this region; 000000 = the national office */
  to_region_office: string | null;
  subject: string;
  body: string;
  link: string | null;
  due_day: string | null;
  /** a message posted again with the same key is not stored twice (reminders) */
  dedupe_key: string | null;
  created_at: string;
  created_by: string | null;
}

/** Who has read which message. */
export interface InboxReadsTable {
  message_id: string;
  user_id: string;
  read_at: string;
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

/** A reporting round (填报任务) of status forms, set by the national office. */
export interface StatusRoundsTable {
  id: string;
  campaign_id: string;
  period_label: string;
  period_start: string;
  period_end: string;
  /** JSON array of the region office levels that report */
  levels_json: string;
  due_day: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

/** The status form (落实情况表) of one region office in a round. */
export interface StatusFormsTable {
  id: string;
  round_id: string;
  region_code: string;
  level: string;
  status: string;
  content_json: string | null;
  /** submissions so far */
  version: number;
  first_submitted_at: string | null;
  last_submitted_at: string | null;
  /** 0/1: first submitted after the due day */
  late: number;
  comments: string | null;
  accepted_version: number | null;
  accepted_checksum: string | null;
  updated_at: string;
  updated_by: string | null;
}

/** One submission of a status form; never updated or deleted. */
export interface StatusFormVersionsTable {
  form_id: string;
  version: number;
  content_json: string;
  /** sha256 of the canonical content */
  checksum: string;
  submitted_at: string;
  submitted_by: string | null;
  late: number;
}

/** A review of a submission by the level above: returned or accepted. */
export interface StatusFormReviewsTable {
  id: string;
  form_id: string;
  version: number;
  decision: string;
  comments: string | null;
  at: string;
  by_user: string | null;
}

/** A bulletin (通报): draft or published; a published row is never updated. */
export interface BulletinsTable {
  id: string;
  /** monthly / special / info-report */
  kind: string;
  /** 000000 national, or a province code */
  region_code: string;
  /** YYYY-MM (monthly only) */
  month: string | null;
  snapshot_id: string | null;
  /** draft / published */
  status: string;
  /** 文号 */
  doc_number: string | null;
  title: string;
  issuing_organ: string;
  /** 主送机关 */
  recipients: string;
  /** JSON [{ heading, text }] */
  sections_json: string;
  /** 抄送 */
  cc: string | null;
  include_tables: number;
  /** JSON BulletinTables */
  tables_json: string | null;
  publish_date: string | null;
  published_by: string | null;
  published_at: string | null;
  /** sha256 of the frozen content */
  checksum: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A supervision inspection plan (督查计划). */
export interface InspectionPlansTable {
  id: string;
  year: number;
  /** on-site / written / special */
  type: string;
  month: number;
  title: string;
  /** JSON array of region codes */
  target_regions_json: string;
  org_sample_size: number;
  devices_per_org: number;
  /** organizations per level of the recorded sample (JSON) */
  allocation_json: string | null;
  /** organizations per level that the sample was drawn from (JSON) */
  population_json: string | null;
  seed: number | null;
  sampled_at: string | null;
  status: string;
  note: string | null;
  /** written inspections: JSON array of { id, text } */
  questions_json: string | null;
  questionnaire_sent_at: string | null;
  /** special inspections: the campaign whose progress ranked the provinces */
  campaign_id: string | null;
  proposal_day: string | null;
  proposal_confirmed_at: string | null;
  proposal_confirmed_by: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface InspectionInspectorsTable {
  plan_id: string;
  user_id: string;
}

export interface InspectionSampleOrgsTable {
  plan_id: string;
  org_id: string;
  /** the organization level it was drawn from */
  stratum: string;
  position: number;
}

export interface InspectionSampleDevicesTable {
  plan_id: string;
  org_id: string;
  device_id: string;
  position: number;
}

/** An uploaded `zb scan` result file and its on-the-spot evaluation. */
export interface InspectionScansTable {
  id: string;
  plan_id: string;
  org_id: string;
  upload_id: string;
  filename: string;
  sha256: string;
  key_id: string;
  signer: string;
  verified: number;
  collected_at: string | null;
  device_name: string | null;
  matched_device_id: string | null;
  evaluation_json: string;
  uploaded_by: string | null;
  uploaded_at: string;
  /** the user whose registered signing key signed the file (null for scans from before the key registry) */
  signer_user_id: string | null;
}

/** A user's registered ed25519 signing key (签名密钥) for `zb scan` result files. */
export interface SigningKeysTable {
  /** keyIdOf: first 16 hex digits of the SHA-256 of the raw public key */
  key_id: string;
  user_id: string;
  name: string;
  /** raw 32-byte public key, base64 */
  public_key: string;
  created_at: string;
  revoked_at: string | null;
}

export interface InspectionFindingsTable {
  id: string;
  plan_id: string;
  org_id: string;
  scan_id: string | null;
  device_name: string | null;
  product_key: string | null;
  product: string | null;
  severity: string;
  description: string;
  found_day: string;
  fix_deadline: string;
  status: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface InspectionFollowUpsTable {
  id: string;
  finding_id: string;
  at: string;
  by_user: string | null;
  status: string;
  note: string;
}

/** The rectification notice (整改通知) of an organization in a plan. */
export interface InspectionNoticesTable {
  plan_id: string;
  org_id: string;
  findings: number;
  due_day: string;
  issued_at: string;
  issued_by: string | null;
}

export interface InspectionAnswersTable {
  plan_id: string;
  region_code: string;
  /** JSON object question id → answer */
  answers_json: string;
  answered_by: string | null;
  answered_at: string;
}

/** A province proposed for a special inspection (slowest against its deadline). */
export interface InspectionProposalsTable {
  plan_id: string;
  region_code: string;
  rank: number;
  in_scope: number;
  done: number;
  completion_share: number;
  elapsed_share: number;
  confirmed: number;
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
  device_software_sets: DeviceSoftwareSetsTable;
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
  bulletins: BulletinsTable;
  inbox_messages: InboxMessagesTable;
  inbox_reads: InboxReadsTable;
  status_rounds: StatusRoundsTable;
  status_forms: StatusFormsTable;
  status_form_versions: StatusFormVersionsTable;
  status_form_reviews: StatusFormReviewsTable;
  inspection_plans: InspectionPlansTable;
  inspection_inspectors: InspectionInspectorsTable;
  inspection_sample_orgs: InspectionSampleOrgsTable;
  inspection_sample_devices: InspectionSampleDevicesTable;
  inspection_scans: InspectionScansTable;
  inspection_findings: InspectionFindingsTable;
  inspection_follow_ups: InspectionFollowUpsTable;
  inspection_notices: InspectionNoticesTable;
  inspection_answers: InspectionAnswersTable;
  inspection_proposals: InspectionProposalsTable;
  signing_keys: SigningKeysTable;
}
