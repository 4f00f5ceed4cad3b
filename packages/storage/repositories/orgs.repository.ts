import { sql, type Kysely, type Selectable } from 'kysely';
import { ADMIN_LEVELS, type OrgSortKey, type SortOrder } from '../../contracts/index.ts';
import type { DB, OrganizationsTable } from '../schema.ts';
import { containsAny, scopeWhere, type ScopeFilter } from './scope-filter.ts';

export type OrgRow = Selectable<OrganizationsTable>;
export type OrgView = OrgRow & { region_name: string | null; parent_name: string | null };

/** Filters of the organization list. */
export interface OrgFilter {
  q?: string | undefined;
  type?: string | undefined;
  level?: string | undefined;
  agencyKind?: string | undefined;
  ownership?: string | undefined;
  industry?: string | undefined;
  /** region subtree prefix */
  regionPrefix?: string | undefined;
  parentId?: string | undefined;
  /** column to sort by; absent: region code, then name */
  sort?: OrgSortKey | undefined;
  /** direction of `sort` (default ascending) */
  order?: SortOrder | undefined;
}

/**
 * What each sort key orders by: a whitelist, so no request text reaches the
 * SQL. Levels go by rank (national first), not alphabetically by their code;
 * the ranks are constants, inlined because PostgreSQL would type bound
 * parameters in a CASE as text.
 */
const ORG_SORT = {
  name: 'o.name',
  uscc: 'o.uscc',
  regionCode: 'o.region_code',
  level: sql<number>`case ${sql.ref('o.level')} ${sql.join(ADMIN_LEVELS.map((l, i) => sql`when ${sql.lit(l)} then ${sql.lit(i)}`), sql` `)} end`,
  staffCount: 'o.staff_count',
  updatedAt: 'o.updated_at',
} as const satisfies Record<OrgSortKey, unknown>;

export class OrgsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private view() {
    return this.db
      .selectFrom('organizations as o')
      .leftJoin('regions as r', 'r.code', 'o.region_code')
      .leftJoin('organizations as p', 'p.id', 'o.parent_id')
      .selectAll('o')
      .select(['r.name as region_name', 'p.name as parent_name']);
  }

  private filtered(scope: ScopeFilter, f: OrgFilter) {
    let q = this.view().where((eb) => scopeWhere(eb, scope, { region: 'o.region_code', path: 'o.path' }));
    if (f.q) q = q.where(containsAny(['o.name', 'o.uscc'], f.q));
    if (f.type) q = q.where('o.type', '=', f.type);
    if (f.level) q = q.where('o.level', '=', f.level);
    if (f.agencyKind) q = q.where('o.agency_kind', '=', f.agencyKind);
    if (f.ownership) q = q.where('o.ownership', '=', f.ownership);
    if (f.industry) q = q.where('o.industry', '=', f.industry);
    if (f.regionPrefix) q = q.where('o.region_code', 'like', `${f.regionPrefix}%`);
    if (f.parentId) q = q.where('o.parent_id', '=', f.parentId);
    return q;
  }

  /** The filtered view in the requested order; `id` breaks ties so that pages never overlap. */
  private ordered(scope: ScopeFilter, f: OrgFilter) {
    const q = this.filtered(scope, f);
    if (!f.sort) return q.orderBy('o.region_code').orderBy('o.name').orderBy('o.id');
    const desc = f.order === 'desc';
    return q.orderBy(ORG_SORT[f.sort], (ob) => (desc ? ob.desc() : ob.asc()).nullsLast()).orderBy('o.id');
  }

  /** One page of organizations in scope, by `f.sort` or else by region then name. */
  async list(scope: ScopeFilter, f: OrgFilter, page: { offset: number; limit: number }): Promise<{ rows: OrgView[]; total: number }> {
    const rows = await this.ordered(scope, f).offset(page.offset).limit(page.limit).execute();
    const countRow = await this.filtered(scope, f)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return { rows, total: Number(countRow?.n ?? 0) };
  }

  /** Every organization in scope matching the filter (exports), in batches. */
  async *iterate(scope: ScopeFilter, f: OrgFilter, batch = 1000): AsyncGenerator<OrgView[]> {
    for (let offset = 0; ; offset += batch) {
      const rows = await this.ordered(scope, f).offset(offset).limit(batch).execute();
      if (rows.length) yield rows;
      if (rows.length < batch) return;
    }
  }

  async findById(id: string): Promise<OrgView | undefined> {
    return this.view().where('o.id', '=', id).executeTakeFirst();
  }

  async findByUscc(uscc: string): Promise<OrgRow | undefined> {
    return this.db.selectFrom('organizations').selectAll().where('uscc', '=', uscc).executeTakeFirst();
  }

  async findByUsccs(usccs: string[]): Promise<OrgRow[]> {
    const out: OrgRow[] = [];
    for (let i = 0; i < usccs.length; i += 500) {
      out.push(...(await this.db.selectFrom('organizations').selectAll().where('uscc', 'in', usccs.slice(i, i + 500)).execute()));
    }
    return out;
  }

  async insert(row: OrgRow): Promise<void> {
    await this.db.insertInto('organizations').values(row).execute();
  }

  async update(id: string, patch: Partial<OrgRow>): Promise<void> {
    await this.db.updateTable('organizations').set(patch).where('id', '=', id).execute();
  }

  /** Rewrites the path prefix of every descendant after a move. */
  async movePaths(oldPrefix: string, newPrefix: string): Promise<void> {
    const rows = await this.db.selectFrom('organizations').select(['id', 'path']).where('path', 'like', `${oldPrefix}%`).execute();
    for (const r of rows) {
      await this.db.updateTable('organizations').set({ path: newPrefix + r.path.slice(oldPrefix.length) }).where('id', '=', r.id).execute();
    }
  }

  async countChildren(id: string): Promise<number> {
    const r = await this.db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', id).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('organizations').where('id', '=', id).execute();
  }

  async countAll(): Promise<number> {
    const r = await this.db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}
