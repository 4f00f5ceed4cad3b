import { describe, expect, it } from 'vitest';
import { addDays, allocate, canFollow, deviceSample, drawIds, elapsedShare, fixDeadline, rankProvinces, severityOf, stratifiedSample, type Candidate } from './inspection.rules.ts';

const LEVELS = ['provincial', 'prefecture', 'county'];
const population = (counts: Record<string, number>): Candidate[] =>
  Object.entries(counts).flatMap(([stratum, n]) => Array.from({ length: n }, (_, i) => ({ id: `${stratum}-${String(i).padStart(3, '0')}`, stratum })));

describe('stratified sampling', () => {
  it('gives the same sample for the same seed whatever the input order, and another one for another seed', () => {
    const c = population({ provincial: 10, prefecture: 30, county: 60 });
    const a = stratifiedSample(c, LEVELS, 10, 42);
    const b = stratifiedSample([...c].reverse(), LEVELS, 10, 42);
    expect(b).toEqual(a);
    expect(stratifiedSample(c, LEVELS, 10, 43).picks.map((p) => p.id)).not.toEqual(a.picks.map((p) => p.id));
  });

  it('allocates in proportion to the levels with at least one per non-empty level', () => {
    expect(allocate({ provincial: 10, prefecture: 30, county: 60 }, 10)).toEqual({ provincial: 1, prefecture: 3, county: 6 });
    // 2 of 1,000 would round to 0: the small level still gets one.
    expect(allocate({ provincial: 2, prefecture: 98, county: 900 }, 10)).toEqual({ provincial: 1, prefecture: 1, county: 8 });
    // Fewer draws than levels: raised to one per level; empty levels get none.
    expect(allocate({ national: 0, provincial: 5, prefecture: 5, county: 5 }, 1)).toEqual({ national: 0, provincial: 1, prefecture: 1, county: 1 });
    // More draws than organizations: everyone.
    expect(allocate({ provincial: 2, prefecture: 3 }, 50)).toEqual({ provincial: 2, prefecture: 3 });
    for (const n of [1, 3, 7, 13, 40]) {
      const a = allocate({ provincial: 7, prefecture: 19, county: 41 }, n);
      expect(Object.values(a).reduce((x, y) => x + y, 0)).toBe(Math.max(3, n));
    }
  });

  it('draws within each level and keeps each level to its own stream', () => {
    const c = population({ provincial: 10, prefecture: 30, county: 60 });
    const s = stratifiedSample(c, LEVELS, 10, 7);
    expect(s.population).toEqual({ provincial: 10, prefecture: 30, county: 60 });
    for (const p of s.picks) expect(p.id.startsWith(p.stratum)).toBe(true);
    expect(new Set(s.picks.map((p) => p.id)).size).toBe(10);
    expect(s.picks.map((p) => p.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // One more county agency changes nothing among the provincial and prefecture picks.
    const more = stratifiedSample([...c, { id: 'county-999', stratum: 'county' }], LEVELS, 10, 7);
    const notCounty = (x: typeof s) => x.picks.filter((p) => p.stratum !== 'county').map((p) => p.id);
    expect(notCounty(more)).toEqual(notCounty(s));
  });

  it('draws every item with about equal chance', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `d${i}`);
    const hits = new Map<string, number>();
    for (let seed = 0; seed < 5000; seed++) for (const id of drawIds(ids, 3, seed)) hits.set(id, (hits.get(id) ?? 0) + 1);
    for (const id of ids) expect(Math.abs(hits.get(id)! / 5000 - 0.3)).toBeLessThan(0.03);
  });

  it('samples devices within an organization reproducibly', () => {
    const devices = ['d5', 'd1', 'd3', 'd2', 'd4'];
    expect(deviceSample(devices, 2, 9, 'org-a')).toEqual(deviceSample([...devices].sort(), 2, 9, 'org-a'));
    expect(deviceSample(devices, 9, 9, 'org-a').sort()).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
    expect(deviceSample([], 3, 9, 'org-a')).toEqual([]);
  });
});

describe('slowest provinces', () => {
  it('measures the share of the time gone', () => {
    expect(elapsedShare('2026-01-01', '2026-12-31', '2026-01-01')).toBe(0);
    expect(elapsedShare('2026-01-01', '2026-01-11', '2026-01-06')).toBeCloseTo(0.5);
    expect(elapsedShare('2026-01-01', '2026-01-11', '2027-01-01')).toBe(1);
    expect(elapsedShare('2026-01-01', '2026-01-11', '2025-12-01')).toBe(0);
  });

  it('ranks by completion share against elapsed share', () => {
    const facts = [
      // Zhejiang: 1 of 4 done, halfway to its deadline → 0.25 behind.
      ...[true, false, false, false].map((done) => ({ provinceCode: '330000', deadline: '2026-01-11', done })),
      // Beijing: 1 of 2 done, halfway → on schedule.
      ...[true, false].map((done) => ({ provinceCode: '110000', deadline: '2026-01-11', done })),
      // Jiangsu: nothing done but only a tenth of the time gone.
      ...[false, false].map((done) => ({ provinceCode: '320000', deadline: '2026-02-20', done })),
    ];
    const r = rankProvinces(facts, '2026-01-01', '2026-01-06');
    expect(r.map((x) => x.regionCode)).toEqual(['330000', '320000', '110000']);
    expect(r[0]).toMatchObject({ rank: 1, inScope: 4, done: 1, completionShare: 0.25 });
    expect(r[0]!.gap).toBeCloseTo(0.25);
    expect(r[2]!.gap).toBeCloseTo(0);
  });
});

describe('findings', () => {
  it('grades unlicensed software and sets the fix deadline by severity', () => {
    expect(severityOf({ category: 'operating-system', licenceClass: 'commercial' })).toBe('high');
    expect(severityOf({ category: 'office-suite', licenceClass: 'commercial' })).toBe('high');
    expect(severityOf({ category: 'security', licenceClass: 'commercial' })).toBe('medium');
    expect(severityOf({ category: 'cad-design', licenceClass: 'commercial' })).toBe('medium');
    expect(severityOf({ category: null, licenceClass: 'trial' })).toBe('low');
    expect(fixDeadline('2026-03-10', 'high')).toBe('2026-03-25');
    expect(fixDeadline('2026-03-10', 'low')).toBe('2026-05-09');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });

  it('follows up until verified', () => {
    expect(canFollow('open', 'rectifying')).toBe(true);
    expect(canFollow('rectifying', 'verified')).toBe(true);
    expect(canFollow('rectifying', 'open')).toBe(true);
    expect(canFollow('verified', 'open')).toBe(false);
  });
});
