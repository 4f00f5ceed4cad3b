import { keepUpload } from '../files/uploads.ts';
import type { InventoryImportResult, Lang } from '../../contracts/index.ts';
import { parseReasonMessage } from './parsers/parse-reasons.ts';
import { identifiersOf } from './inventory.rules.ts';
import type { Database } from '../../storage/database.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { notFound } from '../errors.ts';
import { assertCan, type Actor } from '../policy/policy.ts';
import { parseResultFile, verifyResultFile } from '../scan/result-file.ts';
import type { InventoryService } from './inventory.service.ts';
import { InventoryParseError, type NormalizedInventory } from './inventory.types.ts';
import { parseInventoryFile } from './parsers/detect.ts';
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
  /** Language of the error messages (default zh-CN). */
  lang?: Lang;
  onProgress?: (done: number, total: number) => void;
}

/** A scan result file of `zb scan --out`: JSON whose format is zb-scan/1. */
function looksLikeScanResult(buf: Buffer): boolean {
  const head = buf.subarray(0, 200).toString('utf8');
  return /^\s*\{/.test(head.replace(/^\uFEFF/, '')) && buf.includes('"zb-scan/1"');
}

/**
 * The inventory as JSON bytes, those of `JSON.stringify(inv)`. JSON.stringify
 * writes two-byte text from the first non-ASCII character on: a Chinese OS
 * name in the hardware part would make the whole software list two-byte,
 * twice the bytes to write and then to encode. The list is stringified on its
 * own (one-byte when its text is ASCII) and spliced in.
 */
export function inventoryJson(inv: NormalizedInventory): Buffer {
  const head = JSON.stringify({ ...inv, software: [] });
  const at = head.indexOf('"software":[]');
  // Spliced only where the place is unambiguous; else as a whole.
  if (at === -1 || head.indexOf('"software":[]', at + 1) !== -1) return Buffer.from(JSON.stringify(inv));
  const cut = at + '"software":'.length;
  return Buffer.concat([Buffer.from(head.slice(0, cut)), Buffer.from(JSON.stringify(inv.software)), Buffer.from(head.slice(cut + 2))]);
}

/**
 * Imports inventory files for one organization: OCS/Fusion XML, GLPI JSON,
 * SWID tags (all tags of one upload form one computer), the CSV/XLSX
 * template and signed `zb scan` result files. Each raw file is kept; each
 * computer found is stored and processed like an agent submission, so
 * re-importing the same file changes nothing.
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
    const found: { file: string; inventory: NormalizedInventory }[] = [];
    const swid: { file: string; tag: SwidTag }[] = [];
    for (const f of files) {
      await this.keepUpload(actor, orgId, f);
      const fail = (code: string, message: string) => result.errors.push({ file: f.name, row: null, field: null, code, message });
      try {
        if (looksLikeScanResult(f.content)) {
          const parsed = parseResultFile(f.content);
          if (!parsed.ok) {
            fail(parsed.reason, parsed.message[lang]);
            continue;
          }
          if (parsed.signed || opts.requireSignature) {
            const v = verifyResultFile(f.content);
            if (!v.ok) {
              fail(v.reason, v.message[lang]);
              continue;
            }
          }
          found.push({ file: f.name, inventory: parsed.file.inventory as NormalizedInventory });
          continue;
        }
        const parsed = await parseInventoryFile(f.content, f.name, { maxRows: opts.maxRows });
        for (const e of parsed.errors) result.errors.push({ file: f.name, ...e });
        if (parsed.swidTag) swid.push({ file: f.name, tag: parsed.swidTag });
        else for (const inventory of parsed.inventories) found.push({ file: f.name, inventory });
      } catch (e) {
        if (e instanceof InventoryParseError) fail(e.reason, e.detail ? `${parseReasonMessage(e.reason, lang)} (${e.detail})` : parseReasonMessage(e.reason, lang));
        else throw e;
      }
    }
    if (swid.length > 0) {
      if (!opts.deviceName) {
        for (const s of swid) result.errors.push({ file: s.file, row: null, field: 'deviceName', code: 'swid-device-name', message: lang === 'zh-CN' ? 'SWID 标签不含计算机标识，请填写计算机名称' : 'SWID tags carry no computer identity: give the computer name' });
      } else {
        const { inventory } = swidTagsToInventory(swid.map((s) => s.tag));
        found.push({ file: swid.map((s) => s.file).join(', '), inventory: { ...inventory, hardware: { ...inventory.hardware, hostname: opts.deviceName } } });
      }
    }

    result.inventories = found.length;
    result.softwareRows = found.reduce((n, x) => n + x.inventory.software.length, 0);
    if (opts.dryRun) {
      // Predict which computers are new, from their identifiers, without writing.
      const repo = repositories(this.database.db).inventory;
      for (const x of found) {
        const hits = await repo.findIdentifierHits(orgId, identifiersOf(x.inventory.hardware));
        if (hits.length > 0) result.devicesUpdated++;
        else result.devicesCreated++;
      }
      return result;
    }
    let done = 0;
    await this.inventory.holdingChanges(async (hold) => {
      for (const x of found) {
        const raw = inventoryJson(x.inventory);
        const r = await this.inventory.ingest({ orgId, credentialId: null, channel: 'import', format: 'normalized', agent: x.inventory.agent ?? `import:${x.inventory.format}`, remoteAddr: null, raw, encoding: 'identity' }, x.inventory, { hold });
        if (r.createdDevice) result.devicesCreated++;
        else result.devicesUpdated++;
        opts.onProgress?.(++done, found.length);
      }
    });
    return result;
  }

  private async keepUpload(actor: Actor, orgId: string, f: ImportFile): Promise<void> {
    await keepUpload(this.database.db, { orgId, userId: actor.userId, kind: 'inventory-import', filename: f.name, contentType: null, data: f.content });
  }
}
