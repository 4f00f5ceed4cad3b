import { InventoryParseError, type HardwareIdentity, type NormalizedInventory, type NormalizedSoftware } from '../inventory.types.ts';
import { cleanIdentifier, cleanText, normalizeDate, normalizeDateTime, normalizeSource, physicalMacs, toInt, ymd } from './normalize.ts';
import { prepareXml } from './xml-safety.ts';
import { scanXml, textOf, type TextKind, type XmlVisitor } from './xml-scanner.ts';

/**
 * The legacy XML messages of the OCS Inventory and FusionInventory agents
 * (`<REQUEST><QUERY>PROLOG|INVENTORY</QUERY><DEVICEID>…`), see
 * docs AGENT-PROTOCOLS.md. A targeted scanner: it reads the HARDWARE, BIOS,
 * OPERATINGSYSTEM, NETWORKS, SOFTWARES, ACCOUNTINFO and ACCESSLOG blocks
 * and skips the rest (processes, users, controllers, …) without decoding it,
 * while still checking the whole document is well-formed.
 */

/** One legacy request as the agent sent it. */
export interface OcsRequest {
  /** PROLOG, INVENTORY, or another query (NETDISCOVERY, SNMPQUERY, …), upper-case. */
  query: string;
  /** The agent's DEVICEID (host name plus the agent's install time). */
  deviceId: string;
  /** FusionInventory / glpi-agent PROLOG token. */
  token?: string;
  /** Present for INVENTORY requests with a CONTENT block. */
  inventory?: NormalizedInventory;
}

export interface OcsParseOptions {
  /** The request's User-Agent, used as `agent` when the XML has no VERSIONCLIENT (OCS agent). */
  userAgent?: string | null;
  /** Deepest element nesting accepted (default 512). */
  maxDepth?: number;
}

type OcsRecord = Record<string, string>;

/**
 * Names as the collector uses them: each element name maps to the same
 * string literal. The scanner hands over a new string per tag; using it as a
 * property key would make V8 look it up in its string table on every read
 * and write, while a literal is already there (one Map lookup per tag instead).
 */
function canonical(names: readonly string[]): ReadonlyMap<string, string> {
  return new Map(names.map((n) => [n, n]));
}

/** The blocks we map and, in each, the only fields we decode. */
const SECTIONS = new Map<string, { name: string; fields: ReadonlyMap<string, string> }>(
  Object.entries({
    HARDWARE: ['NAME', 'UUID', 'OSNAME', 'OSVERSION', 'ARCH', 'ARCHNAME', 'DESCRIPTION', 'WORKGROUP', 'USERID', 'LASTLOGGEDUSER', 'PROCESSORT', 'MEMORY'],
    BIOS: ['SSN', 'SMANUFACTURER', 'SMODEL', 'MMANUFACTURER', 'MMODEL'],
    OPERATINGSYSTEM: ['FULL_NAME', 'NAME', 'VERSION', 'KERNEL_VERSION', 'ARCH', 'DNS_DOMAIN'],
    NETWORKS: ['DESCRIPTION', 'MACADDR', 'VIRTUALDEV', 'TYPE'],
    SOFTWARES: ['NAME', 'VERSION', 'PUBLISHER', 'ARCH', 'ARCHITECTURE', 'INSTALLDATE', 'FROM', 'GUID', 'FILESIZE', 'SYSTEM_CATEGORY'],
    ACCOUNTINFO: ['KEYNAME', 'KEYVALUE'],
    ACCESSLOG: ['LOGDATE'],
  }).map(([name, fields]) => [name, { name, fields: canonical(fields) }]),
);
const REQUEST_SCALARS = canonical(['DEVICEID', 'QUERY', 'TOKEN']);
const CONTENT_SCALARS = canonical(['VERSIONCLIENT']);

/** Collects the blocks we map; everything else is only scanned. */
class OcsCollector implements XmlVisitor {
  depth = 0;
  root = '';
  inContent = false;
  hasContent = false;
  readonly sections: Record<string, OcsRecord[]> = {};
  readonly scalars: OcsRecord = {};
  private record: OcsRecord | null = null;
  private fields: ReadonlyMap<string, string> | null = null;
  private section = '';
  private field = '';
  private collectDepth = -1;
  private buf = '';

  open(name: string): void {
    const d = ++this.depth;
    if (d === 1) {
      this.root = name;
    } else if (d === 2) {
      if (name === 'CONTENT') this.inContent = this.hasContent = true;
      else this.collectIf(REQUEST_SCALARS.get(name), d);
    } else if (this.inContent) {
      if (d === 3) {
        const section = SECTIONS.get(name);
        if (section !== undefined) {
          this.record = {};
          this.fields = section.fields;
          this.section = section.name;
        } else {
          this.collectIf(CONTENT_SCALARS.get(name), d);
        }
      } else if (d === 4 && this.record !== null) {
        this.collectIf(this.fields!.get(name), d);
      }
    }
  }

  private collectIf(field: string | undefined, depth: number): void {
    if (field === undefined) return;
    this.field = field;
    this.collectDepth = depth;
    this.buf = '';
  }

  text(src: string, start: number, end: number, kind: TextKind): void {
    if (this.depth === this.collectDepth) this.buf += textOf(src, start, end, kind);
  }

  close(name: string): void {
    const d = this.depth--;
    if (d === this.collectDepth) {
      const target = d === 4 ? this.record! : this.scalars;
      if (target[this.field] === undefined) target[this.field] = this.buf;
      this.collectDepth = -1;
    } else if (d === 3 && this.record !== null) {
      (this.sections[this.section] ??= []).push(this.record);
      this.record = null;
    } else if (d === 2 && name === 'CONTENT') {
      this.inContent = false;
    }
  }
}

const ARCH = /^(x86_64|amd64|x64|i[3-6]86|x86|aarch64|arm64|armv\d+\w*|ppc64le|ppc64|s390x|riscv64|mips\w*|sparc\w*|ia64|loongarch64)\b/i;

function archFrom(v: string | undefined): string | null {
  const m = v ? ARCH.exec(v.trim()) : null;
  return m ? m[1]! : null;
}

function mapHardware(c: OcsCollector, deviceId: string): HardwareIdentity {
  const h = c.sections.HARDWARE?.[0] ?? {};
  const b = c.sections.BIOS?.[0] ?? {};
  const os = c.sections.OPERATINGSYSTEM?.[0] ?? {};
  // FusionInventory puts the kernel version in HARDWARE/OSVERSION; the OS version is then in OPERATINGSYSTEM/VERSION.
  const hwVersion = cleanText(h.OSVERSION);
  const osVersion = hwVersion !== null && hwVersion !== cleanText(os.KERNEL_VERSION) ? hwVersion : (cleanText(os.VERSION) ?? hwVersion);
  const macs = physicalMacs(
    (c.sections.NETWORKS ?? []).map((r) => ({
      name: cleanText(r.DESCRIPTION),
      mac: cleanText(r.MACADDR),
      virtual: r.VIRTUALDEV === undefined || cleanText(r.VIRTUALDEV) === null ? null : cleanText(r.VIRTUALDEV) === '1',
      type: cleanText(r.TYPE),
    })),
  );
  return {
    hostname: cleanText(h.NAME),
    uuid: cleanIdentifier(h.UUID),
    serial: cleanIdentifier(b.SSN),
    macs,
    agentDeviceId: deviceId,
    manufacturer: cleanIdentifier(b.SMANUFACTURER) ?? cleanIdentifier(b.MMANUFACTURER),
    model: cleanIdentifier(b.SMODEL) ?? cleanIdentifier(b.MMODEL),
    osName: cleanText(h.OSNAME) ?? cleanText(os.FULL_NAME) ?? cleanText(os.NAME),
    osVersion,
    osArch: cleanText(os.ARCH) ?? cleanText(h.ARCH) ?? archFrom(h.ARCHNAME) ?? archFrom(h.DESCRIPTION),
    domain: cleanText(h.WORKGROUP) ?? cleanText(os.DNS_DOMAIN),
    lastUser: cleanText(h.USERID) ?? cleanText(h.LASTLOGGEDUSER),
    cpu: cleanText(h.PROCESSORT),
    memoryMb: toInt(h.MEMORY),
  };
}

const DIGIT_0 = 48;

/** The value of the two ASCII digits at i, or -1. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - DIGIT_0;
  const b = s.charCodeAt(i + 1) - DIGIT_0;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The OCS agent's dpkg date `YYYY/MM/DD hh:mm:ss`, exactly, packed as
 * YYYYMMDD (month as written), or -1. Read by character codes: it is met
 * once or twice per package, and a regex match with its groups costs
 * several times more.
 */
function debDate(s: string): number {
  if (s.length !== 19 || s.charCodeAt(4) !== 47 || s.charCodeAt(7) !== 47 || s.charCodeAt(10) !== 32 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return -1;
  const y1 = twoDigits(s, 0);
  const y2 = twoDigits(s, 2);
  const m = twoDigits(s, 5);
  const d = twoDigits(s, 8);
  if (y1 < 0 || y2 < 0 || m < 0 || d < 0 || twoDigits(s, 11) < 0 || twoDigits(s, 14) < 0 || twoDigits(s, 17) < 0) return -1;
  return (y1 * 100 + y2) * 10000 + m * 100 + d;
}

/**
 * The OCS unix agent (2.10.0, Debian 12) writes dpkg install dates from
 * Perl's localtime() without adding 1 to the zero-based month
 * (`2025/04/20 00:00:00` for a package installed on 2025-05-20; January is
 * month `00`). Later upstream versions add it. We shift the month unless
 * the document or the agent version shows the dates are already right.
 */
function debMonthIsZeroBased(softwares: OcsRecord[], agent: string | null): boolean {
  let candidates = 0;
  for (const r of softwares) {
    if (r.FROM !== 'deb' || r.INSTALLDATE === undefined) continue;
    const date = debDate(r.INSTALLDATE);
    if (date < 0) continue;
    candidates++;
    const month = Math.floor(date / 100) % 100;
    if (month === 0) return true;
    if (month === 12) return false;
  }
  if (candidates === 0) return false;
  const v = agent ? /OCS-NG_unified_unix_agent_v(\d+)\.(\d+)(?:\.(\d+))?/i.exec(agent) : null;
  if (!v) return true;
  const [maj, min, patch] = [Number(v[1]), Number(v[2]), Number(v[3] ?? 0)];
  return maj < 2 || (maj === 2 && (min < 10 || (min === 10 && patch === 0)));
}

/** toInt of a package size; a plain run of up to 15 digits (nearly every value) is read without the regex, to the same number. */
function sizeOf(v: string | undefined): number | null {
  if (v === undefined || v.length === 0 || v.length > 15) return toInt(v);
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return toInt(v);
  }
  return Number(v);
}

function mapSoftware(softwares: OcsRecord[], agent: string | null): NormalizedSoftware[] {
  const shiftDebMonth = debMonthIsZeroBased(softwares, agent);
  const out: NormalizedSoftware[] = [];
  // Nearly every item of a document has the same FROM: normalise it once per distinct run.
  let lastFrom: string | undefined | null = null;
  let lastSource: string | null = null;
  // Packages are installed in batches: a document repeats a few install dates (868 packages, 154 dates on this machine).
  const dates = new Map<string, string | null>();
  for (const r of softwares) {
    const name = cleanText(r.NAME);
    if (name === null) continue;
    let installDate: string | null = null;
    const raw = r.INSTALLDATE;
    if (raw !== undefined) {
      const shift = shiftDebMonth && r.FROM === 'deb';
      // The key says whether the month is shifted (deb items of a zero-based agent) or not.
      const key = shift ? raw : `\u0000${raw}`;
      const known = dates.get(key);
      if (known !== undefined) installDate = known;
      else {
        const date = shift ? debDate(raw) : -1;
        installDate = date >= 0 ? ymd(Math.floor(date / 10000), (Math.floor(date / 100) % 100) + 1, date % 100) : normalizeDate(raw);
        dates.set(key, installDate);
      }
    }
    const arch = cleanText(r.ARCH) ?? cleanText(r.ARCHITECTURE);
    if (r.FROM !== lastFrom) {
      lastFrom = r.FROM;
      lastSource = normalizeSource(r.FROM);
    }
    const source = lastSource;
    out.push({
      // The OCS agent lists dpkg's ${binary:Package} (`libc6:amd64`); dpkg-query ${Package} and FusionInventory say `libc6`.
      name: source === 'dpkg' && arch !== null && name.length > arch.length && name.charCodeAt(name.length - arch.length - 1) === 58 && name.endsWith(arch) ? name.slice(0, -arch.length - 1) : name,
      version: cleanText(r.VERSION),
      publisher: cleanText(r.PUBLISHER),
      arch,
      installDate,
      source,
      guid: cleanText(r.GUID),
      sizeBytes: sizeOf(r.FILESIZE),
      systemCategory: cleanText(r.SYSTEM_CATEGORY),
    });
  }
  return out;
}

/**
 * Parses one legacy request (already inflated). PROLOG and other queries
 * carry no inventory; INVENTORY requests are mapped to the normalized shape.
 *
 * @throws InventoryParseError `xml-*` (see prepareXml/scanXml),
 *   `ocs-wrong-root`, `ocs-missing-query`, `ocs-missing-deviceid`
 */
export function parseOcsRequest(input: Uint8Array | string, opts: OcsParseOptions = {}): OcsRequest {
  const src = prepareXml(input);
  const c = new OcsCollector();
  scanXml(src, c, { maxDepth: opts.maxDepth });
  if (c.root !== 'REQUEST') throw new InventoryParseError('ocs-wrong-root', `expected <REQUEST>, found <${c.root}>`);
  const query = cleanText(c.scalars.QUERY)?.toUpperCase();
  if (!query) throw new InventoryParseError('ocs-missing-query', 'the request has no <QUERY>');
  const deviceId = cleanText(c.scalars.DEVICEID);
  if (!deviceId) throw new InventoryParseError('ocs-missing-deviceid', 'the request has no <DEVICEID>');
  const req: OcsRequest = { query, deviceId };
  const token = cleanText(c.scalars.TOKEN);
  if (token !== null) req.token = token;
  if (query !== 'INVENTORY' || !c.hasContent) return req;

  const agent = cleanText(c.scalars.VERSIONCLIENT) ?? cleanText(opts.userAgent);
  const tagRecord = (c.sections.ACCOUNTINFO ?? []).find((r) => cleanText(r.KEYNAME)?.toUpperCase() === 'TAG');
  const softwares = c.sections.SOFTWARES ?? [];
  req.inventory = {
    format: 'ocs-xml',
    agent,
    tag: tagRecord ? cleanText(tagRecord.KEYVALUE) : null,
    hardware: mapHardware(c, deviceId),
    software: mapSoftware(softwares, agent),
    partial: false,
    // An agent run with --nosoftware sends no SOFTWARES at all: that says nothing about what is installed.
    softwareIncluded: softwares.length > 0,
    collectedAt: normalizeDateTime(c.sections.ACCESSLOG?.[0]?.LOGDATE),
  };
  return req;
}
