import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { buildInventory, buildSoftware } from '../../../test/inventory-builders.ts';
import { campaignBody } from '../../contracts/index.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Actor } from '../policy/policy.ts';
import { createServices, type Services } from '../services.ts';
import { DASHBOARD_SHEET_NAMES } from './dashboard.xlsx.ts';
import { buildFigures, canonicalChecksum } from './snapshot.rules.ts';

const WINDOWS = buildSoftware('Microsoft Windows 10 Pro', '10.0', { source: 'windows', publisher: 'Microsoft Corporation', arch: 'x64' });
const DEADLINES = { provincial: '2026-03-31', prefecture: '2026-05-31', county: '2026-12-31' };

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'ok';
}

/*
 * Four agencies in scope (an enterprise is not), on 2026-06-01:
 *   浙江省某厅 330000 provincial  self-check   behind 62 days (deadline 03-31)
 *   杭州市某局 330100 prefecture  not started  behind 1 day   one Windows computer, unlicensed (os 0/1)
 *   西湖区某局 330106 county      completed (on an approved exception)
 *   东城区某局 110101 county      self-check
 */
describe.each(testDialects())('campaign dashboard on %s', (dialect) => {
  let s: Services;
  let campaignId: string;
  let province: string;
  let city: string;
  let county: string;
  let zhejiang: Actor;
  let hangzhou: Actor;
  let cityAdmin: Actor;

  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
    s.compliance.engine.clock = () => '2026-06-01';
    campaignId = (await s.campaign.create(SYSTEM_ACTOR, campaignBody.parse({ name: '2026 整改', deadlines: DEADLINES }))).id;
    const other = (await s.campaign.create(SYSTEM_ACTOR, campaignBody.parse({ name: '另一项整改', deadlines: { county: '2027-12-31' } }))).id;
    province = (await createOrg(s, { name: '浙江省某厅', regionCode: '330000', level: 'provincial' })).id;
    city = (await createOrg(s, { name: '杭州市某局', regionCode: '330100', level: 'prefecture' })).id;
    county = (await createOrg(s, { name: '西湖区某局', regionCode: '330106', level: 'county' })).id;
    const beijing = (await createOrg(s, { name: '东城区某局', regionCode: '110101', level: 'county' })).id;
    await createOrg(s, { name: '某企业', regionCode: '330100', type: 'enterprise', level: 'prefecture' });
    zhejiang = await createActor(s, 'region_admin', { regionCode: '330000' });
    hangzhou = await createActor(s, 'region_admin', { regionCode: '330100' });
    cityAdmin = await createActor(s, 'org_admin', { orgId: city });
    await s.inventory.ingest({ orgId: city, credentialId: null, channel: 'agent', format: 'ocs-xml', agent: 'test', remoteAddr: null, raw: Buffer.from('<REQUEST/>'), encoding: 'identity' }, buildInventory({ serial: 'CITY-1', hostname: 'city-1' }, [WINDOWS]));
    await s.compliance.engine.idle();
    const move = (orgId: string, to: 'self-check' | 'completed') => s.campaign.transition(SYSTEM_ACTOR, campaignId, orgId, { to, reason: to });
    await move(province, 'self-check');
    await move(beijing, 'self-check');
    await move(county, 'self-check');
    const x = await s.campaign.requestException(SYSTEM_ACTOR, campaignId, county, '设备已报废');
    await s.campaign.decideException(SYSTEM_ACTOR, campaignId, x.id, { decision: 'approved', note: null });
    await move(county, 'completed');

    // Month-end snapshots of the campaign (and an on-demand one, and one of another campaign, that the trend leaves out).
    const repo = repositories(s.database.db, s.database).campaign;
    const agencies = await repo.agenciesOfLevels(['provincial', 'prefecture', 'county']);
    const trendOf = (req: number, cov: number) => new Map([[city, { subject: city, overall_req: req, overall_cov: cov, programme_req: req, programme_cov: cov, os_req: req, os_cov: cov, office_req: 0, office_cov: 0, security_req: 0, security_cov: 0, devices: 1, compliant_devices: cov }]]);
    const snap = async (day: string, kind: string, campaign: string, statuses: Map<string, string>, req: number, cov: number) => {
      const rows = buildFigures({ day, deadlines: DEADLINES, agencies, statuses, trend: trendOf(req, cov), spent: new Map() });
      await repo.insertSnapshot({ id: newId(), day, kind, campaign_id: campaign, created_at: `${day}T15:00:00.000Z`, created_by: 'test', checksum: canonicalChecksum(rows) }, rows);
    };
    await snap('2026-04-30', 'month-end', campaignId, new Map(), 2, 0);
    await snap('2026-05-15', 'on-demand', campaignId, new Map([[province, 'verified']]), 2, 2);
    await snap('2026-05-31', 'month-end', campaignId, new Map([[county, 'completed'], [province, 'self-check']]), 2, 1);
    await snap('2026-02-28', 'month-end', other, new Map(), 0, 0);
  });
  afterAll(async () => s?.database.close());

  it('national: provinces, levels against their deadlines, the overdue list, the monthly trend', async () => {
    const d = await s.campaignDashboard.dashboard(SYSTEM_ACTOR, campaignId);
    expect(d.today).toBe('2026-06-01');
    expect(d.path).toEqual([{ regionCode: '000000', regionName: '全国' }]);
    expect(d.node).toMatchObject({ regionCode: '000000', level: 'national', inScope: 4, notStarted: 1, selfCheck: 2, completed: 1, behindDeadline: 2, completionRate: 0.25 });
    expect(d.node.programme).toEqual({ required: 1, covered: 0, rate: 0 });
    expect(d.regions.map((r) => [r.regionCode, r.regionName, r.inScope, r.completionRate, r.behindDeadline])).toEqual([
      ['110000', '北京市', 1, 0, 0],
      ['330000', '浙江省', 3, 1 / 3, 2],
    ]);
    expect(d.regions[0]!.programme.rate).toBeNull();
    expect(d.regions[1]!.os).toEqual({ required: 1, covered: 0, rate: 0 });
    expect(d.levels.map((l) => [l.level, l.inScope, l.done, l.behindDeadline, l.daysLeft])).toEqual([
      ['provincial', 1, 0, 1, -62],
      ['prefecture', 1, 0, 1, -1],
      ['county', 2, 1, 0, 213],
    ]);
    expect(d.overdue.total).toBe(2);
    expect(d.overdue.items).toEqual([
      { orgId: province, orgName: '浙江省某厅', regionCode: '330000', regionName: '浙江省', level: 'provincial', deadline: '2026-03-31', daysOverdue: 62, status: 'self-check' },
      { orgId: city, orgName: '杭州市某局', regionCode: '330100', regionName: '杭州市', level: 'prefecture', deadline: '2026-05-31', daysOverdue: 1, status: 'not-started' },
    ]);
    expect(d.trend).toEqual([
      { day: '2026-04-30', live: false, inScope: 4, done: 0, completionRate: 0, programme: { required: 2, covered: 0, rate: 0 } },
      { day: '2026-05-31', live: false, inScope: 4, done: 1, completionRate: 0.25, programme: { required: 2, covered: 1, rate: 0.5 } },
      { day: '2026-06-01', live: true, inScope: 4, done: 1, completionRate: 0.25, programme: { required: 1, covered: 0, rate: 0 } },
    ]);
  });

  it('a province: its prefectures and the agencies registered at the province itself', async () => {
    const d = await s.campaignDashboard.dashboard(SYSTEM_ACTOR, campaignId, '330000');
    expect(d.path.map((p) => p.regionName)).toEqual(['全国', '浙江省']);
    expect(d.regions.map((r) => [r.regionCode, r.regionName, r.inScope, r.notStarted, r.completed])).toEqual([['330100', '杭州市', 2, 1, 1]]);
    expect(d.own).toMatchObject({ regionCode: '330000', inScope: 1, selfCheck: 1, behindDeadline: 1 });
    expect(d.trend.map((p) => [p.day, p.inScope, p.done])).toEqual([
      ['2026-04-30', 3, 0],
      ['2026-05-31', 3, 1],
      ['2026-06-01', 3, 1],
    ]);
    expect(await code(s.campaignDashboard.dashboard(SYSTEM_ACTOR, campaignId, '990000'))).toBe('NOT_FOUND');
    expect(await code(s.campaignDashboard.dashboard(SYSTEM_ACTOR, newId()))).toBe('NOT_FOUND');
  });

  it('a region administrator sees only their subtree', async () => {
    const d = await s.campaignDashboard.dashboard(zhejiang, campaignId);
    expect(d.node).toMatchObject({ regionCode: '330000', inScope: 3 });
    expect(d.path).toEqual([{ regionCode: '330000', regionName: '浙江省' }]);
    expect((await s.campaignDashboard.dashboard(zhejiang, campaignId, '330100')).path.map((p) => p.regionCode)).toEqual(['330000', '330100']);
    expect(await code(s.campaignDashboard.dashboard(zhejiang, campaignId, '000000'))).toBe('FORBIDDEN');
    expect(await code(s.campaignDashboard.dashboard(zhejiang, campaignId, '110000'))).toBe('FORBIDDEN');

    const h = await s.campaignDashboard.dashboard(hangzhou, campaignId);
    expect(h.node).toMatchObject({ regionCode: '330100', inScope: 2 });
    expect(h.regions.map((r) => r.regionCode)).toEqual(['330106']);
    expect(h.own).toMatchObject({ inScope: 1, notStarted: 1 });
    expect(h.overdue.items.map((o) => o.orgId)).toEqual([city]);
    expect(h.levels.map((l) => [l.level, l.inScope])).toEqual([
      ['provincial', 0],
      ['prefecture', 1],
      ['county', 1],
    ]);
    expect(h.trend.map((p) => p.inScope)).toEqual([2, 2, 2]);
    expect(await code(s.campaignDashboard.dashboard(hangzhou, campaignId, '330000'))).toBe('FORBIDDEN');

    // An organization's administrator: the figures of their own organization only.
    const o = await s.campaignDashboard.dashboard(cityAdmin, campaignId);
    expect(o.node).toMatchObject({ regionCode: '000000', inScope: 1 });
    expect(o.overdue.items.map((x) => x.orgId)).toEqual([city]);
    expect(o.trend.map((p) => p.inScope)).toEqual([1, 1, 1]);
  });

  it('the overdue list follows the clock: the deadline day is in time, the day after is overdue', async () => {
    try {
      s.compliance.engine.clock = () => '2026-03-31';
      expect((await s.campaignDashboard.dashboard(SYSTEM_ACTOR, campaignId)).overdue).toEqual({ items: [], total: 0 });
      s.compliance.engine.clock = () => '2026-04-01';
      const d = await s.campaignDashboard.dashboard(SYSTEM_ACTOR, campaignId);
      expect(d.overdue.items.map((o) => [o.orgId, o.daysOverdue])).toEqual([[province, 1]]);
      expect(d.levels[0]).toMatchObject({ level: 'provincial', daysLeft: -1, behindDeadline: 1 });
      s.compliance.engine.clock = () => '2027-01-01';
      const late = await s.campaignDashboard.dashboard(SYSTEM_ACTOR, campaignId);
      expect(late.overdue.items.map((o) => [o.orgName, o.daysOverdue])).toEqual([
        ['浙江省某厅', 276],
        ['杭州市某局', 215],
        ['东城区某局', 1],
      ]);
      expect((await s.campaignDashboard.dashboard(SYSTEM_ACTOR, campaignId, undefined, 1)).overdue).toMatchObject({ total: 3, items: [{ orgName: '浙江省某厅' }] });
    } finally {
      s.compliance.engine.clock = () => '2026-06-01';
    }
  });

  it('exports one sheet per chart: numbers as numbers, rates formatted as percentages', async () => {
    const { buffer, filename } = await s.campaignDashboard.workbook(SYSTEM_ACTOR, campaignId, { regionCode: '330000' });
    expect(filename).toBe('2026 整改-浙江省-2026-06-01.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(DASHBOARD_SHEET_NAMES));
    const regions = wb.getWorksheet(DASHBOARD_SHEET_NAMES.regions)!;
    expect(regions.getRow(1).values).toContain('完成率');
    const hz = regions.getRow(2);
    expect([hz.getCell(1).value, hz.getCell(2).value, hz.getCell(4).value, hz.getCell(10).value]).toEqual(['330100', '杭州市', 2, 0.5]);
    expect(hz.getCell(10).numFmt).toBe('0.0%');
    expect(regions.getRow(3).getCell(2).value).toBe('浙江省（本级）');
    expect(regions.getRow(4).getCell(2).value).toBe('浙江省（合计）');
    expect(regions.getRow(4).getCell(4).value).toBe(3);
    const overdue = wb.getWorksheet(DASHBOARD_SHEET_NAMES.overdue)!;
    expect(overdue.getRow(2).getCell(1).value).toBe('浙江省某厅');
    expect(overdue.getRow(2).getCell(6).value).toBe(62);
    const levels = wb.getWorksheet(DASHBOARD_SHEET_NAMES.levels)!;
    expect([levels.getRow(2).getCell(1).value, levels.getRow(2).getCell(8).value]).toEqual(['省级', -62]);
    const trend = wb.getWorksheet(DASHBOARD_SHEET_NAMES.trend)!;
    expect(trend.rowCount).toBe(4);
    expect(trend.getRow(4).getCell(2).value).toBe('实时');

    const one = new ExcelJS.Workbook();
    await one.xlsx.load((await s.campaignDashboard.workbook(hangzhou, campaignId, { sheet: 'overdue' })).buffer as unknown as ArrayBuffer);
    expect(one.worksheets.map((w) => w.name)).toEqual([DASHBOARD_SHEET_NAMES.overdue]);
    expect(one.worksheets[0]!.rowCount).toBe(2);
    expect(await code(s.campaignDashboard.workbook(hangzhou, campaignId, { regionCode: '110000' }))).toBe('FORBIDDEN');
  });
});
