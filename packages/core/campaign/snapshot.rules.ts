import { createHash } from 'node:crypto';
import type { Deadlines, ProgressStatus } from '../../contracts/index.ts';
import { FIGURE_COLUMNS, type FigureFields } from '../../storage/repositories/index.ts';
import { NATIONAL_CODE, regionAncestors } from '../licensing/legalization.rules.ts';
import { deadlineOf, isBehind } from './campaign.rules.ts';

/**
 * Snapshot figures (快照) as pure functions: the rows of a day from the
 * records, the canonical checksum, the comparison of frozen and recomputed
 * rows, and the revision notes a new snapshot carries for its predecessor.
 */

/** The numeric figures of a row (everything but identity and the revision note). */
export const FIGURE_FIELDS = FIGURE_COLUMNS.filter((c) => !['subject', 'kind', 'level', 'region_code', 'revised_json'].includes(c)) as Exclude<(typeof FIGURE_COLUMNS)[number], 'subject' | 'kind' | 'level' | 'region_code' | 'revised_json'>[];
export type FigureField = (typeof FIGURE_FIELDS)[number];

const STATUS_FIELD: Record<ProgressStatus, FigureField> = { 'not-started': 'not_started', 'self-check': 'self_check', rectifying: 'rectifying', completed: 'completed', verified: 'verified' };

/** A trend row's figures (compliance_trend). */
export interface TrendFigures {
  subject: string;
  overall_req: number;
  overall_cov: number;
  programme_req: number;
  programme_cov: number;
  os_req: number;
  os_cov: number;
  office_req: number;
  office_cov: number;
  security_req: number;
  security_cov: number;
  devices: number;
  compliant_devices: number;
}

/** What the figures of a day are computed from. */
export interface SnapshotInputs {
  day: string;
  deadlines: Deadlines;
  /** agencies in scope of the campaign */
  agencies: readonly { id: string; region_code: string; level: string }[];
  /** state of each organization at the cut-off (absent: not started) */
  statuses: ReadonlyMap<string, string>;
  /** latest daily compliance figures of each organization up to the day */
  trend: ReadonlyMap<string, TrendFigures>;
  /** money spent per organization up to the day */
  spent: ReadonlyMap<string, number>;
}

const TREND_FIELDS = ['overall_req', 'overall_cov', 'programme_req', 'programme_cov', 'os_req', 'os_cov', 'office_req', 'office_cov', 'security_req', 'security_cov', 'devices', 'compliant_devices'] as const;
const cents = (v: number) => Math.round(v * 100) / 100;

function emptyRow(subject: string, kind: 'org' | 'region', level: string, regionCode: string): FigureFields {
  const r = { subject, kind, level, region_code: regionCode, revised_json: null } as FigureFields;
  for (const f of FIGURE_FIELDS) (r as unknown as Record<string, number>)[f] = 0;
  return r;
}

export const regionSubject = (code: string) => `R:${code}`;

/** The rows of a snapshot: one per agency in scope, one per region node above them (the national node always), sorted by subject. */
export function buildFigures(inp: SnapshotInputs): FigureFields[] {
  const regions = new Map<string, FigureFields>();
  regions.set(NATIONAL_CODE, emptyRow(regionSubject(NATIONAL_CODE), 'region', 'national', NATIONAL_CODE));
  const orgs: FigureFields[] = [];
  for (const a of inp.agencies) {
    const row = emptyRow(a.id, 'org', a.level, a.region_code);
    const status = (inp.statuses.get(a.id) ?? 'not-started') as ProgressStatus;
    row.in_scope = 1;
    row[STATUS_FIELD[status] ?? 'not_started'] = 1;
    const deadline = deadlineOf(inp.deadlines, a.level);
    row.behind_deadline = deadline && isBehind(status, deadline, inp.day) ? 1 : 0;
    const t = inp.trend.get(a.id);
    if (t) for (const f of TREND_FIELDS) row[f] = Number(t[f] ?? 0);
    row.spent = cents(inp.spent.get(a.id) ?? 0);
    orgs.push(row);
    for (const { regionCode, level } of regionAncestors(a.region_code)) {
      let r = regions.get(regionCode);
      if (!r) regions.set(regionCode, (r = emptyRow(regionSubject(regionCode), 'region', level, regionCode)));
      for (const f of FIGURE_FIELDS) if (f !== 'spent') r[f] += row[f];
      r.spent = cents(r.spent + row.spent);
    }
  }
  return [...orgs, ...regions.values()].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
}

/** SHA-256 of the rows in canonical form: sorted by subject, every column in FIGURE_COLUMNS order. */
export function canonicalChecksum(rows: readonly FigureFields[]): string {
  const sorted = [...rows].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
  const h = createHash('sha256');
  for (const r of sorted) h.update(`${JSON.stringify(FIGURE_COLUMNS.map((c) => (c === 'subject' || c === 'kind' || c === 'level' || c === 'region_code' || c === 'revised_json' ? (r[c] ?? null) : Number(r[c]))))}\n`);
  return h.digest('hex');
}

export interface FigureDifference {
  subject: string;
  field: FigureField | 'row';
  frozen: number | null;
  recomputed: number | null;
}

/** Every figure that differs between the frozen rows and a recomputation (a missing row differs in `row`). */
export function diffFigures(frozen: readonly FigureFields[], recomputed: readonly FigureFields[]): FigureDifference[] {
  const a = new Map(frozen.map((r) => [r.subject, r]));
  const b = new Map(recomputed.map((r) => [r.subject, r]));
  const out: FigureDifference[] = [];
  for (const subject of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(subject);
    const y = b.get(subject);
    if (!x || !y) {
      out.push({ subject, field: 'row', frozen: x ? 1 : null, recomputed: y ? 1 : null });
      continue;
    }
    for (const f of FIGURE_FIELDS) if (Number(x[f]) !== Number(y[f])) out.push({ subject, field: f, frozen: Number(x[f]), recomputed: Number(y[f]) });
  }
  return out;
}

/**
 * Revision notes for the previous snapshot's figures that the records now
 * give differently: subject → JSON `{ previousDay, <field>: [published, corrected] }`.
 * The published figure itself is never changed.
 */
export function revisionNotes(previousDay: string, differences: readonly FigureDifference[]): Map<string, string> {
  const by = new Map<string, Record<string, unknown>>();
  for (const d of differences) {
    let note = by.get(d.subject);
    if (!note) by.set(d.subject, (note = { previousDay }));
    note[d.field] = [d.frozen, d.recomputed];
  }
  return new Map([...by].map(([s, v]) => [s, JSON.stringify(v)]));
}

/** The last day of a month (YYYY-MM-DD) is a month-end snapshot's day. */
export function isMonthEnd(day: string): boolean {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
  return next.getUTCDate() === 1;
}

/** The last day of the month before `today`'s month. */
export function previousMonthEnd(today: string): string {
  return new Date(Date.parse(`${today.slice(0, 7)}-01T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
