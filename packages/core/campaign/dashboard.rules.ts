import type { CampaignLevel, DashboardLevel, DashboardRegion, DashboardTrendPoint, Deadlines, OverdueItem, ProgressStatus } from '../../contracts/index.ts';
import type { DashboardAgencyRow, MonthEndTotals } from '../../storage/repositories/index.ts';
import { NATIONAL_CODE, legalizationOfStored, regionAncestors, rollUpRegions, type OrgLegalization, type RegionLegalization } from '../licensing/legalization.rules.ts';
import { DONE_STATUSES, deadlineOf, isBehind } from './campaign.rules.ts';

/**
 * The campaign dashboard (检查整改看板) as pure functions over the agencies
 * in scope: figures per child region of a node, progress by level against
 * each level's deadline, the overdue list and the trend points.
 * Legalization rates roll up with `rollUpRegions` (install-weighted, the
 * headline definition of docs/METRICS.md).
 */

const ratio = (required: number, covered: number) => ({ required, covered, rate: required === 0 ? null : covered / required });
const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Whole days from `from` to `to` (YYYY-MM-DD; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The level of a region node: national for 000000, else province / prefecture / county by its code. */
export function nodeLevel(code: string): string {
  return code === NATIONAL_CODE ? 'national' : regionAncestors(code).at(-1)!.level;
}

/**
 * The node right below `node` that a region code rolls up into; null when
 * the code is the node itself; undefined when it is outside the node.
 */
export function childOf(node: string, regionCode: string): string | null | undefined {
  const chain = regionAncestors(regionCode);
  const i = chain.findIndex((a) => a.regionCode === node);
  if (i < 0) return undefined;
  return i + 1 < chain.length ? chain[i + 1]!.regionCode : null;
}

const legalizationOf = legalizationOfStored;

/** The legalization roll-up of some agencies: region code → figures of its subtree. */
function rollUp(rows: readonly DashboardAgencyRow[]): Map<string, RegionLegalization> {
  const nodes = rows.map((r) => ({ id: r.org_id, path: '', regionCode: r.region_code, type: 'agency' as const }));
  return new Map(rollUpRegions(rows.map(legalizationOf), nodes).map((x) => [x.regionCode, x]));
}

interface Tally {
  inScope: number;
  notStarted: number;
  selfCheck: number;
  rectifying: number;
  completed: number;
  verified: number;
  behindDeadline: number;
}
const emptyTally = (): Tally => ({ inScope: 0, notStarted: 0, selfCheck: 0, rectifying: 0, completed: 0, verified: 0, behindDeadline: 0 });
const STATUS_KEY: Record<ProgressStatus, keyof Tally> = { 'not-started': 'notStarted', 'self-check': 'selfCheck', rectifying: 'rectifying', completed: 'completed', verified: 'verified' };

const statusOf = (r: DashboardAgencyRow) => (r.status ?? 'not-started') as ProgressStatus;

function regionView(code: string, name: string, t: Tally, l: RegionLegalization | undefined): DashboardRegion {
  const none = ratio(0, 0);
  return {
    regionCode: code,
    regionName: name,
    level: nodeLevel(code),
    ...t,
    completionRate: share(t.completed + t.verified, t.inScope),
    programme: l?.programme ?? none,
    os: l?.byCategory['operating-system'] ?? none,
    office: l?.byCategory['office-suite'] ?? none,
    security: l?.byCategory.security ?? none,
  };
}

/** What the live part of the dashboard is computed from. */
export interface DashboardInputs {
  /** the region node shown (000000: national) */
  node: string;
  nodeName: string;
  /** today in China Standard Time */
  today: string;
  deadlines: Deadlines;
  /** the levels the campaign sets deadlines for */
  levels: readonly CampaignLevel[];
  /** the agencies in scope (rows outside the node are ignored) */
  rows: readonly DashboardAgencyRow[];
  /** names of the child region nodes */
  names: ReadonlyMap<string, string>;
}

export interface DashboardFigures {
  node: DashboardRegion;
  regions: DashboardRegion[];
  own: DashboardRegion | null;
  levels: DashboardLevel[];
  /** every overdue agency, most overdue first */
  overdue: OverdueItem[];
}

/** The live figures of a node: the node, its child regions, its own agencies, the levels and the overdue list. */
export function buildDashboard(inp: DashboardInputs): DashboardFigures {
  const total = emptyTally();
  const own = emptyTally();
  const children = new Map<string, Tally>();
  const ownRows: DashboardAgencyRow[] = [];
  const inNode: DashboardAgencyRow[] = [];
  const byLevel = new Map<CampaignLevel, { inScope: number; done: number; verified: number; behind: number }>();
  const overdue: OverdueItem[] = [];

  for (const r of inp.rows) {
    const child = childOf(inp.node, r.region_code);
    if (child === undefined) continue;
    inNode.push(r);
    const status = statusOf(r);
    const level = r.level as CampaignLevel;
    const deadline = deadlineOf(inp.deadlines, level);
    const behind = deadline !== null && isBehind(status, deadline, inp.today);
    const tallies = [total, child === null ? own : children.get(child) ?? children.set(child, emptyTally()).get(child)!];
    for (const t of tallies) {
      t.inScope++;
      t[STATUS_KEY[status]]++;
      if (behind) t.behindDeadline++;
    }
    if (child === null) ownRows.push(r);
    const l = byLevel.get(level) ?? byLevel.set(level, { inScope: 0, done: 0, verified: 0, behind: 0 }).get(level)!;
    l.inScope++;
    if (DONE_STATUSES.includes(status)) l.done++;
    if (status === 'verified') l.verified++;
    if (behind) {
      l.behind++;
      overdue.push({ orgId: r.org_id, orgName: r.org_name, regionCode: r.region_code, regionName: r.region_name, level, deadline: deadline!, daysOverdue: daysBetween(deadline!, inp.today), status });
    }
  }

  const rolled = rollUp(inNode);
  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || (a.regionCode < b.regionCode ? -1 : a.regionCode > b.regionCode ? 1 : 0) || a.orgName.localeCompare(b.orgName, 'zh-CN') || (a.orgId < b.orgId ? -1 : 1));
  return {
    node: regionView(inp.node, inp.nodeName, total, rolled.get(inp.node)),
    regions: [...children.keys()].sort().map((code) => regionView(code, inp.names.get(code) ?? code, children.get(code)!, rolled.get(code))),
    own: own.inScope === 0 ? null : regionView(inp.node, inp.nodeName, own, rollUp(ownRows).get(inp.node)),
    levels: inp.levels.map((level) => {
      const deadline = deadlineOf(inp.deadlines, level)!;
      const l = byLevel.get(level) ?? { inScope: 0, done: 0, verified: 0, behind: 0 };
      return { level, deadline, inScope: l.inScope, done: l.done, verified: l.verified, completionRate: share(l.done, l.inScope), behindDeadline: l.behind, daysLeft: daysBetween(inp.today, deadline) };
    }),
    overdue,
  };
}

/** The trend: one point per month-end snapshot of the campaign, then today's live figures. */
export function trendPoints(monthEnds: readonly MonthEndTotals[], live: { today: string; node: DashboardRegion }): DashboardTrendPoint[] {
  const points: DashboardTrendPoint[] = monthEnds.map((m) => {
    const done = m.completed + m.verified;
    return { day: m.day, live: false, inScope: m.in_scope, done, completionRate: share(done, m.in_scope), programme: ratio(m.programme_req, m.programme_cov) };
  });
  const done = live.node.completed + live.node.verified;
  points.push({ day: live.today, live: true, inScope: live.node.inScope, done, completionRate: share(done, live.node.inScope), programme: live.node.programme });
  return points;
}
