import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectWindows, windowsNativeArch } from './collect-windows.ts';
import type { CommandResult, CommandRunner } from './scan.types.ts';

/*
 * The Windows collector's orchestration on any OS: a fake runner plays
 * reg.exe (writing .reg files where asked), PowerShell, getmac, ver, whoami.
 */

const U = 'Microsoft\\Windows\\CurrentVersion\\Uninstall';
const ME = 'S-1-5-21-1-2-3-1001';
const OTHER = 'S-1-5-21-1-2-3-1002';

function regFile(key: string, subkeys: Record<string, string[]>): Buffer {
  const root = key.replace(/^HKLM/, 'HKEY_LOCAL_MACHINE').replace(/^HKCU/, 'HKEY_CURRENT_USER').replace(/^HKU/, 'HKEY_USERS');
  const lines = ['Windows Registry Editor Version 5.00', '', `[${root}]`, ''];
  for (const [k, values] of Object.entries(subkeys)) lines.push(`[${root}\\${k}]`, ...values, '');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n'), 'utf16le')]);
}

const EXPORTS: Record<string, Buffer> = {
  [`HKLM\\SOFTWARE\\${U}`]: regFile(`HKLM\\SOFTWARE\\${U}`, { '{23170F69-40C1-2702-2301-000001000000}': ['"DisplayName"="7-Zip 23.01 (x64 edition)"', '"DisplayVersion"="23.01.00.0"'] }),
  [`HKLM\\SOFTWARE\\WOW6432Node\\${U}`]: regFile(`HKLM\\SOFTWARE\\WOW6432Node\\${U}`, { WeChat: ['"DisplayName"="微信"', '"DisplayVersion"="3.9.8.25"'] }),
  [`HKCU\\Software\\${U}`]: regFile(`HKCU\\Software\\${U}`, { 'Microsoft VS Code': ['"DisplayName"="Microsoft Visual Studio Code (User)"'] }),
  [`HKU\\${OTHER}\\Software\\${U}`]: regFile(`HKU\\${OTHER}\\Software\\${U}`, { DingTalk: ['"DisplayName"="钉钉"'] }),
  // the current user's hive again under HKU: must not be read twice
  [`HKU\\${ME}\\Software\\${U}`]: regFile(`HKU\\${ME}\\Software\\${U}`, { 'Microsoft VS Code': ['"DisplayName"="Microsoft Visual Studio Code (User)"'] }),
};

const ok = (stdout: string | Buffer): CommandResult => ({ found: true, code: 0, stdout: Buffer.from(stdout), stderr: Buffer.alloc(0), timedOut: false, error: null });
const fail: CommandResult = { found: true, code: 1, stdout: Buffer.alloc(0), stderr: Buffer.from('ERROR: The system was unable to find the specified registry key or value.'), timedOut: false, error: null };

function fakeWindows(opts: { powershell: boolean }): { run: CommandRunner; calls: string[][] } {
  const calls: string[][] = [];
  const run: CommandRunner = async (file, args) => {
    calls.push([file, ...args]);
    if (file === 'reg' && args[0] === 'export') {
      const data = EXPORTS[args[1]!];
      if (!data) return fail;
      fs.writeFileSync(args[2]!, data);
      return ok('The operation completed successfully.\r\n');
    }
    if (file === 'reg' && args[0] === 'query' && args[1] === 'HKU') return ok(`HKEY_USERS\\.DEFAULT\r\nHKEY_USERS\\S-1-5-18\r\nHKEY_USERS\\${ME}\r\nHKEY_USERS\\${ME}_Classes\r\nHKEY_USERS\\${OTHER}\r\n`);
    if (file === 'reg' && args[0] === 'query') return ok('\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\r\n    MachineGuid    REG_SZ    5b3e8f1c-1d2e-4f5a-9b8c-7d6e5f4a3b2c\r\n');
    if (file === 'whoami') return ok(`"desktop-1\\zhangsan","${ME}"\r\n`);
    if (file === 'powershell.exe' && opts.powershell)
      return ok(JSON.stringify({ product: { UUID: '1A2B3C4D-5E6F-11E8-9C2D-FA7AE01BBEBC', IdentifyingNumber: 'PF2ABCDE', Vendor: 'LENOVO', Name: '20L5CTO1WW' }, bios: null, os: { Caption: 'Microsoft Windows 10 专业版', Version: '10.0.19045' }, system: { Domain: 'WORKGROUP', PartOfDomain: false, UserName: 'DESKTOP-1\\zhangsan' } }));
    if (file === 'wmic') return ok('\r\r\nIdentifyingNumber=PF2WMIC\r\r\nName=20L5\r\r\nUUID=1A2B3C4D-5E6F-11E8-9C2D-FA7AE01BBEBC\r\r\nVendor=LENOVO\r\r\n');
    if (file === 'getmac') return ok('"以太网","Realtek PCIe GbE Family Controller","D8-BB-C1-01-02-03","\\Device\\Tcpip_{A}"\r\n');
    if (file === 'cmd.exe') return ok(Buffer.from('\r\nMicrosoft Windows [版本 10.0.19045.3803]\r\n'));
    return { ...fail, found: false };
  };
  return { run, calls };
}

describe('collectWindows (fake Windows)', () => {
  it('reads the 64-bit, 32-bit, current-user and other users\' Uninstall keys once each', async () => {
    const { run, calls } = fakeWindows({ powershell: true });
    const c = await collectWindows({ run, nativeArch: 'x64' });
    expect(c.collectors).toEqual(['registry', 'windows-hardware']);
    expect(c.warnings).toEqual([]);
    expect(c.software.map((s) => [s.name, s.arch])).toEqual([
      ['7-Zip 23.01 (x64 edition)', 'x64'],
      ['微信', 'x86'],
      ['Microsoft Visual Studio Code (User)', null],
      ['钉钉', null],
    ]);
    // the 64-bit view asked for explicitly, so that a 32-bit reg.exe is not redirected
    expect(calls.filter((c) => c[1] === 'export').every((c) => c.includes('/reg:64'))).toBe(true);
    expect(calls.some((c) => c[2] === `HKU\\${ME}\\Software\\${U}`)).toBe(false);
    expect(c.hardware).toMatchObject({
      uuid: '1A2B3C4D-5E6F-11E8-9C2D-FA7AE01BBEBC',
      serial: 'PF2ABCDE',
      manufacturer: 'LENOVO',
      osName: 'Microsoft Windows 10 专业版',
      osVersion: '10.0.19045',
      osArch: 'x86_64',
      macs: ['d8:bb:c1:01:02:03'],
      agentDeviceId: '5b3e8f1c-1d2e-4f5a-9b8c-7d6e5f4a3b2c',
      lastUser: 'DESKTOP-1\\zhangsan',
      domain: null,
    });
  });

  it('on 32-bit Windows reads no WOW6432Node and uses no /reg:64; falls back to wmic and ver', async () => {
    const { run, calls } = fakeWindows({ powershell: false });
    const c = await collectWindows({ run, nativeArch: 'x86' });
    expect(calls.some((c) => c.includes('/reg:64'))).toBe(false);
    expect(calls.some((c) => String(c[2]).includes('WOW6432Node'))).toBe(false);
    expect(c.software[0]).toMatchObject({ name: '7-Zip 23.01 (x64 edition)', arch: 'x86' });
    expect(c.hardware).toMatchObject({ serial: 'PF2WMIC', osVersion: '10.0.19045.3803', osName: 'Microsoft Windows 10', osArch: 'i686' });
  });

  it('says so when the machine Uninstall key cannot be read', async () => {
    const run: CommandRunner = async (file, args) => (file === 'reg' && args[0] === 'export' ? fail : { ...fail, found: false });
    const c = await collectWindows({ run, nativeArch: 'x64' });
    expect(c.collectors).toEqual(['windows-hardware']);
    expect(c.software).toEqual([]);
    expect(c.warnings[0]).toMatch(/^reg export HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall: exit code 1 — ERROR: The system was unable/);
  });

  it('warns about an export it cannot read and goes on', async () => {
    const run: CommandRunner = async (file, args) => {
      if (file === 'reg' && args[0] === 'export') {
        fs.writeFileSync(args[2]!, args[1]!.startsWith('HKLM\\SOFTWARE\\Microsoft') ? EXPORTS[args[1]!]! : Buffer.from('garbage'));
        return ok('');
      }
      return { ...fail, found: false };
    };
    const c = await collectWindows({ run, nativeArch: 'x64' });
    expect(c.software.map((s) => s.name)).toEqual(['7-Zip 23.01 (x64 edition)']);
    expect(c.warnings).toHaveLength(2);
    expect(c.warnings[0]).toMatch(/^reg export HKLM\\SOFTWARE\\WOW6432Node\\.*: not-a-reg-export: expected "Windows Registry Editor Version 5.00"/);
  });

  it('knows the Windows architecture from the environment, also in a 32-bit process', () => {
    expect(windowsNativeArch({ PROCESSOR_ARCHITECTURE: 'AMD64' })).toBe('x64');
    expect(windowsNativeArch({ PROCESSOR_ARCHITECTURE: 'x86', PROCESSOR_ARCHITEW6432: 'AMD64' })).toBe('x64');
    expect(windowsNativeArch({ PROCESSOR_ARCHITECTURE: 'ARM64' })).toBe('arm64');
    expect(windowsNativeArch({ PROCESSOR_ARCHITECTURE: 'x86' })).toBe('x86');
  });
});
