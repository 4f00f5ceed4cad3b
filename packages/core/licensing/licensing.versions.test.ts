import { describe, expect, it } from 'vitest';
import { compareLabels, comparePoints, rangeBounds, versionCovered } from './licensing.versions.ts';

describe('version comparison', () => {
  it('compares labels numeric-aware', () => {
    expect(compareLabels('9.0', '16.0')).toBe(-1);
    expect(compareLabels('16', '16.0')).toBe(0);
    expect(compareLabels('16.0.4266', '16.0')).toBe(1);
    expect(compareLabels('2016', '2019')).toBe(-1);
    expect(compareLabels('CC 2019', 'CC 2018')).toBe(1);
    expect(compareLabels('DC', 'dc')).toBe(0);
  });

  it('refines equal majors by release only when both sides have one', () => {
    expect(comparePoints({ major: '16.0', release: '2021' }, { major: '16.0', release: '2019' })).toBe(1);
    expect(comparePoints({ major: '16.0', release: null }, { major: '16.0', release: '2019' })).toBe(0);
    expect(comparePoints({ major: '15.0', release: '2021' }, { major: '16.0', release: '2013' })).toBe(-1);
  });

  it('covers inside the range, below it with downgrade rights, above it with upgrade rights', () => {
    const office2019 = rangeBounds({ min: '16.0', minRelease: '2019', max: '16.0', maxRelease: '2019' });
    const at = (majorRelease: string | null, release: string | null, rights = { downgrade: false, upgrade: false }) => versionCovered({ majorRelease, release }, office2019, rights);
    expect(at('16.0', '2019')).toBe(true);
    expect(at('16.0', null)).toBe(true);
    expect(at('16.0', '2016')).toBe(false);
    expect(at('16.0', '2016', { downgrade: true, upgrade: false })).toBe(true);
    expect(at('16.0', '2021', { downgrade: true, upgrade: false })).toBe(false);
    expect(at('16.0', '2021', { downgrade: false, upgrade: true })).toBe(true);
    // unknown version: only when every version is covered
    expect(at(null, null)).toBe(false);
    expect(at(null, null, { downgrade: true, upgrade: true })).toBe(true);
    expect(versionCovered({ majorRelease: null, release: null }, rangeBounds({}), { downgrade: false, upgrade: false })).toBe(true);
  });
});
