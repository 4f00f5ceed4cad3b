import { z } from 'zod';
import { LIMITS, daySchema, idSchema, regionCodeSchema } from './common.ts';
import type { Bilingual } from './i18n.ts';
import { CAMPAIGN_LEVELS, deadlinesSchema } from './campaign.ts';

/**
 * Bulletins (通报, programme items 3 and 5): the monthly bulletin
 * (月度汇总通报, due before the 5th, drafted on the 1st from the previous
 * month's month-end snapshot), special bulletins (专项通报) and information
 * reports (信息专报). A draft is edited, numbered (文号) and published; a
 * published bulletin is frozen.
 */

export const BULLETIN_KINDS = ['monthly', 'special', 'info-report'] as const;
export type BulletinKind = (typeof BULLETIN_KINDS)[number];
export const BULLETIN_KIND_LABELS: Record<BulletinKind, Bilingual> = {
  monthly: { 'zh-CN': '月度汇总通报', 'en-US': 'Monthly bulletin' },
  special: { 'zh-CN': '专项通报', 'en-US': 'Special bulletin' },
  'info-report': { 'zh-CN': '信息专报', 'en-US': 'Information report' },
};

export const BULLETIN_STATUSES = ['draft', 'published'] as const;
export type BulletinStatus = (typeof BULLETIN_STATUSES)[number];
export const BULLETIN_STATUS_LABELS: Record<BulletinStatus, Bilingual> = {
  draft: { 'zh-CN': '草稿', 'en-US': 'Draft' },
  published: { 'zh-CN': '已发布', 'en-US': 'Published' },
};

/** Limits of a bulletin's text. */
export const BULLETIN_LIMITS = { sections: 30, sectionText: 8000, heading: 100, docNumber: 60, recipients: 500 } as const;

/** A calendar month, YYYY-MM. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'bulletin.month' });

/**
 * A document number (发文字号): organ code, year in hexagonal brackets, sequence and 号 —
 * 国软正办〔2026〕12号. Square and other brackets typed by hand are turned into 〔〕.
 */
export function normalizeDocNumber(v: string): string {
  return v
    .replace(/\s+/g, '')
    .replace(/[[［【（(]/g, '〔')
    .replace(/[\]］】）)]/g, '〕');
}
export const DOC_NUMBER_PATTERN = /^[^〔〕]{1,40}〔\d{4}〕\d{1,6}号$/;
export const docNumberSchema = z
  .string()
  .trim()
  .max(BULLETIN_LIMITS.docNumber)
  .transform(normalizeDocNumber)
  .refine((v) => DOC_NUMBER_PATTERN.test(v), { message: 'bulletin.docNumber' });

const text = (max: number) => z.string().trim().max(max);

/** One section of the body: a heading (numbered 一、二、… when rendered) and its paragraphs (blank lines separate them). */
export const bulletinSectionSchema = z.object({ heading: text(BULLETIN_LIMITS.heading), text: text(BULLETIN_LIMITS.sectionText) }).strict();
export type BulletinSection = z.infer<typeof bulletinSectionSchema>;

/** Starts a bulletin: a monthly draft from the month-end snapshot, or a special bulletin / information report. */
export const bulletinCreateBody = z
  .object({
    kind: z.enum(BULLETIN_KINDS).default('monthly'),
    /** 000000: national; a province code: the province's own bulletin (its rows are its prefectures) */
    regionCode: regionCodeSchema.default('000000'),
    /** monthly: the month reported (default the previous month); special / info report: the month-end snapshot to quote (default the newest snapshot) */
    month: monthSchema.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.regionCode !== '000000' && !v.regionCode.endsWith('0000')) ctx.addIssue({ code: 'custom', path: ['regionCode'], message: 'bulletin.scope' });
  });
export type BulletinCreateBody = z.output<typeof bulletinCreateBody>;

/** What the office edits in a draft. */
export const bulletinUpdateBody = z
  .object({
    title: text(LIMITS.name).min(1),
    /** 文号; may be filled in before publishing (required to publish) */
    docNumber: docNumberSchema.nullable().optional().transform((v) => v || null),
    /** 发文机关 (its name also makes the red issuing-organ mark) */
    issuingOrgan: text(LIMITS.name).min(1),
    /** 主送机关 */
    recipients: text(BULLETIN_LIMITS.recipients),
    sections: z.array(bulletinSectionSchema).min(1).max(BULLETIN_LIMITS.sections),
    /** 抄送 */
    cc: text(BULLETIN_LIMITS.recipients).nullable().optional().transform((v) => v || null),
    /** print the figure tables as attachments (always for monthly bulletins) */
    includeTables: z.boolean().default(true),
  })
  .strict();
export type BulletinUpdateBody = z.output<typeof bulletinUpdateBody>;

export const bulletinPublishBody = z
  .object({
    docNumber: docNumberSchema,
    /** 成文日期 (China Standard Time); default today */
    publishDate: daySchema.optional(),
  })
  .strict();
export type BulletinPublishBody = z.output<typeof bulletinPublishBody>;

export const bulletinListQuery = z.object({ kind: z.enum(BULLETIN_KINDS).optional(), status: z.enum(BULLETIN_STATUSES).optional() });
export type BulletinListQuery = z.infer<typeof bulletinListQuery>;

const ratio = z.object({ required: z.number().int(), covered: z.number().int(), rate: z.number().nullable() });

/** One row of the progress table: a province (national bulletin) or a prefecture (province bulletin); `本级` holds the scope's own agencies. */
export const bulletinProgressRowSchema = z.object({
  regionCode: z.string(),
  name: z.string(),
  /** the scope's own level (provincial agencies in a province bulletin), not a child region */
  own: z.boolean(),
  inScope: z.number().int(),
  /** completed or verified */
  completed: z.number().int(),
  verified: z.number().int(),
  /** completed ÷ in scope; null when nothing is in scope */
  rate: z.number().nullable(),
  /** 1 = highest rate; equal rates share a rank; null when nothing is in scope */
  rank: z.number().int().nullable(),
  behindDeadline: z.number().int(),
  newlyCompleted: z.number().int(),
  programme: ratio,
});
export type BulletinProgressRow = z.infer<typeof bulletinProgressRowSchema>;

export const bulletinBehindRowSchema = z.object({ regionCode: z.string(), name: z.string(), inScope: z.number().int(), behindDeadline: z.number().int(), share: z.number().nullable() });
export const bulletinNewlyRowSchema = z.object({ orgId: z.string(), name: z.string(), regionCode: z.string(), regionName: z.string(), level: z.string(), status: z.enum(['completed', 'verified']) });
export const bulletinTrendPointSchema = z.object({ month: z.string(), day: z.string(), inScope: z.number().int(), completed: z.number().int(), rate: z.number().nullable(), programme: ratio, overall: ratio });
export type BulletinTrendPoint = z.infer<typeof bulletinTrendPointSchema>;

/** The figures a bulletin publishes, computed from one snapshot (and the month-end snapshots before it). */
export const bulletinTablesSchema = z.object({
  /** the month reported (YYYY-MM) and the snapshot day the figures are of */
  month: z.string(),
  day: z.string(),
  scope: z.object({ code: z.string(), name: z.string() }),
  /** what a row of the progress table is */
  unit: z.enum(['province', 'prefecture']),
  deadlines: deadlinesSchema,
  /** levels whose deadline had passed on the snapshot day */
  levelsPastDeadline: z.array(z.enum(CAMPAIGN_LEVELS)),
  totals: z.object({
    inScope: z.number().int(),
    completed: z.number().int(),
    verified: z.number().int(),
    rate: z.number().nullable(),
    behindDeadline: z.number().int(),
    newlyCompleted: z.number().int(),
    programme: ratio,
    overall: ratio,
    /** the same node at the previous month-end snapshot (null: none) */
    previous: z.object({ day: z.string(), rate: z.number().nullable(), programmeRate: z.number().nullable() }).nullable(),
  }),
  progress: z.array(bulletinProgressRowSchema),
  behind: z.array(bulletinBehindRowSchema),
  /** how "newly completed" was decided: against the previous month-end snapshot, or from the month's transitions when there is none */
  newlyBasis: z.enum(['snapshot', 'transitions']),
  newlyCompleted: z.array(bulletinNewlyRowSchema),
  trend: z.array(bulletinTrendPointSchema),
});
export type BulletinTables = z.infer<typeof bulletinTablesSchema>;

export const bulletinSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(BULLETIN_KINDS),
  regionCode: z.string(),
  regionName: z.string(),
  month: z.string().nullable(),
  snapshotId: z.string().nullable(),
  snapshotDay: z.string().nullable(),
  status: z.enum(BULLETIN_STATUSES),
  docNumber: z.string().nullable(),
  title: z.string(),
  issuingOrgan: z.string(),
  publishDate: z.string().nullable(),
  publishedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type BulletinSummary = z.infer<typeof bulletinSummarySchema>;

export const bulletinSchema = bulletinSummarySchema.extend({
  recipients: z.string(),
  sections: z.array(bulletinSectionSchema),
  cc: z.string().nullable(),
  includeTables: z.boolean(),
  tables: bulletinTablesSchema.nullable(),
  /** SHA-256 of the frozen content (published bulletins) */
  checksum: z.string().nullable(),
  /** the frozen content still hashes to the checksum (null for drafts) */
  checksumOk: z.boolean().nullable(),
});
export type BulletinView = z.infer<typeof bulletinSchema>;
