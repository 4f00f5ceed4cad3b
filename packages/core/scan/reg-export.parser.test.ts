import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InventoryParseError } from '../inventory/inventory.types.ts';
import { decodeRegFile, getValue, parseRegExport, regNumber, regText } from './reg-export.parser.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const UNINSTALL = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall';

/** A version 5 export as regedit writes it: UTF-16LE with a BOM, CRLF. */
function utf16Reg(lines: string[]): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf16le')]);
}

describe('parseRegExport', () => {
  it('reads a UTF-16LE export with a BOM: strings, escapes, dword, hex(2) and hex(7) continued over lines, hex:', () => {
    const r = parseRegExport(fs.readFileSync(path.join(FIXTURES, 'win10-x64-uninstall.reg')));
    expect(r.version).toBe('REGEDIT5');
    expect(r.problems).toEqual([]);
    const zip = r.keys.find((k) => k.path.endsWith('{23170F69-40C1-2702-2301-000001000000}'))!;
    expect(regText(zip.values, 'DisplayName')).toBe('7-Zip 23.01 (x64 edition)');
    // a string ending in an escaped backslash: "C:\\Program Files\\7-Zip\\"
    expect(regText(zip.values, 'InstallLocation')).toBe('C:\\Program Files\\7-Zip\\');
    expect(zip.values.get('EstimatedSize')).toEqual({ type: 'REG_DWORD', data: 0x16a8 });
    // hex(2) over five lines, UTF-16LE, NUL-terminated
    expect(zip.values.get('UninstallString')).toEqual({ type: 'REG_EXPAND_SZ', data: 'MsiExec.exe /X{23170F69-40C1-2702-2301-000001000000}' });
    const wps = r.keys.find((k) => k.path.endsWith('\\Kingsoft Office'))!;
    expect(regText(wps.values, 'DisplayName')).toBe('WPS Office (11.1.0.14309)');
    expect(regText(wps.values, 'Comments')).toBe('He said "hi" to C:\\temp');
    expect(wps.values.get('Languages')).toEqual({ type: 'REG_MULTI_SZ', data: ['zh-CN', 'en-US'] });
    expect(wps.values.get('QuietUninstallString')).toEqual({ type: 'REG_BINARY', data: new Uint8Array([1, 2, 3]) });
    expect(r.keys.find((k) => k.path.includes('搜狗输入法'))).toBeDefined();
    expect(r.keys.filter((k) => k.deleted).map((k) => k.path)).toEqual([`${UNINSTALL}\\Removed App`]);
  });

  it('reads REGEDIT4 in the ANSI code page (GB18030), its hex(2) as ANSI bytes', () => {
    const r = parseRegExport(fs.readFileSync(path.join(FIXTURES, 'regedit4-gbk.reg')));
    expect(r.version).toBe('REGEDIT4');
    const v = r.keys[0]!.values;
    expect(regText(v, 'DisplayName')).toBe('WPS Office 2019 个人版');
    expect(regText(v, 'Publisher')).toBe('金山办公软件有限公司');
    expect(regText(v, 'UninstallString')).toBe('C:\\WPS\\uninst.exe');
  });

  it('reads UTF-8 (with and without BOM) and UTF-16LE without a BOM', () => {
    const text = `Windows Registry Editor Version 5.00\n\n[${UNINSTALL}\\x]\n"DisplayName"="中文软件"\n`;
    for (const buf of [Buffer.from(text, 'utf8'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), Buffer.from(text, 'utf16le')]) {
      expect(decodeRegFile(buf)).toBe(text);
      expect(regText(parseRegExport(buf).keys[0]!.values, 'DisplayName')).toBe('中文软件');
    }
  });

  it('handles the default value, value deletion, qword, big-endian dword, hex(1), empty hex, comments and odd spacing', () => {
    const r = parseRegExport(
      utf16Reg([
        'Windows Registry Editor Version 5.00',
        '; exported by hand',
        `[${UNINSTALL}\\k]`,
        '@="default"',
        '"Gone"=-',
        '"Q"=hex(b):00,00,00,00,01,00,00,00',
        '"BE"=hex(5):00,00,01,00',
        '"S1"=hex(1):41,00,42,00,00,00',
        '"Empty"=hex(2):',
        '"None"=hex(0):',
        '"Spaced"=hex:0a, 0b,\\',
        '    0c',
        '"Upper"=dword:FFFFFFFF',
        '"Weird\\"Name"="v"',
      ]),
    );
    const v = r.keys[0]!.values;
    expect(r.problems).toEqual([]);
    expect(v.get('@')).toEqual({ type: 'REG_SZ', data: 'default' });
    expect(v.get('Gone')).toEqual({ type: 'DELETE', data: null });
    expect(getValue(v, 'Gone')).toBeUndefined();
    expect(v.get('Q')).toEqual({ type: 'REG_QWORD', data: 4294967296n });
    expect(regNumber(v, 'Q')).toBe(4294967296);
    expect(v.get('BE')).toEqual({ type: 'REG_DWORD_BIG_ENDIAN', data: 256 });
    expect(v.get('S1')).toEqual({ type: 'REG_SZ', data: 'AB' });
    expect(v.get('Empty')).toEqual({ type: 'REG_EXPAND_SZ', data: '' });
    expect(v.get('None')).toEqual({ type: 'REG_NONE', data: new Uint8Array(0) });
    expect(v.get('Spaced')).toEqual({ type: 'REG_BINARY', data: new Uint8Array([10, 11, 12]) });
    expect(regNumber(v, 'upper')).toBe(0xffffffff);
    expect(regText(v, 'Weird"Name')).toBe('v');
  });

  it('keeps a string that holds line breaks', () => {
    const r = parseRegExport(`Windows Registry Editor Version 5.00\r\n\r\n[${UNINSTALL}\\k]\r\n"Comments"="line one\r\nline two"\r\n"DisplayName"="After"\r\n`);
    expect(regText(r.keys[0]!.values, 'Comments')).toBe('line one\nline two');
    expect(regText(r.keys[0]!.values, 'DisplayName')).toBe('After');
  });

  it('skips unreadable lines with a reason instead of losing the file', () => {
    const r = parseRegExport(`REGEDIT4\n"Orphan"="x"\n[${UNINSTALL}\\k]\ngarbage line\n"Bad"=dword:xyz\n"Hex"=hex:zz\n"DisplayName"="Still here"\n`);
    expect(regText(r.keys[0]!.values, 'DisplayName')).toBe('Still here');
    expect(r.problems).toHaveLength(4);
    expect(r.problems[0]).toMatch(/^line 2: value outside of a key/);
    expect(r.problems[1]).toMatch(/^line 4: not a key or value/);
  });

  it('refuses text that is not a registry export', () => {
    expect(() => parseRegExport('hello\n[x]\n')).toThrow(InventoryParseError);
    expect(() => parseRegExport(Buffer.from('{"json": true}'))).toThrow(/Windows Registry Editor Version 5.00/);
  });
});
