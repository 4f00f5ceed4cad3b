import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectLinux } from './collect-linux.ts';
import { collectInventory } from './collect.ts';
import type { CommandResult, CommandRunner } from './scan.types.ts';

const hasDpkg = (() => {
  try {
    execFileSync('dpkg-query', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(process.platform === 'linux')('collectLinux on this machine', () => {
  it.runIf(hasDpkg)('lists every installed dpkg package, with hostname and identity', async () => {
    const expected = execFileSync('dpkg-query', ['-W', '-f=${db:Status-Abbrev}\n'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.startsWith('ii')).length;
    const c = await collectInventory();
    const dpkg = c.inventory.software.filter((s) => s.source === 'dpkg');
    expect(dpkg).toHaveLength(expected);
    expect(c.collectors).toContain('dpkg');
    expect(c.collectors).toContain('linux-hardware');
    expect(c.inventory).toMatchObject({ format: 'zb-scan', agent: 'zb-scan/0.1.0', partial: false, softwareIncluded: true });
    // dpkg-query knows adduser-like packages; every row has a name, version and architecture
    expect(dpkg.every((s) => s.name && s.version && s.arch)).toBe(true);
    expect(dpkg.filter((s) => s.installDate !== null).length).toBeGreaterThan(expected * 0.9);

    const hw = c.inventory.hardware;
    expect(hw.hostname).toBe(os.hostname());
    // product_uuid is root-only and absent in some containers: check its form when present
    if (hw.uuid !== null) expect(hw.uuid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    if (fs.existsSync('/etc/machine-id')) expect(hw.agentDeviceId).toBe(fs.readFileSync('/etc/machine-id', 'utf8').trim());
    expect(hw.uuid).not.toBe(hw.agentDeviceId);
    for (const m of hw.macs) expect(m).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(hw.osArch).toBe(os.machine());
    expect(hw.memoryMb).toBeGreaterThan(0);
  });
});

describe('collectLinux on a made-up machine', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-scan-root-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const write = (p: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), text);
  };
  write('sys/class/dmi/id/product_uuid', '4c4c4544-0042-3510-8052-b4c04f4e4e32\n');
  write('sys/class/dmi/id/product_serial', 'To be filled by O.E.M.\n');
  write('sys/class/dmi/id/sys_vendor', 'LENOVO\n');
  write('sys/class/dmi/id/product_name', 'ThinkCentre M720t\n');
  write('etc/machine-id', 'abcdef0123456789abcdef0123456789\n');
  write('etc/os-release', 'NAME="UOS"\nPRETTY_NAME="UnionTech OS Desktop 20 Pro"\nVERSION_ID="20"\n');
  const nic = (name: string, mac: string, device: boolean, bridge = false) => {
    write(`sys/class/net/${name}/address`, `${mac}\n`);
    if (device) fs.mkdirSync(path.join(root, `sys/class/net/${name}/device`), { recursive: true });
    if (bridge) fs.mkdirSync(path.join(root, `sys/class/net/${name}/bridge`), { recursive: true });
  };
  nic('enp3s0', '8C:16:45:AA:BB:CC', true);
  nic('wlp2s0', '8c:16:45:aa:bb:dd', true);
  nic('lo', '00:00:00:00:00:00', false);
  nic('docker0', '02:42:ac:11:00:01', false, true);
  nic('veth12ab', '3a:1b:2c:3d:4e:5f', false);
  nic('br0', '8c:16:45:aa:bb:cc', true, true);
  write('var/lib/dpkg/info/wps-office.list', '');
  fs.utimesSync(path.join(root, 'var/lib/dpkg/info/wps-office.list'), new Date('2024-03-05T08:00:00Z'), new Date('2024-03-05T08:00:00Z'));

  const ok = (stdout: string): CommandResult => ({ found: true, code: 0, stdout: Buffer.from(stdout), stderr: Buffer.alloc(0), timedOut: false, error: null });
  const missing: CommandResult = { found: false, code: null, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), timedOut: false, error: null };
  const calls: string[] = [];
  const run: CommandRunner = async (file) => {
    calls.push(file);
    if (file === 'dpkg-query') return ok('wps-office\t11.1.0.11720\tamd64\tKingsoft <wps@kingsoft.com>\t1100000\teditors\tii \n');
    if (file === 'snap') return { ...ok(''), code: 1, stderr: Buffer.from('error: cannot communicate with server: connection refused\n') };
    if (file === 'flatpak') return { ...ok(''), code: null, timedOut: true };
    return missing;
  };

  it('reads identity from sysfs/etc, skips missing tools silently, warns about failing ones', async () => {
    const c = await collectLinux({ run, root });
    expect(calls).toEqual(['dpkg-query', 'rpm', 'snap', 'flatpak']);
    expect(c.collectors).toEqual(['dpkg', 'linux-hardware']);
    expect(c.warnings).toEqual(['snap: exit code 1 — error: cannot communicate with server: connection refused', 'flatpak: timed out']);
    expect(c.software).toEqual([
      { name: 'wps-office', version: '11.1.0.11720', publisher: 'Kingsoft', arch: 'amd64', installDate: '2024-03-05', source: 'dpkg', guid: null, sizeBytes: 1100000 * 1024, systemCategory: 'editors' },
    ]);
    expect(c.hardware).toMatchObject({
      uuid: '4C4C4544-0042-3510-8052-B4C04F4E4E32',
      serial: null,
      manufacturer: 'LENOVO',
      model: 'ThinkCentre M720t',
      agentDeviceId: 'abcdef0123456789abcdef0123456789',
      macs: ['8c:16:45:aa:bb:cc', '8c:16:45:aa:bb:dd'],
      osName: 'UnionTech OS Desktop 20 Pro',
      osVersion: '20',
    });
  });

  it('never takes the machine id as the UUID', async () => {
    fs.rmSync(path.join(root, 'sys/class/dmi'), { recursive: true });
    const c = await collectLinux({ run, root });
    expect(c.hardware.uuid).toBeNull();
    expect(c.hardware.agentDeviceId).toBe('abcdef0123456789abcdef0123456789');
  });
});
