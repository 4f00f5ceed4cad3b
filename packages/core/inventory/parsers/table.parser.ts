import { isUtf8 } from 'node:buffer';
import { AppError } from '../../errors.ts';
import { detectFormat, readTable, type Table, type TableSink } from '../../files/tabular.ts';
import { OS_SOURCE, softwareKey, splitMultiarch, storedInstall, systemName, type KeyedSoftware } from '../inventory.rules.ts';
import { emptyHardware, InventoryParseError, type NormalizedInventory, type NormalizedSoftware } from '../inventory.types.ts';
import { cleanIdentifier, cleanText, normalizeDate, normalizeMac } from './normalize.ts';

/**
 * The CSV/XLSX import template (软件清单导入模板): one row per device ×
 * software, Chinese headers. Rows of the same device (same hardware UUID,
 * else BIOS serial, else computer name) become one inventory.
 */

/** Template columns, in order. */
export const TABLE_HEADERS = ['计算机名称', '硬件UUID', 'BIOS序列号', 'MAC地址', '操作系统', '操作系统版本', '软件名称', '软件版本', '发行商', '安装日期', '架构'] as const;
export type TableHeader = (typeof TABLE_HEADERS)[number];

/** English headers accepted as well (lower-case), for sheets made by English-language tools. */
const ALIASES: Record<string, TableHeader> = {
  hostname: '计算机名称',
  'computer name': '计算机名称',
  uuid: '硬件UUID',
  'hardware uuid': '硬件UUID',
  serial: 'BIOS序列号',
  'serial number': 'BIOS序列号',
  'bios serial': 'BIOS序列号',
  mac: 'MAC地址',
  'mac address': 'MAC地址',
  'mac addresses': 'MAC地址',
  os: '操作系统',
  'operating system': '操作系统',
  'os version': '操作系统版本',
  software: '软件名称',
  'software name': '软件名称',
  version: '软件版本',
  'software version': '软件版本',
  publisher: '发行商',
  'install date': '安装日期',
  'installed on': '安装日期',
  arch: '架构',
  architecture: '架构',
};

/** Header row and two example rows of the downloadable template. */
export function templateRows(): string[][] {
  return [
    [...TABLE_HEADERS],
    ['PC-CW-001', '4C4C4544-0034-3010-8048-B6C04F503732', '640HP72', '00:E0:4C:68:01:DB;44:85:00:2B:90:BC', 'Windows 10 专业版', '10.0.19045', 'WPS Office', '11.1.0.14309', '珠海金山办公软件有限公司', '2024-03-18', 'x64'],
    ['PC-CW-001', '4C4C4544-0034-3010-8048-B6C04F503732', '640HP72', '00:E0:4C:68:01:DB;44:85:00:2B:90:BC', 'Windows 10 专业版', '10.0.19045', 'Microsoft Office 专业增强版 2019', '16.0.10827.20138', 'Microsoft Corporation', '2023-11-02', 'x64'],
  ];
}

/** A problem in one row; the row is imported without the bad value unless the code says otherwise. */
export interface TableRowError {
  /** 1-based spreadsheet row number (the header is row 1). */
  row: number;
  field: TableHeader | null;
  /** identity-missing (row skipped), name-missing (row's software skipped), invalid-mac, invalid-date */
  code: 'identity-missing' | 'name-missing' | 'invalid-mac' | 'invalid-date';
  /** Chinese, then English. */
  message: string;
}

export interface TableParseResult {
  inventories: NormalizedInventory[];
  errors: TableRowError[];
}

/**
 * A distinct title of a sheet as an import's parsing thread hands it over,
 * in the order the sheet first names them (its index in that order is what
 * PackedComputer.titles holds): the item fields as ingestion keys them.
 */
export interface StreamedTitle {
  key: string;
  name: string;
  version: string | null;
  publisher: string | null;
  arch: string | null;
  /** The first title of its key (another spelling of a key needs no title row of its own). */
  first: boolean;
  /** The operating system of the computer whose row first named it: its recognition hint. */
  osName: string | null;
}

/** A computer of a sheet as an import's parsing thread hands it over. */
export interface PackedComputer {
  /** The inventory without its software. */
  head: NormalizedInventory;
  /** Rows with software (before duplicates are dropped). */
  softwareRows: number;
  /** Its items' titles (indexes among the streamed titles), one per key (see packedSoftware). */
  titles: Int32Array;
  /** Its items as its device's row of installs stores them (JSON of StoredInstall[], see storedInstall). */
  installs: string;
}

/** Days since 1899-12-30: how Excel stores a date typed into a cell formatted as a number. */
function excelSerialDate(s: string): string | null {
  if (!/^\d{5}$/.test(s)) return null;
  const n = Number(s);
  if (n < 25_000 || n > 80_000) return null;
  return new Date(Date.UTC(1899, 11, 30) + n * 86_400_000).toISOString().slice(0, 10);
}

/** A row's cell at a column index ('' for a column the sheet lacks). */
function cellOf(values: string[], at: number): string {
  return at === -1 ? '' : (values[at] ?? '');
}

/** The column index of each template column (the first column of that name wins), -1 when absent. */
function columnsOf(headers: readonly string[]): Record<TableHeader, number> {
  const at = Object.fromEntries(TABLE_HEADERS.map((h) => [h, -1])) as Record<TableHeader, number>;
  headers.forEach((raw, i) => {
    const k = raw.trim();
    const canon = (TABLE_HEADERS as readonly string[]).includes(k) ? (k as TableHeader) : ALIASES[k.toLowerCase()];
    if (canon && at[canon] === -1) at[canon] = i;
  });
  return at;
}

/**
 * The last input and output of a pure function of one cell. A device's rows
 * repeat most cells, and the CSV reader hands over the same string for a
 * cell repeated from the row above, so a hit is mostly a pointer compare.
 */
class LastValue<T> {
  private input: string | undefined = undefined;
  private output!: T;
  constructor(private readonly fn: (cell: string) => T) {}

  of(cell: string): T {
    if (cell !== this.input) {
      this.output = this.fn(cell);
      this.input = cell;
    }
    return this.output;
  }
}

/** A raw install date cell: cleaned, and read as a date (null when empty or unreadable). */
function installDateOf(cell: string): { raw: string | null; date: string | null } {
  const raw = cleanText(cell);
  return { raw, date: raw === null ? null : (normalizeDate(raw) ?? excelSerialDate(raw)) };
}

/**
 * A distinct combination of software cells (name, version, publisher,
 * architecture) of a sheet: what its rows point to instead of each holding
 * an object. It also carries the item as ingestion keys it
 * (dedupeSoftware): a dpkg multi-arch name split, the key of the trimmed
 * parts, the name cut to 500 characters.
 */
interface SheetTitle {
  /** Its place among the sheet's titles, in the order the sheet first names them. */
  index: number;
  name: string;
  version: string | null;
  publisher: string | null;
  arch: string | null;
  keyedName: string;
  keyedArch: string | null;
  key: string;
  /** Its item's stored form (JSON of storedInstall) for the install date it last had, while packing (see packed()). */
  stored: { date: string | null; json: string } | null;
  /** Shared by the spellings of one key: the eachKept call that last took it, and the index of the key's first title. */
  mark: { lastCall: number; first: number };
  /** Its name as a system caption is compared (systemName), once asked. */
  system: string | null;
}

/** The distinct software cell combinations of one sheet, and their keys' marks. */
class SheetTitles {
  /**
   * The titles of each name, as runs of four: version, publisher, arch,
   * title. A lookup compares cells side by side in one array (pointers,
   * mostly) instead of reaching each title object first: a name has a
   * title per version, and the objects lie apart in memory.
   */
  private readonly byName = new Map<string, (string | null | SheetTitle)[]>();
  private readonly marks = new Map<string, SheetTitle['mark']>();
  /** Every title, by index. */
  readonly list: SheetTitle[] = [];
  /** Counts eachKept calls (a mark equal to the current call: the key is already taken). */
  calls = 0;

  of(name: string, version: string | null, publisher: string | null, arch: string | null): SheetTitle {
    let same = this.byName.get(name);
    if (same === undefined) {
      same = [];
      this.byName.set(name, same);
    }
    // Cells are compared with ===: a pointer compare for cells the CSV reader handed over as one string.
    for (let k = 0; k < same.length; k += 4) if (same[k] === version && same[k + 1] === publisher && same[k + 2] === arch) return same[k + 3] as SheetTitle;
    // No colon, no multi-arch name (as dedupeSoftware, which skips the test the same way).
    const split = name.includes(':') ? splitMultiarch({ name, version, publisher, arch, installDate: null, source: null, guid: null, sizeBytes: null, systemCategory: null }) : { name, arch };
    const trimmed = split.name.trim();
    const key = softwareKey({ name: trimmed, version, arch: split.arch, publisher });
    let mark = this.marks.get(key);
    if (mark === undefined) {
      mark = { lastCall: 0, first: this.list.length };
      this.marks.set(key, mark);
    }
    const t: SheetTitle = { index: this.list.length, name, version, publisher, arch, keyedName: trimmed.length > 500 ? trimmed.slice(0, 500) : trimmed, keyedArch: split.arch, key, mark, stored: null, system: null };
    same.push(version, publisher, arch, t);
    this.list.push(t);
    return t;
  }
}

/** A row's item as ingestion keys it (see dedupeSoftware). */
function keyedItem(t: SheetTitle, installDate: string | null, source: string | null = null): KeyedSoftware {
  return { name: t.keyedName, version: t.version, publisher: t.publisher, arch: t.keyedArch, installDate, source, guid: null, sizeBytes: null, systemCategory: null, key: t.key };
}

/**
 * One computer of a sheet. Its software rows are kept packed (a title
 * reference and an install date per row, no object): a sheet of 500,000
 * rows would otherwise hold 500,000 objects for the whole import, and the
 * garbage collector would copy and mark them over and over. The items are
 * built when the computer is processed, and die young.
 */
export class TableComputer {
  /** The computer's inventory without its software (`software` is empty: see software() and packed()). */
  readonly head: NormalizedInventory = { format: 'table', agent: null, tag: null, hardware: emptyHardware(), software: [], partial: false, softwareIncluded: true, collectedAt: null };
  private readonly titles: SheetTitle[] = [];
  private readonly dates: (string | null)[] = [];

  constructor(private readonly table: SheetTitles) {}

  /** The item of the operating system (from its column, not a software row), -1 when none. */
  private osAt = -1;

  add(title: SheetTitle, installDate: string | null, row = true): void {
    if (!row) this.osAt = this.titles.length;
    this.titles.push(title);
    this.dates.push(installDate);
  }

  /** The operating system's item again (its version found on a later row than its name); false when there is none yet. */
  replaceOs(title: SheetTitle): boolean {
    if (this.osAt === -1) return false;
    this.titles[this.osAt] = title;
    return true;
  }

  /** Rows with software (software() has also the operating system's item). */
  get softwareRows(): number {
    return this.osAt === -1 ? this.titles.length : this.titles.length - 1;
  }

  /** The item of the operating system, -1 when none or when a row of the sheet lists the system itself (see softwareWithOs). */
  private osItem(): number {
    if (this.osAt === -1) return -1;
    // Each title's form is made once per sheet: a sheet names the same titles on computer after computer.
    const system = (t: SheetTitle) => (t.system ??= systemName(t.name));
    const caption = system(this.titles[this.osAt]!);
    for (let i = 0; i < this.titles.length; i++) if (i !== this.osAt && system(this.titles[i]!) === caption) return -1;
    return this.osAt;
  }

  /** The software as the sheet lists it, one item per row. */
  software(): NormalizedSoftware[] {
    const os = this.osItem();
    const out: NormalizedSoftware[] = [];
    this.titles.forEach((t, i) => {
      if (i === this.osAt && os === -1) return;
      out.push({ name: t.name, version: t.version, publisher: t.publisher, arch: t.arch, installDate: this.dates[i]!, source: i === os ? OS_SOURCE : null, guid: null, sizeBytes: null, systemCategory: null });
    });
    return out;
  }

  /**
   * The computer as an import's parsing thread hands it over: what
   * dedupeSoftware makes of software() (ingestion then takes it as it is),
   * as title indexes and as stored installs, built from the titles' keys
   * (computed once per sheet) instead of keying every row again.
   */
  packed(): PackedComputer {
    const titles: number[] = [];
    const parts: string[] = [];
    const os = this.osItem();
    this.eachKept(os === -1 ? this.osAt : -1, (t, date, i) => {
      titles.push(t.index);
      if (i === os) return void parts.push(JSON.stringify(storedInstall(keyedItem(t, date, OS_SOURCE), null)));
      // The item's stored form as JSON, kept on its title while its date repeats (as a sheet's rows mostly do).
      if (t.stored === null || t.stored.date !== date) t.stored = { date, json: JSON.stringify(storedInstall(keyedItem(t, date), null)) };
      parts.push(t.stored.json);
    });
    return { head: this.head, softwareRows: this.softwareRows, titles: Int32Array.from(titles), installs: `[${parts.join(',')}]` };
  }

  /** Each row's title and install date but the item `skip`, the first row of each key only (as dedupeSoftware keeps them). */
  private eachKept(skip: number, fn: (t: SheetTitle, date: string | null, i: number) => void): void {
    const call = ++this.table.calls;
    for (let i = 0; i < this.titles.length; i++) {
      if (i === skip) continue;
      const t = this.titles[i]!;
      if (t.mark.lastCall === call) continue;
      t.mark.lastCall = call;
      fn(t, this.dates[i]!, i);
    }
  }

  /** The inventory with software(). */
  inventory(): NormalizedInventory {
    return { ...this.head, software: this.software() };
  }
}

/**
 * Groups template rows, as readTable hands them over, into computers and
 * collects per-row errors. Pure: no I/O.
 */
class TableGrouper implements TableSink {
  private readonly errors: TableRowError[] = [];
  private readonly byDevice = new Map<string, TableComputer>();
  private readonly titles = new SheetTitles();
  private col: Record<TableHeader, number> | null = null;
  // A device's rows repeat its identity cells: the previous row's device is reused while their raw text is the same.
  private last: { host: string; uuid: string; serial: string; computer: TableComputer } | null = null;
  // The MAC cell last read without an error, and whose device it went to: the same cell again adds nothing.
  private lastMacs: { cell: string; computer: TableComputer } | null = null;
  private readonly name = new LastValue(cleanText);
  private readonly version = new LastValue(cleanText);
  private readonly publisher = new LastValue(cleanText);
  private readonly arch = new LastValue(cleanText);
  private readonly installDate = new LastValue(installDateOf);
  // While titles are streamed (onTitles): the computer whose row first named each title, and how many were handed over.
  private readonly owners: TableComputer[] = [];
  private streamed = 0;

  constructor(private readonly onTitles?: (titles: StreamedTitle[]) => void) {}

  /** @throws InventoryParseError `table-headers-missing` when the name column or every identity column is missing */
  headers(headers: string[]): void {
    const col = columnsOf(headers);
    if (col['软件名称'] === -1 || (col['计算机名称'] === -1 && col['硬件UUID'] === -1 && col['BIOS序列号'] === -1)) {
      throw new InventoryParseError('table-headers-missing', `需要列 软件名称 和 计算机名称/硬件UUID/BIOS序列号 之一 / the sheet needs the column 软件名称 and one of 计算机名称, 硬件UUID, BIOS序列号 (found: ${headers.filter(Boolean).join(', ')})`);
    }
    this.col = col;
  }

  row(row: number, values: string[]): void {
    const col = this.col!;
    const rawHost = cellOf(values, col['计算机名称']);
    const rawUuid = cellOf(values, col['硬件UUID']);
    const rawSerial = cellOf(values, col['BIOS序列号']);
    const last = this.last;
    const computer = last !== null && rawHost === last.host && rawUuid === last.uuid && rawSerial === last.serial ? last.computer : this.deviceOf(row, rawHost, rawUuid, rawSerial);
    if (computer === null) return;
    const hw = computer.head.hardware;
    if (hw.osVersion === null) {
      hw.osVersion = cleanText(cellOf(values, col['操作系统版本']));
      // A version filled on a later row than the system's name: the system's item gets it too.
      if (hw.osVersion !== null && hw.osName !== null) this.replaceOs(computer, this.titles.of(hw.osName, hw.osVersion, null, null));
    }
    if (hw.osName === null) {
      hw.osName = cleanText(cellOf(values, col['操作系统']));
      // The operating system is one of the computer's installs (see softwareWithOs), named once per computer.
      if (hw.osName !== null) this.add(computer, this.titles.of(hw.osName, hw.osVersion, null, null), null, false);
    }
    const macCell = cellOf(values, col['MAC地址']);
    if (macCell && !(this.lastMacs !== null && this.lastMacs.cell === macCell && this.lastMacs.computer === computer)) this.readMacs(row, macCell, computer);

    const name = this.name.of(cellOf(values, col['软件名称']));
    const version = this.version.of(cellOf(values, col['软件版本']));
    const publisher = this.publisher.of(cellOf(values, col['发行商']));
    if (name === null) {
      if (version !== null || publisher !== null) this.error(row, '软件名称', 'name-missing', '有软件信息但缺少软件名称，本行软件未导入 / Software details without a software name: row software skipped');
      return;
    }
    const { raw: rawDate, date: installDate } = this.installDate.of(cellOf(values, col['安装日期']));
    if (rawDate !== null && installDate === null) this.error(row, '安装日期', 'invalid-date', `安装日期无法识别：${rawDate}（应为 YYYY-MM-DD）/ Unrecognised install date: ${rawDate} (use YYYY-MM-DD)`);
    this.add(computer, this.titles.of(name, version, publisher, this.arch.of(cellOf(values, col['架构']))), installDate);
  }

  /** Adds a row's title to its computer (a title named for the first time is streamed with its computer's system). */
  private add(computer: TableComputer, title: SheetTitle, installDate: string | null, row = true): void {
    computer.add(title, installDate, row);
    this.own(computer, title);
  }

  /** The system's item of a computer again, with the version a later row gave (see TableComputer.replaceOs). */
  private replaceOs(computer: TableComputer, title: SheetTitle): void {
    if (computer.replaceOs(title)) this.own(computer, title);
  }

  /** Streams a title named for the first time, with the computer that named it. */
  private own(computer: TableComputer, title: SheetTitle): void {
    if (this.onTitles) {
      if (title.index === this.owners.length) this.owners.push(computer);
      if (this.owners.length - this.streamed >= STREAMED_TITLES) this.flushTitles();
    }
  }

  /** Hands over the titles named since the last time. */
  private flushTitles(): void {
    const out: StreamedTitle[] = [];
    for (let i = this.streamed; i < this.owners.length; i++) {
      const t = this.titles.list[i]!;
      out.push({ key: t.key, name: t.keyedName, version: t.version, publisher: t.publisher, arch: t.keyedArch, first: t.mark.first === i, osName: this.owners[i]!.head.hardware.osName });
    }
    this.streamed = this.owners.length;
    if (out.length > 0) this.onTitles!(out);
  }

  /** Adds the MAC addresses of a cell to the device; an invalid one is reported for this row. */
  private readMacs(row: number, macCell: string, computer: TableComputer): void {
    const hw = computer.head.hardware;
    let clean = true;
    for (const part of macCell.split(/[;,，；\s]+/)) {
      if (!part) continue;
      const mac = normalizeMac(part);
      if (mac === null) {
        if (!/^[0-9a-f]{2}([:.-]?[0-9a-f]{2}){5}$/i.test(part)) {
          this.error(row, 'MAC地址', 'invalid-mac', `MAC地址格式不正确：${part} / Invalid MAC address: ${part}`);
          clean = false;
        }
      } else if (!hw.macs.includes(mac)) {
        hw.macs.push(mac);
      }
    }
    this.lastMacs = clean ? { cell: macCell, computer } : null;
  }

  /** The computers as an import's parsing thread hands them over (the titles not handed over yet first). */
  packedComputers(): { computers: PackedComputer[]; errors: TableRowError[] } {
    if (this.onTitles) this.flushTitles();
    return { computers: [...this.byDevice.values()].map((c) => c.packed()), errors: this.errors };
  }

  result(): TableParseResult {
    return { inventories: [...this.byDevice.values()].map((c) => c.inventory()), errors: this.errors };
  }

  /** The computer a row names (UUID, else serial, else computer name), null when it names none. */
  private deviceOf(row: number, rawHost: string, rawUuid: string, rawSerial: string): TableComputer | null {
    const hostname = cleanText(rawHost);
    const uuid = cleanIdentifier(rawUuid);
    const serial = cleanIdentifier(rawSerial);
    const identity = uuid ? `uuid:${uuid.toLowerCase()}` : serial ? `serial:${serial.toUpperCase()}` : hostname ? `host:${hostname.toLowerCase()}` : null;
    if (identity === null) {
      this.error(row, null, 'identity-missing', '缺少设备标识（计算机名称、硬件UUID或BIOS序列号），本行未导入 / No device identity (computer name, hardware UUID or BIOS serial): row skipped');
      this.last = null;
      return null;
    }
    let computer = this.byDevice.get(identity);
    if (!computer) {
      computer = new TableComputer(this.titles);
      this.byDevice.set(identity, computer);
    }
    const hw = computer.head.hardware;
    hw.hostname ??= hostname;
    hw.uuid ??= uuid;
    hw.serial ??= serial;
    this.last = { host: rawHost, uuid: rawUuid, serial: rawSerial, computer };
    return computer;
  }

  private error(row: number, field: TableHeader | null, code: TableRowError['code'], message: string): void {
    this.errors.push({ row, field, code, message });
  }
}

/**
 * Groups a sheet's rows (header cells, then positional rows) into
 * inventories and collects per-row errors. Pure: no I/O.
 *
 * @throws InventoryParseError `table-headers-missing`
 */
export function inventoriesFromRows(table: Table): TableParseResult {
  const g = new TableGrouper();
  g.headers(table.headers);
  for (const r of table.rows) g.row(r.row, r.values);
  return g.result();
}

/**
 * Reads a CSV or XLSX template file (zip bombs and row counts are guarded by
 * readTabular) and groups it into inventories. A CSV that is not UTF-8 is
 * read as GB18030 (a superset of GBK and GB2312): that is what Excel on a
 * Chinese Windows writes for "CSV (逗号分隔)".
 *
 * @throws InventoryParseError `table-unreadable`, `table-too-large`, `table-headers-missing`
 */
export async function parseInventoryTable(buf: Buffer, opts: { filename?: string; maxRows?: number } = {}): Promise<TableParseResult> {
  return (await groupTable(buf, opts)).result();
}

/**
 * parseInventoryTable for an import's parsing thread: the sheet's titles
 * are handed to `onTitles` as they are first named (a few thousand at a
 * time), so that the thread that stores them can record them meanwhile;
 * then each computer comes packed (see PackedComputer).
 *
 * @throws InventoryParseError as parseInventoryTable
 */
export async function packTableForImport(buf: Buffer, opts: { filename?: string; maxRows?: number }, onTitles: (titles: StreamedTitle[]) => void): Promise<{ computers: PackedComputer[]; errors: TableRowError[] }> {
  return (await groupTable(buf, opts, onTitles)).packedComputers();
}

/** A streamed title's item as ingestion keys it, with an install date. */
export function streamedItem(t: StreamedTitle, installDate: string | null, source: string | null = null): KeyedSoftware {
  return { name: t.name, version: t.version, publisher: t.publisher, arch: t.arch, installDate, source, guid: null, sizeBytes: null, systemCategory: null, key: t.key };
}

/** A packed computer's software again, keyed (as dedupeSoftware gives it), from its sheet's streamed titles. */
export function packedSoftware(c: PackedComputer, titles: readonly StreamedTitle[]): KeyedSoftware[] {
  // A sheet's row keeps its title and its install date; the date and source are in the stored installs.
  const stored = JSON.parse(c.installs) as [string, string | null, string | null][];
  return Array.from(c.titles, (i, k) => streamedItem(titles[i]!, stored[k]![1], stored[k]![2]));
}

/** Titles handed over at a time by packTableForImport. */
const STREAMED_TITLES = 4096;

/** A template file read into a grouper (see parseInventoryTable). */
async function groupTable(buf: Buffer, opts: { filename?: string; maxRows?: number }, onTitles?: (titles: StreamedTitle[]) => void): Promise<TableGrouper> {
  if (detectFormat(buf, opts.filename) === 'csv' && !isUtf8(buf)) {
    try {
      buf = Buffer.from(new TextDecoder('gb18030', { fatal: true }).decode(buf), 'utf8');
    } catch {
      throw new InventoryParseError('table-unreadable', 'CSV 既不是 UTF-8 也不是 GBK 编码 / the CSV is neither UTF-8 nor GBK');
    }
  }
  const grouper = new TableGrouper(onTitles);
  try {
    await readTable(buf, { filename: opts.filename, maxRows: opts.maxRows ?? 200_000 }, grouper);
  } catch (e) {
    if (e instanceof AppError) {
      const reason = e.code === 'PAYLOAD_TOO_LARGE' ? 'table-too-large' : 'table-unreadable';
      const details = e.options.details as { reason?: string; maxRows?: number } | undefined;
      throw new InventoryParseError(reason, details?.reason ?? (details?.maxRows ? `more than ${details.maxRows} rows` : e.message));
    }
    throw e;
  }
  return grouper;
}
