import Papa from 'papaparse';
import { AppError } from '../errors.ts';
import type { TableSink } from './tabular.ts';

/*
 * The CSV reader of readTable. It reads what papaparse (delimiter `,`,
 * empty lines skipped) reads, row for row, and is several times cheaper on
 * large sheets because:
 * - it scans the bytes in the Buffer instead of decoding the whole file
 *   to one huge UTF-16 string and splitting that: a cell is decoded alone,
 *   and only when its bytes were not read before;
 * - a cell whose bytes equal the same column's cell of the previous row
 *   (a computer's name, UUID, OS on each of its software rows), or any cell
 *   read further up (a title found on many computers, a publisher), is the
 *   same string again: nothing is decoded or kept alive twice, and
 *   consumers comparing cells with `===` compare pointers.
 * Quoted fields as RFC 4180 writes them are read here. A quote papaparse
 * would complain about, or accept only leniently (spaces after a closing
 * quote), hands the rest of the file, from the start of that row, to
 * papaparse itself: its rows and error messages stay exactly the old ones.
 */

const QUOTE = 34;
const COMMA = 44;
/** papaparse guesses the line break from the first MiB of text; 3 bytes per UTF-16 unit at most, +4 for a cut character. */
const GUESS_CHARS = 1024 * 1024;
const GUESS_BYTES = 3 * GUESS_CHARS + 4;

/**
 * The line break papaparse guesses: `\n` unless a `\r` comes first; then
 * `\r\n` when at least half of the `\r`-separated pieces start with `\n`,
 * else `\r` (quoted text is left out of the count).
 */
export function guessNewline(text: string): '\r\n' | '\n' | '\r' {
  const s = text.slice(0, GUESS_CHARS).replace(/"[^]*?"/g, '');
  const firstR = s.indexOf('\r');
  if (firstR === -1) return '\n';
  const firstN = s.indexOf('\n');
  if (firstN !== -1 && firstN < firstR) return '\n';
  let pieces = 1;
  let withN = 0;
  for (let i = firstR; i !== -1; i = s.indexOf('\r', i + 1)) {
    pieces++;
    if (s.charCodeAt(i + 1) === 10) withN++;
  }
  return withN >= pieces / 2 ? '\r\n' : '\r';
}

/** Slots of the table of cells already read (a power of two). */
const SEEN = 1 << 14;

/** closingQuote's answer for an unterminated quote: papaparse reads the rest. */
const IRREGULAR = -2;

/**
 * Reads a UTF-8 CSV (up to two leading BOMs skipped, as before: ours and
 * papaparse's) into `sink`: the first non-empty line is the header, each
 * later line a row numbered 1-based among the lines papaparse counts (a
 * line with nothing at all is not counted; a line of blanks or bare commas
 * is counted but not handed over). Cells are trimmed. A row's `values`
 * array is reused for the next row.
 *
 * @throws AppError UNSUPPORTED_FILE on a malformed quote, PAYLOAD_TOO_LARGE past maxRows data rows
 */
export function readCsv(buf: Buffer, maxRows: number, sink: TableSink): void {
  let base = 0;
  for (let k = 0; k < 2 && buf[base] === 0xef && buf[base + 1] === 0xbb && buf[base + 2] === 0xbf; k++) base += 3;
  const b = buf.subarray(base);
  const len = b.length;
  const dv = new DataView(b.buffer, b.byteOffset, len);
  const newline = guessNewline(b.toString('utf8', 0, Math.min(len, GUESS_BYTES)));
  const nl0 = newline.charCodeAt(0);
  const nl1 = newline.length === 2 ? newline.charCodeAt(1) : -1;
  const nlLen = newline.length;

  /** True when a field ends at i: a comma, the line break or the end of the file. */
  const endsAt = (i: number): boolean => i === len || b[i] === COMMA || (b[i] === nl0 && (nl1 === -1 || b[i + 1] === nl1));
  /** True when the n bytes at i and at j are the same (four at a time: unaligned DataView loads are cheap). */
  const sameBytes = (i: number, j: number, n: number): boolean => {
    if (i + n > len) return false;
    let k = 0;
    while (k + 4 <= n && dv.getInt32(i + k, true) === dv.getInt32(j + k, true)) k += 4;
    while (k < n && b[i + k] === b[j + k]) k++;
    return k === n;
  };
  /** Quoted cell opening at s: its closing quote's index, or IRREGULAR when unterminated. */
  const closingQuote = (s: number): number => {
    for (let q = b.indexOf(QUOTE, s + 1); q !== -1; q = b.indexOf(QUOTE, q + 2)) {
      if (b[q + 1] !== QUOTE) return q;
    }
    return IRREGULAR;
  };

  // Cells read so far by a hash of their bytes (a small table, newer cells take the place of older ones).
  const seenAt = new Int32Array(SEEN);
  const seenLen = new Int32Array(SEEN).fill(-1);
  const seenVal: string[] = new Array<string>(SEEN).fill('');
  // The previous row's cells by column: byte offset, byte length (-1: do not reuse) and the string handed over.
  const prevAt: number[] = [];
  const prevLen: number[] = [];
  const prevVal: string[] = [];

  // One array for every row (sinks copy what they keep): no garbage per row.
  const values: string[] = [];
  let line = 0;
  let pos = 0;
  for (;;) {
    const start = pos;
    let any = false;
    let bare = false; // a single field with nothing at all in it (papaparse's empty line)
    let irregular = false;
    let end = pos; // where the current field ends: a comma, the line break or len
    for (let c = 0; ; c++) {
      if (c === prevLen.length) {
        prevAt.push(0);
        prevLen.push(-1);
        prevVal.push('');
      }
      let v: string;
      if (b[pos] === QUOTE) {
        const q = closingQuote(pos);
        if (q === IRREGULAR || !endsAt(q + 1)) {
          irregular = true;
          break;
        }
        end = q + 1;
        const unquoted = b.toString('utf8', pos + 1, q).replaceAll('""', '"');
        if (c === 0) bare = unquoted === '';
        v = unquoted.trim();
        prevLen[c] = -1;
      } else {
        // Same bytes as the previous row's cell, followed by the end of a field: the same string.
        const n = prevLen[c]!;
        if (n >= 0 && sameBytes(pos, prevAt[c]!, n) && endsAt(pos + n)) {
          end = pos + n;
          v = prevVal[c]!;
        } else {
          let h = 0x811c9dc5 | 0;
          for (end = pos; !endsAt(end); end++) h = Math.imul(h ^ b[end]!, 0x01000193);
          const size = end - pos;
          // Seen before further up (a title on many computers): the same string again, nothing new to keep alive.
          const slot = (h ^ (h >>> 15)) & (SEEN - 1);
          if (seenLen[slot] === size && sameBytes(pos, seenAt[slot]!, size)) {
            v = seenVal[slot]!;
          } else {
            // Delimiters and line breaks are ASCII, never inside a multi-byte sequence: a cell decodes alone as it would in the whole text.
            v = b.toString('utf8', pos, end).trim();
            seenAt[slot] = pos;
            seenLen[slot] = size;
            seenVal[slot] = v;
          }
          prevLen[c] = size;
          prevVal[c] = v;
        }
        prevAt[c] = pos;
        if (c === 0) bare = end === pos;
      }
      if (c < values.length) values[c] = v;
      else values.push(v);
      if (v !== '') any = true;
      if (end === len || b[end] !== COMMA) {
        // Never to 0, which would drop the array's storage.
        if (values.length !== c + 1) values.length = c + 1;
        break;
      }
      pos = end + 1;
    }
    if (irregular) return readRestWithPapa(buf, base + start, newline, line, maxRows, sink);
    if (!(bare && values.length === 1)) {
      line++;
      if (line === 1) sink.headers(values.slice());
      else if (line - 1 > maxRows) throw new AppError('PAYLOAD_TOO_LARGE', { details: { maxRows } });
      else if (any) sink.row(line, values);
    }
    if (end === len) break;
    pos = end + nlLen;
  }
  if (line === 0) sink.headers([]);
}

/**
 * papaparse on the file from byte `from` (the start of a row) on, `line`
 * rows already read: what readTable did for the whole file before.
 */
function readRestWithPapa(buf: Buffer, from: number, newline: string, line: number, maxRows: number, sink: TableSink): void {
  let text = buf.toString('utf8', from);
  // papaparse drops a leading BOM; one at the start of a row further down is data.
  if (from > 0 && text.charCodeAt(0) === 0xfeff) text = `\uFEFF${text}`;
  let tooMany = false;
  let quoteError: Papa.ParseError | null = null;
  Papa.parse<string[]>(text, {
    delimiter: ',',
    newline: newline as Papa.ParseConfig['newline'],
    skipEmptyLines: true,
    step(result, parser) {
      const bad = result.errors.find((e) => e.type === 'Quotes');
      if (bad) {
        quoteError = { ...bad, row: line };
        return parser.abort();
      }
      const values = result.data;
      line++;
      if (line === 1) return sink.headers(values.map((h) => h.trim()));
      if (line - 1 > maxRows) {
        tooMany = true;
        return parser.abort();
      }
      // skipEmptyLines keeps lines of bare commas: those are empty rows too.
      let any = false;
      for (let c = 0; c < values.length; c++) {
        const v = values[c]!.trim();
        values[c] = v;
        if (v) any = true;
      }
      if (any) sink.row(line, values);
    },
  });
  if (quoteError !== null) {
    const e: Papa.ParseError = quoteError;
    throw new AppError('UNSUPPORTED_FILE', { details: { reason: `${e.message} (row ${(e.row ?? 0) + 1})` } });
  }
  if (tooMany) throw new AppError('PAYLOAD_TOO_LARGE', { details: { maxRows } });
  if (line === 0) sink.headers([]);
}
