import ExcelJS from 'exceljs';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildUscc, createActor, createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { buildInventory, buildSoftware } from '../../../test/inventory-builders.ts';
import type { Org } from '../../contracts/index.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { readTabular, toCsv } from '../files/tabular.ts';
import type { Submission } from '../inventory/inventory.service.ts';
import { createServices, type Services } from '../services.ts';
import { ENTITLEMENT_COLUMNS, type EntitlementColumn } from './entitlements.columns.ts';
import { EntitlementsImporter, entitlementsWorkbook } from './entitlements.import.ts';

const KEYS = Object.keys(ENTITLEMENT_COLUMNS) as EntitlementColumn[];
const HEADERS = KEYS.map((k) => ENTITLEMENT_COLUMNS[k]);
type Row = Partial<Record<EntitlementColumn, string | Date>>;
const cells = (r: Row) => KEYS.map((k) => r[k] ?? '');

/** A CSV in the template's layout. */
const csv = (rows: Row[]) => Buffer.from(toCsv([HEADERS, ...rows.map((r) => cells(r).map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c)))]));

/** An XLSX as Excel writes it: dates as dates. */
async function xlsx(rows: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('授权');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(cells(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const opts = (over: Partial<{ mode: 'all-or-nothing' | 'valid-rows'; dryRun: boolean; lang: 'zh-CN' | 'en-US' }> = {}) => ({ mode: 'all-or-nothing' as const, dryRun: false, filename: 'entitlements.csv', lang: 'zh-CN' as const, ...over });

const win = (name: string, version = '1.0') => buildSoftware(name, version, { source: 'windows', publisher: 'Microsoft Corporation', arch: 'x64' });

describe.each(testDialects())('entitlement import on %s', (dialect) => {
  let s: Services;
  let importer: EntitlementsImporter;
  let org: Org;
  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
    s.compliance.engine.clock = () => '2026-06-01';
    importer = new EntitlementsImporter(s.database, s.entitlements, s.audit, s.compliance.engine);
    org = await createOrg(s, { regionCode: '330100' });
    const sub = (): Submission => ({ orgId: org.id, credentialId: null, channel: 'agent', format: 'ocs-xml', agent: 'test', remoteAddr: '127.0.0.1', raw: Buffer.from('<REQUEST/>'), encoding: 'identity' });
    await s.inventory.ingest(sub(), buildInventory({ serial: 'SN1', hostname: 'pc1' }, [win('Microsoft Office Professional Plus 2016'), win('Microsoft Windows 10 Pro')]));
    await s.inventory.ingest(sub(), buildInventory({ serial: 'SN2', hostname: 'pc2' }, [win('Microsoft Office Professional Plus 2016'), win('Microsoft Windows 10 Pro')]));
    await s.compliance.engine.idle();
  });
  afterAll(async () => s.database.close());
  afterEach(() => vi.restoreAllMocks());

  const entitlementCount = async () => Number((await s.database.db.selectFrom('entitlements').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const position = async (productKey: string) => (await s.compliance.positions(SYSTEM_ACTOR, org.id, { page: 1, pageSize: 100 })).items.find((p) => p.productKey === productKey);

  /** Three entitlements of the organization: a volume licence, an OEM licence and a central purchase. */
  const goodRows = (): Row[] => [
    { ownerUscc: org.uscc, name: 'Office 2016 批量许可', productKeys: 'microsoft/office', editions: 'Professional Plus；Standard', downgradeRights: '是', metric: '批量许可', quantity: '5', agreementNo: 'V-2026-1', start: new Date(Date.UTC(2026, 0, 5)), orderNo: 'CG-1', vendor: '示例经销商', unitPrice: '2,980', purchasedAt: '2025/12/20' },
    { ownerUscc: org.uscc.toLowerCase(), name: 'Windows 10 OEM', productKeys: 'microsoft/windows', metric: 'OEM 预装', oemSerial: 'sn1', orderNo: 'CG-1' },
    { ownerUscc: org.uscc, name: '杀毒软件 集中采购', productKeys: 'kaspersky/kaspersky', metric: '按设备', quantity: '100', scopeKind: '辖区内全部政府机关（集中采购）', scopeRegionCode: '330000', end: '2027-12-31' },
  ];

  it('imports a good XLSX, refreshes the positions once, and re-imports as unchanged', async () => {
    const refresh = vi.spyOn(s.compliance.engine, 'refresh');
    const file = await xlsx(goodRows());
    const r = await importer.import(SYSTEM_ACTOR, file, { ...opts(), filename: 'entitlements.xlsx' });
    expect(r).toMatchObject({ totalRows: 3, created: 3, unchanged: 0, skipped: 0, rejected: false, dryRun: false, errors: [] });
    expect(refresh).toHaveBeenCalledTimes(1);
    const change = refresh.mock.calls[0]![0];
    expect([...(change.productKeys ?? [])].sort()).toEqual(['kaspersky/kaspersky', 'microsoft/office', 'microsoft/windows']);
    expect(change.entitlementIds).toHaveLength(3);

    // The positions are up to date without a recomputation.
    expect(await position('microsoft/office')).toMatchObject({ installs: 2, coveredInstalls: 2, entitled: 5, consumed: 2, surplus: 3 });
    expect(await position('microsoft/windows')).toMatchObject({ installs: 2, coveredInstalls: 1, shortfall: 1 });
    expect((await s.compliance.recompute(SYSTEM_ACTOR, { check: true })).differences).toEqual([]);

    const { items } = await s.entitlements.list(SYSTEM_ACTOR, { orgId: org.id, page: 1, pageSize: 10 });
    const volume = items.find((e) => e.metric === 'volume')!;
    expect(volume).toMatchObject({ editions: ['Professional Plus', 'Standard'], downgradeRights: true, quantity: 5, unitPrice: 2980, currency: 'CNY', start: '2026-01-05', purchasedAt: '2025-12-20', agreementNo: 'V-2026-1' });
    expect(items.find((e) => e.metric === 'oem')).toMatchObject({ oemSerial: 'SN1', quantity: 1, scope: { kind: 'org', regionCode: null } });
    expect(items.find((e) => e.metric === 'device')).toMatchObject({ scope: { kind: 'region', regionCode: '330000' }, end: '2027-12-31' });

    // The same rows again, as CSV: nothing changes, only the import itself is audited.
    refresh.mockClear();
    const head = (await repositories(s.database.db).audit.head())!.seq;
    const again = await importer.import(SYSTEM_ACTOR, csv(goodRows()), opts());
    expect(again).toMatchObject({ created: 0, unchanged: 3, skipped: 0, errors: [] });
    expect(refresh).not.toHaveBeenCalled();
    expect((await repositories(s.database.db).audit.head())!.seq).toBe(head + 1);
    expect(await entitlementCount()).toBe(3);
  });

  it('refuses a changed row of a recorded entitlement instead of duplicating it', async () => {
    const rows = goodRows();
    rows[0]!.quantity = '6';
    const r = await importer.import(SYSTEM_ACTOR, csv(rows), opts({ mode: 'valid-rows' }));
    expect(r).toMatchObject({ created: 0, unchanged: 2, skipped: 1 });
    expect(r.errors).toEqual([expect.objectContaining({ row: 2, field: '授权名称', code: 'import.conflict' })]);
    expect(await entitlementCount()).toBe(3);
  });

  it('reports every bad row by column, in Chinese or English, and rejects the file', async () => {
    const unknown = buildUscc('330100');
    const badCheck = org.uscc.slice(0, 17) + (org.uscc.endsWith('0') ? '1' : '0');
    const base = { ownerUscc: org.uscc, productKeys: 'microsoft/visio', metric: '按设备', quantity: '1' } satisfies Row;
    const rows: Row[] = [
      { ...base, name: 'Visio 好行' },
      { ...base, name: '' },
      { ...base, name: '计量错误', metric: '按人头' },
      { ...base, name: '批量无协议', metric: '批量许可' },
      { ...base, name: '产品标识错误', productKeys: 'visio' },
      { ...base, name: '校验位错误', ownerUscc: badCheck },
      { ...base, name: '单位不存在', ownerUscc: unknown },
      { ...base, name: '数量错误', quantity: '十' },
      { ...base, name: '降级错误', downgradeRights: '可能' },
      { ...base, name: '区划不含本单位', scopeKind: '辖区内全部政府机关（集中采购）', scopeRegionCode: '110000' },
      { ...base, name: '日期颠倒', start: '2026-05-01', end: '2026-01-01' },
      { ...base, name: 'Visio 好行' },
    ];
    const before = await entitlementCount();
    const r = await importer.import(SYSTEM_ACTOR, csv(rows), opts());
    expect(r).toMatchObject({ rejected: true, created: 0, skipped: rows.length });
    expect(await entitlementCount()).toBe(before);
    const byRow = (n: number) => r.errors.filter((e) => e.row === n).map((e) => `${e.field}:${e.code}`);
    expect(byRow(2)).toEqual([]);
    expect(byRow(3)).toEqual(['授权名称:required']);
    expect(byRow(4)).toEqual(['计量方式:import.value']);
    expect(byRow(5)).toEqual(['批量许可协议号:entitlement.volume.agreement']);
    expect(byRow(6)).toEqual(['产品标识:entitlement.product']);
    expect(byRow(7)).toEqual(['单位统一社会信用代码:uscc.checksum']);
    expect(byRow(8)).toEqual(['单位统一社会信用代码:import.owner']);
    expect(byRow(9)).toEqual(['数量:import.number']);
    expect(byRow(10)).toEqual(['降级权利:import.yesNo']);
    expect(byRow(11)).toEqual(['适用区划代码:entitlement.scope.outside']);
    expect(byRow(12)).toEqual(['到期日期:date.order']);
    expect(byRow(13)).toEqual(['授权名称:import.duplicateRow']);
    expect(r.errors.find((e) => e.row === 4)!.message).toBe('取值不在可选范围内: 按人头');
    expect(r.errors.find((e) => e.row === 13)!.message).toContain('(2)');

    const en = await importer.import(SYSTEM_ACTOR, csv(rows), opts({ lang: 'en-US' }));
    expect(en.errors.find((e) => e.row === 5)!.message).toBe('A volume licence needs its agreement number');
    expect(en.errors.find((e) => e.row === 8)!.message).toBe('No organization has this unified social credit code');

    // Valid rows only: the good row goes in, the rest are reported.
    const v = await importer.import(SYSTEM_ACTOR, csv(rows), opts({ mode: 'valid-rows' }));
    expect(v).toMatchObject({ rejected: false, created: 1, skipped: rows.length - 1 });
    expect(await entitlementCount()).toBe(before + 1);
  });

  it('writes nothing on a dry run but reports what would happen, and keeps the raw file', async () => {
    const refresh = vi.spyOn(s.compliance.engine, 'refresh');
    const before = await entitlementCount();
    const head = (await repositories(s.database.db).audit.head())!.seq;
    const file = csv([{ ownerUscc: org.uscc, name: '试运行授权', productKeys: 'adobe/acrobat', metric: '订阅', quantity: '3', end: '2027-01-01' }]);
    const r = await importer.import(SYSTEM_ACTOR, file, opts({ dryRun: true }));
    expect(r).toMatchObject({ dryRun: true, created: 1, errors: [] });
    expect(await entitlementCount()).toBe(before);
    expect((await repositories(s.database.db).audit.head())!.seq).toBe(head);
    expect(refresh).not.toHaveBeenCalled();
    const up = await repositories(s.database.db).uploads.findById(r.uploadId);
    expect(up).toMatchObject({ kind: 'entitlement-import', filename: 'entitlements.csv' });
    expect(gunzipSync(up!.content_gz).equals(file)).toBe(true);
  });

  it("refuses owners outside the importer's scope, and importers without licence.write", async () => {
    const beijing = await createOrg(s, { regionCode: '110101' });
    const hzAdmin = await createActor(s, 'region_admin', { regionCode: '330100' });
    const rows: Row[] = [{ ownerUscc: beijing.uscc, name: '外地授权', productKeys: 'microsoft/office', metric: '按设备', quantity: '1' }];
    const r = await importer.import(hzAdmin, csv(rows), opts());
    expect(r.rejected).toBe(true);
    expect(r.errors).toEqual([expect.objectContaining({ row: 2, field: '单位统一社会信用代码', code: 'import.forbidden' })]);
    expect((await s.entitlements.list(SYSTEM_ACTOR, { orgId: beijing.id, page: 1, pageSize: 5 })).total).toBe(0);
    // Its own organization is fine.
    const own = await importer.import(hzAdmin, csv([{ ...rows[0]!, ownerUscc: org.uscc, name: '本地授权' }]), opts());
    expect(own).toMatchObject({ created: 1, errors: [] });

    const auditor = await createActor(s, 'auditor', { regionCode: '330000' });
    await expect(importer.import(auditor, csv(rows), opts())).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('exports the list in the import layout: the export re-imports unchanged', async () => {
    const buf = await entitlementsWorkbook(s.database, s.entitlements, SYSTEM_ACTOR, { orgId: org.id });
    const table = await readTabular(buf, { filename: 'x.xlsx', maxRows: 1000 });
    const total = (await s.entitlements.list(SYSTEM_ACTOR, { orgId: org.id, page: 1, pageSize: 100 })).total;
    expect(table).toHaveLength(total);
    const volume = table.find((t) => t.cells['授权名称'] === 'Office 2016 批量许可')!;
    expect(volume.cells).toMatchObject({ 单位统一社会信用代码: org.uscc, 计量方式: '批量许可', 降级权利: '是', '版本(edition)': 'Professional Plus;Standard', 单价: '2980', 币种: 'CNY' });
    const r = await importer.import(SYSTEM_ACTOR, buf, { ...opts(), filename: 'export.xlsx' });
    expect(r).toMatchObject({ totalRows: total, created: 0, unchanged: total, errors: [] });
  });
});
