import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { guessNewline, readCsv } from './csv-reader.ts';

/** What readCsv hands over, or the error it throws, as comparable text. */
function read(buf: Buffer, maxRows = 100): unknown[] {
  const out: unknown[] = [];
  try {
    readCsv(buf, maxRows, { headers: (h) => out.push(['headers', [...h]]), row: (row, values) => out.push([row, [...values]]) });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    out.push(['error', e.code, e.options.details]);
  }
  return out;
}

/** How readTable read a CSV before readCsv: papaparse on the whole text, row by row. */
function readWithPapa(buf: Buffer, maxRows = 100): unknown[] {
  const out: unknown[] = [];
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let line = 0;
  let failure: unknown[] | null = null;
  Papa.parse<string[]>(text, {
    delimiter: ',',
    skipEmptyLines: true,
    step(result, parser) {
      const bad = result.errors.find((e) => e.type === 'Quotes');
      if (bad) {
        failure = ['error', 'UNSUPPORTED_FILE', { reason: `${bad.message} (row ${line + 1})` }];
        return parser.abort();
      }
      line++;
      const values = result.data.map((v) => v.trim());
      if (line === 1) return void out.push(['headers', values]);
      if (line - 1 > maxRows) {
        failure = ['error', 'PAYLOAD_TOO_LARGE', { maxRows }];
        return parser.abort();
      }
      if (values.some(Boolean)) out.push([line, values]);
    },
  });
  if (failure) out.push(failure);
  else if (line === 0) out.push(['headers', []]);
  return out;
}

/** A small deterministic random source (the same cases on every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

describe('readCsv', () => {
  it('reads quotes, doubled quotes, line breaks inside quotes, blanks and BOMs as RFC 4180 and papaparse do', () => {
    const buf = Buffer.from('\uFEFF\uFEFF名称, 备注 \r\n"WPS Office, 专业版","说""正版""\r\n第二行"\r\n\r\n,\r\n  \r\nplain,  padded  \r\n"",x\r\n');
    expect(read(buf)).toEqual([
      ['headers', ['名称', '备注']],
      [2, ['WPS Office, 专业版', '说"正版"\r\n第二行']],
      // The empty line is not counted; the lines of a bare comma and of blanks are, but not handed over.
      [5, ['plain', 'padded']],
      [6, ['', 'x']],
    ]);
    expect(read(buf)).toEqual(readWithPapa(buf));
  });

  it('takes the line break papaparse guesses, and reads a lone break of another kind as text', () => {
    expect(guessNewline('a,b\r\n1,2\r\n')).toBe('\r\n');
    expect(guessNewline('a,b\n1,"x\r\ny"\n')).toBe('\n');
    expect(guessNewline('a,b\r1,2\r')).toBe('\r');
    for (const text of ['a,b\r\n1,x\ny\r\n', 'a,b\n1,x\ry\n', 'a,b\r1,x\ny\r']) expect(read(Buffer.from(text))).toEqual(readWithPapa(Buffer.from(text)));
  });

  it('leaves quotes papaparse reads leniently or refuses to papaparse, with the same rows and row numbers', () => {
    for (const text of ['a,b\n1,"x" ,y\n2,3\n', 'a,b\n1,2\n3,"never closed\n4,5\n', 'a,b\n1,2\n"x"y,3\n', 'a\n1\n\uFEFF"x" \n']) {
      expect(read(Buffer.from(text))).toEqual(readWithPapa(Buffer.from(text)));
    }
    expect(read(Buffer.from('a,b\n1,2\n3,"never closed\n'))).toEqual([['headers', ['a', 'b']], [2, ['1', '2']], ['error', 'UNSUPPORTED_FILE', { reason: 'Quoted field unterminated (row 3)' }]]);
  });

  it('decodes each cell as the whole text would decode: multi-byte characters and invalid bytes', () => {
    const buf = Buffer.concat([Buffer.from('名称,b\n专业版,'), Buffer.from([0xe4, 0xb8]), Buffer.from(',x\n'), Buffer.from([0xff, 0x41]), Buffer.from(',"'), Buffer.from([0xc3]), Buffer.from('"\n')]);
    expect(read(buf)).toEqual(readWithPapa(buf));
  });

  it('hands a cell repeated from an earlier row over as the same string', () => {
    const seen: string[][] = [];
    readCsv(Buffer.from('名称,版本\nWPS Office,11\nWPS Office,12\nWPS Office,11\n'), 10, { headers: () => undefined, row: (_, v) => seen.push([...v]) });
    expect(seen.map((v) => v.join('|'))).toEqual(['WPS Office|11', 'WPS Office|12', 'WPS Office|11']);
    expect(seen[1]![0]).toBe(seen[0]![0]);
    expect(seen[2]![1]).toBe(seen[0]![1]);
  });

  it('refuses more rows than allowed, counting rows of blanks but not empty lines', () => {
    const buf = Buffer.from('a\n1\n\n \n2\n');
    expect(read(buf, 2)).toEqual([['headers', ['a']], [2, ['1']], ['error', 'PAYLOAD_TOO_LARGE', { maxRows: 2 }]]);
    expect(read(buf, 3)).toEqual(readWithPapa(buf, 3));
  });

  it('reads generated sheets, well-formed and damaged, row for row as papaparse does', () => {
    const rnd = random(20260128);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const cells = ['a', 'PC-1', ' padded ', '', '专业版', 'x,y', 'say "hi"', 'multi\nline', 'r\r\nn', '  ', 'İSTANBUL', '\u3000全角\u3000', '"', 'a"b'];
    for (let i = 0; i < 2000; i++) {
      const newline = pick(['\r\n', '\n', '\r']);
      const rows: string[] = [];
      const count = Math.floor(rnd() * 8);
      for (let r = 0; r < count; r++) {
        const fields = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => {
          const c = pick(cells);
          return /[",\r\n]/.test(c) || rnd() < 0.2 ? `"${c.replaceAll('"', '""')}"` : c;
        });
        rows.push(rnd() < 0.1 ? '' : fields.join(','));
      }
      let text = rows.join(rnd() < 0.1 ? pick(['\r\n', '\n', '\r']) : newline) + (rnd() < 0.5 ? newline : '');
      if (rnd() < 0.3 && text.length > 0) {
        const at = Math.floor(rnd() * text.length);
        text = text.slice(0, at) + pick(['"', ' ', '"x', '" ,', '\n', '""']) + text.slice(at);
      }
      const buf = Buffer.from((rnd() < 0.3 ? '\uFEFF' : '') + text);
      const maxRows = Math.floor(rnd() * 8);
      expect(read(buf, maxRows), JSON.stringify(buf.toString())).toEqual(readWithPapa(buf, maxRows));
    }
  });
});
