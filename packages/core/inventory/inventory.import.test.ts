import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { buildInventory, buildSoftware } from '../../../test/inventory-builders.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { toCsv } from '../files/tabular.ts';
import { buildResultFile, serializeResultFile, signResultFile } from '../scan/result-file.ts';
import { generateSigningKey } from '../scan/keys.ts';
import { createServices, type Services } from '../services.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { IMPORT_RECORD_FORMAT } from './inventory.import.ts';
import { TABLE_HEADERS } from './parsers/table.parser.ts';

const swidTag = (tagId: string, name: string, version: string) =>
  Buffer.from(`<?xml version="1.0" encoding="utf-8"?>
<SoftwareIdentity xmlns="http://standards.iso.org/iso/19770/-2/2015/schema.xsd" name="${name}" tagId="${tagId}" version="${version}" versionScheme="multipartnumeric">
  <Entity name="Example Software Co." regid="example.com" role="tagCreator softwareCreator"/>
</SoftwareIdentity>`);

describe.each(testDialects())('inventory file import on %s', (dialect) => {
  let s: Services;
  let orgId: string;
  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
    orgId = (await createOrg(s)).id;
  });
  afterAll(async () => s.database.close());

  it('imports the CSV template (device × software rows); re-importing changes nothing', async () => {
    const rows = [
      ['PC-CW-001', '4C4C4544-0034-3010-8048-B6C04F503732', '640HP72', '00:E0:4C:68:01:DB', 'Windows 10 专业版', '10.0.19045', 'WPS Office', '11.1.0.14309', '珠海金山办公软件有限公司', '2024-03-18', 'x64'],
      ['PC-CW-001', '4C4C4544-0034-3010-8048-B6C04F503732', '640HP72', '00:E0:4C:68:01:DB', 'Windows 10 专业版', '10.0.19045', 'Microsoft Office 专业增强版 2019', '16.0.10827.20138', 'Microsoft Corporation', '2023-11-02', 'x64'],
      ['PC-CW-002', '', '', '', 'Windows 11 专业版', '10.0.22631', '7-Zip 23.01 (x64)', '23.01', 'Igor Pavlov', '', 'x64'],
    ];
    const file = { name: '清单.csv', content: Buffer.from(toCsv([[...TABLE_HEADERS], ...rows])) };
    const dry = await s.inventoryImporter.import(SYSTEM_ACTOR, orgId, [file], { dryRun: true });
    expect(dry).toMatchObject({ inventories: 2, softwareRows: 3, devicesCreated: 2, devicesUpdated: 0, dryRun: true });
    const first = await s.inventoryImporter.import(SYSTEM_ACTOR, orgId, [file], { dryRun: false });
    expect(first).toMatchObject({ inventories: 2, devicesCreated: 2, devicesUpdated: 0, errors: [] });
    const again = await s.inventoryImporter.import(SYSTEM_ACTOR, orgId, [file], { dryRun: false });
    expect(again).toMatchObject({ devicesCreated: 0, devicesUpdated: 2 });
    const { items } = await s.devices.list(SYSTEM_ACTOR, { page: 1, pageSize: 10, orgId, status: 'active', q: 'PC-CW' });
    // Each computer's software rows and its operating system.
    expect(items.map((d) => `${d.name}:${d.softwareCount}`).sort()).toEqual(['PC-CW-001:3', 'PC-CW-002:2']);
    const os = async (id: string) => (await s.devices.software(SYSTEM_ACTOR, orgId, id, { page: 1, pageSize: 10 })).items.filter((x) => x.source === 'os').map((x) => `${x.name} ${x.version}`);
    expect(await Promise.all(items.sort((a, b) => a.name!.localeCompare(b.name!)).map((d) => os(d.id)))).toEqual([['Windows 10 专业版 10.0.19045'], ['Windows 11 专业版 10.0.22631']]);
    for (const d of items) expect((await s.devices.history(SYSTEM_ACTOR, orgId, d.id, { page: 1, pageSize: 10 })).total).toBe(0);
  });

  it("stores each computer's record as a pointer into the kept file, which holds every row", async () => {
    const rows = [
      ['PC-REF-1', '', 'REF-1', '', 'Windows 10 专业版', '', 'WPS Office', '11.1', '', '', 'x64'],
      ['PC-REF-2', '', 'REF-2', '', 'Windows 10 专业版', '', 'WPS Office', '11.1', '', '', 'x64'],
      ['PC-REF-1', '', 'REF-1', '', 'Windows 10 专业版', '', 'WPS Office', '11.1', '', '', 'x64'],
    ];
    const content = Buffer.from(toCsv([[...TABLE_HEADERS], ...rows]));
    await s.inventoryImporter.import(SYSTEM_ACTOR, orgId, [{ name: 'ref.csv', content }], { dryRun: false });
    const d = (await s.devices.list(SYSTEM_ACTOR, { page: 1, pageSize: 5, orgId, status: 'active', q: 'PC-REF-1' })).items[0]!;
    expect(d.softwareCount).toBe(2); // WPS Office (listed twice) and Windows
    const repos = repositories(s.database.db);
    const sub = (await s.devices.submissions(SYSTEM_ACTOR, orgId, { page: 1, pageSize: 5 }, d.id)).items[0]!;
    expect(sub).toMatchObject({ channel: 'import', format: IMPORT_RECORD_FORMAT, status: 'processed', softwareCount: 2 });
    const row = (await repos.inventory.findInventory(orgId, sub.id))!;
    // A small record is stored as it is (identity), a larger one gzipped.
    const record = JSON.parse((row.encoding === 'gzip' ? gunzipSync(row.raw) : Buffer.from(row.raw)).toString('utf8'));
    expect(row.encoding).toBe('identity');
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(record).toMatchObject({ files: [{ filename: 'ref.csv', sha256 }], format: 'table', hardware: { hostname: 'PC-REF-1', serial: 'REF-1' }, softwareRows: 2 });
    const upload = (await repos.uploads.findById(record.files[0].upload))!;
    expect(upload).toMatchObject({ org_id: orgId, kind: 'inventory-import', sha256 });
    expect(gunzipSync(upload.content_gz).equals(content)).toBe(true);
  });

  it('tells compliance once per import, the changed products of all its computers merged', async () => {
    const org = (await createOrg(s)).id;
    const rows = [
      ['PC-M-001', '', 'SNM001', '', 'Windows 10 专业版', '10.0.19045', 'Microsoft Office 专业增强版 2019', '16.0.10827.20138', 'Microsoft Corporation', '', 'x64'],
      ['PC-M-002', '', 'SNM002', '', 'Windows 10 专业版', '10.0.19045', 'Adobe Acrobat DC (64-bit)', '23.001.20093', 'Adobe Systems Incorporated', '', 'x64'],
      ['PC-M-003', '', 'SNM003', '', 'Windows 10 专业版', '10.0.19045', '7-Zip 23.01 (x64)', '23.01', 'Igor Pavlov', '', 'x64'],
    ];
    const told: { orgId: string; products: string[] }[] = [];
    const onChanged = s.inventory.onChanged;
    s.inventory.onChanged = (o, r) => {
      told.push({ orgId: o, products: r.licensedChanged });
      onChanged?.(o, r);
    };
    try {
      const r = await s.inventoryImporter.import(SYSTEM_ACTOR, org, [{ name: 'm.csv', content: Buffer.from(toCsv([[...TABLE_HEADERS], ...rows])) }], { dryRun: false });
      expect(r).toMatchObject({ devicesCreated: 3, errors: [] });
    } finally {
      s.inventory.onChanged = onChanged;
    }
    expect(told).toHaveLength(1);
    expect(told[0]!.orgId).toBe(org);
    expect(told[0]!.products.length).toBeGreaterThanOrEqual(2);
    expect(told[0]!.products).toEqual([...told[0]!.products].sort());
  });

  it('imports in batches: a computer matching an earlier one of the same file updates its device; progress is told per computer', async () => {
    const rows = [
      ['PC-BT-1', 'bt-uuid-1', 'BT-SN-1', '', 'Windows 10 专业版', '', 'WPS Office', '11.1', '', '', 'x64'],
      ['PC-BT-2', 'bt-uuid-2', 'BT-SN-2', '', 'Windows 10 专业版', '', '7-Zip 23.01 (x64)', '23.01', 'Igor Pavlov', '', 'x64'],
      // the first machine again, reinstalled (new UUID, same serial)
      ['PC-BT-1', 'bt-uuid-9', 'BT-SN-1', '', 'Windows 10 专业版', '', 'AutoCAD 2020', '23.1', 'Autodesk', '', 'x64'],
    ];
    const progress: string[] = [];
    const r = await s.inventoryImporter.import(SYSTEM_ACTOR, orgId, [{ name: 'bt.csv', content: Buffer.from(toCsv([[...TABLE_HEADERS], ...rows])) }], { dryRun: false, onProgress: (d, t) => progress.push(`${d}/${t}`) });
    expect(r).toMatchObject({ inventories: 3, devicesCreated: 2, devicesUpdated: 1, errors: [] });
    expect(progress).toEqual(['1/3', '2/3', '3/3']);
    const d = (await s.devices.list(SYSTEM_ACTOR, { page: 1, pageSize: 5, orgId, status: 'active', q: 'BT-SN-1' })).items;
    expect(d.map((x) => `${x.name}:${x.softwareCount}`)).toEqual(['PC-BT-1:2']); // AutoCAD and Windows
    expect((await s.devices.history(SYSTEM_ACTOR, orgId, d[0]!.id, { page: 1, pageSize: 10 })).total).toBe(2);
  });

  it('merges SWID tags into one named computer', async () => {
    const files = [
      { name: 'a.swidtag', content: swidTag('example.com-editor-3.1', 'Example Editor', '3.1.0') },
      { name: 'b.swidtag', content: swidTag('example.com-viewer-1.0', 'Example Viewer', '1.0') },
    ];
    const noName = await s.inventoryImporter.import(SYSTEM_ACTOR, orgId, files, { dryRun: false });
    expect(noName.errors.map((e) => e.code)).toEqual(['swid-device-name', 'swid-device-name']);
    expect(noName.inventories).toBe(0);
    const r = await s.inventoryImporter.import(SYSTEM_ACTOR, orgId, files, { dryRun: false, deviceName: 'SWID-HOST' });
    expect(r).toMatchObject({ inventories: 1, devicesCreated: 1, errors: [] });
    const d = (await s.devices.list(SYSTEM_ACTOR, { page: 1, pageSize: 5, orgId, status: 'active', q: 'SWID-HOST' })).items[0]!;
    const sw = await s.devices.software(SYSTEM_ACTOR, orgId, d.id, { page: 1, pageSize: 10 });
    expect(sw.items.map((x) => `${x.name} ${x.version} ${x.publisher}`)).toEqual(['Example Editor 3.1.0 Example Software Co.', 'Example Viewer 1.0 Example Software Co.']);
  });

  it('takes signed scan result files and refuses altered ones', async () => {
    const inventory = { ...buildInventory({ hostname: 'inspected-pc', serial: 'INSP-1' }, [buildSoftware('AutoCAD 2020', '23.1', { source: 'registry' })]), format: 'zb-scan' as const, agent: 'zb-scan/0.1.0' };
    const key = generateSigningKey('inspector');
    const signed = signResultFile(buildResultFile({ platform: 'win32', inventory, collectors: ['registry'], warnings: [] } as never), key);
    const good = await s.inventoryImporter.import(SYSTEM_ACTOR, orgId, [{ name: 'pc.zbscan.json', content: Buffer.from(serializeResultFile(signed)) }], { dryRun: false, requireSignature: true });
    expect(good).toMatchObject({ inventories: 1, devicesCreated: 1, errors: [] });
    const altered = serializeResultFile(signed).replace('AutoCAD 2020', 'AutoCAD 2021');
    const bad = await s.inventoryImporter.import(SYSTEM_ACTOR, orgId, [{ name: 'altered.json', content: Buffer.from(altered) }], { dryRun: false });
    expect(bad.inventories).toBe(0);
    expect(bad.errors[0]).toMatchObject({ file: 'altered.json', code: 'altered' });
    expect(bad.errors[0]!.message).toContain('签名后被修改');
  });

  it('reports unreadable files without stopping the others', async () => {
    const r = await s.inventoryImporter.import(
      SYSTEM_ACTOR,
      orgId,
      [
        { name: 'broken.xml', content: Buffer.from('<REQUEST><CONTENT>') },
        { name: 'evil.xml', content: Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><REQUEST/>') },
        { name: 'ok.csv', content: Buffer.from(toCsv([[...TABLE_HEADERS], ['PC-OK', '', 'OK-1', '', 'Linux', '', 'vim', '9.0', '', '', '']])) },
      ],
      { dryRun: false },
    );
    expect(r.inventories).toBe(1);
    expect(r.errors.map((e) => `${e.file}:${e.code}`)).toEqual(['broken.xml:xml-malformed', 'evil.xml:xml-entities-forbidden']);
  });

  it('stores the same whether a sheet is read on a thread of its own or on this one, and updates devices from either', async () => {
    const [here, there] = [(await createOrg(s)).id, (await createOrg(s)).id];
    const row = (pc: number, name: string, version: string, publisher: string, date: string) => [`PC-T${pc}`, '', `T-${pc}`, '', pc % 2 ? 'Windows 10 专业版' : 'Ubuntu 22.04', '', name, version, publisher, date, 'x64'];
    const rows: string[][] = [];
    for (let pc = 0; pc < 6; pc++) {
      rows.push(row(pc, 'Microsoft Office Professional Plus 2019', '16.0.10827.20138', 'Microsoft Corporation', '2023-11-02'));
      rows.push(row(pc, `Tool ${pc % 3}`, `1.${pc}`, 'Example Co.', pc % 2 ? '2024-01-0' + (pc + 1) : ''));
      rows.push(row(pc, 'WPS Office', '11.1.0.14309', '珠海金山办公软件有限公司', '2024-03-18'));
      rows.push(row(pc, 'WPS Office', '11.1.0.14309', '珠海金山办公软件有限公司', '2020-01-01')); // listed twice: the first row counts
    }
    const file = { name: 'threads.csv', content: Buffer.from(toCsv([[...TABLE_HEADERS], ...rows])) };
    const stored = async (org: string) => {
      const { items } = await s.devices.list(SYSTEM_ACTOR, { page: 1, pageSize: 50, orgId: org, status: 'active', q: 'PC-T' });
      const repo = repositories(s.database.db).inventory;
      return Promise.all(items.sort((a, b) => a.name!.localeCompare(b.name!)).map(async (d) => ({ name: d.name, os: d.osName, count: d.softwareCount, installs: (await repo.installsOf(org, d.id)).map((i) => i.slice(0, 3)), licensed: await repo.licensedProductsOf(org, d.id) })));
    };
    const a = await s.inventoryImporter.import(SYSTEM_ACTOR, here, [file], { dryRun: false, tableWorkerMinBytes: Number.POSITIVE_INFINITY });
    const b = await s.inventoryImporter.import(SYSTEM_ACTOR, there, [file], { dryRun: false, tableWorkerMinBytes: 0 });
    expect(b).toEqual(a);
    expect(a).toMatchObject({ inventories: 6, softwareRows: 24, devicesCreated: 6, errors: [] });
    const onThread = await stored(there);
    expect(onThread).toEqual(await stored(here));
    // The operating system first (from its column, no install date), then the three titles of the rows.
    expect(onThread[0]).toMatchObject({ name: 'PC-T0', os: 'Ubuntu 22.04', count: 4, installs: [[expect.any(String), null, 'os'], expect.anything(), [expect.any(String), null, null], [expect.any(String), '2024-03-18', null]] });
    expect(onThread.every((d) => d.installs.filter((i) => i[2] === 'os').length === 1)).toBe(true);
    // Office on every computer, and Windows where it is the operating system (Ubuntu needs no licence).
    expect(onThread.map((d) => d.licensed)).toEqual([0, 1, 2, 3, 4, 5].map((pc) => (pc % 2 ? ['microsoft/office', 'microsoft/windows'] : ['microsoft/office'])));

    // Again, read on its own thread, with a changed row: the devices are updated with their differences.
    rows[1] = row(0, 'Tool 0', '2.0', 'Example Co.', '');
    const changed = { name: 'threads.csv', content: Buffer.from(toCsv([[...TABLE_HEADERS], ...rows])) };
    expect(await s.inventoryImporter.import(SYSTEM_ACTOR, there, [changed], { dryRun: false, tableWorkerMinBytes: 0 })).toMatchObject({ devicesCreated: 0, devicesUpdated: 6 });
    expect(await s.inventoryImporter.import(SYSTEM_ACTOR, here, [changed], { dryRun: false })).toMatchObject({ devicesCreated: 0, devicesUpdated: 6 });
    expect(await stored(there)).toEqual(await stored(here));
    const pc0 = (await s.devices.list(SYSTEM_ACTOR, { page: 1, pageSize: 5, orgId: there, status: 'active', q: 'PC-T0' })).items[0]!;
    const history = await s.devices.history(SYSTEM_ACTOR, there, pc0.id, { page: 1, pageSize: 10 });
    expect(history.items.map((h) => [h.change, h.name, h.oldVersion, h.newVersion])).toEqual([['upgraded', 'Tool 0', '1.0', '2.0']]);
  });
});
