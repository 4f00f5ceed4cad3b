import { orgOf, type Candidates, type CompiledEntitlement, type OrgInfo } from './licensing.eligibility.ts';
import type { Install } from './licensing.types.ts';

/**
 * Grouping for the allocation engine: the installs that need a licence, by
 * organization × product, as columns. Devices and users are numbered by
 * rank of their ids, so that every order the engine uses is intrinsic to
 * the data, never to the order of the input.
 */

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Groups of an estate, as columns. */
export interface Groups {
  count: number;
  orgId: string[];
  productKey: string[];
  org: OrgInfo[];
  /** 1 when the organization owns an entitlement of the product (a position even without installs) */
  owner: Uint8Array;
  /** `req[reqStart[g] .. reqStart[g + 1])`: the group's installs (as required-install numbers), ordered by device */
  reqStart: Int32Array;
  /** the group's candidate entitlements (filled by the engine) */
  cands: Candidates[];
  /** licence units the group's installs consume (filled by the engine: a unit counts once per group) */
  consumed: Int32Array;
  /** group ids in output order */
  sorted: Int32Array;
  /** required-install number → install index: only installs that need a licence are numbered */
  required: Int32Array;
  /** per required install: rank of its device id among those devices */
  deviceRank: Int32Array;
  devices: number;
  /** per required install: rank of its user id among those users, −1 without a user */
  userRank: Int32Array;
  users: number;
}

/** Ranks of strings (by `cmp`) given the distinct strings in first-seen order. */
function ranks(distinct: readonly string[]): Int32Array {
  const byName = Int32Array.from(distinct.keys()).sort((x, y) => cmp(distinct[x]!, distinct[y]!));
  const rank = new Int32Array(distinct.length);
  byName.forEach((d, r) => (rank[d] = r));
  return rank;
}

/**
 * Groups the installs that need a licence by organization × product, adds
 * the owner × product groups of every entitlement, and orders each group's
 * installs by device: a stable counting sort by device rank, then by group.
 */
export function groupInstalls(installs: readonly Install[], ents: readonly CompiledEntitlement[], orgs: ReadonlyMap<string, OrgInfo>): { g: Groups; req: Int32Array } {
  const n = installs.length;
  const orgNum = new Map<string, number>();
  const perOrg: Map<string, number>[] = [];
  const orgIds: string[] = [];
  const gOrg: number[] = [];
  const gProduct: string[] = [];
  const groupOf = (orgId: string, productKey: string): number => {
    let o = orgNum.get(orgId);
    if (o === undefined) {
      o = orgIds.length;
      orgNum.set(orgId, o);
      orgIds.push(orgId);
      perOrg.push(new Map());
    }
    const m = perOrg[o]!;
    let id = m.get(productKey);
    if (id === undefined) {
      id = gOrg.length;
      m.set(productKey, id);
      gOrg.push(o);
      gProduct.push(productKey);
    }
    return id;
  };
  // One pass over every install; only those that need a licence go further (about one in ten).
  const requiredList: number[] = [];
  for (let i = 0; i < n; i++) if (installs[i]!.requiresLicence) requiredList.push(i);
  const required = Int32Array.from(requiredList);
  const m = required.length;
  const groupOfReq = new Int32Array(m);
  const deviceNum = new Map<string, number>();
  const deviceIds: string[] = [];
  const userNum = new Map<string, number>();
  const userIds: string[] = [];
  const deviceRank = new Int32Array(m);
  const userRank = new Int32Array(m).fill(-1);
  for (let r = 0; r < m; r++) {
    const inst = installs[required[r]!]!;
    groupOfReq[r] = groupOf(inst.orgId, inst.productKey);
    let d = deviceNum.get(inst.deviceId);
    if (d === undefined) {
      d = deviceIds.length;
      deviceNum.set(inst.deviceId, d);
      deviceIds.push(inst.deviceId);
    }
    deviceRank[r] = d;
    if (inst.userId !== null) {
      let u = userNum.get(inst.userId);
      if (u === undefined) {
        u = userIds.length;
        userNum.set(inst.userId, u);
        userIds.push(inst.userId);
      }
      userRank[r] = u;
    }
  }
  // First-seen numbers become ranks by id, so that every order below is intrinsic to the data.
  const devRank = ranks(deviceIds);
  const uRank = ranks(userIds);
  for (let r = 0; r < m; r++) {
    deviceRank[r] = devRank[deviceRank[r]!]!;
    if (userRank[r]! >= 0) userRank[r] = uRank[userRank[r]!]!;
  }
  const ownerGroups: number[] = [];
  for (const c of ents) for (const p of c.productKeys) ownerGroups.push(groupOf(c.e.orgId, p));
  const count = gOrg.length;

  // Stable counting sort by device rank, then by group: each group comes out ordered by device.
  const devStart = new Int32Array(deviceIds.length + 1);
  for (let r = 0; r < m; r++) devStart[deviceRank[r]! + 1]!++;
  for (let d = 0; d < deviceIds.length; d++) devStart[d + 1]! += devStart[d]!;
  const byDevice = new Int32Array(m);
  for (let r = 0; r < m; r++) byDevice[devStart[deviceRank[r]!]!++] = r;
  const reqStart = new Int32Array(count + 1);
  for (let r = 0; r < m; r++) reqStart[groupOfReq[r]! + 1]!++;
  for (let k = 0; k < count; k++) reqStart[k + 1]! += reqStart[k]!;
  const req = new Int32Array(m);
  const fill = reqStart.slice(0, count);
  for (const r of byDevice) req[fill[groupOfReq[r]!]!++] = r;

  const owner = new Uint8Array(count);
  for (const k of ownerGroups) owner[k] = 1;
  const orgInfos = orgIds.map((id) => orgOf(orgs, id));
  // Output order of positions: organizations by id, then products by key.
  const sorted = new Int32Array(count);
  let s = 0;
  for (const o of [...orgIds.keys()].sort((x, y) => cmp(orgIds[x]!, orgIds[y]!))) {
    for (const [, id] of [...perOrg[o]!].sort(([x], [y]) => cmp(x, y))) sorted[s++] = id;
  }
  const g: Groups = {
    count,
    orgId: gOrg.map((o) => orgIds[o]!),
    productKey: gProduct,
    org: gOrg.map((o) => orgInfos[o]!),
    owner,
    reqStart,
    cands: new Array<Candidates>(count),
    consumed: new Int32Array(count),
    sorted,
    required,
    deviceRank,
    devices: deviceIds.length,
    userRank,
    users: userIds.length,
  };
  return { g, req };
}
