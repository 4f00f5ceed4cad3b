import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgresUrl, testDialects } from '../../../test/dialects.ts';
import { ocsInventoryXml } from '../../../test/inventory-builders.ts';
import { freePort } from '../../../test/free-port.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ZB = path.join(ROOT, 'bin/zb.mjs');


function zb(args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync(process.execPath, [ZB, ...args], { cwd: ROOT, env, encoding: 'utf8' });
}

async function startServer(port: number, dataDir: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [ZB, 'serve', '--port', String(port), '--data', dataDir], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (r.ok) return child;
    } catch {
      /* not yet */
    }
    if (child.exitCode !== null) throw new Error(`server exited: ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${err}`);
}

/** RSS of a process in bytes (Linux). */
function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** The server's documented memory ceiling under this load (docs/ARCHITECTURE.md). */
const RSS_CEILING = 400 * 1024 * 1024;

describe.each(testDialects())('durability under kill -9 on %s', (dialect) => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('keeps every acknowledged inventory, processed once, after a crash mid-replay', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-kill-'));
    dirs.push(dataDir);
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
    delete env.DATABASE_URL;
    if (dialect === 'postgres') env.DATABASE_URL = await freshPostgresUrl();
    zb(['seed', '--data', dataDir], env);
    const orgs = JSON.parse(zb(['org', 'list', '--json', '--data', dataDir], env)) as { id: string }[];
    const orgId = orgs[0]!.id;
    const cred = JSON.parse(zb(['agent', 'credentials', 'create', '--org', orgId, '--json', '--data', dataDir], env)) as { user: string; password: string };
    const auth = `Basic ${Buffer.from(`${cred.user}:${cred.password}`).toString('base64')}`;

    const port = await freePort();
    let server = await startServer(port, dataDir, env);
    children.push(server);
    const packages = Array.from({ length: 300 }, (_, i) => [`package-${i}`, `1.${i}`] as [string, string]);
    const acknowledged = new Set<string>();
    let peakRss = 0;
    let sending = true;
    const sender = async (worker: number) => {
      for (let n = 0; sending; n++) {
        const name = `kill-${worker}-${n}`;
        const body = deflateSync(ocsInventoryXml({ deviceId: `${name}-2026`, name, serial: `SN-${name}`, packages }));
        try {
          const r = await fetch(`http://127.0.0.1:${port}/ocsinventory`, { method: 'POST', body, headers: { authorization: auth, 'content-type': 'application/x-compress' } });
          if (r.status === 200) acknowledged.add(name);
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = [0, 1, 2, 3].map(sender);
    const monitor = setInterval(() => server.pid && server.exitCode === null && (peakRss = Math.max(peakRss, rssOf(server.pid))), 50);
    // Kill mid-replay once some inventories are acknowledged (a busy machine may need longer than a quiet one).
    for (const started = Date.now(); acknowledged.size < 10 && Date.now() - started < 30_000; ) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    server.kill('SIGKILL');
    sending = false;
    await Promise.all(workers);
    clearInterval(monitor);
    expect(acknowledged.size).toBeGreaterThan(5);
    expect(peakRss).toBeLessThan(RSS_CEILING);

    server = await startServer(port, dataDir, env);
    children.push(server);
    const devices = JSON.parse(zb(['device', 'list', '--org', orgId, '--json', '--data', dataDir], env)) as { name: string; softwareCount: number }[];
    server.kill('SIGKILL');
    const byName = new Map<string, number>();
    for (const d of devices) byName.set(d.name, (byName.get(d.name) ?? 0) + 1);
    for (const name of acknowledged) {
      expect(byName.get(name), name).toBe(1);
    }
    // Nothing twice, and every stored device is complete.
    expect([...byName.values()].every((c) => c === 1)).toBe(true);
    // (The demo profile has computers of its own: only the replay's are checked for completeness.)
    // Complete: the 300 packages and the operating system (HARDWARE/OSNAME); any other count is listed.
    expect(devices.filter((d) => d.name.startsWith('kill-') && d.softwareCount !== 300 + 1).map((d) => `${d.name}:${d.softwareCount}`)).toEqual([]);
  }, 120_000);
});
