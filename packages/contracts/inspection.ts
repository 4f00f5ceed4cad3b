import { z } from 'zod';
import { LIMITS, daySchema, idSchema, regionCodeSchema } from './common.ts';
import { LICENCE_CLASSES, SOFTWARE_CATEGORIES } from './recognition.ts';
import { COVERAGE_STATUSES, UNCOVERED_REASONS } from './licensing.ts';
import { ADMIN_LEVELS } from './orgs.ts';

/**
 * Supervision inspections (督查, programme item 4): on-site inspections
 * (实地督查) and written inspections (书面督查) in March and August, special
 * inspections (专项督查) of the slowest provinces in May and October. An
 * on-site plan samples organizations and their computers, inspectors upload
 * signed `zb scan` result files that are evaluated on the spot, and the
 * findings are followed up until verified.
 */

type Label = { 'zh-CN': string; 'en-US': string };

export const INSPECTION_TYPES = ['on-site', 'written', 'special'] as const;
export type InspectionType = (typeof INSPECTION_TYPES)[number];
export const INSPECTION_TYPE_LABELS: Record<InspectionType, Label> = {
  'on-site': { 'zh-CN': '实地督查', 'en-US': 'On-site inspection' },
  written: { 'zh-CN': '书面督查', 'en-US': 'Written inspection' },
  special: { 'zh-CN': '专项督查', 'en-US': 'Special inspection' },
};

/** The programme's months: on-site and written in March and August, special in May and October. */
export const PROGRAMME_MONTHS: Record<InspectionType, readonly number[]> = { 'on-site': [3, 8], written: [3, 8], special: [5, 10] };

/** draft → confirmed (by the national office) → in-progress (sampled, questionnaire sent, proposal confirmed) → closed. */
export const PLAN_STATUSES = ['draft', 'confirmed', 'in-progress', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Record<PlanStatus, Label> = {
  draft: { 'zh-CN': '草稿', 'en-US': 'Draft' },
  confirmed: { 'zh-CN': '已确认', 'en-US': 'Confirmed' },
  'in-progress': { 'zh-CN': '进行中', 'en-US': 'In progress' },
  closed: { 'zh-CN': '已结束', 'en-US': 'Closed' },
};

export const FINDING_SEVERITIES = ['high', 'medium', 'low'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];
export const SEVERITY_LABELS: Record<FindingSeverity, Label> = {
  high: { 'zh-CN': '严重', 'en-US': 'High' },
  medium: { 'zh-CN': '一般', 'en-US': 'Medium' },
  low: { 'zh-CN': '轻微', 'en-US': 'Low' },
};

/** open → rectifying (the organization reports its fix) → verified (the inspector checked it); rectifying → open when the check fails. */
export const FINDING_STATUSES = ['open', 'rectifying', 'verified'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export const FINDING_STATUS_LABELS: Record<FindingStatus, Label> = {
  open: { 'zh-CN': '待整改', 'en-US': 'Open' },
  rectifying: { 'zh-CN': '整改中', 'en-US': 'Rectifying' },
  verified: { 'zh-CN': '已核实整改', 'en-US': 'Verified' },
};

/** Organization levels sampled as strata. */
export const SAMPLE_LEVELS = ADMIN_LEVELS;

const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => text(max).nullable().optional().transform((v) => (v ? v : null));

/** Seeds of the sampling PRNG: a non-negative 31-bit integer, recorded with the sample. */
export const seedSchema = z.coerce.number().int().min(0).max(2_147_483_647);

/** What the national office sets for a plan. */
export const planBody = z
  .object({
    year: z.number().int().min(2000).max(2100),
    type: z.enum(INSPECTION_TYPES),
    month: z.number().int().min(1).max(12),
    title: text(LIMITS.name).min(1),
    /** region offices inspected (GB/T 2260 codes; a province, prefecture or county); special plans get theirs from the confirmed proposal */
    targetRegions: z.array(regionCodeSchema).max(100).default([]),
    /** on-site: organizations to visit in total, allocated to the levels in proportion */
    orgSampleSize: z.number().int().min(1).max(1000).default(10),
    /** on-site: computers to check in each sampled organization */
    devicesPerOrg: z.number().int().min(1).max(100).default(3),
    /** user ids of the inspectors (督查员) assigned */
    inspectorIds: z.array(idSchema).max(50).default([]),
    note: optText(LIMITS.text),
  })
  .strict();
export type PlanBody = z.output<typeof planBody>;

export const sampleBody = z.object({ seed: seedSchema.optional().describe('default: a new random seed (recorded)') }).strict();

export const planSchema = z.object({
  id: z.string(),
  year: z.number().int(),
  type: z.enum(INSPECTION_TYPES),
  month: z.number().int(),
  title: z.string(),
  targetRegions: z.array(z.object({ code: z.string(), name: z.string().nullable() })),
  orgSampleSize: z.number().int(),
  devicesPerOrg: z.number().int(),
  /** organizations per level of the recorded sample */
  allocation: z.record(z.string(), z.number().int()).nullable(),
  seed: z.number().int().nullable(),
  sampledAt: z.string().nullable(),
  status: z.enum(PLAN_STATUSES),
  inspectors: z.array(z.object({ id: z.string(), name: z.string() })),
  note: z.string().nullable(),
  questionnaireSentAt: z.string().nullable(),
  campaignId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** counts the caller may see */
  counts: z.object({ orgs: z.number().int(), devices: z.number().int(), scans: z.number().int(), findings: z.number().int(), openFindings: z.number().int(), answers: z.number().int() }),
});
export type PlanView = z.infer<typeof planSchema>;

export const planListQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  type: z.enum(INSPECTION_TYPES).optional(),
  status: z.enum(PLAN_STATUSES).optional(),
  mine: z.enum(['true', 'false']).optional().transform((v) => v === 'true').describe('only plans I am assigned to'),
});

export const sampledDeviceSchema = z.object({ deviceId: z.string(), name: z.string().nullable(), serial: z.string().nullable(), os: z.string().nullable() });
export const sampledOrgSchema = z.object({
  orgId: z.string(),
  orgName: z.string(),
  uscc: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  level: z.enum(ADMIN_LEVELS),
  position: z.number().int(),
  devices: z.array(sampledDeviceSchema),
  scans: z.number().int(),
  findings: z.number().int(),
  openFindings: z.number().int(),
});
export type SampledOrg = z.infer<typeof sampledOrgSchema>;
export const sampleSchema = z.object({ planId: z.string(), seed: z.number().int().nullable(), allocation: z.record(z.string(), z.number().int()).nullable(), population: z.record(z.string(), z.number().int()).nullable(), orgs: z.array(sampledOrgSchema) });
export type SampleView = z.infer<typeof sampleSchema>;

/** One install of a scanned computer as evaluated on the spot. */
export const evaluatedInstallSchema = z.object({
  name: z.string(),
  version: z.string().nullable(),
  productKey: z.string(),
  product: z.string().nullable(),
  category: z.enum(SOFTWARE_CATEGORIES).nullable(),
  licenceClass: z.enum(LICENCE_CLASSES),
  status: z.enum(COVERAGE_STATUSES),
  reason: z.enum(UNCOVERED_REASONS).nullable(),
  entitlementId: z.string().nullable(),
});
export type EvaluatedInstall = z.infer<typeof evaluatedInstallSchema>;

export const evaluationSchema = z.object({
  day: z.string(),
  deviceName: z.string().nullable(),
  serial: z.string().nullable(),
  os: z.string().nullable(),
  /** the stored computer the scan was matched to (its stored installs were set aside for the evaluation) */
  matchedDeviceId: z.string().nullable(),
  software: z.number().int(),
  requiring: z.number().int(),
  covered: z.number().int(),
  uncovered: z.number().int(),
  /** installs that need a licence, covered or not */
  installs: z.array(evaluatedInstallSchema),
});
export type Evaluation = z.infer<typeof evaluationSchema>;

export const scanSchema = z.object({
  id: z.string(),
  planId: z.string(),
  orgId: z.string(),
  filename: z.string(),
  uploadId: z.string(),
  sha256: z.string(),
  /** the signer's key id (first 16 hex digits of the SHA-256 of the ed25519 public key) */
  keyId: z.string(),
  /** the signer's name as the file gives it (the key's name) */
  signer: z.string(),
  /** the user whose registered signing key signed the file (null for scans from before keys were registered) */
  signerUserId: z.string().nullable(),
  /** that user's display name */
  signerName: z.string().nullable(),
  verified: z.boolean(),
  collectedAt: z.string().nullable(),
  uploadedBy: z.string().nullable(),
  uploadedAt: z.string(),
  evaluation: evaluationSchema,
  findings: z.number().int(),
});
export type ScanView = z.infer<typeof scanSchema>;

export const followUpSchema = z.object({ id: z.string(), at: z.string(), by: z.string().nullable(), status: z.enum(FINDING_STATUSES), note: z.string() });
export type FollowUpView = z.infer<typeof followUpSchema>;

export const findingSchema = z.object({
  id: z.string(),
  planId: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  regionCode: z.string(),
  scanId: z.string().nullable(),
  deviceName: z.string().nullable(),
  productKey: z.string().nullable(),
  product: z.string().nullable(),
  severity: z.enum(FINDING_SEVERITIES),
  description: z.string(),
  foundDay: z.string(),
  fixDeadline: z.string(),
  overdue: z.boolean(),
  status: z.enum(FINDING_STATUSES),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  followUps: z.array(followUpSchema),
});
export type FindingView = z.infer<typeof findingSchema>;

export const findingListQuery = z.object({ orgId: idSchema.optional(), status: z.enum(FINDING_STATUSES).optional(), severity: z.enum(FINDING_SEVERITIES).optional() });

/** A finding recorded by hand (what a scan cannot show: no asset register, pirated copies on a USB stick…). */
export const findingBody = z
  .object({
    orgId: idSchema,
    severity: z.enum(FINDING_SEVERITIES),
    description: text(LIMITS.text).min(1),
    productKey: optText(300),
    deviceName: optText(255),
    /** default: the finding day + the days of its severity */
    fixDeadline: daySchema.optional(),
  })
  .strict();
export type FindingBody = z.output<typeof findingBody>;

export const followUpBody = z.object({ status: z.enum(FINDING_STATUSES), note: text(LIMITS.text).min(1) }).strict();
export type FollowUpBody = z.infer<typeof followUpBody>;

// ——— written inspections ———

export const questionSchema = z.object({ id: z.string().min(1).max(40), text: text(1000).min(1) });
export const questionnaireBody = z
  .object({ questions: z.array(questionSchema).min(1).max(100) })
  .strict()
  .superRefine((v, ctx) => {
    if (new Set(v.questions.map((q) => q.id)).size !== v.questions.length) ctx.addIssue({ code: 'custom', path: ['questions'], message: 'inspection.question.duplicate' });
  });
export type QuestionnaireBody = z.infer<typeof questionnaireBody>;

export const answersBody = z
  .object({
    /** the region office answering (default: the caller's own region) */
    regionCode: regionCodeSchema.optional(),
    answers: z.record(z.string().max(40), text(LIMITS.text)),
  })
  .strict();
export type AnswersBody = z.infer<typeof answersBody>;

export const answerSheetSchema = z.object({ regionCode: z.string(), regionName: z.string().nullable(), answers: z.record(z.string(), z.string()), answeredBy: z.string().nullable(), answeredAt: z.string() });
export type AnswerSheet = z.infer<typeof answerSheetSchema>;
export const questionnaireSchema = z.object({
  questions: z.array(questionSchema),
  sentAt: z.string().nullable(),
  answers: z.array(answerSheetSchema),
  /** target offices (in the caller's scope) that have not answered */
  missing: z.array(z.object({ regionCode: z.string(), regionName: z.string().nullable() })),
});
export type QuestionnaireView = z.infer<typeof questionnaireSchema>;

// ——— special inspections ———

export const proposalRowSchema = z.object({
  regionCode: z.string(),
  regionName: z.string().nullable(),
  rank: z.number().int(),
  /** agencies in the campaign and how many have completed (completed or verified) */
  inScope: z.number().int(),
  done: z.number().int(),
  /** done ÷ in scope */
  completionShare: z.number(),
  /** the share of the time to the deadline that has passed, averaged over the agencies */
  elapsedShare: z.number(),
  /** elapsed share − completion share: how far behind schedule */
  gap: z.number(),
  confirmed: z.boolean(),
});
export type InspectionProposalRow = z.infer<typeof proposalRowSchema>;
export const inspectionProposalSchema = z.object({ campaignId: z.string().nullable(), day: z.string().nullable(), rows: z.array(proposalRowSchema), confirmedAt: z.string().nullable(), confirmedBy: z.string().nullable() });
export type InspectionProposal = z.infer<typeof inspectionProposalSchema>;
export const proposeBody = z.object({ count: z.number().int().min(1).max(34).default(5) }).strict();
export const confirmProposalBody = z.object({ regionCodes: z.array(regionCodeSchema).min(1).max(34) }).strict();

export const planDetailSchema = planSchema.extend({ mayConduct: z.boolean(), mayWrite: z.boolean(), mayAnswer: z.array(z.string()) });
export type PlanDetail = z.infer<typeof planDetailSchema>;
