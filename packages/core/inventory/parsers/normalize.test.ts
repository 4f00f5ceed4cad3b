import { describe, expect, it } from 'vitest';
import { cleanIdentifier, cleanText, DUMMY_IDENTIFIERS, isDummyIdentifier, normalizeDate, normalizeDateTime, normalizeMac, normalizeSource, physicalMacs, toInt } from './normalize.ts';

describe('placeholder identifiers', () => {
  it.each([
    '03000200-0400-0500-0006-000700080009',
    '00000000-0000-0000-0000-000000000000',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    'To be filled by O.E.M.',
    'Default string',
    'System Serial Number',
    '0',
    'None',
    'Not Specified',
    '0123456789',
    '123456789',
    ' 000000 ',
    '',
  ])('%j identifies nothing', (v) => {
    expect(isDummyIdentifier(v)).toBe(true);
    expect(cleanIdentifier(v)).toBeNull();
  });

  it('keeps real identifiers, trimmed', () => {
    expect(cleanIdentifier(' 4c4c4544-0034-3010-8048-b6c04f503732 ')).toBe('4c4c4544-0034-3010-8048-b6c04f503732');
    expect(cleanIdentifier('CZC0479792')).toBe('CZC0479792');
  });

  it('lists its placeholders in lower case, once', () => {
    expect(DUMMY_IDENTIFIERS.every((d) => d === d.toLowerCase())).toBe(true);
    expect(new Set(DUMMY_IDENTIFIERS).size).toBe(DUMMY_IDENTIFIERS.length);
  });
});

describe('cleanText and toInt', () => {
  it('never returns an empty string and strips control characters', () => {
    expect(cleanText('  ')).toBeNull();
    expect(cleanText(undefined)).toBeNull();
    expect(cleanText('a\u0000b\u0007 ')).toBe('ab');
    expect(cleanText(12)).toBe('12');
    expect(cleanText({})).toBeNull();
  });

  it('reads non-negative integers only', () => {
    expect(toInt('7908')).toBe(7908);
    expect(toInt(' 12.6 ')).toBe(13);
    expect(toInt(-1)).toBeNull();
    expect(toInt('N/A')).toBeNull();
    expect(toInt('1e400')).toBeNull();
  });
});

describe('normalizeDate', () => {
  it.each([
    ['2017-06-09', '2017-06-09'],
    ['2017-06-09 09:00:49', '2017-06-09'],
    ['2015-04-17T03:02:45Z', '2015-04-17'],
    ['2017/06/09', '2017-06-09'],
    ['2025/05/20 00:00:00', '2025-05-20'],
    ['18/04/2017', '2017-04-18'],
    ['08/06/2017', '2017-06-08'],
    ['06/18/2017', '2017-06-18'],
    ['20170609', '2017-06-09'],
    ['1497000049', '2017-06-09'],
    ['01/01/1970', null],
    ['2023-56-29 06:56:38', null],
    ['2017-02-30', null],
    ['2016-02-29', '2016-02-29'],
    ['N/A', null],
    ['Tue Jun 26 09:23', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(normalizeDate(input)).toBe(expected);
  });

  it('keeps the time of day for collection times', () => {
    expect(normalizeDateTime('2017-06-09 09:00:49')).toBe('2017-06-09T09:00:49');
    expect(normalizeDateTime('2017-06-09T09:00:49+08:00')).toBe('2017-06-09T09:00:49+08:00');
    expect(normalizeDateTime('2017-13-09 09:00:49')).toBeNull();
    expect(normalizeDateTime('2017-06-09')).toBe('2017-06-09');
  });
});

describe('MAC addresses', () => {
  it('normalises separators and case', () => {
    expect(normalizeMac('E8-6A-64-3B-12-A0')).toBe('e8:6a:64:3b:12:a0');
    expect(normalizeMac('e86a.643b.12a0')).toBe('e8:6a:64:3b:12:a0');
    expect(normalizeMac('E86A643B12A0')).toBe('e8:6a:64:3b:12:a0');
  });

  it.each(['00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff', '02:00:00:00:00:00', '02:42:ac:11:00:02', '01:00:5e:00:00:fb', '61:B5:99:E6:84:EA', 'not-a-mac', '00:11:22:33:44'])(
    '%s is not a hardware address',
    (mac) => expect(normalizeMac(mac)).toBeNull(),
  );

  it('keeps physical interfaces only', () => {
    const macs = physicalMacs([
      { name: 'lo', mac: '00:00:00:00:00:00', virtual: true, type: 'loopback' },
      { name: 'enp0s25', mac: 'B8:6B:23:E0:5C:81', virtual: false, type: 'ethernet' },
      { name: 'enp0s25', mac: 'b8:6b:23:e0:5c:81', virtual: false, type: 'ethernet' },
      { name: 'virbr0', mac: '52:54:00:fa:20:0e', virtual: true, type: 'bridge' },
      { name: 'docker0', mac: '02:42:6b:1c:0e:55', virtual: false, type: null },
      { name: 'veth3a1b2c', mac: '7e:11:22:33:44:55', virtual: false, type: null },
      { name: 'TAP-Windows Adapter V9', mac: '00:FF:3A:68:62:80', virtual: false, type: 'ethernet' },
      { name: 'Hyper-V Virtual Ethernet Adapter', mac: '00:15:5D:01:02:03', virtual: null, type: null },
      { name: 'wlp2s0', mac: '30:3a:64:ee:65:88', virtual: false, type: 'wifi' },
    ]);
    expect(macs).toEqual(['b8:6b:23:e0:5c:81', '30:3a:64:ee:65:88']);
  });

  it('ignores the virtual flag when the agent marks every interface virtual (FusionInventory 2.3 on macOS)', () => {
    const macs = physicalMacs([
      { name: 'lo0', mac: null, virtual: true, type: null },
      { name: 'en0', mac: '00:17:f2:d1:14:32', virtual: true, type: null },
      { name: 'awdl0', mac: '9e:30:b0:0f:bf:4a', virtual: true, type: null },
      { name: 'bridge0', mac: '0a:00:00:13:12:60', virtual: true, type: null },
    ]);
    expect(macs).toEqual(['00:17:f2:d1:14:32']);
  });
});

describe('normalizeSource', () => {
  it('maps agent names to ours', () => {
    expect(normalizeSource('deb')).toBe('dpkg');
    expect(normalizeSource('WMI')).toBe('wmi');
    expect(normalizeSource('Android')).toBe('android');
    expect(normalizeSource('homebrew')).toBe('homebrew');
    expect(normalizeSource('')).toBeNull();
  });
});
