import { z } from 'zod';
import { LIMITS, daySchema, idSchema } from './common.ts';

/**
 * Status forms (落实情况表) and completion lists (programme item 3): in a
 * reporting round (填报任务) set by the national office, every region office
 * of the chosen levels submits, by the due day, a form prefilled from live
 * data of its region subtree plus the names of newly completed provincial
 * agencies and prefecture/county governments. The office of the level above
 * reviews it: returns it with comments, or accepts it (a frozen version).
 */

type Label = { 'zh-CN': string; 'en-US': string };

/** Levels of region offices that report (a county office is optional). */
export const FORM_LEVELS = ['province', 'prefecture', 'county'] as const;
export type FormLevel = (typeof FORM_LEVELS)[number];
export const FORM_LEVEL_LABELS: Record<FormLevel, Label> = {
  province: { 'zh-CN': '省级', 'en-US': 'Province' },
  prefecture: { 'zh-CN': '地市级', 'en-US': 'Prefecture' },
  county: { 'zh-CN': '县级', 'en-US': 'County' },
};

/** draft (草稿) → submitted (已提交) → returned (已退回, edited and resubmitted) or accepted (已接受, frozen). */
export const FORM_STATUSES = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];
export const FORM_STATUS_LABELS: Record<FormStatus, Label> = {
  draft: { 'zh-CN': '填报中', 'en-US': 'Draft' },
  submitted: { 'zh-CN': '已提交（待审核）', 'en-US': 'Submitted' },
  returned: { 'zh-CN': '已退回', 'en-US': 'Returned' },
  accepted: { 'zh-CN': '已接受', 'en-US': 'Accepted' },
};

/**
 * The figures of a form, for the region's subtree: agencies in the
 * campaign's scope, of which completed (declared or verified) and verified,
 * their computers, covered installs of an operating system / office suite /
 * antivirus, and the money spent on purchases within the period (yuan).
 */
export const FORM_FIGURES = ['agenciesInScope', 'completed', 'verified', 'computers', 'osLicensed', 'officeLicensed', 'securityLicensed', 'spent'] as const;
export type FormFigure = (typeof FORM_FIGURES)[number];
export const FORM_FIGURE_LABELS: Record<FormFigure, Label> = {
  agenciesInScope: { 'zh-CN': '纳入整改范围的机关数', 'en-US': 'Agencies in scope' },
  completed: { 'zh-CN': '已完成整改的机关数', 'en-US': 'Agencies completed' },
  verified: { 'zh-CN': '其中已验收', 'en-US': 'of which verified' },
  computers: { 'zh-CN': '计算机数量', 'en-US': 'Computers' },
  osLicensed: { 'zh-CN': '正版操作系统（套）', 'en-US': 'Licensed operating systems' },
  officeLicensed: { 'zh-CN': '正版办公软件（套）', 'en-US': 'Licensed office suites' },
  securityLicensed: { 'zh-CN': '正版杀毒软件（套）', 'en-US': 'Licensed antivirus' },
  spent: { 'zh-CN': '本期软件采购金额（元）', 'en-US': 'Spent in the period (yuan)' },
};

/** A completion list entry: a provincial agency, or a prefecture/county government (all its agencies done). */
export const COMPLETION_KINDS = ['agency', 'government'] as const;
export type CompletionKind = (typeof COMPLETION_KINDS)[number];

const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) =>
  text(max)
    .nullable()
    .optional()
    .transform((v) => (v ? v : null));

// ——— rounds ———

/** What the national office sets for a reporting round. */
export const roundBody = z
  .object({
    campaignId: idSchema,
    /** e.g. 2026年11月 */
    periodLabel: text(100).min(1),
    /** the period the completion list and the money spent cover, inclusive */
    periodStart: daySchema,
    periodEnd: daySchema,
    /** levels of region offices that must report */
    levels: z.array(z.enum(FORM_LEVELS)).min(1).max(FORM_LEVELS.length),
    /** the last day a submission is in time */
    dueDay: daySchema,
    note: optText(LIMITS.text),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.periodEnd < v.periodStart) ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'date.order' });
  });
export type RoundBody = z.output<typeof roundBody>;

const formCounts = z.object({
  /** forms in the caller's subtree */
  expected: z.number().int(),
  draft: z.number().int(),
  submitted: z.number().int(),
  returned: z.number().int(),
  accepted: z.number().int(),
  late: z.number().int(),
  missing: z.number().int(),
});

export const roundSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  campaignName: z.string().nullable(),
  periodLabel: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  levels: z.array(z.enum(FORM_LEVELS)),
  dueDay: z.string(),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  /** past the due day (China Standard Time) */
  overdue: z.boolean(),
  counts: formCounts,
});
export type RoundView = z.infer<typeof roundSchema>;

// ——— form content ———

export const figureEntrySchema = z.object({
  key: z.enum(FORM_FIGURES),
  /** what the live data gave when the form was (re)prefilled */
  prefilled: z.number(),
  /** what the office reports (differs from prefilled when edited) */
  value: z.number(),
  note: z.string().nullable(),
});
export type FigureEntry = z.infer<typeof figureEntrySchema>;

export const completionEntrySchema = z.object({
  /** an organization id (agency), or `R:` + region code (government) */
  subject: z.string(),
  kind: z.enum(COMPLETION_KINDS),
  name: z.string(),
  /** provincial, prefecture or county */
  level: z.string(),
  regionCode: z.string(),
  /** prefilled from the campaign progress, or added by the office */
  source: z.enum(['prefilled', 'added']),
  /** a prefilled entry the office took out (kept so the reviewer sees it) */
  removed: z.boolean(),
  note: z.string().nullable(),
});
export type CompletionEntry = z.infer<typeof completionEntrySchema>;

export const formContentSchema = z.object({
  figures: z.array(figureEntrySchema),
  completions: z.array(completionEntrySchema),
  remarks: z.string().nullable(),
  prefilledAt: z.string(),
});
export type FormContent = z.infer<typeof formContentSchema>;

/** What the office saves: reported figures, changes to the completion list, remarks. */
export const formDraftBody = z
  .object({
    figures: z.array(z.object({ key: z.enum(FORM_FIGURES), value: z.number().min(0).max(1e13), note: optText(500) }).strict()).max(FORM_FIGURES.length).default([]),
    /** prefilled entries to keep or take out, and entries to add (a note says why) */
    completions: z.array(z.object({ subject: text(64).min(1), removed: z.boolean().default(false), note: optText(500) }).strict()).max(5000).default([]),
    remarks: optText(LIMITS.text),
  })
  .strict();
export type FormDraftBody = z.output<typeof formDraftBody>;

export const formReturnBody = z.object({ comments: text(LIMITS.text).min(1) }).strict();
export const formAcceptBody = z.object({ comments: optText(LIMITS.text) }).strict();

// ——— form views ———

export const formReviewSchema = z.object({ decision: z.enum(['returned', 'accepted']), comments: z.string().nullable(), at: z.string(), by: z.string().nullable() });

/** One submission: numbered, kept for history, never changed. */
export const formVersionSchema = z.object({
  version: z.number().int(),
  submittedAt: z.string(),
  submittedBy: z.string().nullable(),
  late: z.boolean(),
  /** SHA-256 of the submitted content in canonical form */
  checksum: z.string(),
  /** the stored content still hashes to the checksum */
  checksumOk: z.boolean(),
  content: formContentSchema,
  review: formReviewSchema.nullable(),
});
export type FormVersionView = z.infer<typeof formVersionSchema>;

export const formRowSchema = z.object({
  id: z.string(),
  roundId: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  level: z.enum(FORM_LEVELS),
  /** the office that reviews it (`000000` = national office) */
  reviewerCode: z.string(),
  status: z.enum(FORM_STATUSES),
  /** the office has opened (prefilled) the form */
  started: z.boolean(),
  /** submissions so far */
  version: z.number().int(),
  firstSubmittedAt: z.string().nullable(),
  lastSubmittedAt: z.string().nullable(),
  /** first submitted after the due day */
  late: z.boolean(),
  /** not submitted and the due day has passed */
  missing: z.boolean(),
  acceptedVersion: z.number().int().nullable(),
});
export type FormRow = z.infer<typeof formRowSchema>;

export const roundFormsSchema = z.object({
  round: roundSchema,
  items: z.array(formRowSchema),
  late: z.array(formRowSchema),
  missing: z.array(formRowSchema),
});
export type RoundForms = z.infer<typeof roundFormsSchema>;

export const formDetailSchema = formRowSchema.extend({
  round: roundSchema,
  reviewerName: z.string().nullable(),
  /** the current content (the draft, or the last submission); null before the office opens it */
  content: formContentSchema.nullable(),
  /** the comments of the last return */
  comments: z.string().nullable(),
  /** the frozen accepted version's checksum */
  acceptedChecksum: z.string().nullable(),
  /** the caller may save and submit it (its own office, not accepted) */
  canEdit: z.boolean(),
  /** the caller may return or accept it (the level above, submitted) */
  canReview: z.boolean(),
  /** agencies and governments of the subtree that are done but not on the list: what may be added */
  candidates: z.array(completionEntrySchema),
  history: z.array(formVersionSchema),
});
export type FormDetail = z.infer<typeof formDetailSchema>;
