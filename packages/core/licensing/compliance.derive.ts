import type { SoftwareCategory } from '../../contracts/recognition.ts';
import type { GapRow, OrgFiguresRow, PositionRow, UsageRow } from '../../storage/repositories/index.ts';
import { PROGRAMME_CATEGORIES } from './legalization.rules.ts';
import { REASON_RANK } from './licensing.eligibility.ts';
import type { ColumnAllocation } from './licensing.engine.ts';
import { UNCOVERED_REASONS, type EntitlementUsage, type InstallCoverage, type Position, type UncoveredReason } from './licensing.types.ts';

/**
 * From the allocation's results to the stored rows: positions with their
 * per-category counts, devices with gaps, the use of each entitlement, and
 * the figures of an organization derived from its stored positions and gaps.
 * The same functions serve the full recomputation and the incremental one,
 * so both store the same rows for the same estate.
 */

const key = (orgId: string, productKey: string) => `${orgId}\u0000${productKey}`;

/** `category:required:covered` for each category of the position's installs, in a fixed order. */
export function encodeCategories(counts: ReadonlyMap<string, { req: number; cov: number }>): string {
  return [...counts.keys()]
    .sort()
    .map((c) => `${c}:${counts.get(c)!.req}:${counts.get(c)!.cov}`)
    .join(',');
}

export function decodeCategories(s: string): Map<string, { req: number; cov: number }> {
  const out = new Map<string, { req: number; cov: number }>();
  if (!s) return out;
  for (const part of s.split(',')) {
    const [c, req, cov] = part.split(':');
    out.set(c!, { req: Number(req), cov: Number(cov) });
  }
  return out;
}

/** Stored rows of a set of positions and the coverage of their installs (only the positions given are kept). */
export function resultRows(positions: readonly Position[], coverage: readonly InstallCoverage[], usage: readonly EntitlementUsage[]): { positions: PositionRow[]; gaps: GapRow[]; usage: UsageRow[] } {
  const cats = new Map<string, Map<string, { req: number; cov: number }>>();
  const gaps = new Map<string, { org_id: string; product_key: string; device_id: string; uncovered: number; reason: UncoveredReason }>();
  for (const c of coverage) {
    if (c.status === 'not-required') continue;
    const k = key(c.orgId, c.productKey);
    let m = cats.get(k);
    if (!m) cats.set(k, (m = new Map()));
    const cat = c.category ?? 'unknown';
    let t = m.get(cat);
    if (!t) m.set(cat, (t = { req: 0, cov: 0 }));
    t.req++;
    if (c.status === 'covered') t.cov++;
    else {
      const gk = `${k}\u0000${c.deviceId}`;
      const g = gaps.get(gk);
      if (!g) gaps.set(gk, { org_id: c.orgId, product_key: c.productKey, device_id: c.deviceId, uncovered: 1, reason: c.reason! });
      else {
        g.uncovered++;
        // The closest miss names the gap, whatever the order of the installs.
        if (REASON_RANK[c.reason!] > REASON_RANK[g.reason]) g.reason = c.reason!;
      }
    }
  }
  const wanted = new Set(positions.map((p) => key(p.orgId, p.productKey)));
  return {
    positions: positions.map((p) => positionRow(p, encodeCategories(cats.get(key(p.orgId, p.productKey)) ?? new Map()))),
    gaps: [...gaps.values()].filter((g) => wanted.has(key(g.org_id, g.product_key))).sort((a, b) => (a.org_id < b.org_id ? -1 : a.org_id > b.org_id ? 1 : a.product_key < b.product_key ? -1 : a.product_key > b.product_key ? 1 : a.device_id < b.device_id ? -1 : a.device_id > b.device_id ? 1 : 0)),
    usage: usage.map(usageRow),
  };
}

/** Installs needing / having a licence per category of one position (what its `categories` column encodes). */
export type CategoryCounts = ReadonlyMap<string, { req: number; cov: number }>;

/**
 * The stored rows of a columnar allocation, equal to `resultRows(positions,
 * coverageRows(table), usage)` of the same allocation, without a row per
 * install: each position's installs are adjacent and ordered by device, so
 * categories and gaps are counted in one pass. `keep` limits the positions
 * (and their gaps) to some groups; `cats` holds each kept position's
 * category counts for `figuresFrom`.
 */
export function allocationRows(a: ColumnAllocation, keep?: (orgId: string, productKey: string) => boolean): { positions: PositionRow[]; cats: CategoryCounts[]; gaps: GapRow[]; usage: UsageRow[] } {
  return { ...positionRows(a, 0, a.positions.length, keep), usage: usageRows(a) };
}

/** The use of each entitlement of an allocation, as stored. */
export const usageRows = (a: ColumnAllocation): UsageRow[] => a.usage.map(usageRow);

/** The category name of each title of an allocation (what `positionRows` counts by; compute once for many calls). */
export const categoryNames = (a: ColumnAllocation): string[] => a.src.titles.map((t) => t.category ?? 'unknown');

/**
 * The rows of the positions `a.positions[from .. to)` (see `allocationRows`):
 * the full recomputation derives one organization's rows at a time, so no
 * row of the estate outlives its comparison.
 */
export function positionRows(
  a: ColumnAllocation,
  from: number,
  to: number,
  keep?: (orgId: string, productKey: string) => boolean,
  catName: readonly string[] = categoryNames(a),
): { positions: PositionRow[]; cats: CategoryCounts[]; gaps: GapRow[] } {
  const { src, g, req, coveredBy, reason } = a;
  const positions: PositionRow[] = [];
  const cats: CategoryCounts[] = [];
  const gaps: GapRow[] = [];
  for (let i = from; i < to; i++) {
    const p = a.positions[i]!;
    if (keep && !keep(p.orgId, p.productKey)) continue;
    const k = a.positionGroups[i]!;
    const m = new Map<string, { req: number; cov: number }>();
    let lastDevice = -1;
    let gap: GapRow | null = null;
    for (let q = g.reqStart[k]!; q < g.reqStart[k + 1]!; q++) {
      const r = req[q]!;
      const name = catName[src.title[r]!]!;
      let t = m.get(name);
      if (!t) m.set(name, (t = { req: 0, cov: 0 }));
      t.req++;
      if (g.deviceRank[r] !== lastDevice) {
        lastDevice = g.deviceRank[r]!;
        gap = null;
      }
      if (coveredBy[r]! >= 0) {
        t.cov++;
        continue;
      }
      const why = UNCOVERED_REASONS[reason[r]!]!;
      if (gap === null) gaps.push((gap = { org_id: p.orgId, product_key: p.productKey, device_id: src.deviceIds[src.device[r]!]!, uncovered: 1, reason: why }));
      else {
        gap.uncovered++;
        if (REASON_RANK[why] > REASON_RANK[gap.reason as UncoveredReason]) gap.reason = why;
      }
    }
    positions.push(positionRow(p, encodeCategories(m)));
    cats.push(m);
  }
  return { positions, cats, gaps };
}

/**
 * What `orgResultLines` needs of an allocation, prepared once: each title's
 * category as a code (codes in name order, so a position's categories come
 * out sorted as `encodeCategories` sorts them) and work arrays.
 */
export interface DeriveScratch {
  /** per title: its category's code */
  catOf: Int32Array;
  /** per code: the category name ('unknown' for none) */
  catNames: string[];
  /** per code: the programme columns it counts in, null for none */
  catCols: (readonly ['os_req' | 'office_req' | 'security_req', 'os_cov' | 'office_cov' | 'security_cov'] | null)[];
  req: Int32Array;
  cov: Int32Array;
  /** per device rank: the last organization (a running number) with a gap on it */
  gapSeen: Int32Array;
  org: number;
}

/** `DeriveScratch` of an allocation (once per recomputation, for all its organizations). */
export function deriveScratch(a: ColumnAllocation): DeriveScratch {
  const names = categoryNames(a);
  const catNames = [...new Set(names)].sort();
  const code = new Map(catNames.map((c, i) => [c, i]));
  return {
    catOf: Int32Array.from(names, (n) => code.get(n)!),
    catNames,
    catCols: catNames.map((c) => CATEGORY_COLUMNS[c as keyof typeof CATEGORY_COLUMNS] ?? null),
    req: new Int32Array(catNames.length),
    cov: new Int32Array(catNames.length),
    gapSeen: new Int32Array(a.g.devices).fill(-1),
    org: 0,
  };
}

/** Empty figures of an organization, for `orgResultLines` to add its positions to and `finishFigures` to close. */
export function emptyFigures(orgId: string, regionCode: string, devices: number, devicesRequiring: number): OrgFiguresRow {
  return figuresFrom(orgId, regionCode, [], [], 0, devices, devicesRequiring);
}

/** Figures after `orgResultLines`: devices with a gap out of the compliant ones, the cost rounded (as `figuresFrom` ends). */
export function finishFigures(f: OrgFiguresRow, gapDevices: number): OrgFiguresRow {
  f.compliant_devices = f.devices - gapDevices;
  if (f.shortfall_cost !== null) f.shortfall_cost = Math.round(f.shortfall_cost * 100) / 100;
  return f;
}

/**
 * Where `orgResultLines` writes lines, field by field: `field` starts a
 * field (after a separator unless it is the line's first), `more` goes on
 * with the same field, `end` ends the line. The stored results' checks
 * (`StoredResults` in the repository: a `LineDigest`) digest them as they
 * come; a test may join them.
 */
export interface LineSink {
  field(s: string): void;
  more(s: string): void;
  /** a field that is an integer, as String(n) writes it */
  int(n: number): void;
  /**
   * `field(s)` for a text that recurs (a product key, a device id, a
   * reason), `id` the caller's number for that text (the same for the same
   * text, ≥ 0): a sink may keep what it made of it by that number.
   */
  key(s: string, id: number): void;
  end(): void;
}

/**
 * The lines of one organization's positions `a.positions[from .. to)` and
 * of their gaps, as `positionLine` and `gapLine` write the rows of
 * `positionRows`, in the same order; the positions' figures are added to
 * `f` (as `figuresFrom` adds them). The full recomputation digests the
 * lines as they come, field by field, and compares the digests with the
 * stored texts': no row object, no category map, no line text, so the
 * estate's hundreds of thousands of positions and gaps leave little
 * garbage. Returns the number of distinct
 * devices with a gap.
 */
export function orgResultLines(a: ColumnAllocation, from: number, to: number, s: DeriveScratch, f: OrgFiguresRow, positions: LineSink, gaps: LineSink): number {
  const { src, g, req, coveredBy, reason } = a;
  const { catOf, catNames, catCols, gapSeen } = s;
  const org = ++s.org;
  let gapDevices = 0;
  // Numbers of the recurring fields (LineSink.key): devices, then products, then reasons.
  const productKey0 = src.deviceIds.length;
  const reasonKey0 = productKey0 + g.products;
  for (let i = from; i < to; i++) {
    const p = a.positions[i]!;
    const k = a.positionGroups[i]!;
    const q1 = g.reqStart[k + 1]!;
    let lastDevice = -1;
    let gapDevice = -1;
    let uncovered = 0;
    let why = 0;
    for (let q = g.reqStart[k]!; q <= q1; q++) {
      const r = q < q1 ? req[q]! : -1;
      // A device's installs are adjacent: its gap is written when the next device (or the end) comes.
      if (r < 0 || g.deviceRank[r] !== lastDevice) {
        if (uncovered > 0) {
          gaps.key(p.productKey, productKey0 + g.product[k]!);
          gaps.key(src.deviceIds[gapDevice]!, gapDevice);
          gaps.int(uncovered);
          gaps.key(UNCOVERED_REASONS[why]!, reasonKey0 + why);
          gaps.end();
          if (gapSeen[lastDevice] !== org) (gapSeen[lastDevice] = org), gapDevices++;
        }
        if (r < 0) break;
        lastDevice = g.deviceRank[r]!;
        uncovered = 0;
      }
      const c = catOf[src.title[r]!]!;
      s.req[c]!++;
      if (coveredBy[r]! >= 0) {
        s.cov[c]!++;
        continue;
      }
      // The closest miss names the gap (reasons are coded by rank).
      if (uncovered++ === 0 || reason[r]! > why) why = reason[r]!;
      gapDevice = src.device[r]!;
    }
    positions.key(p.productKey, productKey0 + g.product[k]!);
    positions.int(p.installs);
    positions.int(p.coveredInstalls);
    positions.int(p.installedDevices);
    positions.int(p.users);
    if (p.entitled === null) positions.field('-');
    else positions.int(p.entitled);
    positions.field(p.unlimited ? '1' : '0');
    positions.int(p.entitledLimited);
    positions.int(p.consumed);
    positions.int(p.shortfall);
    if (p.surplus === null) positions.field('-');
    else positions.int(p.surplus);
    micro(positions, p.unitPrice);
    if (p.currency === null) positions.field('-');
    else positions.field('='), positions.more(p.currency);
    micro(positions, p.estimatedShortfallCost);
    // Categories in name order (`encodeCategories`), counted into the figures and cleared.
    let first = true;
    for (let c = 0; c < catNames.length; c++) {
      const n = s.req[c]!;
      if (n === 0) continue;
      const m = s.cov[c]!;
      if (first) positions.field(catNames[c]!), (first = false);
      else positions.more(','), positions.more(catNames[c]!);
      positions.more(':');
      positions.more(intText(n));
      positions.more(':');
      positions.more(intText(m));
      f.overall_req += n;
      f.overall_cov += m;
      const cols = catCols[c];
      if (cols) {
        f.programme_req += n;
        f.programme_cov += m;
        f[cols[0]] += n;
        f[cols[1]] += m;
      }
      s.req[c] = 0;
      s.cov[c] = 0;
    }
    if (first) positions.field('');
    positions.end();
    if (p.installs > 0) f.products++;
    f.shortfall += p.shortfall;
    if (p.estimatedShortfallCost !== null) f.shortfall_cost = (f.shortfall_cost ?? 0) + p.estimatedShortfallCost;
  }
  return gapDevices;
}

/** A price as the database writes it: in millionths, '-' for none. */
const micro = (sink: LineSink, n: number | null): void => (n === null ? sink.field('-') : sink.int(Math.round(n * 1000000)));

/** Texts of small counts, made once: an estate's lines hold millions of counts, mostly small. */
const SMALL_TEXTS = Array.from({ length: 1024 }, (_, i) => String(i));
const intText = (n: number): string => (n >= 0 && n < 1024 && Number.isInteger(n) ? SMALL_TEXTS[n]! : String(n));

function positionRow(p: Position, categories: string): PositionRow {
  return {
    org_id: p.orgId,
    product_key: p.productKey,
    installs: p.installs,
    covered_installs: p.coveredInstalls,
    installed_devices: p.installedDevices,
    users: p.users,
    entitled: p.entitled,
    unlimited: p.unlimited ? 1 : 0,
    entitled_limited: p.entitledLimited,
    consumed: p.consumed,
    shortfall: p.shortfall,
    surplus: p.surplus,
    unit_price: p.unitPrice,
    currency: p.currency,
    shortfall_cost: p.estimatedShortfallCost,
    categories,
  };
}

const usageRow = (u: EntitlementUsage): UsageRow => ({ entitlement_id: u.entitlementId, quantity: u.quantity, consumed: u.consumed, remaining: u.remaining, covered_installs: u.coveredInstalls, validity: u.validity });

const CATEGORY_COLUMNS: Record<(typeof PROGRAMME_CATEGORIES)[number], ['os_req' | 'office_req' | 'security_req', 'os_cov' | 'office_cov' | 'security_cov']> = {
  'operating-system': ['os_req', 'os_cov'],
  'office-suite': ['office_req', 'office_cov'],
  security: ['security_req', 'security_cov'],
};

/**
 * The figures of one organization from its stored positions and gaps and
 * its device counts (devices with any install; devices with an install that
 * needs a licence). Definitions: docs/METRICS.md.
 */
export function orgFiguresOf(orgId: string, regionCode: string, positions: readonly PositionRow[], gaps: readonly Pick<GapRow, 'device_id'>[], devices: number, devicesRequiring: number): OrgFiguresRow {
  return figuresFrom(orgId, regionCode, positions, positions.map((p) => decodeCategories(p.categories)), new Set(gaps.map((g) => g.device_id)).size, devices, devicesRequiring);
}

/** `orgFiguresOf` given each position's category counts (`cats[i]` of `positions[i]`) and the number of distinct devices with a gap. */
export function figuresFrom(orgId: string, regionCode: string, positions: readonly PositionRow[], cats: readonly CategoryCounts[], gapDevices: number, devices: number, devicesRequiring: number): OrgFiguresRow {
  const f: OrgFiguresRow = {
    org_id: orgId,
    region_code: regionCode,
    overall_req: 0,
    overall_cov: 0,
    programme_req: 0,
    programme_cov: 0,
    os_req: 0,
    os_cov: 0,
    office_req: 0,
    office_cov: 0,
    security_req: 0,
    security_cov: 0,
    devices,
    devices_requiring: devicesRequiring,
    compliant_devices: devices - gapDevices,
    products: 0,
    shortfall: 0,
    shortfall_cost: null,
  };
  positions.forEach((p, i) => addPositionFigures(f, p, cats[i]!, 1));
  if (f.shortfall_cost !== null) f.shortfall_cost = Math.round(f.shortfall_cost * 100) / 100;
  return f;
}

/** Adds (`sign` 1) or takes away (−1) one position's share of its organization's figures: what `figuresFrom` sums. */
function addPositionFigures(f: OrgFiguresRow, p: PositionRow, cats: CategoryCounts, sign: 1 | -1): void {
  if (Number(p.installs) > 0) f.products += sign;
  f.shortfall += sign * Number(p.shortfall);
  if (p.shortfall_cost !== null) f.shortfall_cost = (f.shortfall_cost ?? 0) + sign * Number(p.shortfall_cost);
  for (const [cat, t] of cats) {
    f.overall_req += sign * t.req;
    f.overall_cov += sign * t.cov;
    const cols = CATEGORY_COLUMNS[cat as keyof typeof CATEGORY_COLUMNS];
    if (cols) {
      f.programme_req += sign * t.req;
      f.programme_cov += sign * t.cov;
      f[cols[0]] += sign * t.req;
      f[cols[1]] += sign * t.cov;
    }
  }
}

const DELTA_FIELDS = ['overall_req', 'overall_cov', 'programme_req', 'programme_cov', 'os_req', 'os_cov', 'office_req', 'office_cov', 'security_req', 'security_cov', 'products', 'shortfall'] as const;

/**
 * An organization's figures after some of its positions changed, from its
 * stored figures: each changed group's stored position (`before`) taken
 * away, its new one (`after`) added — equal to `figuresFrom` over all its
 * positions (sums of integers; the shortfall cost is a sum of cents,
 * rounded again). Null when the stored figures cannot tell: a priced
 * position goes away (whether a price remains decides between 0 and none).
 */
export function figuresAfter(
  stored: OrgFiguresRow,
  regionCode: string,
  changes: readonly { before?: { p: PositionRow; cats: CategoryCounts }; after?: { p: PositionRow; cats: CategoryCounts } }[],
  gapDevices: number,
  devices: number,
  devicesRequiring: number,
): OrgFiguresRow | null {
  const f = { ...stored, region_code: regionCode, devices, devices_requiring: devicesRequiring, compliant_devices: devices - gapDevices, shortfall_cost: stored.shortfall_cost === null ? null : Number(stored.shortfall_cost) };
  for (const k of DELTA_FIELDS) f[k] = Number(stored[k]);
  for (const c of changes) {
    if (c.before && c.before.p.shortfall_cost !== null && (!c.after || c.after.p.shortfall_cost === null)) return null;
    if (c.before) addPositionFigures(f, c.before.p, c.before.cats, -1);
    if (c.after) addPositionFigures(f, c.after.p, c.after.cats, 1);
  }
  if (f.shortfall_cost !== null) f.shortfall_cost = Math.round(f.shortfall_cost * 100) / 100;
  return f;
}

export type { SoftwareCategory };
