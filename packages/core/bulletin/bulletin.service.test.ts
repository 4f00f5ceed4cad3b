import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { bulletinPublishBody, bulletinUpdateBody, campaignBody } from '../../contracts/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { cstDay } from '../dates.ts';
import { AppError } from '../errors.ts';
import { nowIso } from '../ids.ts';
import type { Actor } from '../policy/policy.ts';
import { createServices, type Services } from '../services.ts';
import { monthEnd, previousMonth } from './bulletin.rules.ts';

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'ok';
}

/** The first day of the month after `day`'s. */
const nextMonthFirst = (day: string) => {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
};

/*
 * Transitions are stamped with the real clock, so the bulletin's month is
 * the current real month and "today" (the campaign's clock) is the first of
 * the next: the month-end snapshot is then taken during its own day's
 * window and reads everything recorded so far. The previous month-end
 * snapshot is taken first, before anything moved.
 */
describe.each(testDialects())('bulletins on %s', (dialect) => {
  let s: Services;
  let month: string;
  let national: Actor;
  let zhejiang: Actor;
  let hangzhou: Actor;
  let beijing: Actor;
  let cityId: string;
  let nationalId: string;
  let provinceId: string;

  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
    const realToday = cstDay(nowIso());
    month = realToday.slice(0, 7);
    s.campaign.clock = () => nextMonthFirst(realToday);
    const campaign = await s.campaign.create(SYSTEM_ACTOR, campaignBody.parse({ name: '检查整改', deadlines: { prefecture: '2000-01-31', county: '2099-12-31' } }));
    cityId = (await createOrg(s, { name: '杭州市某局', regionCode: '330100', level: 'prefecture' })).id;
    await createOrg(s, { name: '西湖区某局', regionCode: '330106', level: 'county' });
    await createOrg(s, { name: '南京市某局', regionCode: '320100', level: 'prefecture' });
    await createOrg(s, { name: '东城区某局', regionCode: '110101', level: 'county' });
    national = await createActor(s, 'national_admin');
    zhejiang = await createActor(s, 'region_admin', { regionCode: '330000' });
    hangzhou = await createActor(s, 'region_admin', { regionCode: '330100' });
    beijing = await createActor(s, 'region_admin', { regionCode: '110000' });
    // Last month's end, before anything moved.
    await s.snapshots.create(SYSTEM_ACTOR, { day: monthEnd(previousMonth(`${month}-01`)) });
    // This month: the Hangzhou agency completes on an approved exception.
    await s.campaign.transition(SYSTEM_ACTOR, campaign.id, cityId, { to: 'self-check', reason: '自查' });
    const x = await s.campaign.requestException(SYSTEM_ACTOR, campaign.id, cityId, '专用设备');
    await s.campaign.decideException(SYSTEM_ACTOR, campaign.id, x.id, { decision: 'approved', note: null });
    await s.campaign.transition(SYSTEM_ACTOR, campaign.id, cityId, { to: 'completed', reason: '完成' });
  });
  afterAll(async () => s?.database.close());

  it('drafts the month’s national bulletin from its month-end snapshot (taken when missing), once', async () => {
    expect(await code(s.bulletins.create(zhejiang, { kind: 'monthly', regionCode: '000000', month }))).toBe('FORBIDDEN');
    // A province's administrator cannot take the missing national snapshot.
    expect(await code(s.bulletins.create(zhejiang, { kind: 'monthly', regionCode: '330000', month }))).toBe('VALIDATION_FAILED');
    const first = await s.bulletins.create(national, { kind: 'monthly', regionCode: '000000', month });
    expect(first.created).toBe(true);
    const b = first.bulletin;
    nationalId = b.id;
    expect(b).toMatchObject({ kind: 'monthly', status: 'draft', regionCode: '000000', regionName: '全国', month, snapshotDay: monthEnd(month), docNumber: null, checksumOk: null });
    expect(b.title).toBe(`关于${Number(month.slice(0, 4))}年${Number(month.slice(5))}月全国软件正版化检查整改工作进展情况的通报`);
    const t = b.tables!;
    expect(t.totals).toMatchObject({ inScope: 4, completed: 1, verified: 0, rate: 0.25, behindDeadline: 1, newlyCompleted: 1 });
    expect(t.progress.map((r) => [r.name, r.inScope, r.completed, r.rank])).toEqual([
      ['浙江省', 2, 1, 1],
      ['北京市', 1, 0, 2],
      ['江苏省', 1, 0, 2],
    ]);
    expect(t.behind.map((r) => r.name)).toEqual(['江苏省']);
    expect(t.newlyBasis).toBe('snapshot');
    expect(t.newlyCompleted).toMatchObject([{ orgId: cityId, name: '杭州市某局', regionName: '浙江省', status: 'completed' }]);
    expect(t.trend.map((p) => p.completed)).toEqual([0, 1]);
    expect(b.sections[0]!.text).toContain('共4家，已完成检查整改1家（其中已验收0家），完成率25.0%；本月新完成1家');

    // Asking again (the scheduler, a second click) gives the same draft.
    const again = await s.bulletins.create(national, { kind: 'monthly', regionCode: '000000', month });
    expect(again).toMatchObject({ created: false, bulletin: { id: b.id } });
    expect(await s.bulletins.ensureMonthlyDraft()).toMatchObject({ created: false, bulletin: { id: b.id } });
    // The month must be over.
    s.campaign.clock = () => `${month}-15`;
    expect(await code(s.bulletins.create(national, { kind: 'monthly', regionCode: '000000', month }))).toBe('VALIDATION_FAILED');
    s.campaign.clock = () => nextMonthFirst(`${month}-01`);
  });

  it('a province’s administrator drafts the province’s own bulletin (rows per prefecture); others are refused', async () => {
    expect(await code(s.bulletins.create(hangzhou, { kind: 'monthly', regionCode: '330000', month }))).toBe('FORBIDDEN');
    expect(await code(s.bulletins.create(beijing, { kind: 'monthly', regionCode: '330000', month }))).toBe('FORBIDDEN');
    const { bulletin: b } = await s.bulletins.create(zhejiang, { kind: 'monthly', regionCode: '330000', month });
    provinceId = b.id;
    expect(b.tables!.unit).toBe('prefecture');
    expect(b.tables!.progress.map((r) => [r.name, r.inScope, r.completed])).toEqual([['杭州市', 2, 1]]);
    expect(b.title).toContain('浙江省');

    // Another province's administrator neither sees nor touches it.
    expect((await s.bulletins.list(beijing)).map((x) => x.id)).toEqual([]);
    expect(await code(s.bulletins.get(beijing, b.id))).toBe('NOT_FOUND');
    const edit = bulletinUpdateBody.parse({ title: '篡改', issuingOrgan: 'x', recipients: 'x', sections: [{ heading: 'x', text: 'x' }] });
    expect(await code(s.bulletins.update(beijing, b.id, edit))).toBe('NOT_FOUND');
    expect(await code(s.bulletins.publish(beijing, b.id, bulletinPublishBody.parse({ docNumber: '京软正办〔2026〕1号' })))).toBe('NOT_FOUND');
    // A prefecture's administrator reads its province's published bulletins only, never its drafts; it cannot write them.
    expect(await code(s.bulletins.get(hangzhou, b.id))).toBe('NOT_FOUND');
    // Drafts of the national office are the national office's.
    expect((await s.bulletins.list(zhejiang)).map((x) => x.id)).toEqual([b.id]);
  });

  it('edits a draft, publishes it with a unique 文号, then refuses every change', async () => {
    const edit = bulletinUpdateBody.parse({
      title: '关于全国软件正版化检查整改工作进展情况的通报',
      docNumber: '国软正办[2026]12号',
      issuingOrgan: '推进使用正版软件工作部际联席会议办公室',
      recipients: '各省、自治区、直辖市推进使用正版软件工作领导小组办公室',
      sections: [
        { heading: '工作要求', text: '请各地抓紧整改。' },
        { heading: '总体进展', text: '进展顺利。' },
      ],
      cc: '联席会议各成员单位',
    });
    const edited = await s.bulletins.update(national, nationalId, edit);
    expect(edited).toMatchObject({ docNumber: '国软正办〔2026〕12号', sections: edit.sections, cc: '联席会议各成员单位', includeTables: true, status: 'draft' });

    const published = await s.bulletins.publish(national, nationalId, bulletinPublishBody.parse({ docNumber: '国软正办〔2026〕12号', publishDate: '2026-12-01' }));
    expect(published).toMatchObject({ status: 'published', docNumber: '国软正办〔2026〕12号', publishDate: '2026-12-01', checksumOk: true });
    expect(published.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(published.tables).toEqual(edited.tables);

    expect(await code(s.bulletins.update(national, nationalId, edit))).toBe('BULLETIN_PUBLISHED');
    expect(await code(s.bulletins.publish(national, nationalId, bulletinPublishBody.parse({ docNumber: '国软正办〔2026〕13号' })))).toBe('BULLETIN_PUBLISHED');
    expect(await code(s.bulletins.remove(national, nationalId))).toBe('BULLETIN_PUBLISHED');

    // The number belongs to the published bulletin.
    expect(await code(s.bulletins.publish(zhejiang, provinceId, bulletinPublishBody.parse({ docNumber: '国软正办〔2026〕12号' })))).toBe('DOC_NUMBER_TAKEN');
    const province = await s.bulletins.publish(zhejiang, provinceId, bulletinPublishBody.parse({ docNumber: '浙软正办〔2026〕3号' }));
    expect(province).toMatchObject({ status: 'published', publishDate: s.campaign.clock(), publishedBy: zhejiang.displayName });

    // Readers: published national bulletins for everyone reading bulletins; a province's for its own regions.
    expect((await s.bulletins.list(beijing)).map((x) => x.id)).toEqual([nationalId]);
    expect((await s.bulletins.list(hangzhou)).map((x) => x.id).sort()).toEqual([nationalId, provinceId].sort());
    expect((await s.bulletins.get(hangzhou, provinceId)).status).toBe('published');

    const audit = await s.audit.list(SYSTEM_ACTOR, { entityType: 'bulletin' }, { page: 1, pageSize: 50 });
    expect(audit.items.map((a) => a.action).sort()).toEqual(['create', 'create', 'publish', 'publish', 'update']);
  });

  it('detects a published bulletin altered behind the application and refuses to render it', async () => {
    await sql`update bulletins set title = ${'改动的标题'} where id = ${nationalId}`.execute(s.database.db);
    expect((await s.bulletins.get(national, nationalId)).checksumOk).toBe(false);
    expect(await code(s.bulletins.document(national, nationalId))).toBe('INTERNAL');
    await sql`update bulletins set title = ${'关于全国软件正版化检查整改工作进展情况的通报'} where id = ${nationalId}`.execute(s.database.db);
    expect((await s.bulletins.document(national, nationalId)).checksumOk).toBe(true);
  });

  it('special bulletins and information reports quote the newest snapshot; drafts can be discarded', async () => {
    const a = await s.bulletins.create(national, { kind: 'special', regionCode: '000000' });
    const b = await s.bulletins.create(national, { kind: 'info-report', regionCode: '000000' });
    expect([a.created, b.created]).toEqual([true, true]);
    expect(a.bulletin).toMatchObject({ kind: 'special', month: null, snapshotDay: monthEnd(month), status: 'draft' });
    expect(a.bulletin.sections.map((x) => x.heading)).toEqual(['基本情况', '存在的问题', '工作要求']);
    expect(b.bulletin.title).toBe('全国软件正版化检查整改工作信息专报');
    await s.bulletins.remove(national, b.bulletin.id);
    expect(await code(s.bulletins.get(national, b.bulletin.id))).toBe('NOT_FOUND');
    expect((await s.bulletins.list(national, { kind: 'special' })).map((x) => x.id)).toEqual([a.bulletin.id]);
  });

  it('the scheduler drafts the previous month’s national bulletin once, between the 1st and the 5th', async () => {
    const next = nextMonthFirst(`${month}-01`);
    const afterNext = nextMonthFirst(next);
    s.campaign.clock = () => `${afterNext.slice(0, 8)}20`;
    expect(await s.bulletins.ensureMonthlyDraft()).toEqual({ bulletin: null, created: false });
    s.campaign.clock = () => `${afterNext.slice(0, 8)}03`;
    const first = await s.bulletins.ensureMonthlyDraft();
    expect(first).toMatchObject({ created: true, bulletin: { kind: 'monthly', month: next.slice(0, 7), snapshotDay: monthEnd(next.slice(0, 7)), status: 'draft', createdBy: 'system' } });
    // Its month-end snapshot was taken for it; the month before is the comparison.
    expect(first.bulletin!.tables!.totals.previous?.day).toBe(monthEnd(month));
    expect(await s.bulletins.ensureMonthlyDraft()).toMatchObject({ created: false, bulletin: { id: first.bulletin!.id } });
    s.campaign.clock = () => next;
  });
});
