import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InventoryParseError } from '../inventory.types.ts';
import { parseGlpiJson, parseGlpiMessage } from './glpi-json.parser.ts';
import { hasSharedData, sharedData } from './test-data.ts';

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof InventoryParseError) return `${e.reason}${e.detail ? `: ${e.detail}` : ''}`;
    throw e;
  }
  return 'no error';
}

/** A glpi-agent inventory of a Chinese Windows desktop, written for this test. */
function wpsDesktop() {
  return {
    action: 'inventory',
    deviceid: 'CAIWU-PC-03-2026-11-27-09-00-00',
    itemtype: 'Computer',
    tag: '4401-caiwu',
    content: {
      versionclient: 'GLPI-Agent_v1.12',
      accesslog: { logdate: '2026-11-27 09:00:12' },
      hardware: { name: 'CAIWU-PC-03', uuid: '8A3F2C11-5B7E-11EB-8F31-E86A643B12A0', workgroup: 'CAIWU', lastloggeduser: 'wangwei', memory: 16234, vmsystem: 'Physical' },
      bios: { ssn: 'Default string', smanufacturer: 'LENOVO', smodel: 'ThinkCentre M720t' },
      operatingsystem: { full_name: 'Microsoft Windows 10 专业版', name: 'Windows', version: '22H2', arch: '64-bit', kernel_version: '10.0.19045' },
      cpus: [{ name: 'Intel(R) Core(TM) i5-9500 CPU @ 3.00GHz' }],
      networks: [
        { description: 'Realtek PCIe GbE Family Controller', mac: 'E8:6A:64:3B:12:A0', virtualdev: false },
        { description: 'VirtualBox Host-Only Ethernet Adapter', mac: '0A:00:27:00:00:0B', virtualdev: 0 },
        { description: 'Software Loopback Interface 1', virtualdev: true },
      ],
      softwares: [
        { name: 'WPS Office (11.1.0.14309)', version: '11.1.0.14309', publisher: '珠海金山办公软件有限公司', arch: 'i586', install_date: '2024-04-02', from: 'registry', guid: 'Kingsoft Office', filesize: 1489305600, system_category: 'application' },
        { name: '  7-Zip 23.01 (x64)  ', version: '23.01', from: 'registry', install_date: '2023-07-12 10:11:12', filesize: '5812224' },
        { name: '   ' },
      ],
      unknown_section: { anything: [1, 2, 3] },
    },
  };
}

describe('parseGlpiMessage', () => {
  it('maps a computer inventory', () => {
    const m = parseGlpiMessage(wpsDesktop());
    expect(m.action).toBe('inventory');
    expect(m.deviceId).toBe('CAIWU-PC-03-2026-11-27-09-00-00');
    const inv = m.inventory!;
    expect(inv).toMatchObject({ format: 'glpi-json', agent: 'GLPI-Agent_v1.12', tag: '4401-caiwu', partial: false, softwareIncluded: true, collectedAt: '2026-11-27T09:00:12' });
    expect(inv.hardware).toEqual({
      hostname: 'CAIWU-PC-03',
      uuid: '8A3F2C11-5B7E-11EB-8F31-E86A643B12A0',
      serial: null,
      macs: ['e8:6a:64:3b:12:a0'],
      agentDeviceId: 'CAIWU-PC-03-2026-11-27-09-00-00',
      manufacturer: 'LENOVO',
      model: 'ThinkCentre M720t',
      osName: 'Microsoft Windows 10 专业版',
      osVersion: '22H2',
      osArch: '64-bit',
      domain: 'CAIWU',
      lastUser: 'wangwei',
      cpu: 'Intel(R) Core(TM) i5-9500 CPU @ 3.00GHz',
      memoryMb: 16234,
    });
    expect(inv.software).toEqual([
      { name: 'WPS Office (11.1.0.14309)', version: '11.1.0.14309', publisher: '珠海金山办公软件有限公司', arch: 'i586', installDate: '2024-04-02', source: 'registry', guid: 'Kingsoft Office', sizeBytes: 1489305600, systemCategory: 'application' },
      { name: '7-Zip 23.01 (x64)', version: '23.01', publisher: null, arch: null, installDate: '2023-07-12', source: 'registry', guid: null, sizeBytes: 5812224, systemCategory: null },
    ]);
  });

  it('returns contact and prolog messages without inventory', () => {
    expect(parseGlpiMessage({ action: 'contact', deviceid: 'pc-1', name: 'GLPI-Agent_v1.12', installed_tasks: ['inventory'] })).toEqual({ action: 'contact', deviceId: 'pc-1' });
    expect(parseGlpiMessage({ action: 'prolog', deviceid: 'pc-1' })).toEqual({ action: 'prolog', deviceId: 'pc-1' });
  });

  it('treats a missing itemtype as a computer and a partial without softwares as leaving software alone', () => {
    const { itemtype: _, ...msg } = wpsDesktop();
    const partial = { ...msg, partial: true, content: { versionclient: 'GLPI-Agent_v1.12', hardware: msg.content.hardware, cpus: msg.content.cpus } };
    const inv = parseGlpiMessage(partial).inventory!;
    expect(inv).toMatchObject({ partial: true, softwareIncluded: false, software: [] });
    expect(inv.hardware.cpu).toBe('Intel(R) Core(TM) i5-9500 CPU @ 3.00GHz');
  });

  it.each([
    ['Printer', 'itemtype-unsupported: only computer inventories are accepted, not Printer'],
    ['NetworkEquipment', 'itemtype-unsupported: only computer inventories are accepted, not NetworkEquipment'],
    ['Phone', 'itemtype-unsupported: only computer inventories are accepted, not Phone'],
    ['Unmanaged', 'itemtype-unsupported: only computer inventories are accepted, not Unmanaged'],
  ])('refuses itemtype %s', (itemtype, expected) => {
    expect(reason(() => parseGlpiMessage({ ...wpsDesktop(), itemtype }))).toBe(expected);
  });

  it('refuses bad shapes with the JSON path', () => {
    const bad = (patch: (m: ReturnType<typeof wpsDesktop>) => unknown) => {
      const m = wpsDesktop();
      return reason(() => parseGlpiMessage(patch(m) ?? m));
    };
    expect(bad((m) => void ((m.content.softwares[1] as { name: unknown }).name = 42))).toBe('glpi-invalid: content.softwares[1].name: Invalid input: expected string, received number');
    expect(bad((m) => void ((m.content.hardware as { memory: unknown }).memory = { mb: 1 }))).toMatch(/^glpi-invalid: content\.hardware\.memory: /);
    expect(bad((m) => void ((m.content as { networks: unknown }).networks = 'eth0'))).toMatch(/^glpi-invalid: content\.networks: /);
    expect(bad((m) => ({ ...m, deviceid: undefined }))).toMatch(/^glpi-invalid: deviceid: /);
    expect(bad((m) => ({ ...m, content: undefined }))).toBe('glpi-invalid: content: required for an inventory');
    expect(reason(() => parseGlpiMessage([wpsDesktop()]))).toBe('glpi-invalid: (root): expected a JSON object');
    expect(reason(() => parseGlpiMessage(null))).toBe('glpi-invalid: (root): expected a JSON object');
  });
});

describe('parseGlpiJson', () => {
  it('decodes UTF-8 with BOM', () => {
    const buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(wpsDesktop()))]);
    expect(parseGlpiJson(buf).inventory!.software).toHaveLength(2);
  });

  it('refuses malformed JSON, truncated bodies and invalid UTF-8', () => {
    const text = JSON.stringify(wpsDesktop());
    expect(reason(() => parseGlpiJson(text.slice(0, 200)))).toMatch(/^json-malformed: /);
    expect(reason(() => parseGlpiJson(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d])))).toBe('json-encoding-invalid: the body is not valid UTF-8');
  });

  it('survives 100,000 levels of nesting in content it does not use', () => {
    const deep = `{"deviceid":"d","content":{"versionclient":"x","junk":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    expect(parseGlpiJson(deep).inventory!.softwareIncluded).toBe(false);
  });
});

const EXAMPLES = 'glpi-inventory-format/examples';

/** Read from the files themselves. */
const COMPUTERS: Record<string, { hostname: string; serial: string; software: number; partial: boolean }> = {
  'computer_1.json': { hostname: 'glpixps', serial: '640HP72', software: 6, partial: false },
  'computer_1_partial_batteries.json': { hostname: 'glpixps', serial: '640HP72', software: 0, partial: true },
  'computer_1_partial_cpu.json': { hostname: 'glpixps', serial: '640HP72', software: 0, partial: true },
  'computer_1_partial_memory.json': { hostname: 'glpixps', serial: '640HP72', software: 0, partial: true },
  'computer_1_partial_softs.json': { hostname: 'glpixps', serial: '640HP72', software: 6, partial: true },
  'computer_1_partial_volumes.json': { hostname: 'glpixps', serial: '640HP72', software: 0, partial: true },
  'computer_2.json': { hostname: 'COMP1', serial: '2FAGP34', software: 0, partial: false },
  'computer_2_partial_dbs.json': { hostname: 'COMP1', serial: '2FAGP34', software: 0, partial: true },
  'computer_2_partial_vms.json': { hostname: 'COMP1', serial: '2FAGP34', software: 0, partial: true },
  'computer_3.json': { hostname: 'LF014', serial: '8C554721F', software: 3033, partial: false },
  'computer_3_updated.json': { hostname: 'LF014', serial: '8C554721F', software: 3184, partial: false },
};

describe.skipIf(!hasSharedData(EXAMPLES))('examples of glpi-project/inventory_format', () => {
  const read = (f: string) => fs.readFileSync(`${sharedData(EXAMPLES)}/${f}`);

  it.each(Object.entries(COMPUTERS))('%s', (file, want) => {
    const m = parseGlpiJson(read(file));
    const inv = m.inventory!;
    expect(inv.hardware).toMatchObject({ hostname: want.hostname, serial: want.serial });
    expect(inv.software).toHaveLength(want.software);
    expect(inv.partial).toBe(want.partial);
    expect(inv.softwareIncluded).toBe(want.software > 0);
  });

  it('maps computer_1.json in detail', () => {
    const inv = parseGlpiJson(read('computer_1.json')).inventory!;
    expect(inv).toMatchObject({ tag: '000005', agent: 'FusionInventory-Agent_v2.5.2-1.fc31' });
    expect(inv.hardware).toMatchObject({ uuid: '4c4c4544-0034-3010-8048-b6c04f503732', macs: ['00:e0:4c:68:01:db', '44:85:00:2b:90:bc'], osArch: 'x86_64', memoryMb: 7800, manufacturer: 'Dell Inc.' });
    expect(inv.software[0]).toEqual({ name: 'gitg', version: '3.32.1-1.fc31', publisher: 'Fedora Project', arch: 'x86_64', installDate: '2019-12-19', source: 'rpm', guid: null, sizeBytes: 2335956, systemCategory: 'Unspecified' });
  });

  it.each(['networkequipment_1.json', 'networkequipment_2.json', 'networkequipment_3.json', 'networkequipment_4.json', 'networkequipment_5.json', 'printer_1.json', 'printer_2.json', 'printer_3.json', 'phone_1.json'])(
    '%s is refused as itemtype-unsupported',
    (file) => {
      expect(reason(() => parseGlpiJson(read(file)))).toMatch(/^itemtype-unsupported: /);
    },
  );

  it('covers every example', () => {
    expect(fs.readdirSync(sharedData(EXAMPLES)).filter((f) => f.endsWith('.json')).length).toBe(Object.keys(COMPUTERS).length + 9);
  });
});
