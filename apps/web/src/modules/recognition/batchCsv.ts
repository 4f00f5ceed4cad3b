import { INSTALL_SOURCES } from '../../contracts.ts';
import type { InstallSource, RecognitionInput, RecognitionResult } from '../../contracts.ts';

/**
 * The files of batch recognition (批量识别), as `zb recognize` reads and
 * writes them: input `display_name,publisher,version[,source]`, output the
 * same with the result columns appended. Pure functions.
 */

/** Columns of the result file, in this order (the same as `zb recognize --out`). */
export const RESULT_CSV_COLUMNS = [
  'display_name',
  'publisher',
  'version',
  'publisher_norm',
  'product',
  'edition',
  'version_norm',
  'product_key',
  'category',
  'licence_class',
  'requires_licence',
  'domestic',
  'rule_id',
  'confidence',
] as const;

/** Splits CSV text into rows of cells (RFC 4180: quoted cells may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** Header names accepted for each input column (the CLI's, and the Chinese ones of the inventory template). */
const HEADERS = {
  name: ['display_name', 'name', '软件名称', '名称'],
  publisher: ['publisher', '发行商', '厂商'],
  version: ['version', '版本', '软件版本'],
  source: ['source', '来源'],
} as const;

function sourceOf(raw: string | undefined): InstallSource | null {
  const s = raw?.trim().toLowerCase() ?? '';
  return (INSTALL_SOURCES as readonly string[]).includes(s) ? (s as InstallSource) : null;
}

function input(name: string | undefined, publisher: string | undefined, version: string | undefined, source: string | undefined): RecognitionInput | null {
  const displayName = name?.trim() ?? '';
  if (!displayName) return null;
  return { displayName, publisher: publisher?.trim() || null, version: version?.trim() || null, source: sourceOf(source) };
}

/**
 * The rows of a CSV file. With a header (`display_name,…` or 软件名称,…)
 * columns are found by name; without one they are read in the order
 * display_name, publisher, version, source.
 */
export function rowsFromCsv(text: string): RecognitionInput[] {
  const table = parseCsv(text);
  const header = table[0]?.map((h) => h.trim().toLowerCase()) ?? [];
  const find = (names: readonly string[]) => header.findIndex((h) => names.includes(h));
  const col = { name: find(HEADERS.name), publisher: find(HEADERS.publisher), version: find(HEADERS.version), source: find(HEADERS.source) };
  const hasHeader = col.name >= 0;
  const at = (r: string[], i: number) => (i >= 0 ? r[i] : undefined);
  const body = hasHeader ? table.slice(1) : table;
  const c = hasHeader ? col : { name: 0, publisher: 1, version: 2, source: 3 };
  return body.map((r) => input(at(r, c.name), at(r, c.publisher), at(r, c.version), at(r, c.source))).filter((r): r is RecognitionInput => r !== null);
}

/**
 * The rows of pasted text: one name per line; a line copied from a
 * spreadsheet (cells separated by tabs) gives name, publisher, version.
 */
export function rowsFromLines(text: string): RecognitionInput[] {
  return text
    .split(/\r?\n/)
    .map((line) => {
      const cells = line.split('\t');
      return input(cells[0], cells[1], cells[2], cells[3]);
    })
    .filter((r): r is RecognitionInput => r !== null);
}

/** Reads a file as UTF-8, or as GB18030 when it is not valid UTF-8 (CSV saved by a Chinese Excel). */
export async function readText(file: Blob): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The result file: each input row with its recognition, UTF-8 with a BOM so Excel shows Chinese right. */
export function resultCsv(rows: readonly RecognitionInput[], results: readonly RecognitionResult[]): string {
  const lines = [RESULT_CSV_COLUMNS.join(',')];
  rows.forEach((row, i) => {
    const r = results[i];
    if (!r) return;
    const cells = [
      row.displayName,
      row.publisher ?? '',
      row.version ?? '',
      r.publisherNorm ?? '',
      r.product ?? '',
      r.edition ?? '',
      r.versionNorm ?? '',
      r.productKey,
      r.category ?? '',
      r.licenceClass,
      String(r.requiresLicence),
      String(r.domestic),
      r.ruleId ?? '',
      String(r.confidence),
    ];
    lines.push(cells.map(csvCell).join(','));
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Offers text as a file download. */
export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
