import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, DB } from '../schema.ts';
import type { ScopeFilter } from './scope-filter.ts';

export type AuditRow = Selectable<AuditLogTable>;

export interface AuditFilter {
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export class AuditRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async head(): Promise<{ seq: number; hash: string } | undefined> {
    const r = await this.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    return r ? { seq: Number(r.seq), hash: r.hash } : undefined;
  }

  async append(row: AuditRow): Promise<void> {
    await this.db.insertInto('audit_log').values(row).execute();
    await this.db
      .insertInto('audit_head')
      .values({ id: 1, seq: row.seq, hash: row.hash })
      .onConflict((oc) => oc.column('id').doUpdateSet({ seq: row.seq, hash: row.hash }))
      .execute();
  }

  /** Records with seq > after, in order, at most limit. */
  async readFrom(after: number, limit: number): Promise<AuditRow[]> {
    const rows = await this.db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(limit).execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }

  private filtered(scope: ScopeFilter, f: AuditFilter) {
    let q = this.db.selectFrom('audit_log as a').leftJoin('organizations as o', 'o.id', 'a.org_id').selectAll('a');
    if (scope.kind === 'none') q = q.where('a.seq', '<', 0);
    if (scope.kind === 'org') q = q.where('o.path', 'like', `${scope.path}%`);
    if (scope.kind === 'region') q = q.where('a.region_code', 'like', `${scope.prefix}%`);
    if (f.entityType) q = q.where('a.entity_type', '=', f.entityType);
    if (f.entityId) q = q.where('a.entity_id', '=', f.entityId);
    if (f.actorId) q = q.where('a.actor_id', '=', f.actorId);
    if (f.action) q = q.where('a.action', '=', f.action);
    if (f.from) q = q.where('a.at', '>=', f.from);
    if (f.to) q = q.where('a.at', '<', f.to);
    return q;
  }

  async list(scope: ScopeFilter, f: AuditFilter, page: { offset: number; limit: number }) {
    const rows = await this.filtered(scope, f).orderBy('a.seq', 'desc').offset(page.offset).limit(page.limit).execute();
    const c = await this.filtered(scope, f).clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return { rows: rows.map((r) => ({ ...r, seq: Number(r.seq) })), total: Number(c?.n ?? 0) };
  }
}
