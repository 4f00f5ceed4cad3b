import { describe, expect, it } from 'vitest';
import { buildInventory, buildSoftware } from '../../../test/inventory-builders.ts';
import { chooseDevice, compareVersions, dedupeSoftware, diffSoftware, identifiersOf, isDummyIdentifier, normalizeMac, softwareKey, softwareWithOs } from './inventory.rules.ts';

describe('device identity', () => {
  it('drops placeholder identifiers and normalises the rest', () => {
    expect(isDummyIdentifier('To be filled by O.E.M.')).toBe(true);
    expect(isDummyIdentifier('03000200-0400-0500-0006-000700080009')).toBe(true);
    expect(isDummyIdentifier('00:00:00:00:00:00')).toBe(true);
    expect(isDummyIdentifier('PF2XK9QJ')).toBe(false);
    expect(normalizeMac('AA-BB-CC-DD-EE-0F')).toBe('aa:bb:cc:dd:ee:0f');
    expect(normalizeMac('02:42:ac:11:00:02')).toBeNull();
    const ids = identifiersOf(buildInventory({ uuid: '4C4C4544-0042-3510-8051-B4C04F4E4B32', serial: ' pf2xk9qj ', macs: ['AA:BB:CC:DD:EE:01', 'aa:bb:cc:dd:ee:01', '00:00:00:00:00:00'], agentDeviceId: 'pc-1-2026' }).hardware);
    expect(ids).toEqual([
      { kind: 'uuid', value: '4c4c4544-0042-3510-8051-b4c04f4e4b32' },
      { kind: 'serial', value: 'PF2XK9QJ' },
      { kind: 'mac', value: 'aa:bb:cc:dd:ee:01' },
      { kind: 'agent', value: 'pc-1-2026' },
    ]);
  });

  it('prefers the strongest identifier', () => {
    expect(chooseDevice([])).toBeNull();
    expect(chooseDevice([{ kind: 'agent', deviceId: 'A' }, { kind: 'uuid', deviceId: 'B' }])).toBe('B');
    expect(chooseDevice([{ kind: 'mac', deviceId: 'A' }, { kind: 'mac', deviceId: 'B' }, { kind: 'mac', deviceId: 'B' }])).toBe('B');
  });
});

describe('software differences', () => {
  it('counts an item listed twice once and ignores empty names', () => {
    const list = dedupeSoftware([buildSoftware('vim', '9.0'), buildSoftware('VIM ', '9.0'), buildSoftware('', '1'), buildSoftware('vim', '9.1')]);
    expect(list.map((s) => `${s.name} ${s.version}`)).toEqual(['vim 9.0', 'vim 9.1']);
  });

  it('keys titles as stored title keys were made, whether a key is computed or remembered', () => {
    // Stored title keys depend on these exact values.
    expect(softwareKey({ name: 'WPS Office', version: '11.1.0.14309', arch: 'x64', publisher: '珠海金山办公软件有限公司' })).toBe('b9aa12a4a11b24693ce90d7f');
    const debian = (name: string, version: string) => ({ ...buildSoftware(name, version), publisher: 'Debian', arch: null });
    for (let round = 0; round < 2; round++) {
      // Strings of equal text made anew each round: the remembered keys are found by content.
      // Other spellings of a title listed in the same call count once, in every call.
      const keyed = dedupeSoftware([debian(['binutils', 'amd64'].join(':'), '2.40'), debian([' ', 'Vim', ' '].join(''), '9.0'), debian('vim', ['9', '0'].join('.')), debian('VIM', '9.0')]);
      expect(keyed.map((s) => [s.name, s.arch, s.key])).toEqual([
        ['binutils', 'amd64', 'e5dab5d21b7210d97d222548'],
        ['Vim', null, 'c1f9e0ab67be36e188711f31'],
      ]);
    }
  });

  it('compares versions numerically', () => {
    expect(compareVersions('1.10', '1.9')).toBe(1);
    expect(compareVersions('1:7.4.7-1', '1:7.4.7-1')).toBe(0);
    expect(compareVersions('2.0', '10.0')).toBe(-1);
  });

  it('reports added, removed, upgraded and downgraded items', () => {
    const before = dedupeSoftware([buildSoftware('vim', '9.0'), buildSoftware('curl', '7.88'), buildSoftware('git', '2.40'), buildSoftware('zsh', '5.9')]);
    const after = dedupeSoftware([buildSoftware('vim', '9.1'), buildSoftware('git', '2.39'), buildSoftware('zsh', '5.9'), buildSoftware('htop', '3.2')]);
    const d = diffSoftware(before.map((s) => ({ key: s.key, name: s.name, version: s.version, arch: s.arch })), after);
    expect(d.add.map((s) => s.name).sort()).toEqual(['git', 'htop', 'vim']);
    expect(d.removeKeys).toHaveLength(3);
    expect(d.changes.map((c) => `${c.change} ${c.name} ${c.oldVersion ?? ''}→${c.newVersion ?? ''}`).sort()).toEqual([
      'added htop →3.2',
      'downgraded git 2.40→2.39',
      'removed curl 7.88→',
      'upgraded vim 9.0→9.1',
    ]);
  });
});

describe('the operating system as an install', () => {
  const windows = { osName: ' Microsoft Windows 10 专业版 ', osVersion: '10.0.19045', osArch: '64-bit' };

  it('adds the system first, named by its caption', () => {
    const list = softwareWithOs(buildInventory(windows, [buildSoftware('WPS Office', '11.1')]));
    expect(list).toEqual([
      { name: 'Microsoft Windows 10 专业版', version: '10.0.19045', publisher: null, arch: '64-bit', installDate: null, source: 'os', guid: null, sizeBytes: null, systemCategory: null },
      buildSoftware('WPS Office', '11.1'),
    ]);
  });

  it('does not add it twice: an item from source os, or one named like the caption, is the system', () => {
    const fromOs = [buildSoftware('Windows 10 Pro', '10.0', { source: 'os' }), buildSoftware('WPS Office')];
    expect(softwareWithOs(buildInventory(windows, fromOs))).toBe(fromOs);
    const named = [buildSoftware('WPS Office'), buildSoftware('Microsoft Windows 10 专业版', '10.0.19045', { source: 'registry' })];
    expect(softwareWithOs(buildInventory(windows, named))).toBe(named);
    // Named like it but for case, spacing and a leading Microsoft (a hand-made sheet's row).
    const short = [buildSoftware('windows 10  专业版')];
    expect(softwareWithOs(buildInventory(windows, short))).toBe(short);
    expect(softwareWithOs(buildInventory(windows, [buildSoftware('Windows 10 Update Assistant')]))).toHaveLength(2);
    // Added once, the list already has it.
    const once = softwareWithOs(buildInventory(windows, []));
    expect(softwareWithOs(buildInventory(windows, once))).toBe(once);
  });

  it('adds nothing when the software is not included, adds to the device (SWID) or the caption is empty', () => {
    const list = [buildSoftware('WPS Office')];
    expect(softwareWithOs(buildInventory(windows, list, { softwareIncluded: false }))).toBe(list);
    expect(softwareWithOs(buildInventory(windows, list, { softwareAdditive: true }))).toBe(list);
    for (const osName of [null, '', '   ']) expect(softwareWithOs(buildInventory({ ...windows, osName }, list))).toBe(list);
  });
});
