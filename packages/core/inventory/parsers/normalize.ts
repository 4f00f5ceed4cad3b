/**
 * Value clean-up shared by every inventory parser: placeholder identifiers,
 * dates in the formats agents write, MAC addresses and the choice of which
 * network interfaces count as physical.
 */

/**
 * Placeholder values that firmware, OEM images and agents report instead of
 * a real identifier (lower-case). A UUID or serial equal to one of these
 * identifies nothing and becomes null; so does any value made only of zeros
 * (or only of F) once separators are removed.
 */
export const DUMMY_IDENTIFIERS: readonly string[] = [
  // SMBIOS UUIDs of unconfigured boards (AMI default and its byte-swapped form)
  '03000200-0400-0500-0006-000700080009',
  '00020003-0004-0005-0006-000700080009',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  // serials
  'to be filled by o.e.m.',
  'to be filled by oem',
  'default string',
  'system serial number',
  'chassis serial number',
  'base board serial number',
  'serial number',
  'not specified',
  'not applicable',
  'not available',
  'unknown',
  'none',
  'null',
  'n/a',
  'na',
  'invalid',
  'oem',
  '0',
  '0123456789',
  '123456789',
  '1234567890',
  'xxxxxxxxxx',
  // manufacturer / model placeholders of the same boards
  'system manufacturer',
  'system product name',
  'system version',
  'o.e.m.',
];

const DUMMY_SET = new Set(DUMMY_IDENTIFIERS);

/** Control characters other than tab/newline, which some Windows registry values carry. */
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return true;
  }
  return false;
}

/** Trimmed text, or null for missing/blank values. Never returns ''. */
export function cleanText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  let s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
  if (s === null) return null;
  if (hasControlChar(s)) s = s.replace(CONTROL_CHARS, '');
  s = s.trim();
  return s === '' ? null : s;
}

/** True when the value is a known placeholder (see DUMMY_IDENTIFIERS) or blank. */
export function isDummyIdentifier(v: string | null | undefined): boolean {
  if (!v) return true;
  const t = v.trim().toLowerCase();
  if (t === '' || DUMMY_SET.has(t)) return true;
  const bare = t.replace(/[\s\-:.]/g, '');
  return /^0+$/.test(bare) || /^f+$/.test(bare);
}

/** Cleaned identifier (UUID, serial, manufacturer...), null when blank or a placeholder. */
export function cleanIdentifier(v: unknown): string | null {
  const s = cleanText(v);
  return s === null || isDummyIdentifier(s) ? null : s;
}

/** Non-negative integer from a number or a numeric string, else null. */
export function toInt(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.round(v) : null;
  const s = cleanText(v);
  if (s === null || !/^\d+(\.\d+)?$/.test(s)) return null;
  const n = Math.round(Number(s));
  return Number.isSafeInteger(n) ? n : null;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** YYYY-MM-DD of a plausible date (1971–2100, a real day), else null: what normalizeDate returns for `y-m-d`. */
export function ymd(y: number, m: number, d: number): string | null {
  if (y < 1971 || y > 2100 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const ISO_LIKE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])/;
const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:$|\s)/;

/**
 * YYYY-MM-DD from the date formats agents write, or null when unknown or
 * implausible (1970-01-01 is an epoch placeholder, not a date):
 * `2017-06-09`, `2017-06-09 09:00:49`, `2017-06-09T03:02:45Z`,
 * `2017/06/09` and `2017/06/09 09:00:00` (OCS agent), `09/06/2017`
 * (FusionInventory writes day/month/year; month/day is assumed only when
 * the second number is above 12),
 * `20170609` (Windows registry InstallDate), and Unix seconds (rpm).
 */
export function normalizeDate(v: unknown): string | null {
  if (typeof v === 'number') return fromEpochSeconds(v);
  const s = cleanText(v);
  if (s === null) return null;
  let m = ISO_LIKE.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DAY_FIRST.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = Number(m[3]);
    return b > 12 && a <= 12 ? ymd(y, a, b) : ymd(y, b, a);
  }
  if (/^\d{8}$/.test(s)) return ymd(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)));
  if (/^\d{9,10}$/.test(s)) return fromEpochSeconds(Number(s));
  return null;
}

function fromEpochSeconds(sec: number): string | null {
  if (!Number.isFinite(sec) || sec <= 0) return null;
  const d = new Date(sec * 1000);
  return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** `2017-06-09 09:00:49` → `2017-06-09T09:00:49` (ISO-8601, zone as given), null otherwise. */
export function normalizeDateTime(v: unknown): string | null {
  const s = cleanText(v);
  if (s === null) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (m) return ymd(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))) ? `${m[1]}T${m[2]}${m[3] ?? ''}` : null;
  return normalizeDate(s);
}

/**
 * aa:bb:cc:dd:ee:ff (lower case) or null for a value that is not a unicast
 * hardware address: all zeros, broadcast, multicast, Android's
 * 02:00:00:00:00:00 placeholder and Docker's 02:42:… bridge range.
 *
 * Other locally administered addresses (second bit of the first octet) are
 * kept: a VM's only NIC often has one. They are weaker identifiers than
 * burned-in ones; see `isLocallyAdministered`.
 */
export function normalizeMac(v: unknown): string | null {
  const s = cleanText(v);
  if (s === null) return null;
  const hex = s.toLowerCase().replace(/[\s:.\-]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex)) return null;
  if (/^0+$/.test(hex) || /^f+$/.test(hex) || hex === '020000000000' || hex.startsWith('0242')) return null;
  if (parseInt(hex.slice(0, 2), 16) & 1) return null; // multicast
  return hex.match(/../g)!.join(':');
}

/** True for a locally administered (not burned-in) MAC such as 52:54:00:… or 02:fc:…. */
export function isLocallyAdministered(mac: string): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 2) === 2;
}

/**
 * Interface names (Linux, macOS, BSD) and Windows adapter descriptions of
 * virtual interfaces: loopback, bridges, containers, tunnels, VPNs, hypervisor
 * host adapters, Apple's peer-to-peer links.
 */
const VIRTUAL_NAME =
  /^(lo\d*|lo0|docker|veth|br-|br\d|bridge|virbr|vnet|vmnet|vboxnet|tun|tap|utun|ifb|dummy|bond|team|vxlan|flannel|cni|cali|weave|kube|cilium|wg\d|tailscale|zt|ppp|sit|ip6tnl|ip6gre|gre|gretap|erspan|ipip|nlmon|awdl|llw|gif|stf|p2p|anpi|ap\d|xhc|usbmisc|rmnet|dummy)/i;
const VIRTUAL_DESCRIPTION = /virtual|virtuel|virtuell|tap-windows|tap adapter|vpn|loopback|miniport|hyper-v|vmware|virtualbox|docker|pseudo|wan miniport|teredo|isatap|6to4|kernel debug/i;

/** One network interface as an agent reported it. */
export interface ReportedInterface {
  /** Interface name or adapter description (eth0, "Intel(R) 82577LM Gigabit"). */
  name: string | null;
  mac: string | null;
  /** The agent's VIRTUALDEV / virtualdev flag, null when not sent. */
  virtual: boolean | null;
  /** ethernet, wifi, loopback, bridge, … when sent. */
  type: string | null;
}

function looksVirtual(i: ReportedInterface): boolean {
  const type = i.type?.toLowerCase() ?? '';
  if (type === 'loopback' || type === 'bridge' || type === 'alias' || type === 'aggregate' || type === 'dialup') return true;
  const name = i.name?.trim() ?? '';
  return VIRTUAL_NAME.test(name) || VIRTUAL_DESCRIPTION.test(name);
}

/**
 * MAC addresses of physical interfaces, de-duplicated, in report order.
 * The agent's virtual flag is trusted when it marks at least one interface
 * as physical; FusionInventory 2.3 on macOS marks every interface virtual
 * (en0 included), and then only names and addresses decide.
 */
export function physicalMacs(interfaces: readonly ReportedInterface[]): string[] {
  const withMac = interfaces.filter((i) => normalizeMac(i.mac) !== null);
  const flagInformative = withMac.some((i) => i.virtual === false);
  const out: string[] = [];
  for (const i of withMac) {
    if (flagInformative && i.virtual === true) continue;
    if (looksVirtual(i)) continue;
    const mac = normalizeMac(i.mac)!;
    if (!out.includes(mac)) out.push(mac);
  }
  return out;
}

/** Agent names for `NormalizedSoftware.source`: how the item was found. */
const SOURCES: Record<string, string> = {
  deb: 'dpkg',
  dpkg: 'dpkg',
  rpm: 'rpm',
  snap: 'snap',
  flatpak: 'flatpak',
  registry: 'registry',
  wmi: 'wmi',
  msi: 'msi',
  android: 'android',
  pkg: 'pkg',
  pkgng: 'pkg',
  macos: 'macos',
  mac: 'macos',
  gentoo: 'portage',
  portage: 'portage',
  pacman: 'pacman',
  slackware: 'slackware',
  nix: 'nix',
  swid: 'swid',
};

/** Normalised software source (`deb` → `dpkg`), lower-case; null when not sent. */
export function normalizeSource(v: unknown): string | null {
  const s = cleanText(v);
  if (s === null) return null;
  const k = s.toLowerCase();
  return SOURCES[k] ?? k;
}
