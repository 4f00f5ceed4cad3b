/**
 * From the Uninstall keys of the registry (what "Programs and Features"
 * lists) to software rows.
 *
 * Which subkeys are software:
 * - a non-empty DisplayName is required (Windows hides the others too);
 * - `SystemComponent`=1 entries are hidden parts of another product: skipped;
 * - entries with `ParentKeyName` belong to a parent product (Office
 *   components and service-pack parts, OS components). They are skipped,
 *   except hotfixes: a `KBnnnnnn` number in the DisplayName or subkey name, or
 *   a `ReleaseType` (Security Update, Update, Hotfix…). Those stay as rows with
 *   the ReleaseType as systemCategory, so that recognition can classify them as
 *   patches of the parent rather than as licensable products — and so that an
 *   inspector can still see which patches a machine has.
 * - Every subkey is one row: the same product registered twice (e.g. per user
 *   and per machine) is collapsed by ingestion, which de-duplicates on
 *   name + version + arch.
 */
import type { NormalizedSoftware } from '../inventory/inventory.types.ts';
import { textOrNull } from './hardware-values.ts';
import { regNumber, regText, type RegKey, type RegValue } from './reg-export.parser.ts';

/** Windows' names for the two views of HKLM. */
export type WindowsArch = 'x64' | 'x86' | 'arm64';

export interface UninstallOptions {
  /** Architecture of the native HKLM view (the OS's); null when unknown. WOW6432Node is always x86. */
  nativeArch: WindowsArch | null;
}

/** Why subkeys were not turned into rows (counts). */
export interface UninstallSkips {
  noDisplayName: number;
  systemComponent: number;
  childOfParent: number;
}

export interface UninstallResult {
  software: NormalizedSoftware[];
  skipped: UninstallSkips;
}

/** `…\Windows\CurrentVersion\Uninstall\<subkey>`, one level below Uninstall only. */
const UNINSTALL_CHILD = /\\Windows\\CurrentVersion\\Uninstall\\([^\\]+)$/i;
const GUID = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;
const KB = /(^|[^a-z0-9])KB\d{5,8}([^0-9]|$)/i;

/**
 * Applies the keys in file order (a later block of the same key adds values,
 * `[-KEY]` removes the key and its subkeys) and returns the final values of
 * each key by lower-cased path.
 */
export function mergeRegKeys(keys: readonly RegKey[]): Map<string, { path: string; values: Map<string, RegValue> }> {
  const merged = new Map<string, { path: string; values: Map<string, RegValue> }>();
  for (const k of keys) {
    const id = k.path.toLowerCase();
    if (k.deleted) {
      for (const p of [...merged.keys()]) if (p === id || p.startsWith(`${id}\\`)) merged.delete(p);
      continue;
    }
    const cur = merged.get(id) ?? { path: k.path, values: new Map<string, RegValue>() };
    for (const [name, v] of k.values) {
      if (v.type === 'DELETE') cur.values.delete(name);
      else cur.values.set(name, v);
    }
    merged.set(id, cur);
  }
  return merged;
}

/** The architecture a key's view implies: WOW6432Node → x86, HKLM → native, per-user → unknown. */
export function archOfUninstallKey(path: string, nativeArch: WindowsArch | null): WindowsArch | null {
  if (/\\WOW6432Node\\/i.test(path)) return 'x86';
  if (/^(HKEY_LOCAL_MACHINE|HKLM)\\/i.test(path)) return nativeArch;
  // HKCU/HKU Uninstall keys are shared by both views: nothing tells the architecture.
  return null;
}

/** InstallDate as YYYY-MM-DD: YYYYMMDD (the norm), YYYY-MM-DD, YYYY/MM/DD or M/D/YYYY; else null. */
export function installDateOf(raw: string | null): string | null {
  const t = raw?.trim() ?? '';
  let m = /^(\d{4})[-/]?(\d{2})[-/]?(\d{2})$/.exec(t);
  let y: string, mo: string, d: string;
  if (m) [y, mo, d] = [m[1]!, m[2]!, m[3]!];
  else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t))) [y, mo, d] = [m[3]!, m[1]!.padStart(2, '0'), m[2]!.padStart(2, '0')];
  else return null;
  const date = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === `${y}-${mo}-${d}` ? `${y}-${mo}-${d}` : null;
}

/** True for an entry that is a hotfix/update: a KB number or a ReleaseType. */
function isHotfix(subkey: string, displayName: string, releaseType: string | null): boolean {
  return KB.test(displayName) || KB.test(subkey) || releaseType !== null;
}

/** Turns the Uninstall subkeys among `keys` into software rows (see the module comment for the rules). */
export function softwareFromUninstallKeys(keys: readonly RegKey[], opts: UninstallOptions): UninstallResult {
  const software: NormalizedSoftware[] = [];
  const skipped: UninstallSkips = { noDisplayName: 0, systemComponent: 0, childOfParent: 0 };
  for (const { path, values } of mergeRegKeys(keys).values()) {
    const m = UNINSTALL_CHILD.exec(path);
    if (!m) continue;
    const subkey = m[1]!;
    const name = textOrNull(regText(values, 'DisplayName'));
    if (name === null) {
      skipped.noDisplayName++;
      continue;
    }
    if (regNumber(values, 'SystemComponent') === 1) {
      skipped.systemComponent++;
      continue;
    }
    const releaseType = textOrNull(regText(values, 'ReleaseType'));
    if (textOrNull(regText(values, 'ParentKeyName')) !== null && !isHotfix(subkey, name, releaseType)) {
      skipped.childOfParent++;
      continue;
    }
    const sizeKb = regNumber(values, 'EstimatedSize');
    software.push({
      name,
      version: textOrNull(regText(values, 'DisplayVersion')),
      publisher: textOrNull(regText(values, 'Publisher')),
      arch: archOfUninstallKey(path, opts.nativeArch),
      installDate: installDateOf(regText(values, 'InstallDate')),
      source: 'registry',
      guid: GUID.test(subkey) ? subkey.toUpperCase() : null,
      sizeBytes: sizeKb !== null && sizeKb > 0 ? sizeKb * 1024 : null,
      systemCategory: releaseType,
    });
  }
  return { software, skipped };
}
