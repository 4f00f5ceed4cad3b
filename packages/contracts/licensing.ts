import { z } from 'zod';
import { LIMITS, daySchema, idSchema, pageQuery, regionCodeSchema } from './common.ts';
import { LICENCE_CLASSES, SOFTWARE_CATEGORIES } from './recognition.ts';

/**
 * Entitlements (授权/许可), the effective licence position (有效许可状况),
 * the legalization rate (正版化率) and rectification tasks (整改任务).
 * Definitions of every figure: docs/METRICS.md.
 */

type Label = { 'zh-CN': string; 'en-US': string };

/** How an entitlement's quantity is counted (packages/core/licensing/licensing.types.ts explains each). */
export const LICENCE_METRICS = ['device', 'user', 'concurrent', 'site', 'oem', 'volume', 'subscription', 'free'] as const;
export type LicenceMetric = (typeof LICENCE_METRICS)[number];
export const METRIC_LABELS: Record<LicenceMetric, Label> = {
  device: { 'zh-CN': '按设备', 'en-US': 'Per device' },
  user: { 'zh-CN': '按用户', 'en-US': 'Per named user' },
  concurrent: { 'zh-CN': '并发', 'en-US': 'Concurrent' },
  site: { 'zh-CN': '场地（全单位）', 'en-US': 'Site / organization-wide' },
  oem: { 'zh-CN': 'OEM 预装', 'en-US': 'OEM (pre-installed)' },
  volume: { 'zh-CN': '批量许可', 'en-US': 'Volume' },
  subscription: { 'zh-CN': '订阅', 'en-US': 'Subscription' },
  free: { 'zh-CN': '免费', 'en-US': 'Free' },
};

/** Who may use an entitlement: the owner; the owner and its subordinate organizations; every agency of a region (集中采购). */
export const SCOPE_KINDS = ['org', 'org-subtree', 'region'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];
export const SCOPE_LABELS: Record<ScopeKind, Label> = {
  org: { 'zh-CN': '本单位', 'en-US': 'This organization' },
  'org-subtree': { 'zh-CN': '本单位及下级单位', 'en-US': 'This organization and its children' },
  region: { 'zh-CN': '辖区内全部政府机关（集中采购）', 'en-US': 'All agencies of a region (central purchase)' },
};

export const COVERAGE_STATUSES = ['covered', 'uncovered', 'not-required'] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];
export const COVERAGE_LABELS: Record<CoverageStatus, Label> = {
  covered: { 'zh-CN': '已授权', 'en-US': 'Covered' },
  uncovered: { 'zh-CN': '未授权', 'en-US': 'Not covered' },
  'not-required': { 'zh-CN': '无需授权', 'en-US': 'No licence needed' },
};

export const UNCOVERED_REASONS = ['no-entitlement', 'out-of-scope', 'wrong-edition', 'version-out-of-range', 'expired', 'not-yet-valid', 'oem-other-device', 'quantity-exhausted'] as const;
export type UncoveredReason = (typeof UNCOVERED_REASONS)[number];
export const REASON_LABELS: Record<UncoveredReason, Label> = {
  'no-entitlement': { 'zh-CN': '无任何授权', 'en-US': 'No entitlement' },
  'out-of-scope': { 'zh-CN': '授权不适用于本单位', 'en-US': 'Entitlement out of scope' },
  'wrong-edition': { 'zh-CN': '版本（edition）不符', 'en-US': 'Wrong edition' },
  'version-out-of-range': { 'zh-CN': '版本号超出授权范围', 'en-US': 'Version out of range' },
  expired: { 'zh-CN': '授权已过期', 'en-US': 'Expired' },
  'not-yet-valid': { 'zh-CN': '授权尚未生效', 'en-US': 'Not yet valid' },
  'oem-other-device': { 'zh-CN': 'OEM 授权绑定其他设备', 'en-US': 'OEM licence bound to another device' },
  'quantity-exhausted': { 'zh-CN': '授权数量已用完', 'en-US': 'Quantity exhausted' },
};

/** The programme's three categories (操作系统、办公软件、杀毒软件). */
export const PROGRAMME_CATEGORIES = ['operating-system', 'office-suite', 'security'] as const;
export type ProgrammeCategory = (typeof PROGRAMME_CATEGORIES)[number];

const day = daySchema;
const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => text(max).nullable().optional().transform((v) => (v ? v : null));

export const versionRangeSchema = z
  .object({
    min: optText(64),
    minRelease: optText(64),
    max: optText(64),
    maxRelease: optText(64),
  })
  .strict();

export const entitlementScopeSchema = z.object({ kind: z.enum(SCOPE_KINDS), regionCode: regionCodeSchema.nullable().optional() }).strict();

/** What a user records: one purchase or right to use (授权). */
export const entitlementBody = z
  .object({
    /** what the people call it: "Office 2019 专业增强版 批量许可" */
    name: text(LIMITS.name).min(1),
    /** products covered: `publisher/product` keys of the catalogue; a suite lists its products */
    productKeys: z.array(text(300).toLowerCase().regex(/^[^/\s]+(\/[^/\s]+)+$/, { message: 'entitlement.product' })).min(1).max(50),
    /** editions covered; empty or null = any edition */
    editions: z.array(text(100).min(1)).max(20).nullable().optional().transform((v) => (v && v.length ? v : null)),
    versionRange: versionRangeSchema.default({ min: null, minRelease: null, max: null, maxRelease: null }),
    downgradeRights: z.boolean().default(false),
    /** software assurance / maintenance end day: newer versions covered until then */
    upgradeRightsUntil: day.nullable().optional().transform((v) => v ?? null),
    metric: z.enum(LICENCE_METRICS),
    quantity: z.number().int().min(0).max(100_000_000).default(0),
    oemSerial: optText(100),
    agreementNo: optText(100),
    start: day.nullable().optional().transform((v) => v ?? null),
    end: day.nullable().optional().transform((v) => v ?? null),
    scope: entitlementScopeSchema.default({ kind: 'org', regionCode: null }),
    orderNo: optText(100),
    vendor: optText(LIMITS.name),
    unitPrice: z.number().min(0).max(1e9).nullable().optional().transform((v) => v ?? null),
    currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, { message: 'currency.code' }).nullable().optional().transform((v) => v ?? null),
    purchasedAt: day.nullable().optional().transform((v) => v ?? null),
    notes: optText(LIMITS.text),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.metric === 'oem' && !v.oemSerial) ctx.addIssue({ code: 'custom', path: ['oemSerial'], message: 'entitlement.oem.serial' });
    if (v.metric !== 'oem' && v.oemSerial) ctx.addIssue({ code: 'custom', path: ['oemSerial'], message: 'entitlement.oem.only' });
    if (v.metric === 'oem' && v.scope.kind !== 'org') ctx.addIssue({ code: 'custom', path: ['scope', 'kind'], message: 'entitlement.oem.scope' });
    if (v.metric === 'volume' && !v.agreementNo) ctx.addIssue({ code: 'custom', path: ['agreementNo'], message: 'entitlement.volume.agreement' });
    if (v.metric === 'subscription' && !v.end) ctx.addIssue({ code: 'custom', path: ['end'], message: 'entitlement.subscription.end' });
    if (!['site', 'free', 'oem'].includes(v.metric) && v.quantity < 1) ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'entitlement.quantity' });
    if (v.start && v.end && v.start > v.end) ctx.addIssue({ code: 'custom', path: ['end'], message: 'date.order' });
    if (v.scope.kind === 'region' && !v.scope.regionCode) ctx.addIssue({ code: 'custom', path: ['scope', 'regionCode'], message: 'entitlement.scope.region' });
    if (v.unitPrice !== null && !v.currency) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'required' });
  });
export type EntitlementBody = z.output<typeof entitlementBody>;

export const entitlementSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  name: z.string(),
  productKeys: z.array(z.string()),
  editions: z.array(z.string()).nullable(),
  versionRange: z.object({ min: z.string().nullable(), minRelease: z.string().nullable(), max: z.string().nullable(), maxRelease: z.string().nullable() }),
  downgradeRights: z.boolean(),
  upgradeRightsUntil: z.string().nullable(),
  metric: z.enum(LICENCE_METRICS),
  /** units bought */
  quantity: z.number().int(),
  /** units transferred to other organizations (recorded transfers) */
  transferredOut: z.number().int(),
  /** units that count: quantity − transferredOut */
  effectiveQuantity: z.number().int(),
  oemSerial: z.string().nullable(),
  agreementNo: z.string().nullable(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  scope: z.object({ kind: z.enum(SCOPE_KINDS), regionCode: z.string().nullable() }),
  orderNo: z.string().nullable(),
  vendor: z.string().nullable(),
  unitPrice: z.number().nullable(),
  currency: z.string().nullable(),
  purchasedAt: z.string().nullable(),
  notes: z.string().nullable(),
  /** the transfer that created it, if it came from another organization */
  transferredFromId: z.string().nullable(),
  validity: z.enum(['valid', 'expired', 'not-yet-valid']),
  /** from the stored usage: units consumed across every organization using it; null before the first computation */
  consumed: z.number().int().nullable(),
  remaining: z.number().int().nullable(),
  documents: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EntitlementView = z.infer<typeof entitlementSchema>;

export const entitlementListQuery = pageQuery.extend({
  orgId: idSchema.optional().describe('owned by this organization'),
  q: z.string().trim().max(100).optional().describe('name, product, agreement or order number contains'),
  productKey: z.string().trim().max(300).optional(),
  metric: z.enum(LICENCE_METRICS).optional(),
  validity: z.enum(['valid', 'expired', 'not-yet-valid']).optional(),
});
export type EntitlementListQuery = z.infer<typeof entitlementListQuery>;

export const documentSchema = z.object({ id: z.string(), filename: z.string(), contentType: z.string().nullable(), size: z.number().int(), sha256: z.string(), uploadedAt: z.string(), uploadedBy: z.string().nullable() });
export type ProofDocument = z.infer<typeof documentSchema>;

export const transferBody = z.object({ toOrgId: idSchema, quantity: z.number().int().min(1).max(100_000_000), reason: text(LIMITS.text).min(1) }).strict();
export const transferSchema = z.object({
  id: z.string(),
  entitlementId: z.string(),
  fromOrgId: z.string(),
  fromOrgName: z.string(),
  toOrgId: z.string(),
  toOrgName: z.string(),
  quantity: z.number().int(),
  /** the entitlement created in the receiving organization */
  newEntitlementId: z.string(),
  reason: z.string(),
  at: z.string(),
  by: z.string().nullable(),
});
export type TransferView = z.infer<typeof transferSchema>;

export const entitlementDetailSchema = entitlementSchema.extend({ documentList: z.array(documentSchema), transfers: z.array(transferSchema), coveredInstalls: z.number().int().nullable() });

/** Figures of a ratio: installs that need a licence and how many are covered. */
export const ratioSchema = z.object({ required: z.number().int(), covered: z.number().int(), rate: z.number().nullable() });
export type RatioView = z.infer<typeof ratioSchema>;

const categoryRatios = z.object({ 'operating-system': ratioSchema, 'office-suite': ratioSchema, security: ratioSchema });

/** The stored position (有效许可状况) of one organization for one product. */
export const positionSchema = z.object({
  orgId: z.string(),
  productKey: z.string(),
  product: z.string().nullable(),
  publisher: z.string().nullable(),
  category: z.enum(SOFTWARE_CATEGORIES).nullable(),
  installs: z.number().int(),
  coveredInstalls: z.number().int(),
  uncoveredInstalls: z.number().int(),
  installedDevices: z.number().int(),
  users: z.number().int(),
  entitled: z.number().int().nullable(),
  unlimited: z.boolean(),
  consumed: z.number().int(),
  shortfall: z.number().int(),
  surplus: z.number().int().nullable(),
  unitPrice: z.number().nullable(),
  currency: z.string().nullable(),
  estimatedShortfallCost: z.number().nullable(),
  /** the open rectification task of this gap, if any */
  openTaskId: z.string().nullable(),
});
export type PositionView = z.infer<typeof positionSchema>;

export const positionListQuery = pageQuery.extend({
  q: z.string().trim().max(100).optional(),
  shortfall: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
  category: z.enum(SOFTWARE_CATEGORIES).optional(),
});

/** The legalization figures of one organization (正版化率). */
export const orgComplianceSchema = z.object({
  orgId: z.string(),
  orgName: z.string(),
  regionCode: z.string(),
  overall: ratioSchema,
  programme: ratioSchema,
  byCategory: categoryRatios,
  devices: z.number().int(),
  devicesRequiring: z.number().int(),
  compliantDevices: z.number().int(),
  compliantDeviceRate: z.number().nullable(),
  products: z.number().int(),
  shortfall: z.number().int(),
  estimatedShortfallCost: z.number().nullable(),
  openTasks: z.number().int(),
  overdueTasks: z.number().int(),
  /** evaluation day of the stored figures (China Standard Time) */
  day: z.string().nullable(),
  computedAt: z.string().nullable(),
});
export type OrgCompliance = z.infer<typeof orgComplianceSchema>;

/** Levels of the roll-up: the national total, then the GB/T 2260 levels. */
export const ROLLUP_LEVELS = ['national', 'province', 'prefecture', 'county'] as const;

/** One region node of the roll-up, with its children (regions, or the organizations registered directly at it). */
export const regionComplianceSchema = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  level: z.enum(ROLLUP_LEVELS),
  orgs: z.number().int(),
  orgsRequiring: z.number().int(),
  overall: ratioSchema,
  programme: ratioSchema,
  byCategory: categoryRatios,
  devices: z.number().int(),
  compliantDevices: z.number().int(),
  compliantDeviceRate: z.number().nullable(),
  orgAverageRate: z.number().nullable(),
});
export type RegionCompliance = z.infer<typeof regionComplianceSchema>;

export const regionDashboardSchema = z.object({
  region: regionComplianceSchema,
  children: z.array(regionComplianceSchema),
  /** organizations registered at this region's own code (not in a child region) */
  orgs: z.array(orgComplianceSchema.pick({ orgId: true, orgName: true, regionCode: true, overall: true, programme: true, devices: true, compliantDevices: true, shortfall: true })),
  day: z.string().nullable(),
});
export type RegionDashboard = z.infer<typeof regionDashboardSchema>;

export const trendQuery = z.object({
  orgId: idSchema.optional(),
  regionCode: z.string().regex(/^\d{6}$/).optional(),
  days: z.coerce.number().int().min(1).max(3660).default(180),
});
export const trendPointSchema = z.object({ day: z.string(), overall: ratioSchema, programme: ratioSchema, devices: z.number().int(), compliantDevices: z.number().int() });
export type TrendPoint = z.infer<typeof trendPointSchema>;

/** One install that needs a licence, with its verdict: the drill-down under every figure. */
export const installCoverageQuery = pageQuery.extend({
  productKey: z.string().trim().max(300).optional(),
  deviceId: idSchema.optional(),
  status: z.enum(COVERAGE_STATUSES).optional(),
  reason: z.enum(UNCOVERED_REASONS).optional(),
  category: z.enum(SOFTWARE_CATEGORIES).optional(),
});
export const installCoverageSchema = z.object({
  deviceId: z.string(),
  deviceName: z.string().nullable(),
  serial: z.string().nullable(),
  user: z.string().nullable(),
  titleKey: z.string(),
  name: z.string(),
  version: z.string().nullable(),
  productKey: z.string(),
  edition: z.string().nullable(),
  category: z.enum(SOFTWARE_CATEGORIES).nullable(),
  licenceClass: z.enum(LICENCE_CLASSES),
  status: z.enum(COVERAGE_STATUSES),
  entitlementId: z.string().nullable(),
  entitlementName: z.string().nullable(),
  reason: z.enum(UNCOVERED_REASONS).nullable(),
});
export type InstallCoverageView = z.infer<typeof installCoverageSchema>;

export const deviceComplianceQuery = pageQuery.extend({ compliant: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')) });
export const deviceComplianceSchema = z.object({
  deviceId: z.string(),
  name: z.string().nullable(),
  osName: z.string().nullable(),
  lastUser: z.string().nullable(),
  softwareCount: z.number().int(),
  required: z.number().int(),
  uncovered: z.number().int(),
  compliant: z.boolean(),
  lastSeenAt: z.string(),
});

export const recomputeResultSchema = z.object({
  day: z.string(),
  installs: z.number().int(),
  positions: z.number().int(),
  orgs: z.number().int(),
  /** stored rows that differed from the recomputation (all written unless `check`) */
  differences: z.array(z.string()),
  differenceCount: z.number().int(),
  ms: z.number(),
  written: z.boolean(),
  tasksClosed: z.number().int(),
});
export type RecomputeResult = z.infer<typeof recomputeResultSchema>;

// ——— Rectification (整改) ———

export const TASK_ACTIONS = ['uninstall', 'replace', 'buy'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];
export const TASK_ACTION_LABELS: Record<TaskAction, Label> = {
  uninstall: { 'zh-CN': '卸载', 'en-US': 'Uninstall' },
  replace: { 'zh-CN': '替换为免费或国产软件', 'en-US': 'Replace with a free or domestic alternative' },
  buy: { 'zh-CN': '采购授权', 'en-US': 'Buy licences' },
};
export const TASK_STATUSES = ['open', 'verified', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_STATUS_LABELS: Record<TaskStatus, Label> = {
  open: { 'zh-CN': '整改中', 'en-US': 'Open' },
  verified: { 'zh-CN': '已整改（已核验）', 'en-US': 'Closed (verified)' },
  cancelled: { 'zh-CN': '已撤销', 'en-US': 'Cancelled' },
};

/** What the system proposes for a shortfall. */
export const proposalSchema = z.object({
  orgId: z.string(),
  productKey: z.string(),
  shortfall: z.number().int(),
  devices: z.array(z.object({ deviceId: z.string(), name: z.string().nullable() })),
  actions: z.array(
    z.object({
      action: z.enum(TASK_ACTIONS),
      quantity: z.number().int(),
      estimatedCost: z.number().nullable(),
      currency: z.string().nullable(),
      /** replace: free or domestic products of the same category, on most of the organization's devices first (`devices`: how many have one) */
      alternatives: z.array(z.object({ productKey: z.string(), product: z.string().nullable(), licenceClass: z.enum(LICENCE_CLASSES).nullable(), domestic: z.boolean(), devices: z.number().int() })),
    }),
  ),
});
export type Proposal = z.infer<typeof proposalSchema>;

export const taskCreateBody = z
  .object({
    productKey: text(300).min(1),
    action: z.enum(TASK_ACTIONS),
    /** replace: the product to move to */
    replacementKey: optText(300),
    assigneeId: idSchema.nullable().optional().transform((v) => v ?? null),
    dueDate: day,
    /** buy: licences to purchase (defaults to the shortfall) */
    quantity: z.number().int().min(0).max(100_000_000).nullable().optional().transform((v) => v ?? null),
    note: optText(LIMITS.text),
  })
  .strict();
export type TaskCreateBody = z.output<typeof taskCreateBody>;

export const taskUpdateBody = z
  .object({
    assigneeId: idSchema.nullable().optional(),
    dueDate: day.optional(),
    note: optText(LIMITS.text),
    status: z.enum(['open', 'cancelled']).optional(),
  })
  .strict();

export const taskSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  regionCode: z.string(),
  productKey: z.string(),
  action: z.enum(TASK_ACTIONS),
  replacementKey: z.string().nullable(),
  quantity: z.number().int().nullable(),
  estimatedCost: z.number().nullable(),
  currency: z.string().nullable(),
  /** shortfall when the task was created, and now */
  shortfallAtCreation: z.number().int(),
  shortfallNow: z.number().int(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  dueDate: z.string(),
  overdue: z.boolean(),
  status: z.enum(TASK_STATUSES),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  /** when a later computation showed the gap gone, and what it saw */
  verifiedAt: z.string().nullable(),
  verification: z.string().nullable(),
});
export type TaskView = z.infer<typeof taskSchema>;

export const taskListQuery = pageQuery.extend({
  orgId: idSchema.optional(),
  status: z.enum(TASK_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
});

// ——— Entitlement import (授权导入) ———

/** How an entitlement import runs: the same choices as the organization import. */
export const entitlementImportQuery = z.object({
  mode: z.enum(['all-or-nothing', 'valid-rows']).default('all-or-nothing'),
  dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

/**
 * What an entitlement import did. A row whose entitlement is already
 * recorded (same owner, order number, agreement number, name, products and
 * OEM serial, with the same terms) counts as unchanged: re-importing a file
 * changes nothing.
 */
export const entitlementImportResult = z.object({
  uploadId: z.string(),
  totalRows: z.number().int(),
  created: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  dryRun: z.boolean(),
  /** true when nothing was written because of errors (all-or-nothing mode) */
  rejected: z.boolean(),
  errors: z.array(z.object({ row: z.number().int(), field: z.string(), code: z.string(), message: z.string() })),
});
export type EntitlementImportResult = z.infer<typeof entitlementImportResult>;

/** Row messages of the entitlement import beyond the shared field messages. */
export const ENTITLEMENT_IMPORT_MESSAGES = {
  'import.owner': { 'zh-CN': '找不到该统一社会信用代码的单位', 'en-US': 'No organization has this unified social credit code' },
  'import.number': { 'zh-CN': '应为数字', 'en-US': 'Must be a number' },
  'import.yesNo': { 'zh-CN': '应填写“是”或“否”', 'en-US': 'Must be 是 (yes) or 否 (no)' },
  'import.duplicateRow': { 'zh-CN': '与文件中前面的行是同一授权', 'en-US': 'The same entitlement as an earlier row of the file' },
  'import.conflict': {
    'zh-CN': '已登记同一授权（单位、订单号、协议号、名称、产品相同），但条款不同；请在系统中编辑该授权',
    'en-US': 'This entitlement (same owner, order, agreement, name and products) is recorded with other terms; edit it in the application',
  },
} as const satisfies Record<string, Label>;
