import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import {
  FINDING_SEVERITIES,
  FINDING_STATUSES,
  FINDING_STATUS_LABELS,
  INSPECTION_TYPE_LABELS,
  PLAN_STATUS_LABELS,
  SEVERITY_LABELS,
  type FindingView,
  type InspectionProposal,
  type PlanDetail,
  type QuestionnaireView,
  type SampleView,
  type ScanView,
} from '../../contracts/index.ts';
import { renderPdf } from '../files/pdf.ts';
import type { Actor } from '../policy/policy.ts';
import type { InspectionService } from './inspection.service.ts';

/**
 * The inspection report (督查报告) of a plan: the plan, the sample, the
 * findings by severity, a summary per organization and the follow-up
 * status — or, for written and special inspections, the questionnaire
 * answers and the confirmed provinces. The data is read through the
 * service, so the reader's scope applies; the builder is pure.
 */
export interface InspectionReportData {
  plan: PlanDetail;
  sample: SampleView | null;
  scans: ScanView[];
  findings: FindingView[];
  questionnaire: QuestionnaireView | null;
  proposal: InspectionProposal | null;
  /** when the report was made (ISO time) */
  generatedAt: string;
}

export async function gatherInspectionReport(s: InspectionService, actor: Actor, planId: string): Promise<InspectionReportData> {
  const plan = await s.get(actor, planId);
  const onSite = plan.type === 'on-site';
  return {
    plan,
    sample: onSite ? await s.sampleView(actor, planId) : null,
    scans: onSite ? await s.scans(actor, planId) : [],
    findings: onSite ? await s.findings(actor, planId) : [],
    questionnaire: plan.type === 'written' ? await s.questionnaire(actor, planId) : null,
    proposal: plan.type === 'special' ? await s.proposal(actor, planId) : null,
    generatedAt: new Date().toISOString(),
  };
}

/** File names of the report: ASCII for old clients, Chinese for the rest. */
export function inspectionReportNames(d: InspectionReportData): { ascii: string; utf8: string } {
  return { ascii: `inspection-report-${d.plan.year}-${String(d.plan.month).padStart(2, '0')}.pdf`, utf8: `督查报告-${d.plan.title}.pdf` };
}

const int = (n: number) => n.toLocaleString('en-US');
const pct = (r: number) => `${(r * 100).toFixed(1)}%`;
const cstTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const LEVEL_LABELS: Record<string, string> = { national: '国家级', provincial: '省级', prefecture: '地市级', county: '县级' };
const headerRow = (cells: string[]): TableCell[] => cells.map((c) => ({ text: c, style: 'th' }));
const table = (widths: (string | number)[], head: string[], body: TableCell[][]): Content => ({ table: { headerRows: 1, widths, body: [headerRow(head), ...body] }, layout: 'lightHorizontalLines', fontSize: 8, margin: [0, 4, 0, 12] });
const right = (text: string): TableCell => ({ text, alignment: 'right' });
const note = (text: string): Content => ({ text, style: 'note' });

function onSiteSections(d: InspectionReportData): Content[] {
  const orgs = d.sample?.orgs ?? [];
  const f = d.findings;
  const count = (pred: (x: FindingView) => boolean) => f.filter(pred).length;
  return [
    { text: '一、抽查对象', style: 'h2' },
    note(d.sample?.seed === null || d.sample?.seed === undefined ? '尚未抽样。' : `按级别分层随机抽取（随机种子 ${d.sample.seed}，以同一种子重新抽样结果相同）；各级别抽取数：${Object.entries(d.sample.allocation ?? {}).filter(([, n]) => n > 0).map(([l, n]) => `${LEVEL_LABELS[l] ?? l} ${n}/${d.sample?.population?.[l] ?? '—'}`).join('，')}。`),
    orgs.length
      ? table([25, '*', 50, 70, 40], ['序号', '单位', '级别', '行政区划', '抽查计算机'], orgs.map((o) => [right(String(o.position)), o.orgName, LEVEL_LABELS[o.level] ?? o.level, o.regionName ?? o.regionCode, right(int(o.devices.length))]))
      : note('没有抽查对象。'),
    { text: '二、发现问题（按严重程度）', style: 'h2' },
    table(
      ['*', 50, 50, 50, 50],
      ['严重程度', '问题数', '待整改', '整改中', '已核实'],
      FINDING_SEVERITIES.map((sev) => [SEVERITY_LABELS[sev]['zh-CN'], right(int(count((x) => x.severity === sev))), ...FINDING_STATUSES.map((st) => right(int(count((x) => x.severity === sev && x.status === st))))]),
    ),
    f.length
      ? table([90, '*', 35, 55, 50], ['单位', '问题', '严重程度', '整改期限', '状态'], f.map((x) => [x.orgName, x.description, SEVERITY_LABELS[x.severity]['zh-CN'], `${x.fixDeadline}${x.overdue ? '（逾期）' : ''}`, FINDING_STATUS_LABELS[x.status]['zh-CN']]))
      : note('现场检查未发现问题。'),
    { text: '三、各单位情况', style: 'h2' },
    orgs.length
      ? table(
          ['*', 50, 50, 50, 50],
          ['单位', '检查计算机', '需授权安装', '发现问题', '未整改'],
          orgs.map((o) => {
            const scans = d.scans.filter((s) => s.orgId === o.orgId);
            return [o.orgName, right(int(scans.length)), right(int(scans.reduce((n, s) => n + s.evaluation.requiring, 0))), right(int(o.findings)), right(int(o.openFindings))];
          }),
        )
      : note('没有抽查对象。'),
    { text: '四、整改跟踪', style: 'h2' },
    note(f.length ? `共发现问题 ${int(f.length)} 项：已核实整改 ${int(count((x) => x.status === 'verified'))} 项，整改中 ${int(count((x) => x.status === 'rectifying'))} 项，待整改 ${int(count((x) => x.status === 'open'))} 项，其中逾期 ${int(count((x) => x.overdue))} 项。` : '没有需要跟踪的问题。'),
    ...f
      .filter((x) => x.followUps.length)
      .map((x): Content => ({ text: [{ text: `${x.orgName}：${x.description}\n`, bold: true }, ...x.followUps.map((u) => `  ${cstTime(u.at)} ${u.by ?? ''} → ${FINDING_STATUS_LABELS[u.status]['zh-CN']}：${u.note}\n`)], fontSize: 8, margin: [0, 0, 0, 4] })),
  ];
}

function writtenSections(q: QuestionnaireView): Content[] {
  return [
    { text: '一、问卷', style: 'h2' },
    q.questions.length ? table([40, '*'], ['编号', '问题'], q.questions.map((x) => [x.id, x.text])) : note('尚未编写问卷。'),
    { text: '二、答卷', style: 'h2' },
    ...q.answers.map((a): Content => ({ stack: [{ text: `${a.regionName ?? a.regionCode}（${a.answeredBy ?? ''}，${cstTime(a.answeredAt)}）`, bold: true }, table([40, '*'], ['问题', '回答'], q.questions.map((x) => [x.id, a.answers[x.id] ?? '—']))] })),
    note(q.missing.length ? `未答卷：${q.missing.map((m) => m.regionName ?? m.regionCode).join('、')}。` : '所有被督查地区均已答卷。'),
  ];
}

function specialSections(p: InspectionProposal): Content[] {
  return [
    { text: '一、进度较慢的省份（建议名单）', style: 'h2' },
    note(p.day ? `按检查整改完成比例与期限已过时间比例之差排序（${p.day}）。` : '尚未提出建议名单。'),
    p.rows.length
      ? table([25, '*', 45, 45, 50, 50, 45, 40], ['排名', '省份', '范围内', '已完成', '完成比例', '时间进度', '差距', '确认'], p.rows.map((r) => [right(String(r.rank)), r.regionName ?? r.regionCode, right(int(r.inScope)), right(int(r.done)), right(pct(r.completionShare)), right(pct(r.elapsedShare)), right(pct(r.gap)), r.confirmed ? '是' : '否']))
      : note('没有数据。'),
    note(p.confirmedAt ? `国家管理员 ${p.confirmedBy ?? ''} 于 ${cstTime(p.confirmedAt)} 确认专项督查名单。` : '专项督查名单尚待确认。'),
  ];
}

/** The report as a PDF (A4; headings in Noto Serif CJK, tables in Noto Sans CJK). */
export async function inspectionReportPdf(d: InspectionReportData): Promise<Buffer> {
  const p = d.plan;
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [40, 48, 40, 48],
    info: { title: `督查报告 - ${p.title}`, creator: 'Zhengban', producer: 'Zhengban' },
    defaultStyle: { font: 'NotoSansCJK', fontSize: 10 },
    styles: {
      title: { font: 'NotoSerifCJK', fontSize: 20, bold: true, alignment: 'center', margin: [0, 0, 0, 12] },
      h2: { font: 'NotoSerifCJK', fontSize: 13, bold: true, margin: [0, 10, 0, 4] },
      th: { bold: true, fillColor: '#f0f0f0' },
      note: { fontSize: 8, color: '#666666', margin: [0, 0, 0, 6] },
    },
    footer: (page: number, pages: number) => ({ text: `${p.title} · 第 ${page} / ${pages} 页`, alignment: 'center', fontSize: 8, color: '#888888', margin: [0, 16, 0, 0] }),
    content: [
      { text: '督查报告', style: 'title' },
      {
        table: {
          widths: [110, '*'],
          body: [
            ['督查名称', p.title],
            ['督查类型', INSPECTION_TYPE_LABELS[p.type]['zh-CN']],
            ['督查时间', `${p.year}年${p.month}月`],
            ['被督查地区', p.targetRegions.map((r) => r.name ?? r.code).join('、') || '—'],
            ['督查组成员', p.inspectors.map((i) => i.name).join('、') || '—'],
            ['状态', PLAN_STATUS_LABELS[p.status]['zh-CN']],
            ['报告生成时间', `${cstTime(d.generatedAt)}（北京时间）`],
          ].map(([k, v]) => [{ text: k!, bold: true }, v!]),
        },
        layout: 'noBorders',
      },
      ...(p.type === 'on-site' ? onSiteSections(d) : p.type === 'written' && d.questionnaire ? writtenSections(d.questionnaire) : d.proposal ? specialSections(d.proposal) : []),
    ],
  };
  return renderPdf(doc);
}
