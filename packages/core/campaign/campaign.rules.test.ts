import { describe, expect, it } from 'vitest';
import type { Actor } from '../policy/policy.ts';
import { allowedNext, evidenceOf, evidenceProblems, isBehind, isLevelAbove } from './campaign.rules.ts';

const figures = (os: [number, number], office: [number, number], security: [number, number], devices = 3) => ({ devices, os_req: os[0], os_cov: os[1], office_req: office[0], office_cov: office[1], security_req: security[0], security_cov: security[1] });
const actor = (role: Actor['role'], regionCode: string | null = null): Actor => ({ userId: 'u', username: 'u', displayName: 'u', role, regionCode, orgId: null, orgPath: null });

describe('campaign rules', () => {
  it('reads the threshold on integers and counts a category with nothing to license as met', () => {
    const cats = ['operating-system', 'office-suite', 'security'] as const;
    expect(evidenceOf(figures([20, 19], [0, 0], [5, 5]), cats, 0.95).met).toBe(true);
    expect(evidenceOf(figures([20, 18], [0, 0], [5, 5]), cats, 0.95).met).toBe(false);
    expect(evidenceOf(figures([3, 3], [7, 7], [1, 1]), cats, 1).met).toBe(true);
    expect(evidenceOf(figures([3, 3], [7, 6], [1, 1]), ['operating-system'], 1).met).toBe(true);
    expect(evidenceOf(undefined, cats, 1)).toMatchObject({ met: false, devices: 0 });
    const below = evidenceOf(figures([3, 3], [7, 6], [2, 1]), cats, 1);
    expect(evidenceProblems(below).map((p) => [p.path, p.params?.rate])).toEqual([['evidence.office-suite', '85.7%'], ['evidence.security', '50.0%']]);
  });

  it('lets the level above accept, return and reopen; the organization only move forward', () => {
    expect(allowedNext('completed', false)).toEqual([]);
    expect(allowedNext('completed', true)).toEqual(['verified', 'rectifying']);
    expect(allowedNext('self-check', false)).toEqual(['rectifying', 'completed']);
    expect(allowedNext('verified', false)).toEqual([]);
    expect(isLevelAbove(actor('region_admin', '330000'), { region_code: '330106' })).toBe(true);
    expect(isLevelAbove(actor('region_admin', '330100'), { region_code: '330206' })).toBe(false);
    expect(isLevelAbove(actor('org_admin'), { region_code: '330106' })).toBe(false);
    expect(isLevelAbove(actor('national_admin'), { region_code: '110101' })).toBe(true);
  });

  it('is behind only after the deadline day and until completion is declared', () => {
    expect(isBehind('rectifying', '2012-06-30', '2012-06-30')).toBe(false);
    expect(isBehind('rectifying', '2012-06-30', '2012-07-01')).toBe(true);
    expect(isBehind('completed', '2012-06-30', '2012-07-01')).toBe(false);
  });
});
