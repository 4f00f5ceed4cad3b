import { ORG_LABELS, PROGRESS_LABELS, type CampaignDashboard, type DashboardLevel, type DashboardRegion, type DashboardSheet, type DashboardTrendPoint, type OverdueItem } from '../../contracts/index.ts';
import { sheetOf, writeSheets, type Sheet, type SheetColumn } from '../files/tabular.ts';

/** Sheet names of the dashboard workbook, one per chart. */
export const DASHBOARD_SHEET_NAMES: Record<DashboardSheet, string> = { regions: '地区进度', levels: '分级进度', overdue: '逾期单位', trend: '趋势' };

const PCT = '0.0%';
const INT = '#,##0';
const LEVEL_NAMES: Record<string, string> = { national: '全国', province: '省级', prefecture: '地市级', county: '县级' };

const pct = (header: string, value: (r: DashboardRegion) => number | null): SheetColumn<DashboardRegion> => ({ header, numFmt: PCT, width: 12, value });
const int = <T,>(header: string, value: (r: T) => number): SheetColumn<T> => ({ header, numFmt: INT, width: 10, value });

const REGION_COLUMNS: SheetColumn<DashboardRegion>[] = [
  { header: '地区代码', width: 10, value: (r) => r.regionCode },
  { header: '地区', width: 18, value: (r) => r.regionName },
  { header: '层级', width: 8, value: (r) => LEVEL_NAMES[r.level] ?? r.level },
  int('纳入单位', (r) => r.inScope),
  int('未开始', (r) => r.notStarted),
  int('自查中', (r) => r.selfCheck),
  int('整改中', (r) => r.rectifying),
  int('已完成', (r) => r.completed),
  int('已验收', (r) => r.verified),
  pct('完成率', (r) => r.completionRate),
  int('逾期单位', (r) => r.behindDeadline),
  pct('正版化率', (r) => r.programme.rate),
  pct('操作系统', (r) => r.os.rate),
  pct('办公软件', (r) => r.office.rate),
  pct('杀毒软件', (r) => r.security.rate),
];

const LEVEL_COLUMNS: SheetColumn<DashboardLevel>[] = [
  { header: '层级', width: 10, value: (l) => ORG_LABELS.level[l.level] },
  { header: '截止日期', width: 12, value: (l) => l.deadline },
  int('纳入单位', (l) => l.inScope),
  int('已完成（含验收）', (l) => l.done),
  int('已验收', (l) => l.verified),
  { header: '完成率', numFmt: PCT, width: 10, value: (l) => l.completionRate },
  int('逾期单位', (l) => l.behindDeadline),
  { header: '剩余天数（负数为逾期）', numFmt: '#,##0;-#,##0', width: 12, value: (l) => l.daysLeft },
];

const OVERDUE_COLUMNS: SheetColumn<OverdueItem>[] = [
  { header: '单位', width: 32, value: (o) => o.orgName },
  { header: '地区代码', width: 10, value: (o) => o.regionCode },
  { header: '地区', width: 16, value: (o) => o.regionName },
  { header: '层级', width: 8, value: (o) => ORG_LABELS.level[o.level] },
  { header: '截止日期', width: 12, value: (o) => o.deadline },
  int('逾期天数', (o) => o.daysOverdue),
  { header: '状态', width: 16, value: (o) => PROGRESS_LABELS[o.status]['zh-CN'] },
];

const TREND_COLUMNS: SheetColumn<DashboardTrendPoint>[] = [
  { header: '日期', width: 12, value: (p) => p.day },
  { header: '来源', width: 12, value: (p) => (p.live ? '实时' : '月末快照') },
  int('纳入单位', (p) => p.inScope),
  int('已完成（含验收）', (p) => p.done),
  { header: '完成率', numFmt: PCT, width: 10, value: (p) => p.completionRate },
  int('需授权安装', (p) => p.programme.required),
  int('已授权安装', (p) => p.programme.covered),
  { header: '正版化率', numFmt: PCT, width: 10, value: (p) => p.programme.rate },
];

/** The dashboard as an XLSX: one sheet per chart (or only `only`), numbers as numbers, rates as fractions formatted as percentages. */
export async function dashboardWorkbook(d: CampaignDashboard, only?: DashboardSheet): Promise<Buffer> {
  const regions = d.own ? [...d.regions, { ...d.own, regionName: `${d.own.regionName}（本级）` }] : d.regions;
  const sheets: Record<DashboardSheet, () => Sheet> = {
    regions: () => sheetOf(DASHBOARD_SHEET_NAMES.regions, REGION_COLUMNS, [...regions, { ...d.node, regionName: `${d.node.regionName}（合计）` }]),
    levels: () => sheetOf(DASHBOARD_SHEET_NAMES.levels, LEVEL_COLUMNS, d.levels),
    overdue: () => sheetOf(DASHBOARD_SHEET_NAMES.overdue, OVERDUE_COLUMNS, d.overdue.items),
    trend: () => sheetOf(DASHBOARD_SHEET_NAMES.trend, TREND_COLUMNS, d.trend),
  };
  return writeSheets((only ? [only] : (Object.keys(sheets) as DashboardSheet[])).map((k) => sheets[k]()));
}
