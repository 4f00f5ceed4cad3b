import type ExcelJS from 'exceljs';
import { loadExcel } from '../files/tabular.ts';
import { BULLETIN_KIND_LABELS, BULLETIN_STATUS_LABELS, type BulletinView } from '../../contracts/index.ts';

/**
 * The tables of a bulletin as an XLSX: one sheet per table, counts as
 * numbers, rates as fractions formatted as percentages, plus a sheet that
 * says which bulletin and snapshot they come from. Pure: data in, buffer out.
 */

const PCT = '0.0%';
const INT = '#,##0';

/** Sheet names, in order. */
export const BULLETIN_SHEETS = { about: '说明', progress: '进展情况', behind: '逾期未完成', newly: '本月新完成', trend: '正版化率走势' } as const;

function sheet(wb: ExcelJS.Workbook, name: string, columns: { header: string; width?: number; numFmt?: string }[], rows: (string | number | null)[][]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 14, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
}

export async function bulletinXlsx(b: BulletinView): Promise<Buffer> {
  const { Workbook } = await loadExcel();
  const wb = new Workbook();
  wb.creator = 'Zhengban';
  wb.title = b.title;
  // A published bulletin's workbook carries its publication time, not the download's.
  if (b.publishedAt) wb.created = wb.modified = new Date(b.publishedAt);
  const t = b.tables;
  const unit = t?.unit === 'province' ? '省（区、市）' : '地区';

  const about = wb.addWorksheet(BULLETIN_SHEETS.about);
  about.columns = [{ width: 18 }, { width: 70 }];
  for (const [k, v] of [
    ['标题', b.title],
    ['类型', BULLETIN_KIND_LABELS[b.kind]['zh-CN']],
    ['状态', BULLETIN_STATUS_LABELS[b.status]['zh-CN']],
    ['文号', b.docNumber ?? '—'],
    ['发文机关', b.issuingOrgan],
    ['成文日期', b.publishDate ?? '—'],
    ['范围', `${b.regionName}（${b.regionCode}）`],
    ['月份', b.month ?? '—'],
    ['数据快照', t ? t.day : '—'],
    ['内容校验和（SHA-256）', b.checksum ?? '—'],
  ] as const)
    about.addRow([k, v]);
  about.getColumn(1).font = { bold: true };
  if (!t) return Buffer.from(await wb.xlsx.writeBuffer());

  sheet(
    wb,
    BULLETIN_SHEETS.progress,
    [
      { header: '排名', width: 8 },
      { header: '行政区划代码', width: 14 },
      { header: unit, width: 22 },
      { header: '范围内单位', numFmt: INT },
      { header: '已完成（含已验收）', numFmt: INT, width: 18 },
      { header: '其中已验收', numFmt: INT },
      { header: '完成率', numFmt: PCT },
      { header: '逾期未完成', numFmt: INT },
      { header: '本月新完成', numFmt: INT },
      { header: '三类软件需授权', numFmt: INT, width: 16 },
      { header: '三类软件已授权', numFmt: INT, width: 16 },
      { header: '三类软件正版化率', numFmt: PCT, width: 16 },
    ],
    t.progress.map((r) => [r.rank, r.regionCode, r.name, r.inScope, r.completed, r.verified, r.rate, r.behindDeadline, r.newlyCompleted, r.programme.required, r.programme.covered, r.programme.rate]),
  );
  sheet(
    wb,
    BULLETIN_SHEETS.behind,
    [{ header: '行政区划代码', width: 14 }, { header: unit, width: 22 }, { header: '范围内单位', numFmt: INT }, { header: '逾期未完成', numFmt: INT }, { header: '逾期占比', numFmt: PCT }],
    t.behind.map((r) => [r.regionCode, r.name, r.inScope, r.behindDeadline, r.share]),
  );
  sheet(
    wb,
    BULLETIN_SHEETS.newly,
    [{ header: '序号', width: 8 }, { header: unit, width: 22 }, { header: '单位名称', width: 40 }, { header: '所在行政区划代码', width: 16 }, { header: '级别', width: 12 }, { header: '状态', width: 12 }],
    t.newlyCompleted.map((o, i) => [i + 1, o.regionName, o.name, o.regionCode, o.level === 'provincial' ? '省级' : o.level === 'prefecture' ? '地市级' : o.level === 'county' ? '县级' : o.level, o.status === 'verified' ? '已验收' : '已完成']),
  );
  sheet(
    wb,
    BULLETIN_SHEETS.trend,
    [
      { header: '月份', width: 10 },
      { header: '快照日', width: 12 },
      { header: '范围内单位', numFmt: INT },
      { header: '已完成', numFmt: INT },
      { header: '完成率', numFmt: PCT },
      { header: '三类软件需授权', numFmt: INT, width: 16 },
      { header: '三类软件已授权', numFmt: INT, width: 16 },
      { header: '三类软件正版化率', numFmt: PCT, width: 16 },
      { header: '全部软件正版化率', numFmt: PCT, width: 16 },
    ],
    t.trend.map((p) => [p.month, p.day, p.inScope, p.completed, p.rate, p.programme.required, p.programme.covered, p.programme.rate, p.overall.rate]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
