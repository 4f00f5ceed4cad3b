import { SOFTWARE_CATEGORIES, type SoftwareCategory } from '../../contracts/recognition.ts';
import {
  REASON_RANK,
  candidateIndex,
  candidatesFor,
  compileEntitlements,
  deviceFit,
  normSerial,
  orgIndex,
  titleFit,
  toDay,
  type Candidates,
  type CompiledEntitlement,
  type OrgInfo,
} from './licensing.eligibility.ts';
import { priceBook } from './licensing.prices.ts';
import { columnsOf, groupInstalls, type Groups, type InstallColumns } from './licensing.groups.ts';
import { UNCOVERED_REASONS } from './licensing.types.ts';
import type { AllocationInput, EntitlementUsage, Install, Position, PriceBook, UncoveredReason } from './licensing.types.ts';

/**
 * The allocation engine. Only installs that need a licence (about one in
 * ten of an inventory) are allocated, as columns over dictionaries of
 * organizations, devices and titles (`InstallColumns`); they are grouped by
 * organization × product in typed arrays (counting sorts, no array per
 * group); one pass per entitlement in allocation order; whether an
 * entitlement fits a title is asked once per entitlement and title.
 * Millions of installs then cost a few arrays, not millions of small
 * objects for the garbage collector. `licensing.rules.ts` turns the columns
 * into rows.
 *
 * Why the result of a pool depends on nothing outside it: an entitlement
 * looks only at the groups it may serve, and an install's fate depends only
 * on the entitlements before it that may serve its group.
 */

/** Coverage status codes in `AllocationTable.status`. */
export const STATUS_CODES = ['not-required', 'covered', 'uncovered'] as const;
const COVERED = 1;
const UNCOVERED = 2;

/** The allocation as columns, aligned with the input installs (index i ↔ `installs[i]`). */
export interface AllocationTable {
  installs: readonly Install[];
  /** per install: 0 not-required, 1 covered, 2 uncovered (`STATUS_CODES`) */
  status: Uint8Array;
  /** per install: the covering entitlement, as an index in `entitlementIds`; −1 when none */
  coveredBy: Int32Array;
  /** per install: index in `UNCOVERED_REASONS`, for uncovered installs */
  reason: Uint8Array;
  /** entitlement ids in allocation order */
  entitlementIds: string[];
  positions: Position[];
  usage: EntitlementUsage[];
}

/**
 * The allocation of installs given as columns: per column row the covering
 * entitlement (its rank, −1 when none) and, when uncovered, the reason;
 * the groups; positions in output order with the group of each.
 */
export interface ColumnAllocation {
  src: InstallColumns;
  g: Groups;
  /** the group's rows, ordered by device: `req[g.reqStart[k] .. g.reqStart[k + 1])` */
  req: Int32Array;
  /** per column row: rank of the covering entitlement, −1 when none */
  coveredBy: Int32Array;
  /** per column row: index in `UNCOVERED_REASONS` when uncovered */
  reason: Uint8Array;
  /** compiled entitlements in allocation order (index = rank) */
  ents: CompiledEntitlement[];
  /** ordered by organization, product */
  positions: Position[];
  /** per position: its group */
  positionGroups: Int32Array;
  /** ordered by entitlement id */
  usage: EntitlementUsage[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Allocates entitlements to installs (see `allocate` in licensing.rules.ts
 * for the rules) and returns the result as columns aligned with the input.
 */
export function allocateTable(input: AllocationInput): AllocationTable {
  const installs = input.installs;
  const { cols, rows } = columnsOf(installs);
  const a = allocateColumns({ ...input, installs: cols });
  // Output columns by install index; 0 = not-required until said otherwise.
  const status = new Uint8Array(installs.length);
  const reason = new Uint8Array(installs.length);
  const coveredBy = new Int32Array(installs.length).fill(-1);
  for (let r = 0; r < cols.count; r++) {
    const x = rows[r]!;
    if (a.coveredBy[r]! >= 0) {
      status[x] = COVERED;
      coveredBy[x] = a.coveredBy[r]!;
    } else {
      status[x] = UNCOVERED;
      reason[x] = a.reason[r]!;
    }
  }
  return { installs, status, coveredBy, reason, entitlementIds: a.ents.map((c) => c.e.id), positions: a.positions, usage: a.usage };
}

/** The allocation over installs given as columns (every one needs a licence); `orgIndex`: `orgIndex(input.orgs)` when the caller keeps it. */
export function allocateColumns(input: Omit<AllocationInput, 'installs'> & { installs: InstallColumns; orgIndex?: ReadonlyMap<string, OrgInfo> }): ColumnAllocation {
  const day = toDay(input.at);
  const orgs = input.orgIndex ?? orgIndex(input.orgs);
  const ents = compileEntitlements(input.entitlements, orgs, day);
  const index = candidateIndex(ents);
  const prices = input.prices ?? priceBook(input.entitlements);
  const src = input.installs;
  const { g, req } = groupInstalls(src, ents, orgs);

  // Which groups each entitlement may serve: valid on the day, in scope, with installs to cover.
  const served: number[][] = ents.map(() => []);
  const none: Candidates = { inScope: [], related: [] };
  // Groups with an OEM licence among their candidates: their uncovered installs are explained device by device.
  const oemGroup = new Uint8Array(g.count);
  for (let k = 0; k < g.count; k++) {
    const hasReq = g.reqStart[k + 1]! > g.reqStart[k]!;
    if (!hasReq && !g.owner[k]) {
      g.cands[k] = none;
      continue;
    }
    const cand = candidatesFor(index, g.org[k]!, g.productKey[k]!);
    g.cands[k] = cand;
    if (!hasReq) continue;
    for (let i = 0; i < cand.inScope.length; i++) {
      const c = cand.inScope[i]!;
      if (c.validity === 'valid') served[c.rank]!.push(k);
      if (c.e.metric === 'oem') oemGroup[k] = 1;
    }
  }

  // Serials normalised once per device (OEM licences compare them).
  const serials = src.deviceSerials.map((s) => normSerial(s));
  // Per column row: the rank of the covering entitlement, −1 while none.
  const coveredBy = new Int32Array(src.count).fill(-1);
  const work = scratchFor(g.devices + g.users, src.titles.length);
  const used = ents.map((c) => handOut(c, served[c.rank]!, g, req, src, serials, coveredBy, work));

  // The reason of each uncovered install: the same for every install of a title in a group, unless an OEM licence is among the group's.
  const reason = new Uint8Array(src.count);
  const stamp = new Int32Array(src.titles.length).fill(-1);
  const memo = new Uint8Array(src.titles.length);
  for (let k = 0; k < g.count; k++) {
    const cand = g.cands[k]!;
    const perDevice = oemGroup[k] === 1;
    for (let q = g.reqStart[k]!; q < g.reqStart[k + 1]!; q++) {
      const r = req[q]!;
      if (coveredBy[r]! >= 0) continue;
      const t = src.title[r]!;
      if (perDevice) reason[r] = REASON_RANK[reasonFor(cand, src.titles[t]!, serials[src.device[r]!]!)];
      else if (stamp[t] === k) reason[r] = memo[t]!;
      else {
        stamp[t] = k;
        reason[r] = memo[t] = REASON_RANK[reasonFor(cand, src.titles[t]!, null)];
      }
    }
  }

  const positions: Position[] = [];
  const positionGroups: number[] = [];
  // Distinct users per group without a set: the last group that counted each user.
  const userSeen = new Int32Array(g.users).fill(-1);
  const categoryBits = src.titles.map((t) => (t.category === null ? 0 : CATEGORY_BIT[t.category]));
  for (let i = 0; i < g.sorted.length; i++) {
    const k = g.sorted[i]!;
    const p = positionOf(k, g, req, src, categoryBits, coveredBy, prices, used, userSeen);
    if (p) positions.push(p), positionGroups.push(k);
  }

  const usage: EntitlementUsage[] = ents
    .map((c) => {
      const u = used[c.rank]!;
      return {
        entitlementId: c.e.id,
        quantity: c.unlimited ? null : c.quantity,
        consumed: u.units,
        remaining: c.unlimited ? null : c.quantity - u.units,
        coveredInstalls: u.installs,
        validity: c.validity,
      };
    })
    .sort((a, b) => cmp(a.entitlementId, b.entitlementId));
  return { src, g, req, coveredBy, reason, ents, positions, positionGroups: Int32Array.from(positionGroups), usage };
}

/**
 * Work arrays of `handOut`, allocated once per allocation. Units are
 * numbered devices first, then named users; the per-unit arrays are stamped
 * with the rank of the entitlement that wrote them, so nothing is cleared.
 */
interface Scratch {
  /** per title: the rank of the entitlement whose fit `fits` holds */
  fitStamp: Int32Array;
  fits: Uint8Array;
  seen: Int32Array;
  slot: Int32Array;
  groupSeen: Int32Array;
  lastGroup: Int32Array;
  candReq: number[];
  candGroup: number[];
  candUnit: number[];
  unitKey: number[];
  unitOwn: number[];
  unitPath: string[];
  unitSize: number[];
}

function scratchFor(units: number, titles: number): Scratch {
  return {
    fitStamp: new Int32Array(titles).fill(-1),
    fits: new Uint8Array(titles),
    seen: new Int32Array(units).fill(-1),
    slot: new Int32Array(units),
    groupSeen: new Int32Array(units).fill(-1),
    lastGroup: new Int32Array(units),
    candReq: [],
    candGroup: [],
    candUnit: [],
    unitKey: [],
    unitOwn: [],
    unitPath: [],
    unitSize: [],
  };
}

/**
 * Hands one entitlement's units to the fitting uncovered installs of its
 * groups. Unlimited: every fitting install. Limited: units (devices or
 * users) in a fixed order up to the quantity — the owner's own first (the
 * purchaser uses its licences), then units covering more installs (a named
 * user on three devices before a lone device: the most installs covered per
 * unit, which is what the install-weighted rate counts), then by
 * organization path, then by device or user id. A unit covers all its
 * fitting installs.
 */
function handOut(c: CompiledEntitlement, groups: readonly number[], g: Groups, req: Int32Array, src: InstallColumns, serials: readonly (string | null)[], coveredBy: Int32Array, w: Scratch): { units: number; installs: number } {
  if (groups.length === 0 || (!c.unlimited && c.quantity === 0)) return { units: 0, installs: 0 };
  const rank = c.rank;
  const oem = c.e.metric === 'oem';
  // The work arrays are written from 0 up, never emptied (emptying an array lets its room go: it would grow again for every entitlement).
  let nc = 0;
  let nu = 0;
  for (let gi = 0; gi < groups.length; gi++) {
    const k = groups[gi]!;
    const own = g.orgId[k] === c.e.orgId ? 0 : 1;
    const path = g.org[k]!.path;
    for (let q = g.reqStart[k]!; q < g.reqStart[k + 1]!; q++) {
      const r = req[q]!;
      if (coveredBy[r]! >= 0) continue;
      const t = src.title[r]!;
      if (w.fitStamp[t] !== rank) {
        w.fitStamp[t] = rank;
        w.fits[t] = titleFit(c, src.titles[t]!) === null ? 1 : 0;
      }
      if (!w.fits[t] || (oem && deviceFit(c, serials[src.device[r]!]!) !== null)) continue;
      // The unit: the named user for per-user licences, else the device.
      const u = c.unit === 'user' && g.userRank[r]! >= 0 ? g.devices + g.userRank[r]! : g.deviceRank[r]!;
      w.candReq[nc] = r;
      w.candGroup[nc] = k;
      w.candUnit[nc] = u;
      nc++;
      if (w.seen[u] !== rank) {
        w.seen[u] = rank;
        w.slot[u] = nu;
        w.unitKey[nu] = u;
        w.unitOwn[nu] = own;
        w.unitPath[nu] = path;
        w.unitSize[nu] = 1;
        nu++;
      } else {
        const s = w.slot[u]!;
        w.unitSize[s]!++;
        // A named user's devices may sit in several organizations: the unit takes its best place.
        if (own < w.unitOwn[s]! || (own === w.unitOwn[s] && path < w.unitPath[s]!)) (w.unitOwn[s] = own), (w.unitPath[s] = path);
      }
    }
  }
  const count = nu;
  let take: Uint8Array | null = null;
  if (!c.unlimited && count > c.quantity) {
    const order = Array.from({ length: count }, (_, i) => i).sort(
      (a, b) => w.unitOwn[a]! - w.unitOwn[b]! || w.unitSize[b]! - w.unitSize[a]! || cmp(w.unitPath[a]!, w.unitPath[b]!) || w.unitKey[a]! - w.unitKey[b]!,
    );
    take = new Uint8Array(count);
    for (let i = 0; i < c.quantity; i++) take[order[i]!] = 1;
  }
  let covered = 0;
  for (let i = 0; i < nc; i++) {
    const u = w.candUnit[i]!;
    if (take && !take[w.slot[u]!]) continue;
    const k = w.candGroup[i]!;
    coveredBy[w.candReq[i]!] = rank;
    covered++;
    // Candidates come group after group: a unit counts once per group.
    if (w.groupSeen[u] !== rank || w.lastGroup[u] !== k) {
      w.groupSeen[u] = rank;
      w.lastGroup[u] = k;
      g.consumed[k]!++;
    }
  }
  return { units: take ? c.quantity : count, installs: covered };
}

/** The best explanation for an uncovered install (its title and device serial, normalised) among its group's entitlements. */
function reasonFor(cand: Candidates, title: InstallColumns['titles'][number], serial: string | null): UncoveredReason {
  let best: UncoveredReason = cand.related.length > 0 ? 'out-of-scope' : 'no-entitlement';
  for (const c of cand.inScope) {
    const r = titleFit(c, title) ?? deviceFit(c, serial) ?? 'quantity-exhausted';
    if (REASON_RANK[r] > REASON_RANK[best]) best = r;
    if (r === 'quantity-exhausted') break;
  }
  return best;
}

const CATEGORY_BIT = Object.fromEntries(SOFTWARE_CATEGORIES.map((c, i) => [c, 1 << i])) as Record<SoftwareCategory, number>;

// A position's categories, one frozen list per combination (an estate has a few combinations and hundreds of thousands of positions).
const categoryLists = new Map<number, SoftwareCategory[]>();
function categoryList(bits: number): SoftwareCategory[] {
  let list = categoryLists.get(bits);
  if (!list) categoryLists.set(bits, (list = Object.freeze(SOFTWARE_CATEGORIES.filter((c) => (bits & CATEGORY_BIT[c]) !== 0)) as SoftwareCategory[]));
  return list;
}

/**
 * The position of a group once every entitlement has been handed out.
 * `used` holds the units each entitlement handed out (by rank), for the
 * surplus: the units of the usable entitlements that nobody used.
 * `userSeen` (per user rank, the last group that counted the user) counts
 * distinct users without a set.
 */
function positionOf(
  k: number,
  g: Groups,
  req: Int32Array,
  src: InstallColumns,
  categoryBits: readonly number[],
  coveredBy: Int32Array,
  prices: PriceBook,
  used: readonly { units: number }[],
  userSeen: Int32Array,
): Position | null {
  const r0 = g.reqStart[k]!;
  const r1 = g.reqStart[k + 1]!;
  if (r0 === r1 && !g.owner[k]) return null;
  let owns = false;
  let unlimited = false;
  let entitledLimited = 0;
  let spare = 0;
  for (const c of g.cands[k]!.inScope) {
    if (c.validity !== 'valid') continue;
    if (c.e.orgId === g.orgId[k]) owns = true;
    if (c.unlimited) unlimited = true;
    else {
      entitledLimited += c.quantity;
      spare += c.quantity - used[c.rank]!.units;
    }
  }
  if (r0 === r1 && !owns) return null;
  let covered = 0;
  let devices = 0;
  let shortDevices = 0;
  let users = 0;
  let categories = 0;
  // Installs are sorted by device: a device's installs are adjacent.
  let deviceShort = false;
  let lastDevice = -1;
  for (let q = r0; q < r1; q++) {
    const x = req[q]!;
    if (g.deviceRank[x] !== lastDevice) {
      devices++;
      deviceShort = false;
      lastDevice = g.deviceRank[x]!;
    }
    if (coveredBy[x]! >= 0) covered++;
    else if (!deviceShort) {
      shortDevices++;
      deviceShort = true;
    }
    const u = g.userRank[x]!;
    if (u >= 0 && userSeen[u] !== k) {
      userSeen[u] = k;
      users++;
    }
    categories |= categoryBits[src.title[x]!]!;
  }
  const productKey = g.productKey[k]!;
  const price = prices.get(productKey) ?? null;
  const required = r1 - r0;
  return {
    orgId: g.orgId[k]!,
    productKey,
    installs: required,
    coveredInstalls: covered,
    uncoveredInstalls: required - covered,
    installedDevices: devices,
    users,
    entitled: unlimited ? null : entitledLimited,
    unlimited,
    entitledLimited,
    consumed: g.consumed[k]!,
    shortfall: shortDevices,
    surplus: unlimited ? null : spare,
    unitPrice: price?.unitPrice ?? null,
    currency: price?.currency ?? null,
    estimatedShortfallCost: price ? Math.round(shortDevices * price.unitPrice * 100) / 100 : null,
    categories: categoryList(categories),
  };
}

/** The reason of an uncovered install in a table, by its code. */
export function reasonName(code: number): UncoveredReason {
  return UNCOVERED_REASONS[code]!;
}
