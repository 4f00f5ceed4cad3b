/**
 * Cleaning of identity values read from firmware and tools.
 *
 * The dummy list is kept here on purpose: packages/core/inventory keeps a
 * similar list for the agents' values (inventory.rules.ts); the two are to be
 * unified. Keep this one local to scan/ until then.
 */
import os from 'node:os';

/** Placeholder serials/UUIDs firmware vendors leave in SMBIOS; compared trimmed and lower-cased. */
export const DUMMY_HARDWARE_VALUES: readonly string[] = [
  'to be filled by o.e.m.',
  'to be filled by oem',
  'default string',
  'default_string',
  'system serial number',
  'system product name',
  'system manufacturer',
  'chassis serial number',
  'base board serial number',
  'serial number',
  'not specified',
  'not applicable',
  'not available',
  'none',
  'null',
  'n/a',
  'na',
  'oem',
  'o.e.m.',
  'invalid',
  'unknown',
  'xxxxxxxxxx',
  '0',
  '00000000',
  '0000000000',
  '123456789',
  '0123456789',
  '1234567890',
  '03000200-0400-0500-0006-000700080009',
  '00020003-0004-0005-0006-000700080009',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];
const DUMMY = new Set(DUMMY_HARDWARE_VALUES);

/** Trimmed text or null: empty strings are never used in an inventory. */
export function textOrNull(v: string | null | undefined): string | null {
  if (v == null) return null;
  // SMBIOS strings are padded with spaces and sometimes NULs.
  const t = v.replace(/\u0000/g, '').trim();
  return t === '' ? null : t;
}

/** A serial or UUID, or null when it is missing or a firmware placeholder. */
export function identityOrNull(v: string | null | undefined): string | null {
  const t = textOrNull(v);
  if (t === null) return null;
  const low = t.toLowerCase();
  if (DUMMY.has(low)) return null;
  // 0000…, FFFF… in any punctuation: no identity at all.
  const bare = low.replace(/[-:\s]/g, '');
  if (/^0+$/.test(bare) || /^f+$/.test(bare)) return null;
  return t;
}

/** An SMBIOS UUID, upper-case like dmidecode and Windows print it, or null. */
export function uuidOrNull(v: string | null | undefined): string | null {
  const t = identityOrNull(v);
  if (t === null) return null;
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(t) ? t.toUpperCase() : null;
}

/** A MAC address as aa:bb:cc:dd:ee:ff, or null for none/all-zero/broadcast/malformed. */
export function macOrNull(v: string | null | undefined): string | null {
  const t = textOrNull(v);
  if (t === null) return null;
  const parts = t.toLowerCase().split(/[-:]/);
  if (parts.length !== 6 || !parts.every((p) => /^[0-9a-f]{1,2}$/.test(p))) return null;
  const mac = parts.map((p) => p.padStart(2, '0')).join(':');
  if (mac === '00:00:00:00:00:00' || mac === 'ff:ff:ff:ff:ff:ff') return null;
  return mac;
}

/** Distinct MACs in first-seen order. */
export function uniqueMacs(list: Iterable<string | null>): string[] {
  return [...new Set([...list].filter((m): m is string => m !== null))];
}

/** Node's architecture names in the x86_64 naming agents use (uname -m). */
export function normalizeArch(nodeArch: string): string {
  const map: Record<string, string> = { x64: 'x86_64', ia32: 'i686', arm64: 'aarch64', arm: 'armv7l', ppc64: 'ppc64le', s390x: 's390x', loong64: 'loongarch64', mips64el: 'mips64el', riscv64: 'riscv64' };
  return map[nodeArch] ?? nodeArch;
}

/** uname -m when Node knows it (a 32-bit Node on a 64-bit kernel still says x86_64), else os.arch renamed. */
export function machineArch(): string {
  try {
    const m = os.machine();
    if (m) return m;
  } catch {
    // os.machine() is Node ≥ 18.9
  }
  return normalizeArch(os.arch());
}

/** A date as YYYY-MM-DD in UTC. */
export function isoDate(d: Date): string | null {
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
}
