import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgresUrl, testDialects } from '../../../test/dialects.ts';
import { RESULT_COLUMNS } from './recognize.ts';

/* `zb recognize` and `zb recognition rules` as a user runs them: child processes through bin/zb.mjs. */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'bin/zb.mjs');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-recognize-'));
  dirs.push(d);
  return d;
}

function zb(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const base: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8', ...env };
  if (!env.DATABASE_URL) delete base.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: base, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const NAMES = [
  ['Microsoft Office Professional Plus 2016 - zh-cn', 'Microsoft Corporation', '16.0.4266.1001'],
  ['WPS Office (11.1.0.11365)', 'Kingsoft Corp.', ''],
  ['"Quoted, Name" Tool', 'Acme, Inc.', '1.0'],
  ['libreoffice-writer 1:7.4.7-1', '', ''],
  ['Autodesk AutoCAD 2020 - 简体中文 (Simplified Chinese)', 'Autodesk', '23.1.47.0'],
];

function namesCsv(rows: number): string {
  const esc = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['display_name,publisher,version'];
  for (let i = 0; i < rows; i++) {
    const [n, p, v] = NAMES[i % NAMES.length]!;
    lines.push([n, p, i < NAMES.length ? v : `${v}.${i}`].map((x) => esc(x!)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

describe('zb recognize', () => {
  it('streams tens of thousands of rows into a CSV with the result columns', async () => {
    const dir = tmp();
    const input = path.join(dir, 'names.csv');
    const output = path.join(dir, 'result.csv');
    fs.writeFileSync(input, namesCsv(20_000));
    const run = await zb(['recognize', '--in', input, '--out', output, '--shipped-only']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/20000 rows .*unknown/);
    const rows = parseCsv(fs.readFileSync(output)) as string[][];
    expect(rows[0]).toEqual(['display_name', 'publisher', 'version', ...RESULT_COLUMNS]);
    expect(rows).toHaveLength(20_001);
    const at = (r: string[], col: string) => r[rows[0]!.indexOf(col)];
    expect(at(rows[1]!, 'product_key')).toBe('microsoft/office');
    expect(at(rows[1]!, 'edition')).toBe('Professional Plus');
    expect(at(rows[1]!, 'requires_licence')).toBe('true');
    expect(at(rows[2]!, 'licence_class')).toBe('freeware');
    expect(at(rows[2]!, 'domestic')).toBe('true');
    expect(rows[3]![0]).toBe('"Quoted, Name" Tool');
    expect(at(rows[3]!, 'product_key')).toBe('unknown');
    expect(at(rows[4]!, 'licence_class')).toBe('open-source');
    expect(at(rows[5]!, 'version_norm')).toBe('23.1.47.0');
  });

  it('writes NDJSON with --json', async () => {
    const dir = tmp();
    const input = path.join(dir, 'names.csv');
    fs.writeFileSync(input, namesCsv(5));
    const run = await zb(['recognize', '--in', input, '--json', '--shipped-only']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ display_name: NAMES[0]![0], productKey: 'microsoft/office', majorRelease: '16.0' });
  });

  it('explains a missing display_name column', async () => {
    const dir = tmp();
    const input = path.join(dir, 'bad.csv');
    fs.writeFileSync(input, 'name,publisher\nfoo,bar\n');
    const run = await zb(['recognize', '--in', input, '--shipped-only']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('display_name');
  });
});

describe.each(testDialects())('zb recognition rules on %s', (dialect) => {
  it('imports a rule file, applies it in zb recognize, and exports it again', async () => {
    const dir = tmp();
    const env = dialect === 'postgres' ? { DATABASE_URL: await freshPostgresUrl() } : {};
    const data = ['--data', path.join(dir, 'data')];
    const file = path.join(dir, 'rules.yaml');
    fs.writeFileSync(file, 'rules:\n  - id: province.office-tool\n    publisher: 浙江省大数据局\n    product: 浙里办\n    category: communication\n    licence: freeware\n    domestic: true\n    match: [\'^浙里办\']\n');
    const imported = await zb(['recognition', 'rules', 'import', file, '--json', ...data], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: 1, rejected: false });

    const input = path.join(dir, 'names.csv');
    fs.writeFileSync(input, 'display_name,publisher,version\n浙里办 3.0,,\n');
    const run = await zb(['recognize', '--in', input, '--json', ...data], env);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ ruleId: 'province.office-tool', domestic: true });

    const out = path.join(dir, 'exported.json');
    const exported = await zb(['recognition', 'rules', 'export', out, ...data], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).rules[0].id).toBe('province.office-tool');

    fs.writeFileSync(file, 'rules:\n  - { id: broken, publisher: A, product: B, category: utility, licence: freeware, match: ["(x"] }\n');
    const bad = await zb(['recognition', 'rules', 'import', file, ...data], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('REJECTED');
  });
});
