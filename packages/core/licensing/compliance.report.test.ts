import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { buildInventory, buildSoftware } from '../../../test/inventory-builders.ts';
import { entitlementBody, type EntitlementBody } from '../../contracts/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import type { Submission } from '../inventory/inventory.service.ts';
import { createServices, type Services } from '../services.ts';
import { REPORT_SHEETS, complianceReportPdf, complianceReportXlsx, gatherComplianceReport, type ComplianceReportData } from './compliance.report.ts';

const win = (s: string) => buildSoftware(s, '1.0', { source: 'windows', publisher: 'Microsoft Corporation', arch: 'x64' });
const body = (over: Partial<EntitlementBody> & Pick<EntitlementBody, 'metric' | 'productKeys'>): EntitlementBody => entitlementBody.parse({ name: 'test', quantity: 1, ...over });

/** A poppler tool, when installed (CI installs poppler-utils; a bare machine skips those checks). */
const hasTool = (cmd: string) => spawnSync(cmd, ['-v']).error === undefined;
const HAS_PDFFONTS = hasTool('pdffonts');
const HAS_PDFTOTEXT = hasTool('pdftotext');

function withPdfFile<T>(pdf: Buffer, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-report-'));
  try {
    const file = path.join(dir, 'report.pdf');
    fs.writeFileSync(file, pdf);
    return fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(testDialects())('compliance report on %s', (dialect) => {
  let s: Services;
  let orgId: string;
  let data: ComplianceReportData;
  let pdf: Buffer;
  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
    s.compliance.engine.clock = () => '2026-06-01';
    const org = await createOrg(s, { name: '杭州市报告测试局', regionCode: '330100' });
    orgId = org.id;
    const sub = (): Submission => ({ orgId, credentialId: null, channel: 'agent', format: 'ocs-xml', agent: 'test', remoteAddr: '127.0.0.1', raw: Buffer.from('<REQUEST/>'), encoding: 'identity' });
    const pc = (serial: string, software: ReturnType<typeof buildSoftware>[]) => s.inventory.ingest(sub(), buildInventory({ serial, hostname: serial.toLowerCase(), lastUser: `user-${serial}` }, software));
    await pc('SN1', [win('Microsoft Office Professional Plus 2016'), win('Microsoft Windows 10 Pro')]);
    await pc('SN2', [win('Microsoft Office Professional Plus 2019 - zh-cn'), win('Microsoft Windows 10 Pro')]);
    await pc('SN3', [win('Microsoft Office LTSC Professional Plus 2021 - zh-cn')]);
    await s.compliance.engine.idle();
    await s.entitlements.create(SYSTEM_ACTOR, orgId, body({ metric: 'volume', agreementNo: 'V-1', productKeys: ['microsoft/office'], quantity: 5, downgradeRights: true, versionRange: { min: '16.0', minRelease: '2019', max: '16.0', maxRelease: '2019' }, unitPrice: 3000, currency: 'CNY' }));
    await s.entitlements.create(SYSTEM_ACTOR, orgId, body({ metric: 'oem', oemSerial: 'SN1', productKeys: ['microsoft/windows'], unitPrice: 1200, currency: 'CNY' }));
    await s.compliance.createTask(SYSTEM_ACTOR, orgId, { productKey: 'microsoft/windows', action: 'buy', replacementKey: null, assigneeId: null, dueDate: '2026-07-01', quantity: null, note: null });
    data = await gatherComplianceReport(s, SYSTEM_ACTOR, orgId);
    pdf = await complianceReportPdf(data);
  });
  afterAll(async () => s.database.close());

  it('gathers the figures, positions, devices, uncovered installs and open tasks', () => {
    expect(data.org).toMatchObject({ id: orgId, name: '杭州市报告测试局', regionCode: '330100' });
    expect(data.summary).toMatchObject({ devices: 3, compliantDevices: 1, shortfall: 2, day: '2026-06-01' });
    expect(data.positions.map((p) => p.productKey).sort()).toEqual(['microsoft/office', 'microsoft/windows']);
    expect(data.devices).toHaveLength(3);
    expect(data.uncovered.map((i) => `${i.deviceName}:${i.reason}`).sort()).toEqual(['sn2:oem-other-device', 'sn3:version-out-of-range']);
    expect(data.openTasks).toEqual([expect.objectContaining({ productKey: 'microsoft/windows', action: 'buy', status: 'open' })]);
  });

  it('writes a PDF with the Chinese font embedded', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The font dictionaries are not compressed: the subset's PostScript name is readable in the file.
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Regular/);
    expect(pdf.toString('latin1')).toMatch(/NotoSansCJKsc-Bold/);
  });

  it.skipIf(!HAS_PDFFONTS)('lists the embedded CJK subsets with pdffonts', () => {
    const out = withPdfFile(pdf, (f) => spawnSync('pdffonts', [f], { encoding: 'utf8' }).stdout);
    const cjk = out.split('\n').filter((l) => l.includes('NotoSansCJKsc'));
    expect(cjk.length).toBeGreaterThanOrEqual(2);
    // name, type, encoding, then emb / sub / uni: all "yes".
    for (const line of cjk) expect(line).toMatch(/Identity-H\s+yes\s+yes\s+yes/);
  });

  it.skipIf(!HAS_PDFTOTEXT)('reads back the Chinese text with pdftotext', () => {
    const text = withPdfFile(pdf, (f) => spawnSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' }).stdout);
    for (const t of ['软件正版化合规报告', '杭州市报告测试局', data.org.uscc, '2026-06-01', '总体正版化率', '60.0%', '有效许可状况', 'microsoft/office', '未授权安装清单', 'OEM 授权绑定其他设备', '版本号超出授权范围', '整改中的任务', '采购授权']) {
      expect(text, t).toContain(t);
    }
  });

  it('writes an XLSX whose sheets hold the figures of the services, as numbers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await complianceReportXlsx(data)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(REPORT_SHEETS));
    const rows = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
      return out;
    };
    const summary = await s.compliance.orgSummary(SYSTEM_ACTOR, orgId);
    const sum = rows(REPORT_SHEETS.summary);
    const line = (label: string) => sum.find((r) => r[0] === label);
    expect(line('统一社会信用代码')).toEqual(['统一社会信用代码', data.org.uscc]);
    expect(line('总体正版化率')).toEqual(['总体正版化率', summary.overall.required, summary.overall.covered, summary.overall.rate]);
    expect(line('办公软件正版化率')).toEqual(['办公软件正版化率', summary.byCategory['office-suite'].required, summary.byCategory['office-suite'].covered, summary.byCategory['office-suite'].rate]);
    expect(line('授权缺口（套）')).toEqual(['授权缺口（套）', summary.shortfall]);
    expect(line('预计补齐费用')).toEqual(['预计补齐费用', 4200]);

    const positions = (await s.compliance.positions(SYSTEM_ACTOR, orgId, { page: 1, pageSize: 100 })).items;
    const pos = rows(REPORT_SHEETS.positions);
    expect(pos[0]).toContain('缺口');
    expect(pos).toHaveLength(positions.length + 1);
    const office = positions.find((p) => p.productKey === 'microsoft/office')!;
    const officeRow = pos.find((r) => r[0] === 'microsoft/office')!;
    const col = (h: string) => officeRow[(pos[0] as string[]).indexOf(h)];
    expect([col('安装数'), col('已授权安装'), col('授权数量'), col('已占用'), col('缺口'), col('富余'), col('预计补齐费用')]).toEqual([office.installs, office.coveredInstalls, office.entitled, office.consumed, office.shortfall, office.surplus, office.estimatedShortfallCost]);
    expect([office.installs, office.shortfall, office.estimatedShortfallCost]).toEqual([3, 1, 3000]);

    const dev = rows(REPORT_SHEETS.devices);
    expect(dev).toHaveLength(4);
    expect(dev.filter((r) => r[6] === '是')).toHaveLength(summary.compliantDevices);
    expect(dev.slice(1).reduce((n, r) => n + (r[5] as number), 0)).toBe(2);

    const unc = rows(REPORT_SHEETS.uncovered);
    expect(unc.slice(1).map((r) => `${r[0]}:${r[8]}`).sort()).toEqual(['sn2:OEM 授权绑定其他设备', 'sn3:版本号超出授权范围']);
  });
});
