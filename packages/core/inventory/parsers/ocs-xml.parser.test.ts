import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InventoryParseError } from '../inventory.types.ts';
import { parseOcsRequest } from './ocs-xml.parser.ts';
import { fixture, hasSharedData, sharedData } from './test-data.ts';

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof InventoryParseError) return e.reason;
    throw e;
  }
  return 'no error';
}

describe('OCS agent 2.10 (Debian 12) inventory', () => {
  const r = parseOcsRequest(fixture('ocs-agent-debian12.xml'), { userAgent: 'OCS-NG_unified_unix_agent_v2.10.0' });
  const inv = r.inventory!;

  it('reads the request envelope', () => {
    expect(r).toMatchObject({ query: 'INVENTORY', deviceId: 'zb-desktop-07-2026-11-27-10-40-35' });
    expect(r.token).toBeUndefined();
    expect(inv).toMatchObject({ format: 'ocs-xml', agent: 'OCS-NG_unified_unix_agent_v2.10.0', tag: null, partial: false, softwareIncluded: true, collectedAt: null });
  });

  it('maps the hardware, dropping the placeholder UUID and virtual interfaces', () => {
    expect(inv.hardware).toEqual({
      hostname: 'zb-desktop-07',
      uuid: null,
      serial: null,
      macs: ['e8:6a:64:3b:12:9f'],
      agentDeviceId: 'zb-desktop-07-2026-11-27-10-40-35',
      manufacturer: null,
      model: null,
      osName: 'Debian GNU/Linux 12',
      osVersion: '12',
      osArch: 'x86_64',
      domain: 'WORKGROUP',
      lastUser: null,
      cpu: 'Intel(R) Core(TM) i5-10500 CPU @ 3.10GHz',
      memoryMb: 15932,
    });
  });

  it('maps software: dpkg names without :arch, the agent month bug corrected', () => {
    expect(inv.software.map((s) => `${s.name} ${s.arch} ${s.installDate}`)).toEqual([
      'adduser all 2025-05-20',
      'file amd64 2026-01-31',
      'libc6 amd64 2026-05-20',
      'libc6 i386 2026-05-20',
      'wps-office amd64 2026-11-03',
    ]);
    expect(inv.software[4]).toEqual({
      name: 'wps-office',
      version: '11.1.0.11720.XA',
      publisher: 'https://www.wps.cn',
      arch: 'amd64',
      installDate: '2026-11-03',
      source: 'dpkg',
      guid: null,
      sizeBytes: 1489305600,
      systemCategory: null,
    });
  });

  it('does not shift dates of a newer agent, nor when a month 12 shows they are right', () => {
    const newer = parseOcsRequest(fixture('ocs-agent-debian12.xml').toString().replace('2026/00/31', '2026/01/31'), { userAgent: 'OCS-NG_unified_unix_agent_v2.10.1' });
    expect(newer.inventory!.software[0]!.installDate).toBe('2025-04-20');
    const december = parseOcsRequest(fixture('ocs-agent-debian12.xml').toString().replace('2026/00/31', '2026/12/31'));
    expect(december.inventory!.software.map((s) => s.installDate)).toEqual(['2025-04-20', '2026-12-31', '2026-04-20', '2026-04-20', '2026-10-03']);
  });

  it('shifts only exact `YYYY/MM/DD hh:mm:ss` dates; others are read as written, sizes as numbers', () => {
    const item = (date: string, size: string) => `<SOFTWARES><NAME>p</NAME><FROM>deb</FROM><INSTALLDATE>${date}</INSTALLDATE><FILESIZE>${size}</FILESIZE></SOFTWARES>`;
    const xml = `<REQUEST><CONTENT>${item('2025/00/20 00:00:00', '0123')}${item('2025/01/31 10:00:00', '12.5')}${item('2025/1/31 10:00:00', ' 7 ')}${item('2025/01/31', '1234567890123456')}${item('2025/01/31 10:00:0x', '-1')}${item('2025/11/31 00:00:00', '')}</CONTENT><QUERY>INVENTORY</QUERY><DEVICEID>d</DEVICEID></REQUEST>`;
    const sw = parseOcsRequest(xml).inventory!.software;
    expect(sw.map((s) => s.installDate)).toEqual(['2025-01-20', null, '2025-01-31', '2025-01-31', '2025-01-31', '2025-12-31']);
    expect(sw.map((s) => s.sizeBytes)).toEqual([123, 13, 7, 1234567890123456, null, null]);
  });
});

describe('FusionInventory 2.6 (Debian 12) inventory', () => {
  const inv = parseOcsRequest(fixture('fusion-agent-debian12.xml'), { userAgent: 'ignored: VERSIONCLIENT wins' }).inventory!;

  it('maps hardware, OS version from OPERATINGSYSTEM (HARDWARE/OSVERSION is the kernel)', () => {
    expect(inv.agent).toBe('FusionInventory-Agent_v2.6-3');
    expect(inv.collectedAt).toBe('2026-11-27T10:40:36');
    expect(inv.hardware).toMatchObject({
      hostname: 'zb-desktop-07',
      uuid: '4c4c4544-0058-4b10-8032-b7c04f514833',
      serial: '7XK2QH3',
      macs: ['e8:6a:64:3b:12:9f'],
      manufacturer: 'Dell Inc.',
      model: 'OptiPlex 5080',
      osName: 'Debian GNU/Linux 12 (bookworm)',
      osVersion: '12.11',
      osArch: 'x86_64',
      domain: 'caiwu.example.gov.cn',
      lastUser: 'zhangsan',
    });
  });

  it('decodes references in software fields', () => {
    expect(inv.software.map((s) => [s.name, s.publisher, s.systemCategory])).toEqual([
      ['adduser', 'Debian', 'admin'],
      ['libc6', 'Debian', 'libs'],
      ['wps-office', 'Kingsoft Office Corporation <wps@kingsoft.com>', 'editors'],
    ]);
  });
});

describe('other requests and encodings', () => {
  it('reads a PROLOG with its token and no inventory', () => {
    expect(parseOcsRequest(fixture('ocs-prolog.xml'))).toEqual({ query: 'PROLOG', deviceId: 'zb-desktop-07-2026-11-27-10-40-36', token: '12345678' });
  });

  it('reads a GBK-encoded Windows inventory', () => {
    const inv = parseOcsRequest(fixture('ocs-windows-gbk.xml')).inventory!;
    expect(inv.hardware).toMatchObject({ hostname: 'CAIWU-PC-03', serial: null, osName: 'Microsoft Windows 10 专业版', lastUser: '王伟', domain: '财务处', macs: ['e8:6a:64:3b:12:a0'] });
    expect(inv.software).toEqual([
      { name: 'Microsoft Office 专业增强版 2016', version: '16.0.4266.1001', publisher: 'Microsoft Corporation', arch: 'x86_64', installDate: '2024-03-18', source: 'registry', guid: '{90160000-0011-0000-1000-0000000FF1CE}', sizeBytes: null, systemCategory: null },
      { name: 'WPS Office (11.1.0.14309)', version: '11.1.0.14309', publisher: '珠海金山办公软件有限公司', arch: 'i586', installDate: '2024-04-02', source: 'registry', guid: 'Kingsoft Office', sizeBytes: null, systemCategory: null },
    ]);
  });

  it('reads UTF-16 with BOM, CDATA and character references', () => {
    const xml = '<?xml version="1.0" encoding="UTF-16"?><REQUEST><CONTENT><HARDWARE><NAME><![CDATA[PC<1>]]></NAME></HARDWARE><SOFTWARES><NAME>&#x4E2D;&#25991; &amp; <![CDATA[&raw;]]></NAME><VERSION> 1.0 </VERSION></SOFTWARES></CONTENT><DEVICEID>d</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>';
    const inv = parseOcsRequest(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')])).inventory!;
    expect(inv.hardware.hostname).toBe('PC<1>');
    expect(inv.software[0]).toMatchObject({ name: '中文 & &raw;', version: '1.0' });
  });

  it('says when software was not sent (agent run with --nosoftware)', () => {
    const inv = parseOcsRequest('<REQUEST><CONTENT><HARDWARE><NAME>pc</NAME></HARDWARE><ACCOUNTINFO><KEYNAME>TAG</KEYNAME><KEYVALUE>财务处</KEYVALUE></ACCOUNTINFO></CONTENT><DEVICEID>d</DEVICEID><QUERY>inventory</QUERY></REQUEST>').inventory!;
    expect(inv).toMatchObject({ softwareIncluded: false, software: [], tag: '财务处' });
  });
});

describe('hostile and broken requests', () => {
  const ok = fixture('fusion-agent-debian12.xml').toString();

  it.each([
    ['truncated mid-way', ok.slice(0, ok.length >> 1), 'xml-malformed'],
    ['truncated before the end tag', ok.slice(0, ok.lastIndexOf('</REQUEST>')), 'xml-malformed'],
    ['an entity declaration', ok.replace('<REQUEST>', '<!DOCTYPE REQUEST [<!ENTITY x SYSTEM "file:///etc/shadow">]><REQUEST>').replace('<NAME>adduser</NAME>', '<NAME>&x;</NAME>'), 'xml-entities-forbidden'],
    ['an undefined entity', ok.replace('<NAME>adduser</NAME>', '<NAME>&x;</NAME>'), 'xml-malformed'],
    ['a wrong root', ok.replace(/REQUEST>/g, 'REPLY>'), 'ocs-wrong-root'],
    ['no QUERY', ok.replace('<QUERY>INVENTORY</QUERY>', ''), 'ocs-missing-query'],
    ['no DEVICEID', ok.replace(/<DEVICEID>.*<\/DEVICEID>/, '<DEVICEID> </DEVICEID>'), 'ocs-missing-deviceid'],
    ['JSON', '{"deviceid":"x"}', 'xml-malformed'],
    ['deep nesting', `<REQUEST>${'<A>'.repeat(100_000)}${'</A>'.repeat(100_000)}</REQUEST>`, 'xml-too-deep'],
  ])('refuses %s', (_, input, expected) => {
    expect(reason(() => parseOcsRequest(input))).toBe(expected);
  });

  it('refuses invalid UTF-8 and an unsupported encoding', () => {
    expect(reason(() => parseOcsRequest(Buffer.concat([Buffer.from(ok.slice(0, 500)), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from(ok.slice(500))])))).toBe('xml-encoding-invalid');
    expect(reason(() => parseOcsRequest(ok.replace('encoding="UTF-8"', 'encoding="EBCDIC-CP-US"')))).toBe('no error'); // a string is already decoded
    expect(reason(() => parseOcsRequest(Buffer.from(ok.replace('encoding="UTF-8"', 'encoding="EBCDIC-CP-US"'))))).toBe('xml-encoding-unsupported');
  });
});

const LEGACY = 'glpi-inventory-format/legacy-xml';

/** Values read from the files themselves (grep), not from this parser. */
const EXPECTED: Record<string, { hostname: string; serial: string | null; uuid: string; software: number; tag?: string | null; agent?: string }> = {
  '1.xml': { hostname: 'LF014', serial: '9E113232I', uuid: '0055ADC9-1D3A-E411-8043-B05D95113232', software: 42, tag: 'teclib', agent: 'FusionInventory-Agent_v2.3.20' },
  '2.xml': { hostname: 'pc-arg-23', serial: 'CZC0479792', uuid: '33E737A8-F827-11DF-9297-47C0A301005A', software: 8, tag: '3923', agent: 'FusionInventory-Agent_v2.3.19' },
  '12.xml': { hostname: 'pc-arg-23', serial: 'CZC0479792', uuid: '33E737A8-F827-11DF-9297-47C0A301005A', software: 8, tag: '3923' },
  '3.xml': { hostname: 'MacBook-de-teclib', serial: 'W87051UGVUV', uuid: '00000000-0000-1000-8000-0017F2D11432', software: 40, tag: null },
  '4.xml': { hostname: 'iMac de Marie', serial: 'C02NG5A5FY11', uuid: 'B3D6B8E4-15CC-54BB-BCE9-44E153556DDF', software: 7 },
  '13.xml': { hostname: 'android-5a30d8711bbadc9d', serial: '5a30d8711bbadc9d', uuid: '5a30d8711bbadc9d', software: 1, tag: null },
  '14.xml': { hostname: 'android-5a30d8711bbadc9d', serial: '5a30d8711bbadc9d', uuid: '5a30d8711bbadc9d', software: 1 },
  '18.xml': { hostname: 'android-5a30d8711bbadc9d', serial: '5a30d8711bbadc9d', uuid: '5a30d8711bbadc9d', software: 310, agent: 'Inventory Agent/1.3.0 (Linux; Android 13; GLPI Inventory Agent)' },
};
/** Network discovery / SNMP messages: parsed, no computer inventory. */
const NETWORK: Record<string, string> = {
  '5-good.xml': 'SNMPQUERY',
  '5.xml': 'SNMPQUERY',
  '6.xml': 'SNMPQUERY',
  '7.xml': 'SNMPQUERY',
  '8.xml': 'SNMP',
  '9.xml': 'NETDISCOVERY',
  '10.xml': 'NETDISCOVERY',
  '11.xml': 'NETDISCOVERY',
  '15.xml': 'SNMPQUERY',
  '16.xml': 'NETDISCOVERY',
  '17.xml': 'SNMPQUERY',
  '19.xml': 'SNMPQUERY',
};

describe.skipIf(!hasSharedData(LEGACY))('the 20 legacy XML messages of glpi-project/inventory_format', () => {
  const files = hasSharedData(LEGACY) ? fs.readdirSync(sharedData(LEGACY)).filter((f) => f.endsWith('.xml')) : [];

  it('are all known to this test', () => {
    expect(files.sort()).toEqual([...Object.keys(EXPECTED), ...Object.keys(NETWORK)].sort());
  });

  it.each(Object.entries(EXPECTED))('%s: computer inventory', (file, want) => {
    const r = parseOcsRequest(fs.readFileSync(`${sharedData(LEGACY)}/${file}`));
    expect(r.query).toBe('INVENTORY');
    const inv = r.inventory!;
    expect(inv.hardware).toMatchObject({ hostname: want.hostname, serial: want.serial, uuid: want.uuid });
    expect(inv.software).toHaveLength(want.software);
    expect(inv.softwareIncluded).toBe(true);
    if (want.tag !== undefined) expect(inv.tag).toBe(want.tag);
    if (want.agent) expect(inv.agent).toBe(want.agent);
    for (const s of inv.software) {
      expect(s.name.trim()).toBe(s.name);
      if (s.installDate) expect(s.installDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it.each(Object.entries(NETWORK))('%s: %s message without computer inventory', (file, query) => {
    const r = parseOcsRequest(fs.readFileSync(`${sharedData(LEGACY)}/${file}`));
    expect(r.query).toBe(query);
    expect(r.deviceId).toBeTruthy();
    expect(r.inventory).toBeUndefined();
  });

  it('maps details of 1.xml (Fedora laptop) and 3.xml (macOS, every interface flagged virtual)', () => {
    const fedora = parseOcsRequest(fs.readFileSync(`${sharedData(LEGACY)}/1.xml`)).inventory!;
    expect(fedora.hardware).toMatchObject({ macs: ['b8:6b:23:e0:5c:91', 'b8:6b:23:e0:5c:81', 'ae:ed:e7:56:9d:a0'], osVersion: '25', domain: 'ad.crosoft.com', memoryMb: 7908, model: 'PORTEGE Z30-A' });
    expect(fedora.collectedAt).toBe('2017-06-09T09:00:49');
    expect(fedora.software.find((s) => s.name === 'php71-php-process')).toMatchObject({ installDate: '2017-06-08', source: 'rpm', sizeBytes: 92299, systemCategory: 'Development/Languages', publisher: 'Remi Collet' });
    const mac = parseOcsRequest(fs.readFileSync(`${sharedData(LEGACY)}/3.xml`)).inventory!;
    expect(mac.hardware.macs).toEqual(['00:17:f2:d1:14:32', '00:19:e3:db:64:d2', '00:19:e3:ff:fe:71']);
    expect(mac.software.find((s) => s.name === 'ContentIndexing')?.installDate).toBe('2006-08-20');
  });
});
