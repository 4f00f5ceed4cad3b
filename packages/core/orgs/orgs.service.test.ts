import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgSortKey, SortOrder } from '../../contracts/index.ts';
import { buildOrg, createActor, createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { AppError } from '../errors.ts';
import { createServices, type Services } from '../services.ts';

describe.each(testDialects())('organizations on %s', (dialect) => {
  let s: Services;
  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
  });
  afterAll(async () => s.database.close());

  const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: AppError) => e.code);

  it('creates, reads, updates and lists with filters', async () => {
    const org = await createOrg(s, { name: '杭州市财政局', regionCode: '330100' });
    expect(org.regionName).toBe('杭州市');
    const child = await createOrg(s, { name: '杭州市财政局信息中心', parentId: org.id, regionCode: '330106', agencyKind: 'institution', level: 'county' });
    expect(child.parentName).toBe('杭州市财政局');
    const updated = await s.orgs.update(SYSTEM_ACTOR, org.id, { ...buildOrg(), uscc: org.uscc, name: '杭州市财政局（改）', regionCode: '330100', staffCount: 99 });
    expect(updated.staffCount).toBe(99);
    const list = await s.orgs.list(SYSTEM_ACTOR, { page: 1, pageSize: 20, q: '财政局' });
    expect(list.items.map((o) => o.name).sort()).toEqual(['杭州市财政局信息中心', '杭州市财政局（改）']);
    expect((await s.orgs.list(SYSTEM_ACTOR, { page: 1, pageSize: 20, regionCode: '330106' })).items.map((o) => o.id)).toEqual([child.id]);
    expect((await s.orgs.list(SYSTEM_ACTOR, { page: 1, pageSize: 20, parentId: org.id })).total).toBe(1);
    // Wildcards in the search box are literal.
    expect((await s.orgs.list(SYSTEM_ACTOR, { page: 1, pageSize: 20, q: '%' })).total).toBe(0);
  });

  it('refuses a taken USCC, an unknown region, a cycle, and deleting a parent', async () => {
    const a = await createOrg(s);
    expect(await code(createOrg(s, { uscc: a.uscc }))).toBe('USCC_TAKEN');
    expect(await code(createOrg(s, { regionCode: '999999' }))).toBe('REGION_UNKNOWN');
    const b = await createOrg(s, { parentId: a.id });
    expect(await code(s.orgs.update(SYSTEM_ACTOR, a.id, { ...buildOrg(), uscc: a.uscc, parentId: b.id }))).toBe('ORG_PARENT_CYCLE');
    expect(await code(s.orgs.delete(SYSTEM_ACTOR, a.id))).toBe('ORG_HAS_CHILDREN');
    await s.orgs.delete(SYSTEM_ACTOR, b.id);
    await s.orgs.delete(SYSTEM_ACTOR, a.id);
    expect(await code(s.orgs.get(SYSTEM_ACTOR, a.id))).toBe('NOT_FOUND');
  });

  it('moves a subtree: descendants follow, scope follows', async () => {
    const root1 = await createOrg(s);
    const root2 = await createOrg(s);
    const mid = await createOrg(s, { parentId: root1.id });
    const leaf = await createOrg(s, { parentId: mid.id });
    const admin2 = await createActor(s, 'org_admin', { orgId: root2.id });
    expect(await code(s.orgs.get(admin2, leaf.id))).toBe('FORBIDDEN');
    await s.orgs.update(SYSTEM_ACTOR, mid.id, { ...buildOrg(), uscc: mid.uscc, parentId: root2.id });
    expect((await s.orgs.get(admin2, leaf.id)).id).toBe(leaf.id);
  });

  it('scopes lists and writes by role', async () => {
    const hz = await createOrg(s, { regionCode: '330102' });
    const nb = await createOrg(s, { regionCode: '330203' });
    const bj = await createOrg(s, { regionCode: '110101' });
    const hzAdmin = await createActor(s, 'region_admin', { regionCode: '330100' });
    const zjAdmin = await createActor(s, 'region_admin', { regionCode: '330000' });
    const ids = async (a: typeof hzAdmin) => new Set((await s.orgs.list(a, { page: 1, pageSize: 500 })).items.map((o) => o.id));
    const hzSees = await ids(hzAdmin);
    expect(hzSees.has(hz.id)).toBe(true);
    expect(hzSees.has(nb.id)).toBe(false);
    expect(hzSees.has(bj.id)).toBe(false);
    const zjSees = await ids(zjAdmin);
    expect(zjSees.has(nb.id)).toBe(true);
    expect(zjSees.has(bj.id)).toBe(false);
    expect(await code(s.orgs.update(hzAdmin, nb.id, { ...buildOrg(), uscc: nb.uscc, regionCode: '330203' }))).toBe('FORBIDDEN');
    // Moving an organization out of one's own region is refused too.
    expect(await code(s.orgs.update(hzAdmin, hz.id, { ...buildOrg(), uscc: hz.uscc, regionCode: '110101' }))).toBe('FORBIDDEN');
    expect(await code(s.orgs.create(hzAdmin, buildOrg({ regionCode: '110101' })))).toBe('FORBIDDEN');
    const auditor = await createActor(s, 'auditor', { regionCode: '330000' });
    expect(await code(s.orgs.create(auditor, buildOrg()))).toBe('FORBIDDEN');
    const inspector = await createActor(s, 'inspector');
    expect(await code(s.orgs.list(inspector, { page: 1, pageSize: 10 }))).toBe('FORBIDDEN');
  });

  it('sorts on the server across pages, ties by id, and exports in the same order', async () => {
    const a = await createOrg(s, { name: '排序测试B', staffCount: 5, level: 'county' });
    const b = await createOrg(s, { name: '排序测试A', staffCount: 50, level: 'national' });
    const c = await createOrg(s, { name: '排序测试B', staffCount: 500, level: 'provincial' });
    const q = '排序测试';
    const ids = async (sort: OrgSortKey | undefined, order: SortOrder, page = 1, pageSize = 20) => (await s.orgs.list(SYSTEM_ACTOR, { page, pageSize, q, sort, order })).items.map((o) => o.id);
    expect(await ids('staffCount', 'desc', 1, 2)).toEqual([c.id, b.id]);
    expect(await ids('staffCount', 'desc', 2, 2)).toEqual([a.id]);
    // Equal names keep one order (by id) whichever the direction, so no row shows on two pages.
    const tied = [a.id, c.id].sort();
    expect(await ids('name', 'asc')).toEqual([b.id, ...tied]);
    expect(await ids('name', 'desc')).toEqual([...tied, b.id]);
    expect([...(await ids('name', 'asc', 1, 2)), ...(await ids('name', 'asc', 2, 2))]).toEqual([b.id, ...tied]);
    // Levels by rank, not by their codes' spelling.
    expect(await ids('level', 'asc')).toEqual([b.id, c.id, a.id]);
    // Without a sort key: region, then name (as before).
    expect(await ids(undefined, 'desc')).toEqual([b.id, ...tied]);
    const exported: string[] = [];
    for await (const batch of s.orgs.iterate(SYSTEM_ACTOR, { q, sort: 'staffCount', order: 'desc' })) exported.push(...batch.map((o) => o.id));
    expect(exported).toEqual([c.id, b.id, a.id]);
  });

  it('writes nothing when a write fails half-way', async () => {
    const repos = repositories(s.database.db);
    const before = await repos.orgs.countAll();
    const head = await repos.audit.head();
    const a = await createOrg(s);
    // The second create fails on the USCC check after the first succeeded in the same transaction.
    await expect(
      s.database.transaction(async (trx) => {
        await s.orgs.createIn(trx, SYSTEM_ACTOR, buildOrg());
        await s.orgs.createIn(trx, SYSTEM_ACTOR, buildOrg({ uscc: a.uscc }));
      }),
    ).rejects.toThrow();
    expect(await repos.orgs.countAll()).toBe(before + 1);
    expect((await repos.audit.head())!.seq).toBe(head!.seq + 1);
  });

  it('records every write in the audit trail with before and after', async () => {
    const org = await createOrg(s, { name: '审计测试单位' });
    await s.orgs.update(SYSTEM_ACTOR, org.id, { ...buildOrg(), uscc: org.uscc, name: '审计测试单位（改）' });
    const { items } = await s.audit.list(SYSTEM_ACTOR, { entityType: 'organization', entityId: org.id }, { page: 1, pageSize: 10 });
    expect(items.map((r) => r.action)).toEqual(['update', 'create']);
    expect((items[0]!.before as { name: string }).name).toBe('审计测试单位');
    expect((items[0]!.after as { name: string }).name).toBe('审计测试单位（改）');
    // An update that changes nothing writes nothing.
    const headBefore = await repositories(s.database.db).audit.head();
    await s.orgs.update(SYSTEM_ACTOR, org.id, { ...buildOrg(), uscc: org.uscc, name: '审计测试单位（改）' });
    expect(await repositories(s.database.db).audit.head()).toEqual(headBefore);
  });
});
