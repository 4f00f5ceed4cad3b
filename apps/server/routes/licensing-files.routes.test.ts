import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, multipartFile } from '../../../test/app-harness.ts';
import { createActor, createOrg } from '../../../test/builders.ts';
import { testDialects } from '../../../test/dialects.ts';
import type { EntitlementImportResult, Org } from '../../../packages/contracts/index.ts';
import { toCsv } from '../../../packages/core/files/tabular.ts';
import { ENTITLEMENT_COLUMNS } from '../../../packages/core/licensing/entitlements.columns.ts';

const HEADERS = Object.values(ENTITLEMENT_COLUMNS);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One entitlement row in the template's column order. */
function row(uscc: string, name: string, over: Partial<Record<keyof typeof ENTITLEMENT_COLUMNS, string>> = {}): string[] {
  const r: Partial<Record<keyof typeof ENTITLEMENT_COLUMNS, string>> = { ownerUscc: uscc, name, productKeys: 'microsoft/office', metric: '按设备', quantity: '10', ...over };
  return (Object.keys(ENTITLEMENT_COLUMNS) as (keyof typeof ENTITLEMENT_COLUMNS)[]).map((k) => r[k] ?? '');
}

describe.each(testDialects())('licence files API on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof buildTestApp>>;
  let home: Org;
  let foreign: Org;
  let admin: Record<string, string>;
  let auditor: Record<string, string>;

  beforeAll(async () => {
    h = await buildTestApp(dialect);
    h.s.compliance.engine.clock = () => '2026-06-01';
    home = await createOrg(h.s, { name: '杭州本地单位', regionCode: '330100' });
    foreign = await createOrg(h.s, { name: '北京外地单位', regionCode: '110101' });
    admin = await bearer(h.s, await createActor(h.s, 'org_admin', { orgId: home.id }));
    auditor = await bearer(h.s, await createActor(h.s, 'auditor', { regionCode: '330000' }));
  });
  afterAll(async () => h?.close());

  const upload = (headers: Record<string, string>, query: string, file: Buffer, filename = 'entitlements.csv') => {
    const mp = multipartFile('file', filename, file);
    return h.app.inject({ method: 'POST', url: `/api/entitlements/import${query}`, headers: { ...headers, ...mp.headers }, payload: mp.payload });
  };

  it('serves the template in XLSX and CSV with the Chinese headers and instructions', async () => {
    const x = await h.app.inject({ method: 'GET', url: '/api/entitlements/import-template.xlsx', headers: auditor });
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toBe(XLSX);
    expect(x.headers['content-disposition']).toContain(encodeURIComponent('授权导入模板.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['授权', '填写说明']);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    const c = await h.app.inject({ method: 'GET', url: '/api/entitlements/import-template.xlsx?format=csv', headers: auditor });
    expect(c.body.split('\r\n')[0]).toBe(`\uFEFF${HEADERS.join(',')}`);
  });

  it('imports a CSV upload in the caller scope, unchanged the second time, with English messages on request', async () => {
    const file = Buffer.from(toCsv([HEADERS, row(home.uscc, 'Office 设备授权'), row(foreign.uscc, '外地授权')]));
    const dry = await upload(admin, '?mode=valid-rows&dryRun=true', file);
    expect(dry.statusCode).toBe(200);
    expect(dry.json<EntitlementImportResult>()).toMatchObject({ dryRun: true, created: 1, skipped: 1 });
    const first = await upload(admin, '?mode=valid-rows', file);
    const r = first.json<EntitlementImportResult>();
    expect(r).toMatchObject({ created: 1, unchanged: 0, skipped: 1, rejected: false });
    expect(r.errors).toEqual([expect.objectContaining({ row: 3, field: '单位统一社会信用代码', code: 'import.forbidden' })]);
    expect(first.body).not.toContain(foreign.id);
    expect(first.body).not.toContain(foreign.name);
    const again = await upload({ ...admin, 'accept-language': 'en-US' }, '?mode=valid-rows', file);
    expect(again.json<EntitlementImportResult>()).toMatchObject({ created: 0, unchanged: 1, skipped: 1, rejected: false });
    expect(again.json<EntitlementImportResult>().errors[0]!.message).toMatch(/Outside your scope/);
    const list = await h.app.inject({ method: 'GET', url: `/api/entitlements?orgId=${home.id}`, headers: admin });
    expect(list.json().total).toBe(1);
    // Reading is not enough to import.
    expect((await upload(auditor, '', file)).statusCode).toBe(403);
  });

  it('exports the list as a re-importable XLSX', async () => {
    const x = await h.app.inject({ method: 'GET', url: `/api/entitlements/export.xlsx?orgId=${home.id}`, headers: admin });
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toBe(XLSX);
    const back = await upload(admin, '', x.rawPayload, 'export.xlsx');
    expect(back.json<EntitlementImportResult>()).toMatchObject({ totalRows: 1, created: 0, unchanged: 1, errors: [] });
  });

  it('serves the compliance report as PDF and XLSX, in scope only', async () => {
    const pdf = await h.app.inject({ method: 'GET', url: `/api/compliance/orgs/${home.id}/report.pdf`, headers: auditor });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(`compliance-${home.uscc}-2026-06-01.pdf`);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const xlsx = await h.app.inject({ method: 'GET', url: `/api/compliance/orgs/${home.id}/report.xlsx`, headers: admin });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '有效许可状况', '计算机', '未授权安装']);
    for (const ext of ['pdf', 'xlsx']) {
      const res = await h.app.inject({ method: 'GET', url: `/api/compliance/orgs/${foreign.id}/report.${ext}`, headers: admin });
      expect(res.statusCode, ext).toBe(403);
    }
  });
});
