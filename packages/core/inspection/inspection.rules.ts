import type { FindingSeverity, FindingStatus, LicenceClass, SoftwareCategory } from '../../contracts/index.ts';

/**
 * The pure rules of supervision inspections (督查): the reproducible
 * stratified sample of organizations and computers, the ranking of the
 * slowest provinces for a special inspection, and the severity and fix
 * deadline of a finding.
 */

// ——— seeded randomness ———

/**
 * A 32-bit seed from a seed and a label (FNV-1a over both), so each stratum
 * and each organization draws from its own stream: adding an organization
 * to one level does not reshuffle another level.
 */
export function streamSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  const s = `${seed}:${label}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast PRNG with a 32-bit state; returns numbers in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * `k` items drawn without replacement (partial Fisher–Yates) from `ids`,
 * sorted first so the draw does not depend on the order they were read in.
 * The result is in draw order.
 */
export function drawIds(ids: readonly string[], k: number, seed: number): string[] {
  const pool = [...new Set(ids)].sort(cmp);
  const n = Math.min(Math.max(0, k), pool.length);
  const rand = prng(seed);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

// ——— stratified sample ———

/**
 * Proportional allocation of `n` draws to strata of the given sizes, with at
 * least one from every non-empty stratum (so `n` is raised to the number of
 * non-empty strata when smaller) and never more than a stratum holds.
 * Quotas n·Nₕ/N are rounded down (at least 1), then the draws left go to the
 * largest remainders, ties to the first stratum listed; if the minimum of one
 * overshot, draws are taken back from the strata most above their quota.
 */
export function allocate(sizes: Readonly<Record<string, number>>, n: number): Record<string, number> {
  const strata = Object.keys(sizes).filter((k) => (sizes[k] ?? 0) > 0);
  const out: Record<string, number> = Object.fromEntries(Object.keys(sizes).map((k) => [k, 0]));
  const total = strata.reduce((s, k) => s + sizes[k]!, 0);
  if (total === 0) return out;
  const target = Math.min(total, Math.max(n, strata.length));
  const quota = new Map(strata.map((k) => [k, (target * sizes[k]!) / total]));
  for (const k of strata) out[k] = Math.min(sizes[k]!, Math.max(1, Math.floor(quota.get(k)!)));
  let sum = strata.reduce((s, k) => s + out[k]!, 0);
  while (sum < target) {
    let best: string | null = null;
    for (const k of strata) if (out[k]! < sizes[k]! && (best === null || quota.get(k)! - out[k]! > quota.get(best)! - out[best]!)) best = k;
    if (best === null) break;
    out[best]!++;
    sum++;
  }
  while (sum > target) {
    let best: string | null = null;
    for (const k of strata) if (out[k]! > 1 && (best === null || out[k]! - quota.get(k)! > out[best]! - quota.get(best)!)) best = k;
    if (best === null) break;
    out[best]!--;
    sum--;
  }
  return out;
}

/** An organization that may be drawn, with its stratum (its level). */
export interface Candidate {
  id: string;
  stratum: string;
}

export interface StratifiedSample {
  /** draws per stratum */
  allocation: Record<string, number>;
  /** candidates per stratum */
  population: Record<string, number>;
  /** the drawn organizations, stratum by stratum (in `strata` order), each stratum in draw order */
  picks: { id: string; stratum: string; position: number }[];
}

/**
 * The stratified sample of `n` organizations: allocation in proportion to
 * the strata (see `allocate`), then a draw within each stratum from its own
 * seeded stream. The same seed and candidates give the same sample.
 */
export function stratifiedSample(candidates: readonly Candidate[], strata: readonly string[], n: number, seed: number): StratifiedSample {
  const byStratum = new Map<string, string[]>(strata.map((s) => [s, []]));
  for (const c of candidates) byStratum.get(c.stratum)?.push(c.id);
  const population = Object.fromEntries(strata.map((s) => [s, byStratum.get(s)!.length]));
  const allocation = allocate(population, n);
  const picks: StratifiedSample['picks'] = [];
  for (const s of strata) for (const id of drawIds(byStratum.get(s)!, allocation[s]!, streamSeed(seed, `stratum:${s}`))) picks.push({ id, stratum: s, position: picks.length + 1 });
  return { allocation, population, picks };
}

/** The computers to check in one sampled organization: `k` of its devices, from the organization's own stream. */
export function deviceSample(deviceIds: readonly string[], k: number, seed: number, orgId: string): string[] {
  return drawIds(deviceIds, k, streamSeed(seed, `org:${orgId}`));
}

// ——— slowest provinces ———

const DAY_MS = 86_400_000;
const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

/**
 * The share of the time from the campaign's start to a deadline that has
 * passed on `today`, between 0 and 1 (a deadline on or before the start
 * counts as fully elapsed once the start has passed).
 */
export function elapsedShare(start: string, deadline: string, today: string): number {
  const total = dayNumber(deadline) - dayNumber(start);
  const gone = dayNumber(today) - dayNumber(start);
  if (total <= 0) return gone >= 0 ? 1 : 0;
  return Math.min(1, Math.max(0, gone / total));
}

/** One agency of a campaign as the ranking sees it. */
export interface ProgressFact {
  provinceCode: string;
  deadline: string;
  done: boolean;
}

export interface ProvinceRank {
  regionCode: string;
  rank: number;
  inScope: number;
  done: number;
  completionShare: number;
  elapsedShare: number;
  /** elapsedShare − completionShare: positive when behind schedule */
  gap: number;
}

/**
 * Provinces ranked from the slowest: how far their completion share
 * (agencies done ÷ in scope) lags behind the share of the time to the
 * deadline already gone (averaged over their agencies, each with its own
 * level's deadline). Largest gap first, then lowest completion, then code.
 */
export function rankProvinces(facts: readonly ProgressFact[], start: string, today: string): ProvinceRank[] {
  const acc = new Map<string, { inScope: number; done: number; elapsed: number }>();
  for (const f of facts) {
    let a = acc.get(f.provinceCode);
    if (!a) acc.set(f.provinceCode, (a = { inScope: 0, done: 0, elapsed: 0 }));
    a.inScope++;
    if (f.done) a.done++;
    a.elapsed += elapsedShare(start, f.deadline, today);
  }
  const rows = [...acc.entries()].map(([regionCode, a]) => {
    const completionShare = a.done / a.inScope;
    const elapsed = a.elapsed / a.inScope;
    return { regionCode, rank: 0, inScope: a.inScope, done: a.done, completionShare, elapsedShare: elapsed, gap: elapsed - completionShare };
  });
  rows.sort((x, y) => y.gap - x.gap || x.completionShare - y.completionShare || cmp(x.regionCode, y.regionCode));
  rows.forEach((r, i) => (r.rank = i + 1));
  return rows;
}

// ——— findings ———

/** Days to fix a finding, by severity. */
export const FIX_DAYS: Record<FindingSeverity, number> = { high: 15, medium: 30, low: 60 };

/**
 * The severity of an unlicensed install: the programme's core software
 * (operating systems and office suites) is high, security software and
 * other commercial software medium, the rest (trial, unknown) low.
 */
export function severityOf(i: { category: SoftwareCategory | null; licenceClass: LicenceClass }): FindingSeverity {
  if (i.category === 'operating-system' || i.category === 'office-suite') return 'high';
  if (i.category === 'security' || i.licenceClass === 'commercial') return 'medium';
  return 'low';
}

/** The day `days` after `day` (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The fix deadline of a finding found on `day`. */
export function fixDeadline(day: string, severity: FindingSeverity): string {
  return addDays(day, FIX_DAYS[severity]);
}

/** Follow-up moves: the organization reports a fix, the inspector verifies it or sends it back. */
const NEXT: Record<FindingStatus, readonly FindingStatus[]> = { open: ['rectifying', 'verified'], rectifying: ['open', 'verified'], verified: [] };

export function canFollow(from: FindingStatus, to: FindingStatus): boolean {
  return NEXT[from].includes(to);
}

