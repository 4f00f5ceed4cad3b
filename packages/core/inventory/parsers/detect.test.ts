import fs from 'node:fs';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InventoryParseError } from '../inventory.types.ts';
import { parseInventoryFile } from './detect.ts';
import { swidTagsToInventory } from './swid.parser.ts';
import { packedSoftware, TABLE_HEADERS, templateRows, type StreamedTitle } from './table.parser.ts';
import { writeXlsx } from '../../files/tabular.ts';
import { packTableOnWorker } from './table-worker-pool.ts';
import { dedupeSoftware } from '../inventory.rules.ts';
import { fixture, hasSharedData, sharedData } from './test-data.ts';

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InventoryParseError) return e.reason;
    throw e;
  }
  return 'no error';
}

const glpi = JSON.stringify({ action: 'inventory', deviceid: 'pc-1', content: { hardware: { name: 'pc-1' }, softwares: [{ name: 'WPS Office' }] } });

describe('parseInventoryFile', () => {
  it('recognises each format by content', async () => {
    expect(await parseInventoryFile(fixture('fusion-agent-debian12.xml'), 'pc.ocs')).toMatchObject({ format: 'ocs-xml', errors: [] });
    expect(await parseInventoryFile(fixture('ocs-windows-gbk.xml'), 'export.xml')).toMatchObject({ format: 'ocs-xml' });
    expect(await parseInventoryFile(Buffer.from(glpi), 'pc.json')).toMatchObject({ format: 'glpi-json', inventories: [{ hardware: { hostname: 'pc-1' } }] });
    expect(await parseInventoryFile(fixture('swid-wps-primary.swidtag'), 'wps.xml')).toMatchObject({ format: 'swid', inventories: [{ software: [{ guid: 'cn.wps.office-2019-pro-11.8.2.12085' }] }] });
    expect(await parseInventoryFile(fixture('table-template.csv'), 'devices.csv')).toMatchObject({ format: 'table' });
    expect((await parseInventoryFile(fixture('table-template.csv'), 'no-extension')).format).toBe('table');
  });

  it('reads a sheet on a thread of its own when asked: the same computers, titles and errors as on this thread', async () => {
    const plain = await parseInventoryFile(fixture('table-template.csv'), 'devices.csv');
    const read = async (minWorkerBytes: number) => {
      const titles: StreamedTitle[] = [];
      const parsed = await parseInventoryFile(fixture('table-template.csv'), 'devices.csv', { streamTables: { onTitles: (t) => titles.push(...t), minWorkerBytes } });
      return { parsed, titles };
    };
    const here = await read(Number.POSITIVE_INFINITY);
    const there = await read(0);
    expect(there).toEqual(here);
    expect(here.parsed).toMatchObject({ format: 'table', inventories: [], errors: plain.errors });
    expect(here.parsed.packedComputers!.map((c) => ({ ...c.head, software: packedSoftware(c, here.titles) }))).toEqual(plain.inventories.map((inv) => ({ ...inv, software: dedupeSoftware(inv.software) })));
    // A sheet the thread cannot read fails as it would here.
    const noHeaders = Buffer.from('a,b\n1,2\n');
    expect(await reason(parseInventoryFile(noHeaders, 'x.csv', { streamTables: { onTitles: () => {}, minWorkerBytes: 0 } }))).toBe('table-headers-missing');
    // A workbook too (exceljs is loaded on that thread when first needed).
    const xlsx = await writeXlsx('Sheet1', [...TABLE_HEADERS].map((h, i) => ({ header: h, value: (r: string[]) => r[i] ?? null })), [templateRows().slice(1)]);
    const fromXlsx = await parseInventoryFile(xlsx, 'devices.xlsx', { streamTables: { onTitles: () => {}, minWorkerBytes: 0 } });
    expect(fromXlsx.packedComputers!.map((c) => [c.head.hardware.hostname, c.softwareRows])).toEqual([['PC-CW-001', 2]]);
    // A sheet that needs more memory than its thread may have fails as too large; this thread carries on.
    const rows = ['计算机名称,软件名称,软件版本'];
    for (let i = 0; i < 400_000; i++) rows.push(`PC-${i % 5000},Software ${i},1.${i}`);
    expect(await reason(packTableOnWorker(Buffer.from(rows.join('\n')), { filename: 'big.csv', maxRows: 1e7, minBytes: 0, maxHeapMb: 16 }, () => {}))).toBe('table-too-large');
    // Only sheets are streamed.
    expect((await parseInventoryFile(fixture('fusion-agent-debian12.xml'), 'pc.ocs', { streamTables: { onTitles: () => {}, minWorkerBytes: 0 } })).inventories).toHaveLength(1);
  });

  it('inflates zlib- and gzip-compressed files', async () => {
    const ocs = await parseInventoryFile(zlib.deflateSync(fixture('ocs-agent-debian12.xml')), 'pc.ocs.z');
    expect(ocs.inventories[0]!.software).toHaveLength(5);
    expect((await parseInventoryFile(zlib.gzipSync(Buffer.from(glpi)), 'pc.json.gz')).format).toBe('glpi-json');
  });

  it('reports files that carry no inventory instead of failing', async () => {
    expect(await parseInventoryFile(fixture('ocs-prolog.xml'), 'prolog.xml')).toEqual({ format: 'ocs-xml', inventories: [], errors: [{ row: null, field: null, code: 'no-inventory', message: 'PROLOG request from zb-desktop-07-2026-11-27-10-40-36 carries no inventory' }] });
    expect((await parseInventoryFile(Buffer.from('{"action":"contact","deviceid":"pc-1"}'), 'c.json')).errors[0]!.code).toBe('no-inventory');
    const sup = await parseInventoryFile(fixture('swid-wps-supplemental.swidtag'), 'sup.swidtag');
    expect(sup.inventories).toEqual([]);
    expect(sup.errors.map((e) => e.code)).toEqual(['swid-unresolved']);
    const corpus = await parseInventoryFile(fixture('swid-corpus.swidtag'), 'setup.swidtag');
    expect(corpus.errors.map((e) => e.code)).toEqual(['swid-corpus']);
  });

  it('hands SWID tags back so several files can be merged', async () => {
    const files = ['swid-wps-primary.swidtag', 'swid-wps-supplemental.swidtag', 'swid-wps-patch.swidtag'];
    const parsed = await Promise.all(files.map((f) => parseInventoryFile(fixture(f), f)));
    const { inventory, merge } = swidTagsToInventory(parsed.map((p) => p.swidTag!));
    expect(inventory.software).toHaveLength(1);
    expect(merge.products[0]!.patches).toHaveLength(1);
  });

  it('refuses what it cannot read', async () => {
    expect(await reason(parseInventoryFile(Buffer.alloc(0), 'empty.xml'))).toBe('file-empty');
    expect(await reason(parseInventoryFile(Buffer.from('<html><body/></html>'), 'page.xml'))).toBe('format-unknown');
    expect(await reason(parseInventoryFile(Buffer.from('hello'), 'x.json'))).toBe('format-unknown');
    expect(await reason(parseInventoryFile(Buffer.from('{"deviceid":'), 'x.json'))).toBe('json-malformed');
    expect(await reason(parseInventoryFile(Buffer.from('[{"deviceid":'), 'x.json'))).toBe('json-malformed');
    expect(await reason(parseInventoryFile(Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><REQUEST/>'), 'x.xml'))).toBe('xml-entities-forbidden');
    expect(await reason(parseInventoryFile(fixture('swid-no-namespace.swidtag'), 'x.swidtag'))).toBe('swid-missing-namespace');
    expect(await reason(parseInventoryFile(zlib.deflateSync(Buffer.alloc(8 << 20)), 'bomb.ocs', { maxInflatedBytes: 1 << 20 }))).toBe('body-too-large-inflated');
  });
});

describe.skipIf(!hasSharedData('glpi-inventory-format') || !hasSharedData('swid'))('reference files', () => {
  it('sends each to the right parser', async () => {
    const read = (p: string) => fs.readFileSync(sharedData(p));
    expect((await parseInventoryFile(read('glpi-inventory-format/legacy-xml/1.xml'), '1.xml')).format).toBe('ocs-xml');
    expect((await parseInventoryFile(read('glpi-inventory-format/examples/computer_3.json'), 'c.json')).inventories[0]!.software).toHaveLength(3033);
    expect((await parseInventoryFile(read('swid/rpm2swidtag/valid/distro.swidtag'), 'distro.swidtag')).format).toBe('swid');
    expect(await reason(parseInventoryFile(read('swid/rpm2swidtag/invalid/wrong-root.xml'), 'wrong-root.xml'))).toBe('swid-wrong-root');
    expect(await reason(parseInventoryFile(read('glpi-inventory-format/examples/printer_1.json'), 'p.json'))).toBe('itemtype-unsupported');
  });
});
