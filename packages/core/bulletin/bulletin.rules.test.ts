import { describe, expect, it } from 'vitest';
import { normalizeDocNumber, docNumberSchema, type BulletinProgressRow } from '../../contracts/index.ts';
import type { FigureFields } from '../../storage/repositories/index.ts';
import { buildTables, canonicalJson, changeText, chineseDate, chineseNumeral, contentChecksum, defaultContent, monthEnd, monthsBefore, previousMonth, rankRows, rateText, unitOf, type BulletinInputs, type FrozenContent } from './bulletin.rules.ts';

/** A snapshot row with every figure 0 but the given ones. */
function row(subject: string, kind: 'org' | 'region', level: string, region: string, f: Partial<FigureFields> = {}): FigureFields {
  const zero = { in_scope: 0, not_started: 0, self_check: 0, rectifying: 0, completed: 0, verified: 0, behind_deadline: 0, devices: 0, compliant_devices: 0, overall_req: 0, overall_cov: 0, programme_req: 0, programme_cov: 0, os_req: 0, os_cov: 0, office_req: 0, office_cov: 0, security_req: 0, security_cov: 0, spent: 0 };
  return { subject, kind, level, region_code: region, revised_json: null, ...zero, ...f };
}
const org = (id: string, region: string, level: string, f: Partial<FigureFields>) => row(id, 'org', level, region, { in_scope: 1, ...f });

// Six agencies in three provinces (hand-computed figures below).
const ROWS: FigureFields[] = [
  org('a', '330100', 'prefecture', { completed: 1, programme_req: 10, programme_cov: 8, overall_req: 20, overall_cov: 16 }),
  org('b', '330106', 'county', { verified: 1, programme_req: 10, programme_cov: 10, overall_req: 20, overall_cov: 20 }),
  org('c', '330000', 'provincial', { rectifying: 1, behind_deadline: 1, programme_req: 5, programme_cov: 0, overall_req: 10, overall_cov: 0 }),
  org('d', '110101', 'county', { completed: 1, programme_req: 4, programme_cov: 4, overall_req: 8, overall_cov: 8 }),
  org('e', '110105', 'county', { not_started: 1, behind_deadline: 1 }),
  org('f', '440100', 'prefecture', { not_started: 1, programme_req: 6, programme_cov: 3, overall_req: 12, overall_cov: 6 }),
  row('R:000000', 'region', 'national', '000000', { in_scope: 6, completed: 2, verified: 1, programme_req: 35, programme_cov: 25, overall_req: 70, overall_cov: 50 }),
];
// The month before: a not done yet, b already verified, d not registered yet.
const PREVIOUS: FigureFields[] = [
  org('a', '330100', 'prefecture', { rectifying: 1 }),
  org('b', '330106', 'county', { verified: 1 }),
  org('c', '330000', 'provincial', { rectifying: 1 }),
  org('e', '110105', 'county', { not_started: 1 }),
  org('f', '440100', 'prefecture', { not_started: 1 }),
  row('R:000000', 'region', 'national', '000000', { in_scope: 5, verified: 1, programme_req: 30, programme_cov: 15 }),
];

const names = new Map([
  ['330000', '浙江省'],
  ['330100', '杭州市'],
  ['110000', '北京市'],
  ['440000', '广东省'],
]);

function inputs(over: Partial<BulletinInputs> = {}): BulletinInputs {
  return {
    month: '2026-10',
    day: '2026-10-31',
    scope: { code: '000000', name: '全国' },
    deadlines: { provincial: '2026-09-30', prefecture: '2026-12-31', county: '2026-10-15' },
    rows: ROWS,
    previous: { day: '2026-09-30', rows: PREVIOUS },
    completedInMonth: null,
    regionNames: names,
    orgNames: new Map([
      ['a', '杭州市某局'],
      ['b', '西湖区某局'],
      ['d', '东城区某局'],
    ]),
    trend: [
      { day: '2026-09-30', row: PREVIOUS.at(-1)! },
      { day: '2026-10-31', row: ROWS.at(-1)! },
    ],
    ...over,
  };
}

describe('bulletin months and words', () => {
  it('counts months and writes dates the official way', () => {
    expect(previousMonth('2026-01-01')).toBe('2025-12');
    expect(previousMonth('2026-11-27')).toBe('2026-10');
    expect(monthEnd('2024-02')).toBe('2024-02-29');
    expect(monthEnd('2026-12')).toBe('2026-12-31');
    expect(monthsBefore('2026-03', 11)).toBe('2025-04');
    expect(chineseDate('2026-12-01')).toBe('2026年12月1日');
    expect([1, 9, 10, 11, 20, 31].map(chineseNumeral)).toEqual(['一', '九', '十', '十一', '二十', '三十一']);
    expect(rateText(2 / 3)).toBe('66.6%');
    expect(rateText(0.99996)).toBe('99.9%');
    expect(rateText(1)).toBe('100.0%');
    expect(rateText(null)).toBe('—');
    expect(changeText(25 / 35, 0.5)).toBe('较上月提高 21.4 个百分点');
    expect(changeText(0.5, 0.5)).toBe('与上月持平');
    expect(changeText(0.4, null)).toBeNull();
  });

  it('normalizes and checks document numbers', () => {
    expect(normalizeDocNumber(' 国软正办[2026]12号 ')).toBe('国软正办〔2026〕12号');
    expect(docNumberSchema.parse('国软正办（2026）3号')).toBe('国软正办〔2026〕3号');
    expect(docNumberSchema.safeParse('国软正办2026年12号').success).toBe(false);
    expect(docNumberSchema.safeParse('〔2026〕12号').success).toBe(false);
  });

  it('puts a region in its province, or in its prefecture / the province itself', () => {
    expect(unitOf('000000', '330106')).toBe('330000');
    expect(unitOf('330000', '330106')).toBe('330100');
    expect(unitOf('330000', '330000')).toBe('330000');
  });
});

describe('bulletin tables', () => {
  it('national: progress per province with rank, behind deadline, newly completed against the previous month-end', () => {
    const t = buildTables(inputs());
    expect(t.unit).toBe('province');
    expect(t.levelsPastDeadline).toEqual(['provincial', 'county']);
    expect(t.progress.map((r) => [r.regionCode, r.name, r.inScope, r.completed, r.verified, r.behindDeadline, r.newlyCompleted, r.rank])).toEqual([
      ['330000', '浙江省', 3, 2, 1, 1, 1, 1],
      ['110000', '北京市', 2, 1, 0, 1, 1, 2],
      ['440000', '广东省', 1, 0, 0, 0, 0, 3],
    ]);
    expect(t.progress[0]!.rate).toBeCloseTo(2 / 3);
    expect(t.progress[0]!.programme).toEqual({ required: 25, covered: 18, rate: 0.72 });
    expect(t.totals).toMatchObject({ inScope: 6, completed: 3, verified: 1, rate: 0.5, behindDeadline: 2, newlyCompleted: 2, programme: { required: 35, covered: 25 }, overall: { required: 70, covered: 50 } });
    expect(t.totals.previous).toEqual({ day: '2026-09-30', rate: 0.2, programmeRate: 0.5 });
    // Equal counts of late agencies: the larger share first.
    expect(t.behind.map((b) => [b.regionCode, b.behindDeadline, b.share])).toEqual([
      ['110000', 1, 0.5],
      ['330000', 1, 1 / 3],
    ]);
    expect(t.newlyBasis).toBe('snapshot');
    expect(t.newlyCompleted).toEqual([
      { orgId: 'd', name: '东城区某局', regionCode: '110101', regionName: '北京市', level: 'county', status: 'completed' },
      { orgId: 'a', name: '杭州市某局', regionCode: '330100', regionName: '浙江省', level: 'prefecture', status: 'completed' },
    ]);
    expect(t.trend.map((p) => [p.month, p.inScope, p.completed, p.rate, p.programme.rate])).toEqual([
      ['2026-09', 5, 1, 0.2, 0.5],
      ['2026-10', 6, 3, 0.5, 25 / 35],
    ]);
  });

  it('without a previous month-end snapshot, newly completed comes from the month’s transitions', () => {
    const t = buildTables(inputs({ previous: null, completedInMonth: new Set(['a']) }));
    expect(t.newlyBasis).toBe('transitions');
    expect(t.newlyCompleted.map((o) => o.orgId)).toEqual(['a']);
    expect(t.totals.previous).toBeNull();
  });

  it('a province bulletin has a row per prefecture and one for the province’s own agencies', () => {
    const t = buildTables(inputs({ scope: { code: '330000', name: '浙江省' } }));
    expect(t.unit).toBe('prefecture');
    expect(t.progress.map((r) => [r.regionCode, r.name, r.own, r.inScope, r.completed, r.rank])).toEqual([
      ['330100', '杭州市', false, 2, 2, 1],
      ['330000', '省本级', true, 1, 0, 2],
    ]);
    expect(t.totals).toMatchObject({ inScope: 3, completed: 2, behindDeadline: 1, newlyCompleted: 1 });
    expect(t.newlyCompleted.map((o) => o.name)).toEqual(['杭州市某局']);
  });

  it('ranks equal rates equally (1, 1, 3) and leaves empty rows unranked', () => {
    const r = (code: string, inScope: number, completed: number): BulletinProgressRow => ({ regionCode: code, name: code, own: false, inScope, completed, verified: 0, rate: inScope ? completed / inScope : null, rank: null, behindDeadline: 0, newlyCompleted: 0, programme: { required: 0, covered: 0, rate: null } });
    expect(rankRows([r('3', 3, 1), r('1', 2, 1), r('2', 4, 2), r('4', 0, 0)]).map((x) => [x.regionCode, x.rank])).toEqual([
      ['1', 1],
      ['2', 1],
      ['3', 3],
      ['4', null],
    ]);
  });
});

describe('bulletin draft text and frozen content', () => {
  it('quotes the figures in the default monthly text', () => {
    const t = buildTables(inputs());
    const c = defaultContent('monthly', t.scope, '2026-10', t);
    expect(c.title).toBe('关于2026年10月全国软件正版化检查整改工作进展情况的通报');
    expect(c.sections.map((s) => s.heading)).toEqual(['总体进展', '各地进展', '逾期未完成情况', '工作要求']);
    expect(c.sections[0]!.text).toContain('截至2026年10月31日，全国纳入检查整改范围的政府机关共6家，已完成检查整改3家（其中已验收1家），完成率50.0%；本月新完成2家。');
    expect(c.sections[0]!.text).toContain('正版化率为71.4%，较上月提高 21.4 个百分点');
    expect(c.sections[1]!.text).toContain('前三位的是浙江省（66.6%）、北京市（50.0%）、广东省（0.0%）');
    expect(c.sections[2]!.text).toBe('省级（2026年9月30日）、县级（2026年10月15日）整改期限已过，仍有2家单位未完成检查整改，涉及2个省（区、市），其中逾期单位较多的是北京市1家、浙江省1家。逾期未完成情况见附件2。');
    expect(defaultContent('special', t.scope, null, t).title).toContain('专项通报');
    expect(defaultContent('info-report', t.scope, null, null).sections).toEqual([{ heading: '工作进展', text: '' }]);
  });

  it('hashes the frozen content canonically', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    const c: FrozenContent = { kind: 'monthly', regionCode: '000000', month: '2026-10', snapshotId: 's', docNumber: '国软正办〔2026〕12号', title: 't', issuingOrgan: 'o', recipients: 'r', sections: [{ heading: 'h', text: 'x' }], cc: null, includeTables: true, tables: null, publishDate: '2026-11-02' };
    const reordered = Object.fromEntries(Object.entries(c).reverse()) as unknown as FrozenContent;
    expect(contentChecksum(reordered)).toBe(contentChecksum(c));
    expect(contentChecksum({ ...c, title: 't2' })).not.toBe(contentChecksum(c));
  });
});

describe('bulletin text when nothing separates the regions', () => {
  it('says the rate is the same everywhere instead of ranking equal rows', () => {
    const t = buildTables(inputs({ rows: ROWS.map((r) => ({ ...r, completed: 0, verified: 0 })) }));
    const c = defaultContent('monthly', t.scope, '2026-10', t);
    expect(c.sections[1]!.text).toContain('各省（区、市）完成率均为0.0%。');
  });
});
