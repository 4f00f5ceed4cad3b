import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { isValidUscc, usccCheckChar, type Org, type OrgImportResult } from '../../packages/contracts/index.ts';
import { demoAgencies, demoEnterprises } from '../../packages/storage/seeds/demo-profile.ts';
import type { DialectName } from '../../packages/storage/database.ts';
import { freshPostgresUrl, testDialects } from '../../test/dialects.ts';
import { freePort } from '../../test/free-port.ts';

/*
 * The `zb` command line as a user runs it: real child processes through
 * bin/zb.mjs, a real SQLite file or a real PostgreSQL database, nothing
 * imported from the CLI itself. Each test gets its own data folder and
 * database, so tests do not depend on each other.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/zb.mjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion and keeps its exit code instead of throwing on non-zero. */
function runProgram(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, env, timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The parent's environment minus what would point the CLI at another database; English messages. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8' };
  delete env.DATABASE_URL;
  delete env.ZB_DATA;
  delete env.PORT;
  return env;
}

/** One test's database: a temp data folder, plus a fresh PostgreSQL database on that dialect. */
interface Sandbox {
  dialect: DialectName;
  dir: string;
  env: NodeJS.ProcessEnv;
  /** `zb <args> --data <dir>` with this sandbox's database. */
  zb(...args: string[]): Promise<Run>;
  /** Runs one statement directly against the database, behind the CLI's back. */
  exec(statement: string, params?: unknown[]): Promise<void>;
  /** One column of one row, read directly. */
  value(query: string, params?: unknown[]): Promise<unknown>;
}

// Removed after the file rather than after each test: the tests of a dialect run concurrently.
const sandboxDirs: string[] = [];
afterAll(() => {
  for (const d of sandboxDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function sandbox(dialect: DialectName): Promise<Sandbox> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-cli-'));
  sandboxDirs.push(dir);
  const env = baseEnv();
  if (dialect === 'postgres') env.DATABASE_URL = await freshPostgresUrl();
  const sqliteFile = path.join(dir, 'zhengban.sqlite');
  // pg placeholders are $1…; SQLite's are ?, so statements are written with ? and renumbered for pg.
  const pgText = (q: string) => {
    let i = 0;
    return q.replace(/\?/g, () => `$${++i}`);
  };
  const withPg = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: env.DATABASE_URL });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  const withSqlite = <T>(fn: (db: BetterSqlite3.Database) => T): T => {
    const db = new BetterSqlite3(sqliteFile);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return {
    dialect,
    dir,
    env,
    zb: (...args) => runProgram(process.execPath, [BIN, ...args, '--data', dir], env),
    async exec(statement, params = []) {
      if (dialect === 'postgres') await withPg((c) => c.query(pgText(statement), params));
      else withSqlite((db) => db.prepare(statement).run(...params));
    },
    async value(query, params = []) {
      if (dialect === 'postgres') return withPg(async (c) => Object.values((await c.query(pgText(query), params)).rows[0] ?? {})[0]);
      return withSqlite((db) => Object.values((db.prepare(query).get(...params) as Record<string, unknown> | undefined) ?? {})[0]);
    },
  };
}

/** Parses stdout as JSON, showing stderr when the command did not print any. */
function json<T>(r: Run): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
}

/** A valid USCC from its first 17 characters. */
const uscc = (first17: string) => first17 + usccCheckChar(first17);
const PARENT = uscc('11330100MB1234567');
const CHILD = uscc('91330106MA7654321');
const OTHER = uscc('91330200MA1111111');
/** PARENT with a wrong check character. */
const BAD = PARENT.slice(0, 17) + (PARENT.endsWith('0') ? '1' : '0');

const HEADER = '单位名称,统一社会信用代码,单位类型,机关类别,企业性质,所属行业,行政级别,行政区划代码,上级单位统一社会信用代码,人员数量';
const parentRow = (code = PARENT) => `杭州市测试局,${code},政府机关,政府部门,,,地市级,330100,,120`;
// The staff count is quoted with a thousands separator, as Excel writes it.
const childRow = `西湖测试科技有限公司,${CHILD},企业,,民营企业,其他,县级,330106,${PARENT},"1,200"`;
const otherRow = `宁波测试银行股份有限公司,${OTHER},企业,,地方国有企业,银行,地市级,330200,,800`;

function writeCsv(dir: string, name: string, rows: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `\uFEFF${[HEADER, ...rows].join('\r\n')}\r\n`);
  return file;
}

async function orgList(s: Sandbox, ...filters: string[]): Promise<Org[]> {
  const r = await s.zb('org', 'list', '--json', ...filters);
  expect(r.code, r.stderr).toBe(0);
  return json<Org[]>(r);
}


/**
 * Starts `zb serve`, waits up to 30 s for /api/health to answer 200 and
 * returns its body; the server is killed whatever happens.
 */
async function serveHealth(args: string[], env: NodeJS.ProcessEnv, port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${output}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5_000) });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    throw new Error(`no answer on port ${port} within 30 s:\n${output}`);
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  }
}

// Concurrent within a dialect: every test has its own database, and the time is spent waiting for child processes.
describe.concurrent.each(testDialects())('zb on %s', { timeout: 120_000 }, (dialect) => {
  it('migrates, seeds the demo profile once, and lists it', async () => {
    const s = await sandbox(dialect);
    const migrate = await s.zb('migrate');
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toMatch(new RegExp(`Schema up to date \\(${dialect}\\); \\d{4,} regions loaded`));

    const seed = await s.zb('seed', '--profile', 'demo');
    expect(seed.code, seed.stderr).toBe(0);
    const expected = demoAgencies().length + demoEnterprises().length;
    expect(expected).toBeGreaterThanOrEqual(50);
    expect(seed.stdout).toContain(`Seeded demo: ${expected} organizations, 7 users.`);

    const orgs = await orgList(s);
    expect(orgs).toHaveLength(expected);
    for (const o of orgs) {
      expect(o.regionCode, o.name).toMatch(/^33\d{4}$/);
      expect(isValidUscc(o.uscc), `${o.name} ${o.uscc}`).toBe(true);
    }
    expect(new Set(orgs.map((o) => o.uscc)).size).toBe(expected);

    const again = await s.zb('seed', '--profile', 'demo');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('nothing seeded');
    const after = await orgList(s);
    expect(after.map((o) => o.id).sort()).toEqual(orgs.map((o) => o.id).sort());

    // The region filter reaches the service: a prefecture subtree.
    const hangzhou = await orgList(s, '--region', '330100');
    expect(hangzhou.length).toBeGreaterThan(0);
    expect(hangzhou.length).toBeLessThan(expected);
    expect(hangzhou.every((o) => o.regionCode.startsWith('3301'))).toBe(true);
  });

  it('adds a user, refuses a weak password and a taken name', async () => {
    const s = await sandbox(dialect);
    const ok = await s.zb('user', 'add', '-u', 'zhang.san', '-p', 'Zhengban2026', '-r', 'region_admin', '--region', '330100', '--json');
    expect(ok.code, ok.stderr).toBe(0);
    expect(json<Record<string, unknown>>(ok)).toMatchObject({ username: 'zhang.san', role: 'region_admin', regionCode: '330100', regionName: '杭州市', disabled: false });

    const weak = await s.zb('user', 'add', '-u', 'li.si', '-p', 'password', '--json');
    expect(weak.code).toBe(2); // validation failures exit 2, service errors 1
    expect(weak.stdout).toBe('');
    expect(weak.stderr).toMatch(/^password: .*8.*\/ 密码/m);

    const dup = await s.zb('user', 'add', '-u', 'zhang.san', '-p', 'Another2026');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('USERNAME_TAKEN');
    expect(Number(await s.value('select count(*) as n from users'))).toBe(1);
  });

  it('imports a CSV: dry run, create, unchanged re-import, all-or-nothing and valid rows', async () => {
    const s = await sandbox(dialect);
    const good = writeCsv(s.dir, 'orgs.csv', [childRow, parentRow()]); // child first: the importer orders parents first
    const count = async () => Number(await s.value('select count(*) as n from organizations'));
    const auditCount = async () => Number(await s.value('select count(*) as n from audit_log'));

    const dry = await s.zb('org', 'import', good, '--dry-run', '--json');
    expect(dry.code, dry.stderr).toBe(0);
    expect(json<OrgImportResult>(dry)).toMatchObject({ totalRows: 2, created: 2, updated: 0, unchanged: 0, dryRun: true, rejected: false, errors: [] });
    expect(await count()).toBe(0);
    expect(await auditCount()).toBe(0);

    const first = await s.zb('org', 'import', good, '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(json<OrgImportResult>(first)).toMatchObject({ totalRows: 2, created: 2, updated: 0, unchanged: 0, skipped: 0, dryRun: false, rejected: false, errors: [] });
    const orgs = await orgList(s);
    const parent = orgs.find((o) => o.uscc === PARENT);
    const child = orgs.find((o) => o.uscc === CHILD);
    expect(parent).toMatchObject({ name: '杭州市测试局', type: 'agency', agencyKind: 'government', level: 'prefecture', regionCode: '330100', parentId: null, staffCount: 120 });
    expect(child).toMatchObject({ type: 'enterprise', ownership: 'private', industry: 'other', level: 'county', regionCode: '330106', parentId: parent?.id, parentName: '杭州市测试局', staffCount: 1200 });
    const auditAfterFirst = await auditCount();
    expect(auditAfterFirst).toBe(3); // two creations and the import itself

    const again = await s.zb('org', 'import', good, '--json');
    expect(again.code, again.stderr).toBe(0);
    expect(json<OrgImportResult>(again)).toMatchObject({ created: 0, updated: 0, unchanged: 2, skipped: 0, errors: [] });
    const orgsAgain = await orgList(s);
    expect(orgsAgain.map((o) => [o.id, o.updatedAt])).toEqual(orgs.map((o) => [o.id, o.updatedAt]));
    expect(await auditCount()).toBe(auditAfterFirst + 1); // only the import record, no org changes

    // One bad code rejects the whole file (all-or-nothing) …
    const mixed = writeCsv(s.dir, 'mixed.csv', [otherRow, parentRow(BAD)]);
    const rejected = await s.zb('org', 'import', mixed, '--json');
    expect(rejected.code).toBe(1);
    const rejectedResult = json<OrgImportResult>(rejected);
    expect(rejectedResult).toMatchObject({ totalRows: 2, created: 0, updated: 0, rejected: true, skipped: 2 });
    expect(rejectedResult.errors).toEqual([expect.objectContaining({ row: 3, field: '统一社会信用代码' })]);
    expect(await count()).toBe(2);
    // … and the human-readable form names the row and column.
    const rejectedText = await s.zb('org', 'import', mixed);
    expect(rejectedText.code).toBe(1);
    expect(rejectedText.stdout).toMatch(/REJECTED, nothing imported/);
    expect(rejectedText.stdout).toMatch(/row 3 统一社会信用代码: /);
    expect(await count()).toBe(2);

    // … unless --valid-rows, which imports the good row and still exits 1 for the bad one.
    const partial = await s.zb('org', 'import', mixed, '--valid-rows', '--json');
    expect(partial.code).toBe(1);
    expect(json<OrgImportResult>(partial)).toMatchObject({ created: 1, updated: 0, skipped: 1, rejected: false });
    expect((await orgList(s)).map((o) => o.uscc).sort()).toEqual([PARENT, CHILD, OTHER].sort());
  });

  it('verifies the audit chain and names an altered or a deleted record', async () => {
    const s = await sandbox(dialect);
    expect((await s.zb('user', 'add', '-u', 'wang.wu', '-p', 'Zhengban2026')).code).toBe(0);
    const imported = await s.zb('org', 'import', writeCsv(s.dir, 'orgs.csv', [parentRow(), childRow]), '--json');
    expect(imported.code, imported.stderr).toBe(0); // seq 1 user, 2–3 organizations, 4 import

    const ok = await s.zb('audit', 'verify', '--json');
    expect(ok.code, ok.stderr).toBe(0);
    expect(json<Record<string, unknown>>(ok)).toEqual({ ok: true, checked: 4, headSeq: 4, problem: null });

    const original = await s.value('select after_json from audit_log where seq = 3');
    expect(typeof original).toBe('string');
    const forged = JSON.stringify({ ...(JSON.parse(String(original)) as Record<string, unknown>), name: '篡改后的名称' });
    expect(forged).not.toBe(original);
    await s.exec('update audit_log set after_json = ? where seq = 3', [forged]);
    const altered = await s.zb('audit', 'verify', '--json');
    expect(altered.code).toBe(1);
    expect(json<Record<string, unknown>>(altered)).toMatchObject({ ok: false, problem: { seq: 3, kind: 'altered', message: 'audit record 3 was altered' } });
    const alteredText = await s.zb('audit', 'verify');
    expect(alteredText.code).toBe(1);
    expect(alteredText.stdout).toContain('FAILED at record 3 (altered)');

    // Putting the text back restores the chain: the check is about content, not about writes.
    await s.exec('update audit_log set after_json = ? where seq = 3', [original]);
    expect((await s.zb('audit', 'verify')).code).toBe(0);

    await s.exec('delete from audit_log where seq = 2');
    const missing = await s.zb('audit', 'verify', '--json');
    expect(missing.code).toBe(1);
    expect(json<Record<string, unknown>>(missing)).toMatchObject({ ok: false, problem: { seq: 2, kind: 'missing' } });
  });

  it('serves /api/health on --port', async () => {
    const s = await sandbox(dialect);
    const port = await freePort();
    const { status, body } = await serveHealth(['--port', String(port), '--data', s.dir], s.env, port);
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, database: dialect, version: '0.1.0' });
  });

  it('serves /api/health on the PORT from the environment', async () => {
    const s = await sandbox(dialect);
    const port = await freePort();
    const { status, body } = await serveHealth(['--data', s.dir], { ...s.env, PORT: String(port) }, port);
    expect(status).toBe(200);
    expect(body.database).toBe(dialect);
  });
});

describe('zb --help', () => {
  it('prints English with Chinese descriptions', async () => {
    const r = await runProgram(process.execPath, [BIN, '--help'], baseEnv());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: zb [options] [command]');
    for (const text of ['serve', 'migrate', 'seed', 'audit', 'user', 'org', 'openapi', '启动服务', '数据库迁移', '导入演示数据', '审计日志', '单位', 'DATABASE_URL']) {
      expect(r.stdout, text).toContain(text);
    }
    const sub = await runProgram(process.execPath, [BIN, 'org', 'import', '--help'], baseEnv());
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--valid-rows');
    expect(sub.stdout).toContain('导入单位');
  });

  it('runs from the checkout as `npx zb`', async () => {
    // --yes=false: never download a package named zb; the checkout's own bin must answer.
    const r = await runProgram('npx', ['--yes=false', 'zb', '--help'], baseEnv());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage: zb [options] [command]');
    expect(r.stdout).toContain('软件正版化工作平台');
  });
});
