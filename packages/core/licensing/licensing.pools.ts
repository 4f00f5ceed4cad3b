import {
  candidateIndex,
  candidatesFor,
  compileEntitlements,
  inScope,
  orgIndex,
  related,
  orgOf,
  toDay,
  type CandidateIndex,
  type CompiledEntitlement,
  type OrgInfo,
} from './licensing.eligibility.ts';
import type { Entitlement, GroupKey, Install, OrgNode, Pool } from './licensing.types.ts';

/**
 * Pools: the unit of incremental recomputation. An organization × product
 * (a group) and an entitlement are linked when the entitlement may serve the
 * group (product listed, group's organization in scope, valid on the day).
 * A pool is a connected set of groups and entitlements: a central purchase
 * (region scope) links every agency of its region that installs the product,
 * a subtree licence the organizations below its owner, a suite its
 * products. Allocation inside a pool depends on nothing outside it; so a
 * changed install or entitlement needs its pool recomputed, and only that.
 *
 * The index is small (groups and entitlements, no installs): a service
 * keeps the list of groups from the stored positions, finds the pool here,
 * then loads only the pool's installs.
 */

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const groupId = (g: GroupKey): string => `${g.orgId}\u0000${g.productKey}`;

/**
 * The groups of an estate: every organization × product with an install
 * that needs a licence, and every owner × product of an entitlement.
 * Sorted, distinct. (Installs that need no licence share nothing.)
 */
export function groupsOf(installs: readonly Pick<Install, 'orgId' | 'productKey' | 'requiresLicence'>[], entitlements: readonly Pick<Entitlement, 'orgId' | 'productKeys'>[]): GroupKey[] {
  const byOrg = new Map<string, Set<string>>();
  const add = (orgId: string, productKey: string) => {
    let s = byOrg.get(orgId);
    if (!s) byOrg.set(orgId, (s = new Set()));
    s.add(productKey);
  };
  for (const i of installs) if (i.requiresLicence) add(i.orgId, i.productKey);
  for (const e of entitlements) for (const p of e.productKeys) add(e.orgId, p);
  const out: GroupKey[] = [];
  for (const orgId of [...byOrg.keys()].sort(cmp)) for (const productKey of [...byOrg.get(orgId)!].sort(cmp)) out.push({ orgId, productKey });
  return out;
}

/** What `poolOf` searches: groups by product, entitlements compiled for the day. */
export interface PoolIndex {
  orgs: Map<string, OrgInfo>;
  /** every entitlement (valid or not: an expired one still explains) */
  candidates: CandidateIndex;
  byId: Map<string, CompiledEntitlement>;
  /** product → organizations with a group of it */
  orgsByProduct: Map<string, Set<string>>;
  groups: GroupKey[];
  /** the groups each entitlement may serve (`reachedBy` without related ones); a group added joins them */
  reached: Map<string, GroupKey[]>;
  /** product → province (two digits) → organizations with a group of it there, built when a central purchase of the product is first followed */
  byProvince: Map<string, Map<string, string[]>>;
  /** organization → the organizations of its subtree (itself included), built when a subtree licence is first followed */
  subtrees: Map<string, string[]> | null;
}

/** The organizations under an organization (itself included): whom its subtree licences may serve. */
function subtreeOf(index: PoolIndex, orgId: string): readonly string[] {
  if (!index.subtrees) {
    index.subtrees = new Map();
    for (const o of index.orgs.values()) for (const id of o.lineage) (index.subtrees.get(id) ?? index.subtrees.set(id, []).get(id)!).push(o.id);
  }
  // An organization unknown to the index stands alone.
  return index.subtrees.get(orgId) ?? [orgId];
}

const provinceOf = (index: PoolIndex, orgId: string): string | null => orgOf(index.orgs, orgId).regionCode?.slice(0, 2) ?? null;

/** The organizations with a group of a product in a province (a central purchase serves agencies of its region only). */
function orgsInProvince(index: PoolIndex, productKey: string, province: string): readonly string[] {
  let m = index.byProvince.get(productKey);
  if (!m) {
    index.byProvince.set(productKey, (m = new Map()));
    for (const orgId of index.orgsByProduct.get(productKey) ?? []) {
      const p = provinceOf(index, orgId);
      if (p !== null) (m.get(p) ?? m.set(p, []).get(p)!).push(orgId);
    }
  }
  return m.get(province) ?? [];
}

/**
 * Builds the index of an estate's groups and entitlements on the day `at`.
 * A service keeps it while the entitlements do not change, adding the
 * groups of new installs (`groups` only decides which groups an entitlement
 * reaches; a seed group unknown to it still gets its pool).
 */
export function buildPoolIndex(input: { groups: readonly GroupKey[]; entitlements: readonly Entitlement[]; orgs: readonly OrgNode[]; at: string }): PoolIndex {
  const orgs = orgIndex(input.orgs);
  const ents = compileEntitlements(input.entitlements, orgs, toDay(input.at));
  const orgsByProduct = new Map<string, Set<string>>();
  for (const g of input.groups) {
    let s = orgsByProduct.get(g.productKey);
    if (!s) orgsByProduct.set(g.productKey, (s = new Set()));
    s.add(g.orgId);
  }
  return { orgs, candidates: candidateIndex(ents), byId: new Map(ents.map((c) => [c.e.id, c])), orgsByProduct, groups: [...input.groups], reached: new Map(), byProvince: new Map(), subtrees: null };
}

/**
 * Adds a group to a kept index (the groups of new installs); returns
 * whether it was new. The entitlements that may serve it (`linksOf`) reach
 * it from now on; nothing else changes.
 */
export function addGroup(index: PoolIndex, g: GroupKey): boolean {
  let s = index.orgsByProduct.get(g.productKey);
  if (!s) index.orgsByProduct.set(g.productKey, (s = new Set()));
  if (s.has(g.orgId)) return false;
  s.add(g.orgId);
  index.groups.push(g);
  const byProvince = index.byProvince.get(g.productKey);
  const province = provinceOf(index, g.orgId);
  if (byProvince && province !== null) (byProvince.get(province) ?? byProvince.set(province, []).get(province)!).push(g.orgId);
  for (const c of candidatesFor(index.candidates, orgOf(index.orgs, g.orgId), g.productKey).inScope) index.reached.get(c.e.id)?.push({ orgId: g.orgId, productKey: g.productKey });
  return true;
}

/** The entitlements through which `poolOf` links a group to others: those that may serve it, valid on the day. */
export function linksOf(index: PoolIndex, g: GroupKey): CompiledEntitlement[] {
  return candidatesFor(index.candidates, orgOf(index.orgs, g.orgId), g.productKey).inScope.filter((c) => c.validity === 'valid');
}

/** The groups an entitlement may serve (of those in the index). */
export function groupsServedBy(index: PoolIndex, c: CompiledEntitlement): readonly GroupKey[] {
  return reachedBy(index, c, false);
}

/** The groups an entitlement reaches: those it may serve, and with `alsoRelated` those it is named to as out of scope. */
function reachedBy(index: PoolIndex, c: CompiledEntitlement, alsoRelated: boolean): GroupKey[] {
  if (!alsoRelated) {
    let hit = index.reached.get(c.e.id);
    if (!hit) index.reached.set(c.e.id, (hit = reach(index, c, false)));
    return hit;
  }
  return reach(index, c, true);
}

function reach(index: PoolIndex, c: CompiledEntitlement, alsoRelated: boolean): GroupKey[] {
  const out: GroupKey[] = [];
  for (const p of c.productKeys) {
    const orgIds = index.orgsByProduct.get(p);
    if (!orgIds) continue;
    if (c.scopeKind === 'org' && !alsoRelated) {
      if (orgIds.has(c.e.orgId)) out.push({ orgId: c.e.orgId, productKey: p });
      continue;
    }
    // A subtree licence serves (and is named to) its owner's subtree only: that subtree is walked, not every organization with the product.
    if (c.scopeKind === 'org-subtree') {
      for (const orgId of subtreeOf(index, c.e.orgId)) if (orgIds.has(orgId) && inScope(c, orgOf(index.orgs, orgId))) out.push({ orgId, productKey: p });
      continue;
    }
    // A central purchase serves agencies of its region: only its province's organizations are looked at (named ones may sit elsewhere).
    const within = c.scopeKind === 'region' && !alsoRelated && c.regionPrefix!.length >= 2 ? orgsInProvince(index, p, c.regionPrefix!.slice(0, 2)) : orgIds;
    for (const orgId of within) {
      const org = orgOf(index.orgs, orgId);
      if (inScope(c, org) || (alsoRelated && related(c, org))) out.push({ orgId, productKey: p });
    }
  }
  return out;
}

/**
 * The pool of a group: every group and entitlement linked to it (an
 * entitlement valid on the day links the groups it may serve). A changed
 * install changes nothing outside its group's pool.
 *
 * The pool of an entitlement: everything a change to it may change — the
 * pools of every group it may serve or is named to (an expired licence
 * still explains), and itself. For an edit, recompute the union of its pool
 * before and after the change (`buildPoolIndex` on each state).
 *
 * Sorted: groups by organization and product, entitlement ids ascending.
 */
export function poolOf(index: PoolIndex, seed: GroupKey | { entitlementId: string }): Pool {
  const groups = new Map<string, GroupKey>();
  const entIds = new Set<string>();
  const groupQueue: GroupKey[] = [];
  const entQueue: CompiledEntitlement[] = [];
  const addGroup = (g: GroupKey) => {
    if (groups.has(groupId(g))) return;
    groups.set(groupId(g), { orgId: g.orgId, productKey: g.productKey });
    groupQueue.push(g);
  };
  const addEnt = (c: CompiledEntitlement) => {
    if (entIds.has(c.e.id)) return;
    entIds.add(c.e.id);
    entQueue.push(c);
  };
  if ('entitlementId' in seed) {
    const c = index.byId.get(seed.entitlementId);
    if (c) {
      entIds.add(c.e.id);
      for (const g of reachedBy(index, c, true)) addGroup(g);
    } else entIds.add(seed.entitlementId);
  } else addGroup(seed);
  while (groupQueue.length > 0 || entQueue.length > 0) {
    const g = groupQueue.pop();
    if (g) for (const c of candidatesFor(index.candidates, orgOf(index.orgs, g.orgId), g.productKey).inScope) if (c.validity === 'valid') addEnt(c);
    const c = entQueue.pop();
    if (c) for (const s of reachedBy(index, c, false)) addGroup(s);
  }
  return {
    groups: [...groups.values()].sort((a, b) => cmp(a.orgId, b.orgId) || cmp(a.productKey, b.productKey)),
    entitlementIds: [...entIds].sort(cmp),
  };
}

/**
 * The ids of the entitlements a pool's recomputation must be given: those
 * its groups may use or are named to (valid or not). Sorted.
 */
export function entitlementsForPool(index: PoolIndex, pool: Pool): string[] {
  const ids = new Set<string>(pool.entitlementIds);
  for (const g of pool.groups) {
    const cand = candidatesFor(index.candidates, orgOf(index.orgs, g.orgId), g.productKey);
    for (const c of cand.inScope) ids.add(c.e.id);
    for (const c of cand.related) ids.add(c.e.id);
  }
  return [...ids].sort(cmp);
}

/** Splits the index's groups into pools (each group in exactly one), in group order. */
export function poolsOf(index: PoolIndex): Pool[] {
  const done = new Set<string>();
  const out: Pool[] = [];
  for (const g of [...index.groups].sort((a, b) => cmp(a.orgId, b.orgId) || cmp(a.productKey, b.productKey))) {
    if (done.has(groupId(g))) continue;
    const p = poolOf(index, g);
    for (const x of p.groups) done.add(groupId(x));
    out.push(p);
  }
  return out;
}
