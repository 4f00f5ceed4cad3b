import type { SoftwareCategory } from '../../contracts/recognition.ts';
import { orgOf, type Candidates, type CompiledEntitlement, type OrgInfo } from './licensing.eligibility.ts';
import type { Install } from './licensing.types.ts';

/**
 * Grouping for the allocation engine: the installs that need a licence, by
 * organization × product, as columns. Devices and users are numbered by
 * rank of their ids, so that every order the engine uses is intrinsic to
 * the data, never to the order of the input.
 */

/** What an install's title tells the allocation (its device aside). */
export type InstallTitle = Pick<Install, 'productKey' | 'edition' | 'majorRelease' | 'release' | 'category' | 'licenceClass'>;

/**
 * Installs that need a licence as columns over three dictionaries
 * (organizations, devices, titles): what the engine reads. An estate of
 * millions of installs is then a few typed arrays and some thousands of
 * strings, not millions of objects. `columnsOf` builds it from `Install`
 * objects; the compliance engine reads it straight from the database.
 */
export interface InstallColumns {
  count: number;
  /** per install: index in `orgIds` */
  org: Int32Array;
  /** per install: index in the device arrays */
  device: Int32Array;
  /** per install: index in `titles` */
  title: Int32Array;
  orgIds: readonly string[];
  /** per device: its id, serial (what an OEM licence is bound to) and named user */
  deviceIds: readonly string[];
  deviceSerials: readonly (string | null)[];
  deviceUsers: readonly (string | null)[];
  titles: readonly InstallTitle[];
}

/**
 * The installs of a list that need a licence, as columns; `rows[i]` is the
 * index in `installs` of column row i. A device entry is one device id with
 * the serial and user its installs carry.
 */
export function columnsOf(installs: readonly Install[]): { cols: InstallColumns; rows: Int32Array } {
  const rows: number[] = [];
  for (let i = 0; i < installs.length; i++) if (installs[i]!.requiresLicence) rows.push(i);
  const n = rows.length;
  const org = new Int32Array(n);
  const device = new Int32Array(n);
  const title = new Int32Array(n);
  const orgIds: string[] = [];
  const deviceIds: string[] = [];
  const deviceSerials: (string | null)[] = [];
  const deviceUsers: (string | null)[] = [];
  const titles: InstallTitle[] = [];
  const orgNum = new Map<string, number>();
  const deviceNum = new Map<string, number>();
  const titleNum = new Map<string, number>();
  const part = (s: string | null) => (s === null ? '\u0000' : `=${s}`);
  for (let r = 0; r < n; r++) {
    const i = installs[rows[r]!]!;
    let o = orgNum.get(i.orgId);
    if (o === undefined) orgNum.set(i.orgId, (o = orgIds.push(i.orgId) - 1));
    org[r] = o;
    const dk = `${i.deviceId}\u0001${part(i.deviceSerial)}\u0001${part(i.userId)}`;
    let d = deviceNum.get(dk);
    if (d === undefined) {
      deviceNum.set(dk, (d = deviceIds.push(i.deviceId) - 1));
      deviceSerials.push(i.deviceSerial);
      deviceUsers.push(i.userId);
    }
    device[r] = d;
    const tk = `${i.productKey}\u0001${part(i.edition)}\u0001${part(i.majorRelease)}\u0001${part(i.release)}\u0001${part(i.category)}\u0001${i.licenceClass}`;
    let t = titleNum.get(tk);
    if (t === undefined) {
      titleNum.set(tk, (t = titles.length));
      titles.push({ productKey: i.productKey, edition: i.edition, majorRelease: i.majorRelease, release: i.release, category: i.category, licenceClass: i.licenceClass });
    }
    title[r] = t;
  }
  return { cols: { count: n, org, device, title, orgIds, deviceIds, deviceSerials, deviceUsers, titles }, rows: Int32Array.from(rows) };
}

/** Groups of an estate, as columns. */
export interface Groups {
  count: number;
  orgId: string[];
  productKey: string[];
  /** per group: its product's number (of `products`, numbered in the order they come) */
  product: Int32Array;
  products: number;
  org: OrgInfo[];
  /** 1 when the organization owns an entitlement of the product (a position even without installs) */
  owner: Uint8Array;
  /** `req[reqStart[g] .. reqStart[g + 1])`: the group's installs (column rows), ordered by device */
  reqStart: Int32Array;
  /** the group's candidate entitlements (filled by the engine) */
  cands: Candidates[];
  /** licence units the group's installs consume (filled by the engine: a unit counts once per group) */
  consumed: Int32Array;
  /** group ids in output order: organizations by id, then products by key */
  sorted: Int32Array;
  /** per column row: rank of its device id among those devices */
  deviceRank: Int32Array;
  /** distinct device ids */
  devices: number;
  /** per column row: rank of its user id among those users, −1 without a user */
  userRank: Int32Array;
  users: number;
  /** per column row: its group */
  groupOf: Int32Array;
}

/** Ranks of the entries of a dictionary by their key (in UTF-16 code unit order, as `<` compares strings); equal keys share a rank. Null keys get −1. Returns the ranks and how many distinct keys. */
function ranks(keys: readonly (string | null)[]): { rank: Int32Array; distinct: number } {
  // The distinct keys sorted by the native sort (no comparator called per comparison; the same order), then numbered.
  const distinct = [...new Set(keys)].filter((k): k is string => k !== null).sort();
  const num = new Map<string, number>();
  distinct.forEach((k, i) => num.set(k, i));
  const rank = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) rank[i] = keys[i] === null ? -1 : num.get(keys[i]!)!;
  return { rank, distinct: distinct.length };
}

/** `items` stably sorted by a key in [0, keys). */
function countingSort(items: Int32Array, key: (item: number) => number, keys: number): Int32Array {
  const start = new Int32Array(keys + 1);
  // Indexed loops: a typed array's iterator allocates in the tiers below the optimizing one (this runs once per call, on hundreds of thousands).
  for (let i = 0; i < items.length; i++) start[key(items[i]!) + 1]!++;
  for (let i = 0; i < keys; i++) start[i + 1]! += start[i]!;
  const out = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const x = items[i]!;
    out[start[key(x)]!++] = x;
  }
  return out;
}

/**
 * Groups the installs by organization × product, adds the owner × product
 * groups of every entitlement, and orders each group's installs by device:
 * a stable counting sort by device rank, then by group.
 */
export function groupInstalls(src: InstallColumns, ents: readonly CompiledEntitlement[], orgs: ReadonlyMap<string, OrgInfo>): { g: Groups; req: Int32Array } {
  const m = src.count;
  // Products by key; organizations by id (entitlement owners join the installs' organizations).
  const productNum = new Map<string, number>();
  const products: string[] = [];
  const titleProduct = new Int32Array(src.titles.length);
  const productOf = (key: string) => {
    let p = productNum.get(key);
    if (p === undefined) productNum.set(key, (p = products.push(key) - 1));
    return p;
  };
  src.titles.forEach((t, i) => (titleProduct[i] = productOf(t.productKey)));
  const orgIds = [...src.orgIds];
  const orgNum = new Map<string, number>();
  orgIds.forEach((id, i) => orgNum.set(id, i));
  const orgCode = (id: string) => {
    let o = orgNum.get(id);
    if (o === undefined) orgNum.set(id, (o = orgIds.push(id) - 1));
    return o;
  };
  const ownerPairs: number[] = [];
  for (const c of ents) for (const p of c.productKeys) ownerPairs.push(orgCode(c.e.orgId), productOf(p));

  // Groups by organization × product, numbered in first-seen order; found through an open-addressing
  // table of group numbers (a Map of a few hundred thousand numeric keys cost several times more).
  const P = products.length;
  const gOrg: number[] = [];
  const gProduct: number[] = [];
  let bits = 4;
  while (bits < 30 && 1 << bits < 2 * (m + ownerPairs.length / 2)) bits++;
  const slots = new Int32Array(1 << bits).fill(-1);
  const mask = (1 << bits) - 1;
  const groupFor = (o: number, p: number) => {
    let i = (Math.imul(o, 0x9e3779b1) ^ Math.imul(p, 0x85ebca77)) & mask;
    for (;;) {
      const k = slots[i]!;
      if (k === -1) {
        slots[i] = gOrg.length;
        gOrg.push(o);
        gProduct.push(p);
        return gOrg.length - 1;
      }
      if (gOrg[k] === o && gProduct[k] === p) return k;
      i = (i + 1) & mask;
    }
  };
  const groupOf = new Int32Array(m);
  // An organization's installs mostly come together: the last group of each product answers without the map.
  const lastOrg = new Int32Array(P).fill(-1);
  const lastGroup = new Int32Array(P);
  for (let r = 0; r < m; r++) {
    const o = src.org[r]!;
    const p = titleProduct[src.title[r]!]!;
    if (lastOrg[p] === o) groupOf[r] = lastGroup[p]!;
    else groupOf[r] = lastGroup[p] = groupFor(o, p), (lastOrg[p] = o);
  }
  const ownerGroups: number[] = [];
  for (let i = 0; i < ownerPairs.length; i += 2) ownerGroups.push(groupFor(ownerPairs[i]!, ownerPairs[i + 1]!));
  const count = gOrg.length;

  // Device and user ranks: by id, so that every order below is intrinsic to the data.
  const dev = ranks(src.deviceIds);
  const usr = ranks(src.deviceUsers);
  const deviceRank = new Int32Array(m);
  const userRank = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    const d = src.device[r]!;
    deviceRank[r] = dev.rank[d]!;
    userRank[r] = usr.rank[d]!;
  }

  // Stable counting sort by device rank, then by group: each group comes out ordered by device.
  const devStart = new Int32Array(dev.distinct + 1);
  for (let r = 0; r < m; r++) devStart[deviceRank[r]! + 1]!++;
  for (let d = 0; d < dev.distinct; d++) devStart[d + 1]! += devStart[d]!;
  const byDevice = new Int32Array(m);
  for (let r = 0; r < m; r++) byDevice[devStart[deviceRank[r]!]!++] = r;
  const reqStart = new Int32Array(count + 1);
  for (let r = 0; r < m; r++) reqStart[groupOf[r]! + 1]!++;
  for (let k = 0; k < count; k++) reqStart[k + 1]! += reqStart[k]!;
  const req = new Int32Array(m);
  const fill = reqStart.slice(0, count);
  for (let i = 0; i < m; i++) {
    const r = byDevice[i]!;
    req[fill[groupOf[r]!]!++] = r;
  }

  const owner = new Uint8Array(count);
  for (let i = 0; i < ownerGroups.length; i++) owner[ownerGroups[i]!] = 1;
  const orgInfos = orgIds.map((id) => orgOf(orgs, id));
  // Output order of positions: organizations by id, then products by key — two stable counting sorts, by product, then by organization.
  const orgOrder = ranks(orgIds).rank;
  const productOrder = ranks(products).rank;
  const byProduct = countingSort(Int32Array.from({ length: count }, (_, k) => k), (k) => productOrder[gProduct[k]!]!, P);
  const sorted = countingSort(byProduct, (k) => orgOrder[gOrg[k]!]!, orgIds.length);
  const g: Groups = {
    count,
    orgId: gOrg.map((o) => orgIds[o]!),
    productKey: gProduct.map((p) => products[p]!),
    product: Int32Array.from(gProduct),
    products: P,
    org: gOrg.map((o) => orgInfos[o]!),
    owner,
    reqStart,
    cands: new Array<Candidates>(count),
    consumed: new Int32Array(count),
    sorted,
    deviceRank,
    devices: dev.distinct,
    userRank,
    users: usr.distinct,
    groupOf,
  };
  return { g, req };
}

export type { SoftwareCategory };
