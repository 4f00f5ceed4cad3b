import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { BulletinView } from '../../contracts/index.ts';
import type { FigureFields } from '../../storage/repositories/index.ts';
import { bulletinFileNames, bulletinPdf } from './bulletin.pdf.ts';
import { buildTables, defaultContent } from './bulletin.rules.ts';
import { BULLETIN_SHEETS, bulletinXlsx } from './bulletin.xlsx.ts';

const has = (tool: string) => {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const POPPLER = has('pdftotext') && has('pdftoppm') && has('pdffonts');

function row(subject: string, kind: 'org' | 'region', level: string, region: string, f: Partial<FigureFields> = {}): FigureFields {
  const zero = { in_scope: 0, not_started: 0, self_check: 0, rectifying: 0, completed: 0, verified: 0, behind_deadline: 0, devices: 0, compliant_devices: 0, overall_req: 0, overall_cov: 0, programme_req: 0, programme_cov: 0, os_req: 0, os_cov: 0, office_req: 0, office_cov: 0, security_req: 0, security_cov: 0, spent: 0 };
  return { subject, kind, level, region_code: region, revised_json: null, ...zero, ...f };
}

/** A published national bulletin over 1,234 agencies in two provinces (Zhejiang 1,000 with 873 completed, Beijing 234 with 117). */
function bulletin(status: 'draft' | 'published' = 'published'): BulletinView {
  const rows: FigureFields[] = [];
  for (let i = 0; i < 1000; i++) rows.push(row(`zj${i}`, 'org', 'county', '330106', { in_scope: 1, completed: i < 873 ? 1 : 0, programme_req: 10, programme_cov: i < 873 ? 10 : 4 }));
  for (let i = 0; i < 234; i++) rows.push(row(`bj${i}`, 'org', 'county', '110101', { in_scope: 1, verified: i < 117 ? 1 : 0, behind_deadline: i < 117 ? 0 : 1 }));
  const tables = buildTables({
    month: '2026-11',
    day: '2026-11-30',
    scope: { code: '000000', name: '全国' },
    deadlines: { provincial: null, prefecture: null, county: '2026-10-31' },
    rows,
    previous: null,
    completedInMonth: new Set(['zj1', 'bj2']),
    regionNames: new Map([
      ['330000', '浙江省'],
      ['110000', '北京市'],
    ]),
    orgNames: new Map([
      ['zj1', '西湖区财政局'],
      ['bj2', '东城区教育委员会'],
    ]),
    trend: [],
  });
  const c = defaultContent('monthly', tables.scope, '2026-11', tables);
  return {
    id: '0196f000-0000-7000-8000-000000000001',
    kind: 'monthly',
    regionCode: '000000',
    regionName: '全国',
    month: '2026-11',
    snapshotId: 's1',
    snapshotDay: '2026-11-30',
    status,
    docNumber: status === 'published' ? '国软正办〔2026〕12号' : null,
    title: c.title,
    issuingOrgan: c.issuingOrgan,
    recipients: c.recipients,
    sections: c.sections,
    cc: c.cc,
    includeTables: true,
    tables,
    publishDate: status === 'published' ? '2026-12-01' : null,
    publishedBy: status === 'published' ? 'admin' : null,
    publishedAt: status === 'published' ? '2026-12-01T02:00:00.000Z' : null,
    createdBy: 'system',
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    checksum: status === 'published' ? 'a'.repeat(64) : null,
    checksumOk: status === 'published' ? true : null,
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-bulletin-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('bulletin PDF', () => {
  it('renders an official document; published bulletins render the same bytes every time', async () => {
    const b = bulletin();
    const pdf = await bulletinPdf(b);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await bulletinPdf(b)).equals(pdf)).toBe(true);
    expect(bulletinFileNames(b, 'pdf')).toEqual({ ascii: 'bulletin-2026-11-000000.pdf', utf8: `国软正办〔2026〕12号 ${b.title}.pdf` });
  });

  it.skipIf(!POPPLER)('shows the red issuing-organ mark, the 文号, the title and the figures (pdftotext, pdftoppm)', async () => {
    const file = path.join(dir, 'bulletin.pdf');
    fs.writeFileSync(file, await bulletinPdf(bulletin()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('推进使用正版软件工作部际联席会议办公室文件');
    expect(flat).toContain('国软正办〔2026〕12号');
    expect(flat).toContain('关于2026年11月全国软件正版化检查整改工作进展情况的通报');
    // 990 of 1,234 completed: 80.2 %; Zhejiang first with 87.3 %.
    expect(flat).toContain('政府机关共1,234家，已完成检查整改990家（其中已验收117家），完成率80.2%');
    expect(flat).toContain('87.3%');
    expect(flat).toContain('2026年12月1日');
    expect(flat).toContain('抄送：');
    expect(flat).toContain('2026年12月1日印发');
    expect(flat).toContain('—1—');
    expect(flat).toContain('东城区教育委员会');

    // The mark is red: page 1 rendered, red pixels in its upper third.
    execFileSync('pdftoppm', ['-r', '40', '-f', '1', '-l', '1', file, path.join(dir, 'p')]);
    const ppm = fs.readFileSync(fs.readdirSync(dir).map((f) => path.join(dir, f)).find((f) => f.endsWith('.ppm'))!);
    const [, w, h] = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!.map(Number) as [number, number, number];
    const start = ppm.length - w * h * 3;
    let red = 0;
    for (let y = 0; y < h / 3; y++)
      for (let x = 0; x < w; x++) {
        const i = start + (y * w + x) * 3;
        if (ppm[i]! > 180 && ppm[i + 1]! < 90 && ppm[i + 2]! < 90) red++;
      }
    expect(red).toBeGreaterThan(50);

    // Chinese fonts embedded (subsets).
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSerifCJK|NotoSansCJK/);
    for (const line of fonts.split('\n').slice(2).filter(Boolean)) expect(line).toMatch(/\byes\b/);
  });

  it.skipIf(!POPPLER)('marks a draft: no 文号 yet', async () => {
    const file = path.join(dir, 'draft.pdf');
    fs.writeFileSync(file, await bulletinPdf(bulletin('draft')));
    const flat = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(flat).toContain('（文号待定）');
    expect(flat).toContain('草稿');
  });
});

describe('bulletin XLSX', () => {
  it('has one sheet per table, counts as numbers and rates as fractions formatted as %', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bulletinXlsx(bulletin())) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(BULLETIN_SHEETS));
    const progress = wb.getWorksheet(BULLETIN_SHEETS.progress)!;
    expect(progress.getRow(1).getCell(3).value).toBe('省（区、市）');
    const zj = progress.getRow(2);
    expect([zj.getCell(1).value, zj.getCell(2).value, zj.getCell(3).value, zj.getCell(4).value, zj.getCell(5).value]).toEqual([1, '330000', '浙江省', 1000, 873]);
    expect(zj.getCell(7).value).toBeCloseTo(0.873);
    expect(zj.getCell(7).numFmt).toBe('0.0%');
    const behind = wb.getWorksheet(BULLETIN_SHEETS.behind)!;
    expect([behind.getRow(2).getCell(2).value, behind.getRow(2).getCell(4).value, behind.getRow(2).getCell(5).value]).toEqual(['北京市', 117, 0.5]);
    const newly = wb.getWorksheet(BULLETIN_SHEETS.newly)!;
    expect(newly.rowCount).toBe(3);
    expect(newly.getRow(2).getCell(3).value).toBe('东城区教育委员会');
    expect(wb.getWorksheet(BULLETIN_SHEETS.about)!.getRow(4).getCell(2).value).toBe('国软正办〔2026〕12号');
  });
});
