import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../database.ts';
import type { CampaignDeadlinesTable, CampaignExceptionsTable, CampaignProgressTable, CampaignsTable, CampaignTransitionsTable, DB, SnapshotFiguresTable, SnapshotsTable } from '../schema.ts';
import { containsAny, scopeWhere, type ScopeFilter } from './scope-filter.ts';

export type CampaignRow = Selectable<CampaignsTable>;
export type DeadlineRow = Selectable<CampaignDeadlinesTable>;
export type ProgressRow = Selectable<CampaignProgressTable>;
export type TransitionRow = Selectable<CampaignTransitionsTable>;
export type ExceptionRow = Selectable<CampaignExceptionsTable>;
export type ExceptionView = ExceptionRow & { org_name: string; org_region_code: string; org_path: string };
export type SnapshotRow = Selectable<SnapshotsTable>;
export type SnapshotFigureRow = Selectable<SnapshotFiguresTable>;

/** An agency in a campaign, with its current state and stored compliance figures. */
export interface ProgressView {
  org_id: string;
  org_name: string;
  org_path: string;
  region_code: string;
  region_name: string | null;
  level: string;
  status: string | null;
  updated_at: string | null;
  programme_req: number | null;
  programme_cov: number | null;
  devices: number | null;
  pending_exception_id: string | null;
}

/** Filters of the progress list; `levels` are the levels the campaign has deadlines for. */
export interface ProgressFilter {
  levels: readonly string[];
  status?: string | undefined;
  level?: string | undefined;
  regionPrefix?: string | undefined;
  q?: string | undefined;
  /** only agencies of these levels (deadline passed) not completed or verified */
  behindLevels?: readonly string[] | undefined;
}

/** An agency in scope with its state and stored compliance figures (the dashboard reads every row at once). */
export interface DashboardAgencyRow {
  org_id: string;
  org_name: string;
  region_code: string;
  region_name: string | null;
  level: string;
  status: string | null;
  programme_req: number | null;
  programme_cov: number | null;
  os_req: number | null;
  os_cov: number | null;
  office_req: number | null;
  office_cov: number | null;
  security_req: number | null;
  security_cov: number | null;
  overall_req: number | null;
  overall_cov: number | null;
  devices: number | null;
  devices_requiring: number | null;
  compliant_devices: number | null;
}

/** Totals of a month-end snapshot over the agencies of a scope. */
export interface MonthEndTotals {
  day: string;
  in_scope: number;
  completed: number;
  verified: number;
  programme_req: number;
  programme_cov: number;
}

/** The columns of a figure row in their canonical order (the checksum hashes them in this order). */
export const FIGURE_COLUMNS = [
  'subject', 'kind', 'level', 'region_code', 'in_scope', 'not_started', 'self_check', 'rectifying', 'completed', 'verified', 'behind_deadline',
  'devices', 'compliant_devices', 'overall_req', 'overall_cov', 'programme_req', 'programme_cov', 'os_req', 'os_cov', 'office_req', 'office_cov', 'security_req', 'security_cov', 'spent', 'revised_json',
] as const;
export type FigureFields = Omit<SnapshotFigureRow, 'snapshot_id'>;

const DONE = ['completed', 'verified'];

/** Campaigns, progress, transitions, exceptions and snapshots. Snapshots have insert and read methods only: a frozen snapshot has no update path. */
export class CampaignRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly database?: Pick<Database, 'bulkInsert'>,
  ) {}

  // ——— campaigns ———

  async listCampaigns(): Promise<CampaignRow[]> {
    return this.db.selectFrom('campaigns').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
  }

  async findCampaign(id: string): Promise<CampaignRow | undefined> {
    return this.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The newest active campaign. */
  async currentCampaign(): Promise<CampaignRow | undefined> {
    return this.db.selectFrom('campaigns').selectAll().where('status', '=', 'active').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  async insertCampaign(row: CampaignRow): Promise<void> {
    await this.db.insertInto('campaigns').values(row).execute();
  }

  async updateCampaign(id: string, patch: Partial<CampaignRow>): Promise<void> {
    await this.db.updateTable('campaigns').set(patch).where('id', '=', id).execute();
  }

  async deadlinesOf(campaignIds: readonly string[]): Promise<DeadlineRow[]> {
    if (!campaignIds.length) return [];
    return this.db.selectFrom('campaign_deadlines').selectAll().where('campaign_id', 'in', campaignIds).execute();
  }

  async replaceDeadlines(campaignId: string, rows: readonly DeadlineRow[]): Promise<void> {
    await this.db.deleteFrom('campaign_deadlines').where('campaign_id', '=', campaignId).execute();
    if (rows.length) await this.db.insertInto('campaign_deadlines').values([...rows]).execute();
  }

  // ——— progress ———

  private progressBase(campaignId: string, scope: ScopeFilter, f: ProgressFilter) {
    let q = this.db
      .selectFrom('organizations as o')
      .leftJoin('campaign_progress as p', (j) => j.onRef('p.org_id', '=', 'o.id').on('p.campaign_id', '=', campaignId))
      .where('o.type', '=', 'agency')
      .where('o.level', 'in', f.levels.length ? [...f.levels] : ['-'])
      .where((eb) => scopeWhere(eb, scope, { region: 'o.region_code', path: 'o.path' }));
    if (f.status === 'not-started') q = q.where('p.status', 'is', null);
    else if (f.status) q = q.where('p.status', '=', f.status);
    if (f.level) q = q.where('o.level', '=', f.level);
    if (f.regionPrefix) q = q.where('o.region_code', 'like', `${f.regionPrefix}%`);
    if (f.q) q = q.where(containsAny(['o.name'], f.q));
    if (f.behindLevels) {
      const levels = f.behindLevels.length ? [...f.behindLevels] : ['-'];
      q = q.where('o.level', 'in', levels).where((eb) => eb.or([eb('p.status', 'is', null), eb('p.status', 'not in', DONE)]));
    }
    return q;
  }

  async progressPage(campaignId: string, scope: ScopeFilter, f: ProgressFilter, page: { offset: number; limit: number }): Promise<{ rows: ProgressView[]; total: number }> {
    const rows = await this.progressBase(campaignId, scope, f)
      .leftJoin('regions as r', 'r.code', 'o.region_code')
      .leftJoin('compliance_orgs as c', 'c.org_id', 'o.id')
      .select((eb) => [
        'o.id as org_id',
        'o.name as org_name',
        'o.path as org_path',
        'o.region_code',
        'r.name as region_name',
        'o.level',
        'p.status',
        'p.updated_at',
        'c.programme_req',
        'c.programme_cov',
        'c.devices',
        eb.selectFrom('campaign_exceptions as x').whereRef('x.org_id', '=', 'o.id').where('x.campaign_id', '=', campaignId).where('x.status', '=', 'requested').select('x.id').limit(1).as('pending_exception_id'),
      ])
      .orderBy('o.region_code')
      .orderBy('o.name')
      .orderBy('o.id')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
    const n = await this.progressBase(campaignId, scope, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return { rows: rows as ProgressView[], total: Number(n?.n ?? 0) };
  }

  /** Agencies in scope per (level, status), for counts. */
  async progressCounts(campaignId: string, scope: ScopeFilter, f: ProgressFilter): Promise<{ level: string; status: string | null; n: number }[]> {
    const rows = await this.progressBase(campaignId, scope, f)
      .select((eb) => ['o.level', 'p.status', eb.fn.countAll<number>().as('n')])
      .groupBy(['o.level', 'p.status'])
      .execute();
    return rows.map((r) => ({ level: r.level, status: r.status, n: Number(r.n) }));
  }

  /** Every agency in scope (filters as the progress list) with its state and compliance figures, in one query. */
  async dashboardRows(campaignId: string, scope: ScopeFilter, f: ProgressFilter): Promise<DashboardAgencyRow[]> {
    const rows = await this.progressBase(campaignId, scope, f)
      .leftJoin('regions as r', 'r.code', 'o.region_code')
      .leftJoin('compliance_orgs as c', 'c.org_id', 'o.id')
      .select(['o.id as org_id', 'o.name as org_name', 'o.region_code', 'r.name as region_name', 'o.level', 'p.status', 'c.programme_req', 'c.programme_cov', 'c.os_req', 'c.os_cov', 'c.office_req', 'c.office_cov', 'c.security_req', 'c.security_cov', 'c.overall_req', 'c.overall_cov', 'c.devices', 'c.devices_requiring', 'c.compliant_devices'])
      .orderBy('o.region_code')
      .orderBy('o.name')
      .orderBy('o.id')
      .execute();
    return rows as DashboardAgencyRow[];
  }

  /**
   * The month-end snapshots of a campaign, each summed over its agency rows
   * in the scope (and in a region subtree when a prefix is given), oldest first.
   */
  async monthEndTotals(campaignId: string, scope: ScopeFilter, regionPrefix?: string): Promise<MonthEndTotals[]> {
    let q = this.db
      .selectFrom('snapshots as s')
      .innerJoin('snapshot_figures as f', 'f.snapshot_id', 's.id')
      .leftJoin('organizations as o', 'o.id', 'f.subject')
      .where('s.campaign_id', '=', campaignId)
      .where('s.kind', '=', 'month-end')
      .where('f.kind', '=', 'org')
      .where((eb) => scopeWhere(eb, scope, { region: 'f.region_code', path: 'o.path' }));
    if (regionPrefix) q = q.where('f.region_code', 'like', `${regionPrefix}%`);
    const rows = await q
      .select((eb) => [
        's.day',
        eb.fn.sum<number>('f.in_scope').as('in_scope'),
        eb.fn.sum<number>('f.completed').as('completed'),
        eb.fn.sum<number>('f.verified').as('verified'),
        eb.fn.sum<number>('f.programme_req').as('programme_req'),
        eb.fn.sum<number>('f.programme_cov').as('programme_cov'),
      ])
      .groupBy('s.day')
      .orderBy('s.day')
      .execute();
    return rows.map((r) => ({ day: r.day, in_scope: Number(r.in_scope ?? 0), completed: Number(r.completed ?? 0), verified: Number(r.verified ?? 0), programme_req: Number(r.programme_req ?? 0), programme_cov: Number(r.programme_cov ?? 0) }));
  }

  async findProgress(campaignId: string, orgId: string): Promise<ProgressRow | undefined> {
    return this.db.selectFrom('campaign_progress').selectAll().where('campaign_id', '=', campaignId).where('org_id', '=', orgId).executeTakeFirst();
  }

  async upsertProgress(row: ProgressRow): Promise<void> {
    await this.db
      .insertInto('campaign_progress')
      .values(row)
      .onConflict((oc) => oc.columns(['campaign_id', 'org_id']).doUpdateSet({ status: row.status, updated_at: row.updated_at }))
      .execute();
  }

  async insertTransition(row: TransitionRow): Promise<void> {
    await this.db.insertInto('campaign_transitions').values(row).execute();
  }

  async transitionsOf(campaignId: string, orgId: string): Promise<TransitionRow[]> {
    return this.db.selectFrom('campaign_transitions').selectAll().where('campaign_id', '=', campaignId).where('org_id', '=', orgId).orderBy('at', 'desc').orderBy('id', 'desc').execute();
  }

  /** The state of each organization as of an instant: the last transition before it. */
  async statusesAsOf(campaignId: string, beforeIso: string): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom('campaign_transitions')
      .select(['org_id', 'to_status', 'at', 'id'])
      .where('campaign_id', '=', campaignId)
      .where('at', '<', beforeIso)
      .orderBy('at')
      .orderBy('id')
      .execute();
    const out = new Map<string, string>();
    for (const r of rows) out.set(r.org_id, r.to_status);
    return out;
  }

  // ——— exceptions ———

  private exceptionViews() {
    return this.db.selectFrom('campaign_exceptions as x').innerJoin('organizations as o', 'o.id', 'x.org_id').selectAll('x').select(['o.name as org_name', 'o.region_code as org_region_code', 'o.path as org_path']);
  }

  async insertException(row: ExceptionRow): Promise<void> {
    await this.db.insertInto('campaign_exceptions').values(row).execute();
  }

  async findException(id: string): Promise<ExceptionView | undefined> {
    return this.exceptionViews().where('x.id', '=', id).executeTakeFirst();
  }

  async exceptionsPage(campaignId: string, scope: ScopeFilter, f: { status?: string | undefined; orgId?: string | undefined }, page: { offset: number; limit: number }): Promise<{ rows: ExceptionView[]; total: number }> {
    let q = this.exceptionViews().where('x.campaign_id', '=', campaignId).where((eb) => scopeWhere(eb, scope, { region: 'o.region_code', path: 'o.path' }));
    if (f.status) q = q.where('x.status', '=', f.status);
    if (f.orgId) q = q.where('x.org_id', '=', f.orgId);
    const rows = await q.orderBy('x.requested_at', 'desc').orderBy('x.id').offset(page.offset).limit(page.limit).execute();
    const n = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return { rows, total: Number(n?.n ?? 0) };
  }

  async exceptionsOf(campaignId: string, orgId: string): Promise<ExceptionView[]> {
    return this.exceptionViews().where('x.campaign_id', '=', campaignId).where('x.org_id', '=', orgId).orderBy('x.requested_at', 'desc').orderBy('x.id').execute();
  }

  async decideException(id: string, patch: Pick<ExceptionRow, 'status' | 'decided_by' | 'decided_at' | 'note'>): Promise<void> {
    await this.db.updateTable('campaign_exceptions').set(patch).where('id', '=', id).where('status', '=', 'requested').execute();
  }

  // ——— snapshots (insert and read only) ———

  async listSnapshots(): Promise<(SnapshotRow & { campaign_name: string | null; rows: number; revised_rows: number })[]> {
    const rows = await this.db
      .selectFrom('snapshots as s')
      .leftJoin('campaigns as c', 'c.id', 's.campaign_id')
      .selectAll('s')
      .select((eb) => [
        'c.name as campaign_name',
        eb.selectFrom('snapshot_figures as f').whereRef('f.snapshot_id', '=', 's.id').select((x) => x.fn.countAll<number>().as('n')).as('rows'),
        eb.selectFrom('snapshot_figures as f').whereRef('f.snapshot_id', '=', 's.id').where('f.revised_json', 'is not', null).select((x) => x.fn.countAll<number>().as('n')).as('revised_rows'),
      ])
      .orderBy('s.day', 'desc')
      .execute();
    return rows.map((r) => ({ ...r, rows: Number(r.rows ?? 0), revised_rows: Number(r.revised_rows ?? 0) }));
  }

  async findSnapshot(day: string): Promise<SnapshotRow | undefined> {
    return this.db.selectFrom('snapshots').selectAll().where('day', '=', day).executeTakeFirst();
  }

  /** The newest snapshot of a day before `day`. */
  async previousSnapshot(day: string): Promise<SnapshotRow | undefined> {
    return this.db.selectFrom('snapshots').selectAll().where('day', '<', day).orderBy('day', 'desc').limit(1).executeTakeFirst();
  }

  /** Writes a snapshot and its rows (inside the caller's transaction). */
  async insertSnapshot(row: SnapshotRow, figures: readonly FigureFields[]): Promise<void> {
    await this.db.insertInto('snapshots').values(row).execute();
    const cols = ['snapshot_id', ...FIGURE_COLUMNS];
    const values = figures.map((f) => [row.id, ...FIGURE_COLUMNS.map((c) => f[c])]);
    if (this.database) await this.database.bulkInsert(this.db as never, 'snapshot_figures', cols, values);
    else for (let i = 0; i < figures.length; i += 200) await this.db.insertInto('snapshot_figures').values(figures.slice(i, i + 200).map((f) => ({ ...f, snapshot_id: row.id }))).execute();
  }

  async figuresOf(snapshotId: string): Promise<SnapshotFigureRow[]> {
    return this.db.selectFrom('snapshot_figures').selectAll().where('snapshot_id', '=', snapshotId).orderBy('subject').execute();
  }

  // ——— records a snapshot is computed from ———

  /**
   * Agencies of the levels, as registered now. An agency registered after a
   * snapshot counts when it is recomputed: the registry caught up with an
   * agency that existed all along, a correction the next snapshot notes.
   */
  async agenciesOfLevels(levels: readonly string[]): Promise<{ id: string; name: string; path: string; region_code: string; level: string }[]> {
    if (!levels.length) return [];
    return this.db.selectFrom('organizations').select(['id', 'name', 'path', 'region_code', 'level']).where('type', '=', 'agency').where('level', 'in', [...levels]).orderBy('id').execute();
  }

  /** For each organization, its latest daily compliance figures of a day up to `day`. */
  async trendAsOf(orgIds: readonly string[], day: string) {
    const out = [];
    for (let i = 0; i < orgIds.length; i += 400) {
      const batch = orgIds.slice(i, i + 400);
      out.push(
        ...(await this.db
          .selectFrom('compliance_trend as t')
          .selectAll('t')
          .where('t.subject', 'in', batch)
          .where((eb) => eb('t.day', '=', eb.selectFrom('compliance_trend as u').whereRef('u.subject', '=', 't.subject').where('u.day', '<=', day).select((x) => x.fn.max('u.day').as('d'))))
          .execute()),
      );
    }
    return out;
  }

  /** Money spent per organization: Σ unit price × quantity of its own purchases up to the day (a site or free licence without a quantity counts once). */
  async spentAsOf(day: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('entitlements')
      .select(['org_id', sql<number>`sum(unit_price * case when quantity > 0 then quantity else 1 end)`.as('spent')])
      .where('purchased_at', '<=', day)
      .where('unit_price', 'is not', null)
      .where('transferred_from_id', 'is', null)
      .groupBy('org_id')
      .execute();
    return new Map(rows.map((r) => [r.org_id, Number(r.spent ?? 0)]));
  }

  async regionNames(codes: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < codes.length; i += 400) {
      const rows = await this.db.selectFrom('regions').select(['code', 'name']).where('code', 'in', codes.slice(i, i + 400)).execute();
      for (const r of rows) out.set(r.code, r.name);
    }
    return out;
  }

  async orgNames(ids: readonly string[]): Promise<Map<string, { name: string; path: string }>> {
    const out = new Map<string, { name: string; path: string }>();
    for (let i = 0; i < ids.length; i += 400) {
      const rows = await this.db.selectFrom('organizations').select(['id', 'name', 'path']).where('id', 'in', ids.slice(i, i + 400)).execute();
      for (const r of rows) out.set(r.id, { name: r.name, path: r.path });
    }
    return out;
  }
}
