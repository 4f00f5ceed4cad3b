import { escapeRegExp } from '../../contracts/index.ts';
import type { StoredInstall } from '../../storage/repositories/inventory.repository.ts';
import type { HardwareIdentity, NormalizedInventory, NormalizedSoftware } from './inventory.types.ts';
import { isDummyIdentifier, normalizeMac } from './parsers/normalize.ts';

/** Kinds of identifiers, strongest first: matching prefers the first that hits. */
export const IDENTIFIER_KINDS = ['uuid', 'serial', 'mac', 'agent', 'name'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

// One list of placeholder identifiers and one MAC rule, shared with the parsers.
export { isDummyIdentifier, normalizeMac } from './parsers/normalize.ts';

/** The identifiers of a machine, normalised, dummies dropped. */
export function identifiersOf(hw: HardwareIdentity): { kind: IdentifierKind; value: string }[] {
  const out: { kind: IdentifierKind; value: string }[] = [];
  if (!isDummyIdentifier(hw.uuid)) out.push({ kind: 'uuid', value: hw.uuid!.trim().toLowerCase() });
  if (!isDummyIdentifier(hw.serial)) out.push({ kind: 'serial', value: hw.serial!.trim().toUpperCase() });
  const macs = new Set(hw.macs.map(normalizeMac).filter((m): m is string => m !== null));
  for (const m of [...macs].sort()) out.push({ kind: 'mac', value: m });
  if (hw.agentDeviceId && hw.agentDeviceId.trim()) out.push({ kind: 'agent', value: hw.agentDeviceId.trim() });
  // A spreadsheet row or a SWID tag folder may name the computer and nothing else:
  // then, and only then, the name identifies it (so a re-import matches the same device).
  if (out.length === 0 && hw.hostname && hw.hostname.trim()) out.push({ kind: 'name', value: hw.hostname.trim().toLowerCase() });
  return out;
}

/**
 * Picks the device an inventory belongs to from the identifier hits:
 * the device named by the strongest identifier kind. A reinstalled agent
 * (new agent id), a renamed PC (same UUID) or a second agent on the same PC
 * (same UUID/serial/MACs) all land on one device.
 */
export function chooseDevice(hits: { kind: string; deviceId: string }[]): string | null {
  for (const kind of IDENTIFIER_KINDS) {
    const byKind = hits.filter((h) => h.kind === kind);
    if (byKind.length === 0) continue;
    // Several devices share MACs only after a NIC moved: take the one most MACs point to.
    const counts = new Map<string, number>();
    for (const h of byKind) counts.set(h.deviceId, (counts.get(h.deviceId) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  }
  return null;
}

/** Two hex digits of every byte value (Number#toString(16) with padStart cost most of a key). */
const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(x: number): string {
  return HEX_BYTE[(x >>> 24) & 255]! + HEX_BYTE[(x >>> 16) & 255]! + HEX_BYTE[(x >>> 8) & 255]! + HEX_BYTE[x & 255]!;
}

/** 96-bit FNV-1a style hash in three 32-bit lanes with different offsets: 24 hex digits. */
function hash96(text: string): string {
  let a = 0x811c9dc5 | 0;
  let b = 0x050c5d1f | 0;
  let c = 0x1b873593 | 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    a = Math.imul(a ^ ch, 0x01000193);
    b = Math.imul(b ^ ch, 0x01000193) ^ (a >>> 15);
    c = Math.imul(c ^ ch, 0x01000193) ^ (b >>> 13);
  }
  return hex32(a) + hex32(b) + hex32(c);
}

/**
 * The key of a software title: normalised name, version, architecture and
 * publisher. A fast non-cryptographic hash (96 bits: collisions are
 * negligible even across tens of millions of distinct titles).
 */
export function softwareKey(s: Pick<NormalizedSoftware, 'name' | 'version' | 'arch' | 'publisher'>): string {
  return hash96(`${normKeyPart(s.name)}\u0000${normKeyPart(s.version)}\u0000${normKeyPart(s.arch)}\u0000${normKeyPart(s.publisher)}`);
}

function normKeyPart(v: string | null): string {
  return v === null || v === undefined ? '' : v.trim().toLowerCase();
}

export interface KeyedSoftware extends NormalizedSoftware {
  key: string;
}

const MULTIARCH = /^([a-z0-9][a-z0-9+.-]+):(amd64|i386|arm64|armhf|armel|mips64el|ppc64el|s390x|riscv64|all)$/;

/**
 * dpkg's multi-arch names (`binutils-common:amd64`, as `dpkg-query -W` and
 * the OCS agent print them) are the package name plus its architecture:
 * split them so every agent reports the same item the same way.
 */
export function splitMultiarch(s: NormalizedSoftware): NormalizedSoftware {
  const m = MULTIARCH.exec(s.name);
  if (!m) return s;
  return { ...s, name: m[1]!, arch: s.arch ?? m[2]! };
}

/** A title key and the dedupeSoftware call that last met it. */
interface KeyMark {
  key: string;
  lastCall: number;
}

/** A title's parts and its key's mark. */
interface KnownKey {
  version: string | null;
  arch: string | null;
  publisher: string | null;
  mark: KeyMark;
}

// Keys computed lately, by name: a title found on many computers (an import
// of a whole estate) is keyed once, and a call finds an item listed twice by
// its key's mark instead of a set of the keys seen. Spellings of one title
// (case, blanks) share the mark of their key. Bounded: forgotten past
// KNOWN_KEYS keys, between calls only (a call's marks must stay).
const KNOWN_KEYS = 50_000;
const knownKeys = new Map<string, KnownKey[]>();
const marks = new Map<string, KeyMark>();
let knownCount = 0;
let calls = 0;

/** The mark of a trimmed name and the other parts' key (as softwareKey); the parts are compared with ===, a pointer compare for cells the CSV reader handed over as one string. */
function markOf(name: string, version: string | null, arch: string | null, publisher: string | null): KeyMark {
  let known = knownKeys.get(name);
  if (known === undefined) {
    known = [];
    knownKeys.set(name, known);
  }
  for (const k of known) if (k.version === version && k.arch === arch && k.publisher === publisher) return k.mark;
  const key = hash96(`${name.toLowerCase()}\u0000${normKeyPart(version)}\u0000${normKeyPart(arch)}\u0000${normKeyPart(publisher)}`);
  let mark = marks.get(key);
  if (mark === undefined) {
    mark = { key, lastCall: 0 };
    marks.set(key, mark);
  }
  // A name seldom has many versions at once; keep the newest few.
  if (known.length >= 16) known.shift();
  else knownCount++;
  known.push({ version, arch, publisher, mark });
  return mark;
}

/** Lists dedupeSoftware built: each item one object literal of KeyedSoftware's fields, in its order (see decode-transfer). */
const keyedLists = new WeakSet<readonly object[]>();

/** True for a list dedupeSoftware built (its items have exactly the literal's fields, in order, as long as nobody added any). */
export function builtByDedupe(list: readonly object[]): boolean {
  return keyedLists.has(list);
}

/** Drops empty names and duplicates: the same item listed twice counts once. */
export function dedupeSoftware(list: NormalizedSoftware[]): KeyedSoftware[] {
  // Already done (by the decoder, on a worker thread): nothing to repeat.
  if (list.length > 0 && list.every((s) => typeof (s as Partial<KeyedSoftware>).key === 'string')) return list as KeyedSoftware[];
  if (knownCount >= KNOWN_KEYS || marks.size >= KNOWN_KEYS) {
    knownKeys.clear();
    marks.clear();
    knownCount = 0;
  }
  const call = ++calls;
  // One plain object of a fixed shape per item (no spreads): ~900 items per
  // inventory, decoded on a worker thread and copied to the main thread.
  const out: KeyedSoftware[] = [];
  for (const s of list) {
    let name = s.name;
    let arch = s.arch;
    // No colon, no multi-arch name: the test is skipped for nearly every item.
    const m = typeof name === 'string' && name.includes(':') ? MULTIARCH.exec(name) : null;
    if (m) {
      name = m[1]!;
      arch = arch ?? m[2]!;
    }
    const trimmed = name?.trim();
    if (!trimmed) continue;
    const mark = markOf(trimmed, s.version, arch, s.publisher);
    if (mark.lastCall === call) continue;
    mark.lastCall = call;
    out.push({
      name: trimmed.length > 500 ? trimmed.slice(0, 500) : trimmed,
      version: s.version,
      publisher: s.publisher,
      arch,
      installDate: s.installDate,
      source: s.source,
      guid: s.guid,
      sizeBytes: s.sizeBytes,
      systemCategory: s.systemCategory,
      key: mark.key,
    });
  }
  keyedLists.add(out);
  return out;
}

/** The source of the install that stands for a device's operating system. */
export const OS_SOURCE = 'os';

/** A system caption as compared with software names: case, spacing and a leading "Microsoft" aside ("Windows 10 专业版" is "Microsoft Windows 10 专业版"). */
export function systemName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ').replace(/^microsoft(?:®|\(r\))? /, '');
}

/**
 * An inventory's software with its operating system as one install.
 * Agents and scanners describe the system (OCS HARDWARE/OSNAME, GLPI
 * operatingsystem, os-release, the Windows caption) but never list it as an
 * installed program, yet Windows, Kylin and UOS need licences and the
 * legalization rate counts operating systems. The install is named by the
 * caption, versioned by the system version, and left out when the list has
 * it already (an item from source `os`, or one named like the caption: see
 * systemName), when
 * the software is not included or when it adds to the device's software
 * (SWID tags).
 */
export function softwareWithOs(inv: NormalizedInventory): NormalizedSoftware[] {
  const hw = inv.hardware;
  const list = inv.software;
  const name = hw.osName?.trim();
  if (!name || !inv.softwareIncluded || inv.softwareAdditive) return list;
  const caption = systemName(name);
  // A name that is the caption contains its longest word and is no shorter: the cheap tests first (an inventory lists ~1,000 items).
  const word = new RegExp(escapeRegExp(caption.split(' ').reduce((a, b) => (b.length > a.length ? b : a), '')), 'i');
  for (const s of list) if (s.source === OS_SOURCE || (typeof s.name === 'string' && s.name.length >= caption.length && word.test(s.name) && systemName(s.name) === caption)) return list;
  const os: NormalizedSoftware = { name, version: hw.osVersion, publisher: null, arch: hw.osArch, installDate: null, source: OS_SOURCE, guid: null, sizeBytes: null, systemCategory: null };
  return [os, ...list];
}

/**
 * The system install of a partial inventory that describes the operating
 * system but not the software (GLPI agents send the sections that changed:
 * an upgraded system comes without its software list), keyed; empty for any
 * other inventory. It replaces the device's system install and leaves the
 * rest of its software as it is.
 */
export function systemUpdate(inv: NormalizedInventory): KeyedSoftware[] {
  if (!inv.partial || inv.softwareIncluded) return [];
  return dedupeSoftware(softwareWithOs({ ...inv, softwareIncluded: true, software: [] }));
}

/** Compares two version strings segment by segment (numbers numerically). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.\-+:~_ ]/);
  const pb = b.split(/[.\-+:~_ ]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const c = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return 0;
}

export interface SoftwareChange {
  change: 'added' | 'removed' | 'upgraded' | 'downgraded';
  name: string;
  arch: string | null;
  oldVersion: string | null;
  newVersion: string | null;
}

/**
 * What changed between the stored software of a device and a new inventory.
 * A removed and an added item with the same name and architecture are one
 * upgrade (or downgrade).
 */
export function diffSoftware(
  current: { key: string; name: string; version: string | null; arch: string | null }[],
  incoming: KeyedSoftware[],
): { add: KeyedSoftware[]; removeKeys: string[]; changes: SoftwareChange[] } {
  const cur = new Map(current.map((c) => [c.key, c]));
  const inc = new Map(incoming.map((s) => [s.key, s]));
  const add = incoming.filter((s) => !cur.has(s.key));
  const removed = current.filter((c) => !inc.has(c.key));
  const ident = (n: string, a: string | null) => `${n.toLowerCase()}\u0000${(a ?? '').toLowerCase()}`;
  const removedByName = new Map<string, (typeof removed)[number][]>();
  for (const r of removed) {
    const k = ident(r.name, r.arch);
    removedByName.set(k, [...(removedByName.get(k) ?? []), r]);
  }
  const changes: SoftwareChange[] = [];
  const paired = new Set<string>();
  for (const a of add) {
    const olds = removedByName.get(ident(a.name, a.arch));
    const old = olds?.find((o) => !paired.has(o.key));
    if (old) {
      paired.add(old.key);
      const up = compareVersions(a.version ?? '', old.version ?? '') >= 0;
      changes.push({ change: up ? 'upgraded' : 'downgraded', name: a.name, arch: a.arch, oldVersion: old.version, newVersion: a.version });
    } else {
      changes.push({ change: 'added', name: a.name, arch: a.arch, oldVersion: null, newVersion: a.version });
    }
  }
  for (const r of removed) {
    if (!paired.has(r.key)) changes.push({ change: 'removed', name: r.name, arch: r.arch, oldVersion: r.version, newVersion: null });
  }
  return { add, removeKeys: removed.map((r) => r.key), changes };
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** How a device's row of installs keeps an installed item; `firstSeenAt` null: first seen with the device. */
export function storedInstall(s: KeyedSoftware, firstSeenAt: string | null): StoredInstall {
  return [
    s.key,
    s.installDate && ISO_DAY.test(s.installDate) ? s.installDate : null,
    s.source?.slice(0, 32) ?? null,
    s.guid?.slice(0, 255) ?? null,
    s.sizeBytes !== null && Number.isFinite(s.sizeBytes) ? Math.round(s.sizeBytes) : null,
    firstSeenAt,
  ];
}
