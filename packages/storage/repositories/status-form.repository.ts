import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, StatusFormReviewsTable, StatusFormsTable, StatusFormVersionsTable, StatusRoundsTable } from '../schema.ts';

export type StatusRoundRow = Selectable<StatusRoundsTable>;
export type StatusFormRow = Selectable<StatusFormsTable>;
export type StatusFormVersionRow = Selectable<StatusFormVersionsTable>;
export type StatusFormReviewRow = Selectable<StatusFormReviewsTable>;
export type StatusFormView = StatusFormRow & { region_name: string | null };

/** An agency of a region subtree with its campaign state and stored compliance figures (what a form is prefilled from). */
export interface SubtreeAgency {
  id: string;
  name: string;
  level: string;
  region_code: string;
  status: string | null;
  devices: number | null;
  os_cov: number | null;
  office_cov: number | null;
  security_cov: number | null;
}

/**
 * Status rounds, forms, their versions and reviews. Versions have insert and
 * read methods only: a submission, once stored, has no update path.
 */
export class StatusFormRepository {
  constructor(private readonly db: Kysely<DB>) {}

  // ——— rounds ———

  async insertRound(row: StatusRoundRow): Promise<void> {
    await this.db.insertInto('status_rounds').values(row).execute();
  }

  async listRounds(): Promise<(StatusRoundRow & { campaign_name: string | null })[]> {
    return this.db.selectFrom('status_rounds as r').leftJoin('campaigns as c', 'c.id', 'r.campaign_id').selectAll('r').select('c.name as campaign_name').orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').execute();
  }

  async findRound(id: string): Promise<(StatusRoundRow & { campaign_name: string | null }) | undefined> {
    return this.db.selectFrom('status_rounds as r').leftJoin('campaigns as c', 'c.id', 'r.campaign_id').selectAll('r').select('c.name as campaign_name').where('r.id', '=', id).executeTakeFirst();
  }

  /** Rounds whose due day is one of `days` (reminders). */
  async roundsDueOn(days: readonly string[]): Promise<StatusRoundRow[]> {
    if (!days.length) return [];
    return this.db.selectFrom('status_rounds').selectAll().where('due_day', 'in', [...days]).orderBy('id').execute();
  }

  // ——— forms ———

  async insertForms(rows: readonly StatusFormRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) await this.db.insertInto('status_forms').values(rows.slice(i, i + 200)).execute();
  }

  private views() {
    return this.db.selectFrom('status_forms as f').leftJoin('regions as g', 'g.code', 'f.region_code').selectAll('f').select('g.name as region_name');
  }

  /** The forms of a round whose region code starts with `prefix` ('' = all), by region code. */
  async formsOfRound(roundId: string, prefix: string | null): Promise<StatusFormView[]> {
    if (prefix === null) return [];
    let q = this.views().where('f.round_id', '=', roundId);
    if (prefix) q = q.where('f.region_code', 'like', `${prefix}%`);
    return q.orderBy('f.region_code').execute();
  }

  /** Per round: the forms under `prefix` by status, late, and not yet submitted. */
  async countsByRound(prefix: string | null): Promise<{ round_id: string; status: string; late: number; unsubmitted: number; n: number }[]> {
    if (prefix === null) return [];
    let q = this.db
      .selectFrom('status_forms')
      .select((eb) => ['round_id', 'status', 'late', sql<number>`case when version = 0 then 1 else 0 end`.as('unsubmitted'), eb.fn.countAll<number>().as('n')])
      .groupBy(['round_id', 'status', 'late', sql`case when version = 0 then 1 else 0 end`]);
    if (prefix) q = q.where('region_code', 'like', `${prefix}%`);
    const rows = await q.execute();
    return rows.map((r) => ({ round_id: r.round_id, status: r.status, late: Number(r.late), unsubmitted: Number(r.unsubmitted), n: Number(r.n) }));
  }

  async findForm(roundId: string, regionCode: string): Promise<StatusFormView | undefined> {
    return this.views().where('f.round_id', '=', roundId).where('f.region_code', '=', regionCode).executeTakeFirst();
  }

  /** Forms not submitted yet of the rounds (reminders). */
  async unsubmittedForms(roundIds: readonly string[]): Promise<StatusFormView[]> {
    if (!roundIds.length) return [];
    return this.views().where('f.round_id', 'in', [...roundIds]).where('f.version', '=', 0).orderBy('f.round_id').orderBy('f.region_code').execute();
  }

  /** Changes a form only while it is still in `fromStatus` (two reviewers at once: one wins); returns whether it did. */
  async updateForm(id: string, fromStatus: string, patch: Partial<Omit<StatusFormRow, 'id' | 'round_id' | 'region_code' | 'level'>>): Promise<boolean> {
    const r = await this.db.updateTable('status_forms').set(patch).where('id', '=', id).where('status', '=', fromStatus).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  // ——— versions and reviews (insert and read only) ———

  async insertVersion(row: StatusFormVersionRow): Promise<void> {
    await this.db.insertInto('status_form_versions').values(row).execute();
  }

  async versionsOf(formId: string): Promise<StatusFormVersionRow[]> {
    return this.db.selectFrom('status_form_versions').selectAll().where('form_id', '=', formId).orderBy('version', 'desc').execute();
  }

  async insertReview(row: StatusFormReviewRow): Promise<void> {
    await this.db.insertInto('status_form_reviews').values(row).execute();
  }

  async reviewsOf(formId: string): Promise<StatusFormReviewRow[]> {
    return this.db.selectFrom('status_form_reviews').selectAll().where('form_id', '=', formId).orderBy('at').orderBy('id').execute();
  }

  // ——— live data a form is prefilled from ———

  /** Agencies of the levels under a region prefix ('' = all), with their current campaign state and compliance figures. */
  async subtreeAgencies(campaignId: string, levels: readonly string[], prefix: string): Promise<SubtreeAgency[]> {
    if (!levels.length) return [];
    let q = this.db
      .selectFrom('organizations as o')
      .leftJoin('campaign_progress as p', (j) => j.onRef('p.org_id', '=', 'o.id').on('p.campaign_id', '=', campaignId))
      .leftJoin('compliance_orgs as c', 'c.org_id', 'o.id')
      .select(['o.id', 'o.name', 'o.level', 'o.region_code', 'p.status', 'c.devices', 'c.os_cov', 'c.office_cov', 'c.security_cov'])
      .where('o.type', '=', 'agency')
      .where('o.level', 'in', [...levels]);
    if (prefix) q = q.where('o.region_code', 'like', `${prefix}%`);
    return q.orderBy('o.region_code').orderBy('o.name').orderBy('o.id').execute();
  }

  /** Money spent by the organizations on their own purchases dated within [start, end]: Σ unit price × quantity (a licence without a quantity counts once). */
  async spentWithin(orgIds: readonly string[], start: string, end: string): Promise<number> {
    let total = 0;
    for (let i = 0; i < orgIds.length; i += 400) {
      const row = await this.db
        .selectFrom('entitlements')
        .select(sql<number>`sum(unit_price * case when quantity > 0 then quantity else 1 end)`.as('spent'))
        .where('org_id', 'in', orgIds.slice(i, i + 400))
        .where('purchased_at', '>=', start)
        .where('purchased_at', '<=', end)
        .where('unit_price', 'is not', null)
        .where('transferred_from_id', 'is', null)
        .executeTakeFirst();
      total += Number(row?.spent ?? 0);
    }
    return Math.round(total * 100) / 100;
  }

  async regionNames(codes: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < codes.length; i += 400) {
      const rows = await this.db.selectFrom('regions').select(['code', 'name']).where('code', 'in', codes.slice(i, i + 400)).execute();
      for (const r of rows) out.set(r.code, r.name);
    }
    return out;
  }
}
