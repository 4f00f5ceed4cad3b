import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { createServices, type Services } from '../services.ts';

describe.each(testDialects())('audit trail on %s', (dialect) => {
  let s: Services;
  beforeEach(async () => {
    s = createServices(await freshDatabase(dialect));
    for (let i = 0; i < 6; i++) await createOrg(s);
  });
  afterEach(async () => s.database.close());

  it('verifies an intact chain', async () => {
    expect(await s.audit.verify()).toMatchObject({ ok: true, checked: 6, headSeq: 6, problem: null });
  });

  it('names a row altered directly in the database', async () => {
    await sql`update audit_log set after_json = ${'{"name":"篡改"}'} where seq = 3`.execute(s.database.db);
    const r = await s.audit.verify('en-US');
    expect(r.ok).toBe(false);
    expect(r.problem).toMatchObject({ seq: 3, kind: 'altered', message: 'audit record 3 was altered' });
  });

  it('names a row whose hash was recomputed by the forger', async () => {
    await sql`update audit_log set actor_name = ${'someone'}, hash = ${'a'.repeat(64)} where seq = 2`.execute(s.database.db);
    expect((await s.audit.verify()).problem).toMatchObject({ seq: 2, kind: 'altered' });
  });

  it('names a deleted row, in the middle and at the end', async () => {
    await sql`delete from audit_log where seq = 4`.execute(s.database.db);
    expect((await s.audit.verify('zh-CN')).problem).toMatchObject({ seq: 4, kind: 'missing', message: '第 4 条审计记录缺失' });
    await sql`delete from audit_log where seq >= 4`.execute(s.database.db);
    expect((await s.audit.verify()).problem).toMatchObject({ seq: 4, kind: 'missing' });
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    await Promise.all(Array.from({ length: 20 }, () => createOrg(s)));
    expect(await s.audit.verify()).toMatchObject({ ok: true, checked: 26 });
  });

  it('lists the trail newest first with filters', async () => {
    const { items, total } = await s.audit.list(SYSTEM_ACTOR, { action: 'create' }, { page: 1, pageSize: 2 });
    expect(total).toBe(6);
    expect(items.map((r) => r.seq)).toEqual([6, 5]);
    expect(items[0]!.actorName).toBe('system');
  });
});
