import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../packages/core/auth/system-actor.ts';
import { createServices, type Services } from '../../../packages/core/services.ts';
import { openDatabase } from '../../../packages/storage/database.ts';
import { migrateToLatest } from '../../../packages/storage/migrate.ts';
import { createOrg } from '../../../test/builders.ts';
import { buildApp, type ZbApp } from '../app.ts';

const run = promisify(execFile);
const onPath = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const hasOcs = onPath('ocsinventory-agent');
const hasFusion = onPath('fusioninventory-agent');
const hasDpkg = onPath('dpkg-query');
/** This machine's /etc/os-release (NAME, PRETTY_NAME, ...), empty when there is none. */
const osRelease = fs.existsSync('/etc/os-release')
  ? Object.fromEntries([...fs.readFileSync('/etc/os-release', 'utf8').matchAll(/^(\w+)="?([^"\n]*)"?$/gm)].map((m) => [m[1]!, m[2]!]))
  : ({} as Record<string, string>);

/**
 * The real agents from Debian, unchanged, against the real server on
 * 127.0.0.1. Installs nothing: skips when the agents are not on the PATH
 * (.ci/run installs both).
 */
describe.skipIf(!(hasOcs || hasFusion) || !hasDpkg)('real inventory agents', () => {
  let dir: string;
  let s: Services;
  let zb: ZbApp;
  let url: string;
  let orgId: string;
  let cred: { username: string; password: string };
  const packages = new Set(
    execFileSync('dpkg-query', ['-W', '-f=${Package}\\n'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean),
  );

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-agents-'));
    const database = openDatabase({ dataDir: dir });
    await migrateToLatest(database);
    s = createServices(database);
    zb = await buildApp({ services: s, dataDir: dir });
    const address = await zb.app.listen({ port: 0, host: '127.0.0.1' });
    url = `${address}/ocsinventory`;
    orgId = (await createOrg(s, { name: '本机测试单位' })).id;
    const c = await s.agents.create(SYSTEM_ACTOR, orgId, 'real agents', address);
    cred = { username: c.username, password: c.password };
  });
  afterAll(async () => {
    await zb?.app.close();
    await s?.database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function devices() {
    return (await s.devices.list(SYSTEM_ACTOR, { page: 1, pageSize: 50, orgId, status: 'active' })).items;
  }

  async function softwareNames(deviceId: string): Promise<Set<string>> {
    const names = new Set<string>();
    for (let page = 1; ; page++) {
      const r = await s.devices.software(SYSTEM_ACTOR, orgId, deviceId, { page, pageSize: 500 });
      for (const x of r.items) names.add(x.name);
      if (r.items.length < 500) break;
    }
    return names;
  }

  /** The names of a device's operating system installs (source `os`). */
  async function osInstalls(deviceId: string): Promise<string[]> {
    const names: string[] = [];
    for (let page = 1; ; page++) {
      const r = await s.devices.software(SYSTEM_ACTOR, orgId, deviceId, { page, pageSize: 500 });
      for (const x of r.items) if (x.source === 'os') names.push(x.name);
      if (r.items.length < 500) return names;
    }
  }

  it.skipIf(!hasOcs)('ocsinventory-agent submits this machine with every dpkg package', async () => {
    const b64 = (v: string) => Buffer.from(v).toString('base64');
    const basevardir = fs.mkdtempSync(path.join(dir, 'ocs-'));
    await run('ocsinventory-agent', ['--local=0', '--server', url, '--user', b64(cred.username), '--password', b64(cred.password), '--realm', 'Zhengban', `--basevardir=${basevardir}`, '--force'], { timeout: 120_000 });
    const list = await devices();
    expect(list).toHaveLength(1);
    expect(list[0]!.name).toBe(os.hostname());
    expect(list[0]!.agent).toMatch(/^OCS-NG/);
    const names = await softwareNames(list[0]!.id);
    const missing = [...packages].filter((p) => !names.has(p));
    expect(missing).toEqual([]);
    // The operating system is one install, named by HARDWARE/OSNAME: os-release's NAME and VERSION_ID (PRETTY_NAME goes to OSCOMMENTS).
    expect(list[0]!.osName).toBeTruthy();
    expect(await osInstalls(list[0]!.id)).toEqual([list[0]!.osName]);
    if (osRelease.NAME) expect(list[0]!.osName!.startsWith(osRelease.NAME)).toBe(true);
  });

  it.skipIf(!hasFusion)('fusioninventory-agent lands on the same device', async () => {
    await run('fusioninventory-agent', ['--server', url, '--user', cred.username, '--password', cred.password, '--tasks=inventory', '--no-httpd', '--force', '--logger=stderr'], { timeout: 180_000 });
    const list = await devices();
    expect(list).toHaveLength(1);
    const names = await softwareNames(list[0]!.id);
    expect([...packages].filter((p) => !names.has(p))).toEqual([]);
    // Fusion names the system by PRETTY_NAME; it replaces whatever the other agent called it.
    expect(list[0]!.osName).toBeTruthy();
    expect(await osInstalls(list[0]!.id)).toEqual([list[0]!.osName]);
    if (osRelease.PRETTY_NAME) expect(list[0]!.osName).toBe(osRelease.PRETTY_NAME);
    const subs = await s.devices.submissions(SYSTEM_ACTOR, orgId, { page: 1, pageSize: 10 });
    expect(subs.items.every((x) => x.status === 'processed')).toBe(true);
    // Both agents really submitted, and both landed on the one device.
    expect(subs.items.map((x) => x.agent ?? '').some((a) => a.startsWith('FusionInventory-Agent'))).toBe(true);
    expect(new Set(subs.items.map((x) => x.deviceId)).size).toBe(1);
  });

  it('refuses agents without valid credentials', async () => {
    const res = await fetch(url, { method: 'POST', body: 'x', headers: { authorization: `Basic ${Buffer.from('nobody:wrong').toString('base64')}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="Zhengban"');
  });
});
