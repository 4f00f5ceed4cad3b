import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { usccCheckChar, type EntitlementImportResult, type EntitlementView, type RecomputeResult } from '../../../packages/contracts/index.ts';
import { freshPostgresUrl, testDialects } from '../../../test/dialects.ts';

/*
 * `zb entitlement …` and `zb compliance …` as a user runs them: child
 * processes through bin/zb.mjs on a real SQLite file or PostgreSQL database.
 * The estate is built with the CLI too: an organization import, an inventory
 * CSV, an entitlement CSV.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'bin/zb.mjs');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const uscc = (first17: string) => first17 + usccCheckChar(first17);
const OWNER = uscc('11330100MB7654321');

const ORG_CSV = `\uFEFF单位名称,统一社会信用代码,单位类型,机关类别,企业性质,所属行业,行政级别,行政区划代码,上级单位统一社会信用代码,人员数量\r\n杭州市合规测试局,${OWNER},政府机关,政府部门,,,地市级,330100,,50\r\n`;
const INVENTORY_CSV = [
  '计算机名称,硬件UUID,BIOS序列号,MAC地址,操作系统,操作系统版本,软件名称,软件版本,发行商,安装日期,架构',
  'PC1,,SN1,,Windows 10,,Microsoft Office Professional Plus 2016,16.0.4266.1001,Microsoft Corporation,,x64',
  'PC2,,SN2,,Windows 10,,Microsoft Office Professional Plus 2016,16.0.4266.1001,Microsoft Corporation,,x64',
  'PC2,,SN2,,Windows 10,,Microsoft Windows 10 Pro,10.0,Microsoft Corporation,,x64',
].join('\r\n');
const ENTITLEMENT_CSV = `单位统一社会信用代码,授权名称,产品标识,计量方式,数量,批量许可协议号,单价\r\n${OWNER},Office 批量许可,microsoft/office,批量许可,1,V-1,"2,980"\r\n`;

async function sandbox(dialect: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-compliance-'));
  dirs.push(dir);
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8' };
  delete env.DATABASE_URL;
  delete env.ZB_DATA;
  if (dialect === 'postgres') env.DATABASE_URL = await freshPostgresUrl();
  const zb = (...args: string[]) =>
    new Promise<Run>((resolve) => {
      execFile(process.execPath, [BIN, ...args, '--data', dir], { cwd: ROOT, env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) });
      });
    });
  /** One statement straight to the database, behind the CLI's back. */
  const exec = async (statement: string) => {
    if (dialect === 'postgres') {
      const c = new pg.Client({ connectionString: env.DATABASE_URL });
      await c.connect();
      try {
        await c.query(statement);
      } finally {
        await c.end();
      }
    } else {
      const db = new BetterSqlite3(path.join(dir, 'zhengban.sqlite'));
      try {
        db.prepare(statement).run();
      } finally {
        db.close();
      }
    }
  };
  const file = (name: string, content: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, content);
    return f;
  };
  return { dir, zb, exec, file };
}

const json = <T>(r: Run): T => {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
};

describe.concurrent.each(testDialects())('zb compliance and entitlements on %s', { timeout: 300_000 }, (dialect) => {
  it('imports entitlements, lists them, checks and repairs the stored positions, writes reports', async () => {
    const s = await sandbox(dialect);
    expect((await s.zb('org', 'import', s.file('orgs.csv', ORG_CSV))).code).toBe(0);
    const inv = await s.zb('import', s.file('inventory.csv', INVENTORY_CSV), '--org', OWNER);
    expect(inv.code, inv.stderr).toBe(0);

    // Entitlements: dry run, import, re-import.
    const ents = s.file('entitlements.csv', ENTITLEMENT_CSV);
    const dry = await s.zb('entitlement', 'import', ents, '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    expect(json<EntitlementImportResult>(dry)).toMatchObject({ dryRun: true, created: 1 });
    const first = await s.zb('entitlement', 'import', ents);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('1 rows: 1 created, 0 unchanged, 0 skipped');
    const again = await s.zb('entitlement', 'import', ents, '--json');
    expect(json<EntitlementImportResult>(again)).toMatchObject({ created: 0, unchanged: 1, errors: [] });
    const list = json<EntitlementView[]>(await s.zb('entitlement', 'list', '--org', OWNER, '--json'));
    expect(list).toEqual([expect.objectContaining({ name: 'Office 批量许可', metric: 'volume', quantity: 1, consumed: 1, unitPrice: 2980, currency: 'CNY' })]);

    // A bad row: exit 1, the row and column named (--valid-only: there is no valid row to import).
    const bad = await s.zb('entitlement', 'import', s.file('bad.csv', `单位统一社会信用代码,授权名称,产品标识,计量方式,数量\r\n${OWNER},坏授权,microsoft/visio,按人头,1\r\n`), '--valid-only');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/row 2 计量方式: 取值不在可选范围内: 按人头/);

    // The stored positions agree with a recomputation…
    const ok = await s.zb('compliance', 'recompute', '--check');
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    // Office on PC1 and PC2, Windows 10 Pro listed on PC2, and each computer's operating system (its 操作系统 column).
    expect(ok.stdout).toMatch(/\[check\] day \d{4}-\d{2}-\d{2}: 5 installs, 2 positions, 1 organizations/);
    expect(ok.stdout).toContain('no differences');

    // …until someone changes them behind the engine's back: --check exits 1 and names the difference.
    await s.exec("update compliance_positions set shortfall = 7 where product_key = 'microsoft/office'");
    const differs = await s.zb('compliance', 'recompute', '--check');
    expect(differs.code).toBe(1);
    expect(differs.stdout).toMatch(/1 differences/);
    expect(differs.stdout).toMatch(/position \S+ microsoft\/office: stored .*"shortfall":7/);

    // A recomputation repairs them; the check passes again.
    const fix = await s.zb('compliance', 'recompute');
    expect(fix.code, fix.stderr).toBe(0);
    expect(fix.stdout).toContain('(repaired / 已修复)');
    const fixed = await s.zb('compliance', 'recompute', '--check', '--json');
    expect(fixed.code).toBe(0);
    expect(json<RecomputeResult>(fixed)).toMatchObject({ differenceCount: 0, differences: [], written: false });

    // Reports, by USCC.
    const pdfFile = path.join(s.dir, 'report.pdf');
    const pdf = await s.zb('compliance', 'report', '--org', OWNER, '--out', pdfFile);
    expect(pdf.code, pdf.stderr).toBe(0);
    expect(pdf.stdout).toContain('杭州市合规测试局');
    expect(fs.readFileSync(pdfFile).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const xlsxFile = path.join(s.dir, 'report.xlsx');
    expect((await s.zb('compliance', 'report', '--org', OWNER, '--out', xlsxFile)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxFile);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '有效许可状况', '计算机', '未授权安装']);
    const wrong = await s.zb('compliance', 'report', '--org', OWNER, '--out', path.join(s.dir, 'report.txt'));
    expect(wrong.code).toBe(2);
  });
});

describe('zb compliance --help', () => {
  it('describes the commands in English and Chinese', async () => {
    const run = (args: string[]) =>
      new Promise<string>((resolve) => execFile(process.execPath, [BIN, ...args], { cwd: ROOT }, (_e, stdout, stderr) => resolve(String(stdout) + String(stderr))));
    const top = await run(['--help']);
    for (const t of ['compliance', 'entitlement', '合规与正版化率', '授权']) expect(top, t).toContain(t);
    const recompute = await run(['compliance', 'recompute', '--help']);
    expect(recompute).toContain('--check');
    expect(recompute).toContain('重新计算有效许可状况');
    const imp = await run(['entitlement', 'import', '--help']);
    for (const t of ['--dry-run', '--valid-only', '导入授权']) expect(imp, t).toContain(t);
  });
});
