import { describe, expect, it } from 'vitest';
import { F, R, parseInstallTexts } from './install-texts.mjs';

const devices = (...rows: [string, string | null, string | null][]) => rows.map(([id, serial, user]) => [id, serial === null ? '' : `=${serial}`, user === null ? '' : `=${user}`].join(F)).join(R);
const installs = (...rows: [string, ...string[]][]) => rows.map((r) => r.join(F)).join(R);

describe('parseInstallTexts', () => {
  it('numbers organizations, devices and title keys in the order they come, one install per key', () => {
    const p = parseInstallTexts(
      [
        ['o1', devices(['d1', 'SN1', 'alice'], ['d2', null, null])],
        ['o2', devices(['d1', null, 'bob'])],
      ],
      [
        ['o1', installs(['d1', 'k1', 'k2'], ['d2', 'k2'])],
        ['o2', installs(['d1', 'k3', 'k1'])],
      ],
    )!;
    expect(p.orgIds).toEqual(['o1', 'o2']);
    // The same device id in two organizations is two devices.
    expect(p.deviceIds).toEqual(['d1', 'd2', 'd1']);
    expect(p.deviceSerials).toEqual(['SN1', null, null]);
    expect(p.deviceUsers).toEqual(['alice', null, 'bob']);
    expect(p.keys).toEqual(['k1', 'k2', 'k3']);
    expect(p.count).toBe(5);
    expect([...p.org]).toEqual([0, 0, 0, 1, 1]);
    expect([...p.device]).toEqual([0, 0, 1, 2, 2]);
    expect([...p.key]).toEqual([0, 1, 1, 2, 0]);
  });

  it('leaves out the installs of a device that is not active (not among the devices)', () => {
    const p = parseInstallTexts([['o1', devices(['d1', null, null])]], [['o1', installs(['gone', 'k9'], ['d1', 'k1'])]])!;
    expect(p.count).toBe(1);
    expect(p.keys).toEqual(['k1']);
  });

  it('grows its columns past their first size', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `key${i % 37}`);
    const p = parseInstallTexts([['o', devices(['d', null, null])]], [['o', installs(['d', ...keys])]])!;
    expect(p.count).toBe(10_000);
    expect(p.keys).toHaveLength(37);
    expect(p.key[9_999]).toBe(9_999 % 37);
  });

  it('answers null when a value holds a separator (the caller reads rows instead)', () => {
    expect(parseInstallTexts([['o', `d1${F}=a${F}b${F}c`]], [])).toBeNull();
    expect(parseInstallTexts([['o', devices(['d1', null, null])]], [['o', `d1${R}k1`]])).toBeNull();
  });
});
