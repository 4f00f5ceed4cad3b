import { sql, type Transaction } from 'kysely';
import type { Database } from '../../storage/database.ts';
import type { DB } from '../../storage/schema.ts';
import { repositories, type GapRow, type OrgFiguresRow, type PositionRow, type TaskRow, type TrendRow, type UsageRow } from '../../storage/repositories/index.ts';
import { cstDay } from '../dates.ts';
import { nowIso } from '../ids.ts';
import { allocationRows, categoryNames, decodeCategories, deriveScratch, emptyFigures, figuresAfter, figuresFrom, finishFigures, orgResultLines, positionRows, usageRows, type CategoryCounts } from './compliance.derive.ts';
import { loadEntitlements, loadInstallColumns, loadInstalls, loadOrgNodes, type DeviceCounts } from './compliance.estate.ts';
import { ComplianceMemo } from './compliance.memo.ts';
import { regionAncestors } from './legalization.rules.ts';
import { addGroup, buildPoolIndex, entitlementsForPool, groupsServedBy, linksOf, poolOf, type PoolIndex } from './licensing.pools.ts';
import { priceBook } from './licensing.prices.ts';
import { allocateColumns } from './licensing.engine.ts';
import { allocateTable, coverageRows } from './licensing.rules.ts';
import type { InstallColumns } from './licensing.groups.ts';
import type { Entitlement, GroupKey, InstallCoverage, OrgNode, PriceBook } from './licensing.types.ts';

/** Lock key serializing compliance writers on PostgreSQL (SQLite has one writer anyway). */
const COMPLIANCE_LOCK = 7_700_005;

const gk = (orgId: string, productKey: string) => `${orgId}\u0000${productKey}`;

export interface RecomputeOutcome {
  day: string;
  installs: number;
  positions: number;
  orgs: number;
  differences: string[];
  differenceCount: number;
  written: boolean;
  tasksClosed: number;
  ms: number;
  /** Where the time went: reading the estate (all its parts at once) and allocating; the rest is comparing, figures and writing. */
  phases: { readMs: number; allocateMs: number };
}

/** What changed: groups (organization × product) whose installs changed, organizations whose device counts may have, entitlements. */
export interface RefreshChange {
  /** organization × products whose installs changed (an inventory: the device's changed products) */
  groups?: readonly GroupKey[];
  /** organizations whose devices changed (counts of devices): their figures are rewritten */
  countOrgs?: readonly string[];
  /** every group of these organizations (a device approved or removed) */
  orgIds?: readonly string[];
  /** entitlements of these products changed: every group of them (pass the products before and after an edit) */
  productKeys?: readonly string[];
  /** the entitlements themselves (their use is rewritten) */
  entitlementIds?: readonly string[];
  /** recompute everything (the organization tree changed: scopes of every entitlement may have) */
  full?: boolean;
}

export interface RefreshOutcome {
  day: string;
  groups: number;
  installs: number;
  changedOrgs: string[];
  tasksClosed: number;
  full: boolean;
}

/** The stored results' part of the cache signature. */
const stateSignature = (computedAt: unknown, fullAt: unknown) => `${computedAt ?? ''}/${fullAt ?? ''}`;

/** Region trend subject of a region code. */
export const regionSubject = (code: string) => `R:${code}`;

const FIGURE_FIELDS = ['overall_req', 'overall_cov', 'programme_req', 'programme_cov', 'os_req', 'os_cov', 'office_req', 'office_cov', 'security_req', 'security_cov', 'devices', 'devices_requiring', 'compliant_devices', 'products', 'shortfall'] as const;

function sameRow(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const k of Object.keys(a)) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (x === null || y === null || x === undefined || y === undefined) return false;
    if (typeof x === 'number' || typeof y === 'number') {
      if (Math.abs(Number(x) - Number(y)) > 1e-6) return false;
    } else if (String(x) !== String(y)) return false;
  }
  return true;
}

const TREND_SUMS = ['overall_req', 'overall_cov', 'programme_req', 'programme_cov', 'os_req', 'os_cov', 'office_req', 'office_cov', 'security_req', 'security_cov', 'devices', 'compliant_devices'] as const;

/** Whether two rows of a position add the same to their organization's figures (`figuresFrom`: products, shortfall and its cost, categories). */
function sameFigures(a: PositionRow, b: PositionRow): boolean {
  const cost = (x: PositionRow) => (x.shortfall_cost === null ? null : Number(x.shortfall_cost));
  const [x, y] = [cost(a), cost(b)];
  return (Number(a.installs) > 0) === (Number(b.installs) > 0) && Number(a.shortfall) === Number(b.shortfall) && (x === y || (x !== null && y !== null && Math.abs(x - y) <= 1e-6)) && a.categories === b.categories;
}

/** Sums of organization figures per region node (national, province, prefecture, county). */
export function regionTrendRows(figures: readonly OrgFiguresRow[], day: string, only?: ReadonlySet<string>): TrendRow[] {
  const acc = new Map<string, TrendRow>();
  for (const f of figures) {
    for (const { regionCode } of regionAncestors(f.region_code)) {
      if (only && !only.has(regionCode)) continue;
      let t = acc.get(regionCode);
      if (!t) acc.set(regionCode, (t = { subject: regionSubject(regionCode), day, overall_req: 0, overall_cov: 0, programme_req: 0, programme_cov: 0, os_req: 0, os_cov: 0, office_req: 0, office_cov: 0, security_req: 0, security_cov: 0, devices: 0, compliant_devices: 0 }));
      for (const k of TREND_SUMS) t[k] += Number(f[k]);
    }
  }
  return [...acc.values()];
}

const orgTrendRow = (f: OrgFiguresRow, day: string): TrendRow => {
  const t = { subject: f.org_id, day } as TrendRow;
  for (const k of TREND_SUMS) t[k] = Number(f[k]);
  return t;
};

/** A pool with the entitlements its recomputation needs (`entitlementsForPool`). */
interface CachedPool {
  groups: GroupKey[];
  entitlementIds: string[];
  needed: string[];
}

/** The pool of a group, found once per index: a regional pool's groups are searched again only when a group joins. */
function cachedPool(c: { index: PoolIndex; pools: Map<string, CachedPool> }, g: GroupKey): CachedPool {
  const hit = c.pools.get(gk(g.orgId, g.productKey));
  if (hit) return hit;
  const pool = poolOf(c.index, g);
  const out: CachedPool = { groups: pool.groups, entitlementIds: pool.entitlementIds, needed: entitlementsForPool(c.index, pool) };
  for (const x of pool.groups) c.pools.set(gk(x.orgId, x.productKey), out);
  c.pools.set(gk(g.orgId, g.productKey), out);
  return out;
}

/**
 * The compliance engine over the database: recomputes everything (full), or
 * only the pools a change touches (incremental), and stores positions, gaps,
 * entitlement use, organization figures and the day's trend. Both paths
 * derive the stored rows with the same functions (compliance.derive.ts), so
 * an incremental update leaves exactly what a full recomputation would.
 *
 * Positions depend on the day (subscriptions expire): results are stored
 * with their evaluation day, and the first change on a new day recomputes
 * everything.
 */
export class ComplianceEngine {
  /** Cached between changes: the pool index and what it was built from. */
  private cache: {
    signature: string;
    orgs: OrgNode[];
    entitlements: Entitlement[];
    byId: Map<string, Entitlement>;
    prices: PriceBook;
    index: PoolIndex;
    groups: Set<string>;
    /** pools found so far, under each of their groups (forgotten when a group joins the index) */
    pools: Map<string, CachedPool>;
  } | null = null;
  /** The installs and stored rows known since the last full recomputation (compliance.memo.ts); null: read them. */
  private memo: ComplianceMemo | null = null;
  /** The evaluation day; tests and `--at` set it, otherwise today in China Standard Time. */
  clock: () => string = () => cstDay(nowIso());

  constructor(private readonly database: Database) {}

  private pending: { full: boolean; groups: Map<string, GroupKey>; countOrgs: Set<string>; orgIds: Set<string>; productKeys: Set<string>; entitlementIds: Set<string> } | null = null;
  private running: Promise<void> | null = null;
  /** Errors of background refreshes (logged by the caller; a later change or `recompute` repairs). */
  onError: (e: unknown) => void = (e) => console.error('compliance refresh failed:', e);

  /**
   * How long a queued refresh waits for more changes before it runs. Each
   * refresh also rewrites the told organizations' figures and today's trend
   * rows: under a steady stream of inventories (about one every 5 ms per
   * server at the replay's rate) waiting a moment merges several into one
   * refresh, instead of paying those writes for each (measured: ~0.6 ms of
   * the server's main thread per inventory). Positions still follow an
   * inventory within a few tens of milliseconds.
   */
  mergeWindowMs = 25;

  /**
   * Queues a refresh and returns at once: inventories do not wait for it.
   * Changes queued within the merge window, or while a refresh runs, are
   * merged into the next, so a burst of inventories costs a few refreshes,
   * not one each.
   */
  schedule(change: RefreshChange): void {
    this.pending ??= { full: false, groups: new Map(), countOrgs: new Set(), orgIds: new Set(), productKeys: new Set(), entitlementIds: new Set() };
    if (change.full) this.pending.full = true;
    for (const g of change.groups ?? []) this.pending.groups.set(gk(g.orgId, g.productKey), g);
    for (const x of change.countOrgs ?? []) this.pending.countOrgs.add(x);
    for (const x of change.orgIds ?? []) this.pending.orgIds.add(x);
    for (const x of change.productKeys ?? []) this.pending.productKeys.add(x);
    for (const x of change.entitlementIds ?? []) this.pending.entitlementIds.add(x);
    this.running ??= this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        if (this.mergeWindowMs > 0) await new Promise((r) => setTimeout(r, this.mergeWindowMs));
        const p = this.pending;
        this.pending = null;
        try {
          await this.refresh({ full: p.full, groups: [...p.groups.values()], countOrgs: [...p.countOrgs], orgIds: [...p.orgIds], productKeys: [...p.productKeys], entitlementIds: [...p.entitlementIds] });
        } catch (e) {
          this.onError(e);
        }
      }
    } finally {
      this.running = null;
    }
  }

  /** Resolves when every scheduled refresh is done. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** What the kept pool index was built from, in one query: the day, entitlements, transfers, organizations, and the stored results' state. */
  private async signature(trx: Transaction<DB>, day: string): Promise<{ signature: string; storedDay: string | null }> {
    const r = await sql<Record<'e1' | 'e2' | 't1' | 't2' | 'o1' | 'o2' | 's1' | 's2' | 'sd', unknown>>`select
      (select count(*) from entitlements) as e1, (select max(updated_at) from entitlements) as e2,
      (select count(*) from entitlement_transfers) as t1, (select max(at) from entitlement_transfers) as t2,
      (select count(*) from organizations) as o1, (select max(updated_at) from organizations) as o2,
      (select computed_at from compliance_state where id = 1) as s1, (select full_at from compliance_state where id = 1) as s2,
      (select day from compliance_state where id = 1) as sd`.execute(trx);
    const x = r.rows[0]!;
    const pair = (a: unknown, b: unknown) => `${a ?? ''}/${b ?? ''}`;
    return { signature: [day, pair(x.e1, x.e2), pair(x.t1, x.t2), pair(x.o1, x.o2), pair(x.s1, x.s2)].join('|'), storedDay: x.sd === null || x.sd === undefined ? null : String(x.sd) };
  }

  /** The kept pool index, rebuilt when what it was built from changed (`known`: the signature, when the caller read it already). */
  private async prepare(trx: Transaction<DB>, day: string, known?: string) {
    const sig = known ?? (await this.signature(trx, day)).signature;
    if (this.cache?.signature === sig) return this.cache;
    const [orgs, entitlements, groupRows] = await Promise.all([loadOrgNodes(trx), loadEntitlements(trx), repositories(trx).licensing.groupKeys()]);
    const groups = groupRows.map((g) => ({ orgId: g.org_id, productKey: g.product_key }));
    const index = buildPoolIndex({ groups, entitlements, orgs, at: day });
    this.cache = { signature: sig, orgs, entitlements, byId: new Map(entitlements.map((e) => [e.id, e])), prices: priceBook(entitlements), index, groups: new Set(groups.map((g) => gk(g.orgId, g.productKey))), pools: new Map() };
    return this.cache;
  }

  private async lock<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return this.database.transaction(async (trx) => {
      await this.database.lockForAppend(trx, COMPLIANCE_LOCK);
      return fn(trx);
    });
  }

  /** Recomputes everything when the stored results are of another day (or were never computed). Returns whether it did. */
  async ensureCurrentDay(): Promise<boolean> {
    const state = await repositories(this.database.db).licensing.state();
    if (state?.day === this.clock()) return false;
    await this.recompute();
    return true;
  }

  /** Recomputes every position; with `check`, only compares with the stored results; with `report`, writes and names what it repaired. */
  async recompute(opts: { check?: boolean; report?: boolean } = {}): Promise<RecomputeOutcome> {
    const started = performance.now();
    return this.lock(async (trx) => {
      const day = this.clock();
      const out = await this.fullIn(trx, day, !opts.check, opts.report ?? false);
      return { ...out, ms: Math.round(performance.now() - started) };
    });
  }

  /**
   * `report`: when writing, also name the stored rows that differed (what
   * the recomputation repaired). The installs are read as columns, the
   * stored positions and gaps as a digest of each organization's lines
   * (`storedResultsAside`), beside the transaction while the estate is
   * read and allocated. Each organization's lines are digested from the
   * allocation's columns as they come (no rows, no line text:
   * `orgResultLines`) and compared: an organization whose lines pass is left alone, the
   * others get their rows, compared row by row (when naming differences)
   * and rewritten. Usage, figures and the day's trend rows
   * are compared row by row; only what differs is written. A recomputation
   * of an unchanged estate writes nothing but its state.
   */
  private async fullIn(trx: Transaction<DB>, day: string, write: boolean, report = false): Promise<Omit<RecomputeOutcome, 'ms'>> {
    const t0 = performance.now();
    const repo = repositories(trx, this.database).licensing;
    // The memo goes before the estate is read again (never two estates in memory); a writing recomputation makes the next.
    if (write) this.memo = null;
    // What the allocation's results are compared with is read beside this transaction while the estate is read and allocated
    // (on PostgreSQL other connections, on SQLite the reading worker, after the estate's part).
    const storedResults = repo.storedResultsAside(this.database.db);
    // On PostgreSQL the estate is read on several connections at once (the compliance lock keeps the results' other writers out; installs may change meanwhile as they may during any read).
    const side = repo.beside(this.database.db);
    const sideRepo = repositories(side).licensing;
    const early = { usage: sideRepo.allUsage({ aside: true }), figures: sideRepo.allOrgFigures({ aside: true }), trend: sideRepo.trendOfDay(day, { aside: true }), state: sideRepo.state() };
    for (const p of [storedResults, ...Object.values(early)]) (p as Promise<unknown>).catch(() => {}); // awaited below: a failure before then must not go unhandled
    const [orgs, entitlements, installs, withSoftware] = await Promise.all([loadOrgNodes(side), loadEntitlements(side, { aside: true }), loadInstallColumns(side, 'all'), sideRepo.devicesWithSoftware()]);
    const t1 = performance.now();
    const a = allocateColumns({ installs, entitlements, orgs, at: day });
    const phases = { readMs: Math.round(t1 - t0), allocateMs: Math.round(performance.now() - t1) };

    // Per organization: its positions, `a.positions[p0 .. p1)` (they come ordered by organization).
    const span = new Map<string, { p0: number; p1: number }>();
    for (let i = 0; i < a.positions.length; ) {
      const orgId = a.positions[i]!.orgId;
      const p0 = i;
      while (i < a.positions.length && a.positions[i]!.orgId === orgId) i++;
      span.set(orgId, { p0, p1: i });
    }
    // Devices with an install that needs a licence, per organization (a device belongs to one).
    const requiring = new Map<string, number>();
    const seen = new Uint8Array(installs.deviceIds.length);
    for (let r = 0; r < installs.count; r++) {
      const d = installs.device[r]!;
      if (seen[d]) continue;
      seen[d] = 1;
      const orgId = installs.orgIds[installs.org[r]!]!;
      requiring.set(orgId, (requiring.get(orgId) ?? 0) + 1);
    }

    // One organization at a time: its lines, checked against what is stored as they come, and its figures; rows only for an organization that differs.
    const stored = await storedResults;
    const catName = categoryNames(a);
    const scratch = deriveScratch(a);
    const changed = new Map<string, { positions: PositionRow[]; gaps: GapRow[] }>();
    const derive = (orgId: string, f: OrgFiguresRow): number => {
      const s = span.get(orgId)!;
      const pm = stored.positions(orgId);
      const gm = stored.gaps(orgId);
      const gapDevices = orgResultLines(a, s.p0, s.p1, scratch, f, pm, gm);
      // Other lines (the digests do not depend on the lines' order): the organization's rows are rewritten.
      if (!pm.same || !gm.same) changed.set(orgId, positionRows(a, s.p0, s.p1, undefined, catName));
      return gapDevices;
    };
    const figures: OrgFiguresRow[] = [];
    const derived = new Set<string>();
    for (const o of orgs) {
      const devices = withSoftware.get(o.id) ?? 0;
      const has = span.has(o.id);
      // An organization with no devices and no positions has no figures (it counts in its region, with nothing).
      if (!has && devices === 0) continue;
      const f = emptyFigures(o.id, o.regionCode, devices, requiring.get(o.id) ?? 0);
      let gapDevices = 0;
      if (has) {
        derived.add(o.id);
        gapDevices = derive(o.id, f);
      }
      figures.push(finishFigures(f, gapDevices));
    }
    for (const orgId of span.keys()) if (!derived.has(orgId)) derive(orgId, emptyFigures(orgId, '', 0, 0));
    for (const orgId of stored.orgIds()) if (!span.has(orgId)) changed.set(orgId, { positions: [], gaps: [] });
    const changedOrgs = [...changed.keys()].sort();
    const positions = changedOrgs.flatMap((o) => changed.get(o)!.positions);
    const gaps = changedOrgs.flatMap((o) => changed.get(o)!.gaps);

    const differences: string[] = [];
    let differenceCount = 0;
    // Differences are named when checking or asked to report; a background recomputation just repairs.
    const naming = !write || report;
    const note = (s: string) => {
      if (!naming) return;
      differenceCount++;
      if (differences.length < 50) differences.push(s);
    };
    const compare = <T extends object>(what: string, stored: readonly T[], fresh: readonly T[], keyOf: (r: T) => string) => {
      const a = new Map(stored.map((r) => [keyOf(r), r]));
      const b = new Map(fresh.map((r) => [keyOf(r), r]));
      const differ = new Set<string>();
      for (const [k, r] of b) {
        const s = a.get(k);
        if (s && sameRow(r as Record<string, unknown>, s as Record<string, unknown>)) continue;
        differ.add(k);
        if (!s) note(`${what} ${k.replaceAll('\u0000', ' ')}: missing in the stored results`);
        else note(`${what} ${k.replaceAll('\u0000', ' ')}: stored ${JSON.stringify(s)} ≠ recomputed ${JSON.stringify(r)}`);
      }
      const gone: string[] = [];
      for (const k of a.keys()) {
        if (b.has(k)) continue;
        gone.push(k);
        note(`${what} ${k.replaceAll('\u0000', ' ')}: stored but not in the recomputation`);
      }
      return { differ, gone };
    };
    const state = await early.state;
    if (state && state.day !== day) note(`evaluation day: stored ${state.day} ≠ ${day}`);
    // Row by row where the lines differ, when the differences are to be named.
    if (naming) {
      compare('position', await repo.positionsOfOrgs(changedOrgs), positions, (r) => gk(r.org_id, r.product_key));
      compare('gap', await repo.gapsOfOrgs(changedOrgs), gaps, (r) => `${gk(r.org_id, r.product_key)}\u0000${r.device_id}`);
    }
    const freshUsage = usageRows(a);
    const usage = compare('usage', await early.usage, freshUsage, (r) => r.entitlement_id);
    const orgFigures = compare('organization', await early.figures, figures, (r) => r.org_id);

    let tasksClosed = 0;
    if (write) {
      // Most organizations changed (a first computation, a new day of expiries): replace everything.
      if (changedOrgs.length > span.size / 2) {
        await repo.deleteResultsOfOrgs('all');
        await repo.insertResults({ positions, gaps, usage: [] });
        for (const [orgId, s] of span) if (!changed.has(orgId)) await repo.insertResults({ ...positionRows(a, s.p0, s.p1, undefined, catName), usage: [] });
      } else {
        await repo.deleteResultsOfOrgs(changedOrgs);
        await repo.insertResults({ positions, gaps, usage: [] });
      }
      await repo.deleteUsage([...usage.differ, ...usage.gone]);
      await repo.insertResults({ positions: [], gaps: [], usage: freshUsage.filter((u) => usage.differ.has(u.entitlement_id)) });
      if (orgFigures.gone.length) await repo.deleteOrgFigures(orgFigures.gone);
      await repo.replaceOrgFigures(figures.filter((f) => orgFigures.differ.has(f.org_id)), false);
      // The day's trend: the organizations' rows and their regions' sums, rewritten where they differ.
      const trend = [...figures.map((f) => orgTrendRow(f, day)), ...regionTrendRows(figures, day)];
      const storedTrend = new Map((await early.trend).map((t) => [t.subject, t]));
      const trendChanged = trend.filter((t) => {
        const s = storedTrend.get(t.subject);
        return !s || TREND_SUMS.some((k) => Number(s[k]) !== t[k]);
      });
      const fresh = new Set(trend.map((t) => t.subject));
      await repo.replaceTrendRows(day, trendChanged, [...storedTrend.keys()].filter((k) => !fresh.has(k)));
      tasksClosed = await this.closeTasks(trx, 'all', (orgId, productKey) => {
        const s = span.get(orgId);
        if (!s) return undefined;
        for (let i = s.p0; i < s.p1; i++) {
          const p = a.positions[i]!;
          if (p.productKey === productKey) return { shortfall: p.shortfall, installs: p.installs, covered: p.coveredInstalls };
        }
        return undefined;
      }, day);
      const at = nowIso();
      await repo.setState(day, at, true);
      this.cache = null;
      // What was just stored is this allocation's: the next refreshes start from it.
      this.memo = new ComplianceMemo(day, stateSignature(at, at), a);
    }
    return { day, installs: installs.count, positions: a.positions.length, orgs: figures.length, differences, differenceCount, written: write, tasksClosed, phases };
  }

  /**
   * Brings the stored results up to date after a change: the installs of
   * `orgIds` changed (an inventory, an approved or removed device), and/or
   * entitlements of `productKeys` changed (created, edited, deleted,
   * transferred: pass the products before and after, and the entitlements'
   * ids so their use is rewritten). Recomputes the pools they touch, and
   * only those.
   */
  async refresh(change: RefreshChange): Promise<RefreshOutcome> {
    return this.lock(async (trx) => {
      const day = this.clock();
      // The stored results' day and the index's signature in one query.
      const sig = await this.signature(trx, day);
      if (sig.storedDay !== day || change.full) {
        const r = await this.fullIn(trx, day, true);
        return { day, groups: r.positions, installs: r.installs, changedOrgs: [], tasksClosed: r.tasksClosed, full: true };
      }
      const c = await this.prepare(trx, day, sig.signature);
      // The memo holds while the stored results are the ones this engine last wrote, of this day.
      if (this.memo && (this.memo.day !== day || this.memo.stamp !== sig.signature.slice(sig.signature.lastIndexOf('|') + 1))) this.memo = null;
      this.memo?.installsChanged(change.groups ?? [], change.orgIds ?? []);
      // An entitlement may have served any group of its products (before or after an edit): seed them all.
      const seeds: GroupKey[] = [...(change.groups ?? [])];
      for (const p of change.productKeys ?? []) for (const orgId of c.index.orgsByProduct.get(p) ?? []) seeds.push({ orgId, productKey: p });
      // …and the owner's own groups (an owner without installs still has a position for what it bought).
      const ids = new Set(change.entitlementIds ?? []);
      for (const e of c.entitlements) if (ids.has(e.id)) for (const p of e.productKeys) seeds.push({ orgId: e.orgId, productKey: p });
      const orgIds = change.orgIds ?? [];
      if (orgIds.length) {
        // Every group of the organizations, before (stored) and after (installed).
        for (const g of await repositories(trx).licensing.licensedProducts(orgIds)) seeds.push({ orgId: g.org_id, productKey: g.product_key });
        for (const p of await repositories(trx).licensing.positionsOfOrgs(orgIds)) seeds.push({ orgId: p.org_id, productKey: p.product_key });
      }
      return this.refreshIn(trx, day, c, seeds, [...new Set([...orgIds, ...(change.countOrgs ?? [])])], change.entitlementIds ?? []);
    });
  }

  private async refreshIn(trx: Transaction<DB>, day: string, c: NonNullable<ComplianceEngine['cache']>, seedGroups: GroupKey[], countOrgs: readonly string[], entitlementIds: readonly string[]): Promise<RefreshOutcome> {
    const repo = repositories(trx, this.database).licensing;
    // 1. The changed groups (an organization × product whose installs or entitlements changed).
    const seeds = new Map<string, GroupKey>();
    const addSeed = (g: GroupKey) => seeds.set(gk(g.orgId, g.productKey), g);
    for (const g of seedGroups) addSeed(g);
    // New groups join the index (they decide which groups an entitlement reaches).
    for (const g of seeds.values()) {
      if (c.groups.has(gk(g.orgId, g.productKey))) continue;
      c.groups.add(gk(g.orgId, g.productKey));
      if (!addGroup(c.index, g)) continue;
      // The pools it joins are found again (the pools of the groups its entitlements serve).
      for (const e of linksOf(c.index, g)) {
        for (const x of groupsServedBy(c.index, e)) {
          const pool = c.pools.get(gk(x.orgId, x.productKey));
          if (pool) for (const m of pool.groups) c.pools.delete(gk(m.orgId, m.productKey));
        }
      }
      c.pools.delete(gk(g.orgId, g.productKey));
    }
    for (const id of entitlementIds) for (const g of poolOf(c.index, { entitlementId: id }).groups) addSeed(g);

    // 2. The pools of those groups: every group and entitlement sharing units with them.
    const poolGroups = new Map<string, GroupKey>();
    const poolEnts = new Set<string>(entitlementIds);
    const needed = new Set<string>();
    for (const g of seeds.values()) {
      if (poolGroups.has(gk(g.orgId, g.productKey))) continue;
      const pool = cachedPool(c, g);
      for (const x of pool.groups) poolGroups.set(gk(x.orgId, x.productKey), x);
      for (const id of pool.entitlementIds) poolEnts.add(id);
      for (const id of pool.needed) needed.add(id);
    }
    // 3. Their installs, and nothing else.
    const groupList = [...poolGroups.values()];
    // On PostgreSQL the pool's installs and stored results are read at once on other connections (the compliance lock keeps the results' other writers out; nothing is written before step 5).
    const side = repo.beside(this.database.db);
    const sideRepo = repositories(side).licensing;
    // The pools' open rectification tasks, read meanwhile (closed at the end when their gap is gone).
    const openTasks = sideRepo.openTasksOf(groupList);
    openTasks.catch(() => {}); // awaited by closeTasks
    const memo = this.memo;
    let installs: InstallColumns;
    let storedPositions: PositionRow[];
    let storedGaps: GapRow[];
    let storedUsageRows: UsageRow[];
    if (memo) {
      // Only the installs of the groups told of since the last full recomputation are read; the stored rows are known.
      const known = memo.installsOf(groupList);
      const stored = memo.storedOf(groupList);
      let read: InstallColumns | null;
      [read, storedUsageRows] = await Promise.all([known.read.length ? loadInstallColumns(side, { groups: known.read }) : null, sideRepo.usageOf([...poolEnts])]);
      installs = read ? ComplianceMemo.joinInstalls(known.known, read) : known.known;
      storedPositions = stored.flatMap((x) => (x.position ? [x.position] : []));
      storedGaps = stored.flatMap((x) => x.gaps);
    } else [installs, storedPositions, storedGaps, storedUsageRows] = await Promise.all([loadInstallColumns(side, { groups: groupList }), sideRepo.positionsOfGroups(groupList), sideRepo.gapsOfGroups(groupList), sideRepo.usageOf([...poolEnts])]);
    const ents: Entitlement[] = [];
    for (const id of new Set([...needed, ...poolEnts])) {
      const e = c.byId.get(id);
      if (e) ents.push(e);
    }
    const a = allocateColumns({ installs, entitlements: ents, orgs: c.orgs, at: day, prices: c.prices, orgIndex: c.index.orgs });
    const rows = allocationRows(a, (orgId, productKey) => poolGroups.has(gk(orgId, productKey)));
    const freshUsage = rows.usage.filter((u) => poolEnts.has(u.entitlement_id));

    // 4. Which groups' results change (positions or gaps), and so which organizations' figures.
    const changedGroups = new Map<string, GroupKey>();
    // Organizations whose figures may move: a position that comes, goes or changes in what the figures sum, a gap that comes or goes
    // (a pool's shared units moving changes the surplus of each of its positions, not their organizations' figures).
    const figured = new Set<string>(countOrgs);
    const fresh = new Map(rows.positions.map((p) => [gk(p.org_id, p.product_key), p]));
    const storedKeys = new Set<string>();
    for (const p of storedPositions) {
      const k = gk(p.org_id, p.product_key);
      storedKeys.add(k);
      const f = fresh.get(k);
      if (!f || !sameRow(f as unknown as Record<string, unknown>, p as unknown as Record<string, unknown>)) changedGroups.set(k, poolGroups.get(k)!);
      if (!f || !sameFigures(f, p)) figured.add(p.org_id);
    }
    for (const [k, f] of fresh) if (!storedKeys.has(k)) changedGroups.set(k, poolGroups.get(k)!), figured.add(f.org_id);
    const gapKey = (g: GapRow) => `${gk(g.org_id, g.product_key)}\u0000${g.device_id}\u0000${g.uncovered}\u0000${g.reason}`;
    const freshGaps = new Set(rows.gaps.map(gapKey));
    const oldGaps = new Set(storedGaps.map(gapKey));
    for (const g of rows.gaps) if (!oldGaps.has(gapKey(g))) changedGroups.set(gk(g.org_id, g.product_key), poolGroups.get(gk(g.org_id, g.product_key))!), figured.add(g.org_id);
    for (const g of storedGaps) if (!freshGaps.has(gapKey(g))) changedGroups.set(gk(g.org_id, g.product_key), poolGroups.get(gk(g.org_id, g.product_key))!), figured.add(g.org_id);
    const changed = new Set<string>(countOrgs);
    for (const g of changedGroups.values()) changed.add(g.orgId);
    // Usage rows of deleted entitlements go; of the pool's, are replaced where they differ.
    const storedUsage = new Map(storedUsageRows.map((u) => [u.entitlement_id, u]));
    const usage = freshUsage.filter((u) => {
      const s = storedUsage.get(u.entitlement_id);
      return !s || !sameRow(u as unknown as Record<string, unknown>, s as unknown as Record<string, unknown>);
    });
    const freshUsageIds = new Set(freshUsage.map((u) => u.entitlement_id));
    const usageIds = [...usage.map((u) => u.entitlement_id), ...[...storedUsage.keys()].filter((id) => !freshUsageIds.has(id))];

    // 5. Write the changed groups' results, then the changed organizations' figures and today's trend.
    if (changedGroups.size || usageIds.length) {
      const isChanged = (x: { org_id: string; product_key: string }) => changedGroups.has(gk(x.org_id, x.product_key));
      await repo.replaceResults({ groups: [...changedGroups.values()], positions: rows.positions.filter(isChanged), gaps: rows.gaps.filter(isChanged), entitlementIds: usageIds, usage });
    }
    const changedOrgs = [...changed].sort();
    const figureOrgs = [...figured].sort();
    if (figureOrgs.length) {
      // Stored figures and device counts beside the transaction (on PostgreSQL), gaps after this refresh's writes in it.
      const countSet = new Set(countOrgs);
      const counted = figureOrgs.filter((o) => countSet.has(o));
      const [storedFigures, countsOfChanged, gapDevices] = await Promise.all([sideRepo.orgFiguresOf(figureOrgs), counted.length ? sideRepo.deviceCounts(counted) : new Map<string, DeviceCounts>(), repo.gapDeviceCounts(figureOrgs)]);
      const stored = new Map(storedFigures.map((f) => [f.org_id, f]));
      const uncounted = figureOrgs.filter((o) => !countSet.has(o) && !stored.has(o));
      const counts = uncounted.length ? new Map([...countsOfChanged, ...(await repo.deviceCounts(uncounted))]) : countsOfChanged;
      const regionOf = new Map(c.orgs.map((o) => [o.id, o.regionCode]));
      const figures: OrgFiguresRow[] = [];
      const emptied: OrgFiguresRow[] = [];
      // Figures from the stored ones and the changed groups' positions, before and after; from all of an organization's positions when they cannot tell.
      const changesOf = new Map<string, { before?: { p: PositionRow; cats: CategoryCounts }; after?: { p: PositionRow; cats: CategoryCounts } }[]>();
      const changeOf = (orgId: string, productKey: string) => {
        let list = changesOf.get(orgId);
        if (!list) changesOf.set(orgId, (list = []));
        const k = gk(orgId, productKey);
        let x = byGroupChange.get(k);
        if (!x) byGroupChange.set(k, (x = {})), list.push(x);
        return x;
      };
      const byGroupChange = new Map<string, { before?: { p: PositionRow; cats: CategoryCounts }; after?: { p: PositionRow; cats: CategoryCounts } }>();
      for (const p of storedPositions) if (changedGroups.has(gk(p.org_id, p.product_key))) changeOf(p.org_id, p.product_key).before = { p, cats: decodeCategories(p.categories) };
      rows.positions.forEach((p, i) => {
        if (changedGroups.has(gk(p.org_id, p.product_key))) changeOf(p.org_id, p.product_key).after = { p, cats: rows.cats[i]! };
      });
      const readAll: string[] = [];
      for (const orgId of figureOrgs) {
        const s = stored.get(orgId);
        const cnt = counts.get(orgId) ?? (s ? { devices: Number(s.devices), devicesRequiring: Number(s.devices_requiring) } : { devices: 0, devicesRequiring: 0 });
        const regionCode = regionOf.get(orgId);
        if (regionCode === undefined) continue; // deleted meanwhile
        const f = s && cnt.devices > 0 ? figuresAfter(s, regionCode, changesOf.get(orgId) ?? [], gapDevices.get(orgId) ?? 0, cnt.devices, cnt.devicesRequiring) : null;
        if (f) figures.push(f);
        else readAll.push(orgId);
      }
      const posNow = await repo.positionsOfOrgs(readAll);
      for (const orgId of readAll) {
        const s = stored.get(orgId);
        const cnt = counts.get(orgId) ?? (s ? { devices: Number(s.devices), devicesRequiring: Number(s.devices_requiring) } : { devices: 0, devicesRequiring: 0 });
        const regionCode = regionOf.get(orgId)!;
        const p = posNow.filter((x) => x.org_id === orgId);
        if (p.length === 0 && cnt.devices === 0) {
          if (s) emptied.push(s);
          continue;
        }
        figures.push(figuresFrom(orgId, regionCode, p, p.map((x) => decodeCategories(x.categories)), gapDevices.get(orgId) ?? 0, cnt.devices, cnt.devicesRequiring));
      }
      const real = figures.filter((f) => {
        const s = stored.get(f.org_id);
        return !s || FIGURE_FIELDS.some((k) => Number(s[k]) !== f[k]) || Number(s.shortfall_cost ?? NaN) !== Number(f.shortfall_cost ?? NaN);
      });
      if (emptied.length) await repo.deleteOrgFigures(emptied.map((f) => f.org_id));
      if (real.length || emptied.length) {
        await repo.replaceOrgFigures(real, false);
        const zero = (f: OrgFiguresRow): TrendRow => orgTrendRow({ ...f, ...Object.fromEntries(TREND_SUMS.map((k) => [k, 0])) }, day);
        // Each region's row of the day moves by what its organizations' figures moved (integer sums); summed again when a row is missing.
        const moves: { before: OrgFiguresRow | undefined; after: OrgFiguresRow | undefined }[] = [...real.map((f) => ({ before: stored.get(f.org_id), after: f })), ...emptied.map((f) => ({ before: f, after: undefined }))];
        const regions = new Set(moves.flatMap((m) => [m.before, m.after].flatMap((f) => (f ? regionAncestors(f.region_code).map((r) => r.regionCode) : []))));
        const was = new Map((await repo.trendRowsOf(day, [...regions].map(regionSubject))).map((t) => [t.subject, t]));
        let regionRows: TrendRow[];
        if ([...regions].every((r) => was.has(regionSubject(r)))) {
          const now = new Map([...regions].map((r) => {
            const t = { subject: regionSubject(r), day } as TrendRow;
            for (const k of TREND_SUMS) t[k] = Number(was.get(regionSubject(r))![k]);
            return [r, t];
          }));
          for (const m of moves) {
            for (const [f, sign] of [[m.before, -1], [m.after, 1]] as const) {
              if (f) for (const { regionCode } of regionAncestors(f.region_code)) for (const k of TREND_SUMS) now.get(regionCode)![k] += sign * Number(f[k]);
            }
          }
          regionRows = [...now.values()];
        } else regionRows = await repo.regionTrendRows([...regions], day);
        await repo.replaceTrendRows(day, [...real.map((f) => orgTrendRow(f, day)), ...emptied.map(zero), ...regionRows], []);
      }
    }
    const byGroup = new Map(rows.positions.map((p) => [gk(p.org_id, p.product_key), p]));
    const tasksClosed = await this.closeTasks(trx, openTasks, (orgId, productKey) => {
      const p = byGroup.get(gk(orgId, productKey));
      return p && { shortfall: p.shortfall, installs: p.installs, covered: p.covered_installs };
    }, day);
    const computedAt = nowIso();
    await repo.setState(day, computedAt, false);
    // The index already has this refresh's groups: it stays valid under the new stamp.
    const cut = c.signature.lastIndexOf('|');
    const was = c.signature.slice(cut + 1);
    const stamp = stateSignature(computedAt, was.slice(was.indexOf('/') + 1));
    c.signature = `${c.signature.slice(0, cut)}|${stamp}`;
    // Every group of the pools now stores its fresh rows (written, or equal to what was stored).
    if (memo && this.memo === memo) {
      memo.remember(groupList, rows);
      memo.stamp = stamp;
    }
    return { day, groups: groupList.length, installs: installs.count, changedOrgs, tasksClosed, full: false };
  }

  /**
   * The verdict of every install of an organization that needs a licence,
   * computed now from its pools (nothing is written): the drill-down behind
   * its figures. Equal to the stored results while nothing changed since.
   */
  async coverageOf(orgId: string): Promise<InstallCoverage[]> {
    return this.database.transaction(async (trx) => {
      const day = this.clock();
      const c = await this.prepare(trx, day);
      const groups = new Map<string, GroupKey>();
      const ents = new Set<string>();
      const own = (await repositories(trx).licensing.licensedProducts([orgId])).map((g) => ({ orgId, productKey: g.product_key }));
      for (const g of own) {
        if (groups.has(gk(g.orgId, g.productKey))) continue;
        const pool = poolOf(c.index, g);
        for (const x of pool.groups) groups.set(gk(x.orgId, x.productKey), x);
        for (const id of entitlementsForPool(c.index, pool)) ents.add(id);
      }
      for (const g of own) groups.set(gk(g.orgId, g.productKey), g);
      const installs = groups.size ? await loadInstalls(trx, { groups: [...groups.values()] }) : [];
      const table = allocateTable({ installs, entitlements: c.entitlements.filter((e) => ents.has(e.id)), orgs: c.orgs, at: day, prices: c.prices });
      return coverageRows(table).filter((r) => r.orgId === orgId);
    });
  }

  /**
   * Closes open rectification tasks whose gap is gone: the position of their
   * organization × product shows no shortfall. The verification records the
   * day and what the computation saw.
   */
  private async closeTasks(trx: Transaction<DB>, groups: readonly GroupKey[] | 'all' | Promise<TaskRow[]>, positionOf: (orgId: string, productKey: string) => { shortfall: number; installs: number; covered: number } | undefined, day: string): Promise<number> {
    const repo = repositories(trx).licensing;
    // `groups`: their open tasks, or those tasks already being read.
    const open: TaskRow[] = groups instanceof Promise ? await groups : await repo.openTasksOf(groups);
    if (open.length === 0) return 0;
    let closed = 0;
    const at = nowIso();
    for (const t of open) {
      const p = positionOf(t.org_id, t.product_key);
      if (p && p.shortfall > 0) continue;
      const installs = p ? p.installs : 0;
      const covered = p ? p.covered : 0;
      await repo.updateTask(t.id, {
        status: 'verified',
        verified_at: at,
        updated_at: at,
        verification: JSON.stringify({ day, installs, covered, shortfall: 0, note: p ? 'every install of the product is covered' : 'the product is no longer installed' }),
      });
      closed++;
    }
    return closed;
  }
}

export type { UsageRow };
