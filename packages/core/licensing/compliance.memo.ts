import type { GapRow, PositionRow } from '../../storage/repositories/index.ts';
import { categoryNames, positionRows, type CategoryCounts } from './compliance.derive.ts';
import type { ColumnAllocation } from './licensing.engine.ts';
import type { InstallColumns, InstallTitle } from './licensing.groups.ts';
import type { GroupKey } from './licensing.types.ts';

/**
 * What the compliance engine knows of the estate without reading it again,
 * between a full recomputation and the incremental refreshes after it: the
 * installs of each organization × product group (the recomputation's, as
 * long as nobody told of a change to them) and the stored positions and
 * gaps of each group (the recomputation's, or what a refresh stored
 * since). A refresh of a pool of hundreds of groups then reads only the
 * installs of the groups told of, not thousands of installs and stored
 * rows.
 *
 * What it relies on: every change to licensed installs is told to the
 * engine (as the stored results need anyway: ingestion names the changed
 * groups, a changed device its organization, recognition recomputes
 * everything); the stored results are written by the engine alone. The
 * engine drops the memo when the stored results' stamp is not the one it
 * last wrote (another process recomputed or refreshed) or the day changes.
 * A full recomputation never uses it: it reads what is stored, and so
 * finds (and `--check` names) rows changed behind the engine's back.
 */

const gk = (orgId: string, productKey: string) => `${orgId}\u0000${productKey}`;

/** The stored rows of one group (no position: none stored). */
export interface StoredGroup {
  position: PositionRow | null;
  cats: CategoryCounts | null;
  gaps: GapRow[];
}

/** Builds `InstallColumns` from installs of several sources, one dictionary entry per organization, device (org × id) and title. */
class ColumnsJoin {
  private org: number[] = [];
  private dev: number[] = [];
  private tit: number[] = [];
  private orgIds: string[] = [];
  private orgNum = new Map<string, number>();
  private deviceNum = new Map<string, number>();
  private deviceIds: string[] = [];
  private deviceSerials: (string | null)[] = [];
  private deviceUsers: (string | null)[] = [];
  private titles: InstallTitle[] = [];
  private titleNum = new Map<string, number>();

  /** Adds the column rows `rows` of `src` (its dictionaries re-coded into this one's). */
  add(src: InstallColumns, rows: Iterable<number>): void {
    const orgCode = new Int32Array(src.orgIds.length).fill(-1);
    const devCode = new Int32Array(src.deviceIds.length).fill(-1);
    const titCode = new Int32Array(src.titles.length).fill(-1);
    for (const r of rows) {
      const o0 = src.org[r]!;
      let o = orgCode[o0]!;
      if (o < 0) {
        const id = src.orgIds[o0]!;
        const known = this.orgNum.get(id);
        o = orgCode[o0] = known ?? this.orgNum.set(id, this.orgIds.push(id) - 1).get(id)!;
      }
      const d0 = src.device[r]!;
      let d = devCode[d0]!;
      if (d < 0) {
        const key = `${src.orgIds[o0]}\u0000${src.deviceIds[d0]}`;
        const known = this.deviceNum.get(key);
        if (known !== undefined) d = known;
        else {
          d = this.deviceIds.push(src.deviceIds[d0]!) - 1;
          this.deviceSerials.push(src.deviceSerials[d0] ?? null);
          this.deviceUsers.push(src.deviceUsers[d0] ?? null);
          this.deviceNum.set(key, d);
        }
        devCode[d0] = d;
      }
      const t0 = src.title[r]!;
      let t = titCode[t0]!;
      if (t < 0) {
        const x = src.titles[t0]!;
        const key = [x.productKey, x.edition, x.majorRelease, x.release, x.category, x.licenceClass].map((v) => (v === null ? '' : `=${v}`)).join('\u001f');
        const known = this.titleNum.get(key);
        t = titCode[t0] = known ?? this.titleNum.set(key, this.titles.push(x) - 1).get(key)!;
      }
      this.org.push(o);
      this.dev.push(d);
      this.tit.push(t);
    }
  }

  done(): InstallColumns {
    return {
      count: this.org.length,
      org: Int32Array.from(this.org),
      device: Int32Array.from(this.dev),
      title: Int32Array.from(this.tit),
      orgIds: this.orgIds,
      deviceIds: this.deviceIds,
      deviceSerials: this.deviceSerials,
      deviceUsers: this.deviceUsers,
      titles: this.titles,
    };
  }
}

/** See the comment at the top of this file. */
export class ComplianceMemo {
  /** groups of the base by organization and product: their group number, their position's index (−1: none) */
  private index: Map<string, Map<string, { k: number; p: number }>> | null = null;
  private catName: string[] | null = null;
  /** groups, and organizations (all their groups), whose installs changed since the base */
  private readonly changedGroups = new Set<string>();
  private readonly changedOrgs = new Set<string>();
  /** stored rows known since the base (written or read by refreshes) */
  private readonly stored = new Map<string, StoredGroup>();

  /**
   * `base`: the allocation of a full recomputation whose results were
   * stored (its installs are the estate's, its rows the stored ones).
   * `stamp`: the stored results' stamp it is valid under.
   */
  private readonly base: ColumnAllocation;

  constructor(
    readonly day: string,
    public stamp: string,
    base: ColumnAllocation,
  ) {
    // Kept: the installs, their groups and coverage, the positions; let go: what only the allocation itself needed (candidates, compiled entitlements, usage).
    this.base = { ...base, g: { ...base.g, cands: [] }, ents: [], usage: [] };
  }

  /** Built on first use (not by the recomputation): two levels, so that no key is made per group of the estate. */
  private groupIndex(): Map<string, Map<string, { k: number; p: number }>> {
    if (this.index) return this.index;
    const { g, positionGroups } = this.base;
    const index = new Map<string, Map<string, { k: number; p: number }>>();
    const at: { k: number; p: number }[] = [];
    for (let k = 0; k < g.count; k++) {
      let m = index.get(g.orgId[k]!);
      if (!m) index.set(g.orgId[k]!, (m = new Map()));
      m.set(g.productKey[k]!, (at[k] = { k, p: -1 }));
    }
    for (let i = 0; i < positionGroups.length; i++) at[positionGroups[i]!]!.p = i;
    return (this.index = index);
  }

  /** The installs of these groups, and of every group of these organizations, changed: they are read from now on. */
  installsChanged(groups: readonly GroupKey[], orgIds: readonly string[]): void {
    for (const g of groups) this.changedGroups.add(gk(g.orgId, g.productKey));
    for (const o of orgIds) this.changedOrgs.add(o);
  }

  /** The installs of the groups the memo knows, as columns, and the groups whose installs must be read. */
  installsOf(groups: readonly GroupKey[]): { known: InstallColumns; read: GroupKey[] } {
    const index = this.groupIndex();
    const { g, req } = this.base;
    const rows: number[] = [];
    const read: GroupKey[] = [];
    for (const x of groups) {
      const key = gk(x.orgId, x.productKey);
      if (this.changedOrgs.has(x.orgId) || this.changedGroups.has(key)) {
        read.push(x);
        continue;
      }
      // A group the base has no installs of had none (any since would have been told).
      const at = index.get(x.orgId)?.get(x.productKey);
      if (at) for (let q = g.reqStart[at.k]!; q < g.reqStart[at.k + 1]!; q++) rows.push(req[q]!);
    }
    const join = new ColumnsJoin();
    join.add(this.base.src, rows);
    return { known: join.done(), read };
  }

  /** Installs of two sources as one set of columns (a device in both takes the facts of `b`, which was read later). */
  static joinInstalls(a: InstallColumns, b: InstallColumns): InstallColumns {
    if (a.count === 0) return b;
    if (b.count === 0) return a;
    const join = new ColumnsJoin();
    const all = (n: number) => Array.from({ length: n }, (_, i) => i);
    // `b` first, so that its devices' facts are the ones kept.
    join.add(b, all(b.count));
    join.add(a, all(a.count));
    return join.done();
  }

  /**
   * The stored rows of some groups: what a refresh wrote or read since the
   * base, else the base's (the recomputation stored them; a group without
   * a position in it had no rows, and any since would have been remembered).
   */
  storedOf(groups: readonly GroupKey[]): StoredGroup[] {
    const index = this.groupIndex();
    const known: StoredGroup[] = [];
    for (const x of groups) {
      const key = gk(x.orgId, x.productKey);
      const hit = this.stored.get(key);
      if (hit) {
        known.push(hit);
        continue;
      }
      const p = index.get(x.orgId)?.get(x.productKey)?.p ?? -1;
      if (p < 0) continue;
      const r = positionRows(this.base, p, p + 1, undefined, (this.catName ??= categoryNames(this.base)));
      known.push({ position: r.positions[0]!, cats: r.cats[0]!, gaps: r.gaps });
    }
    return known;
  }

  /** The stored rows of these groups are now these (written or read), under the stored results' new stamp. */
  remember(groups: readonly GroupKey[], rows: { positions: readonly PositionRow[]; cats: readonly CategoryCounts[]; gaps: readonly GapRow[] }): void {
    const fresh = new Map<string, StoredGroup>();
    for (const x of groups) fresh.set(gk(x.orgId, x.productKey), { position: null, cats: null, gaps: [] });
    rows.positions.forEach((p, i) => {
      const s = fresh.get(gk(p.org_id, p.product_key));
      if (s) (s.position = p), (s.cats = rows.cats[i]!);
    });
    for (const g of rows.gaps) fresh.get(gk(g.org_id, g.product_key))?.gaps.push(g);
    for (const [k, s] of fresh) this.stored.set(k, s);
  }
}
