import { describe, expect, it } from 'vitest';
import { toCsv, writeXlsx } from '../../files/tabular.ts';
import { InventoryParseError } from '../inventory.types.ts';
import { dedupeSoftware, storedInstall } from '../inventory.rules.ts';
import { inventoriesFromRows, packedSoftware, packTableForImport, parseInventoryTable, TABLE_HEADERS, templateRows, type StreamedTitle } from './table.parser.ts';
import { fixture } from './test-data.ts';

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InventoryParseError) return e.reason;
    throw e;
  }
  return 'no error';
}

describe('the import template', () => {
  it('has the Chinese headers in order and example rows that import cleanly', async () => {
    expect(TABLE_HEADERS).toEqual(['计算机名称', '硬件UUID', 'BIOS序列号', 'MAC地址', '操作系统', '操作系统版本', '软件名称', '软件版本', '发行商', '安装日期', '架构']);
    const rows = templateRows();
    expect(rows[0]).toEqual([...TABLE_HEADERS]);
    const { inventories, errors } = await parseInventoryTable(Buffer.from(toCsv(rows)), { filename: 'template.csv' });
    expect(errors).toEqual([]);
    expect(inventories).toHaveLength(1);
    // The operating system column is one install of the computer, besides its software rows.
    expect(inventories[0]!.software.map((s) => [s.name, s.source])).toEqual([
      ['Windows 10 专业版', 'os'],
      ['WPS Office', null],
      ['Microsoft Office 专业增强版 2019', null],
    ]);
  });
});

describe('parseInventoryTable', () => {
  it('groups rows by device (UUID, else serial, else name) and reports bad rows', async () => {
    const { inventories, errors } = await parseInventoryTable(fixture('table-template.csv'), { filename: 'devices.csv' });
    expect(inventories.map((i) => i.hardware.hostname)).toEqual(['PC-CW-001', 'PC-CW-002', 'PC-CW-003']);
    const [a, b, c] = inventories;
    expect(a).toMatchObject({ format: 'table', partial: false, softwareIncluded: true, agent: null });
    expect(a!.hardware).toMatchObject({ uuid: '4C4C4544-0034-3010-8048-B6C04F503732', serial: '640HP72', macs: ['00:e0:4c:68:01:db', '44:85:00:2b:90:bc'], osName: 'Windows 10 专业版', osVersion: '10.0.19045' });
    expect(a!.software).toEqual([
      { name: 'Windows 10 专业版', version: '10.0.19045', publisher: null, arch: null, installDate: null, source: 'os', guid: null, sizeBytes: null, systemCategory: null },
      { name: 'WPS Office', version: '11.1.0.14309', publisher: '珠海金山办公软件有限公司', arch: 'x64', installDate: '2024-03-18', source: null, guid: null, sizeBytes: null, systemCategory: null },
      { name: 'Microsoft Office 专业增强版 2019', version: '16.0.10827.20138', publisher: 'Microsoft Corporation', arch: 'x64', installDate: '2023-11-02', source: null, guid: null, sizeBytes: null, systemCategory: null },
    ]);
    // Placeholder UUID and serial: the device is known by its name; an Excel serial date is read.
    expect(b!.hardware).toMatchObject({ uuid: null, serial: null, osName: '统信UOS' });
    expect(b!.software.map((s) => [s.name, s.installDate])).toEqual([
      ['统信UOS', null],
      ['金山词霸', null],
      ['永中Office', '2024-03-20'],
    ]);
    expect(c!.software).toEqual([]);
    expect(errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [4, 'MAC地址', 'invalid-mac'],
      [4, '安装日期', 'invalid-date'],
      [6, null, 'identity-missing'],
      [7, '软件名称', 'name-missing'],
    ]);
    expect(errors[0]!.message).toBe('MAC地址格式不正确：not-a-mac / Invalid MAC address: not-a-mac');
  });

  it('reads a GBK CSV (Excel on Chinese Windows) like the UTF-8 one', async () => {
    const utf8 = await parseInventoryTable(fixture('table-template.csv'), { filename: 'a.csv' });
    const gbk = await parseInventoryTable(fixture('table-template-gbk.csv'), { filename: 'a.csv' });
    expect(gbk).toEqual(utf8);
  });

  it('reads XLSX, and English headers', async () => {
    const rows = [
      ['hostname', 'Serial Number', 'Software Name', 'Version', 'Install Date'],
      ['pc-9', 'SN-9', 'LibreOffice', '7.6', '2024-01-05'],
    ];
    const xlsx = await writeXlsx(
      'Sheet1',
      rows[0]!.map((h, i) => ({ header: h, value: (r: string[]) => r[i] ?? null })),
      [rows.slice(1)],
    );
    const { inventories, errors } = await parseInventoryTable(xlsx, { filename: 'x.xlsx' });
    expect(errors).toEqual([]);
    expect(inventories[0]!.hardware).toMatchObject({ hostname: 'pc-9', serial: 'SN-9' });
    expect(inventories[0]!.software[0]).toMatchObject({ name: 'LibreOffice', version: '7.6', installDate: '2024-01-05' });
  });

  it('refuses sheets without the template columns, unreadable files and too many rows', async () => {
    expect(await reason(parseInventoryTable(Buffer.from('a,b\n1,2\n'), { filename: 'x.csv' }))).toBe('table-headers-missing');
    expect(await reason(parseInventoryTable(Buffer.from('PK\u0003\u0004 not a zip'), { filename: 'x.xlsx' }))).toBe('table-unreadable');
    const many = toCsv([[...TABLE_HEADERS], ...Array.from({ length: 20 }, (_, i) => [`pc-${i}`, '', '', '', '', '', 'x', '', '', '', ''])]);
    expect(await reason(parseInventoryTable(Buffer.from(many), { filename: 'x.csv', maxRows: 10 }))).toBe('table-too-large');
    expect(await reason(parseInventoryTable(Buffer.from([0xff, 0xff, 0x2c, 0x0a]), { filename: 'x.csv' }))).toBe('table-unreadable');
  });

  it('reports a bad cell on every row that repeats it, and reads a repeated MAC cell for each computer', () => {
    const row = (host: string, mac: string, date: string, name: string) => ({ values: [host, mac, name, date] });
    const r = inventoriesFromRows({
      headers: ['计算机名称', 'MAC地址', '软件名称', '安装日期'],
      rows: [row('A', 'bad-mac', 'someday', 'x'), row('A', 'bad-mac', 'someday', 'y'), row('A', '00:E0:4C:68:01:DB', '2024-03-18', 'z'), row('B', '00:E0:4C:68:01:DB', '2024-03-18', 'x')].map((r, i) => ({ row: i + 2, ...r })),
    });
    expect(r.errors.map((e) => [e.row, e.code])).toEqual([
      [2, 'invalid-mac'],
      [2, 'invalid-date'],
      [3, 'invalid-mac'],
      [3, 'invalid-date'],
    ]);
    expect(r.inventories.map((i) => i.hardware.macs)).toEqual([['00:e0:4c:68:01:db'], ['00:e0:4c:68:01:db']]);
    expect(r.inventories[0]!.software.map((s) => s.installDate)).toEqual([null, null, '2024-03-18']);
  });

  it('is a pure function of the rows', () => {
    const r = inventoriesFromRows({
      headers: ['计算机名称', '软件名称'],
      rows: [
        { row: 2, values: ['A', 'x'] },
        { row: 3, values: ['a', 'y'] },
      ],
    });
    expect(r.inventories).toHaveLength(1);
    expect(r.inventories[0]!.software.map((s) => s.name)).toEqual(['x', 'y']);
  });

  it('packs a computer\'s rows: the same inventory, and its software keyed as ingestion keys it', async () => {
    const sw = (host: string, name: string, version: string, arch = '', date = '') => [host, '', `SN-${host}`, '', 'Debian 12', '', name, version, 'Example Co.', date, arch];
    const rows = [
      sw('A', 'WPS Office', '11.1', 'x64', '2024-03-18'),
      sw('B', 'WPS Office', '11.1', 'x64'),
      sw('A', 'wps office', '11.1', 'X64', '2024-01-01'), // another spelling of the same title: counted once, the first one kept
      sw('A', 'libc6:amd64', '2.36'),
      sw('A', 'libc6', '2.36', 'amd64'), // the multi-arch name split: the same title again
      sw('B', 'binutils:i386', '2.40', 'x86'),
      sw('A', 'X'.repeat(600), '1'),
      sw('B', 'WPS Office', '11.2', 'x64'),
      sw('A', 'WPS Office', '11.1', 'x64', '2020-01-01'), // listed twice
    ];
    const file = Buffer.from(toCsv([[...TABLE_HEADERS], ...rows]));
    const plain = await parseInventoryTable(file, { filename: 'x.csv' });
    const titles: StreamedTitle[] = [];
    const packed = await packTableForImport(file, { filename: 'x.csv' }, (t) => titles.push(...t));
    expect(packed.errors).toEqual(plain.errors);
    expect(packed.computers.map((c) => c.head)).toEqual(plain.inventories.map((inv) => ({ ...inv, software: [] })));
    expect(packed.computers.map((c) => c.softwareRows)).toEqual([6, 3]);
    for (const [i, c] of packed.computers.entries()) {
      const keyed = dedupeSoftware(plain.inventories[i]!.software);
      expect(packedSoftware(c, titles)).toEqual(keyed);
      expect(JSON.parse(c.installs)).toEqual(keyed.map((s) => storedInstall(s, null)));
    }
    // The operating system column first (not a row: softwareRows above leaves it out), then the rows.
    expect(packedSoftware(packed.computers[0]!, titles).map((s) => [s.name.slice(0, 10), s.name.length, s.arch, s.installDate, s.source])).toEqual([
      ['Debian 12', 9, null, null, 'os'],
      ['WPS Office', 10, 'x64', '2024-03-18', null],
      ['libc6', 5, 'amd64', null, null],
      ['XXXXXXXXXX', 500, null, null, null],
    ]);
    expect(packedSoftware(packed.computers[1]!, titles).filter((s) => s.source === 'os').map((s) => s.name)).toEqual(['Debian 12']);
    // Every spelling is handed over once, in the order the sheet names them; one per key is the key's first.
    expect(titles.map((t) => [t.name.slice(0, 12), t.version, t.arch, t.first])).toEqual([
      ['Debian 12', null, null, true],
      ['WPS Office', '11.1', 'x64', true],
      ['wps office', '11.1', 'X64', false],
      ['libc6', '2.36', 'amd64', true],
      ['libc6', '2.36', 'amd64', false],
      ['binutils', '2.40', 'x86', true],
      ['XXXXXXXXXXXX', '1', null, true],
      ['WPS Office', '11.2', 'x64', true],
    ]);
    expect(new Set(titles.filter((t) => t.first).map((t) => t.key)).size).toBe(new Set(titles.map((t) => t.key)).size);
    expect(titles.every((t) => t.osName === 'Debian 12')).toBe(true);
  });

  it('adds the operating system column as one item of each computer, which is not a software row', async () => {
    const sw = (host: string, os: string, version: string, name: string) => [host, '', `SN-${host}`, '', os, version, name, '1.0', '', '', ''];
    const rows = [
      sw('A', '银河麒麟桌面操作系统 V10', 'SP1', 'WPS Office'),
      sw('B', '', '', 'vim'), // the system named on a later row of the computer
      sw('A', '银河麒麟桌面操作系统 V10', 'SP1', '永中Office'),
      sw('B', '统信UOS', '20', 'curl'),
      sw('C', '', '', 'vim'),
      sw('A', '银河麒麟桌面操作系统 V10', 'SP1', 'WPS Office'),
      sw('D', 'Windows 10 专业版', '', 'vim'),
      sw('D', '', '10.0.19045', 'curl'), // the system's version on a later row than its name
    ];
    const file = Buffer.from(toCsv([[...TABLE_HEADERS], ...rows]));
    const plain = await parseInventoryTable(file, { filename: 'x.csv' });
    expect(plain.errors).toEqual([]);
    expect(plain.inventories.map((i) => i.software.map((s) => `${s.name}${s.source === 'os' ? ` ${s.version} (os)` : ''}`))).toEqual([
      ['银河麒麟桌面操作系统 V10 SP1 (os)', 'WPS Office', '永中Office', 'WPS Office'],
      ['vim', '统信UOS 20 (os)', 'curl'],
      ['vim'],
      ['Windows 10 专业版 10.0.19045 (os)', 'vim', 'curl'],
    ]);
    // Packed as ingestion keys it, the same items, and softwareRows counts the sheet's rows only.
    const titles: StreamedTitle[] = [];
    const packed = await packTableForImport(file, { filename: 'x.csv' }, (t) => titles.push(...t));
    expect(packed.computers.map((c) => c.softwareRows)).toEqual([3, 2, 1, 2]);
    for (const [i, c] of packed.computers.entries()) expect(packedSoftware(c, titles)).toEqual(dedupeSoftware(plain.inventories[i]!.software));
    expect(packedSoftware(packed.computers[0]!, titles).map((s) => [s.name, s.source])).toEqual([
      ['银河麒麟桌面操作系统 V10', 'os'],
      ['WPS Office', null],
      ['永中Office', null],
    ]);
  });

  it('takes a row that lists the system itself as the system (no second install of it)', async () => {
    const sw = (name: string, version: string) => ['PC', '', 'SN-PC', '', 'Windows 10 专业版', '10.0.19045', name, version, '', '', ''];
    // The system named by a row (with a leading Microsoft, in another case), and a row that repeats the column exactly.
    for (const rows of [[sw('WPS Office', '12.1'), sw('MICROSOFT Windows 10 专业版', '10.0')], [sw('Windows 10 专业版', '10.0.19045'), sw('WPS Office', '12.1')]]) {
      const file = Buffer.from(toCsv([[...TABLE_HEADERS], ...rows]));
      const plain = await parseInventoryTable(file, { filename: 'x.csv' });
      const names = plain.inventories[0]!.software.map((x) => `${x.name} ${x.source}`);
      expect(names.filter((n) => /windows/i.test(n))).toHaveLength(1);
      expect(names.some((n) => n.endsWith(' os'))).toBe(false);
      const titles: StreamedTitle[] = [];
      const packed = await packTableForImport(file, { filename: 'x.csv' }, (t) => titles.push(...t));
      expect(packed.computers[0]!.softwareRows).toBe(2);
      expect(packedSoftware(packed.computers[0]!, titles)).toEqual(dedupeSoftware(plain.inventories[0]!.software));
      expect(packedSoftware(packed.computers[0]!, titles)).toHaveLength(2);
    }
  });

  it('packs the same computers again from the same sheet (the marks of one packing do not leak into the next)', async () => {
    const file = Buffer.from(toCsv([...templateRows(), templateRows()[1]!]));
    const once = await packTableForImport(file, {}, () => {});
    const again = await packTableForImport(file, {}, () => {});
    expect(again).toEqual(once);
    expect(once.computers[0]!.softwareRows).toBe(3);
    // Two distinct rows' titles and the operating system's.
    expect(once.computers[0]!.titles).toHaveLength(3);
  });
});
