import { describe, expect, it } from 'vitest';
import { failure } from '../../../test/errors.ts';
import { collectTable, readTabular, toCsv, writeXlsx } from './tabular.ts';

const read = (text: string, maxRows = 100) => collectTable(Buffer.from(text), { filename: 'x.csv', maxRows });

describe('reading sheets', () => {
  it('reads CSV fields as RFC 4180 writes them: quotes, doubled quotes, commas and line breaks inside quotes, CRLF, a BOM', async () => {
    const t = await read('\uFEFF名称,备注\r\n"WPS Office, 专业版","说""正版""\r\n第二行"\r\nplain,  padded  \r\n');
    expect(t.headers).toEqual(['名称', '备注']);
    expect(t.rows).toEqual([
      { row: 2, values: ['WPS Office, 专业版', '说"正版"\r\n第二行'] },
      { row: 3, values: ['plain', 'padded'] },
    ]);
  });

  it('leaves out empty rows, keeps the spreadsheet row numbers of the others and writes back what it reads', async () => {
    const rows = [['a', 'b'], ['1', 'x,y'], ['', ''], ['2', 'line\nbreak']];
    const t = await read(toCsv(rows));
    expect(t.rows.map((r) => r.values)).toEqual([['1', 'x,y'], ['2', 'line\nbreak']]);
    expect(t.rows.map((r) => r.row)).toEqual([2, 4]);
  });

  it('refuses an unterminated quote and more rows than allowed', async () => {
    expect((await failure(read('a,b\n1,"never closed\n2,3\n'))).code).toBe('UNSUPPORTED_FILE');
    expect((await failure(read('a\n1\n2\n3\n', 2))).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('keys rows by header for small sheets, from CSV and XLSX alike', async () => {
    const rows = [['名称', '', '数量'], ['甲', 'ignored', '3'], ['', 'only unheaded', '']];
    const xlsx = await writeXlsx('s', [{ header: '名称', value: (r: string[]) => r[0]! }, { header: '', value: (r: string[]) => r[1]! }, { header: '数量', value: (r: string[]) => r[2]! }], [rows.slice(1)]);
    for (const [buf, filename] of [[Buffer.from(toCsv(rows)), 'x.csv'], [xlsx, 'x.xlsx']] as const) {
      expect(await readTabular(buf, { filename, maxRows: 10 })).toEqual([{ row: 2, cells: { 名称: '甲', 数量: '3' } }]);
    }
  });
});
