import type { Kysely, Selectable } from 'kysely';
import type { BulletinsTable, DB, SnapshotFiguresTable, SnapshotsTable } from '../schema.ts';

export type BulletinRow = Selectable<BulletinsTable>;
/** A bulletin with the day of its snapshot and the name of its scope region. */
export type BulletinListRow = BulletinRow & { snapshot_day: string | null; region_name: string | null };

/**
 * Which bulletins a reader sees: everything, or the drafts of some scopes
 * and the published bulletins of others (scope = bulletin region code).
 */
export type BulletinVisibility = { all: true } | { all?: false; draftScopes: readonly string[]; publishedScopes: readonly string[] };

export interface BulletinFilter {
  kind?: string | undefined;
  status?: string | undefined;
}

const DONE = ['completed', 'verified'];

/** Bulletins (通报). Published rows are only ever read: every write method is limited to drafts. */
export class BulletinRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private listBase() {
    return this.db
      .selectFrom('bulletins as b')
      .leftJoin('snapshots as s', 's.id', 'b.snapshot_id')
      .leftJoin('regions as r', 'r.code', 'b.region_code')
      .selectAll('b')
      .select(['s.day as snapshot_day', 'r.name as region_name']);
  }

  async list(visibility: BulletinVisibility, f: BulletinFilter): Promise<BulletinListRow[]> {
    let q = this.listBase();
    if (!visibility.all) {
      const drafts = visibility.draftScopes.length ? [...visibility.draftScopes] : ['-'];
      const published = visibility.publishedScopes.length ? [...visibility.publishedScopes] : ['-'];
      q = q.where((eb) => eb.or([eb.and([eb('b.status', '=', 'published'), eb('b.region_code', 'in', published)]), eb('b.region_code', 'in', drafts)]));
    }
    if (f.kind) q = q.where('b.kind', '=', f.kind);
    if (f.status) q = q.where('b.status', '=', f.status);
    return q.orderBy('b.created_at', 'desc').orderBy('b.id', 'desc').execute();
  }

  async find(id: string): Promise<BulletinListRow | undefined> {
    return this.listBase().where('b.id', '=', id).executeTakeFirst();
  }

  /** The monthly bulletin of a scope and month, draft or published. */
  async findMonthly(regionCode: string, month: string): Promise<BulletinRow | undefined> {
    return this.db.selectFrom('bulletins').selectAll().where('kind', '=', 'monthly').where('region_code', '=', regionCode).where('month', '=', month).executeTakeFirst();
  }

  async findPublishedByDocNumber(docNumber: string): Promise<BulletinRow | undefined> {
    return this.db.selectFrom('bulletins').selectAll().where('status', '=', 'published').where('doc_number', '=', docNumber).executeTakeFirst();
  }

  async insert(row: BulletinRow): Promise<void> {
    await this.db.insertInto('bulletins').values(row).execute();
  }

  /** Changes a draft; returns false when the row is not (or no longer) a draft. */
  async updateDraft(id: string, patch: Partial<Omit<BulletinRow, 'id' | 'status'>>): Promise<boolean> {
    const r = await this.db.updateTable('bulletins').set(patch).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Publishes a draft with its frozen content; returns false when it is not (or no longer) a draft. */
  async publish(id: string, patch: Pick<BulletinRow, 'doc_number' | 'title' | 'issuing_organ' | 'recipients' | 'sections_json' | 'cc' | 'include_tables' | 'tables_json' | 'publish_date' | 'published_by' | 'published_at' | 'checksum' | 'updated_at'>): Promise<boolean> {
    const r = await this.db.updateTable('bulletins').set({ ...patch, status: 'published' }).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async deleteDraft(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('bulletins').where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  // ——— what a draft is computed from ———

  /** The newest snapshot of a day up to `day`, of a kind when given. */
  async newestSnapshot(day: string, kind?: string): Promise<Selectable<SnapshotsTable> | undefined> {
    let q = this.db.selectFrom('snapshots').selectAll().where('day', '<=', day);
    if (kind) q = q.where('kind', '=', kind);
    return q.orderBy('day', 'desc').limit(1).executeTakeFirst();
  }

  /** One subject's rows in the month-end snapshots of days from `fromDay` to `toDay`, oldest first. */
  async monthEndRowsOf(subject: string, fromDay: string, toDay: string): Promise<(Selectable<SnapshotFiguresTable> & { day: string })[]> {
    return this.db
      .selectFrom('snapshots as s')
      .innerJoin('snapshot_figures as f', 'f.snapshot_id', 's.id')
      .selectAll('f')
      .select('s.day')
      .where('s.kind', '=', 'month-end')
      .where('s.day', '>=', fromDay)
      .where('s.day', '<=', toDay)
      .where('f.subject', '=', subject)
      .orderBy('s.day')
      .execute();
  }

  /** Organizations moved to completed or verified in a campaign between two instants ([from, to)). */
  async completedBetween(campaignId: string, fromIso: string, toIso: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('campaign_transitions')
      .select('org_id')
      .distinct()
      .where('campaign_id', '=', campaignId)
      .where('to_status', 'in', DONE)
      .where('at', '>=', fromIso)
      .where('at', '<', toIso)
      .execute();
    return new Set(rows.map((r) => r.org_id));
  }
}
