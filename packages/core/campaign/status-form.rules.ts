import { createHash } from 'node:crypto';
import { FORM_FIGURES, type CompletionEntry, type FigureEntry, type FormContent, type FormDraftBody, type FormFigure, type FormLevel, type FormStatus } from '../../contracts/index.ts';
import { cstDay } from '../dates.ts';
import type { ServiceFieldError } from '../errors.ts';
import { NATIONAL_CODE, regionAncestors } from '../licensing/legalization.rules.ts';
import type { Actor } from '../policy/policy.ts';
import { DONE_STATUSES } from './campaign.rules.ts';

/**
 * The rules of status forms (落实情况表) as pure functions: which region
 * offices report in a round and who reviews them, which moves a form may
 * make, when a submission is late or missing, what a form is prefilled with,
 * how an office's edits apply, and the checksum of a submitted version.
 */

// ——— offices ———

/** The level of a region office from its code (GB/T 2260 codes nest: 330000 province, 330100 prefecture, 330106 county). */
export function officeLevel(code: string): FormLevel {
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'prefecture';
  return 'county';
}

/** The office that reviews a region office's form: the next node up the region tree (`000000` = the national office). */
export function reviewerOf(code: string): string {
  const chain = regionAncestors(code);
  return chain[chain.length - 2]?.regionCode ?? NATIONAL_CODE;
}

/**
 * The region offices that report in a round: every node of the chosen
 * levels above an agency in the campaign's scope (a region without such an
 * agency has nothing to report), sorted by code.
 */
export function expectedOffices(agencyRegions: Iterable<string>, levels: readonly FormLevel[]): string[] {
  const out = new Set<string>();
  for (const code of agencyRegions) for (const a of regionAncestors(code)) if (a.level !== 'national' && levels.includes(a.level as FormLevel)) out.add(a.regionCode);
  return [...out].sort();
}

/** The region office's own administrator: only it fills and submits its form. */
export function isOwnOffice(actor: Actor, code: string): boolean {
  return actor.role === 'region_admin' && actor.regionCode === code;
}

/** The office of the level above: a province's form is reviewed by the national office, a prefecture's by its province. */
export function isReviewerOf(actor: Actor, code: string): boolean {
  const reviewer = reviewerOf(code);
  if (reviewer === NATIONAL_CODE) return actor.role === 'national_admin';
  return actor.role === 'region_admin' && actor.regionCode === reviewer;
}

// ——— states ———

/** A form is edited and submitted in draft or after being returned; reviewed once submitted; frozen once accepted. */
export const editable = (s: FormStatus) => s === 'draft' || s === 'returned';
export const reviewable = (s: FormStatus) => s === 'submitted';

/** A day plus n days (YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Submitted after the due day (China Standard Time); the due day itself is in time. */
export function isLate(submittedAtIso: string, dueDay: string): boolean {
  return cstDay(submittedAtIso) > dueDay;
}

/** Never submitted, and the due day has passed. */
export function isMissing(submissions: number, dueDay: string, today: string): boolean {
  return submissions === 0 && today > dueDay;
}

/** Days before the due day a reminder goes out: 3 days and 1 day before. */
export const REMINDER_DAYS = [3, 1] as const;

/**
 * The reminder a form not yet submitted gets on `today`: the smallest
 * reminder step the remaining days have reached (so a server that was down
 * on the exact day still reminds once), or null (past due, or too early).
 */
export function reminderStep(dueDay: string, today: string): number | null {
  if (today > dueDay) return null;
  const left = Math.round((Date.parse(`${dueDay}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  const steps = REMINDER_DAYS.filter((d) => left <= d);
  return steps.length ? Math.min(...steps) : null;
}

// ——— prefill ———

/** An agency of the office's subtree as the prefill sees it. */
export interface PrefillAgency {
  id: string;
  name: string;
  level: string;
  region_code: string;
  /** current campaign state (null: not started) */
  status: string | null;
  devices: number | null;
  os_cov: number | null;
  office_cov: number | null;
  security_cov: number | null;
}

const done = (s: string | null | undefined) => !!s && (DONE_STATUSES as readonly string[]).includes(s);
const n = (v: unknown) => Number(v ?? 0);

/** The figures of a subtree: counts of its agencies in scope, their computers and covered installs, and the money spent in the period. */
export function prefillFigures(agencies: readonly PrefillAgency[], spent: number): Record<FormFigure, number> {
  const f: Record<FormFigure, number> = { agenciesInScope: 0, completed: 0, verified: 0, computers: 0, osLicensed: 0, officeLicensed: 0, securityLicensed: 0, spent: Math.round(spent * 100) / 100 };
  for (const a of agencies) {
    f.agenciesInScope++;
    if (done(a.status)) f.completed++;
    if (a.status === 'verified') f.verified++;
    f.computers += n(a.devices);
    f.osLicensed += n(a.os_cov);
    f.officeLicensed += n(a.office_cov);
    f.securityLicensed += n(a.security_cov);
  }
  return f;
}

/**
 * What may be on a completion list: provincial agencies (each by name), and
 * prefecture / county governments — a region node whose own-level agencies
 * in scope (at least one) are all completed or verified. `doneAt(id)` says
 * whether an agency was done at the instant considered.
 */
export function completedSubjects(agencies: readonly PrefillAgency[], doneAt: (id: string) => boolean, regionNames: ReadonlyMap<string, string>): Omit<CompletionEntry, 'source' | 'removed' | 'note'>[] {
  const out: Omit<CompletionEntry, 'source' | 'removed' | 'note'>[] = [];
  const governments = new Map<string, { level: string; all: boolean }>();
  for (const a of agencies) {
    if (a.level === 'provincial') {
      if (doneAt(a.id)) out.push({ subject: a.id, kind: 'agency', name: a.name, level: 'provincial', regionCode: a.region_code });
      continue;
    }
    if ((a.level === 'prefecture' || a.level === 'county') && officeLevel(a.region_code) === (a.level === 'prefecture' ? 'prefecture' : 'county')) {
      const g = governments.get(a.region_code) ?? { level: a.level, all: true };
      g.all &&= doneAt(a.id);
      governments.set(a.region_code, g);
    }
  }
  for (const [code, g] of [...governments].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    if (g.all) out.push({ subject: `R:${code}`, kind: 'government', name: `${regionNames.get(code) ?? code}人民政府`, level: g.level, regionCode: code });
  return out;
}

/**
 * The newly completed: done at the end of the period and not at its start.
 * `candidates` are the others done at the end (completed earlier): what an
 * office may add by hand, with a note.
 */
export function newlyCompleted(agencies: readonly PrefillAgency[], atStart: ReadonlyMap<string, string>, atEnd: ReadonlyMap<string, string>, regionNames: ReadonlyMap<string, string>) {
  const end = completedSubjects(agencies, (id) => done(atEnd.get(id)), regionNames);
  const before = new Set(completedSubjects(agencies, (id) => done(atStart.get(id)), regionNames).map((e) => e.subject));
  return { list: end.filter((e) => !before.has(e.subject)), candidates: end.filter((e) => before.has(e.subject)) };
}

/** A fresh content from the live data. */
export function freshContent(figures: Record<FormFigure, number>, list: ReturnType<typeof newlyCompleted>['list'], at: string): FormContent {
  return {
    figures: FORM_FIGURES.map((key) => ({ key, prefilled: figures[key], value: figures[key], note: null })),
    completions: list.map((e) => ({ ...e, source: 'prefilled' as const, removed: false, note: null })),
    remarks: null,
    prefilledAt: at,
  };
}

/**
 * Prefills again over a draft: unedited figures take the new values, edited
 * ones keep theirs beside the new prefilled value; list entries keep the
 * office's removals and notes; entries the office added stay.
 */
export function refreshContent(old: FormContent, fresh: FormContent): FormContent {
  const figures = fresh.figures.map((f): FigureEntry => {
    const o = old.figures.find((x) => x.key === f.key);
    return !o || o.value === o.prefilled ? f : { ...f, value: o.value, note: o.note };
  });
  const kept = new Map(old.completions.map((c) => [c.subject, c]));
  const completions = fresh.completions.map((c) => {
    const o = kept.get(c.subject);
    return o ? { ...c, removed: o.source === 'prefilled' ? o.removed : false, note: o.note } : c;
  });
  const freshSubjects = new Set(fresh.completions.map((c) => c.subject));
  for (const o of old.completions) if (o.source === 'added' && !freshSubjects.has(o.subject)) completions.push(o);
  return { figures, completions, remarks: old.remarks, prefilledAt: fresh.prefilledAt };
}

/**
 * Applies what the office saved. Taking out a prefilled entry or adding one
 * needs a note; an entry may be added only from the candidates (done, in the
 * subtree); an added entry sent as removed is dropped.
 */
export function applyDraft(content: FormContent, body: FormDraftBody, candidates: readonly Omit<CompletionEntry, 'source' | 'removed' | 'note'>[]): { content: FormContent; errors: ServiceFieldError[] } {
  const errors: ServiceFieldError[] = [];
  const figures = content.figures.map((f) => ({ ...f }));
  for (const b of body.figures) {
    const f = figures.find((x) => x.key === b.key);
    if (f) {
      f.value = b.key === 'spent' ? Math.round(b.value * 100) / 100 : Math.round(b.value);
      f.note = b.note;
    }
  }
  let completions = content.completions.map((c) => ({ ...c }));
  const candidateOf = new Map(candidates.map((c) => [c.subject, c]));
  body.completions.forEach((b, i) => {
    const existing = completions.find((c) => c.subject === b.subject);
    if (existing?.source === 'prefilled') {
      if (b.removed && !b.note) errors.push({ path: `completions.${i}.note`, key: 'statusform.note' });
      existing.removed = b.removed;
      existing.note = b.note;
    } else if (existing) {
      if (b.removed) completions = completions.filter((c) => c.subject !== b.subject);
      else if (!b.note) errors.push({ path: `completions.${i}.note`, key: 'statusform.note' });
      else existing.note = b.note;
    } else if (!b.removed) {
      const c = candidateOf.get(b.subject);
      if (!c) errors.push({ path: `completions.${i}.subject`, key: 'statusform.subject' });
      else if (!b.note) errors.push({ path: `completions.${i}.note`, key: 'statusform.note' });
      else completions.push({ ...c, source: 'added', removed: false, note: b.note });
    }
  });
  return { content: { figures, completions, remarks: body.remarks, prefilledAt: content.prefilledAt }, errors };
}

/** The figures the office changed: key → [prefilled, reported]. */
export function editedFigures(content: FormContent): Partial<Record<FormFigure, [number, number]>> {
  return Object.fromEntries(content.figures.filter((f) => f.value !== f.prefilled).map((f) => [f.key, [f.prefilled, f.value]]));
}

/** SHA-256 of a content in canonical form: figures in their fixed order, list entries by subject, fields in a fixed order. */
export function contentChecksum(c: FormContent): string {
  const figures = FORM_FIGURES.map((key) => {
    const f = c.figures.find((x) => x.key === key);
    return [key, f ? Number(f.prefilled) : null, f ? Number(f.value) : null, f?.note ?? null];
  });
  const list = [...c.completions].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0)).map((e) => [e.subject, e.kind, e.name, e.level, e.regionCode, e.source, e.removed, e.note ?? null]);
  return createHash('sha256').update(JSON.stringify([figures, list, c.remarks ?? null, c.prefilledAt])).digest('hex');
}
