/**
 * Micro-benchmark of the allocation on a generated estate (no database):
 * 5,000 organizations, 100,000 devices × 60 installs = 6,000,000 installs
 * over 3,000 products with a Zipf skew, 20,000 entitlements of every metric
 * and scope. Prints the time of each step and the memory.
 *
 *   node --expose-gc --import tsx packages/core/licensing/allocate-speed.ts [--devices 100000] [--entitlements 20000]
 *
 * With --expose-gc the heap is collected before each timed step, so a step
 * does not pay for the garbage of the one before (steadier figures).
 */
import { SOFTWARE_CATEGORIES, type SoftwareCategory } from '../../contracts/recognition.ts';
import { orgLegalization, rollUpRegions } from './legalization.rules.ts';
import { buildPoolIndex, entitlementsForPool, groupsOf, poolOf } from './licensing.pools.ts';
import { priceBook } from './licensing.prices.ts';
import { allocateOrgProduct, allocateTable, coverageRows } from './licensing.rules.ts';
import type { Entitlement, Install, LicenceMetric, OrgNode } from './licensing.types.ts';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const DEVICES = arg('devices', 100_000);
const PER_DEVICE = arg('installs', 60);
const PRODUCTS = arg('products', 3_000);
const ENTITLEMENTS = arg('entitlements', 20_000);
const ORGS = arg('orgs', 5_000);
const AT = '2026-06-01';

/** mulberry32: the same estate every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20260601);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;

// Organizations: groups of five like bench/generate-orgs.ts, a prefecture office and four county children.
const orgs: OrgNode[] = [];
for (let i = 0; i < ORGS; i++) {
  const province = 11 + (Math.floor(i / 5) % 31);
  const prefecture = 1 + (Math.floor(i / 155) % 9);
  const pre = `${province}${String(prefecture).padStart(2, '0')}`;
  if (i % 5 === 0) orgs.push({ id: `org-${i}`, path: `/org-${i}/`, regionCode: `${pre}00`, type: 'agency' });
  else {
    const parent = orgs[i - (i % 5)]!;
    orgs.push({ id: `org-${i}`, path: `${parent.path}org-${i}/`, regionCode: `${pre}${String(1 + (i % 7)).padStart(2, '0')}`, type: rand() < 0.5 ? 'agency' : 'enterprise' });
  }
}

// Products: 0 the OS, 1 the office suite, 2 its Word, 3 a commercial antivirus; then a long tail in which
// about one product in twelve needs a licence (most installed items are free tools, runtimes, drivers).
interface Product {
  key: string;
  category: SoftwareCategory;
  requires: boolean;
  editions: string[];
}
const products: Product[] = [];
for (let p = 0; p < PRODUCTS; p++) {
  const category: SoftwareCategory = p === 0 ? 'operating-system' : p <= 2 ? 'office-suite' : p === 3 ? 'security' : pick(SOFTWARE_CATEGORIES);
  products.push({
    key: p === 0 ? 'microsoft/windows' : p === 1 ? 'microsoft/office' : p === 2 ? 'microsoft/word' : p === 3 ? 'vendor/antivirus' : `vendor${p % 97}/product-${p}`,
    category,
    requires: p < 4 || rand() < 0.08,
    editions: p === 1 ? ['Professional Plus', 'Standard'] : p === 0 ? ['Professional', 'Home'] : rand() < 0.3 ? ['Pro', 'Std'] : ['Std'],
  });
}
const OFFICE_RELEASES = [
  { major: '16.0', release: '2016', w: 0.4 },
  { major: '16.0', release: '2019', w: 0.35 },
  { major: '16.0', release: '2021', w: 0.15 },
  { major: '15.0', release: '2013', w: 0.1 },
];
function officeRelease(): { major: string; release: string } {
  let x = rand();
  for (const r of OFFICE_RELEASES) if ((x -= r.w) < 0) return r;
  return OFFICE_RELEASES[0]!;
}
// Zipf-like skew over the tail: rank r drawn with weight 1/r.
const harmonic: number[] = [];
let h = 0;
for (let r = 4; r < PRODUCTS; r++) harmonic.push((h += 1 / (r - 3)));
function tailProduct(): number {
  const x = rand() * h;
  let lo = 0;
  let hi = harmonic.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (harmonic[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo + 4;
}

const t0 = performance.now();
const installs: Install[] = [];
const deviceOrg: number[] = [];
const devicesOf = new Array<number>(ORGS).fill(0);
const titles = new Map<string, string>();
const titleOf = (p: string, e: string, m: string | null, r: string | null) => {
  const k = `${p}|${e}|${m}|${r}`;
  let t = titles.get(k);
  if (!t) titles.set(k, (t = k));
  return t;
};
for (let d = 0; d < DEVICES; d++) {
  const o = Math.min(ORGS - 1, Math.floor(Math.pow(rand(), 1.3) * ORGS));
  const org = orgs[o]!;
  deviceOrg.push(o);
  devicesOf[o]!++;
  const deviceId = `dev-${d}`;
  const serial = `SN${d}`;
  const userId = rand() < 0.7 ? `user-${o}-${int(Math.max(1, devicesOf[o]!))}` : null;
  const chosen = new Set<number>([0]);
  if (rand() < 0.8) chosen.add(1);
  if (rand() < 0.05) chosen.add(2);
  if (rand() < 0.9) chosen.add(3);
  while (chosen.size < PER_DEVICE) chosen.add(tailProduct());
  for (const p of chosen) {
    const prod = products[p]!;
    const edition = p === 0 ? (rand() < 0.9 ? 'Professional' : 'Home') : p === 1 ? (rand() < 0.8 ? 'Professional Plus' : 'Standard') : pick(prod.editions);
    const v = p === 1 || p === 2 ? officeRelease() : { major: p === 0 ? (rand() < 0.7 ? '10' : '11') : String(1 + int(12)), release: null };
    installs.push({
      orgId: org.id,
      deviceId,
      deviceSerial: serial,
      userId,
      titleKey: titleOf(prod.key, edition, v.major, v.release),
      productKey: prod.key,
      edition,
      majorRelease: v.major,
      release: v.release,
      category: prod.category,
      requiresLicence: prod.requires,
      licenceClass: prod.requires ? 'commercial' : 'freeware',
    });
  }
}

// Entitlements: what a legalized estate looks like, with gaps. Per organization a Windows volume
// licence and (mostly) an Office volume licence with downgrade rights up to 2019, sized below the
// device count; OEM Windows bound to devices; central purchases (省/市 region scope); antivirus site
// licences for prefecture subtrees; per-device, per-user, concurrent and subscription licences for
// commercial tail products; a few free-edition entitlements.
const entitlements: Entitlement[] = [];
let seq = 0;
const base = (over: Partial<Entitlement> & Pick<Entitlement, 'orgId' | 'productKeys' | 'metric' | 'quantity'>): Entitlement => ({
  id: `ent-${String(seq++).padStart(6, '0')}`,
  scope: { kind: 'org' },
  editions: null,
  versionRange: {},
  downgradeRights: false,
  upgradeRightsUntil: null,
  oemSerial: null,
  agreementNo: null,
  start: null,
  end: null,
  unitPrice: rand() < 0.6 ? 100 + int(3000) : null,
  currency: 'CNY',
  purchasedAt: `202${int(6)}-0${1 + int(9)}-1${int(9)}`,
  ...over,
});
const withDevices = orgs.map((o, i) => ({ o, n: devicesOf[i]! })).filter((x) => x.n > 0);
const budget = (share: number) => Math.floor(ENTITLEMENTS * share);
for (const { o, n } of withDevices.slice(0, budget(0.27))) {
  entitlements.push(base({ orgId: o.id, productKeys: ['microsoft/windows'], editions: ['Professional'], metric: 'volume', quantity: Math.round(n * (0.5 + rand() * 0.45)), agreementNo: `W-${o.id}` }));
}
for (const { o, n } of withDevices.slice(0, budget(0.2))) {
  if (rand() < 0.9)
    entitlements.push(
      base({ orgId: o.id, productKeys: ['microsoft/office', 'microsoft/word'], editions: ['Professional Plus'], versionRange: { max: '16.0', maxRelease: '2019' }, downgradeRights: true, upgradeRightsUntil: rand() < 0.2 ? '2027-06-30' : null, metric: 'volume', quantity: Math.round(n * (0.4 + rand() * 0.5)) }),
    );
}
for (let i = 0; i < budget(0.15); i++) {
  const d = int(DEVICES);
  entitlements.push(base({ orgId: orgs[deviceOrg[d]!]!.id, productKeys: ['microsoft/windows'], metric: 'oem', quantity: 1, oemSerial: `SN${d}`, unitPrice: null }));
}
for (let i = 0; i < budget(0.02); i++) {
  const o = pick(orgs.filter((x) => x.type === 'agency' && x.regionCode.endsWith('00')));
  const code = rand() < 0.3 ? `${o.regionCode.slice(0, 2)}0000` : o.regionCode;
  entitlements.push(base({ orgId: o.id, scope: { kind: 'region', regionCode: code }, productKeys: [pick(['microsoft/windows', 'microsoft/office', 'vendor/antivirus'])], metric: 'volume', quantity: 200 + int(2000) }));
}
for (let i = 0; i < budget(0.03); i++) {
  const o = orgs[5 * int(ORGS / 5)]!;
  entitlements.push(base({ orgId: o.id, scope: { kind: 'org-subtree' }, productKeys: ['vendor/antivirus'], metric: 'site', quantity: 0 }));
}
const commercialTail = products.map((p, i) => ({ p, i })).filter((x) => x.i >= 4 && x.p.requires);
const tailMetrics: LicenceMetric[] = ['device', 'device', 'device', 'user', 'concurrent', 'subscription', 'volume'];
while (entitlements.length < ENTITLEMENTS - 50) {
  // Popular commercial products get more licences: take the lowest rank of three draws.
  const prod = commercialTail[Math.min(int(commercialTail.length), int(commercialTail.length), int(commercialTail.length))]!.p;
  const metric = pick(tailMetrics);
  const { o, n } = pick(withDevices);
  entitlements.push(
    base({
      orgId: o.id,
      scope: rand() < 0.1 && o.path.split('/').length === 3 ? { kind: 'org-subtree' } : { kind: 'org' },
      productKeys: [prod.key],
      editions: rand() < 0.3 ? [pick(prod.editions)] : null,
      metric,
      quantity: 1 + int(Math.max(2, Math.round(n / 4))),
      start: metric === 'subscription' ? '2025-01-01' : null,
      end: metric === 'subscription' ? (rand() < 0.8 ? '2026-12-31' : '2026-01-31') : null,
    }),
  );
}
while (entitlements.length < ENTITLEMENTS) {
  const prod = products[4 + int(PRODUCTS - 4)]!;
  entitlements.push(base({ orgId: pick(orgs).id, productKeys: [prod.key], editions: [prod.editions[0]!], metric: 'free', quantity: 0, unitPrice: null }));
}
const genMs = performance.now() - t0;

/** A full collection before a timed step, when the runtime allows it. */
const settle = () => (globalThis as { gc?: () => void }).gc?.();
const mb = (n: number) => `${Math.round(n / 1048576).toLocaleString('en-US')} MB`;
const rssBefore = process.memoryUsage().rss;
settle();
const t1 = performance.now();
const cpu1 = process.cpuUsage();
const table = allocateTable({ installs, entitlements, orgs, at: AT });
const allocMs = performance.now() - t1;
const allocCpu = process.cpuUsage(cpu1);
const rssTable = process.memoryUsage().rss;
// A server recomputes again and again: the second run shows the warm figure.
settle();
const t1w = performance.now();
allocateTable({ installs, entitlements, orgs, at: AT });
const warmMs = performance.now() - t1w;
// A service may load only the installs that need a licence (the rest are `not-required` by definition).
const requiredOnly = installs.filter((i) => i.requiresLicence);
settle();
const t1r = performance.now();
allocateTable({ installs: requiredOnly, entitlements, orgs, at: AT });
const requiredMs = performance.now() - t1r;
settle();
const t1b = performance.now();
const result = { coverage: coverageRows(table), positions: table.positions };
const rowsMs = performance.now() - t1b;
const rssAfter = process.memoryUsage().rss;

settle();
const t2 = performance.now();
const figures = orgLegalization(result.coverage);
const regions = rollUpRegions(figures, orgs);
const rateMs = performance.now() - t2;

// Incremental: the pool of one organization × product (often a central purchase's pool), recomputed
// as a service would: index and price book kept, the pool's installs and entitlements loaded.
settle();
const t3 = performance.now();
const index = buildPoolIndex({ groups: groupsOf(installs, entitlements), entitlements, orgs, at: AT });
const prices = priceBook(entitlements);
const indexMs = performance.now() - t3;
const byGroup = new Map<string, Install[]>();
for (const i of installs) {
  const k = `${i.orgId}\u0000${i.productKey}`;
  const list = byGroup.get(k);
  if (list) list.push(i);
  else byGroup.set(k, [i]);
}
const entById = new Map(entitlements.map((e) => [e.id, e]));
const SEEDS = 40;
const incTimes: number[] = [];
let poolGroups = 0;
let poolInstallCount = 0;
for (let n = 0; n < SEEDS; n++) {
  const seed = { orgId: orgs[deviceOrg[int(DEVICES)]!]!.id, productKey: pick(['microsoft/windows', 'microsoft/office', 'vendor/antivirus']) };
  const s = performance.now();
  const pool = poolOf(index, seed);
  const poolInstalls = pool.groups.flatMap((g) => byGroup.get(`${g.orgId}\u0000${g.productKey}`) ?? []);
  const ents = entitlementsForPool(index, pool).map((id) => entById.get(id)!);
  allocateOrgProduct({ ...seed, installs: poolInstalls, entitlements: ents, orgs, at: AT, index, prices });
  incTimes.push(performance.now() - s);
  poolGroups += pool.groups.length;
  poolInstallCount += poolInstalls.length;
}
incTimes.sort((x, y) => x - y);
const quantile = (q: number) => incTimes[Math.min(SEEDS - 1, Math.floor(q * SEEDS))]!;

const covered = result.coverage.filter((c) => c.status === 'covered').length;
const required = result.coverage.filter((c) => c.status !== 'not-required').length;
const national = regions.find((r) => r.level === 'national')!;
console.log(
  [
    `estate: ${orgs.length.toLocaleString('en-US')} orgs, ${DEVICES.toLocaleString('en-US')} devices, ${installs.length.toLocaleString('en-US')} installs, ${PRODUCTS.toLocaleString('en-US')} products, ${entitlements.length.toLocaleString('en-US')} entitlements (generated in ${(genMs / 1000).toFixed(1)} s)`,
    `allocateTable: ${(allocMs / 1000).toFixed(2)} s first run (CPU ${((allocCpu.user + allocCpu.system) / 1e6).toFixed(2)} s, GC threads included), ${(warmMs / 1000).toFixed(2)} s warm → ${result.positions.length.toLocaleString('en-US')} positions; ${required.toLocaleString('en-US')} installs need a licence, ${covered.toLocaleString('en-US')} covered (rate ${((national.overall.rate ?? 0) * 100).toFixed(1)} %)`,
    `allocateTable given only the ${requiredOnly.length.toLocaleString('en-US')} installs that need a licence: ${(requiredMs / 1000).toFixed(2)} s`,
    `coverage rows (allocate = allocateTable + rows): ${(rowsMs / 1000).toFixed(2)} s → ${result.coverage.length.toLocaleString('en-US')} rows`,
    `legalization + roll-up: ${(rateMs / 1000).toFixed(2)} s → ${regions.length.toLocaleString('en-US')} region nodes`,
    `pool index + price book: ${(indexMs / 1000).toFixed(2)} s (kept by a service); one group's pool recomputed (${SEEDS} groups of Windows/Office/antivirus): p50 ${quantile(0.5).toFixed(1)} ms, p95 ${quantile(0.95).toFixed(1)} ms, max ${incTimes[SEEDS - 1]!.toFixed(1)} ms (on average ${(poolGroups / SEEDS).toFixed(0)} groups, ${Math.round(poolInstallCount / SEEDS).toLocaleString('en-US')} installs per pool)`,
    `memory: RSS ${mb(rssBefore)} before (the estate), ${mb(rssTable)} after allocateTable, ${mb(rssAfter)} with the rows, peak ${mb(process.resourceUsage().maxRSS * 1024)}`,
  ].join('\n'),
);
