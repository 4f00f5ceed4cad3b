import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRegExport } from './reg-export.parser.ts';
import { archOfUninstallKey, installDateOf, mergeRegKeys, softwareFromUninstallKeys } from './windows-uninstall.rules.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const XP_REG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/windows-registry/xp-Uninstall.reg');

describe('softwareFromUninstallKeys on a Windows 10 x64 export (64-bit, 32-bit, per-user views)', () => {
  const keys = parseRegExport(fs.readFileSync(path.join(FIXTURES, 'win10-x64-uninstall.reg'))).keys;
  const { software, skipped } = softwareFromUninstallKeys(keys, { nativeArch: 'x64' });
  const byName = (n: string) => software.find((s) => s.name === n);

  it('keeps products and hotfixes, skips hidden components, children of a parent, unnamed and deleted keys', () => {
    expect(software.map((s) => s.name)).toEqual([
      '7-Zip 23.01 (x64 edition)',
      'WPS Office (11.1.0.14309)',
      'Security Update for Windows (KB5034441)',
      'Adobe Acrobat Reader DC - Chinese Simplified',
      '搜狗输入法 13.0正式版',
      'Microsoft Visual Studio Code (User)',
      '微信',
    ]);
    expect(skipped).toEqual({ noDisplayName: 1, systemComponent: 1, childOfParent: 1 });
  });

  it('maps the fields: version, publisher, InstallDate, EstimatedSize (KB), {GUID} subkey', () => {
    expect(byName('7-Zip 23.01 (x64 edition)')).toEqual({
      name: '7-Zip 23.01 (x64 edition)',
      version: '23.01.00.0',
      publisher: 'Igor Pavlov',
      arch: 'x64',
      installDate: '2024-01-15',
      source: 'registry',
      guid: '{23170F69-40C1-2702-2301-000001000000}',
      sizeBytes: 0x16a8 * 1024,
      systemCategory: null,
    });
    expect(byName('Adobe Acrobat Reader DC - Chinese Simplified')).toMatchObject({ arch: 'x86', guid: '{AC76BA86-7AD7-2052-7B44-AC0F074E4100}', sizeBytes: 0x7d3c2 * 1024, installDate: '2023-12-01' });
    // a DisplayName stored as hex(2) (REG_EXPAND_SZ) and a non-GUID subkey
    expect(byName('WPS Office (11.1.0.14309)')).toMatchObject({ publisher: 'Kingsoft Corp.', version: '11.1.0.14309', arch: 'x64', guid: null });
    expect(byName('Security Update for Windows (KB5034441)')).toMatchObject({ systemCategory: 'Security Update', installDate: '2024-01-10' });
  });

  it('takes the architecture from the view: HKLM native, WOW6432Node x86, per-user unknown', () => {
    expect(byName('搜狗输入法 13.0正式版')!.arch).toBe('x86');
    expect(byName('Microsoft Visual Studio Code (User)')!.arch).toBeNull();
    expect(byName('微信')).toMatchObject({ arch: null, publisher: '腾讯科技(深圳)有限公司' });
    expect(archOfUninstallKey('HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\x', 'x86')).toBe('x86');
    expect(archOfUninstallKey('HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\x', null)).toBeNull();
  });
});

describe('mergeRegKeys', () => {
  it('adds values of repeated blocks, drops deleted values, deletes a key with its subkeys', () => {
    const { keys } = parseRegExport(['REGEDIT4', '[A\\B]', '"x"="1"', '"y"="2"', '[A\\B\\C]', '"z"="3"', '[a\\b]', '"x"="9"', '"y"=-', '[-A\\B\\C]'].join('\n'));
    const m = mergeRegKeys(keys);
    expect([...m.keys()]).toEqual(['a\\b']);
    expect([...m.get('a\\b')!.values.entries()]).toEqual([['x', { type: 'REG_SZ', data: '9' }]]);
  });
});

describe('installDateOf', () => {
  it('reads YYYYMMDD and the odd formats installers write, refuses impossible dates', () => {
    expect(installDateOf('20100816')).toBe('2010-08-16');
    expect(installDateOf('2019/08/30')).toBe('2019-08-30');
    expect(installDateOf('2019-08-30')).toBe('2019-08-30');
    expect(installDateOf('8/3/2019')).toBe('2019-08-03');
    expect(installDateOf('20101345')).toBeNull();
    expect(installDateOf('20230229')).toBeNull();
    expect(installDateOf('')).toBeNull();
    expect(installDateOf(null)).toBeNull();
  });
});

describe.skipIf(!fs.existsSync(XP_REG))('the real Windows XP export (xp-Uninstall.reg)', () => {
  /*
   * 536 keys: the Uninstall key itself, 534 subkeys and one sub-subkey
   * ({0001B4FD-…}\CustomMessages). 419 DisplayName values, one of them empty.
   * Rows: 418 named − 57 SystemComponent=1 − 3 children of a parent product
   * that are not hotfixes (Windows Media Player 10 and Windows Media Format
   * Runtime under OperatingSystem, one "Microsoft Office 2010 Service Pack 1"
   * part under Office14.PROPLUS) = 358. Of the 324 ParentKeyName entries,
   * 26 are SystemComponent, 1 has an empty name, 3 are those children, and
   * 294 are hotfixes kept as rows (293 with a KB number, plus Windows Imaging
   * Component with ReleaseType HotFix). 299 rows in all name a KB number.
   */
  // Read only when the file is there: a skipped suite's body still runs to collect its tests.
  const parsed = fs.existsSync(XP_REG) ? parseRegExport(fs.readFileSync(XP_REG)) : { version: '', keys: [], problems: [] };
  const { software, skipped } = softwareFromUninstallKeys(parsed.keys, { nativeArch: 'x86' });

  it('parses all 536 keys without a problem', () => {
    expect(parsed.version).toBe('REGEDIT5');
    expect(parsed.keys).toHaveLength(536);
    expect(parsed.problems).toEqual([]);
  });

  it('gives 358 software rows out of 419 DisplayNames, for stated reasons', () => {
    expect(software).toHaveLength(358);
    expect(skipped).toEqual({ noDisplayName: 116, systemComponent: 57, childOfParent: 3 });
    expect(software.every((s) => s.source === 'registry' && s.arch === 'x86')).toBe(true);
    expect(software.filter((s) => /\bKB\d+/.test(s.name))).toHaveLength(299);
    expect(software.filter((s) => s.systemCategory !== null)).toHaveLength(245);
    expect(software.find((s) => s.name === 'Windows Media Player 10')).toBeUndefined();
  });

  it('reads specific entries', () => {
    const get = (n: string) => software.find((s) => s.name === n);
    expect(get('Adobe Shockwave Player 11')).toMatchObject({ publisher: 'Adobe Systems, Inc.', version: '11', guid: null, installDate: null });
    expect(get('FusionInventory Agent')).toMatchObject({ publisher: 'FusionInventory Team', version: '2.2.0-2' });
    expect(get('Microsoft Office Professional Plus 2010')).toMatchObject({ publisher: 'Microsoft Corporation', version: '14.0.6029.1000' });
    expect(get('Java(TM) 6 Update 31')).toMatchObject({ publisher: 'Oracle', version: '6.0.310', installDate: '2012-02-20', guid: '{26A24AE4-039D-4CA4-87B4-2F83216031FF}', sizeBytes: 101_990_400 });
    expect(get('Adobe Reader X (10.1.2)')).toMatchObject({ version: '10.1.2', guid: '{AC76BA86-7AD7-1033-7B44-AA1000000001}' });
    expect(get('Security Update for Windows XP (KB2115168)')).toMatchObject({ publisher: 'Microsoft Corporation', installDate: '2010-08-16', systemCategory: 'Security Update' });
    // a child of the OS without a KB number but with a ReleaseType: a hotfix, kept
    expect(get('Windows Imaging Component')).toMatchObject({ version: '3.0.0.0', systemCategory: 'HotFix' });
  });
});
