import type { CampaignDashboard, DashboardXlsxQuery } from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { AppError, notFound } from '../errors.ts';
import { NATIONAL_CODE, regionAncestors } from '../licensing/legalization.rules.ts';
import { assertCan, regionPrefix, scopeOf, type Actor } from '../policy/policy.ts';
import type { CampaignService } from './campaign.service.ts';
import { dashboardWorkbook } from './dashboard.xlsx.ts';
import { buildDashboard, trendPoints } from './dashboard.rules.ts';

/** Overdue agencies the JSON answer lists (the workbook has every one). */
export const OVERDUE_LIMIT = 500;

const NATIONAL_NAME = '全国';

/**
 * The campaign dashboard (检查整改看板): live figures of a campaign at a
 * region node, computed from the agencies in the caller's scope in one
 * query, plus the month-end snapshots of the campaign for the trend.
 * A region administrator opens nodes of their subtree only; organization
 * scopes see the figures of their own organizations.
 */
export class DashboardService {
  constructor(
    private readonly database: Database,
    private readonly campaigns: CampaignService,
  ) {}

  /** The node to show: the requested one if the caller may open it, else the caller's top node. */
  private nodeFor(actor: Actor, regionCode: string | undefined): { code: string; top: string } {
    const scope = scopeOf(actor);
    const top = scope.kind === 'region' ? actor.regionCode! : NATIONAL_CODE;
    const code = regionCode ?? top;
    if (scope.kind === 'region' && !(code !== NATIONAL_CODE && code.startsWith(scope.prefix))) throw new AppError('FORBIDDEN');
    return { code, top };
  }

  async dashboard(actor: Actor, campaignId: string, regionCode?: string, overdueLimit = OVERDUE_LIMIT): Promise<CampaignDashboard> {
    assertCan(actor, 'campaign.read');
    const { code, top } = this.nodeFor(actor, regionCode);
    const def = await this.campaigns.definition(campaignId);
    const today = this.campaigns.clock();
    const repo = repositories(this.database.db).campaign;
    const scope = scopeOf(actor);
    const prefix = code === NATIONAL_CODE ? undefined : regionPrefix(code);
    const [rows, monthEnds] = await Promise.all([repo.dashboardRows(campaignId, scope, { levels: def.levels, regionPrefix: prefix }), repo.monthEndTotals(campaignId, scope, prefix)]);

    // The breadcrumb runs from the caller's top node down to the node.
    const chain = regionAncestors(code === NATIONAL_CODE ? '' : code).map((a) => a.regionCode);
    const path = chain.slice(Math.max(0, chain.indexOf(top)));
    const childCodes = new Set(rows.map((r) => regionAncestors(r.region_code)[chain.length]?.regionCode).filter((c): c is string => c !== undefined));
    const names = await repo.regionNames([...new Set([...path, ...childCodes])].filter((c) => c !== NATIONAL_CODE));
    if (code !== NATIONAL_CODE && !names.has(code)) throw notFound('region');
    const nameOf = (c: string) => (c === NATIONAL_CODE ? NATIONAL_NAME : (names.get(c) ?? c));

    const live = buildDashboard({ node: code, nodeName: nameOf(code), today, deadlines: def.deadlines, levels: def.levels, rows, names });
    return {
      campaign: { id: def.row.id, name: def.row.name, status: def.row.status as CampaignDashboard['campaign']['status'], deadlines: def.deadlines },
      today,
      node: live.node,
      path: path.map((c) => ({ regionCode: c, regionName: nameOf(c) })),
      regions: live.regions,
      own: live.own,
      levels: live.levels,
      overdue: { items: live.overdue.slice(0, overdueLimit), total: live.overdue.length },
      trend: trendPoints(monthEnds, { today, node: live.node }),
    };
  }

  /** The dashboard as an XLSX, one sheet per chart (or only `sheet`). */
  async workbook(actor: Actor, campaignId: string, q: DashboardXlsxQuery): Promise<{ buffer: Buffer; filename: string }> {
    const d = await this.dashboard(actor, campaignId, q.regionCode, Number.MAX_SAFE_INTEGER);
    return { buffer: await dashboardWorkbook(d, q.sheet), filename: `${d.campaign.name}-${d.node.regionName}-${d.today}.xlsx` };
  }
}
