import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { buildInventory, buildSoftware } from '../../../test/inventory-builders.ts';
import { campaignBody, entitlementBody } from '../../contracts/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { cstDay } from '../dates.ts';
import { AppError } from '../errors.ts';
import { nowIso } from '../ids.ts';
import type { Actor } from '../policy/policy.ts';
import { createServices, type Services } from '../services.ts';
import { isMonthEnd, previousMonthEnd } from './snapshot.rules.ts';

const WINDOWS = buildSoftware('Microsoft Windows 10 Pro', '10.0', { source: 'windows', publisher: 'Microsoft Corporation', arch: 'x64' });
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'ok';
}

describe('snapshot days', () => {
  it('knows month ends', () => {
    expect(isMonthEnd('2026-02-28')).toBe(true);
    expect(isMonthEnd('2024-02-28')).toBe(false);
    expect(isMonthEnd('2026-12-31')).toBe(true);
    expect(previousMonthEnd('2026-03-15')).toBe('2026-02-28');
    expect(previousMonthEnd('2026-01-01')).toBe('2025-12-31');
  });
});

/*
 * Snapshots run on the real clock: transitions are stamped now, and a
 * snapshot reads the records up to the end of its day (or its creation).
 */
describe.each(testDialects())('snapshots on %s', (dialect) => {
  let s: Services;
  let today: string;
  let yesterday: string;
  let city: string;
  let county: string;
  let hangzhou: Actor;
  let beijing: Actor;

  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
    today = cstDay(nowIso());
    yesterday = dayBefore(today);
    await s.campaign.create(SYSTEM_ACTOR, campaignBody.parse({ name: '整改', deadlines: { prefecture: '2000-01-31', county: '2099-12-31' } }));
    city = (await createOrg(s, { name: '杭州市某局', regionCode: '330100', level: 'prefecture' })).id;
    county = (await createOrg(s, { name: '西湖区某局', regionCode: '330106', level: 'county' })).id;
    await createOrg(s, { name: '北京某局', regionCode: '110101', level: 'county' });
    hangzhou = await createActor(s, 'region_admin', { regionCode: '330100' });
    beijing = await createActor(s, 'region_admin', { regionCode: '110000' });
    await s.inventory.ingest({ orgId: city, credentialId: null, channel: 'agent', format: 'ocs-xml', agent: 'test', remoteAddr: null, raw: Buffer.from('<REQUEST/>'), encoding: 'identity' }, buildInventory({ serial: 'C-1', hostname: 'c-1' }, [WINDOWS]));
    await s.compliance.engine.idle();
  });
  afterAll(async () => s?.database.close());

  it('freezes a day: figures from the records, rolled up the region tree; one snapshot a day', async () => {
    expect(await code(s.snapshots.create(hangzhou, { day: yesterday }))).toBe('FORBIDDEN');
    const first = await s.snapshots.create(SYSTEM_ACTOR, { day: yesterday });
    expect(first).toMatchObject({ day: yesterday, kind: isMonthEnd(yesterday) ? 'month-end' : 'on-demand', revisedRows: 0 });
    expect(first.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(await code(s.snapshots.create(SYSTEM_ACTOR, { day: yesterday }))).toBe('SNAPSHOT_EXISTS');
    expect(await code(s.snapshots.create(SYSTEM_ACTOR, { day: '2999-01-01' }))).toBe('VALIDATION_FAILED');

    // Today: the city agency moved and bought (dated yesterday, recorded after yesterday's snapshot: a correction).
    await s.campaign.transition(SYSTEM_ACTOR, (await s.campaign.list(SYSTEM_ACTOR))[0]!.id, city, { to: 'self-check', reason: 'start' });
    await s.entitlements.create(SYSTEM_ACTOR, city, entitlementBody.parse({ name: 'Windows', metric: 'device', quantity: 2, productKeys: ['microsoft/windows'], unitPrice: 1000.5, currency: 'CNY', purchasedAt: yesterday }));
    const second = await s.snapshots.create(SYSTEM_ACTOR, {});
    expect(second).toMatchObject({ day: today, revisedRows: 4 });

    const national = await s.snapshots.drill(SYSTEM_ACTOR, today);
    expect(national.node).toMatchObject({ subject: 'R:000000', inScope: 3, notStarted: 2, selfCheck: 1, behindDeadline: 1, devices: 1, spent: 2001 });
    expect(national.node!.os).toEqual({ required: 1, covered: 1, rate: 1 });
    expect(national.regions.map((r) => `${r.subject}:${r.name}`)).toEqual(['R:110000:北京市', 'R:330000:浙江省']);
    // The published figure of yesterday is not changed; today's rows say what it is now.
    expect(national.node!.revised).toEqual({ previousDay: yesterday, changes: { spent: [0, 2001] } });
    const frozenYesterday = await s.snapshots.drill(SYSTEM_ACTOR, yesterday);
    expect(frozenYesterday.node).toMatchObject({ spent: 0, selfCheck: 0, notStarted: 3, revised: null });

    // Drill-down: a prefecture's agencies and its counties.
    const hz = await s.snapshots.drill(SYSTEM_ACTOR, today, '330100');
    expect(hz.node).toMatchObject({ subject: 'R:330100', name: '杭州市', inScope: 2 });
    expect(hz.regions.map((r) => r.subject)).toEqual(['R:330106']);
    expect(hz.orgs.map((o) => o.name).sort()).toEqual(['杭州市某局', '西湖区某局']);
    expect(hz.orgs.find((o) => o.subject === city)).toMatchObject({ selfCheck: 1, behindDeadline: 1, devices: 1, spent: 2001, revised: { previousDay: yesterday, changes: { spent: [0, 2001] } } });

    // Scope: a region administrator sees its subtree only.
    const mine = await s.snapshots.drill(hangzhou, today);
    expect(mine.node?.subject).toBe('R:330100');
    expect(mine.orgs.every((o) => o.regionCode.startsWith('3301'))).toBe(true);
    expect(await code(s.snapshots.drill(hangzhou, today, '110000'))).toBe('FORBIDDEN');
    expect((await s.snapshots.drill(beijing, today)).orgs.map((o) => o.name)).toEqual(['北京某局']);
  });

  it('verify recomputes from the records: today matches, yesterday names the correction', async () => {
    expect(await s.snapshots.verify(SYSTEM_ACTOR, today)).toMatchObject({ ok: true, checksumOk: true, differences: [], hiddenDifferences: 0 });
    const y = await s.snapshots.verify(SYSTEM_ACTOR, yesterday);
    expect(y.ok).toBe(false);
    expect(y.checksumOk).toBe(true);
    expect(y.differences).toContainEqual({ subject: city, name: '杭州市某局', field: 'spent', frozen: 0, recomputed: 2001 });
    expect(y.differences).toContainEqual({ subject: 'R:000000', name: '全国', field: 'spent', frozen: 0, recomputed: 2001 });
    // Another region's administrator learns that something differs, not what.
    const other = await s.snapshots.verify(beijing, yesterday);
    expect(other.differences).toEqual([]);
    expect(other.hiddenDifferences).toBe(y.differences.length);
  });

  it('a frozen row altered behind the application is detected', async () => {
    const snap = (await s.snapshots.list(SYSTEM_ACTOR)).find((x) => x.day === today)!;
    await sql`update snapshot_figures set devices = 99 where snapshot_id = ${snap.id} and subject = ${city}`.execute(s.database.db);
    const v = await s.snapshots.verify(SYSTEM_ACTOR, today);
    expect(v).toMatchObject({ ok: false, checksumOk: false });
    expect(v.differences).toEqual([{ subject: city, name: '杭州市某局', field: 'devices', frozen: 99, recomputed: 1 }]);
  });

  it('has no way to change or remove a snapshot', () => {
    const methods = (o: object) => Object.getOwnPropertyNames(Object.getPrototypeOf(o));
    expect(methods(s.snapshots).filter((m) => /update|delete|remove|edit|replace/i.test(m))).toEqual([]);
  });
});
