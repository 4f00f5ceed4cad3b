import { z } from 'zod';
import { LIMITS, pageQuery } from './common.ts';

/**
 * Recognition (软件识别): raw installed-software names become publisher /
 * product / edition / version with a licence class. These schemas are shared
 * by the shipped rule library (lint test), the local-rule API and the web UI.
 */

/** 软件类别 */
export const SOFTWARE_CATEGORIES = [
  'operating-system',
  'office-suite',
  'database',
  'security',
  'cad-design',
  'graphics-media',
  'development',
  'erp-finance',
  'browser',
  'communication',
  'utility',
  'runtime-driver-component',
] as const;
export type SoftwareCategory = (typeof SOFTWARE_CATEGORIES)[number];

/**
 * 许可类别. `os-component`: bundled with or part of the operating system or of
 * a parent product (updates, language packs, redistributables, drivers).
 */
export const LICENCE_CLASSES = ['commercial', 'freeware', 'open-source', 'trial', 'os-component', 'unknown'] as const;
export type LicenceClass = (typeof LICENCE_CLASSES)[number];

/** Where a raw name comes from: Add/Remove Programs, Debian/RPM packages, macOS applications. */
export const INSTALL_SOURCES = ['windows', 'dpkg', 'rpm', 'macos'] as const;
export type InstallSource = (typeof INSTALL_SOURCES)[number];

export const CATEGORY_LABELS: Record<SoftwareCategory, { 'zh-CN': string; 'en-US': string }> = {
  'operating-system': { 'zh-CN': '操作系统', 'en-US': 'Operating system' },
  'office-suite': { 'zh-CN': '办公软件', 'en-US': 'Office suite' },
  database: { 'zh-CN': '数据库', 'en-US': 'Database' },
  security: { 'zh-CN': '安全/杀毒软件', 'en-US': 'Security / antivirus' },
  'cad-design': { 'zh-CN': '设计/CAD', 'en-US': 'CAD / design' },
  'graphics-media': { 'zh-CN': '图形图像/多媒体', 'en-US': 'Graphics / media' },
  development: { 'zh-CN': '开发工具', 'en-US': 'Development tools' },
  'erp-finance': { 'zh-CN': '财务/ERP', 'en-US': 'ERP / finance' },
  browser: { 'zh-CN': '浏览器', 'en-US': 'Browser' },
  communication: { 'zh-CN': '通讯协作', 'en-US': 'Communication' },
  utility: { 'zh-CN': '工具软件', 'en-US': 'Utilities' },
  'runtime-driver-component': { 'zh-CN': '运行库/驱动/系统组件', 'en-US': 'Runtime / driver / system component' },
};

export const LICENCE_CLASS_LABELS: Record<LicenceClass, { 'zh-CN': string; 'en-US': string }> = {
  commercial: { 'zh-CN': '商业软件', 'en-US': 'Commercial' },
  freeware: { 'zh-CN': '免费软件', 'en-US': 'Freeware' },
  'open-source': { 'zh-CN': '开源软件', 'en-US': 'Open source' },
  trial: { 'zh-CN': '试用软件', 'en-US': 'Trial' },
  'os-component': { 'zh-CN': '系统/产品组件', 'en-US': 'OS / product component' },
  unknown: { 'zh-CN': '未知', 'en-US': 'Unknown' },
};

/** Whether a licence class needs a purchased licence unless a rule says otherwise. */
export function licenceNeeded(licence: LicenceClass): boolean {
  return licence === 'commercial' || licence === 'trial';
}

/** A rule id: lower-case slug, safe in a URL path segment. */
export const ruleIdSchema = z
  .string()
  .min(2)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9._+-]*$/, { message: 'recognition.ruleId' });

/** Whether a pattern compiles as a case-insensitive JavaScript regular expression. */
export function patternCompiles(p: string): boolean {
  try {
    new RegExp(p, 'i');
    return true;
  } catch {
    return false;
  }
}

const patternSchema = z.string().min(1).max(2000).refine(patternCompiles, { message: 'recognition.pattern' });

/** A condition of a licence override; every given field must hold. */
export const ruleConditionSchema = z
  .object({
    /** pattern on the normalised display name */
    name: patternSchema.optional(),
    /** the edition found (exact name) */
    edition: z.string().max(100).optional(),
    /** version (dotted, numeric comparison) at least this */
    versionAtLeast: z.string().regex(/^\d+(\.\d+)*$/).optional(),
    /** version strictly below this */
    versionBelow: z.string().regex(/^\d+(\.\d+)*$/).optional(),
    /** pattern on the normalised version (e.g. `^1[0-2]\.8\.` for WPS commercial builds) */
    version: patternSchema.optional(),
    source: z.enum(INSTALL_SOURCES).optional(),
  })
  .strict();

/** A licence override: when the condition holds, the licence class (and optionally requiresLicence / edition) change. */
export const ruleOverrideSchema = z
  .object({
    when: ruleConditionSchema,
    licence: z.enum(LICENCE_CLASSES).optional(),
    requiresLicence: z.boolean().optional(),
    edition: z.string().max(100).optional(),
    category: z.enum(SOFTWARE_CATEGORIES).optional(),
    /** why (a public source of the fact) */
    note: z.string().max(500).optional(),
  })
  .strict();

/**
 * One product of the rule library (shipped or local). Patterns are
 * case-insensitive JavaScript regular expressions tested on the normalised
 * display name (lower case, half-width, without trademark signs, architecture
 * and language suffixes).
 */
const ruleObject = z
  .object({
    id: ruleIdSchema,
    /** normalised publisher name */
    publisher: z.string().trim().min(1).max(100),
    product: z.string().trim().min(1).max(LIMITS.name),
    /** stable product slug `publisher/product`; derived when absent */
    key: z
      .string()
      .max(150)
      .regex(/^[a-z0-9][a-z0-9._+-]*\/[a-z0-9][a-z0-9._+-]*$/)
      .optional(),
    aliases: z.array(z.string().trim().min(1).max(LIMITS.name)).max(100).default([]),
    category: z.enum(SOFTWARE_CATEGORIES),
    licence: z.enum(LICENCE_CLASSES),
    /** defaults to licenceNeeded(licence) */
    requiresLicence: z.boolean().optional(),
    /** 国产软件 */
    domestic: z.boolean().default(false),
    /** any of these patterns on the display name; `['.']` alone matches by publisher alone, for names no other rule takes (publisherMatch required) */
    match: z.array(patternSchema).min(1).max(50),
    /** none of these */
    exclude: z.array(patternSchema).max(50).default([]),
    /** pattern on the publisher; fails only when the publisher is known and differs (unless publisherRequired) */
    publisherMatch: patternSchema.optional(),
    publisherRequired: z.boolean().optional(),
    /** only names from these sources */
    sources: z.array(z.enum(INSTALL_SOURCES)).min(1).max(4).optional(),
    /** edition pattern → edition name, first (leftmost) match wins */
    editions: z.record(z.string().max(500), z.string().max(100)).optional(),
    /** edition when no edition pattern matches */
    defaultEdition: z.string().max(100).optional(),
    /** edition name → licence class */
    licenceByEdition: z.record(z.string().max(100), z.enum(LICENCE_CLASSES)).optional(),
    /** release label found in the name (e.g. 2016) → major version (16.0) */
    releases: z.record(z.string().max(50), z.string().max(50)).optional(),
    /** version components that make the major release when no release label is found (default 1) */
    majorParts: z.number().int().min(1).max(4).optional(),
    /** conditional licence facts, applied in order (later wins) */
    overrides: z.array(ruleOverrideSchema).max(50).optional(),
    /** id of the product this is a component of */
    parent: ruleIdSchema.optional(),
    /** pattern removed from the name to find the parent product (updates, language packs) */
    parentFromName: patternSchema.optional(),
    /** higher wins when several rules match (components use 50) */
    priority: z.number().int().min(-100).max(100).default(0),
    /** confidence of a match (default 0.9) */
    confidence: z.number().min(0).max(1).optional(),
    /** `name`: the product is the cleaned display name (generic rules) */
    productFrom: z.enum(['rule', 'name']).default('rule'),
    note: z.string().max(LIMITS.text).optional(),
  })
  .strict();

/**
 * A rule whose only pattern is `.` matches by publisher alone (its
 * publisherMatch, which it must have): it takes any name of that publisher
 * that no other rule takes, whatever its priority (a vendor's products the
 * library does not list yet). Its exclude and sources still apply.
 */
export function isPublisherOnly(r: { match: readonly string[] }): boolean {
  return r.match.length === 1 && r.match[0] === '.';
}

/** Edition keys are patterns too; a rule matching by publisher alone must say which publisher. */
function checkRulePatterns(r: { editions?: Record<string, string> | undefined; match: string[]; publisherMatch?: string | undefined }, ctx: z.RefinementCtx) {
  for (const k of Object.keys(r.editions ?? {})) {
    if (!patternCompiles(k)) ctx.addIssue({ code: 'custom', path: ['editions', k], message: 'recognition.pattern' });
  }
  if (isPublisherOnly(r) && !r.publisherMatch) ctx.addIssue({ code: 'custom', path: ['publisherMatch'], message: 'recognition.publisherOnly' });
}

export const recognitionRuleSchema = ruleObject.superRefine(checkRulePatterns);
/** A rule whose id may be left out (generated from the product). */
export const recognitionRuleDraftSchema = ruleObject.extend({ id: ruleIdSchema.optional() }).superRefine(checkRulePatterns);
export type RecognitionRuleDraft = z.input<typeof recognitionRuleDraftSchema>;
export type RecognitionRule = z.infer<typeof recognitionRuleSchema>;
export type RecognitionRuleInput = z.input<typeof recognitionRuleSchema>;

/** One raw installed item to recognise. */
export const recognitionInputSchema = z.object({
  /** as shown in Add/Remove Programs, the package name (dpkg/rpm, may carry its version) or the macOS application name */
  displayName: z.string().max(1000),
  publisher: z.string().max(500).nullish(),
  version: z.string().max(200).nullish(),
  source: z.enum(INSTALL_SOURCES).nullish(),
});
export type RecognitionInput = z.infer<typeof recognitionInputSchema>;

export const recognitionResultSchema = z.object({
  publisherNorm: z.string().nullable(),
  product: z.string().nullable(),
  edition: z.string().nullable(),
  versionNorm: z.string().nullable(),
  /** major version (Office 2016 → 16.0) */
  majorRelease: z.string().nullable(),
  /** marketing release found in the name (2016, DC, CC 2019) */
  release: z.string().nullable(),
  /** stable slug `publisher/product`, `unknown` when nothing matched */
  productKey: z.string(),
  category: z.enum(SOFTWARE_CATEGORIES).nullable(),
  licenceClass: z.enum(LICENCE_CLASSES),
  requiresLicence: z.boolean(),
  domestic: z.boolean(),
  /** rule that produced the result; null when unknown */
  ruleId: z.string().nullable(),
  /** product this is a component of (updates, language packs) */
  parentKey: z.string().nullable(),
  /** 0 for unknown, up to 1 */
  confidence: z.number(),
});
export type RecognitionResult = z.infer<typeof recognitionResultSchema>;

/** Rows per batch request: the same bound as every import. */
export const RECOGNITION_BATCH_MAX = LIMITS.importRows;

export const recognitionBatchBody = z.object({ rows: z.array(recognitionInputSchema).min(1).max(RECOGNITION_BATCH_MAX) });
export const recognitionBatchResult = z.object({
  results: z.array(recognitionResultSchema),
  total: z.number().int(),
  recognised: z.number().int(),
  unknown: z.number().int(),
  /** distinct (name, publisher, version, source) among the rows */
  distinct: z.number().int(),
});
export type RecognitionBatchResult = z.infer<typeof recognitionBatchResult>;

/** Where a rule comes from: the shipped library (files in the repository) or the local rules of this installation. */
export const RULE_ORIGINS = ['local', 'shipped'] as const;
export type RuleOrigin = (typeof RULE_ORIGINS)[number];

/** A rule with where it comes from and, for local rules, who changed it. */
export const ruleViewSchema = z.object({
  rule: recognitionRuleSchema,
  origin: z.enum(RULE_ORIGINS),
  enabled: z.boolean(),
  /** region of the author (null: national); region admins change only their own subtree's rules */
  originRegionCode: z.string().nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** library file of a shipped rule */
  file: z.string().nullable(),
  /** a local rule with the id of a shipped one replaces it */
  replacesShipped: z.boolean(),
});
export type RuleView = z.infer<typeof ruleViewSchema>;

/** A new local rule; the id is generated from the product when absent. */
export const localRuleCreateBody = z.object({
  rule: recognitionRuleDraftSchema,
  enabled: z.boolean().default(true),
});
/** As callers may write it (defaults not yet applied); the service validates. */
export type LocalRuleCreateInput = z.input<typeof localRuleCreateBody>;
/** The rule's id is the one in the URL; an id in the body must be the same. */
export const localRuleUpdateBody = z.object({ rule: recognitionRuleDraftSchema, enabled: z.boolean().default(true) });
export type LocalRuleUpdateInput = z.input<typeof localRuleUpdateBody>;

export const localRuleListQuery = pageQuery.extend({
  origin: z.enum(['local', 'shipped', 'all']).default('local').describe('local rules, the shipped library, or both'),
  q: z.string().trim().max(100).optional().describe('id, publisher or product contains'),
  category: z.enum(SOFTWARE_CATEGORIES).optional(),
  licence: z.enum(LICENCE_CLASSES).optional(),
});
export type LocalRuleListQuery = z.infer<typeof localRuleListQuery>;

export const rulePreviewBody = z.object({
  rule: recognitionRuleDraftSchema,
  names: z.array(recognitionInputSchema).min(1).max(RECOGNITION_BATCH_MAX),
});
export const rulePreviewResult = z.object({
  total: z.number().int(),
  matched: z.number().int(),
  /** the names the rule would match, with their result now and with the rule */
  items: z.array(z.object({ index: z.number().int(), displayName: z.string(), before: recognitionResultSchema, after: recognitionResultSchema })),
});
export type RulePreviewResult = z.infer<typeof rulePreviewResult>;

/** The shareable file of local rules (YAML or JSON). */
export const RULES_DOCUMENT_FORMAT = 'zhengban.recognition-rules';
export const rulesExportQuery = z.object({ format: z.enum(['yaml', 'json']).default('yaml') });
/** The exported document (also accepted by import). */
export const rulesDocumentSchema = z.object({
  format: z.literal(RULES_DOCUMENT_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  rules: z.array(recognitionRuleSchema),
  /** ids of rules exported as disabled */
  disabled: z.array(ruleIdSchema).default([]),
});
export type RulesDocument = z.infer<typeof rulesDocumentSchema>;
export const rulesImportBody = z.object({
  /** the document as text: YAML or JSON (`{ format, version, rules: [...] }` or a bare list of rules) */
  content: z.string().min(1).max(LIMITS.uploadBytes),
  /** upsert: add and update; replace: also delete local rules missing from the document */
  mode: z.enum(['upsert', 'replace']).default('upsert'),
  dryRun: z.boolean().default(false),
});
export type RulesImportInput = z.infer<typeof rulesImportBody>;
export const rulesImportResult = z.object({
  /** true when nothing was written because of errors */
  rejected: z.boolean(),
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  deleted: z.number().int(),
  dryRun: z.boolean(),
  errors: z.array(z.object({ index: z.number().int(), id: z.string().nullable(), path: z.string(), message: z.string() })),
});
export type RulesImportResult = z.infer<typeof rulesImportResult>;
