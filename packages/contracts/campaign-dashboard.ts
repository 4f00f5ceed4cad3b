import { z } from 'zod';
import { CAMPAIGN_LEVELS, CAMPAIGN_STATUSES, PROGRESS_STATUSES, deadlinesSchema } from './campaign.ts';
import { regionCodeSchema } from './common.ts';

/**
 * The campaign dashboard (检查整改看板): live figures of a campaign at one
 * region node — its child regions (for the map), progress by level against
 * each level's deadline, the agencies behind their deadline, and the trend
 * from the campaign's month-end snapshots.
 */

/** The sheets of the dashboard workbook, one per chart. */
export const DASHBOARD_SHEETS = ['regions', 'levels', 'overdue', 'trend'] as const;
export type DashboardSheet = (typeof DASHBOARD_SHEETS)[number];

export const dashboardQuery = z.object({
  regionCode: regionCodeSchema.optional().describe('region node (000000 = national); default: the caller’s top node'),
});

export const dashboardXlsxQuery = dashboardQuery.extend({
  sheet: z.enum(DASHBOARD_SHEETS).optional().describe('one chart’s sheet only; default every sheet'),
});
export type DashboardXlsxQuery = z.infer<typeof dashboardXlsxQuery>;

const ratio = z.object({ required: z.number().int(), covered: z.number().int(), rate: z.number().nullable() });

/** The figures of a region node (or of the agencies registered at a node itself). */
export const dashboardRegionSchema = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  /** national / province / prefecture / county */
  level: z.string(),
  inScope: z.number().int(),
  notStarted: z.number().int(),
  selfCheck: z.number().int(),
  rectifying: z.number().int(),
  completed: z.number().int(),
  verified: z.number().int(),
  behindDeadline: z.number().int(),
  /** (completed + verified) / in scope; null with no agency in scope */
  completionRate: z.number().nullable(),
  /** the programme legalization rate (the three categories together) of the agencies in scope */
  programme: ratio,
  os: ratio,
  office: ratio,
  security: ratio,
});
export type DashboardRegion = z.infer<typeof dashboardRegionSchema>;

/** Progress of one level against its deadline. */
export const dashboardLevelSchema = z.object({
  level: z.enum(CAMPAIGN_LEVELS),
  deadline: z.string(),
  inScope: z.number().int(),
  /** completed or verified */
  done: z.number().int(),
  verified: z.number().int(),
  completionRate: z.number().nullable(),
  behindDeadline: z.number().int(),
  /** days from today to the deadline: positive left, 0 the deadline is today, negative overdue */
  daysLeft: z.number().int(),
});
export type DashboardLevel = z.infer<typeof dashboardLevelSchema>;

/** An agency past its level's deadline and not completed. */
export const overdueItemSchema = z.object({
  orgId: z.string(),
  orgName: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  level: z.enum(CAMPAIGN_LEVELS),
  deadline: z.string(),
  daysOverdue: z.number().int(),
  status: z.enum(PROGRESS_STATUSES),
});
export type OverdueItem = z.infer<typeof overdueItemSchema>;

/** One point of the trend: a month-end snapshot of the campaign, or today's live figures. */
export const dashboardTrendPointSchema = z.object({
  day: z.string(),
  live: z.boolean(),
  inScope: z.number().int(),
  done: z.number().int(),
  completionRate: z.number().nullable(),
  programme: ratio,
});
export type DashboardTrendPoint = z.infer<typeof dashboardTrendPointSchema>;

export const dashboardSchema = z.object({
  campaign: z.object({ id: z.string(), name: z.string(), status: z.enum(CAMPAIGN_STATUSES), deadlines: deadlinesSchema }),
  /** the day the live figures are for (China Standard Time) */
  today: z.string(),
  /** the node shown, with its ancestors down from the caller's top node (for the breadcrumb) */
  node: dashboardRegionSchema,
  path: z.array(z.object({ regionCode: z.string(), regionName: z.string() })),
  /** the child region nodes that have agencies in scope, by code */
  regions: z.array(dashboardRegionSchema),
  /** agencies registered at the node itself (e.g. provincial agencies at the province), null when none */
  own: dashboardRegionSchema.nullable(),
  levels: z.array(dashboardLevelSchema),
  /** most overdue first; at most `overdueLimit` items (the XLSX has all) */
  overdue: z.object({ items: z.array(overdueItemSchema), total: z.number().int() }),
  trend: z.array(dashboardTrendPointSchema),
});
export type CampaignDashboard = z.infer<typeof dashboardSchema>;
