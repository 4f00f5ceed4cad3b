import { compressUpload, keepUpload } from '../files/uploads.ts';
import type { InventoryImportResult, Lang } from '../../contracts/index.ts';
import { parseReasonMessage } from './parsers/parse-reasons.ts';
import { identifiersOf, OS_SOURCE } from './inventory.rules.ts';
import type { Database } from '../../storage/database.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { notFound } from '../errors.ts';
import { assertCan, type Actor } from '../policy/policy.ts';
import { parseResultFile, verifyResultFile } from '../scan/result-file.ts';
import type { InventoryService, PackedInstalls, Submission } from './inventory.service.ts';
import { InventoryParseError, type NormalizedInventory } from './inventory.types.ts';
import { parseInventoryFile } from './parsers/detect.ts';
import { packedSoftware, streamedItem, type PackedComputer, type StreamedTitle } from './parsers/table.parser.ts';
import { swidTagsToInventory, type SwidTag } from './parsers/swid.parser.ts';

/** One uploaded file. */
export interface ImportFile {
  name: string;
  content: Buffer;
}

export interface InventoryImportOptions {
  dryRun: boolean;
  /** Computer name for SWID tag files (tags carry no hardware identity). */
  deviceName?: string | undefined;
  /** Offline scan result files must be signed (inspectors' files). */
  requireSignature?: boolean;
  /** Largest CSV/XLSX row count per file (default 200,000; the CLI allows more). */
  maxRows?: number;
  /** CSV/XLSX files of at least this size are read on a thread of their own (default 1 MiB, see packTableOnWorker). */
  tableWorkerMinBytes?: number;
  /** Language of the error messages (default zh-CN). */
  lang?: Lang;
  onProgress?: (done: number, total: number) => void;
}

/** A scan result file of `zb scan --out`: JSON whose format is zb-scan/1. */
function looksLikeScanResult(buf: Buffer): boolean {
  const head = buf.subarray(0, 200).toString('utf8');
  return /^\s*\{/.test(head.replace(/^\uFEFF/, '')) && buf.includes('"zb-scan/1"');
}

/** A kept upload, as an imported computer's record names it. */
export interface KeptFile {
  upload: string;
  filename: string;
  sha256: string;
}

/** A computer found in the files; its inventory is built when it is processed (see TableComputer). */
interface Found {
  /** The file(s) it was found in (SWID tags of several files form one computer). */
  files: KeptFile[];
  /** The inventory, possibly without its software (a packed table computer's). */
  head: NormalizedInventory;
  softwareRows: number;
  /** What ingestion is given: the whole inventory, or `head` when its software comes `packed`. */
  inventory(): NormalizedInventory;
  /** A sheet's computer: its software as its sheet's thread built it. */
  packed?: PackedInstalls;
}

/** A computer of a sheet read on its own thread, with the sheet's titles (by index) as they were handed over. */
function packedFound(file: KeptFile, c: PackedComputer, titles: StreamedTitle[]): Found {
  const keys = new Array<string>(c.titles.length);
  for (let k = 0; k < keys.length; k++) keys[k] = titles[c.titles[k]!]!.key;
  return { files: [file], head: c.head, softwareRows: c.softwareRows, inventory: () => c.head, packed: { keys, installs: c.installs, software: () => packedSoftware(c, titles) } };
}

function foundOf(files: KeptFile[], inventory: NormalizedInventory): Found {
  // The operating system's item (a sheet's column) is not a row of software.
  return { files, head: inventory, softwareRows: inventory.software.filter((s) => s.source !== OS_SOURCE).length, inventory: () => inventory };
}

/** Most computers, and software rows, of an import processed in one transaction. */
const BATCH_COMPUTERS = 100;
const BATCH_ROWS = 50_000;

/** The format of an imported computer's stored record (its `raw`): see importRecord. */
export const IMPORT_RECORD_FORMAT = 'upload-ref';

/**
 * The stored record of an imported computer (the `raw` of its submission):
 * the kept upload(s) it came from, by id and SHA-256, and the computer's
 * identity and software row count. Not a second copy of its data: the
 * whole file is kept (uploads) before anything is parsed, and a copy per
 * computer cost an import of 500,000 rows more than half its time (JSON,
 * gzip, SHA-256 of ~100 MB).
 */
export function importRecord(files: KeptFile[], inv: NormalizedInventory, softwareRows: number): Buffer {
  return Buffer.from(JSON.stringify({ files, format: inv.format, agent: inv.agent, tag: inv.tag, hardware: inv.hardware, collectedAt: inv.collectedAt, softwareRows }));
}

/**
 * Imports inventory files for one organization: OCS/Fusion XML, GLPI JSON,
 * SWID tags (all tags of one upload form one computer), the CSV/XLSX
 * template and signed `zb scan` result files. Each file is kept as sent
 * before it is parsed; each computer found is processed like an agent
 * submission, its record pointing into the kept file (importRecord), so
 * re-importing the same file changes nothing.
 *
 * A large CSV/XLSX sheet is read on a thread of its own (packTableOnWorker):
 * this thread records the sheet's titles as they are found meanwhile
 * (InventoryService.recordTitles; not in a dry run), then stores the
 * computers, whose installs the sheet's thread has already put in their
 * stored form.
 */
export class InventoryImporter {
  constructor(
    private readonly database: Database,
    private readonly inventory: InventoryService,
  ) {}

  async import(actor: Actor, orgId: string, files: ImportFile[], opts: InventoryImportOptions): Promise<InventoryImportResult> {
    const org = await repositories(this.database.db).orgs.findById(orgId);
    if (!org) throw notFound('organization');
    assertCan(actor, 'device.write', { orgPath: org.path, regionCode: org.region_code });

    const lang = opts.lang ?? 'zh-CN';
    const result: InventoryImportResult = { files: files.length, inventories: 0, devicesCreated: 0, devicesUpdated: 0, softwareRows: 0, dryRun: opts.dryRun, errors: [] };
    const found: Found[] = [];
    const swid: { file: KeptFile; tag: SwidTag }[] = [];
    for (const f of files) {
      // A sheet's titles as its thread hands them over, recorded meanwhile (one batch after the other; not in a dry run).
      const sheetTitles: StreamedTitle[] = [];
      let recording: Promise<void> = Promise.resolve();
      let recordError: { e: unknown } | null = null;
      const onTitles = (titles: StreamedTitle[]) => {
        for (const t of titles) sheetTitles.push(t);
        if (opts.dryRun) return;
        const items = titles.filter((t) => t.first).map((t) => ({ item: streamedItem(t, null), osName: t.osName }));
        recording = recording.then(() => (recordError ? undefined : this.inventory.recordTitles(items))).catch((e: unknown) => void (recordError ??= { e }));
      };
      // The file is compressed on the thread pool while it is parsed; it is stored before anything of it is processed.
      // Reading starts before the upload's hash is taken here: a large sheet is then already on its own thread.
      // Both are awaited whatever happens to the other: a file that cannot be read is still kept.
      const compressing = compressUpload(f.content);
      const [reading, keeping] = await Promise.allSettled([this.readFile(f, opts, lang, onTitles), this.keepUpload(actor, orgId, f, compressing)]);
      await recording;
      if (keeping.status === 'rejected') throw keeping.reason;
      if (reading.status === 'rejected') throw reading.reason;
      if (recordError) throw (recordError as { e: unknown }).e;
      const kept = keeping.value;
      const read = reading.value;
      for (const e of read.errors) result.errors.push(e);
      if (read.swidTag) swid.push({ file: kept, tag: read.swidTag });
      for (const inventory of read.inventories) found.push(foundOf([kept], inventory));
      for (const c of read.computers) found.push(packedFound(kept, c, sheetTitles));
    }
    if (swid.length > 0) {
      if (!opts.deviceName) {
        for (const s of swid) result.errors.push({ file: s.file.filename, row: null, field: 'deviceName', code: 'swid-device-name', message: lang === 'zh-CN' ? 'SWID 标签不含计算机标识，请填写计算机名称' : 'SWID tags carry no computer identity: give the computer name' });
      } else {
        const { inventory } = swidTagsToInventory(swid.map((s) => s.tag));
        found.push(foundOf(swid.map((s) => s.file), { ...inventory, hardware: { ...inventory.hardware, hostname: opts.deviceName } }));
      }
    }

    result.inventories = found.length;
    result.softwareRows = found.reduce((n, x) => n + x.softwareRows, 0);
    if (opts.dryRun) {
      // Predict which computers are new, from their identifiers, without writing.
      const repo = repositories(this.database.db).inventory;
      for (const x of found) {
        const hits = await repo.findIdentifierHits(orgId, identifiersOf(x.head.hardware));
        if (hits.length > 0) result.devicesUpdated++;
        else result.devicesCreated++;
      }
      return result;
    }
    let done = 0;
    await this.inventory.holdingChanges(async (hold) => {
      // In batches (one transaction each, see ingestBatch): a transaction per computer cost a large import more than its writes.
      for (let at = 0; at < found.length; ) {
        const batch: { sub: Submission; inv: NormalizedInventory; packed?: PackedInstalls | undefined }[] = [];
        for (let rows = 0; at < found.length && batch.length < BATCH_COMPUTERS && rows < BATCH_ROWS; at++) {
          const x = found[at]!;
          const raw = importRecord(x.files, x.head, x.softwareRows);
          batch.push({ sub: { orgId, credentialId: null, channel: 'import', format: IMPORT_RECORD_FORMAT, agent: x.head.agent ?? `import:${x.head.format}`, remoteAddr: null, raw, encoding: 'identity', storeAsIs: raw.length < 1024 }, inv: x.inventory(), packed: x.packed });
          rows += x.softwareRows;
        }
        await this.inventory.ingestBatch(orgId, batch, { hold }, (r) => {
          if (r.createdDevice) result.devicesCreated++;
          else result.devicesUpdated++;
          opts.onProgress?.(++done, found.length);
        });
      }
    });
    return result;
  }

  /** The computers of one file (a SWID file's tag is merged with the others' later), and its problems. */
  private async readFile(f: ImportFile, opts: InventoryImportOptions, lang: Lang, onTitles: (titles: StreamedTitle[]) => void): Promise<{ inventories: NormalizedInventory[]; computers: PackedComputer[]; swidTag?: SwidTag; errors: InventoryImportResult['errors'] }> {
    const errors: InventoryImportResult['errors'] = [];
    const failed = (code: string, message: string) => ({ inventories: [], computers: [], errors: [{ file: f.name, row: null, field: null, code, message }] });
    try {
      if (looksLikeScanResult(f.content)) {
        const parsed = parseResultFile(f.content);
        if (!parsed.ok) return failed(parsed.reason, parsed.message[lang]);
        if (parsed.signed || opts.requireSignature) {
          const v = verifyResultFile(f.content);
          if (!v.ok) return failed(v.reason, v.message[lang]);
        }
        return { inventories: [parsed.file.inventory as NormalizedInventory], computers: [], errors };
      }
      const parsed = await parseInventoryFile(f.content, f.name, { maxRows: opts.maxRows, streamTables: { onTitles, minWorkerBytes: opts.tableWorkerMinBytes } });
      for (const e of parsed.errors) errors.push({ file: f.name, ...e });
      if (parsed.swidTag) return { inventories: [], computers: [], swidTag: parsed.swidTag, errors };
      return { inventories: parsed.inventories, computers: parsed.packedComputers ?? [], errors };
    } catch (e) {
      if (e instanceof InventoryParseError) return failed(e.reason, e.detail ? `${parseReasonMessage(e.reason, lang)} (${e.detail})` : parseReasonMessage(e.reason, lang));
      throw e;
    }
  }

  /** Keeps the file as sent (committed before anything of it is processed). */
  private async keepUpload(actor: Actor, orgId: string, f: ImportFile, compressing: Promise<Buffer>): Promise<KeptFile> {
    const { id, sha256 } = await keepUpload(this.database.db, { orgId, userId: actor.userId, kind: 'inventory-import', filename: f.name, contentType: null, data: f.content }, compressing);
    return { upload: id, filename: f.name, sha256 };
  }
}
