import type { LicenceClass } from '../../contracts/recognition.ts';
import { cstDay } from '../dates.ts';
import { regionPrefix } from '../policy/policy.ts';
import { UNLIMITED_METRICS, UNCOVERED_REASONS } from './licensing.types.ts';
import type { Entitlement, Install, OrgNode, ScopeKind, UncoveredReason } from './licensing.types.ts';
import { rangeBounds, versionCovered, type VersionPoint } from './licensing.versions.ts';

/**
 * Whether one entitlement can cover one install (quantity aside), the order
 * in which entitlements are used, and which entitlements an organization ×
 * product must look at. Shared by the full allocation, the pools and the
 * drill-down ("why is this install not covered?").
 */

/** Licence classes a `free` entitlement without listed editions may cover. */
const FREE_CLASSES: ReadonlySet<LicenceClass> = new Set(['freeware', 'open-source', 'os-component']);

/** Closeness of a reason to coverage: the higher, the better the explanation. */
export const REASON_RANK: Readonly<Record<UncoveredReason, number>> = Object.fromEntries(UNCOVERED_REASONS.map((r, i) => [r, i])) as Record<UncoveredReason, number>;

/** A calendar day: YYYY-MM-DD stays, a timestamp becomes its China Standard Time day. */
export function toDay(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : cstDay(value);
}

/** An organization with its lineage (its own id last), or a stand-in for an unknown one. */
export interface OrgInfo {
  id: string;
  path: string;
  regionCode: string | null;
  type: OrgNode['type'] | null;
  /** ids on the path, root first, the organization itself last */
  lineage: string[];
}

/** Organizations by id, with lineages. */
export function orgIndex(orgs: readonly OrgNode[]): Map<string, OrgInfo> {
  const out = new Map<string, OrgInfo>();
  for (const o of orgs) {
    const lineage = o.path.split('/').filter((s) => s.length > 0);
    if (lineage[lineage.length - 1] !== o.id) lineage.push(o.id);
    out.set(o.id, { id: o.id, path: o.path, regionCode: o.regionCode, type: o.type, lineage });
  }
  return out;
}

/** The organization, or one with no parents and no region (covered only by its own `org`/`org-subtree` entitlements). */
export function orgOf(index: ReadonlyMap<string, OrgInfo>, id: string): OrgInfo {
  return index.get(id) ?? { id, path: `/${id}/`, regionCode: null, type: null, lineage: [id] };
}

/** An entitlement prepared for one evaluation day. */
export interface CompiledEntitlement {
  e: Entitlement;
  /** position in the allocation order (0 first) */
  rank: number;
  productKeys: string[];
  scopeKind: ScopeKind;
  /** region scope: the code prefix of the subtree */
  regionPrefix: string | null;
  /** lower-cased; null = any */
  editions: ReadonlySet<string> | null;
  /** `free` without editions: only installs recognised as free */
  freeOnly: boolean;
  lower: VersionPoint | null;
  upper: VersionPoint | null;
  downgrade: boolean;
  /** upgrade rights active on the evaluation day */
  upgrade: boolean;
  validity: 'valid' | 'expired' | 'not-yet-valid';
  unlimited: boolean;
  /** units (0 for unlimited) */
  quantity: number;
  oemSerial: string | null;
  /** what one unit is: a device, or a named user */
  unit: 'device' | 'user';
}

/** Serials compare trimmed and upper-cased, as inventory stores them. */
export function normSerial(s: string | null): string | null {
  const t = s?.trim().toUpperCase();
  return t ? t : null;
}

// Edition names are few and repeat across millions of installs: normalise each once (bounded memo).
const editionMemo = new Map<string, string | null>();

/** Editions compare trimmed and lower-cased. */
export function normEdition(s: string | null): string | null {
  if (s === null) return null;
  let t = editionMemo.get(s);
  if (t === undefined) {
    const n = s.trim().toLowerCase();
    t = n ? n : null;
    if (editionMemo.size >= 10_000) editionMemo.clear();
    editionMemo.set(s, t);
  }
  return t;
}

const SCOPE_RANK: Record<ScopeKind, number> = { org: 0, 'org-subtree': 1, region: 2 };

function compile(e: Entitlement, day: string): CompiledEntitlement {
  const { lower, upper } = rangeBounds(e.versionRange);
  const unlimited = UNLIMITED_METRICS.includes(e.metric);
  const start = e.start ? toDay(e.start) : null;
  const end = e.end ? toDay(e.end) : null;
  const q = Number.isFinite(e.quantity) ? Math.max(0, Math.floor(e.quantity)) : 0;
  return {
    e,
    rank: 0,
    productKeys: [...new Set(e.productKeys)],
    scopeKind: e.scope.kind,
    regionPrefix: e.scope.kind === 'region' ? regionPrefix(e.scope.regionCode) : null,
    editions: e.editions === null ? null : new Set(e.editions.map((x) => normEdition(x)).filter((x): x is string => x !== null)),
    freeOnly: e.metric === 'free' && e.editions === null,
    lower,
    upper,
    downgrade: e.downgradeRights,
    upgrade: e.upgradeRightsUntil !== null && day <= toDay(e.upgradeRightsUntil),
    validity: start !== null && day < start ? 'not-yet-valid' : end !== null && day > end ? 'expired' : 'valid',
    unlimited,
    quantity: unlimited ? 0 : e.metric === 'oem' ? 1 : q,
    oemSerial: e.metric === 'oem' ? normSerial(e.oemSerial) : null,
    unit: e.metric === 'user' ? 'user' : 'device',
  };
}

/** How specific a scope is within its kind: deeper subtrees and longer region prefixes first. */
function scopeDepth(c: CompiledEntitlement, orgs: ReadonlyMap<string, OrgInfo>): number {
  if (c.scopeKind === 'region') return c.regionPrefix!.length;
  if (c.scopeKind === 'org-subtree') return orgs.get(c.e.orgId)?.lineage.length ?? 1;
  return 0;
}

/**
 * Compiles entitlements for a day and puts them in allocation order:
 * OEM first (it fits only its own device); then unlimited ones (site, free:
 * they never run out, so using them first saves counted units); then the
 * most specific: org scope before subtree before region (deeper first),
 * listed editions before any edition (fewer first), ranges with fewer open
 * sides (after downgrade/upgrade rights) first; then the soonest-expiring;
 * ties by id.
 */
export function compileEntitlements(entitlements: readonly Entitlement[], orgs: ReadonlyMap<string, OrgInfo>, day: string): CompiledEntitlement[] {
  const keyed = entitlements.map((e) => {
    const c = compile(e, day);
    const open = (c.lower === null || c.downgrade ? 1 : 0) + (c.upper === null || c.upgrade ? 1 : 0);
    const key = [c.e.metric === 'oem' ? 0 : c.unlimited ? 1 : 2, SCOPE_RANK[c.scopeKind], -scopeDepth(c, orgs), c.editions === null ? Number.MAX_SAFE_INTEGER : c.editions.size, open];
    return { c, key, end: c.e.end ? toDay(c.e.end) : '\uffff' };
  });
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i]! - b.key[i]!;
    if (a.end !== b.end) return a.end < b.end ? -1 : 1;
    return a.c.e.id < b.c.e.id ? -1 : a.c.e.id > b.c.e.id ? 1 : 0;
  });
  return keyed.map(({ c }, i) => ((c.rank = i), c));
}

/** Whether the organization may use the entitlement. */
export function inScope(c: CompiledEntitlement, org: OrgInfo): boolean {
  switch (c.scopeKind) {
    case 'org':
      return org.id === c.e.orgId;
    case 'org-subtree':
      return org.lineage.includes(c.e.orgId);
    case 'region':
      return org.type === 'agency' && org.regionCode !== null && org.regionCode.startsWith(c.regionPrefix!);
  }
}

/**
 * Whether an out-of-scope entitlement is worth naming to the organization
 * ("out-of-scope"): owned by it or an ancestor, or a central purchase of its
 * province. Another organization's licence elsewhere explains nothing.
 */
export function related(c: CompiledEntitlement, org: OrgInfo): boolean {
  if (org.lineage.includes(c.e.orgId)) return true;
  return c.regionPrefix !== null && org.regionCode !== null && org.regionCode.slice(0, 2) === c.regionPrefix.slice(0, 2);
}

/** What the title-level checks look at: the recognised title of an install, device aside. */
export type TitleFacts = Pick<Install, 'edition' | 'majorRelease' | 'release' | 'licenceClass'>;

/**
 * The first check an in-scope entitlement fails for an install, quantity
 * aside: edition, version, dates, OEM device, in that order (later checks
 * are closer to coverage). Null: the entitlement fits.
 */
export function fitOf(c: CompiledEntitlement, install: TitleFacts & Pick<Install, 'deviceSerial'>): UncoveredReason | null {
  return titleFit(c, install) ?? deviceFit(c, normSerial(install.deviceSerial));
}

/**
 * The checks of `fitOf` that depend on the title alone (edition, version,
 * dates): the same for every install of one title, so the engine asks once
 * per entitlement and title.
 */
export function titleFit(c: CompiledEntitlement, title: TitleFacts): UncoveredReason | null {
  if (c.editions === null) {
    if (c.freeOnly && !FREE_CLASSES.has(title.licenceClass)) return 'wrong-edition';
  } else {
    const edition = normEdition(title.edition);
    if (edition === null || !c.editions.has(edition)) return 'wrong-edition';
  }
  if (!versionCovered(title, c, { downgrade: c.downgrade, upgrade: c.upgrade })) return 'version-out-of-range';
  if (c.validity !== 'valid') return c.validity;
  return null;
}

/** The last check of `fitOf`: an OEM licence fits only the device of its serial (`serial`: the device's, normalised by `normSerial`). */
export function deviceFit(c: CompiledEntitlement, serial: string | null): UncoveredReason | null {
  if (c.e.metric === 'oem' && (c.oemSerial === null || serial !== c.oemSerial)) return 'oem-other-device';
  return null;
}

/**
 * Entitlements by owner and product (org and subtree scopes) and by
 * province and product (region scopes). Organization first: the groups of
 * an allocation come organization by organization, so one organization's
 * maps answer its many products while they are in the cache.
 */
export interface CandidateIndex {
  byOwner: Map<string, Map<string, CompiledEntitlement[]>>;
  byProvince: Map<string, Map<string, CompiledEntitlement[]>>;
  /** per province list of a product: the candidates from it alone, by organization type and region code (`candidatesFor`) */
  regional: Map<readonly CompiledEntitlement[], Map<OrgNode['type'] | null, Map<string | null, Candidates>>>;
  /** the maps of the organization last asked about (`mapsOf`) */
  last: OrgMaps | null;
}

/** What `candidatesFor` looks in for one organization: its lineage's owner maps that exist, root first, and its province's. */
interface OrgMaps {
  org: OrgInfo;
  owners: Map<string, CompiledEntitlement[]>[];
  province: Map<string, CompiledEntitlement[]> | undefined;
}

function mapsOf(index: CandidateIndex, org: OrgInfo): OrgMaps {
  if (index.last !== null && index.last.org === org) return index.last;
  const owners: Map<string, CompiledEntitlement[]>[] = [];
  for (const id of org.lineage) {
    const m = index.byOwner.get(id);
    if (m) owners.push(m);
  }
  return (index.last = { org, owners, province: org.regionCode === null ? undefined : index.byProvince.get(org.regionCode.slice(0, 2)) });
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Indexes compiled entitlements for `candidatesFor`. */
/** `list` in allocation order (rank): every list of the index then is too (candidatesFor counts on it). */
export function candidateIndex(list: readonly CompiledEntitlement[]): CandidateIndex {
  const byOwner = new Map<string, Map<string, CompiledEntitlement[]>>();
  const byProvince = new Map<string, Map<string, CompiledEntitlement[]>>();
  for (const c of list) {
    const key = c.regionPrefix !== null ? c.regionPrefix.slice(0, 2) : c.e.orgId;
    const within = c.regionPrefix !== null ? byProvince : byOwner;
    let m = within.get(key);
    if (!m) within.set(key, (m = new Map()));
    for (const p of c.productKeys) push(m, p, c);
  }
  return { byOwner, byProvince, regional: new Map(), last: null };
}

/** What an organization × product looks at: entitlements it may use, and those worth naming as out of scope. */
export interface Candidates {
  readonly inScope: readonly CompiledEntitlement[];
  readonly related: readonly CompiledEntitlement[];
}
const NO_CANDIDATES: Candidates = Object.freeze({ inScope: Object.freeze([]), related: Object.freeze([]) });

const byRank = (a: CompiledEntitlement, b: CompiledEntitlement) => a.rank - b.rank;

/** Sorts candidates by rank in place: short lists by insertion (Array.prototype.sort copies the list first, once per group of an estate). */
function sortByRank(list: CompiledEntitlement[]): void {
  if (list.length > 32) return void list.sort(byRank);
  for (let i = 1; i < list.length; i++) {
    const c = list[i]!;
    let j = i;
    for (; j > 0 && list[j - 1]!.rank > c.rank; j--) list[j] = list[j - 1]!;
    list[j] = c;
  }
}

/**
 * The candidates of an organization from the region-scoped entitlements of
 * its province alone. They depend on its type and region code only (a
 * central purchase of the province is related to every organization of it,
 * whatever its lineage), so the answer is kept per type and region code:
 * thousands of organizations share a few hundred answers.
 */
function regionalCandidates(index: CandidateIndex, list: readonly CompiledEntitlement[], org: OrgInfo): Candidates {
  // Keyed by the organization's own type and region strings (their hashes are kept after the first
  // lookup), not by a key string built per call, which would be hashed anew each time.
  let byType = index.regional.get(list);
  if (!byType) index.regional.set(list, (byType = new Map()));
  let memo = byType.get(org.type);
  if (!memo) byType.set(org.type, (memo = new Map()));
  let hit = memo.get(org.regionCode);
  if (!hit) {
    const inside: CompiledEntitlement[] = [];
    const outside: CompiledEntitlement[] = [];
    for (const c of list) if (inScope(c, org)) inside.push(c); else if (related(c, org)) outside.push(c);
    sortByRank(inside);
    sortByRank(outside);
    memo.set(org.regionCode, (hit = { inScope: inside, related: outside }));
  }
  return hit;
}

/**
 * The entitlements of a product an organization must look at, in
 * allocation order: those it may use (`inScope`) and those worth naming as
 * out of scope (`related`). Found through the organization's lineage and
 * province only, never by scanning every entitlement of the product. The
 * answer is shared (read it, never change it).
 */
export function candidatesFor(index: CandidateIndex, org: OrgInfo, productKey: string): Candidates {
  const maps = mapsOf(index, org);
  const regional = maps.province?.get(productKey);
  let mine: CompiledEntitlement[][] | null = null;
  for (const owners of maps.owners) {
    const list = owners.get(productKey);
    if (list) (mine ??= []).push(list);
  }
  // Most products of an estate have no entitlement at all: answer without allocating.
  if (mine === null && !regional) return NO_CANDIDATES;
  const base = regional ? regionalCandidates(index, regional, org) : NO_CANDIDATES;
  if (mine === null) return base;
  const inside: CompiledEntitlement[] = [...base.inScope];
  const outside: CompiledEntitlement[] = [...base.related];
  // Each list is in rank order (the index is built in allocation order): a sort only where two lists meet.
  let insideLists = inside.length > 0 ? 1 : 0;
  let outsideLists = outside.length > 0 ? 1 : 0;
  for (const list of mine) {
    const i0 = inside.length;
    const o0 = outside.length;
    for (const c of list) (inScope(c, org) ? inside : outside).push(c); // an ancestor's licence is always related
    if (inside.length > i0) insideLists++;
    if (outside.length > o0) outsideLists++;
  }
  // A lineage id appears once, an entitlement sits under one owner or one province: no duplicates.
  if (insideLists > 1) sortByRank(inside);
  if (outsideLists > 1) sortByRank(outside);
  return { inScope: inside, related: outside };
}

/**
 * Why one entitlement does not cover one install, quantity aside, or null
 * when it would: for the drill-down that lists every entitlement of the
 * product next to an install. `no-entitlement`: it is not for this product.
 */
export function checkEntitlement(install: Install, entitlement: Entitlement, orgs: readonly OrgNode[], at: string): UncoveredReason | null {
  const index = orgIndex(orgs);
  const c = compile(entitlement, toDay(at));
  if (!c.productKeys.includes(install.productKey)) return 'no-entitlement';
  if (!inScope(c, orgOf(index, install.orgId))) return 'out-of-scope';
  return fitOf(c, install);
}
