import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { BULLETIN_KIND_LABELS, type BulletinTables, type BulletinView } from '../../contracts/index.ts';
import { renderPdf } from '../files/pdf.ts';
import { chineseDate, rateText, sectionHeading } from './bulletin.rules.ts';

/**
 * A bulletin as an official document (党政机关公文格式, GB/T 9704-2012):
 * A4 with the standard type area (margins 37/35/28/26 mm), the red
 * issuing-organ mark (发文机关标志), the document number (发文字号) with
 * 〔〕, the red separator line, the title in 2号 (22 pt), the main recipients
 * (主送机关), the body in 3号 (16 pt) with 一、二、 headings, the issuing organ
 * and date (成文日期), the figure tables as attachments (附件) with simple
 * vector charts, the 版记 (抄送, 印发) between rules and the page numbers
 * "— 1 —" (odd pages right, even pages left). Pure: data in, buffer out.
 */

const MM = 72 / 25.4;
/** The type area (版心) is 156 mm wide. */
const WIDTH = 156 * MM;
const RED = '#E60000';
/** 3号 (16 pt) text; GB/T 9704 sets 22 lines of 28 characters on a page. */
const BODY = 16;
const LINE = 1.25;
/** One line of body text, for "空一行" spacing. */
const LINE_PT = 28.9;
/** Rows of the newly completed list printed; the XLSX has every row. */
export const PDF_NEWLY_LIMIT = 2000;

const int = (n: number) => n.toLocaleString('en-US');
const th = (t: string): TableCell => ({ text: t, bold: true, fillColor: '#f2f2f2', alignment: 'center' });
const num = (t: string): TableCell => ({ text: t, alignment: 'right' });

/** The attachments (附件) a bulletin's tables make, in order. */
export function attachmentTitles(t: BulletinTables): string[] {
  const units = t.unit === 'province' ? '各省（区、市）' : '各市';
  return [`${units}软件正版化检查整改工作进展情况表`, '逾期未完成检查整改情况表', '本月新完成检查整改单位名单', '软件正版化率走势'];
}

const tableLayout = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => '#444444',
  vLineColor: () => '#444444',
  paddingLeft: () => 2,
  paddingRight: () => 2,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

function table(widths: (string | number)[], head: string[], body: TableCell[][], empty: string): Content {
  if (!body.length) return { text: empty, font: 'NotoSerifCJK', fontSize: BODY, leadingIndent: 2 * BODY, margin: [0, 8, 0, 8] };
  return { table: { headerRows: 1, widths, body: [head.map(th), ...body], dontBreakRows: true }, layout: tableLayout, font: 'NotoSansCJK', fontSize: 9, lineHeight: 1.1, margin: [0, 6, 0, 12] };
}

/** One horizontal bar per row: the completion rate (ranking bars). */
function rankingChart(t: BulletinTables): Content {
  const barW = WIDTH - 110 - 52;
  return {
    table: {
      widths: [110, barW, 52],
      body: t.progress.map((r) => [
        { text: r.name, alignment: 'right', fontSize: 8.5 },
        { canvas: [{ type: 'rect', x: 0, y: 1, w: barW, h: 8, color: '#eeeeee' }, { type: 'rect', x: 0, y: 1, w: Math.max(0, barW * (r.rate ?? 0)), h: 8, color: RED }] },
        { text: rateText(r.rate), fontSize: 8.5 },
      ]),
    },
    layout: { hLineWidth: () => 0, vLineWidth: () => 0, paddingTop: () => 1, paddingBottom: () => 1 },
    font: 'NotoSansCJK',
    margin: [0, 4, 0, 12],
  };
}

/** One vertical bar per month-end: the programme legalization rate (三类软件正版化率). */
function trendChart(t: BulletinTables): Content | null {
  if (!t.trend.length) return null;
  const height = 120;
  const colW = Math.min(60, WIDTH / t.trend.length);
  return {
    columns: t.trend.map((p) => ({
      width: colW,
      stack: [
        { text: rateText(p.programme.rate), alignment: 'center', fontSize: 8 },
        {
          canvas: [
            { type: 'line', x1: 0, y1: height, x2: colW, y2: height, lineWidth: 0.5, lineColor: '#444444' },
            { type: 'rect', x: colW * 0.2, y: height - height * (p.programme.rate ?? 0), w: colW * 0.6, h: height * (p.programme.rate ?? 0), color: RED },
          ],
        },
        { text: `${Number(p.month.slice(5))}月`, alignment: 'center', fontSize: 8 },
      ],
    })),
    columnGap: 0,
    font: 'NotoSansCJK',
    margin: [0, 6, 0, 12],
  };
}

/**
 * The newly completed organizations as official lists are written: per
 * region, its count, then the names separated by 、 (the XLSX has them as a
 * table). One paragraph per region also keeps a national list of a thousand
 * names quick to lay out.
 */
function newlyByRegion(newly: BulletinTables['newlyCompleted']): Content[] {
  if (!newly.length) return [{ text: '本月没有新完成检查整改的单位。', leadingIndent: 2 * BODY }];
  const groups = new Map<string, { name: string; verified: boolean }[]>();
  for (const o of newly) (groups.get(o.regionName) ?? groups.set(o.regionName, []).get(o.regionName)!).push({ name: o.name, verified: o.status === 'verified' });
  return [...groups].flatMap(([region, orgs]) => [
    { text: `${region}（${int(orgs.length)}家）`, font: 'NotoSansCJK', fontSize: 12, margin: [0, 6, 0, 2] } as Content,
    { text: `${orgs.map((o) => (o.verified ? `${o.name}（已验收）` : o.name)).join('、')}。`, fontSize: 12, lineHeight: 1.4, alignment: 'justify', leadingIndent: 24 } as Content,
  ]);
}

/** The heading of an attachment page: 附件N at the top left (黑体), its title centred. */
function attachmentHead(n: number, title: string): Content[] {
  return [
    { text: `附件${n}`, font: 'NotoSansCJK', fontSize: BODY, pageBreak: 'before', margin: [0, 0, 0, LINE_PT / 2] },
    { text: title, font: 'NotoSerifCJK', bold: true, fontSize: 18, alignment: 'center', margin: [0, 0, 0, LINE_PT / 2] },
  ];
}

function attachments(t: BulletinTables): Content[] {
  const [a1, a2, a3, a4] = attachmentTitles(t) as [string, string, string, string];
  const unit = t.unit === 'province' ? '省（区、市）' : '地区';
  const newly = t.newlyCompleted.slice(0, PDF_NEWLY_LIMIT);
  const trend = trendChart(t);
  return [
    ...attachmentHead(1, a1),
    { text: `数据截至${chineseDate(t.day)}（数据快照）`, alignment: 'center', fontSize: 10, font: 'NotoSansCJK', margin: [0, 0, 0, 4] },
    table(
      [20, '*', 40, 36, 36, 38, 40, 40, 50],
      ['排名', unit, '范围内单位', '已完成', '已验收', '完成率', '逾期未完成', '本月新完成', '三类软件正版化率'],
      t.progress.map((r) => [num(r.rank === null ? '—' : String(r.rank)), r.name, num(int(r.inScope)), num(int(r.completed)), num(int(r.verified)), num(rateText(r.rate)), num(int(r.behindDeadline)), num(int(r.newlyCompleted)), num(rateText(r.programme.rate))]),
      '没有纳入检查整改范围的单位。',
    ),
    { text: '完成率排名', font: 'NotoSansCJK', bold: true, fontSize: 11, margin: [0, 4, 0, 2] },
    rankingChart(t),
    ...attachmentHead(2, a2),
    table(
      ['*', 80, 80, 80],
      [unit, '范围内单位', '逾期未完成', '逾期占比'],
      t.behind.map((b) => [b.name, num(int(b.inScope)), num(int(b.behindDeadline)), num(rateText(b.share))]),
      t.levelsPastDeadline.length ? '整改期限已到的级别，相关单位均已完成检查整改。' : '各级整改期限均未到期。',
    ),
    ...attachmentHead(3, a3),
    ...newlyByRegion(newly),
    ...(t.newlyCompleted.length > newly.length ? [{ text: `仅列出前 ${int(newly.length)} 家，共 ${int(t.newlyCompleted.length)} 家；完整名单见 XLSX 附表。`, fontSize: 10 } as Content] : []),
    ...attachmentHead(4, a4),
    table(
      [70, 70, 70, '*', '*'],
      ['月份', '快照日', '完成率', '三类软件正版化率', '全部软件正版化率'],
      t.trend.map((p) => [p.month, p.day, num(rateText(p.rate)), num(rateText(p.programme.rate)), num(rateText(p.overall.rate))]),
      '尚无月末数据快照。',
    ),
    ...(trend ? [{ text: '三类软件正版化率（月末）', font: 'NotoSansCJK', bold: true, fontSize: 11, margin: [0, 4, 0, 2] } as Content, trend] : []),
  ];
}

/** Paragraphs of a section's text: blank lines or line breaks separate them. */
const paragraphs = (text: string) =>
  text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean);

/** A rule of the 版记: thick (0.35 mm) for the first and last, thin (0.25 mm) between. */
const rule = (thick: boolean): Content => ({ canvas: [{ type: 'line', x1: 0, y1: 0, x2: WIDTH, y2: 0, lineWidth: (thick ? 0.35 : 0.25) * MM }], margin: [0, 2, 0, 2] });

/** The bulletin as an official-document PDF. */
export async function bulletinPdf(b: BulletinView): Promise<Buffer> {
  const draft = b.status === 'draft';
  const mark = `${b.issuingOrgan}${b.kind === 'info-report' ? '信息专报' : '文件'}`;
  const markSize = Math.max(18, Math.min(40, Math.floor((WIDTH - 8) / mark.length)));
  const date = b.publishDate ? chineseDate(b.publishDate) : '（成文日期）';
  const tables = b.includeTables && b.tables ? b.tables : null;
  const titles = tables ? attachmentTitles(tables) : [];
  const body: Content[] = b.sections.flatMap((s, i) => [
    ...(s.heading ? [{ text: sectionHeading(i, s.heading), font: 'NotoSansCJK', leadingIndent: 2 * BODY } as Content] : []),
    ...paragraphs(s.text).map((p) => ({ text: p, leadingIndent: 2 * BODY, alignment: 'justify' }) as Content),
  ]);
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [28 * MM, 37 * MM, 26 * MM, 35 * MM],
    info: {
      title: b.title,
      subject: BULLETIN_KIND_LABELS[b.kind]['zh-CN'],
      author: b.issuingOrgan,
      creator: 'Zhengban',
      producer: 'Zhengban',
      // A published bulletin renders the same bytes every time.
      ...(b.publishedAt ? { creationDate: new Date(b.publishedAt), modDate: new Date(b.publishedAt) } : {}),
    },
    ...(draft ? { watermark: { text: '草稿', color: '#999999', opacity: 0.12, bold: true, font: 'NotoSansCJK' } } : {}),
    defaultStyle: { font: 'NotoSerifCJK', fontSize: BODY, lineHeight: LINE },
    footer: (page: number) => ({
      text: `— ${page} —`,
      fontSize: 14,
      font: 'NotoSerifCJK',
      // Odd pages on the right, even pages on the left, one character in from the type area; 7 mm below it.
      alignment: page % 2 ? 'right' : 'left',
      margin: [28 * MM + 14, 7 * MM, 26 * MM + 14, 0],
    }),
    content: [
      // 版头: the mark 35 mm below the top of the type area, the number two lines below, the red line 4 mm below that.
      { text: mark, color: RED, font: 'NotoSerifCJK', bold: true, fontSize: markSize, alignment: 'center', lineHeight: 1, margin: [0, 35 * MM - LINE_PT, 0, 0] },
      { text: b.docNumber ?? (draft ? '（文号待定）' : ''), alignment: 'center', margin: [0, 2 * LINE_PT - 8, 0, 0] },
      { canvas: [{ type: 'line', x1: 0, y1: 0, x2: WIDTH, y2: 0, lineWidth: 1.2, lineColor: RED }], margin: [0, 4 * MM, 0, 0] },
      { text: b.title, font: 'NotoSerifCJK', bold: true, fontSize: 22, alignment: 'center', lineHeight: 1.3, margin: [0, 2 * LINE_PT - 10, 0, LINE_PT] },
      ...(b.recipients ? [{ text: `${b.recipients}：` } as Content] : []),
      ...body,
      ...(titles.length
        ? [
            {
              columns: [
                { text: '附件：', width: 3 * BODY + 2 },
                { stack: titles.map((t, i) => `${i + 1}. ${t}`), width: '*' },
              ],
              columnGap: 0,
              margin: [2 * BODY, LINE_PT, 0, 0],
            } as Content,
          ]
        : []),
      { text: b.issuingOrgan, alignment: 'right', margin: [0, 2 * LINE_PT, 2 * BODY, 0] },
      { text: date, alignment: 'right', margin: [0, 0, 4 * BODY, 0] },
      ...(tables ? attachments(tables) : []),
      // 版记: 抄送 and 印发 between rules, kept together at the end.
      {
        stack: [
          rule(true),
          ...(b.cc ? [{ text: `抄送：${b.cc}。`, margin: [14, 0, 14, 0] } as Content, rule(false)] : []),
          { columns: [{ text: b.issuingOrgan, width: '*' }, { text: `${date}印发`, width: 'auto' }], margin: [14, 0, 14, 0] },
          rule(true),
        ],
        fontSize: 14,
        unbreakable: true,
        margin: [0, 3 * LINE_PT, 0, 0],
      },
    ],
  };
  return renderPdf(doc);
}

/** File names of a download: ASCII for old clients, Chinese in filename*. */
export function bulletinFileNames(b: Pick<BulletinView, 'id' | 'kind' | 'month' | 'regionCode' | 'docNumber' | 'title' | 'status'>, ext: 'pdf' | 'xlsx'): { ascii: string; utf8: string } {
  const stem = b.month ? `bulletin-${b.month}-${b.regionCode}` : `bulletin-${b.kind}-${b.id}`;
  const name = `${b.docNumber ? `${b.docNumber} ` : b.status === 'draft' ? '（草稿）' : ''}${b.title}`.replace(/[\\/:*?"<>|]/g, '_');
  return { ascii: `${stem}.${ext}`, utf8: `${name}.${ext}` };
}
