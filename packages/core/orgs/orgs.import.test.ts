import ExcelJS from 'exceljs';
import { deflateRawSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUscc, createActor } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { AppError } from '../errors.ts';
import { inspectZip } from '../files/zip-guard.ts';
import { toCsv } from '../files/tabular.ts';
import { createServices, type Services } from '../services.ts';
import { ORG_COLUMNS } from './orgs.columns.ts';

const HEADERS = Object.values(ORG_COLUMNS);
const opts = (over: Partial<{ mode: 'all-or-nothing' | 'valid-rows'; dryRun: boolean }> = {}) => ({ mode: 'all-or-nothing' as const, dryRun: false, filename: 'orgs.csv', lang: 'zh-CN' as const, ...over });

/** A CSV in the template's layout. */
function csv(rows: string[][]): Buffer {
  return Buffer.from(toCsv([HEADERS, ...rows]));
}

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('单位');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A ZIP whose one entry claims to expand to 1 GiB (the central directory is what the guard reads). */
function zipBomb(): Buffer {
  const data = deflateRawSync(Buffer.alloc(1024 * 1024));
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(1024 ** 3, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(1024 ** 3, 24);
  central.writeUInt16LE(name.length, 28);
  const cdOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

describe.each(testDialects())('organization import on %s', (dialect) => {
  let s: Services;
  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
  });
  afterAll(async () => s.database.close());

  it('imports parents and children in any order, then re-imports as unchanged', async () => {
    const parent = buildUscc('330200');
    const child = buildUscc('330203');
    const rows = [
      ['宁波市鄞州区财政局', child, '政府机关', '政府部门', '', '', '县级', '330203', parent, '35'],
      ['宁波市人民政府办公室', parent, '政府机关', '政府部门', '', '', '地市级', '330200', '', '1,200'],
      ['宁波示范科技有限公司', buildUscc('330200', 'enterprise'), '企业', '', '民营企业', 'machinery', '地市级', '330200', '', ''],
    ];
    const first = await s.orgsImporter.import(SYSTEM_ACTOR, await xlsx(rows), { ...opts(), filename: 'orgs.xlsx' });
    expect(first).toMatchObject({ totalRows: 3, created: 3, updated: 0, rejected: false, errors: [] });
    const kid = (await s.orgs.list(SYSTEM_ACTOR, { page: 1, pageSize: 5, q: child })).items[0]!;
    expect(kid.parentName).toBe('宁波市人民政府办公室');
    expect((await s.orgs.list(SYSTEM_ACTOR, { page: 1, pageSize: 5, q: parent })).items[0]!.staffCount).toBe(1200);
    const head = await repositories(s.database.db).audit.head();
    const again = await s.orgsImporter.import(SYSTEM_ACTOR, csv(rows), opts());
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    // Only the import record itself is added to the audit trail.
    expect((await repositories(s.database.db).audit.head())!.seq).toBe(head!.seq + 1);
    rows[1]![9] = '1300';
    expect(await s.orgsImporter.import(SYSTEM_ACTOR, csv(rows), opts())).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
  });

  it('rejects the whole file when one row is invalid, unless valid rows are chosen', async () => {
    const good = buildUscc('330100');
    const bad = `${buildUscc('330100').slice(0, 17)}0`.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    const rows = [
      ['杭州好单位', good, '政府机关', '政府部门', '', '', '地市级', '330100', '', '10'],
      ['杭州坏单位', bad, '政府机关', '政府部门', '', '', '地市级', '330100', '', '10'],
      ['没有区划', buildUscc('330100'), '政府机关', '政府部门', '', '', '地市级', '999999', '', '10'],
      ['类型错误', buildUscc('330100'), '公司', '', '', '', '地市级', '330100', '', ''],
      ['', buildUscc('330100'), '企业', '', '', '', '县级', '330106', '', ''],
    ];
    const count = await repositories(s.database.db).orgs.countAll();
    const r = await s.orgsImporter.import(SYSTEM_ACTOR, csv(rows), opts());
    expect(r.rejected).toBe(true);
    expect(r.created).toBe(0);
    expect(await repositories(s.database.db).orgs.countAll()).toBe(count);
    const byRow = (n: number) => r.errors.filter((e) => e.row === n).map((e) => `${e.field}:${e.code}`);
    expect(byRow(3)).toContain('统一社会信用代码:uscc.checksum');
    expect(byRow(4)).toContain('行政区划代码:import.region');
    expect(byRow(5)).toContain('单位类型:import.value');
    expect(byRow(6)).toEqual(expect.arrayContaining(['单位名称:required']));
    expect(r.errors.find((e) => e.row === 3)!.message).toContain('校验位');

    const v = await s.orgsImporter.import(SYSTEM_ACTOR, csv(rows), opts({ mode: 'valid-rows' }));
    expect(v).toMatchObject({ created: 1, skipped: 4, rejected: false });
    expect(await repositories(s.database.db).orgs.countAll()).toBe(count + 1);
  });

  it('writes nothing on a dry run but reports what would happen', async () => {
    const count = await repositories(s.database.db).orgs.countAll();
    const r = await s.orgsImporter.import(SYSTEM_ACTOR, csv([['试运行单位', buildUscc('330100'), '政府机关', '法院', '', '', '地市级', '330100', '', '']]), opts({ dryRun: true }));
    expect(r).toMatchObject({ dryRun: true, created: 1 });
    expect(await repositories(s.database.db).orgs.countAll()).toBe(count);
  });

  it('keeps the raw upload', async () => {
    const file = csv([['留存单位', buildUscc('330100'), '政府机关', '法院', '', '', '地市级', '330100', '', '']]);
    const r = await s.orgsImporter.import(SYSTEM_ACTOR, file, opts({ dryRun: true }));
    const up = await repositories(s.database.db).uploads.findById(r.uploadId);
    expect(gunzipSync(up!.content_gz).equals(file)).toBe(true);
  });

  it('refuses rows outside the importer scope', async () => {
    const hzAdmin = await createActor(s, 'region_admin', { regionCode: '330100' });
    const r = await s.orgsImporter.import(hzAdmin, csv([['北京某单位', buildUscc('110101'), '政府机关', '法院', '', '', '县级', '110101', '', '']]), opts());
    expect(r.rejected).toBe(true);
    expect(r.errors[0]).toMatchObject({ field: '行政区划代码', code: 'import.forbidden' });
  });

  it('refuses zip bombs and garbage before parsing', async () => {
    expect(inspectZip(zipBomb())).toMatchObject({ ok: false });
    const err = await s.orgsImporter.import(SYSTEM_ACTOR, zipBomb(), { ...opts(), filename: 'bomb.xlsx' }).catch((e: AppError) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('UNSUPPORTED_FILE');
    expect(inspectZip(await xlsx([]))).toMatchObject({ ok: true });
  });
});
