import type ExcelJS from 'exceljs';
import { AppError } from '../errors.ts';
import { readCsv } from './csv-reader.ts';
import { inspectZip } from './zip-guard.ts';

/** exceljs, loaded when a workbook is first read or written: a CSV never needs it (loading it takes ~0.3–0.4 s, which a thread that only reads a CSV, or a command that writes no workbook, would wait for). */
let excel: Promise<typeof ExcelJS> | null = null;
export const loadExcel = (): Promise<typeof ExcelJS> => (excel ??= import('exceljs').then((m) => m.default));

/** A sheet read as header → cell text, with the 1-based spreadsheet row number. */
export interface TabularRow {
  row: number;
  cells: Record<string, string>;
}

export type TabularFormat = 'xlsx' | 'csv';

/** XLSX by the ZIP magic, CSV otherwise (by name when given). */
export function detectFormat(buf: Buffer, filename?: string): TabularFormat {
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50) return 'xlsx';
  if (filename && /\.xlsx$/i.test(filename)) return 'xlsx';
  return 'csv';
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return v.result === undefined ? '' : String(v.result);
    return '';
  }
  return String(v);
}

/** What a sheet reader is given: the header cells (trimmed) once, then each data row. */
export interface TableSink {
  headers(headers: string[]): void;
  /**
   * A data row with its 1-based spreadsheet row number; cells trimmed; rows
   * whose cells are all empty are not given. `values` is the sink's only
   * during the call (the reader may reuse the array: copy it to keep it), and
   * a cell repeated from an earlier row may be given as the same string.
   */
  row(row: number, values: string[]): void;
}

/** A sheet as positional cells (small sheets; large ones are read row by row with a TableSink). */
export interface Table {
  headers: string[];
  rows: { row: number; values: string[] }[];
}

/** Trims the cells in place; false when all are empty. */
function trimCells(values: string[]): boolean {
  let any = false;
  for (let c = 0; c < values.length; c++) {
    const v = values[c]!.trim();
    values[c] = v;
    if (v) any = true;
  }
  return any;
}

/**
 * Reads the first sheet of an XLSX or a CSV (UTF-8, BOM allowed; GBK is
 * not guessed) row by row into `sink`. Refuses zip bombs and more than
 * maxRows data rows. A CSV row is handed over as soon as it is read and
 * not kept: a sheet of millions of rows never lives in memory as arrays.
 */
export async function readTable(buf: Buffer, opts: { filename?: string | undefined; maxRows: number }, sink: TableSink): Promise<void> {
  if (detectFormat(buf, opts.filename) === 'xlsx') {
    const t = await readXlsxTable(buf, opts.maxRows);
    sink.headers(t.headers);
    for (const r of t.rows) sink.row(r.row, r.values);
    return;
  }
  readCsv(buf, opts.maxRows, sink);
}

/** The whole sheet as positional rows (see readTable). */
export async function collectTable(buf: Buffer, opts: { filename?: string | undefined; maxRows: number }): Promise<Table> {
  const table: Table = { headers: [], rows: [] };
  await readTable(buf, opts, { headers: (h) => (table.headers = h), row: (row, values) => table.rows.push({ row, values: values.slice() }) });
  return table;
}

async function readXlsxTable(buf: Buffer, maxRows: number): Promise<Table> {
  const verdict = inspectZip(buf);
  if (!verdict.ok) throw new AppError('UNSUPPORTED_FILE', { message: verdict.reason, details: { reason: verdict.reason } });
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new AppError('UNSUPPORTED_FILE', { details: { reason: (e as Error).message } });
  }
  const ws = wb.worksheets[0];
  if (!ws) return { headers: [], rows: [] };
  if (ws.rowCount - 1 > maxRows) throw new AppError('PAYLOAD_TOO_LARGE', { details: { rows: ws.rowCount - 1, maxRows } });
  const headers: string[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (headers[col - 1] = cellText(cell.value).trim()));
  for (let c = 0; c < headers.length; c++) headers[c] ??= '';
  const rows: Table['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    if (n === 1) return;
    const values: string[] = headers.map(() => '');
    r.eachCell({ includeEmpty: true }, (cell, col) => {
      if (col <= headers.length) values[col - 1] = cellText(cell.value);
    });
    if (trimCells(values)) rows.push({ row: n, values });
  });
  return { headers, rows };
}

/**
 * Reads the first sheet of an XLSX or a CSV into rows keyed by header (the
 * cells of columns without a header are left out). Refuses zip bombs and
 * more than maxRows data rows.
 */
export async function readTabular(buf: Buffer, opts: { filename?: string | undefined; maxRows: number }): Promise<TabularRow[]> {
  const table = await collectTable(buf, opts);
  const out: TabularRow[] = [];
  for (const r of table.rows) {
    const cells: Record<string, string> = {};
    let any = false;
    table.headers.forEach((h, c) => {
      if (!h) return;
      const v = r.values[c] ?? '';
      cells[h] = v;
      if (v) any = true;
    });
    if (any) out.push({ row: r.row, cells });
  }
  return out;
}

/** One column of an XLSX export. */
export interface XlsxColumn<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | null;
}

/** Writes rows to an XLSX with a bold, frozen header row. */
export async function writeXlsx<T>(sheetName: string, columns: XlsxColumn<T>[], batches: AsyncIterable<T[]> | T[][], extraSheets: { name: string; rows: string[][] }[] = []): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Zhengban';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 16 }));
  ws.getRow(1).font = { bold: true };
  for await (const batch of batches) for (const r of batch) ws.addRow(columns.map((c) => c.value(r)));
  for (const s of extraSheets) {
    const sheet = wb.addWorksheet(s.name);
    for (const r of s.rows) sheet.addRow(r);
    sheet.getRow(1).font = { bold: true };
    sheet.columns.forEach((col) => (col.width = 28));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** CSV text with a UTF-8 BOM (so Excel opens Chinese correctly). */
export function toCsv(rows: (string | number | null)[][]): string {
  const esc = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${rows.map((r) => r.map(esc).join(',')).join('\r\n')}\r\n`;
}

/** One typed column of a workbook sheet: numbers stay numbers, `numFmt` formats them (`0.0%` for rates as fractions). */
export interface SheetColumn<T> extends XlsxColumn<T> {
  numFmt?: string;
}

/** One sheet of a workbook, its cells computed. */
export interface Sheet {
  name: string;
  columns: Omit<SheetColumn<never>, 'value'>[];
  rows: (string | number | null)[][];
}

/** A sheet from typed rows and columns. */
export function sheetOf<T>(name: string, columns: SheetColumn<T>[], rows: readonly T[]): Sheet {
  return { name, columns: columns.map(({ header, width, numFmt }) => ({ header, width, numFmt })), rows: rows.map((r) => columns.map((c) => c.value(r))) };
}

/** Writes sheets to one XLSX, each with a bold, frozen header row and its columns' number formats. */
export async function writeSheets(sheets: readonly Sheet[]): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Zhengban';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = s.columns.map((c) => ({ header: c.header, width: c.width ?? 14, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
    ws.getRow(1).font = { bold: true };
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
