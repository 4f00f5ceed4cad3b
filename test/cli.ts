import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll } from 'vitest';
import type { DialectName } from '../packages/storage/database.ts';
import { freshPostgresUrl } from './dialects.ts';

/* Running `zb` as a user or a script does: a child process through bin/zb.mjs, against a fresh SQLite folder or PostgreSQL database. */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/zb.mjs');

export interface ZbRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `zb args…` with the environment given (DATABASE_URL only when given; never the caller's ZB_DATA). */
export function zb(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<ZbRun> {
  const base: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8', ...env };
  if (!env.DATABASE_URL) delete base.DATABASE_URL;
  delete base.ZB_DATA;
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: base, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export interface CliScene {
  /** the data folder (`--data`): the SQLite file, uploads and outputs live here */
  dir: string;
  /** DATABASE_URL for PostgreSQL; empty for SQLite */
  env: NodeJS.ProcessEnv;
  /** `zb args… --data dir` */
  run: (...args: string[]) => Promise<ZbRun>;
  /** runs SQL statements directly on the scene's database (setting a scene, or altering it behind the application's back) */
  exec: (...statements: string[]) => Promise<void>;
}

const dirs: string[] = [];
let cleanup = false;

/** A fresh database for one CLI test; its folder is removed after the file's tests. */
export async function cliScene(dialect: DialectName, prefix = 'zb-cli-'): Promise<CliScene> {
  if (!cleanup) {
    cleanup = true;
    afterAll(() => {
      for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  const env: NodeJS.ProcessEnv = dialect === 'postgres' ? { DATABASE_URL: await freshPostgresUrl() } : {};
  const exec = async (...statements: string[]) => {
    if (dialect === 'postgres') {
      const c = new pg.Client({ connectionString: env.DATABASE_URL });
      await c.connect();
      try {
        for (const q of statements) await c.query(q);
      } finally {
        await c.end();
      }
    } else {
      const db = new BetterSqlite3(path.join(dir, 'zhengban.sqlite'));
      try {
        for (const q of statements) db.exec(q);
      } finally {
        db.close();
      }
    }
  };
  return { dir, env, run: (...args) => zb([...args, '--data', dir], env), exec };
}
