import { createHash } from 'node:crypto';
import type { BulletinKind, BulletinProgressRow, BulletinSection, BulletinTables, BulletinTrendPoint, CampaignLevel, Deadlines } from '../../contracts/index.ts';
import type { FigureFields } from '../../storage/repositories/index.ts';
import { levelsPastDeadline } from '../campaign/campaign.rules.ts';
import { NATIONAL_CODE } from '../licensing/legalization.rules.ts';

/**
 * Bulletins (通报) as pure functions: the figure tables of a bulletin from
 * the rows of a month-end snapshot (progress per province or prefecture with
 * its rank, regions behind their deadline, organizations newly completed in
 * the month, the legalization-rate trend), the default draft text that quotes
 * them, and the checksum of a published bulletin's frozen content.
 */

// ——— months and days ———

/** The month before `today`'s month (YYYY-MM). */
export function previousMonth(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
}

/** The last day of a month (YYYY-MM-DD): the day of its month-end snapshot. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The month `n` months before `month` (YYYY-MM). */
export function monthsBefore(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 - n, 1)).toISOString().slice(0, 7);
}

/** 2026-12-01 → 2026年12月1日 (成文日期: Arabic numerals, no leading zeros). */
export function chineseDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

/** 2026-10 → 2026年10月. */
export function chineseMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${y}年${m}月`;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 31 → 三十一 (1…99). */
export function chineseNumeral(n: number): string {
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/** The heading of a body section as printed: 一、总体进展. */
export const sectionHeading = (index: number, heading: string) => `${chineseNumeral(index + 1)}、${heading}`;

// ——— figures ———

/** A rate as printed: one decimal, rounded down (99.96% is not yet 100%); — when there is nothing to measure. */
export function rateText(rate: number | null): string {
  return rate === null ? '—' : `${(Math.floor(rate * 1000 + 1e-9) / 10).toFixed(1)}%`;
}

const ratioOf = (required: number, covered: number) => ({ required, covered, rate: required === 0 ? null : covered / required });
const done = (r: Pick<FigureFields, 'completed' | 'verified'>) => Number(r.completed) + Number(r.verified);

/** What the tables of a bulletin are computed from. */
export interface BulletinInputs {
  /** the month reported, YYYY-MM */
  month: string;
  /** the snapshot's day */
  day: string;
  /** 000000 or a province code, with its name */
  scope: { code: string; name: string };
  deadlines: Deadlines;
  /** the rows of the snapshot */
  rows: readonly FigureFields[];
  /** the previous month-end snapshot (null: none was taken) */
  previous: { day: string; rows: readonly FigureFields[] } | null;
  /** organizations moved to completed/verified during the month: decides "newly completed" when there is no previous snapshot */
  completedInMonth: ReadonlySet<string> | null;
  regionNames: ReadonlyMap<string, string>;
  orgNames: ReadonlyMap<string, string>;
  /** the scope's node row in the month-end snapshots up to this one, oldest first */
  trend: readonly { day: string; row: Pick<FigureFields, 'in_scope' | 'completed' | 'verified' | 'programme_req' | 'programme_cov' | 'overall_req' | 'overall_cov'> }[];
}

const regionSubject = (code: string) => `R:${code}`;

/** The row a region belongs to: its province (national bulletin), or its prefecture — the scope itself for the province's own agencies. */
export function unitOf(scopeCode: string, regionCode: string): string {
  if (scopeCode === NATIONAL_CODE) return `${regionCode.slice(0, 2)}0000`;
  return regionCode.slice(2, 4) === '00' ? scopeCode : `${regionCode.slice(0, 4)}00`;
}

/** Whether a region lies in the scope. */
export const inScopeRegion = (scopeCode: string, regionCode: string) => scopeCode === NATIONAL_CODE || regionCode.startsWith(scopeCode.slice(0, 2));

/** The own row of a province bulletin: 浙江省 → 省本级, 北京市 → 市本级, 广西壮族自治区 → 区本级. */
export const ownRowName = (scopeName: string) => `${scopeName.slice(-1) || '省'}本级`;

/** Competition ranking by completion rate (1, 2, 2, 4); rows with nothing in scope get no rank. Compares fractions exactly. */
export function rankRows(rows: BulletinProgressRow[]): BulletinProgressRow[] {
  const cmpRate = (a: BulletinProgressRow, b: BulletinProgressRow) => b.completed * a.inScope - a.completed * b.inScope;
  const sorted = [...rows].sort((a, b) => {
    if ((a.inScope === 0) !== (b.inScope === 0)) return a.inScope === 0 ? 1 : -1;
    const c = a.inScope && b.inScope ? cmpRate(a, b) : 0;
    if (c !== 0) return c;
    const pa = a.programme.rate ?? -1;
    const pb = b.programme.rate ?? -1;
    if (pa !== pb) return pb - pa;
    return a.regionCode < b.regionCode ? -1 : a.regionCode > b.regionCode ? 1 : 0;
  });
  let rank = 0;
  return sorted.map((r, i) => {
    if (r.inScope === 0) return { ...r, rank: null };
    if (i === 0 || cmpRate(sorted[i - 1]!, r) !== 0) rank = i + 1;
    return { ...r, rank };
  });
}

/** The figure tables of a bulletin. */
export function buildTables(inp: BulletinInputs): BulletinTables {
  const scopeCode = inp.scope.code;
  const orgs = inp.rows.filter((r) => r.kind === 'org' && r.in_scope && inScopeRegion(scopeCode, r.region_code));
  const previous = inp.previous ? new Map(inp.previous.rows.filter((r) => r.kind === 'org').map((r) => [r.subject, r])) : null;

  const isNew = (r: FigureFields) => {
    if (!done(r)) return false;
    if (previous) {
      const p = previous.get(r.subject);
      return !p || done(p) === 0;
    }
    return inp.completedInMonth?.has(r.subject) ?? false;
  };

  const units = new Map<string, { inScope: number; completed: number; verified: number; behind: number; newly: number; req: number; cov: number }>();
  const newly: BulletinTables['newlyCompleted'] = [];
  const totals = { inScope: 0, completed: 0, verified: 0, behind: 0, newly: 0, req: 0, cov: 0, oreq: 0, ocov: 0 };
  for (const r of orgs) {
    const code = unitOf(scopeCode, r.region_code);
    let u = units.get(code);
    if (!u) units.set(code, (u = { inScope: 0, completed: 0, verified: 0, behind: 0, newly: 0, req: 0, cov: 0 }));
    const fresh = isNew(r);
    for (const t of [u, totals]) {
      t.inScope += Number(r.in_scope);
      t.completed += done(r);
      t.verified += Number(r.verified);
      t.behind += Number(r.behind_deadline);
      t.newly += fresh ? 1 : 0;
      t.req += Number(r.programme_req);
      t.cov += Number(r.programme_cov);
    }
    totals.oreq += Number(r.overall_req);
    totals.ocov += Number(r.overall_cov);
    if (fresh) {
      newly.push({
        orgId: r.subject,
        name: inp.orgNames.get(r.subject) ?? r.subject,
        regionCode: r.region_code,
        regionName: code === scopeCode ? ownRowName(inp.scope.name) : (inp.regionNames.get(code) ?? code),
        level: r.level,
        status: Number(r.verified) ? 'verified' : 'completed',
      });
    }
  }

  const progress = rankRows(
    [...units].map(([code, u]) => ({
      regionCode: code,
      name: code === scopeCode ? ownRowName(inp.scope.name) : (inp.regionNames.get(code) ?? code),
      own: code === scopeCode,
      inScope: u.inScope,
      completed: u.completed,
      verified: u.verified,
      rate: u.inScope ? u.completed / u.inScope : null,
      rank: null,
      behindDeadline: u.behind,
      newlyCompleted: u.newly,
      programme: ratioOf(u.req, u.cov),
    })),
  );
  const behind = progress
    .filter((p) => p.behindDeadline > 0)
    .map((p) => ({ regionCode: p.regionCode, name: p.name, inScope: p.inScope, behindDeadline: p.behindDeadline, share: p.inScope ? p.behindDeadline / p.inScope : null }))
    .sort((a, b) => b.behindDeadline - a.behindDeadline || (b.share ?? 0) - (a.share ?? 0) || (a.regionCode < b.regionCode ? -1 : 1));
  newly.sort((a, b) => (a.regionCode < b.regionCode ? -1 : a.regionCode > b.regionCode ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const prevNode = inp.previous?.rows.find((r) => r.subject === regionSubject(scopeCode));
  const trend: BulletinTrendPoint[] = inp.trend.map(({ day, row }) => ({
    month: day.slice(0, 7),
    day,
    inScope: Number(row.in_scope),
    completed: done(row),
    rate: Number(row.in_scope) ? done(row) / Number(row.in_scope) : null,
    programme: ratioOf(Number(row.programme_req), Number(row.programme_cov)),
    overall: ratioOf(Number(row.overall_req), Number(row.overall_cov)),
  }));

  return {
    month: inp.month,
    day: inp.day,
    scope: inp.scope,
    unit: scopeCode === NATIONAL_CODE ? 'province' : 'prefecture',
    deadlines: inp.deadlines,
    levelsPastDeadline: levelsPastDeadline(inp.deadlines, inp.day),
    totals: {
      inScope: totals.inScope,
      completed: totals.completed,
      verified: totals.verified,
      rate: totals.inScope ? totals.completed / totals.inScope : null,
      behindDeadline: totals.behind,
      newlyCompleted: totals.newly,
      programme: ratioOf(totals.req, totals.cov),
      overall: ratioOf(totals.oreq, totals.ocov),
      previous: inp.previous
        ? {
            day: inp.previous.day,
            rate: prevNode && Number(prevNode.in_scope) ? done(prevNode) / Number(prevNode.in_scope) : null,
            programmeRate: prevNode && Number(prevNode.programme_req) ? Number(prevNode.programme_cov) / Number(prevNode.programme_req) : null,
          }
        : null,
    },
    progress,
    behind,
    newlyBasis: inp.previous ? 'snapshot' : 'transitions',
    newlyCompleted: newly,
    trend,
  };
}

// ——— default text ———

const LEVEL_NAMES: Record<CampaignLevel, string> = { provincial: '省级', prefecture: '地市级', county: '县级' };
const int = (n: number) => n.toLocaleString('en-US');

/** "提高 2.3 个百分点" / "下降…" / "持平", comparing two rates as printed. */
export function changeText(current: number | null, previous: number | null): string | null {
  if (current === null || previous === null) return null;
  const diff = Math.round((Math.floor(current * 1000 + 1e-9) - Math.floor(previous * 1000 + 1e-9))) / 10;
  if (diff === 0) return '与上月持平';
  return `较上月${diff > 0 ? '提高' : '下降'} ${Math.abs(diff).toFixed(1)} 个百分点`;
}

/** The units of a progress table in running text: 各省（区、市） or 各市. */
const unitsWord = (t: BulletinTables) => (t.unit === 'province' ? '各省（区、市）' : '各市');
const namesWithRates = (rows: readonly BulletinProgressRow[]) => rows.map((r) => `${r.name}（${rateText(r.rate)}）`).join('、');

/** The paragraph of overall progress. */
export function overviewText(t: BulletinTables): string {
  const day = chineseDate(t.day);
  const p = t.totals;
  const change = changeText(p.programme.rate, p.previous?.programmeRate ?? null);
  return [
    `截至${day}，${t.scope.code === NATIONAL_CODE ? '全国' : t.scope.name}纳入检查整改范围的政府机关共${int(p.inScope)}家，已完成检查整改${int(p.completed)}家（其中已验收${int(p.verified)}家），完成率${rateText(p.rate)}；本月新完成${int(p.newlyCompleted)}家。`,
    `三类软件（操作系统、办公软件、杀毒软件）正版化率为${rateText(p.programme.rate)}${change ? `，${change}` : ''}；全部软件正版化率为${rateText(p.overall.rate)}。`,
  ].join('');
}

/** The paragraph comparing the regions. */
export function regionsText(t: BulletinTables): string {
  const ranked = t.progress.filter((r) => r.rank !== null && !r.own);
  if (ranked.length === 0) return `本月${unitsWord(t)}尚无纳入检查整改范围的单位。`;
  const first = ranked[0]!;
  const last = ranked[ranked.length - 1]!;
  // Nothing to rank when every row has the same rate (all at 0 % early in a campaign, say).
  if (ranked.length > 1 && first.completed * last.inScope === last.completed * first.inScope) return `${unitsWord(t)}完成率均为${rateText(first.rate)}。${unitsWord(t)}进展情况见附件1。`;
  // One region only (a province's first month, the demo): nothing to rank it against.
  if (ranked.length === 1) return `${first.name}完成率为${rateText(first.rate)}。${unitsWord(t)}进展情况见附件1。`;
  const top = ranked.slice(0, 3);
  const bottom = ranked.length > 6 ? ranked.slice(-3).reverse() : [];
  return [
    `按完成率排名，前${chineseNumeral(top.length)}位的是${namesWithRates(top)}`,
    bottom.length ? `；完成率较低的是${namesWithRates(bottom)}` : '',
    `。${unitsWord(t)}进展情况见附件1。`,
  ].join('');
}

/** The paragraph on agencies behind their deadline. */
export function behindText(t: BulletinTables): string {
  if (t.levelsPastDeadline.length === 0) return `截至${chineseDate(t.day)}，各级整改期限均未到期。`;
  const levels = t.levelsPastDeadline.map((l) => `${LEVEL_NAMES[l]}（${chineseDate(t.deadlines[l]!)}）`).join('、');
  if (t.totals.behindDeadline === 0) return `${levels}整改期限已到，相关单位均已完成检查整改。`;
  const worst = t.behind.slice(0, 5).map((b) => `${b.name}${int(b.behindDeadline)}家`).join('、');
  return `${levels}整改期限已过，仍有${int(t.totals.behindDeadline)}家单位未完成检查整改，涉及${t.behind.length}个${t.unit === 'province' ? '省（区、市）' : '地区'}，其中逾期单位较多的是${worst}。逾期未完成情况见附件2。`;
}

/** The paragraph on newly completed organizations. */
export function newlyText(t: BulletinTables): string {
  if (t.totals.newlyCompleted === 0) return `${chineseMonth(t.month)}没有新完成检查整改的单位。`;
  return `${chineseMonth(t.month)}新完成检查整改的单位共${int(t.totals.newlyCompleted)}家，名单见附件3。`;
}

/** What a new draft starts with, per kind and scope. Every figure quoted comes from the tables. */
export interface DraftContent {
  title: string;
  issuingOrgan: string;
  recipients: string;
  cc: string | null;
  sections: BulletinSection[];
}

export function defaultContent(kind: BulletinKind, scope: { code: string; name: string }, month: string | null, t: BulletinTables | null): DraftContent {
  const national = scope.code === NATIONAL_CODE;
  const where = national ? '全国' : scope.name;
  const issuingOrgan = national ? '推进使用正版软件工作部际联席会议办公室' : `${scope.name}推进使用正版软件工作领导小组办公室`;
  const recipients = national ? '各省、自治区、直辖市推进使用正版软件工作领导小组（联席会议）办公室' : '各市推进使用正版软件工作领导小组办公室，省直各单位';
  const cc = national ? '推进使用正版软件工作部际联席会议各成员单位' : '国家推进使用正版软件工作部际联席会议办公室';
  const demands = `请${t ? unitsWord(t) : '各地'}对照本通报，督促进度滞后的地区和单位抓紧整改，按期完成检查整改任务；已完成的要巩固整改成果，健全软件资产管理等长效机制。请于下月5日前报送本月工作进展情况。`;
  if (kind === 'monthly') {
    const m = chineseMonth(month ?? t?.month ?? '');
    return {
      title: `关于${m}${where}软件正版化检查整改工作进展情况的通报`,
      issuingOrgan,
      recipients,
      cc,
      sections: t
        ? [
            { heading: '总体进展', text: `根据${chineseDate(t.day)}数据快照，现将${m}${where}软件正版化检查整改工作进展情况通报如下。\n\n${overviewText(t)}` },
            { heading: '各地进展', text: `${regionsText(t)}\n\n${newlyText(t)}` },
            { heading: '逾期未完成情况', text: behindText(t) },
            { heading: '工作要求', text: demands },
          ]
        : [{ heading: '总体进展', text: '' }],
    };
  }
  if (kind === 'special') {
    return {
      title: `关于${where}软件正版化检查整改工作进度滞后情况的专项通报`,
      issuingOrgan,
      recipients,
      cc,
      sections: t
        ? [
            { heading: '基本情况', text: overviewText(t) },
            { heading: '存在的问题', text: behindText(t) },
            { heading: '工作要求', text: demands },
          ]
        : [{ heading: '基本情况', text: '' }],
    };
  }
  return {
    title: `${where}软件正版化检查整改工作信息专报`,
    issuingOrgan,
    recipients: national ? '国务院办公厅' : `${scope.name}人民政府办公厅`,
    cc: null,
    sections: t ? [{ heading: '工作进展', text: overviewText(t) }] : [{ heading: '工作进展', text: '' }],
  };
}

// ——— frozen content ———

/** What a published bulletin freezes, in a fixed order. */
export interface FrozenContent {
  kind: string;
  regionCode: string;
  month: string | null;
  snapshotId: string | null;
  docNumber: string;
  title: string;
  issuingOrgan: string;
  recipients: string;
  sections: readonly BulletinSection[];
  cc: string | null;
  includeTables: boolean;
  tables: BulletinTables | null;
  publishDate: string;
}

/** Canonical JSON: object keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** SHA-256 of a bulletin's frozen content. */
export function contentChecksum(c: FrozenContent): string {
  return createHash('sha256').update(canonicalJson(c)).digest('hex');
}
