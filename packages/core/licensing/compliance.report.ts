import type ExcelJS from 'exceljs';
import { loadExcel } from '../files/tabular.ts';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { z } from 'zod';
import {
  CATEGORY_LABELS,
  REASON_LABELS,
  TASK_ACTION_LABELS,
  type deviceComplianceSchema,
  type InstallCoverageView,
  type Org,
  type OrgCompliance,
  type PositionView,
  type RatioView,
  type TaskView,
} from '../../contracts/index.ts';
import { renderPdf } from '../files/pdf.ts';
import type { Actor } from '../policy/policy.ts';
import type { OrgsService } from '../orgs/orgs.service.ts';
import type { ComplianceService } from './compliance.service.ts';

/**
 * The compliance report of one organization (软件正版化合规报告): the
 * figures, the positions, the devices, the uncovered installs and the open
 * rectification tasks, as a PDF for the file and as an XLSX for work.
 * The builders are pure (data in, buffer out); `gatherComplianceReport`
 * reads the data through the services, so scope checks apply.
 */
export interface ComplianceReportData {
  org: Pick<Org, 'id' | 'name' | 'uscc' | 'regionCode' | 'regionName'>;
  summary: OrgCompliance;
  positions: PositionView[];
  devices: z.infer<typeof deviceComplianceSchema>[];
  /** installs that need a licence and have none, with the reason */
  uncovered: InstallCoverageView[];
  openTasks: TaskView[];
  /** when the report was made (ISO time) */
  generatedAt: string;
}

/** Reads everything the report shows, as the actor may see it. */
export async function gatherComplianceReport(s: { compliance: ComplianceService; orgs: OrgsService }, actor: Actor, orgId: string): Promise<ComplianceReportData> {
  const summary = await s.compliance.orgSummary(actor, orgId);
  const org = await s.orgs.get(actor, orgId);
  const positions: PositionView[] = [];
  for (let page = 1; ; page++) {
    const { items, total } = await s.compliance.positions(actor, orgId, { page, pageSize: 500 });
    positions.push(...items);
    if (items.length < 500 || positions.length >= total) break;
  }
  const openTasks: TaskView[] = [];
  for (let page = 1; ; page++) {
    const { items, total } = await s.compliance.listTasks(actor, { orgId, status: 'open', page, pageSize: 500 });
    openTasks.push(...items);
    if (items.length < 500 || openTasks.length >= total) break;
  }
  const [devices, uncovered] = await Promise.all([s.compliance.devices(actor, orgId, {}), s.compliance.installs(actor, orgId, { status: 'uncovered' })]);
  return { org, summary, positions, devices, uncovered, openTasks, generatedAt: new Date().toISOString() };
}

// ——— shared formatting ———

const CATEGORY_ROWS = [
  ['operating-system', '操作系统'],
  ['office-suite', '办公软件'],
  ['security', '杀毒软件'],
] as const;

const int = (n: number) => n.toLocaleString('en-US');
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const money = (n: number | null, currency: string | null) => (n === null ? '—' : `${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}${currency ? ` ${currency}` : ''}`);
const ratioText = (r: RatioView) => `${pct(r.rate)}（${int(r.covered)}/${int(r.required)}）`;
/** China Standard Time, as people read it. */
const cstTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const deviceLabel = (i: InstallCoverageView) => i.deviceName ?? i.serial ?? i.deviceId;
const softwareLabel = (i: InstallCoverageView) => (i.version ? `${i.name} ${i.version}` : i.name);
const reasonLabel = (i: InstallCoverageView) => (i.reason ? REASON_LABELS[i.reason]['zh-CN'] : '');
const entitledLabel = (p: PositionView) => (p.unlimited ? '不限' : p.entitled === null ? '—' : int(p.entitled));
/** The currency of the organization's shortfall cost: the one its priced positions share. */
const costCurrency = (d: ComplianceReportData) => [...new Set(d.positions.map((p) => p.currency).filter((c): c is string => !!c))].join('/') || null;

// ——— PDF ———

/** Rows of the uncovered-installs table in the PDF; the XLSX has them all. */
export const PDF_UNCOVERED_LIMIT = 1000;

const headerRow = (cells: string[]): TableCell[] => cells.map((c) => ({ text: c, style: 'th' }));
const table = (widths: (string | number)[], head: string[], body: TableCell[][]): Content => ({
  table: { headerRows: 1, widths, body: [headerRow(head), ...body] },
  layout: 'lightHorizontalLines',
  fontSize: 8,
  margin: [0, 4, 0, 12],
});
const right = (text: string): TableCell => ({ text, alignment: 'right' });

/** The report as a PDF (A4, Chinese text in Noto Sans CJK SC, embedded as a subset). */
export async function complianceReportPdf(d: ComplianceReportData): Promise<Buffer> {
  const s = d.summary;
  const cur = costCurrency(d);
  const uncovered = d.uncovered.slice(0, PDF_UNCOVERED_LIMIT);
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [40, 48, 40, 48],
    info: { title: `软件正版化合规报告 - ${d.org.name}`, creator: 'Zhengban', producer: 'Zhengban' },
    defaultStyle: { font: 'NotoSansCJK', fontSize: 10 },
    styles: {
      title: { fontSize: 20, bold: true, alignment: 'center', margin: [0, 0, 0, 12] },
      h2: { fontSize: 13, bold: true, margin: [0, 10, 0, 4] },
      th: { bold: true, fillColor: '#f0f0f0' },
      note: { fontSize: 8, color: '#666666' },
    },
    footer: (page: number, pages: number) => ({ text: `${d.org.name} · 第 ${page} / ${pages} 页`, alignment: 'center', fontSize: 8, color: '#888888', margin: [0, 16, 0, 0] }),
    content: [
      { text: '软件正版化合规报告', style: 'title' },
      {
        table: {
          widths: [110, '*'],
          body: [
            ['单位名称', d.org.name],
            ['统一社会信用代码', d.org.uscc],
            ['所在行政区划', `${d.org.regionName ?? ''}（${d.org.regionCode}）`],
            ['评估日', s.day ?? '尚未计算'],
            ['报告生成时间', `${cstTime(d.generatedAt)}（北京时间）`],
          ].map(([k, v]) => [{ text: k!, bold: true }, v!]),
        },
        layout: 'noBorders',
      },
      { text: '一、主要指标', style: 'h2' },
      table(
        ['*', 70, 70, 80],
        ['指标', '需授权', '已授权', '正版化率'],
        [
          ['总体正版化率', right(int(s.overall.required)), right(int(s.overall.covered)), right(pct(s.overall.rate))],
          ['三类软件（操作系统、办公、杀毒）', right(int(s.programme.required)), right(int(s.programme.covered)), right(pct(s.programme.rate))],
          ...CATEGORY_ROWS.map(([k, label]) => [`${label}正版化率`, right(int(s.byCategory[k].required)), right(int(s.byCategory[k].covered)), right(pct(s.byCategory[k].rate))]),
          ['合规计算机（计算机总数 / 合规数 / 合规率）', right(int(s.devices)), right(int(s.compliantDevices)), right(pct(s.compliantDeviceRate))],
        ],
      ),
      { text: `授权缺口 ${int(s.shortfall)} 套；预计补齐费用 ${money(s.estimatedShortfallCost, cur)}；整改中任务 ${int(s.openTasks)} 项（其中逾期 ${int(s.overdueTasks)} 项）。`, margin: [0, 0, 0, 6] },
      { text: '二、有效许可状况', style: 'h2' },
      d.positions.length
        ? table(
            ['*', 40, 40, 45, 40, 40, 40, 70],
            ['产品', '安装数', '已授权', '授权数量', '已占用', '缺口', '富余', '预计费用'],
            d.positions.map((p) => [
              { text: [p.product ?? p.productKey, { text: `\n${p.productKey}`, style: 'note' }] },
              right(int(p.installs)),
              right(int(p.coveredInstalls)),
              right(entitledLabel(p)),
              right(int(p.consumed)),
              right(int(p.shortfall)),
              right(p.surplus === null ? '—' : int(p.surplus)),
              right(money(p.estimatedShortfallCost, p.currency)),
            ]),
          )
        : { text: '未发现需授权的软件安装。', style: 'note' },
      { text: '三、未授权安装清单', style: 'h2' },
      uncovered.length
        ? table(
            [110, '*', 120],
            ['计算机', '软件', '原因'],
            uncovered.map((i) => [deviceLabel(i), softwareLabel(i), reasonLabel(i)]),
          )
        : { text: '所有需授权的安装均已授权。', style: 'note' },
      ...(d.uncovered.length > uncovered.length ? [{ text: `仅列出前 ${int(uncovered.length)} 条，共 ${int(d.uncovered.length)} 条；完整清单见 XLSX 报告。`, style: 'note' } as Content] : []),
      { text: '四、整改中的任务', style: 'h2' },
      d.openTasks.length
        ? table(
            ['*', 90, 45, 60, 70, 35],
            ['产品', '措施', '数量', '截止日期', '责任人', '逾期'],
            d.openTasks.map((t) => [t.productKey, TASK_ACTION_LABELS[t.action]['zh-CN'], right(t.quantity === null ? '—' : int(t.quantity)), t.dueDate, t.assigneeName ?? '—', t.overdue ? '是' : '否']),
          )
        : { text: '没有整改中的任务。', style: 'note' },
      { text: '说明：正版化率 = 已授权的需授权安装数 ÷ 需授权安装数；合规计算机指其上所有需授权软件均已授权的计算机。数据来自评估日的计算结果。', style: 'note', margin: [0, 12, 0, 0] },
    ],
  };
  return renderPdf(doc);
}

// ——— XLSX ———

const PCT = '0.0%';
const MONEY = '#,##0.00';
const INT = '#,##0';

function sheet(wb: ExcelJS.Workbook, name: string, columns: { header: string; width?: number; numFmt?: string }[], rows: (string | number | null)[][]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 14, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  return ws;
}

/** Sheet names of the XLSX report, in order. */
export const REPORT_SHEETS = { summary: '概况', positions: '有效许可状况', devices: '计算机', uncovered: '未授权安装' } as const;

/** The report as an XLSX: figures as numbers (rates as fractions formatted as percentages). */
export async function complianceReportXlsx(d: ComplianceReportData): Promise<Buffer> {
  const { Workbook } = await loadExcel();
  const s = d.summary;
  const wb = new Workbook();
  wb.creator = 'Zhengban';
  wb.title = `软件正版化合规报告 - ${d.org.name}`;

  const sum = wb.addWorksheet(REPORT_SHEETS.summary);
  sum.columns = [{ width: 34 }, { width: 16 }, { width: 16 }, { width: 14 }];
  sum.addRow(['软件正版化合规报告']).font = { bold: true, size: 14 };
  for (const [k, v] of [
    ['单位名称', d.org.name],
    ['统一社会信用代码', d.org.uscc],
    ['行政区划', `${d.org.regionName ?? ''}（${d.org.regionCode}）`],
    ['评估日', s.day ?? '尚未计算'],
    ['报告生成时间（北京时间）', cstTime(d.generatedAt)],
  ] as const) sum.addRow([k, v]);
  sum.addRow([]);
  sum.addRow(['指标', '需授权', '已授权', '正版化率']).font = { bold: true };
  const ratioRow = (label: string, r: RatioView) => sum.addRow([label, r.required, r.covered, r.rate]);
  ratioRow('总体正版化率', s.overall);
  ratioRow('三类软件（操作系统、办公、杀毒）', s.programme);
  for (const [k, label] of CATEGORY_ROWS) ratioRow(`${label}正版化率`, s.byCategory[k]);
  sum.addRow(['合规计算机（计算机总数 / 合规数 / 合规率）', s.devices, s.compliantDevices, s.compliantDeviceRate]);
  sum.addRow([]);
  for (const [k, v] of [
    ['计算机总数', s.devices],
    ['有需授权软件的计算机', s.devicesRequiring],
    ['授权缺口（套）', s.shortfall],
    ['预计补齐费用', s.estimatedShortfallCost],
    ['费用币种', costCurrency(d)],
    ['整改中任务', s.openTasks],
    ['逾期任务', s.overdueTasks],
  ] as const) sum.addRow([k, v]);
  sum.getColumn(4).numFmt = PCT;
  sum.getColumn(2).numFmt = INT;
  sum.getColumn(3).numFmt = INT;

  sheet(
    wb,
    REPORT_SHEETS.positions,
    [
      { header: '产品标识', width: 28 },
      { header: '产品', width: 28 },
      { header: '发行商', width: 18 },
      { header: '类别' },
      { header: '安装数', numFmt: INT },
      { header: '已授权安装', numFmt: INT },
      { header: '未授权安装', numFmt: INT },
      { header: '安装计算机数', numFmt: INT },
      { header: '授权数量', numFmt: INT },
      { header: '不限数量' },
      { header: '已占用', numFmt: INT },
      { header: '缺口', numFmt: INT },
      { header: '富余', numFmt: INT },
      { header: '单价', numFmt: MONEY },
      { header: '币种' },
      { header: '预计补齐费用', numFmt: MONEY },
    ],
    d.positions.map((p) => [p.productKey, p.product, p.publisher, p.category ? CATEGORY_LABELS[p.category]['zh-CN'] : null, p.installs, p.coveredInstalls, p.uncoveredInstalls, p.installedDevices, p.entitled, p.unlimited ? '是' : '否', p.consumed, p.shortfall, p.surplus, p.unitPrice, p.currency, p.estimatedShortfallCost]),
  );
  sheet(
    wb,
    REPORT_SHEETS.devices,
    [{ header: '计算机', width: 24 }, { header: '操作系统', width: 28 }, { header: '最近用户', width: 16 }, { header: '软件数', numFmt: INT }, { header: '需授权安装', numFmt: INT }, { header: '未授权安装', numFmt: INT }, { header: '合规' }, { header: '最近上报', width: 20 }],
    d.devices.map((x) => [x.name ?? x.deviceId, x.osName, x.lastUser, x.softwareCount, x.required, x.uncovered, x.compliant ? '是' : '否', cstTime(x.lastSeenAt)]),
  );
  sheet(
    wb,
    REPORT_SHEETS.uncovered,
    [{ header: '计算机', width: 24 }, { header: '序列号', width: 18 }, { header: '用户', width: 14 }, { header: '软件', width: 40 }, { header: '版本', width: 16 }, { header: '产品标识', width: 26 }, { header: '版本(edition)', width: 18 }, { header: '类别' }, { header: '原因', width: 24 }],
    d.uncovered.map((i) => [deviceLabel(i), i.serial, i.user, i.name, i.version, i.productKey, i.edition, i.category ? CATEGORY_LABELS[i.category]['zh-CN'] : null, reasonLabel(i)]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** File names of a report download: ASCII for old clients, Chinese in filename*. */
export function reportFileNames(d: Pick<ComplianceReportData, 'org' | 'summary'>, ext: 'pdf' | 'xlsx'): { ascii: string; utf8: string } {
  const day = d.summary.day ?? 'na';
  return { ascii: `compliance-${d.org.uscc}-${day}.${ext}`, utf8: `合规报告-${d.org.name}-${day}.${ext}` };
}
