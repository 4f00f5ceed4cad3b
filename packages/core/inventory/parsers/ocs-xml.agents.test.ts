import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOcsRequest } from './ocs-xml.parser.ts';

/**
 * This machine's own inventory, as the real agents write it, parsed and
 * compared with dpkg. Runs only where the agents are installed (`.ci/run`
 * installs both Debian packages); nothing machine-specific is stored.
 */
const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const hasDpkg = onPath('dpkg-query');

/** Installed packages as `name arch version`: what both agents list (they skip removed-but-configured ones). */
function dpkgInstalled(): string[] {
  const out = execFileSync('dpkg-query', ['-W', '-f', '${Package}\t${Architecture}\t${Version}\t${Status}\n'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => / installed$/.test(l))
    .map((l) => l.split('\t').slice(0, 3).join(' '))
    .sort();
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-agents-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!hasDpkg || !onPath('ocsinventory-agent'))('ocsinventory-agent on this machine', () => {
  it('lists every installed dpkg package once, names as dpkg-query ${Package} has them', () => {
    const local = path.join(tmp, 'ocs');
    fs.mkdirSync(local);
    // --basevardir keeps the agent's state out of /var/lib; --local writes <DEVICEID>.ocs there.
    execFileSync('ocsinventory-agent', [`--local=${local}`, `--basevardir=${path.join(tmp, 'ocs-var')}`], { stdio: 'pipe', timeout: 50_000 });
    const file = fs.readdirSync(local).find((f) => f.endsWith('.ocs'));
    expect(file).toBeDefined();
    const buf = fs.readFileSync(path.join(local, file!));
    const inv = parseOcsRequest(buf, { userAgent: 'OCS-NG_unified_unix_agent_v2.10.0' }).inventory!;
    expect(inv.software).toHaveLength(buf.toString().split('<SOFTWARES>').length - 1);
    expect(inv.software.map((s) => `${s.name} ${s.arch} ${s.version}`).sort()).toEqual(dpkgInstalled());
    expect(inv.hardware.hostname).toBe(os.hostname().split('.')[0]);
    for (const s of inv.software) if (s.installDate) expect(Date.parse(s.installDate)).toBeLessThanOrEqual(Date.now() + 86_400_000);
  });
});

describe.skipIf(!hasDpkg || !onPath('fusioninventory-inventory'))('fusioninventory-inventory on this machine', () => {
  it('lists every installed dpkg package once', () => {
    const xml = execFileSync('fusioninventory-inventory', [], { maxBuffer: 64 * 1024 * 1024, timeout: 50_000, stdio: ['ignore', 'pipe', 'pipe'] });
    const r = parseOcsRequest(xml);
    const inv = r.inventory!;
    expect(inv.agent).toMatch(/^FusionInventory-(Agent|Inventory)_v/);
    expect(inv.software.map((s) => `${s.name} ${s.arch} ${s.version}`).sort()).toEqual(dpkgInstalled());
    expect(inv.collectedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
