import { CATEGORY_LABELS, type CampaignLevel, type Deadlines, type Evidence, type ProgrammeCategory, type ProgressStatus } from '../../contracts/index.ts';
import type { ServiceFieldError } from '../errors.ts';
import { regionPrefix, type Actor } from '../policy/policy.ts';

/**
 * The rules of a campaign's progress, as pure functions: which state may
 * follow which, who may move it, and what declaring completion rests on.
 */

/** The states that may follow each state. */
const NEXT: Record<ProgressStatus, readonly ProgressStatus[]> = {
  'not-started': ['self-check'],
  // A self-check that finds nothing to rectify may declare completion at once.
  'self-check': ['rectifying', 'completed'],
  rectifying: ['completed'],
  // Accepted after inspection, or returned by the level above.
  completed: ['verified', 'rectifying'],
  // An inspection found problems.
  verified: ['rectifying'],
};

/** Moves only the level above the organization may make: accepting, returning, reopening. */
export function needsLevelAbove(from: ProgressStatus, to: ProgressStatus): boolean {
  return to === 'verified' || (from === 'completed' && to === 'rectifying') || (from === 'verified' && to === 'rectifying');
}

export function canFollow(from: ProgressStatus, to: ProgressStatus): boolean {
  return NEXT[from].includes(to);
}

/** The states an actor may move an organization to from `from`. */
export function allowedNext(from: ProgressStatus, levelAbove: boolean): ProgressStatus[] {
  return NEXT[from].filter((to) => levelAbove || !needsLevelAbove(from, to));
}

/**
 * Whether the actor is the level above an organization: the national office,
 * or a region administrator whose region contains the organization's region.
 * Never the organization's own administrator.
 */
export function isLevelAbove(actor: Actor, org: { region_code: string }): boolean {
  if (actor.role === 'national_admin') return true;
  if (actor.role === 'region_admin' && actor.regionCode) return org.region_code.startsWith(regionPrefix(actor.regionCode));
  return false;
}

/** The deadline of an organization level in a campaign (null: the level is not in scope). */
export function deadlineOf(deadlines: Deadlines, level: string): string | null {
  return (deadlines as Record<string, string | null>)[level] ?? null;
}

export const DONE_STATUSES: readonly ProgressStatus[] = ['completed', 'verified'];

/** Past its deadline (the deadline day itself still counts as in time) and not completed. */
export function isBehind(status: ProgressStatus, deadline: string, today: string): boolean {
  return deadline < today && !DONE_STATUSES.includes(status);
}

/** The levels whose deadline has passed on `today`. */
export function levelsPastDeadline(deadlines: Deadlines, today: string): CampaignLevel[] {
  return (Object.entries(deadlines) as [CampaignLevel, string | null][]).filter(([, d]) => d !== null && d < today).map(([l]) => l);
}

/** Stored compliance figures of an organization, as far as evidence goes. */
export interface EvidenceFigures {
  devices: number;
  os_req: number;
  os_cov: number;
  office_req: number;
  office_cov: number;
  security_req: number;
  security_cov: number;
}

const COLUMNS: Record<ProgrammeCategory, ['os_req' | 'office_req' | 'security_req', 'os_cov' | 'office_cov' | 'security_cov']> = {
  'operating-system': ['os_req', 'os_cov'],
  'office-suite': ['office_req', 'office_cov'],
  security: ['security_req', 'security_cov'],
};

/**
 * What the figures say about completion: each required category's rate
 * against the threshold (a category with nothing to license counts as met);
 * an organization without devices has no evidence at all.
 */
export function evidenceOf(f: EvidenceFigures | undefined, categories: readonly ProgrammeCategory[], threshold: number): Evidence {
  const devices = Number(f?.devices ?? 0);
  const cats = categories.map((category) => {
    const [rq, cv] = COLUMNS[category];
    const required = Number(f?.[rq] ?? 0);
    const covered = Number(f?.[cv] ?? 0);
    const rate = required === 0 ? null : covered / required;
    // Compared on integers: covered/required ≥ threshold without rounding surprises at 100 %.
    const met = required === 0 || covered >= Math.ceil(threshold * required - 1e-9);
    return { category, required, covered, rate, met };
  });
  return { kind: 'figures', threshold, devices, categories: cats, met: devices > 0 && cats.every((c) => c.met), exceptionId: null };
}

export const percent = (v: number) => `${(Math.floor(v * 1000) / 10).toFixed(1)}%`;

/** Field errors that say why the figures are not evidence: no devices, or each category below the threshold with its rate. */
export function evidenceProblems(e: Evidence): ServiceFieldError[] {
  if (e.devices === 0) return [{ path: 'evidence', key: 'campaign.evidence.none' }];
  return e.categories
    .filter((c) => !c.met)
    .map((c) => ({ path: `evidence.${c.category}`, key: 'campaign.evidence.below' as const, params: { category: CATEGORY_LABELS[c.category], rate: percent(c.rate ?? 0), threshold: percent(e.threshold) } }));
}
