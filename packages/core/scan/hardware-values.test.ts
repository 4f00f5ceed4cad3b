import { describe, expect, it } from 'vitest';
import { identityOrNull, isoDate, macOrNull, normalizeArch, textOrNull, uniqueMacs, uuidOrNull } from './hardware-values.ts';
import { isPhysicalInterface, parseOsRelease } from './linux-hardware.parser.ts';
import { publisherFromReverseDomain } from './reverse-domain-publisher.ts';

describe('identity values', () => {
  it('turns firmware placeholders into null', () => {
    for (const v of ['To be filled by O.E.M.', 'Default string', ' System Serial Number ', 'NONE', '0', '00000000', '', null, undefined, '\u0000\u0000'])
      expect(identityOrNull(v)).toBeNull();
    expect(identityOrNull(' PF2ABCDE ')).toBe('PF2ABCDE');
    expect(identityOrNull('VMware-56 4d 1a 2b')).toBe('VMware-56 4d 1a 2b');
  });

  it('keeps real UUIDs upper-case, refuses the dummy and malformed ones', () => {
    expect(uuidOrNull('4c4c4544-0042-3510-8052-b4c04f4e4e32\n')).toBe('4C4C4544-0042-3510-8052-B4C04F4E4E32');
    expect(uuidOrNull('03000200-0400-0500-0006-000700080009')).toBeNull();
    expect(uuidOrNull('00000000-0000-0000-0000-000000000000')).toBeNull();
    expect(uuidOrNull('FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF')).toBeNull();
    expect(uuidOrNull('not-a-uuid')).toBeNull();
  });

  it('normalizes MACs and drops empty ones', () => {
    expect(macOrNull('00-1A-2B-3C-4D-5E')).toBe('00:1a:2b:3c:4d:5e');
    expect(macOrNull('0:1a:2b:3c:4d:5e')).toBe('00:1a:2b:3c:4d:5e');
    expect(macOrNull('00:00:00:00:00:00')).toBeNull();
    expect(macOrNull('ff:ff:ff:ff:ff:ff')).toBeNull();
    expect(macOrNull('N/A')).toBeNull();
    expect(uniqueMacs(['a', null, 'a', 'b'])).toEqual(['a', 'b']);
  });

  it('names architectures like uname -m and dates as YYYY-MM-DD', () => {
    expect(normalizeArch('x64')).toBe('x86_64');
    expect(normalizeArch('arm64')).toBe('aarch64');
    expect(normalizeArch('ia32')).toBe('i686');
    expect(isoDate(new Date('2024-01-15T23:00:00Z'))).toBe('2024-01-15');
    expect(isoDate(new Date('nope'))).toBeNull();
    expect(textOrNull('  ')).toBeNull();
  });
});

describe('parseOsRelease', () => {
  it('reads quoted, single-quoted and bare values with escapes; ignores comments', () => {
    const r = parseOsRelease(['# comment', 'NAME="Kylin Linux Advanced Server"', "VERSION='V10 (Lance)'", 'VERSION_ID=V10', 'PRETTY_NAME="Say \\"hi\\" \\$HOME"', 'garbage', ''].join('\n'));
    expect(r).toEqual({ NAME: 'Kylin Linux Advanced Server', VERSION: 'V10 (Lance)', VERSION_ID: 'V10', PRETTY_NAME: 'Say "hi" $HOME' });
  });
});

describe('isPhysicalInterface', () => {
  const nic = { name: 'enp3s0', address: '00:1a:2b:3c:4d:5e', hasDevice: true, isBridge: false };
  it('keeps a NIC with a bus device, refuses virtual kinds, bridges and interfaces without device or address', () => {
    expect(isPhysicalInterface(nic)).toBe(true);
    expect(isPhysicalInterface({ ...nic, name: 'wlp2s0' })).toBe(true);
    expect(isPhysicalInterface({ ...nic, hasDevice: false })).toBe(false);
    expect(isPhysicalInterface({ ...nic, isBridge: true })).toBe(false);
    expect(isPhysicalInterface({ ...nic, address: null })).toBe(false);
    for (const name of ['lo', 'docker0', 'veth1a2b', 'br-0f1e', 'virbr0']) expect(isPhysicalInterface({ ...nic, name })).toBe(false);
  });
});

describe('publisherFromReverseDomain', () => {
  it('names only publishers it is sure about', () => {
    expect(publisherFromReverseDomain('com.microsoft.Word')).toBe('Microsoft');
    expect(publisherFromReverseDomain('com.tencent.xinWeChat')).toBe('Tencent');
    expect(publisherFromReverseDomain('COM.Apple.Safari')).toBe('Apple');
    expect(publisherFromReverseDomain('com.electron.lark')).toBeNull();
    expect(publisherFromReverseDomain('microsoft')).toBeNull();
    expect(publisherFromReverseDomain(null)).toBeNull();
  });
});
