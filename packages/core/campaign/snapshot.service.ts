import type { DrillDown, FigureView, SnapshotCreateBody, SnapshotVerify, SnapshotView } from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import { repositories, type FigureFields, type SnapshotFigureRow, type SnapshotRow } from '../../storage/repositories/index.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { dayEndUtc } from '../dates.ts';
import { AppError, notFound } from '../errors.ts';
import { newId, nowIso } from '../ids.ts';
import { NATIONAL_CODE, regionAncestors } from '../licensing/legalization.rules.ts';
import { assertCan, regionPrefix, scopeOf, type Actor, type Scope } from '../policy/policy.ts';
import type { CampaignService } from './campaign.service.ts';
import { buildFigures, canonicalChecksum, diffFigures, isMonthEnd, previousMonthEnd, revisionNotes, type FigureDifference, type TrendFigures } from './snapshot.rules.ts';

/** Lock key that serializes snapshot creation on PostgreSQL. */
const SNAPSHOT_LOCK = 7_700_017;

const n = (v: unknown) => Number(v ?? 0);
const ratio = (required: unknown, covered: unknown) => ({ required: n(required), covered: n(covered), rate: n(required) === 0 ? null : n(covered) / n(required) });

/** The instant a snapshot's records are read up to: the end of its day, or its creation when taken during the day. */
const cutoffOf = (s: Pick<SnapshotRow, 'day' | 'created_at'>) => (s.created_at < dayEndUtc(s.day) ? s.created_at : dayEndUtc(s.day));

/**
 * Snapshots (快照): the figures of a day frozen — per agency in scope and per
 * region node — computed from stored records only (campaign transitions up to
 * the end of the day, the daily compliance trend, purchases). Rows are
 * written once and never updated; `verify` recomputes them; a new snapshot
 * carries revision notes for what the records now say about the previous one.
 */
export class SnapshotService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly campaigns: CampaignService,
  ) {}

  async list(actor: Actor): Promise<SnapshotView[]> {
    assertCan(actor, 'campaign.read');
    return (await repositories(this.database.db).campaign.listSnapshots()).map((s) => ({
      id: s.id,
      day: s.day,
      kind: s.kind as SnapshotView['kind'],
      campaignId: s.campaign_id,
      campaignName: s.campaign_name,
      createdAt: s.created_at,
      createdBy: s.created_by,
      checksum: s.checksum,
      rows: s.rows,
      revisedRows: s.revised_rows,
    }));
  }

  private async snapshot(day: string): Promise<SnapshotRow> {
    const s = await repositories(this.database.db).campaign.findSnapshot(day);
    if (!s) throw notFound('snapshot');
    return s;
  }

  /** The figures the records give for a day, read up to the cut-off instant. */
  async compute(campaignId: string | null, day: string, cutoffIso: string): Promise<FigureFields[]> {
    const repo = repositories(this.database.db).campaign;
    if (!campaignId) return buildFigures({ day, deadlines: { provincial: null, prefecture: null, county: null }, agencies: [], statuses: new Map(), trend: new Map(), spent: new Map() });
    const def = await this.campaigns.definition(campaignId);
    const agencies = await repo.agenciesOfLevels(def.levels);
    const [statuses, trend, spent] = await Promise.all([repo.statusesAsOf(campaignId, cutoffIso), repo.trendAsOf(agencies.map((a) => a.id), day), repo.spentAsOf(day)]);
    return buildFigures({ day, deadlines: def.deadlines, agencies, statuses, trend: new Map(trend.map((t) => [t.subject, t as TrendFigures])), spent });
  }

  /** Freezes the figures of a day. A day has one snapshot: a second is refused. */
  async create(actor: Actor, body: SnapshotCreateBody): Promise<SnapshotView> {
    assertCan(actor, 'campaign.write');
    const today = this.campaigns.clock();
    const day = body.previousMonthEnd ? previousMonthEnd(today) : (body.day ?? today);
    if (day > today) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'day', key: 'snapshot.future' }] });
    const repo = repositories(this.database.db).campaign;
    if (await repo.findSnapshot(day)) throw new AppError('SNAPSHOT_EXISTS', { details: { day } });
    const campaign = body.campaignId ? (await this.campaigns.definition(body.campaignId)).row : await repo.currentCampaign();
    if (!campaign) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'campaignId', key: 'snapshot.campaign' }] });

    const createdAt = nowIso();
    const rows = await this.compute(campaign.id, day, cutoffOf({ day, created_at: createdAt }));
    // Corrections to the previous snapshot: what the records now give for its day, where it differs from what was published.
    const previous = await repo.previousSnapshot(day);
    if (previous) {
      const frozen = await repo.figuresOf(previous.id);
      const again = await this.compute(previous.campaign_id, previous.day, cutoffOf(previous));
      const notes = revisionNotes(previous.day, diffFigures(frozen, again));
      for (const r of rows) r.revised_json = notes.get(r.subject) ?? null;
    }
    const snapshot: SnapshotRow = { id: newId(), day, kind: isMonthEnd(day) ? 'month-end' : 'on-demand', campaign_id: campaign.id, created_at: createdAt, created_by: actor.displayName, checksum: canonicalChecksum(rows) };
    await this.database.transaction(async (trx) => {
      await this.database.lockForAppend(trx, SNAPSHOT_LOCK);
      const r = repositories(trx, this.database).campaign;
      if (await r.findSnapshot(day)) throw new AppError('SNAPSHOT_EXISTS', { details: { day } });
      await r.insertSnapshot(snapshot, rows);
      await this.audit.append(trx, actor, { action: 'create', entityType: 'snapshot', entityId: snapshot.id, after: { ...snapshot, rows: rows.length, revised: rows.filter((x) => x.revised_json).length } });
    });
    return (await this.list(actor)).find((s) => s.id === snapshot.id)!;
  }

  /** The rows of a snapshot the actor may see, with names. */
  private async visibleRows(actor: Actor, s: SnapshotRow): Promise<{ rows: SnapshotFigureRow[]; names: Map<string, string> }> {
    const repo = repositories(this.database.db).campaign;
    const all = await repo.figuresOf(s.id);
    const orgs = await repo.orgNames(all.filter((r) => r.kind === 'org').map((r) => r.subject));
    const scope = scopeOf(actor);
    const rows = all.filter((r) => visible(scope, r, orgs.get(r.subject)?.path ?? null));
    const regionNames = await repo.regionNames(rows.filter((r) => r.kind === 'region').map((r) => r.region_code));
    const names = new Map<string, string>();
    for (const r of rows) names.set(r.subject, r.kind === 'org' ? (orgs.get(r.subject)?.name ?? r.subject) : r.region_code === NATIONAL_CODE ? '全国' : (regionNames.get(r.region_code) ?? r.region_code));
    return { rows, names };
  }

  /**
   * Drill-down of a region node (default: the actor's top node): the node,
   * its child region nodes, and the organizations in its subtree.
   */
  async drill(actor: Actor, day: string, regionCode?: string): Promise<DrillDown> {
    assertCan(actor, 'campaign.read');
    const scope = scopeOf(actor);
    const s = await this.snapshot(day);
    let code = regionCode ?? (scope.kind === 'region' ? actor.regionCode! : NATIONAL_CODE);
    if (scope.kind === 'region' && !(code !== NATIONAL_CODE && code.startsWith(scope.prefix))) throw new AppError('FORBIDDEN');
    if (scope.kind === 'org' || scope.kind === 'none') code = NATIONAL_CODE;
    const { rows, names } = await this.visibleRows(actor, s);
    const inNode = (c: string) => code === NATIONAL_CODE || c.startsWith(regionPrefix(code));
    const node = rows.find((r) => r.kind === 'region' && r.region_code === code) ?? null;
    const parentOf = (c: string) => {
      const chain = regionAncestors(c);
      return chain[chain.length - 2]?.regionCode ?? null;
    };
    const view = (r: SnapshotFigureRow) => toFigure(r, names.get(r.subject) ?? r.subject);
    return {
      snapshot: (await this.list(actor)).find((x) => x.id === s.id)!,
      node: node ? view(node) : null,
      regions: rows.filter((r) => r.kind === 'region' && r.region_code !== code && parentOf(r.region_code) === code).map(view),
      orgs: rows.filter((r) => r.kind === 'org' && inNode(r.region_code)).map(view),
    };
  }

  /**
   * Recomputes a snapshot from the stored records and compares it with the
   * frozen rows; also checks the rows still hash to the recorded checksum.
   * Differences outside the actor's scope are counted, not shown.
   */
  async verify(actor: Actor, day: string): Promise<SnapshotVerify> {
    assertCan(actor, 'campaign.read');
    const s = await this.snapshot(day);
    const repo = repositories(this.database.db).campaign;
    const frozen = await repo.figuresOf(s.id);
    const checksumOk = canonicalChecksum(frozen) === s.checksum;
    const again = await this.compute(s.campaign_id, s.day, cutoffOf(s));
    const differences = diffFigures(frozen, again);
    const { rows, names } = await this.visibleRows(actor, s);
    const mine = new Set(rows.map((r) => r.subject));
    const isMine = (d: FigureDifference) => mine.has(d.subject) || (scopeOf(actor).kind === 'all');
    const shown = differences.filter(isMine);
    return {
      day: s.day,
      ok: checksumOk && differences.length === 0,
      checksumOk,
      checked: frozen.length,
      differences: shown.map((d) => ({ subject: d.subject, name: names.get(d.subject) ?? d.subject, field: d.field, frozen: d.frozen, recomputed: d.recomputed })),
      hiddenDifferences: differences.length - shown.length,
    };
  }
}

function visible(scope: Scope, r: SnapshotFigureRow, orgPath: string | null): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'region':
      return r.region_code !== NATIONAL_CODE && r.region_code.startsWith(scope.prefix);
    case 'org':
      return r.kind === 'org' && orgPath !== null && orgPath.startsWith(scope.path);
  }
}

export function toFigure(r: SnapshotFigureRow, name: string): FigureView {
  let revised: FigureView['revised'] = null;
  if (r.revised_json) {
    const { previousDay, ...changes } = JSON.parse(r.revised_json) as { previousDay: string } & Record<string, [number | null, number | null]>;
    revised = { previousDay, changes };
  }
  return {
    subject: r.subject,
    kind: r.kind as FigureView['kind'],
    level: r.level,
    name,
    regionCode: r.region_code,
    inScope: n(r.in_scope),
    notStarted: n(r.not_started),
    selfCheck: n(r.self_check),
    rectifying: n(r.rectifying),
    completed: n(r.completed),
    verified: n(r.verified),
    behindDeadline: n(r.behind_deadline),
    devices: n(r.devices),
    compliantDevices: n(r.compliant_devices),
    overall: ratio(r.overall_req, r.overall_cov),
    programme: ratio(r.programme_req, r.programme_cov),
    os: ratio(r.os_req, r.os_cov),
    office: ratio(r.office_req, r.office_cov),
    security: ratio(r.security_req, r.security_cov),
    spent: n(r.spent),
    revised,
  };
}
