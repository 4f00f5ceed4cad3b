import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgresUrl, testDialects } from '../../../test/dialects.ts';

/* `zb campaign list` and `zb snapshot create|verify` as a user runs them: child processes through bin/zb.mjs. */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'bin/zb.mjs');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function zb(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const base: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8', ...env };
  if (!env.DATABASE_URL) delete base.DATABASE_URL;
  delete base.ZB_DATA;
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: base, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

describe.concurrent.each(testDialects())('zb snapshot on %s', { timeout: 120_000 }, (dialect) => {
  it('creates a month-end snapshot once, verifies it, and exits 1 naming an altered figure', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-snapshot-'));
    dirs.push(dir);
    const env: NodeJS.ProcessEnv = dialect === 'postgres' ? { DATABASE_URL: await freshPostgresUrl() } : {};
    const run = (...args: string[]) => zb([...args, '--data', dir], env);
    const exec = async (q: string) => {
      if (dialect === 'postgres') {
        const c = new pg.Client({ connectionString: env.DATABASE_URL });
        await c.connect();
        await c.query(q).finally(() => c.end());
      } else {
        const db = new BetterSqlite3(path.join(dir, 'zhengban.sqlite'));
        db.exec(q);
        db.close();
      }
    };

    expect((await run('migrate')).code).toBe(0);
    const none = await run('snapshot', 'create', '--date', '2026-01-31');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('VALIDATION_FAILED');
    await exec(`insert into campaigns (id, name, description, threshold, categories_json, status, created_by, created_at, updated_at) values ('c1', '2026年检查整改', null, 1, '["operating-system","office-suite","security"]', 'active', 'test', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`);
    await exec(`insert into campaign_deadlines (campaign_id, level, deadline) values ('c1', 'county', '2026-12-31')`);

    const list = await run('campaign', 'list');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('2026年检查整改');
    expect(list.stdout).toContain('county 县级 2026-12-31');

    const created = await run('snapshot', 'create', '--date', '2026-01-31');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('snapshot 2026-01-31 (month-end) created');
    const again = await run('snapshot', 'create', '--date', '2026-01-31');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('SNAPSHOT_EXISTS');

    const ok = await run('snapshot', 'verify', '2026-01-31');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('match the stored records');

    await exec(`update snapshot_figures set spent = 12345 where subject = 'R:000000'`);
    const bad = await run('snapshot', 'verify', '2026-01-31');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('no longer match their checksum');
    expect(bad.stdout).toContain('全国 (R:000000) spent: 12345 → 0');

    expect((await run('snapshot', 'verify', '2026-02-30x')).code).toBe(2);
    const missing = await run('snapshot', 'verify', '2025-01-01');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('NOT_FOUND');
  });
});
