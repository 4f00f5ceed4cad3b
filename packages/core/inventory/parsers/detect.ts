import type { InventoryFormat, NormalizedInventory } from '../inventory.types.ts';
import { InventoryParseError } from '../inventory.types.ts';
import { parseGlpiMessage } from './glpi-json.parser.ts';
import { inflateBody, sniffBodyEncoding } from './inflate.ts';
import { parseOcsRequest } from './ocs-xml.parser.ts';
import { parseSwidTag, swidTagsToInventory, type SwidTag } from './swid.parser.ts';
import { parseInventoryTable, type PackedComputer, type StreamedTitle } from './table.parser.ts';
import { packTableOnWorker } from './table-worker-pool.ts';
import { decodeXml } from './xml-safety.ts';

/**
 * `zb import FILE…` and the upload page: one entry point that recognises a
 * file by its content (the name only breaks ties) and hands it to the
 * right parser.
 */

/** A problem that does not stop the file: a table row, a message without inventory, an unresolved SWID tag. */
export interface InventoryFileError {
  /** Spreadsheet row for table files, else null. */
  row: number | null;
  field: string | null;
  code: string;
  message: string;
}

export interface ParsedInventoryFile {
  format: Exclude<InventoryFormat, 'zb-scan'>;
  inventories: NormalizedInventory[];
  errors: InventoryFileError[];
  /** For SWID files, the parsed tag: tags of several files are merged with `swidTagsToInventory`. */
  swidTag?: SwidTag;
  /** With `streamTables`, a CSV/XLSX template's computers as its own thread read them (`inventories` is then empty). */
  packedComputers?: PackedComputer[];
}

export interface ParseFileOptions {
  /** Largest data-row count of a CSV/XLSX file (default 200,000). */
  maxRows?: number;
  /** Cap on a compressed file's inflated size (default 64 MiB). */
  maxInflatedBytes?: number;
  /**
   * Read a CSV/XLSX template on a thread of its own (see packTableOnWorker): its titles are handed
   * to `onTitles` as they are found, its computers come in `packedComputers` (a large import: see PackedComputer).
   */
  streamTables?: { onTitles: (titles: StreamedTitle[]) => void; minWorkerBytes?: number };
}

const fileError = (code: string, message: string): InventoryFileError => ({ row: null, field: null, code, message });

/** XML or JSON text by the first non-blank character (after a BOM); UTF-16 is XML (JSON is UTF-8). */
function textKind(buf: Uint8Array): 'xml' | 'json' | null {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) return 'xml';
  let i = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++;
  return buf[i] === 0x3c ? 'xml' : buf[i] === 0x7b || buf[i] === 0x5b ? 'json' : null;
}

/** Local name of the root element and whether the root's start tag mentions the SWID namespace. */
function xmlRoot(text: string): { local: string; swidNamespace: boolean } | null {
  let i = 0;
  for (;;) {
    i = text.indexOf('<', i);
    if (i < 0) return null;
    const c = text[i + 1];
    if (c === '?') i = text.indexOf('?>', i) + 2;
    else if (c === '!') i = text.startsWith('<!--', i) ? text.indexOf('-->', i) + 3 : i + 2;
    else break;
    if (i < 2) return null;
  }
  const end = text.indexOf('>', i);
  const tag = text.slice(i + 1, end < 0 ? undefined : end);
  const name = /^[^\s/>]+/.exec(tag)?.[0] ?? '';
  return { local: name.slice(name.indexOf(':') + 1), swidNamespace: tag.includes('iso/19770/-2/') };
}

function fromSwid(buf: Uint8Array, filename: string): ParsedInventoryFile {
  const tag = parseSwidTag(buf, { file: filename });
  const { inventory, merge } = swidTagsToInventory([tag]);
  const errors: InventoryFileError[] = [];
  if (tag.kind === 'corpus') errors.push(fileError('swid-corpus', `${tag.tagId} is a corpus tag: it describes an installer, not installed software`));
  for (const u of merge.unresolved) errors.push(fileError('swid-unresolved', `${u.tag.kind} tag ${u.tag.tagId}: ${u.reason} (import it together with the tag it refers to)`));
  return { format: 'swid', inventories: inventory.software.length > 0 ? [inventory] : [], errors, swidTag: tag };
}

/** A GLPI message, or an array of them (several machines in one file). */
function fromJson(buf: Uint8Array): ParsedInventoryFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buf));
  } catch (e) {
    if (e instanceof SyntaxError) throw new InventoryParseError('json-malformed', e.message);
    throw new InventoryParseError('json-encoding-invalid', 'the file is not valid UTF-8');
  }
  const messages = (Array.isArray(parsed) ? parsed : [parsed]).map((m) => parseGlpiMessage(m));
  const inventories = messages.flatMap((m) => (m.inventory ? [m.inventory] : []));
  const errors = messages.filter((m) => !m.inventory).map((m) => fileError('no-inventory', `message "${m.action}" from ${m.deviceId} carries no inventory`));
  return { format: 'glpi-json', inventories, errors };
}

async function fromTable(buf: Buffer, filename: string, opts: ParseFileOptions): Promise<ParsedInventoryFile> {
  if (opts.streamTables) {
    const { computers, errors } = await packTableOnWorker(buf, { filename, maxRows: opts.maxRows ?? 200_000, minBytes: opts.streamTables.minWorkerBytes }, opts.streamTables.onTitles);
    return { format: 'table', inventories: [], errors, packedComputers: computers };
  }
  return { format: 'table', ...(await parseInventoryTable(buf, { filename, maxRows: opts.maxRows })) };
}

/**
 * Parses one imported file: OCS/FusionInventory XML (`.ocs`, `.xml`), GLPI
 * JSON, an ISO/IEC 19770-2 SWID tag (`.swidtag`, or XML in the SWID
 * namespace), or the CSV/XLSX template. zlib- and gzip-compressed files are
 * inflated first.
 *
 * @throws InventoryParseError when the file cannot be read at all (reason
 *   of the parser, or `file-empty`, `format-unknown`)
 */
export async function parseInventoryFile(buf: Buffer, filename: string, opts: ParseFileOptions = {}): Promise<ParsedInventoryFile> {
  if (buf.length === 0) throw new InventoryParseError('file-empty', `${filename} is empty`);
  const ext = /\.([^.\\/]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  const enc = sniffBodyEncoding(buf);
  if ((enc === 'zlib' || enc === 'gzip') && ext !== 'csv' && ext !== 'xlsx') {
    buf = await inflateBody(buf, { maxOutputLength: opts.maxInflatedBytes });
  }
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50) return fromTable(buf, filename, opts);

  const kind = textKind(buf);
  if (kind === 'xml') {
    const root = xmlRoot(decodeXml(buf).text);
    if (root?.local === 'SoftwareIdentity' || root?.swidNamespace || ext === 'swidtag') return fromSwid(buf, filename);
    if (root?.local === 'REQUEST') {
      const req = parseOcsRequest(buf);
      if (req.inventory) return { format: 'ocs-xml', inventories: [req.inventory], errors: [] };
      return { format: 'ocs-xml', inventories: [], errors: [fileError('no-inventory', `${req.query} request from ${req.deviceId} carries no inventory`)] };
    }
    throw new InventoryParseError('format-unknown', `${filename}: XML with root <${root?.local ?? '?'}> is neither an OCS/FusionInventory inventory nor a SWID tag`);
  }
  if (kind === 'json') return fromJson(buf);
  if (['xml', 'ocs', 'json', 'swidtag'].includes(ext)) throw new InventoryParseError('format-unknown', `${filename} does not contain XML or JSON`);
  return fromTable(buf, filename, opts);
}
