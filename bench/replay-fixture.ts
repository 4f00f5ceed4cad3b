import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ocsInventoryXml } from '../test/inventory-builders.ts';

let captured: string | null = null;

/**
 * An OCS inventory of this machine, captured with the real agent in local
 * mode (about 900 dpkg packages on a Debian desktop); a generated
 * 900-package inventory when the agent is not installed.
 */
export function capturedInventory(): { xml: string; source: string } {
  if (captured) return { xml: captured, source: 'ocsinventory-agent --local (this machine)' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-capture-'));
  try {
    execFileSync('ocsinventory-agent', [`--local=${dir}`, `--basevardir=${dir}`], { stdio: 'ignore', timeout: 120_000 });
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.ocs'));
    if (file) {
      captured = fs.readFileSync(path.join(dir, file), 'utf8');
      return { xml: captured, source: 'ocsinventory-agent --local (this machine)' };
    }
  } catch {
    /* agent absent: generate */
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  captured = ocsInventoryXml({ deviceId: 'gen-1', name: 'gen', packages: Array.from({ length: 900 }, (_, i) => [`package-${i}`, `1.${i}-1`] as [string, string]) });
  return { xml: captured, source: 'generated (900 packages)' };
}

/** Copy n of the captured inventory with its own DEVICEID, host name, UUID, serial and MACs. */
export function inventoryCopy(xml: string, n: number, run: string): string {
  const id = `${run}-${n}`;
  const hex = n.toString(16).padStart(8, '0');
  const uuid = `${hex}-${run.slice(0, 4).padEnd(4, '0')}-4000-8000-${hex.padStart(12, '0')}`;
  let mac = 0;
  return xml
    .replace(/<DEVICEID>[^<]*<\/DEVICEID>/, `<DEVICEID>replay-${id}-2026-11-27-00-00-00</DEVICEID>`)
    .replace(/(<HARDWARE>[\s\S]*?<NAME>)[^<]*(<\/NAME>)/, `$1replay-${id}$2`)
    .replace(/<UUID>[^<]*<\/UUID>/, '')
    .replace('<HARDWARE>', `<HARDWARE><UUID>${uuid}</UUID>`)
    .replace(/<SSN>[^<]*<\/SSN>/, '')
    .replace('<BIOS>', `<BIOS><SSN>SN-${id}</SSN>`)
    .replace(/<MACADDR>[^<]*<\/MACADDR>/g, () => `<MACADDR>0a:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}:${(mac++ % 256).toString(16).padStart(2, '0')}</MACADDR>`);
}
