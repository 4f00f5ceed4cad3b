import { z } from 'zod';
import { LIMITS, daySchema, idSchema, pageQuery, regionCodeSchema } from './common.ts';
import { PROGRAMME_CATEGORIES } from './licensing.ts';
import { ADMIN_LEVELS } from './orgs.ts';

/**
 * The rectification campaign (检查整改, programme items 1–4): campaigns with
 * a deadline per administrative level, the progress of every government
 * agency in scope, documented exceptions, and dated snapshots (快照) that
 * freeze the figures the bulletins publish.
 */

type Label = { 'zh-CN': string; 'en-US': string };

export const CAMPAIGN_STATUSES = ['active', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Levels a campaign sets deadlines for (the organization levels below national). */
export const CAMPAIGN_LEVELS = ['provincial', 'prefecture', 'county'] as const satisfies readonly (typeof ADMIN_LEVELS)[number][];
export type CampaignLevel = (typeof CAMPAIGN_LEVELS)[number];

/**
 * Progress of one organization: not started → self-check (自查) → rectifying
 * (整改中) → completed (declared, 已完成) → verified (accepted after
 * inspection, 已验收). completed → rectifying: returned by the level above;
 * verified → rectifying: an inspection found problems.
 */
export const PROGRESS_STATUSES = ['not-started', 'self-check', 'rectifying', 'completed', 'verified'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];
export const PROGRESS_LABELS: Record<ProgressStatus, Label> = {
  'not-started': { 'zh-CN': '未开始', 'en-US': 'Not started' },
  'self-check': { 'zh-CN': '自查中', 'en-US': 'Self-check' },
  rectifying: { 'zh-CN': '整改中', 'en-US': 'Rectifying' },
  completed: { 'zh-CN': '已完成（待验收）', 'en-US': 'Completed (declared)' },
  verified: { 'zh-CN': '已验收', 'en-US': 'Verified' },
};

export const EXCEPTION_STATUSES = ['requested', 'approved', 'rejected'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

export const SNAPSHOT_KINDS = ['month-end', 'on-demand'] as const;
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];

const day = daySchema;
const text = (max: number) => z.string().trim().max(max);

const deadlinesBody = z
  .object({
    provincial: day.nullable().optional().transform((v) => v ?? null),
    prefecture: day.nullable().optional().transform((v) => v ?? null),
    county: day.nullable().optional().transform((v) => v ?? null),
  })
  .strict();

/** What the national office sets for a campaign. */
export const campaignBody = z
  .object({
    name: text(LIMITS.name).min(1),
    description: text(LIMITS.text).nullable().optional().transform((v) => (v ? v : null)),
    /** the legalization rate each required category must reach, 0..1 (1 = every install licensed) */
    threshold: z.number().min(0).max(1).default(1),
    /** categories whose rate must reach the threshold (the programme's three by default) */
    categories: z.array(z.enum(PROGRAMME_CATEGORIES)).min(1).max(PROGRAMME_CATEGORIES.length).default([...PROGRAMME_CATEGORIES]),
    /** deadline per level; agencies of a level without one are not in scope */
    deadlines: deadlinesBody,
    status: z.enum(CAMPAIGN_STATUSES).default('active'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.deadlines.provincial && !v.deadlines.prefecture && !v.deadlines.county) ctx.addIssue({ code: 'custom', path: ['deadlines'], message: 'campaign.deadlines' });
  });
export type CampaignBody = z.output<typeof campaignBody>;

export const deadlinesSchema = z.object({ provincial: z.string().nullable(), prefecture: z.string().nullable(), county: z.string().nullable() });
export type Deadlines = z.infer<typeof deadlinesSchema>;

const statusCounts = z.object({ 'not-started': z.number().int(), 'self-check': z.number().int(), rectifying: z.number().int(), completed: z.number().int(), verified: z.number().int() });
export type StatusCounts = z.infer<typeof statusCounts>;

export const campaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  threshold: z.number(),
  categories: z.array(z.enum(PROGRAMME_CATEGORIES)),
  deadlines: deadlinesSchema,
  status: z.enum(CAMPAIGN_STATUSES),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** agencies in scope that the caller may see, by status, and how many are behind their deadline */
  counts: statusCounts.extend({ inScope: z.number().int(), behindDeadline: z.number().int() }),
});
export type CampaignView = z.infer<typeof campaignSchema>;

export const progressListQuery = pageQuery.extend({
  status: z.enum(PROGRESS_STATUSES).optional(),
  level: z.enum(CAMPAIGN_LEVELS).optional(),
  regionCode: regionCodeSchema.optional().describe('region subtree'),
  q: z.string().trim().max(100).optional().describe('organization name contains'),
  behind: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')).describe('only agencies behind their deadline'),
});
export type ProgressListQuery = z.infer<typeof progressListQuery>;

/** A category's figures as evidence: installs needing a licence, covered, the rate and whether it reaches the threshold. */
export const categoryEvidenceSchema = z.object({ category: z.enum(PROGRAMME_CATEGORIES), required: z.number().int(), covered: z.number().int(), rate: z.number().nullable(), met: z.boolean() });

/** The evidence behind a declaration of completion: the figures seen, or the approved exception. */
export const evidenceSchema = z.object({
  kind: z.enum(['figures', 'exception']),
  threshold: z.number(),
  devices: z.number().int(),
  categories: z.array(categoryEvidenceSchema),
  /** all required categories reach the threshold (and the organization has devices) */
  met: z.boolean(),
  exceptionId: z.string().nullable(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const progressItemSchema = z.object({
  orgId: z.string(),
  orgName: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  level: z.enum(CAMPAIGN_LEVELS),
  status: z.enum(PROGRESS_STATUSES),
  deadline: z.string(),
  behindDeadline: z.boolean(),
  updatedAt: z.string().nullable(),
  /** the programme rate from the stored compliance figures (null: nothing needs a licence) */
  programmeRate: z.number().nullable(),
  devices: z.number().int(),
  pendingExceptionId: z.string().nullable(),
});
export type ProgressItem = z.infer<typeof progressItemSchema>;
export const progressPageSchema = z.object({ items: z.array(progressItemSchema), total: z.number().int(), counts: statusCounts });

export const transitionBody = z.object({ to: z.enum(PROGRESS_STATUSES), reason: text(LIMITS.text).min(1) }).strict();
export type TransitionBody = z.infer<typeof transitionBody>;

export const transitionSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  orgId: z.string(),
  from: z.enum(PROGRESS_STATUSES),
  to: z.enum(PROGRESS_STATUSES),
  at: z.string(),
  by: z.string().nullable(),
  reason: z.string(),
  evidence: evidenceSchema.nullable(),
});
export type TransitionView = z.infer<typeof transitionSchema>;

export const exceptionBody = z.object({ reason: text(LIMITS.text).min(1) }).strict();
export const decisionBody = z.object({ decision: z.enum(['approved', 'rejected']), note: text(LIMITS.text).nullable().optional().transform((v) => (v ? v : null)) }).strict();
export type DecisionBody = z.infer<typeof decisionBody>;

export const exceptionSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  regionCode: z.string(),
  reason: z.string(),
  requestedBy: z.string().nullable(),
  requestedAt: z.string(),
  status: z.enum(EXCEPTION_STATUSES),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
});
export type ExceptionView = z.infer<typeof exceptionSchema>;
export const exceptionListQuery = pageQuery.extend({ status: z.enum(EXCEPTION_STATUSES).optional(), orgId: idSchema.optional() });

/** One organization in a campaign: its state, history, exceptions and what declaring completion would rest on now. */
export const progressDetailSchema = progressItemSchema.extend({
  /** states the caller may move it to now */
  allowed: z.array(z.enum(PROGRESS_STATUSES)),
  evidence: evidenceSchema,
  transitions: z.array(transitionSchema),
  exceptions: z.array(exceptionSchema),
});
export type ProgressDetail = z.infer<typeof progressDetailSchema>;

// ——— snapshots ———

export const snapshotCreateBody = z
  .object({
    /** the day to freeze (China Standard Time); default today */
    day: day.optional(),
    /** freeze the last day of the previous month (the month-end snapshot) */
    previousMonthEnd: z.boolean().optional(),
    /** the campaign whose progress it freezes; default the newest active one */
    campaignId: idSchema.optional(),
  })
  .strict();
export type SnapshotCreateBody = z.infer<typeof snapshotCreateBody>;

export const snapshotSchema = z.object({
  id: z.string(),
  day: z.string(),
  kind: z.enum(SNAPSHOT_KINDS),
  campaignId: z.string().nullable(),
  campaignName: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  /** SHA-256 of the canonical figure rows */
  checksum: z.string(),
  rows: z.number().int(),
  /** rows carrying a revision of the previous snapshot's figures */
  revisedRows: z.number().int(),
});
export type SnapshotView = z.infer<typeof snapshotSchema>;

const ratioPair = z.object({ required: z.number().int(), covered: z.number().int(), rate: z.number().nullable() });

/** One frozen row: an organization or a region node (`R:` + code; `R:000000` national). */
export const figureSchema = z.object({
  subject: z.string(),
  kind: z.enum(['org', 'region']),
  /** organization level, or region level (national / province / prefecture / county) */
  level: z.string(),
  name: z.string(),
  regionCode: z.string(),
  inScope: z.number().int(),
  notStarted: z.number().int(),
  selfCheck: z.number().int(),
  rectifying: z.number().int(),
  completed: z.number().int(),
  verified: z.number().int(),
  behindDeadline: z.number().int(),
  devices: z.number().int(),
  compliantDevices: z.number().int(),
  overall: ratioPair,
  programme: ratioPair,
  os: ratioPair,
  office: ratioPair,
  security: ratioPair,
  spent: z.number(),
  /** the previous snapshot's published figures of this subject that the records now give differently: field → [published, corrected] */
  revised: z.object({ previousDay: z.string(), changes: z.record(z.string(), z.tuple([z.number().nullable(), z.number().nullable()])) }).nullable(),
});
export type FigureView = z.infer<typeof figureSchema>;

export const drillDownQuery = z.object({ regionCode: regionCodeSchema.optional().describe('region node to open (000000 = national); default: the caller’s top node') });
export const drillDownSchema = z.object({ snapshot: snapshotSchema, node: figureSchema.nullable(), regions: z.array(figureSchema), orgs: z.array(figureSchema) });
export type DrillDown = z.infer<typeof drillDownSchema>;

export const snapshotVerifySchema = z.object({
  day: z.string(),
  ok: z.boolean(),
  /** the frozen rows still have the checksum recorded at creation */
  checksumOk: z.boolean(),
  checked: z.number().int(),
  differences: z.array(z.object({ subject: z.string(), name: z.string(), field: z.string(), frozen: z.number().nullable(), recomputed: z.number().nullable() })),
  /** differences outside the caller's scope (counted, not shown) */
  hiddenDifferences: z.number().int(),
});
export type SnapshotVerify = z.infer<typeof snapshotVerifySchema>;
