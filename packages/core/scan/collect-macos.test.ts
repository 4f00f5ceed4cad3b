import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { collectMacos, findAppBundles } from './collect-macos.ts';
import type { CommandResult, CommandRunner } from './scan.types.ts';

const WORD_INFO_PLIST = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'word-Info.plist'));

const ok = (stdout: string): CommandResult => ({ found: true, code: 0, stdout: Buffer.from(stdout), stderr: Buffer.alloc(0), timedOut: false, error: null });
const missing: CommandResult = { found: false, code: null, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), timedOut: false, error: null };

describe('collectMacos (fake Mac)', () => {
  const apps = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-scan-apps-'));
  afterAll(() => fs.rmSync(apps, { recursive: true, force: true }));
  const bundle = (rel: string, plist: string | Buffer) => {
    fs.mkdirSync(path.join(apps, rel, 'Contents'), { recursive: true });
    fs.writeFileSync(path.join(apps, rel, 'Contents', 'Info.plist'), plist);
  };
  bundle('Microsoft Word.app', WORD_INFO_PLIST);
  bundle('Utilities/Terminal.app', Buffer.concat([Buffer.from('bplist00'), Buffer.from([0, 1, 2])]));
  bundle('Broken.app', 'not a plist');
  // a bundle's own nested apps are not separate software
  bundle('Microsoft Word.app/Contents/SharedSupport/Helper.app', WORD_INFO_PLIST);
  fs.mkdirSync(path.join(apps, 'Empty.app'));

  const calls: string[][] = [];
  const run: CommandRunner = async (file, args) => {
    calls.push([file, ...args]);
    if (file === 'plutil') return ok(`<?xml version="1.0"?><plist version="1.0"><dict><key>CFBundleName</key><string>Terminal</string><key>CFBundleIdentifier</key><string>com.apple.Terminal</string><key>CFBundleShortVersionString</key><string>2.14</string></dict></plist>`);
    if (file === 'system_profiler' && args[0] === '-json') return missing;
    if (file === 'system_profiler') return ok('      Model Name: MacBook Air\n      Model Identifier: MacBookAir10,1\n      Chip: Apple M1\n      Memory: 16 GB\n      Serial Number (system): FVFDK0AAQ6L4\n      Hardware UUID: 1B2C3D4E-5F60-7182-93A4-B5C6D7E8F901\n');
    if (file === 'sw_vers') return ok('ProductName:\tmacOS\nProductVersion:\t14.2.1\n');
    if (file === 'ifconfig') return ok('en0: flags=8863<UP> mtu 1500\n\tether f0:18:98:12:34:56\n');
    return missing;
  };

  it('finds bundles two levels deep, not inside bundles', () => {
    expect(findAppBundles(apps).map((p) => path.relative(apps, p))).toEqual(['Broken.app', 'Empty.app', 'Microsoft Word.app', path.join('Utilities', 'Terminal.app')]);
  });

  it('reads XML and binary (via plutil) Info.plists and the identity', async () => {
    const c = await collectMacos({ run, appDirs: [apps, path.join(apps, 'missing')] });
    expect(c.software.map((s) => [s.name, s.version, s.publisher, s.guid])).toEqual([
      ['Microsoft Word', '16.80', 'Microsoft', 'com.microsoft.Word'],
      ['Terminal', '2.14', 'Apple', 'com.apple.Terminal'],
    ]);
    expect(c.warnings).toEqual(['macos-apps: 1 bundle(s) with an unreadable Info.plist']);
    expect(c.collectors).toEqual(['macos-apps', 'macos-hardware']);
    expect(calls.find((c) => c[0] === 'plutil')).toEqual(['plutil', '-convert', 'xml1', '-o', '-', path.join(apps, 'Utilities/Terminal.app/Contents/Info.plist')]);
    expect(c.hardware).toMatchObject({ uuid: '1B2C3D4E-5F60-7182-93A4-B5C6D7E8F901', serial: 'FVFDK0AAQ6L4', model: 'MacBook Air (MacBookAir10,1)', manufacturer: 'Apple Inc.', osName: 'macOS', osVersion: '14.2.1', macs: ['f0:18:98:12:34:56'], memoryMb: 16384 });
  });
});
