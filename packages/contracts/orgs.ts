import { z } from 'zod';
import { LIMITS, SORT_ORDERS, idSchema, pageQuery, regionCodeSchema, usccSchema } from './common.ts';

/** 单位类型: government agency (政府机关) or enterprise (企业). */
export const ORG_TYPES = ['agency', 'enterprise'] as const;
/** 机关类别 */
export const AGENCY_KINDS = ['party', 'government', 'congress', 'cppcc', 'court', 'procuratorate', 'institution'] as const;
/** 企业性质 */
export const OWNERSHIPS = ['central-soe', 'local-soe', 'foreign', 'private'] as const;
/** 所属行业 */
export const INDUSTRIES = ['banking', 'insurance', 'securities', 'publishing', 'machinery', 'survey-design', 'other'] as const;
/** 行政级别 */
export const ADMIN_LEVELS = ['national', 'provincial', 'prefecture', 'county'] as const;

export type OrgType = (typeof ORG_TYPES)[number];
export type AgencyKind = (typeof AGENCY_KINDS)[number];
export type Ownership = (typeof OWNERSHIPS)[number];
export type Industry = (typeof INDUSTRIES)[number];
export type AdminLevel = (typeof ADMIN_LEVELS)[number];

/** Chinese labels, used by the UI, exports and the import template. */
export const ORG_LABELS = {
  type: { agency: '政府机关', enterprise: '企业' },
  agencyKind: { party: '党委', government: '政府部门', congress: '人大', cppcc: '政协', court: '法院', procuratorate: '检察院', institution: '事业单位' },
  ownership: { 'central-soe': '中央企业', 'local-soe': '地方国有企业', foreign: '外商投资企业', private: '民营企业' },
  industry: { banking: '银行', insurance: '保险', securities: '证券期货', publishing: '新闻出版', machinery: '机械制造', 'survey-design': '勘察设计', other: '其他' },
  level: { national: '国家级', provincial: '省级', prefecture: '地市级', county: '县级' },
} as const;

export const ORG_LABELS_EN = {
  type: { agency: 'Government agency', enterprise: 'Enterprise' },
  agencyKind: { party: 'Party committee', government: 'Government department', congress: "People's congress", cppcc: 'CPPCC', court: 'Court', procuratorate: 'Procuratorate', institution: 'Public institution' },
  ownership: { 'central-soe': 'Central SOE', 'local-soe': 'Local SOE', foreign: 'Foreign-invested', private: 'Private' },
  industry: { banking: 'Banking', insurance: 'Insurance', securities: 'Securities and futures', publishing: 'Publishing', machinery: 'Machinery', 'survey-design': 'Survey and design', other: 'Other' },
  level: { national: 'National', provincial: 'Provincial', prefecture: 'Prefecture', county: 'County' },
} as const;

const orgFields = {
  /** 单位名称 */
  name: z.string().trim().min(2).max(LIMITS.name),
  /** 统一社会信用代码 */
  uscc: usccSchema,
  type: z.enum(ORG_TYPES),
  agencyKind: z.enum(AGENCY_KINDS).nullable().optional(),
  ownership: z.enum(OWNERSHIPS).nullable().optional(),
  industry: z.enum(INDUSTRIES).nullable().optional(),
  level: z.enum(ADMIN_LEVELS),
  /** GB/T 2260 code of the region the organization belongs to. */
  regionCode: regionCodeSchema,
  parentId: idSchema.nullable().optional(),
  /** 人员数量 */
  staffCount: z.number().int().min(0).max(10_000_000).default(0),
};

type OrgKindFields = { type: OrgType; agencyKind?: AgencyKind | null; ownership?: Ownership | null; industry?: Industry | null };

/** Agencies need a kind; enterprises an ownership and an industry. */
function checkKind(v: OrgKindFields, ctx: z.RefinementCtx) {
  if (v.type === 'agency' && !v.agencyKind) ctx.addIssue({ code: 'custom', path: ['agencyKind'], message: 'org.kind.agency' });
  if (v.type === 'enterprise') {
    if (!v.ownership) ctx.addIssue({ code: 'custom', path: ['ownership'], message: 'org.kind.enterprise' });
    if (!v.industry) ctx.addIssue({ code: 'custom', path: ['industry'], message: 'org.kind.enterprise' });
  }
}

export const orgCreateBody = z.object(orgFields).strict().superRefine(checkKind);
export type OrgCreateInput = z.infer<typeof orgCreateBody>;
export const orgUpdateBody = orgCreateBody;
export type OrgUpdateInput = OrgCreateInput;

export const orgSchema = z.object({
  id: z.string(),
  name: z.string(),
  uscc: z.string(),
  type: z.enum(ORG_TYPES),
  agencyKind: z.enum(AGENCY_KINDS).nullable(),
  ownership: z.enum(OWNERSHIPS).nullable(),
  industry: z.enum(INDUSTRIES).nullable(),
  level: z.enum(ADMIN_LEVELS),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  parentId: z.string().nullable(),
  parentName: z.string().nullable(),
  staffCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Org = z.infer<typeof orgSchema>;

/** Columns the organization list can be sorted by (on the server, across pages). */
export const ORG_SORT_KEYS = ['name', 'uscc', 'regionCode', 'level', 'staffCount', 'updatedAt'] as const;
export type OrgSortKey = (typeof ORG_SORT_KEYS)[number];

export const orgListQuery = pageQuery.extend({
  q: z.string().trim().max(100).optional().describe('name or USCC contains'),
  type: z.enum(ORG_TYPES).optional(),
  level: z.enum(ADMIN_LEVELS).optional(),
  agencyKind: z.enum(AGENCY_KINDS).optional(),
  ownership: z.enum(OWNERSHIPS).optional(),
  industry: z.enum(INDUSTRIES).optional(),
  regionCode: z.string().regex(/^\d{6}$/).optional().describe('organizations in this region subtree'),
  parentId: idSchema.optional(),
  sort: z.enum(ORG_SORT_KEYS).optional().describe('column to sort by (level by rank, national first; ties by id); without it by region code, then name'),
  order: z.enum(SORT_ORDERS).default('asc').describe('direction of sort (empty values last either way); ignored without sort'),
});
type OrgListParsed = z.infer<typeof orgListQuery>;
/** The list query as services take it: in-process callers may leave `order` out (ascending). */
export type OrgListQuery = Omit<OrgListParsed, 'order'> & Partial<Pick<OrgListParsed, 'order'>>;

export const orgImportQuery = z.object({
  mode: z.enum(['all-or-nothing', 'valid-rows']).default('all-or-nothing'),
  dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export const importRowErrorSchema = z.object({ row: z.number().int(), field: z.string(), code: z.string(), message: z.string() });
export const orgImportResult = z.object({
  uploadId: z.string(),
  totalRows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  dryRun: z.boolean(),
  /** true when nothing was written because of errors (all-or-nothing mode) */
  rejected: z.boolean(),
  errors: z.array(importRowErrorSchema),
});
export type OrgImportResult = z.infer<typeof orgImportResult>;
