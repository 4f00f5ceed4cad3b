/**
 * Pure parsers for macOS: application bundles' Info.plist, and what
 * `system_profiler SPHardwareDataType`, `sw_vers` and `ifconfig` print.
 */
import path from 'node:path';
import type { NormalizedSoftware } from '../inventory/inventory.types.ts';
import { identityOrNull, macOrNull, textOrNull, uniqueMacs, uuidOrNull } from './hardware-values.ts';
import type { PlistValue } from './plist.parser.ts';
import { publisherFromReverseDomain } from './reverse-domain-publisher.ts';

function str(d: Record<string, PlistValue>, k: string): string | null {
  const v = d[k];
  return typeof v === 'string' ? textOrNull(v) : null;
}

/**
 * One application bundle as a software row: display name (else bundle name,
 * else the folder name), short version (else build version), bundle id as
 * guid and, for well-known reverse domains, the publisher.
 */
export function softwareFromBundle(info: PlistValue, bundlePath: string): NormalizedSoftware | null {
  if (!info || typeof info !== 'object' || Array.isArray(info) || info instanceof Date || info instanceof Uint8Array) return null;
  const d = info as Record<string, PlistValue>;
  const id = str(d, 'CFBundleIdentifier');
  const name = str(d, 'CFBundleDisplayName') ?? str(d, 'CFBundleName') ?? textOrNull(path.basename(bundlePath).replace(/\.app$/i, ''));
  if (!name) return null;
  return {
    name,
    version: str(d, 'CFBundleShortVersionString') ?? str(d, 'CFBundleVersion'),
    publisher: publisherFromReverseDomain(id),
    arch: null,
    installDate: null,
    source: 'macos',
    guid: id,
    sizeBytes: null,
    // e.g. public.app-category.productivity
    systemCategory: str(d, 'LSApplicationCategoryType'),
  };
}

/** What system_profiler tells about the machine. */
export interface MacHardwareFacts {
  uuid: string | null;
  serial: string | null;
  model: string | null;
  cpu: string | null;
  memoryMb: number | null;
}

/** "16 GB" / "8192 MB" → megabytes. */
function memoryMb(v: string | null): number | null {
  const m = /^([\d.]+)\s*(GB|MB|TB)$/i.exec(v?.trim() ?? '');
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2]!.toUpperCase();
  return Math.round(unit === 'TB' ? n * 1024 * 1024 : unit === 'GB' ? n * 1024 : n);
}

/** `system_profiler SPHardwareDataType` text output (English labels; run with LANG=C). */
export function parseSystemProfilerText(text: string): MacHardwareFacts {
  const kv: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([^:]+):\s*(.+)$/.exec(line);
    if (m) kv[m[1]!.trim()] = m[2]!.trim();
  }
  const model = kv['Model Name'] && kv['Model Identifier'] ? `${kv['Model Name']} (${kv['Model Identifier']})` : (kv['Model Name'] ?? kv['Model Identifier'] ?? null);
  return {
    uuid: uuidOrNull(kv['Hardware UUID']),
    serial: identityOrNull(kv['Serial Number (system)'] ?? kv['Serial Number']),
    model: textOrNull(model),
    cpu: textOrNull(kv.Chip ?? kv['Processor Name']),
    memoryMb: memoryMb(kv.Memory ?? null),
  };
}

/** `system_profiler -json SPHardwareDataType` (macOS 10.15+), whose keys are not localized. */
export function parseSystemProfilerJson(text: string): MacHardwareFacts | null {
  let item: Record<string, unknown> | undefined;
  try {
    item = JSON.parse(text)?.SPHardwareDataType?.[0];
  } catch {
    return null;
  }
  if (!item || typeof item !== 'object') return null;
  const s = (k: string) => (typeof item![k] === 'string' ? (item![k] as string) : null);
  const name = s('machine_name');
  const ident = s('machine_model');
  return {
    uuid: uuidOrNull(s('platform_UUID')),
    serial: identityOrNull(s('serial_number')),
    model: textOrNull(name && ident ? `${name} (${ident})` : (name ?? ident)),
    cpu: textOrNull(s('chip_type') ?? s('cpu_type')),
    memoryMb: memoryMb(s('physical_memory')),
  };
}

/** `sw_vers`: ProductName (macOS / Mac OS X) and ProductVersion. */
export function parseSwVers(text: string): { osName: string | null; osVersion: string | null } {
  const get = (k: string) => textOrNull(new RegExp(`^${k}:\\s*(.+)$`, 'm').exec(text)?.[1]);
  return { osName: get('ProductName'), osVersion: get('ProductVersion') };
}

/**
 * MACs of the built-in and USB/Thunderbolt Ethernet/Wi-Fi ports (en0, en1, …)
 * from `ifconfig`; bridges, AirDrop (awdl), low-latency WLAN (llw), tunnels
 * and the access-point interface carry made-up or borrowed addresses.
 */
export function macsFromIfconfig(text: string): string[] {
  const macs: (string | null)[] = [];
  let iface = '';
  for (const line of text.split('\n')) {
    const head = /^([a-z0-9]+):\s+flags=/i.exec(line);
    if (head) {
      iface = head[1]!;
      continue;
    }
    const ether = /^\s+ether\s+([0-9a-f:]+)/i.exec(line);
    if (ether && /^en\d+$/.test(iface)) macs.push(macOrNull(ether[1]));
  }
  return uniqueMacs(macs);
}
