import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.ts';

/*
 * A throwaway PostgreSQL cluster from the system binaries, for the test run
 * (test/global-setup.ts) and the bench (bench/run.ts).
 */

/** A running cluster: its admin URL, server version, and how to stop it. */
export interface PgCluster {
  adminUrl: string;
  version: string;
  stop(): void;
}

/** Finds the PostgreSQL server binaries (Debian puts them outside PATH). */
export function pgBinDir(): string | null {
  for (const v of ['15', '16', '17']) {
    const dir = `/usr/lib/postgresql/${v}/bin`;
    if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
  }
  return null;
}

/**
 * Starts a cluster on 127.0.0.1 with durability off (as the tests do: the
 * figures compare code paths, not disks). Returns null when the binaries are
 * absent. initdb refuses root, so as root it runs as `postgres`.
 */
export async function startPgCluster(): Promise<PgCluster | null> {
  const bin = pgBinDir();
  if (!bin) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  fs.chmodSync(dir, 0o700);
  const dataDir = path.join(dir, 'data');
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  run('pg_ctl', ['-D', dataDir, '-o', opts, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const version = String((await client.query('show server_version')).rows[0]?.server_version ?? '?');
  await client.end();
  return {
    adminUrl,
    version,
    stop() {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Creates an empty database in the cluster and returns its URL. */
export async function createPgDatabase(adminUrl: string): Promise<string> {
  const name = `zb_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return adminUrl.replace(/\/postgres$/, `/${name}`);
}
