import { sql } from 'kysely';
import { softwareKey } from '../packages/core/inventory/inventory.rules.ts';
import type { Database } from '../packages/storage/database.ts';
import { repositories } from '../packages/storage/repositories/index.ts';
import type { StoredInstall } from '../packages/storage/repositories/inventory.repository.ts';
import type { DevicesTable, EntitlementTransfersTable, EntitlementsTable, OrganizationsTable, SoftwareTitlesTable } from '../packages/storage/schema.ts';
import { makeUscc, prng } from '../packages/storage/seeds/uscc-generator.ts';

/*
 * A generated estate for the compliance engine (issue 5), written straight
 * into a fresh, migrated database: organizations on a province → prefecture
 * → county tree of real region codes, devices with serials and last users,
 * their installs (device_software_sets) over recognised software titles, and
 * entitlements of every metric and scope, with a few transfers. The same
 * seed gives the same estate. The shapes follow
 * packages/core/licensing/allocate-speed.ts (the allocation's own
 * micro-benchmark), here as stored rows.
 */

/** How big an estate is. */
export interface EstateSize {
  /** organizations (单位), on a region tree */
  orgs: number;
  devices: number;
  /** mean installs per device (each device has 0.5×–1.5× this many) */
  installsPerDevice: number;
  /** recognised products; the first five are Windows, Office, Word, Excel and an antivirus */
  products: number;
  entitlements: number;
  /** share of the long-tail products that need a licence (most installed software is free) */
  licensedShare: number;
  seed: number;
}

/** Issue 5's estate: 5,000 organizations, 100,000 devices, 6,000,000 installs, 3,000 products, 20,000 entitlements. */
export const ISSUE5_ESTATE: EstateSize = { orgs: 5_000, devices: 100_000, installsPerDevice: 60, products: 3_000, entitlements: 20_000, licensedShare: 1 / 12, seed: 20260601 };

/** The evaluation day the estate is built for (subscriptions around it have expired or not). */
export const ESTATE_DAY = '2026-06-01';

/**
 * The size from the environment: `BENCH_COMPLIANCE_DEVICES` scales the
 * organizations and entitlements with it (a quick run: 10000);
 * `BENCH_COMPLIANCE_ORGS`, `…_INSTALLS` (per device), `…_PRODUCTS`,
 * `…_ENTITLEMENTS` and `…_SEED` override one figure each.
 */
export function estateSizeFromEnv(env: NodeJS.ProcessEnv = process.env): EstateSize {
  const num = (name: string, dflt: number) => {
    const v = env[`BENCH_COMPLIANCE_${name}`];
    if (v === undefined || v === '') return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`BENCH_COMPLIANCE_${name} must be a positive number, got ${v}`);
    return n;
  };
  const devices = Math.round(num('DEVICES', ISSUE5_ESTATE.devices));
  const scale = devices / ISSUE5_ESTATE.devices;
  return {
    ...ISSUE5_ESTATE,
    devices,
    orgs: Math.round(num('ORGS', Math.max(30, Math.round(ISSUE5_ESTATE.orgs * scale)))),
    installsPerDevice: num('INSTALLS', ISSUE5_ESTATE.installsPerDevice),
    products: Math.round(num('PRODUCTS', ISSUE5_ESTATE.products)),
    entitlements: Math.round(num('ENTITLEMENTS', Math.max(60, Math.round(ISSUE5_ESTATE.entitlements * scale)))),
    seed: Math.round(num('SEED', ISSUE5_ESTATE.seed)),
  };
}

/** A region as the regions table holds it. */
export interface RegionRef {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
}

/** A product of the estate and its titles (indexes into `EstatePlan.titles`). */
export interface EstateProduct {
  key: string;
  category: string;
  requiresLicence: boolean;
  editions: string[];
  titles: number[];
}

/** A generated device: everything but its installs. */
export interface EstateDevice {
  orgIndex: number;
  id: string;
  serial: string;
  user: string | null;
  active: boolean;
}

/** The estate before its installs: small enough to hold; installs are streamed by `devicesWithInstalls`. */
export interface EstatePlan {
  size: EstateSize;
  orgs: OrganizationsTable[];
  titles: SoftwareTitlesTable[];
  products: EstateProduct[];
  /** devices ordered by organization, then id: the primary-key order of devices and device_software_sets */
  devices: EstateDevice[];
  entitlements: EntitlementsTable[];
  transfers: EntitlementTransfersTable[];
  /** title keys that need a licence (what the incremental workloads add and remove) */
  licensedTitleKeys: string[];
}

const STAMP = '2026-05-20T02:00:00.000Z';

/** A UUIDv7-shaped id that sorts by `n`, so generation order is primary-key order. */
const uuidOf = (kind: number, n: number) => `0196f0${kind.toString(16).padStart(2, '0')}-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

/** Builds everything but the installs: organizations, titles, device list, entitlements, transfers. */
export function planEstate(size: EstateSize, regions: readonly RegionRef[]): EstatePlan {
  const rand = prng(size.seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;

  // ——— organizations: a provincial office per province, prefecture offices below, county agencies and enterprises below those ———
  const byParent = new Map<string, RegionRef[]>();
  for (const r of regions) if (r.parent_code) (byParent.get(r.parent_code) ?? byParent.set(r.parent_code, []).get(r.parent_code)!).push(r);
  const allProvinces = regions.filter((r) => r.level === 'province' && (byParent.get(r.code)?.length ?? 0) > 0).sort((a, b) => (a.code < b.code ? -1 : 1));
  if (allProvinces.length === 0) throw new Error('the regions table is empty: migrate loads it');
  const provinceCount = Math.min(allProvinces.length, Math.max(2, Math.round(size.orgs / 150)));
  // Zhejiang first (the bench province of the other workloads), then the others in a seeded order.
  const provinces = [...allProvinces.filter((p) => p.code === '330000'), ...allProvinces.filter((p) => p.code !== '330000').sort(() => rand() - 0.5)].slice(0, provinceCount);
  // Skew: a province's weight falls with its rank (the largest gets ~6× the smallest).
  const provinceWeights = provinces.map((_, i) => 1 / (1 + i / 6));
  const names = new Map(regions.map((r) => [r.code, r.name]));
  const orgs: OrganizationsTable[] = [];
  const usccs = new Set<string>();
  const uscc = (kind: 'agency' | 'enterprise', region: string) => {
    for (;;) {
      const c = makeUscc(kind, region, rand);
      if (!usccs.has(c)) return usccs.add(c), c;
    }
  };
  const addOrg = (o: Omit<OrganizationsTable, 'id' | 'uscc' | 'path' | 'created_at' | 'updated_at' | 'agency_kind' | 'ownership' | 'industry'> & { parentPath: string }) => {
    const id = uuidOf(1, orgs.length);
    const { parentPath, ...rest } = o;
    const agency = o.type === 'agency';
    orgs.push({ ...rest, id, uscc: uscc(agency ? 'agency' : 'enterprise', o.region_code), path: `${parentPath}${id}/`, agency_kind: agency ? 'government' : null, ownership: agency ? null : pick(['local-soe', 'private', 'private', 'central-soe']), industry: agency ? null : pick(['machinery', 'banking', 'publishing', 'other', 'other']), created_at: STAMP, updated_at: STAMP });
    return orgs[orgs.length - 1]!;
  };
  const roots = provinces.map((p) => addOrg({ name: `${p.name}人民政府办公厅`, type: 'agency', level: 'provincial', region_code: p.code, parent_id: null, staff_count: 300, parentPath: '/' }));
  const prefectureOffices: { org: OrganizationsTable; counties: RegionRef[] }[] = [];
  const countyOrgsPerOffice = 8;
  const officeCount = Math.max(1, Math.round((size.orgs - roots.length) / (countyOrgsPerOffice + 1)));
  const totalWeight = provinceWeights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < officeCount && orgs.length < size.orgs; i++) {
    let x = rand() * totalWeight;
    let pi = 0;
    while (pi < provinces.length - 1 && (x -= provinceWeights[pi]!) > 0) pi++;
    const pref = pick(byParent.get(provinces[pi]!.code)!);
    const office = addOrg({ name: `${names.get(pref.code)}第${i}号人民政府办公室`, type: 'agency', level: 'prefecture', region_code: pref.code, parent_id: roots[pi]!.id, staff_count: 100 + int(400), parentPath: roots[pi]!.path });
    prefectureOffices.push({ org: office, counties: byParent.get(pref.code) ?? [] });
  }
  while (orgs.length < size.orgs) {
    const { org: office, counties } = pick(prefectureOffices);
    const county = counties.length ? pick(counties).code : office.region_code;
    const agency = rand() < 0.55;
    const n = orgs.length;
    addOrg(
      agency
        ? { name: `${names.get(county)}第${n}号${pick(['财政局', '教育局', '卫生健康局', '公安局', '人民法院', '档案馆'])}`, type: 'agency', level: 'county', region_code: county, parent_id: office.id, staff_count: 20 + int(200), parentPath: office.path }
        : { name: `${names.get(county)}${pick(['科技', '软件', '制造', '贸易', '建设', '物流'])}第${n}号有限公司`, type: 'enterprise', level: 'county', region_code: county, parent_id: office.id, staff_count: 50 + int(3000), parentPath: office.path },
    );
  }
  // Children first would break the foreign key: parents were created first, so the array order is safe.

  // ——— products and titles ———
  const titles: SoftwareTitlesTable[] = [];
  const products: EstateProduct[] = [];
  const addTitle = (p: EstateProduct, t: { name: string; version: string; publisher: string; edition: string | null; major: string | null; release: string | null; product: string; licenceClass: string; recognised?: boolean }) => {
    const recognised = t.recognised ?? true;
    titles.push({
      title_key: softwareKey({ name: t.name, version: t.version, arch: 'x64', publisher: t.publisher }),
      name: t.name,
      version: t.version,
      publisher: t.publisher,
      arch: 'x64',
      first_seen_at: STAMP,
      source_hint: 'windows',
      rec_publisher: recognised ? t.publisher : null,
      rec_product: recognised ? t.product : null,
      rec_edition: recognised ? t.edition : null,
      rec_version: recognised ? t.version : null,
      rec_major: recognised ? t.major : null,
      rec_release: recognised ? t.release : null,
      product_key: recognised ? p.key : null,
      parent_key: null,
      category: recognised ? p.category : null,
      licence_class: recognised ? t.licenceClass : null,
      requires_licence: recognised ? (p.requiresLicence ? 1 : 0) : null,
      domestic: null,
      rule_id: recognised ? `bench/${p.key}` : null,
      confidence: recognised ? 0.95 : null,
      recognized_at: recognised ? STAMP : null,
    });
    p.titles.push(titles.length - 1);
  };
  const product = (key: string, category: string, requiresLicence: boolean, editions: string[]) => {
    const p: EstateProduct = { key, category, requiresLicence, editions, titles: [] };
    products.push(p);
    return p;
  };
  const ms = 'Microsoft Corporation';
  const windows = product('microsoft/windows', 'operating-system', true, ['Professional', 'Home', 'Enterprise']);
  for (const [major, build] of [['10', '10.0.19045'], ['11', '10.0.22631']] as const)
    for (const [edition, label] of [['Professional', 'Pro'], ['Home', 'Home'], ['Enterprise', 'Enterprise']] as const) addTitle(windows, { name: `Microsoft Windows ${major} ${label}`, version: build, publisher: ms, edition, major, release: null, product: 'Windows', licenceClass: 'commercial' });
  const office = product('microsoft/office', 'office-suite', true, ['Professional Plus', 'Standard']);
  const RELEASES = [['2013', '15.0', '15.0.4569.1506'], ['2016', '16.0', '16.0.4266.1001'], ['2019', '16.0', '16.0.10827.20138'], ['2021', '16.0', '16.0.14332.20447']] as const;
  for (const [release, major, version] of RELEASES)
    for (const edition of office.editions) addTitle(office, { name: `Microsoft Office ${edition} ${release} - zh-cn`, version, publisher: ms, edition, major, release, product: 'Office', licenceClass: 'commercial' });
  for (const [key, label] of [['microsoft/word', 'Word'], ['microsoft/excel', 'Excel']] as const) {
    const p = product(key, 'office-suite', true, ['Professional Plus']);
    for (const [release, major, version] of RELEASES.slice(1, 3)) addTitle(p, { name: `Microsoft ${label} ${release} - zh-cn`, version, publisher: ms, edition: 'Professional Plus', major, release, product: label, licenceClass: 'commercial' });
  }
  const antivirus = product('qianxin/tianqing', 'security', true, ['Standard']);
  for (const v of ['6.0', '10.0', '10.3']) addTitle(antivirus, { name: '奇安信天擎终端安全管理系统', version: v, publisher: '奇安信科技集团股份有限公司', edition: 'Standard', major: v.split('.')[0]!, release: null, product: '天擎', licenceClass: 'commercial' });
  const SPECIAL = products.length;
  const TAIL_CATEGORIES = ['database', 'cad-design', 'graphics-media', 'development', 'erp-finance', 'browser', 'communication', 'utility', 'utility', 'runtime-driver-component', 'runtime-driver-component', 'runtime-driver-component'];
  for (let p = SPECIAL; p < size.products; p++) {
    const requires = rand() < size.licensedShare;
    const editions = requires && rand() < 0.3 ? ['Pro', 'Std'] : ['Std'];
    const prod = product(`vendor${p % 97}/product-${p}`, pick(TAIL_CATEGORIES), requires, editions);
    const publisher = `Vendor ${p % 97} Ltd.`;
    const recognised = requires || rand() > 0.03;
    const versions = 1 + int(4);
    for (let v = 0; v < versions; v++)
      for (const edition of editions) addTitle(prod, { name: `Product ${p}${edition === 'Pro' ? ' Pro' : ''}`, version: `${v + 1}.${int(10)}.${int(100)}`, publisher, edition, major: String(v + 1), release: null, product: `Product ${p}`, licenceClass: requires ? 'commercial' : pick(['freeware', 'open-source', 'freeware', 'os-component']), recognised });
  }
  const licensedTitleKeys = products.filter((p) => p.requiresLicence).flatMap((p) => p.titles.map((t) => titles[t]!.title_key));

  // ——— devices: a lognormal number per organization (some have none yet), ordered by organization ———
  const weights = orgs.map((o) => (rand() < 0.08 ? 0 : Math.exp(1.1 * gaussian(rand)) * (o.level === 'county' ? 1 : 2.5)));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const perOrg = weights.map((w) => Math.floor((w / wsum) * size.devices));
  for (let left = size.devices - perOrg.reduce((a, b) => a + b, 0); left > 0; ) {
    const i = int(orgs.length);
    if (weights[i]! > 0) perOrg[i]!++, left--;
  }
  const devices: EstateDevice[] = [];
  perOrg.forEach((n, o) => {
    const users = Math.max(1, Math.round(n * 0.8));
    for (let k = 0; k < n; k++) {
      const d = devices.length;
      devices.push({ orgIndex: o, id: uuidOf(2, d), serial: `PF${(1_000_000 + d * 7919).toString(36).toUpperCase()}`, user: rand() < 0.75 ? `u${o}-${int(users)}` : null, active: rand() >= 0.02 });
    }
  });
  const devicesOf = (o: number) => perOrg[o]!;

  // ——— entitlements: a legalized estate with gaps (same mix as allocate-speed.ts, plus suites, transfers, per-user and not-yet-valid) ———
  const entitlements: EntitlementsTable[] = [];
  const ent = (o: OrganizationsTable, over: Partial<Omit<EntitlementsTable, 'id' | 'org_id'>> & Pick<EntitlementsTable, 'name' | 'product_keys_json' | 'metric' | 'quantity'>): EntitlementsTable => {
    const priced = rand() < 0.6;
    const row: EntitlementsTable = {
      editions_json: null,
      version_min: null,
      version_min_release: null,
      version_max: null,
      version_max_release: null,
      downgrade_rights: 0,
      upgrade_rights_until: null,
      oem_serial: null,
      agreement_no: null,
      start_day: null,
      end_day: null,
      scope_kind: 'org',
      scope_region_code: null,
      order_no: null,
      vendor: null,
      unit_price: priced ? 100 + int(3000) : null,
      currency: priced ? 'CNY' : null,
      purchased_at: `202${int(6)}-0${1 + int(9)}-1${int(9)}`,
      notes: null,
      transferred_from_id: null,
      created_by: null,
      created_at: STAMP,
      updated_at: STAMP,
      ...over,
      org_id: o.id,
      id: uuidOf(3, entitlements.length),
    };
    entitlements.push(row);
    return row;
  };
  const keys = (...ks: string[]) => JSON.stringify(ks);
  const budget = (share: number) => Math.max(1, Math.floor(size.entitlements * share));
  const equipped = orgs.map((o, i) => ({ o, i, n: devicesOf(i) })).filter((x) => x.n > 0);
  const shuffled = [...equipped].sort(() => rand() - 0.5);
  for (const { o, n } of shuffled.slice(0, budget(0.25))) ent(o, { name: 'Windows 10/11 专业版 批量许可', product_keys_json: keys('microsoft/windows'), editions_json: JSON.stringify(['Professional']), metric: 'volume', quantity: Math.max(1, Math.round(n * (0.5 + rand() * 0.45))), agreement_no: `W-${o.uscc}` });
  for (const { o, n } of shuffled.slice(0, budget(0.18))) {
    // A suite: Office Professional Plus covers its Word and Excel; downgrade rights down from 2019, sometimes with upgrade rights.
    ent(o, { name: 'Office 2019 专业增强版 批量许可', product_keys_json: keys('microsoft/office', 'microsoft/word', 'microsoft/excel'), editions_json: JSON.stringify(['Professional Plus']), version_min: '16.0', version_min_release: '2019', version_max: '16.0', version_max_release: '2019', downgrade_rights: 1, upgrade_rights_until: rand() < 0.2 ? '2027-06-30' : null, metric: 'volume', quantity: Math.max(1, Math.round(n * (0.4 + rand() * 0.5))), agreement_no: `O-${o.uscc}` });
  }
  for (let i = 0; i < budget(0.15) && devices.length; i++) {
    const d = pick(devices);
    ent(orgs[d.orgIndex]!, { name: 'Windows 预装', product_keys_json: keys('microsoft/windows'), metric: 'oem', quantity: 1, oem_serial: d.serial, unit_price: null, currency: null });
  }
  const centralOwners = [...roots, ...prefectureOffices.map((p) => p.org)];
  for (let i = 0; i < budget(0.02); i++) {
    // 集中采购: a provincial or prefecture office buys for every agency of its region.
    const o = pick(centralOwners);
    const [name, pk] = pick([['Windows 集中采购', keys('microsoft/windows')], ['Office 集中采购', keys('microsoft/office', 'microsoft/word', 'microsoft/excel')], ['天擎 集中采购', keys('qianxin/tianqing')]] as const);
    ent(o, { name, product_keys_json: pk, scope_kind: 'region', scope_region_code: o.region_code, metric: 'volume', quantity: 200 + int(2000), agreement_no: `C-${o.uscc}-${i}` });
  }
  for (let i = 0; i < budget(0.03); i++) {
    const o = pick(prefectureOffices).org;
    ent(o, { name: '天擎 场地授权', product_keys_json: keys('qianxin/tianqing'), scope_kind: 'org-subtree', metric: 'site', quantity: 0 });
  }
  const tail = products.slice(SPECIAL).filter((p) => p.requiresLicence);
  const TAIL_METRICS = ['device', 'device', 'device', 'user', 'concurrent', 'subscription', 'volume', 'site'] as const;
  const freeCount = Math.floor(size.entitlements * 0.0025);
  const transferCount = Math.floor(size.entitlements * 0.005);
  while (tail.length && entitlements.length < size.entitlements - freeCount - transferCount) {
    // Popular commercial products get more licences: the lowest rank of three draws.
    const prod = tail[Math.min(int(tail.length), int(tail.length), int(tail.length))]!;
    const metric = pick(TAIL_METRICS);
    const { o, n } = pick(equipped);
    const subtree = o.level !== 'county' && rand() < 0.1;
    const notYet = rand() < 0.02;
    ent(o, {
      name: `${prod.key} ${metric}`,
      product_keys_json: keys(prod.key),
      editions_json: rand() < 0.3 ? JSON.stringify([pick(prod.editions)]) : null,
      scope_kind: subtree ? 'org-subtree' : 'org',
      metric,
      quantity: metric === 'site' ? 0 : 1 + int(Math.max(2, Math.round(n / 4))),
      agreement_no: metric === 'volume' ? `T-${entitlements.length}` : null,
      start_day: notYet ? '2026-09-01' : metric === 'subscription' ? '2025-01-01' : null,
      end_day: metric === 'subscription' ? (rand() < 0.8 ? '2026-12-31' : '2026-01-31') : null,
    });
  }
  while (entitlements.length < size.entitlements - transferCount) {
    const prod = products[SPECIAL + int(Math.max(1, size.products - SPECIAL))] ?? windows;
    ent(pick(orgs), { name: `${prod.key} 免费版`, product_keys_json: keys(prod.key), editions_json: JSON.stringify([prod.editions[0]!]), metric: 'free', quantity: 0, unit_price: null, currency: null });
  }
  // Transfers (转让): units of a counted entitlement move to a sibling organization, recorded, with a new entitlement there.
  const transfers: EntitlementTransfersTable[] = [];
  const transferable = entitlements.filter((e) => ['volume', 'device', 'user'].includes(e.metric) && e.quantity >= 2);
  const siblings = new Map<string, OrganizationsTable[]>();
  for (const o of orgs) if (o.parent_id) (siblings.get(o.parent_id) ?? siblings.set(o.parent_id, []).get(o.parent_id)!).push(o);
  for (let i = 0; i < transferCount && transferable.length; i++) {
    const src = pick(transferable);
    const from = orgs.find((o) => o.id === src.org_id)!;
    const to = pick((from.parent_id ? siblings.get(from.parent_id) : undefined)?.filter((x) => x.id !== from.id) ?? orgs.filter((x) => x.id !== from.id));
    if (!to) continue;
    const already = transfers.filter((t) => t.entitlement_id === src.id).reduce((a, t) => a + t.quantity, 0);
    const q = Math.min(src.quantity - already, 1 + int(Math.max(1, Math.floor(src.quantity / 3))));
    if (q < 1) continue;
    const tid = uuidOf(4, transfers.length);
    const { id: _id, org_id: _org, ...terms } = src;
    const copy = ent(to, { ...terms, quantity: q, oem_serial: null, scope_kind: 'org', scope_region_code: null, transferred_from_id: tid, notes: `转让自 ${from.name}：机构调整` });
    transfers.push({ id: tid, entitlement_id: src.id, from_org_id: from.id, to_org_id: to.id, quantity: q, new_entitlement_id: copy.id, reason: '机构调整', at: STAMP, by_user: 'bench' });
  }
  return { size, orgs, titles, products, devices, entitlements, transfers, licensedTitleKeys };
}

/** A standard normal draw (Box–Muller). */
function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/**
 * The installs of every device, device by device in primary-key order:
 * Windows on all, Office on most, the antivirus on most, and a Zipf-skewed
 * long tail (a few products on every machine, most on a handful). Installs
 * are as a device's row stores them (first seen with the device), sorted by title key.
 */
export function* devicesWithInstalls(plan: EstatePlan): Generator<{ device: EstateDevice; installs: StoredInstall[] }> {
  const { size, products, titles } = plan;
  // A stream of its own: the installs do not shift when the plan's draws change.
  const rand = prng(size.seed ^ 0x5eed);
  const int = (n: number) => Math.floor(rand() * n);
  const SPECIAL = 5;
  const harmonic: number[] = [];
  let h = 0;
  for (let r = SPECIAL; r < products.length; r++) harmonic.push((h += 1 / (r - SPECIAL + 1)));
  const tailProduct = () => {
    const x = rand() * h;
    let lo = 0;
    let hi = harmonic.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (harmonic[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo + SPECIAL;
  };
  // Within a product, the newer titles are the more common (triangular: weight 1, 3, 5… by position).
  const titleOf = (p: number) => {
    const ts = products[p]!.titles;
    return titles[ts[Math.min(ts.length - 1, Math.floor(ts.length * Math.sqrt(rand())))]!]!.title_key;
  };
  const pickWeighted = (p: number, weights: readonly number[]) => {
    let x = rand();
    const ts = products[p]!.titles;
    for (let i = 0; i < weights.length; i++) if ((x -= weights[i]!) < 0) return titles[ts[i]!]!.title_key;
    return titles[ts[0]!]!.title_key;
  };
  // Windows: 10 Pro, 10 Home, 10 Enterprise, 11 Pro, 11 Home, 11 Enterprise.
  const WINDOWS_WEIGHTS = [0.55, 0.05, 0.05, 0.28, 0.04, 0.03];
  // Office: 2013 ProPlus, 2013 Std, 2016 ProPlus, 2016 Std, 2019…, 2021….
  const OFFICE_WEIGHTS = [0.06, 0.02, 0.3, 0.08, 0.28, 0.07, 0.14, 0.05];
  const chosen = new Set<number>();
  for (const device of plan.devices) {
    const want = Math.max(4, Math.round(size.installsPerDevice * (0.5 + rand())));
    chosen.clear();
    const keys: string[] = [pickWeighted(0, WINDOWS_WEIGHTS)];
    chosen.add(0);
    if (rand() < 0.8) keys.push(pickWeighted(1, OFFICE_WEIGHTS)), chosen.add(1);
    if (rand() < 0.04) keys.push(titleOf(2)), chosen.add(2);
    if (rand() < 0.04) keys.push(titleOf(3)), chosen.add(3);
    if (rand() < 0.9) keys.push(titleOf(4)), chosen.add(4);
    for (let guard = 0; keys.length < want && products.length > SPECIAL && guard < want * 20; guard++) {
      const p = tailProduct();
      if (chosen.has(p)) continue;
      chosen.add(p);
      keys.push(titleOf(p));
    }
    keys.sort();
    const date = `20${20 + int(6)}-0${1 + int(9)}-1${int(9)}`;
    yield { device, installs: keys.map((k): StoredInstall => [k, date, 'windows', null, null, null]) };
  }
}

/** The row of a device, with its install count. */
export function deviceRow(plan: EstatePlan, d: EstateDevice, softwareCount: number): DevicesTable {
  return {
    org_id: plan.orgs[d.orgIndex]!.id,
    id: d.id,
    name: `PC-${d.serial}`,
    uuid: null,
    serial: d.serial,
    macs: '',
    agent_device_id: `PC-${d.serial}-2026-05-20-10-00-00`,
    manufacturer: 'Lenovo',
    model: 'ThinkCentre M920t',
    os_name: 'Microsoft Windows 10 Pro',
    os_version: '10.0.19045',
    os_arch: 'x86_64',
    domain: null,
    last_user: d.user,
    cpu: null,
    memory_mb: 16384,
    source: 'agent',
    agent: 'OCS-NG_WINDOWS_AGENT_v2.10.1.0',
    status: d.active ? 'active' : 'quarantined',
    software_count: softwareCount,
    last_inventory_id: null,
    first_seen_at: STAMP,
    last_seen_at: STAMP,
    updated_at: STAMP,
  };
}

/** What loading took and wrote. */
export interface EstateLoad {
  plan: EstatePlan;
  installs: number;
  /** installs that need a licence (licensed_installs rows) */
  licensedInstalls: number;
  /** milliseconds per step: plan, reference rows, devices + installs, licensed_installs, analyze */
  ms: Record<'plan' | 'reference' | 'installs' | 'licensed' | 'analyze' | 'total', number>;
}

const rowsOf = <T extends object>(objs: readonly T[]): { columns: string[]; rows: unknown[][] } => {
  const columns = objs.length ? Object.keys(objs[0]!) : [];
  return { columns, rows: objs.map((o) => columns.map((c) => (o as Record<string, unknown>)[c] ?? null)) };
};

/**
 * Writes a generated estate into a fresh, migrated database: reference rows
 * in one transaction, then devices and their installs in transactions of
 * `devicesPerTransaction` devices, rows in primary-key order (a device's
 * installs are its one row of device_software_sets). The installs
 * that need a licence (licensed_installs, kept in step by ingestion) are
 * derived the way a change of recognition rebuilds them, and on PostgreSQL
 * the tables are analysed, as autovacuum would soon after such a load.
 */
export async function loadEstate(database: Database, size: EstateSize, opts: { log?: (msg: string) => void; devicesPerTransaction?: number } = {}): Promise<EstateLoad> {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const regions = await database.db.selectFrom('regions').select(['code', 'name', 'level', 'parent_code']).execute();
  const plan = planEstate(size, regions);
  const tPlan = performance.now();
  await database.transaction(async (trx) => {
    for (const [table, objs] of [
      ['organizations', plan.orgs],
      ['software_titles', plan.titles],
      ['entitlements', plan.entitlements],
      ['entitlement_transfers', plan.transfers],
    ] as const) {
      const { columns, rows } = rowsOf<object>(objs);
      await database.bulkInsert(trx, table, columns, rows);
    }
  });
  const tRef = performance.now();
  const pg = database.dialect === 'postgres';
  const perTrx = opts.devicesPerTransaction ?? 5_000;
  let installs = 0;
  let devices: unknown[][] = [];
  let software: unknown[][] = [];
  let deviceColumns: string[] | null = null;
  const flush = async () => {
    if (!devices.length) return;
    const [d, s] = [devices, software];
    devices = [];
    software = [];
    await database.transaction(async (trx) => {
      await database.bulkInsert(trx, 'devices', deviceColumns!, d);
      await database.bulkInsert(trx, 'device_software_sets', ['org_id', 'device_id', 'items'], s);
    });
  };
  let n = 0;
  for (const { device, installs: rows } of devicesWithInstalls(plan)) {
    const row = deviceRow(plan, device, rows.length);
    deviceColumns ??= Object.keys(row);
    devices.push(deviceColumns.map((c) => (row as unknown as Record<string, unknown>)[c] ?? null));
    software.push([row.org_id, device.id, JSON.stringify(rows)]);
    installs += rows.length;
    if (++n % perTrx === 0) {
      await flush();
      if (n % (perTrx * 4) === 0) log(`  ${n.toLocaleString('en-US')} devices, ${installs.toLocaleString('en-US')} installs (${((performance.now() - tRef) / 1000).toFixed(1)} s)`);
    }
  }
  await flush();
  const tInstalls = performance.now();
  const licensedInstalls = await repositories(database.db).licensing.rebuildLicensedInstalls();
  const tLicensed = performance.now();
  if (pg) await sql`analyze`.execute(database.db);
  const tAnalyze = performance.now();
  return {
    plan,
    installs,
    licensedInstalls,
    ms: { plan: tPlan - started, reference: tRef - tPlan, installs: tInstalls - tRef, licensed: tLicensed - tInstalls, analyze: tAnalyze - tLicensed, total: tAnalyze - started },
  };
}
