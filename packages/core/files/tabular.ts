import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { AppError } from '../errors.ts';
import { inspectZip } from './zip-guard.ts';

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

/**
 * Reads the first sheet of an XLSX or a CSV (UTF-8, BOM allowed; GBK is
 * not guessed) into rows keyed by header. Refuses zip bombs and more than
 * maxRows data rows.
 */
export async function readTabular(buf: Buffer, opts: { filename?: string | undefined; maxRows: number }): Promise<TabularRow[]> {
  const format = detectFormat(buf, opts.filename);
  const rows: TabularRow[] = [];
  if (format === 'xlsx') {
    const verdict = inspectZip(buf);
    if (!verdict.ok) throw new AppError('UNSUPPORTED_FILE', { message: verdict.reason, details: { reason: verdict.reason } });
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
    } catch (e) {
      throw new AppError('UNSUPPORTED_FILE', { details: { reason: (e as Error).message } });
    }
    const ws = wb.worksheets[0];
    if (!ws) return rows;
    if (ws.rowCount - 1 > opts.maxRows) throw new AppError('PAYLOAD_TOO_LARGE', { details: { rows: ws.rowCount - 1, maxRows: opts.maxRows } });
    const headers: string[] = [];
    ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (headers[col] = cellText(cell.value).trim()));
    ws.eachRow({ includeEmpty: false }, (r, n) => {
      if (n === 1) return;
      const cells: Record<string, string> = {};
      let any = false;
      r.eachCell({ includeEmpty: true }, (cell, col) => {
        const h = headers[col];
        if (!h) return;
        const t = cellText(cell.value).trim();
        if (t) any = true;
        cells[h] = t;
      });
      if (any) rows.push({ row: n, cells });
    });
    return rows;
  }
  let records: string[][];
  try {
    records = parseCsv(buf, { bom: true, relax_column_count: true, skip_empty_lines: true, to_line: opts.maxRows + 2 }) as string[][];
  } catch (e) {
    throw new AppError('UNSUPPORTED_FILE', { details: { reason: (e as Error).message } });
  }
  const [header, ...data] = records;
  if (!header) return rows;
  if (data.length > opts.maxRows) throw new AppError('PAYLOAD_TOO_LARGE', { details: { maxRows: opts.maxRows } });
  const headers = header.map((h) => h.trim());
  data.forEach((rec, i) => {
    const cells: Record<string, string> = {};
    headers.forEach((h, c) => {
      if (h) cells[h] = (rec[c] ?? '').trim();
    });
    if (Object.values(cells).some(Boolean)) rows.push({ row: i + 2, cells });
  });
  return rows;
}

/** One column of an XLSX export. */
export interface XlsxColumn<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | null;
}

/** Writes rows to an XLSX with a bold, frozen header row. */
export async function writeXlsx<T>(sheetName: string, columns: XlsxColumn<T>[], batches: AsyncIterable<T[]> | T[][], extraSheets: { name: string; rows: string[][] }[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
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
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Zhengban';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = s.columns.map((c) => ({ header: c.header, width: c.width ?? 14, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
    ws.getRow(1).font = { bold: true };
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
