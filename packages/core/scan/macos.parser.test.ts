import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { macsFromIfconfig, parseSwVers, parseSystemProfilerJson, parseSystemProfilerText, softwareFromBundle } from './macos.parser.ts';
import { PlistParseError, parseXmlPlist } from './plist.parser.ts';

const WORD_INFO_PLIST = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'word-Info.plist'), 'utf8');

describe('parseXmlPlist', () => {
  it('reads dicts, arrays, strings, numbers, booleans, dates and data', () => {
    const p = parseXmlPlist(WORD_INFO_PLIST) as Record<string, unknown>;
    expect(p.CFBundleIdentifier).toBe('com.microsoft.Word');
    expect(p.LSRequiresNativeExecution).toBe(true);
    expect(p.NSHumanReadableCopyright).toBe('© 2023 Microsoft Corporation & others. All rights reserved.');
    expect(p.Build).toBe(23121017);
    expect(p.Ratio).toBe(1.5);
    expect(p.When).toEqual(new Date('2023-12-10T08:00:00Z'));
    expect(p.Blob).toEqual(new Uint8Array([1, 2, 3]));
    expect(p.Empty).toBe('');
    expect((p.CFBundleDocumentTypes as Record<string, unknown>[])[0]!.CFBundleTypeExtensions).toEqual(['docx', 'doc']);
  });

  it('never expands entities a DOCTYPE declares (no XXE, no billion laughs)', () => {
    const evil = `<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY a "AAAA"><!ENTITY b "&a;&a;&a;"><!ENTITY x SYSTEM "file:///etc/passwd">]><plist><dict><key>k</key><string>&b;&x;&#x4e2d;&#25991;</string></dict></plist>`;
    expect(parseXmlPlist(evil)).toEqual({ k: '&b;&x;中文' });
  });

  it('refuses what is not a plist', () => {
    expect(() => parseXmlPlist('<html></html>')).toThrow(PlistParseError);
    expect(() => parseXmlPlist('<plist><dict><key>k</key><string>unterminated')).toThrow(PlistParseError);
    expect(() => parseXmlPlist('<plist><dict><string>no key</string></dict></plist>')).toThrow(/expected <key>/);
  });
});

describe('softwareFromBundle', () => {
  it('maps display name, short version, bundle id and publisher of a well-known domain', () => {
    expect(softwareFromBundle(parseXmlPlist(WORD_INFO_PLIST), '/Applications/Microsoft Word.app')).toEqual({
      name: 'Microsoft Word',
      version: '16.80',
      publisher: 'Microsoft',
      arch: null,
      installDate: null,
      source: 'macos',
      guid: 'com.microsoft.Word',
      sizeBytes: null,
      systemCategory: 'public.app-category.productivity',
    });
  });
  it('falls back to CFBundleName, then the folder name; unknown domains get no publisher', () => {
    expect(softwareFromBundle({ CFBundleName: 'Lark', CFBundleIdentifier: 'com.electron.lark', CFBundleVersion: '7.8.9' }, '/Applications/Lark.app')).toMatchObject({ name: 'Lark', version: '7.8.9', publisher: null });
    expect(softwareFromBundle({}, '/Applications/Utilities/Some Tool.app')).toMatchObject({ name: 'Some Tool', version: null, guid: null });
    expect(softwareFromBundle(['not', 'a', 'dict'], '/x.app')).toBeNull();
  });
});

describe('system_profiler SPHardwareDataType', () => {
  it('reads the text output of an Apple silicon Mac', () => {
    const text = `Hardware:

    Hardware Overview:

      Model Name: MacBook Pro
      Model Identifier: Mac14,5
      Model Number: MPHG3CH/A
      Chip: Apple M2 Max
      Total Number of Cores: 12 (8 performance and 4 efficiency)
      Memory: 32 GB
      System Firmware Version: 10151.61.4
      OS Loader Version: 10151.61.4
      Serial Number (system): C02ZK0AAMD6T
      Hardware UUID: 5A0B7E2C-3F4D-5E6F-8A9B-0C1D2E3F4A5B
      Provisioning UDID: 00006021-001A2B3C4D5E6F7A
      Activation Lock Status: Disabled
`;
    expect(parseSystemProfilerText(text)).toEqual({ uuid: '5A0B7E2C-3F4D-5E6F-8A9B-0C1D2E3F4A5B', serial: 'C02ZK0AAMD6T', model: 'MacBook Pro (Mac14,5)', cpu: 'Apple M2 Max', memoryMb: 32768 });
  });
  it('reads an Intel Mac', () => {
    const text = '      Model Name: iMac\n      Model Identifier: iMac19,1\n      Processor Name: 6-Core Intel Core i5\n      Memory: 8 GB\n      Serial Number (system): C02XG0FDJV40\n      Hardware UUID: 0E7A2B3C-4D5E-5F60-8172-93A4B5C6D7E8\n';
    expect(parseSystemProfilerText(text)).toMatchObject({ cpu: '6-Core Intel Core i5', memoryMb: 8192, serial: 'C02XG0FDJV40' });
  });
  it('reads the -json output', () => {
    const json = JSON.stringify({ SPHardwareDataType: [{ _name: 'hardware_overview', chip_type: 'Apple M1', machine_model: 'MacBookAir10,1', machine_name: 'MacBook Air', physical_memory: '16 GB', platform_UUID: '1B2C3D4E-5F60-7182-93A4-B5C6D7E8F901', serial_number: 'FVFDK0AAQ6L4' }] });
    expect(parseSystemProfilerJson(json)).toEqual({ uuid: '1B2C3D4E-5F60-7182-93A4-B5C6D7E8F901', serial: 'FVFDK0AAQ6L4', model: 'MacBook Air (MacBookAir10,1)', cpu: 'Apple M1', memoryMb: 16384 });
    expect(parseSystemProfilerJson('not json')).toBeNull();
    expect(parseSystemProfilerJson('{}')).toBeNull();
  });
});

describe('sw_vers and ifconfig', () => {
  it('reads sw_vers', () => {
    expect(parseSwVers('ProductName:\t\tmacOS\nProductVersion:\t\t14.2.1\nBuildVersion:\t\t23C71\n')).toEqual({ osName: 'macOS', osVersion: '14.2.1' });
  });
  it('keeps en* interfaces, not bridges, AirDrop, tunnels or the access point', () => {
    const out = `lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> mtu 16384
\tinet 127.0.0.1 netmask 0xff000000
en0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500
\toptions=6463<RXCSUM,TXCSUM,TSO4,TSO6,CHANNEL_IO,PARTIAL_CSUM,ZEROINVERT_CSUM>
\tether f0:18:98:12:34:56
\tinet 192.168.1.23 netmask 0xffffff00 broadcast 192.168.1.255
en1: flags=8963<UP,BROADCAST,SMART,RUNNING,PROMISC,SIMPLEX,MULTICAST> mtu 1500
\tether 36:1c:2d:3e:4f:50
bridge0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500
\tether 36:1c:2d:3e:4f:50
ap1: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> mtu 1500
\tether f2:18:98:12:34:56
awdl0: flags=8943<UP,BROADCAST,RUNNING,PROMISC,SIMPLEX,MULTICAST> mtu 1500
\tether 5e:11:22:33:44:55
utun0: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1380
`;
    expect(macsFromIfconfig(out)).toEqual(['f0:18:98:12:34:56', '36:1c:2d:3e:4f:50']);
  });
});
