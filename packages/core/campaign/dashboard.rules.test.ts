import { describe, expect, it } from 'vitest';
import type { Deadlines } from '../../contracts/index.ts';
import type { DashboardAgencyRow } from '../../storage/repositories/index.ts';
import { buildDashboard, childOf, daysBetween, nodeLevel, trendPoints } from './dashboard.rules.ts';

const DEADLINES: Deadlines = { provincial: '2026-03-31', prefecture: '2026-05-31', county: '2026-12-31' };
const TODAY = '2026-06-01';

type Figures = Partial<Pick<DashboardAgencyRow, 'os_req' | 'os_cov' | 'office_req' | 'office_cov' | 'security_req' | 'security_cov'>>;

function row(id: string, name: string, regionCode: string, level: string, status: string | null, f: Figures = {}): DashboardAgencyRow {
  const os = [f.os_req ?? 0, f.os_cov ?? 0];
  const office = [f.office_req ?? 0, f.office_cov ?? 0];
  const security = [f.security_req ?? 0, f.security_cov ?? 0];
  return {
    org_id: id,
    org_name: name,
    region_code: regionCode,
    region_name: null,
    level,
    status,
    os_req: os[0]!,
    os_cov: os[1]!,
    office_req: office[0]!,
    office_cov: office[1]!,
    security_req: security[0]!,
    security_cov: security[1]!,
    programme_req: os[0]! + office[0]! + security[0]!,
    programme_cov: os[1]! + office[1]! + security[1]!,
    overall_req: null,
    overall_cov: null,
    devices: null,
    devices_requiring: null,
    compliant_devices: null,
  };
}

/*
 * Five agencies, hand-counted:
 *   A 330000 provincial completed   os 4/4  office 4/3  security 2/1   (programme 10/8)
 *   B 330000 provincial rectifying  os 10/5                           (10/5)  behind: 62 days (03-31 → 06-01)
 *   C 330100 prefecture not started no figures                                behind: 1 day
 *   D 330106 county     verified    os 10/10 office 10/10              (20/20)
 *   E 110101 county     self-check  nothing needs a licence
 */
const ROWS = [
  row('a', '浙江省甲厅', '330000', 'provincial', 'completed', { os_req: 4, os_cov: 4, office_req: 4, office_cov: 3, security_req: 2, security_cov: 1 }),
  row('b', '浙江省乙厅', '330000', 'provincial', 'rectifying', { os_req: 10, os_cov: 5 }),
  row('c', '杭州市丙局', '330100', 'prefecture', null),
  row('d', '西湖区丁局', '330106', 'county', 'verified', { os_req: 10, os_cov: 10, office_req: 10, office_cov: 10 }),
  row('e', '东城区戊局', '110101', 'county', 'self-check'),
];
const NAMES = new Map([
  ['330000', '浙江省'],
  ['110000', '北京市'],
  ['330100', '杭州市'],
  ['330106', '西湖区'],
]);
const build = (node: string, nodeName: string) => buildDashboard({ node, nodeName, today: TODAY, deadlines: DEADLINES, levels: ['provincial', 'prefecture', 'county'], rows: ROWS, names: NAMES });

describe('dashboard rules', () => {
  it('counts days and places region codes under a node', () => {
    expect(daysBetween('2026-03-31', TODAY)).toBe(62);
    expect(daysBetween(TODAY, '2026-12-31')).toBe(213);
    expect(daysBetween(TODAY, TODAY)).toBe(0);
    expect(childOf('000000', '330106')).toBe('330000');
    expect(childOf('330000', '330106')).toBe('330100');
    expect(childOf('330100', '330106')).toBe('330106');
    expect(childOf('330106', '330106')).toBeNull();
    expect(childOf('330000', '330000')).toBeNull();
    expect(childOf('330000', '110101')).toBeUndefined();
    expect([nodeLevel('000000'), nodeLevel('330000'), nodeLevel('330100'), nodeLevel('330106')]).toEqual(['national', 'province', 'prefecture', 'county']);
  });

  it('national node: provinces, levels against their deadlines, the overdue list', () => {
    const d = build('000000', '全国');
    expect(d.node).toMatchObject({ regionCode: '000000', level: 'national', inScope: 5, notStarted: 1, selfCheck: 1, rectifying: 1, completed: 1, verified: 1, behindDeadline: 2, completionRate: 0.4 });
    expect(d.node.programme).toEqual({ required: 40, covered: 33, rate: 0.825 });
    expect(d.regions.map((r) => r.regionCode)).toEqual(['110000', '330000']);
    const [beijing, zhejiang] = d.regions;
    expect(zhejiang).toMatchObject({ regionName: '浙江省', level: 'province', inScope: 4, notStarted: 1, selfCheck: 0, rectifying: 1, completed: 1, verified: 1, behindDeadline: 2, completionRate: 0.5 });
    expect(zhejiang!.programme).toEqual({ required: 40, covered: 33, rate: 0.825 });
    expect(zhejiang!.os).toEqual({ required: 24, covered: 19, rate: 19 / 24 });
    expect(zhejiang!.office).toEqual({ required: 14, covered: 13, rate: 13 / 14 });
    expect(zhejiang!.security).toEqual({ required: 2, covered: 1, rate: 0.5 });
    expect(beijing).toMatchObject({ regionName: '北京市', inScope: 1, selfCheck: 1, completionRate: 0, behindDeadline: 0 });
    expect(beijing!.programme.rate).toBeNull();
    expect(d.own).toBeNull();
    expect(d.levels).toEqual([
      { level: 'provincial', deadline: '2026-03-31', inScope: 2, done: 1, verified: 0, completionRate: 0.5, behindDeadline: 1, daysLeft: -62 },
      { level: 'prefecture', deadline: '2026-05-31', inScope: 1, done: 0, verified: 0, completionRate: 0, behindDeadline: 1, daysLeft: -1 },
      { level: 'county', deadline: '2026-12-31', inScope: 2, done: 1, verified: 1, completionRate: 0.5, behindDeadline: 0, daysLeft: 213 },
    ]);
    expect(d.overdue.map((o) => [o.orgId, o.daysOverdue, o.status, o.deadline])).toEqual([
      ['b', 62, 'rectifying', '2026-03-31'],
      ['c', 1, 'not-started', '2026-05-31'],
    ]);
  });

  it('province node: prefectures and the provincial agencies registered at the province itself', () => {
    const d = build('330000', '浙江省');
    expect(d.node).toMatchObject({ inScope: 4, completionRate: 0.5 });
    expect(d.regions).toHaveLength(1);
    expect(d.regions[0]).toMatchObject({ regionCode: '330100', regionName: '杭州市', level: 'prefecture', inScope: 2, notStarted: 1, verified: 1, completionRate: 0.5, behindDeadline: 1 });
    expect(d.regions[0]!.programme).toEqual({ required: 20, covered: 20, rate: 1 });
    expect(d.own).toMatchObject({ regionCode: '330000', inScope: 2, completed: 1, rectifying: 1, behindDeadline: 1, completionRate: 0.5 });
    expect(d.own!.programme).toEqual({ required: 20, covered: 13, rate: 0.65 });
    // Beijing's agency is outside the node.
    expect(d.levels.find((l) => l.level === 'county')).toMatchObject({ inScope: 1, done: 1 });
    expect(d.overdue.map((o) => o.orgId)).toEqual(['b', 'c']);
  });

  it('a level without agencies has no completion rate; the deadline day itself is in time', () => {
    const d = buildDashboard({ node: '330000', nodeName: '浙江省', today: '2026-05-31', deadlines: DEADLINES, levels: ['prefecture'], rows: [ROWS[2]!], names: NAMES });
    expect(d.levels).toEqual([{ level: 'prefecture', deadline: '2026-05-31', inScope: 1, done: 0, verified: 0, completionRate: 0, behindDeadline: 0, daysLeft: 0 }]);
    expect(d.overdue).toEqual([]);
    const empty = buildDashboard({ node: '110000', nodeName: '北京市', today: TODAY, deadlines: DEADLINES, levels: ['provincial'], rows: [], names: NAMES });
    expect(empty.node).toMatchObject({ inScope: 0, completionRate: null });
    expect(empty.levels[0]).toMatchObject({ inScope: 0, completionRate: null, daysLeft: -62 });
  });

  it('trend: month-end snapshots, then the live figures', () => {
    const d = build('000000', '全国');
    const points = trendPoints([{ day: '2026-04-30', in_scope: 4, completed: 1, verified: 0, programme_req: 30, programme_cov: 15 }], { today: TODAY, node: d.node });
    expect(points).toEqual([
      { day: '2026-04-30', live: false, inScope: 4, done: 1, completionRate: 0.25, programme: { required: 30, covered: 15, rate: 0.5 } },
      { day: TODAY, live: true, inScope: 5, done: 2, completionRate: 0.4, programme: { required: 40, covered: 33, rate: 0.825 } },
    ]);
  });
});
