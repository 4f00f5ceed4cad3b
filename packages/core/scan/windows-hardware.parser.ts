/**
 * Pure parsers of what Windows tools print about the machine: `wmic … /format:list`,
 * a PowerShell CIM query as JSON, `getmac /fo csv /v /nh`, `ver`, `reg query`
 * and `whoami /user`. Tool output on Chinese Windows is localized; the parsers
 * rely on data shapes (MAC pattern, version digits, SIDs), never on labels.
 */
import { identityOrNull, macOrNull, textOrNull, uniqueMacs, uuidOrNull } from './hardware-values.ts';

/** `wmic … get A,B /format:list`: `Key=Value` lines, records separated by blank lines. */
export function parseWmicList(text: string): Record<string, string>[] {
  const records: Record<string, string>[] = [];
  let cur: Record<string, string> = {};
  for (const raw of text.split(/\r*\n/)) {
    const line = raw.replace(/\r/g, '').trim();
    const eq = line.indexOf('=');
    if (line === '' || eq <= 0) {
      if (Object.keys(cur).length) records.push(cur);
      cur = {};
      continue;
    }
    cur[line.slice(0, eq)] = line.slice(eq + 1).trim();
  }
  if (Object.keys(cur).length) records.push(cur);
  return records;
}

/** What the product/BIOS/OS queries give towards the hardware identity. */
export interface WindowsIdentityFacts {
  uuid: string | null;
  serial: string | null;
  manufacturer: string | null;
  model: string | null;
  osName: string | null;
  osVersion: string | null;
  domain: string | null;
  lastUser: string | null;
}

const NO_FACTS: WindowsIdentityFacts = { uuid: null, serial: null, manufacturer: null, model: null, osName: null, osVersion: null, domain: null, lastUser: null };

/** Facts from `wmic csproduct get UUID,IdentifyingNumber,Vendor,Name /format:list`. */
export function identityFromWmicCsproduct(text: string): WindowsIdentityFacts {
  const r = parseWmicList(text)[0] ?? {};
  return { ...NO_FACTS, uuid: uuidOrNull(r.UUID), serial: identityOrNull(r.IdentifyingNumber), manufacturer: identityOrNull(r.Vendor), model: identityOrNull(r.Name) };
}

/**
 * The PowerShell query `zb scan` runs (CIM classes as one JSON object);
 * output forced to UTF-8 so that Chinese captions survive.
 */
export const WINDOWS_CIM_SCRIPT = [
  '[Console]::OutputEncoding = [Text.Encoding]::UTF8',
  '$p = Get-CimInstance Win32_ComputerSystemProduct | Select-Object UUID,IdentifyingNumber,Vendor,Name',
  '$b = Get-CimInstance Win32_BIOS | Select-Object SerialNumber',
  '$o = Get-CimInstance Win32_OperatingSystem | Select-Object Caption,Version',
  '$s = Get-CimInstance Win32_ComputerSystem | Select-Object Domain,PartOfDomain,UserName',
  '@{ product = $p; bios = $b; os = $o; system = $s } | ConvertTo-Json -Compress',
].join('; ');

/** Facts from the output of WINDOWS_CIM_SCRIPT; all null when it is not that JSON. */
export function identityFromCimJson(text: string): WindowsIdentityFacts {
  let j: Record<string, Record<string, unknown> | null | undefined>;
  try {
    j = JSON.parse(text.replace(/^\uFEFF/, '').trim());
  } catch {
    return { ...NO_FACTS };
  }
  if (!j || typeof j !== 'object') return { ...NO_FACTS };
  const str = (o: Record<string, unknown> | null | undefined, k: string) => (o && typeof o[k] === 'string' ? (o[k] as string) : null);
  const { product, bios, os, system } = j;
  return {
    uuid: uuidOrNull(str(product, 'UUID')),
    serial: identityOrNull(str(product, 'IdentifyingNumber')) ?? identityOrNull(str(bios, 'SerialNumber')),
    manufacturer: identityOrNull(str(product, 'Vendor')),
    model: identityOrNull(str(product, 'Name')),
    osName: textOrNull(str(os, 'Caption')),
    osVersion: textOrNull(str(os, 'Version')),
    // A workgroup name is not a domain.
    domain: system && system.PartOfDomain === true ? textOrNull(str(system, 'Domain')) : null,
    lastUser: textOrNull(str(system, 'UserName')),
  };
}

/** Splits one CSV line (double quotes, "" for a quote). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

/** Adapters whose MAC is made up by software, not burnt into a card. */
const VIRTUAL_ADAPTER = /virtual|vmware|virtualbox|hyper-v|vethernet|tap-windows|tap-win32|wintun|wireguard|wan miniport|loopback|teredo|isatap|npcap|vpn|zerotier|tailscale|docker/i;

/**
 * MACs of the physical adapters from `getmac /fo csv /v /nh` (columns:
 * connection name, adapter, physical address, transport; headers and
 * "N/A"/"Disabled" words localized). A header row, if present, has no MAC
 * and is skipped by the MAC pattern.
 */
export function macsFromGetmacCsv(text: string): string[] {
  const macs: (string | null)[] = [];
  for (const line of text.split(/\r*\n/)) {
    if (!line.trim()) continue;
    const cols = splitCsvLine(line.trim());
    const mac = cols.map((c) => (/^[0-9a-f]{2}([-:][0-9a-f]{2}){5}$/i.test(c.trim()) ? macOrNull(c) : null)).find((m) => m !== null) ?? null;
    if (!mac) continue;
    if (VIRTUAL_ADAPTER.test(`${cols[0] ?? ''} ${cols[1] ?? ''}`)) continue;
    macs.push(mac);
  }
  return uniqueMacs(macs);
}

/** `ver` → "10.0.19045.3803" ("Microsoft Windows [Version …]" or "[版本 …]"). */
export function versionFromVer(text: string): string | null {
  return /\[[^\]\d]*(\d+\.\d+\.\d+(?:\.\d+)?)\]/.exec(text)?.[1] ?? null;
}

/** A marketing name from an NT version when nothing better is known. */
export function windowsNameFromVersion(version: string | null): string | null {
  if (!version) return null;
  const [maj, min, build] = version.split('.').map(Number);
  const key = `${maj}.${min}`;
  if (key === '10.0') return (build ?? 0) >= 22000 ? 'Microsoft Windows 11' : 'Microsoft Windows 10';
  const names: Record<string, string> = { '6.3': 'Microsoft Windows 8.1', '6.2': 'Microsoft Windows 8', '6.1': 'Microsoft Windows 7', '6.0': 'Microsoft Windows Vista', '5.2': 'Microsoft Windows XP x64 / Server 2003', '5.1': 'Microsoft Windows XP' };
  return names[key] ?? 'Microsoft Windows';
}

/** User hives loaded under HKU from `reg query HKU`: SIDs of real accounts, not their `_Classes` twins. */
export function sidsFromRegQueryHku(text: string): string[] {
  const sids: string[] = [];
  for (const line of text.split(/\r*\n/)) {
    const m = /^HKEY_USERS\\(S-1-5-21-[\d-]+)\s*$/i.exec(line.trim());
    if (m) sids.push(m[1]!);
  }
  return sids;
}

/** The SID from `whoami /user /fo csv /nh` ("domain\user","S-1-5-…"). */
export function sidFromWhoami(text: string): string | null {
  return /"(S-1-[\d-]+)"/.exec(text)?.[1] ?? null;
}

/** A value from `reg query KEY /v NAME`: `    NAME    REG_SZ    data`. */
export function valueFromRegQuery(text: string, name: string): string | null {
  for (const line of text.split(/\r*\n/)) {
    const m = /^\s+(.+?)\s{2,}(REG_\w+)\s{2,}(.*)$/.exec(line) ?? /^\s+(\S+)\s+(REG_\w+)\s+(.*)$/.exec(line);
    if (m && m[1]!.toLowerCase() === name.toLowerCase()) return textOrNull(m[3]);
  }
  return null;
}
