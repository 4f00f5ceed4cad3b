import type { Transaction } from 'kysely';
import type { Org, OrgCreateInput, OrgListQuery } from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import { repositories, type OrgRow } from '../../storage/repositories/index.ts';
import type { DB } from '../../storage/schema.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { AppError, notFound } from '../errors.ts';
import { newId, nowIso } from '../ids.ts';
import { assertCan, regionPrefix, scopeOf, type Actor, type Target } from '../policy/policy.ts';
import { toOrg } from './orgs.mapper.ts';

const target = (o: Pick<OrgRow, 'path' | 'region_code'>): Target => ({ orgPath: o.path, regionCode: o.region_code });

/** The stored columns an input sets: kind fields only for the type that has them. */
function orgColumns(input: OrgCreateInput, parentId: string | null, path: string) {
  return {
    name: input.name,
    uscc: input.uscc,
    type: input.type,
    agency_kind: input.type === 'agency' ? (input.agencyKind ?? null) : null,
    ownership: input.type === 'enterprise' ? (input.ownership ?? null) : null,
    industry: input.type === 'enterprise' ? (input.industry ?? null) : null,
    level: input.level,
    region_code: input.regionCode,
    parent_id: parentId,
    path,
    staff_count: input.staffCount,
  };
}

/** Snapshot of an organization for the audit trail. */
function auditView(o: OrgRow) {
  const { path: _p, created_at: _c, updated_at: _u, ...rest } = o;
  return rest;
}

/** Organizations (单位): government agencies and enterprises. */
export class OrgsService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, q: OrgListQuery): Promise<{ items: Org[]; total: number }> {
    assertCan(actor, 'org.read');
    const { rows, total } = await repositories(this.database.db).orgs.list(scopeOf(actor), this.filterOf(q), { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
    return { items: rows.map(toOrg), total };
  }

  /** Every organization in scope matching the filter, in batches (exports). */
  async *iterate(actor: Actor, q: Omit<OrgListQuery, 'page' | 'pageSize'>): AsyncGenerator<Org[]> {
    assertCan(actor, 'org.read');
    for await (const rows of repositories(this.database.db).orgs.iterate(scopeOf(actor), this.filterOf(q))) yield rows.map(toOrg);
  }

  private filterOf(q: Omit<OrgListQuery, 'page' | 'pageSize'>) {
    return { ...q, regionPrefix: q.regionCode ? regionPrefix(q.regionCode) : undefined };
  }

  async get(actor: Actor, id: string): Promise<Org> {
    const o = await repositories(this.database.db).orgs.findById(id);
    if (!o) throw notFound('organization');
    assertCan(actor, 'org.read', target(o));
    return toOrg(o);
  }

  async create(actor: Actor, input: OrgCreateInput): Promise<Org> {
    const id = await this.database.transaction((trx) => this.createIn(trx, actor, input));
    return toOrg((await repositories(this.database.db).orgs.findById(id))!);
  }

  /** Creates inside a caller's transaction (used by import). Returns the new id. */
  async createIn(trx: Transaction<DB>, actor: Actor, input: OrgCreateInput): Promise<string> {
    const repos = repositories(trx);
    const id = newId();
    const parent = await this.parentFor(repos, input.parentId ?? null);
    const path = `${parent?.path ?? '/'}${id}/`;
    assertCan(actor, 'org.write', { orgPath: path, regionCode: input.regionCode });
    if (parent) assertCan(actor, 'org.write', target(parent));
    await this.checkRegion(repos, input.regionCode);
    if (await repos.orgs.findByUscc(input.uscc)) throw new AppError('USCC_TAKEN', { fields: [{ path: 'uscc', key: 'uscc.taken' }] });
    const now = nowIso();
    const row: OrgRow = {
      id,
      ...orgColumns(input, parent?.id ?? null, path),
      created_at: now,
      updated_at: now,
    };
    await repos.orgs.insert(row);
    await this.audit.append(trx, actor, { action: 'create', entityType: 'organization', entityId: id, orgId: id, regionCode: row.region_code, after: auditView(row) });
    return id;
  }

  /**
   * Told after the organization tree changed where it matters to licences:
   * a parent, region or type changed, or an organization was deleted (the
   * scope of every entitlement may have changed; compliance recomputes).
   */
  onStructureChanged: (() => void) | null = null;

  async update(actor: Actor, id: string, input: OrgCreateInput): Promise<Org> {
    const before = await repositories(this.database.db).orgs.findById(id);
    await this.database.transaction((trx) => this.updateIn(trx, actor, id, input));
    const after = (await repositories(this.database.db).orgs.findById(id))!;
    if (before && (before.path !== after.path || before.region_code !== after.region_code || before.type !== after.type)) this.onStructureChanged?.();
    return toOrg(after);
  }

  /** Updates inside a caller's transaction; returns whether anything changed. */
  async updateIn(trx: Transaction<DB>, actor: Actor, id: string, input: OrgCreateInput): Promise<boolean> {
    const repos = repositories(trx);
    const before = await repos.orgs.findById(id);
    if (!before) throw notFound('organization');
    assertCan(actor, 'org.write', target(before));
    const parent = await this.parentFor(repos, input.parentId ?? null);
    if (parent && parent.path.startsWith(before.path)) throw new AppError('ORG_PARENT_CYCLE', { fields: [{ path: 'parentId', key: 'import.parent' }] });
    const path = `${parent?.path ?? '/'}${id}/`;
    assertCan(actor, 'org.write', { orgPath: path, regionCode: input.regionCode });
    if (parent) assertCan(actor, 'org.write', target(parent));
    await this.checkRegion(repos, input.regionCode);
    const other = await repos.orgs.findByUscc(input.uscc);
    if (other && other.id !== id) throw new AppError('USCC_TAKEN', { fields: [{ path: 'uscc', key: 'uscc.taken' }] });
    const { region_name: _r, parent_name: _p, ...beforeRow } = before;
    const after: OrgRow = {
      ...beforeRow,
      ...orgColumns(input, parent?.id ?? null, path),
    };
    if (JSON.stringify(auditView(after)) === JSON.stringify(auditView(beforeRow))) return false;
    after.updated_at = nowIso();
    const { id: _id, ...patch } = after;
    await repos.orgs.update(id, patch);
    if (path !== before.path) await repos.orgs.movePaths(before.path, path);
    await this.audit.append(trx, actor, { action: 'update', entityType: 'organization', entityId: id, orgId: id, regionCode: after.region_code, before: auditView(beforeRow), after: auditView(after) });
    return true;
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.database.transaction(async (trx) => {
      const repos = repositories(trx);
      const before = await repos.orgs.findById(id);
      if (!before) throw notFound('organization');
      assertCan(actor, 'org.write', target(before));
      if ((await repos.orgs.countChildren(id)) > 0 || (await repos.users.countByOrg(id)) > 0) throw new AppError('ORG_HAS_CHILDREN');
      await repos.orgs.delete(id);
      const { region_name: _r, parent_name: _p, ...row } = before;
      await this.audit.append(trx, actor, { action: 'delete', entityType: 'organization', entityId: id, orgId: id, regionCode: before.region_code, before: auditView(row) });
    });
    this.onStructureChanged?.();
  }

  private async parentFor(repos: ReturnType<typeof repositories>, parentId: string | null) {
    if (!parentId) return null;
    const p = await repos.orgs.findById(parentId);
    if (!p) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'parentId', key: 'import.parent' }] });
    return p;
  }

  private async checkRegion(repos: ReturnType<typeof repositories>, code: string) {
    if ((await repos.regions.existing([code])).size === 0) throw new AppError('REGION_UNKNOWN', { fields: [{ path: 'regionCode', key: 'import.region' }] });
  }
}
