import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SOFTWARE_CATEGORIES } from '../../contracts/recognition.ts';
import { buildOrgNode } from './licensing.builders.ts';
import { checkEntitlement } from './licensing.eligibility.ts';
import { buildPoolIndex, groupsOf, poolOf, poolsOf } from './licensing.pools.ts';
import { priceBook } from './licensing.prices.ts';
import { allocate, allocateOrgProduct } from './licensing.rules.ts';
import { LICENCE_METRICS, type AllocationResult, type Entitlement, type Install, type OrgNode } from './licensing.types.ts';

/**
 * Invariants of the allocation over generated estates: a small organization
 * tree (two provinces, an enterprise), a handful of products, editions,
 * versions, serials and users, so that every rule meets every other.
 */

const prov = buildOrgNode('prov', { regionCode: '330000' });
const city = buildOrgNode('city', { parent: prov, regionCode: '330100' });
const a = buildOrgNode('a', { parent: city, regionCode: '330106' });
const b = buildOrgNode('b', { parent: city, regionCode: '330102' });
const ent = buildOrgNode('ent', { regionCode: '330106', type: 'enterprise' });
const js = buildOrgNode('js', { regionCode: '320100' });
const ORGS: OrgNode[] = [prov, city, a, b, ent, js];
const ORG_IDS = ORGS.map((o) => o.id);
const PRODUCTS = ['m/os', 'm/office', 'm/word', 'k/av'];
const AT = '2026-06-01';
const DAYS = ['2025-01-01', '2026-05-31', '2026-06-01', '2026-06-02', '2027-12-31'];

/** `usual` three times in four, else something from `other`. */
function often<T, U>(usual: T, other: fc.Arbitrary<U>): fc.Arbitrary<T | U> {
  return fc.oneof({ arbitrary: fc.constant(usual), weight: 3 }, { arbitrary: other, weight: 1 });
}

const deviceArb = fc.record({
  orgId: fc.constantFrom(...ORG_IDS),
  serial: fc.constantFrom('S1', 'S2', 'S3', null),
  userId: fc.constantFrom('u1', 'u2', 'u3', null),
});

const installSpecArb = fc.record({
  device: fc.nat(11),
  productKey: fc.constantFrom(...PRODUCTS),
  edition: fc.constantFrom('Pro', 'Pro', 'Std', null),
  version: fc.constantFrom<[string | null, string | null]>(['15.0', '2013'], ['16.0', '2016'], ['16.0', '2019'], ['16.0', '2021'], ['16.0', null], [null, null]),
  requiresLicence: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
  licenceClass: fc.constantFrom('commercial' as const, 'freeware' as const, 'trial' as const),
  category: fc.constantFrom(null, ...SOFTWARE_CATEGORIES.slice(0, 4)),
});

const entitlementSpecArb = fc.record({
  orgId: fc.constantFrom(...ORG_IDS),
  scope: fc.oneof(
    fc.constant({ kind: 'org' as const }),
    fc.constant({ kind: 'org-subtree' as const }),
    fc.constantFrom('330000', '330100', '330106', '320000').map((regionCode) => ({ kind: 'region' as const, regionCode })),
  ),
  productKeys: fc.subarray(PRODUCTS, { minLength: 1 }),
  editions: often(null, fc.subarray(['Pro', 'Std', 'Home'])),
  versionRange: often(
    {},
    fc.record({ min: fc.constantFrom('15.0', '16.0'), minRelease: fc.constantFrom('2016', '2019'), max: fc.constantFrom('16.0', '17.0'), maxRelease: fc.constantFrom('2019', '2021') }, { requiredKeys: [] }),
  ),
  downgradeRights: fc.boolean(),
  upgradeRightsUntil: fc.option(fc.constantFrom(...DAYS), { nil: null }),
  metric: fc.constantFrom(...LICENCE_METRICS),
  quantity: fc.nat(6),
  oemSerial: fc.constantFrom('S1', 'S2', null),
  start: often(null, fc.constantFrom(...DAYS)),
  end: often(null, fc.constantFrom(...DAYS)),
  unitPrice: fc.option(fc.constantFrom(100, 250.5), { nil: null }),
});

/** An estate: up to 12 devices, up to 40 installs (unique per device × title), up to 12 entitlements. */
const estateArb = fc
  .record({
    devices: fc.array(deviceArb, { minLength: 12, maxLength: 12 }),
    installs: fc.array(installSpecArb, { maxLength: 40 }),
    entitlements: fc.array(entitlementSpecArb, { maxLength: 12 }),
  })
  .map(({ devices, installs, entitlements }) => {
    const seen = new Set<string>();
    const list: Install[] = [];
    for (const s of installs) {
      const d = devices[s.device]!;
      const [majorRelease, release] = s.version;
      const titleKey = `${s.productKey}|${s.edition}|${majorRelease}|${release}`;
      if (seen.has(`d${s.device} ${titleKey}`)) continue;
      seen.add(`d${s.device} ${titleKey}`);
      list.push({
        orgId: d.orgId,
        deviceId: `d${s.device}`,
        deviceSerial: d.serial,
        userId: d.userId,
        titleKey,
        productKey: s.productKey,
        edition: s.edition,
        majorRelease,
        release,
        category: s.category,
        requiresLicence: s.requiresLicence,
        licenceClass: s.licenceClass,
      });
    }
    const ents: Entitlement[] = entitlements.map((e, i) => ({
      id: `e${String(i).padStart(2, '0')}`,
      ...e,
      agreementNo: null,
      currency: e.unitPrice === null ? null : 'CNY',
      purchasedAt: null,
    }));
    return { installs: list, entitlements: ents };
  });

/** A deterministic shuffle (mulberry32). */
function shuffle<T>(xs: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const key = (x: { orgId: string; productKey: string }) => `${x.orgId}\u0000${x.productKey}`;
const run = (installs: Install[], entitlements: Entitlement[]) => allocate({ installs, entitlements, orgs: ORGS, at: AT });

describe('allocation invariants', () => {
  it('limited entitlements are never over-consumed; positions never consume more than they are entitled to', () => {
    fc.assert(
      fc.property(estateArb, ({ installs, entitlements }) => {
        const r = run(installs, entitlements);
        for (const u of r.usage) {
          if (u.quantity === null) continue;
          expect(u.consumed).toBeLessThanOrEqual(u.quantity);
          expect(u.remaining).toBe(u.quantity - u.consumed);
        }
        for (const p of r.positions) if (!p.unlimited) expect(p.consumed).toBeLessThanOrEqual(p.entitled!);
      }),
    );
  });

  it('covered + uncovered = installs that need a licence, everywhere; every cover fits', () => {
    fc.assert(
      fc.property(estateArb, ({ installs, entitlements }) => {
        const r = run(installs, entitlements);
        expect(r.coverage).toHaveLength(installs.length);
        const required = installs.filter((i) => i.requiresLicence).length;
        expect(r.coverage.filter((c) => c.status === 'covered').length + r.coverage.filter((c) => c.status === 'uncovered').length).toBe(required);
        expect(r.coverage.filter((c) => c.status === 'not-required').length).toBe(installs.length - required);
        for (const p of r.positions) expect(p.coveredInstalls + p.uncoveredInstalls).toBe(p.installs);
        expect(r.usage.reduce((n, u) => n + u.coveredInstalls, 0)).toBe(r.coverage.filter((c) => c.status === 'covered').length);
        const byId = new Map(entitlements.map((e) => [e.id, e]));
        const byKey = new Map(installs.map((i) => [`${i.deviceId} ${i.titleKey}`, i]));
        for (const c of r.coverage) {
          if (c.status !== 'covered') {
            expect(c.entitlementId).toBeNull();
            continue;
          }
          expect(checkEntitlement(byKey.get(`${c.deviceId} ${c.titleKey}`)!, byId.get(c.entitlementId!)!, ORGS, AT)).toBeNull();
        }
      }),
    );
  });

  it('shortfall = devices with the product − devices whose installs of it are all covered', () => {
    fc.assert(
      fc.property(estateArb, ({ installs, entitlements }) => {
        const r = run(installs, entitlements);
        for (const p of r.positions) {
          const mine = r.coverage.filter((c) => c.orgId === p.orgId && c.productKey === p.productKey && c.status !== 'not-required');
          const devices = new Set(mine.map((c) => c.deviceId));
          const short = new Set(mine.filter((c) => c.status === 'uncovered').map((c) => c.deviceId));
          expect(p.installedDevices).toBe(devices.size);
          expect(p.shortfall).toBe(short.size);
        }
      }),
    );
  });

  it('shortfall = max(0, demand − usable supply) when every licence fits every install', () => {
    // One organization, one product, counted per device, no edition/version limits:
    // greedy allocation is then optimal and the shortfall is plain arithmetic.
    const simple = fc.record({
      devices: fc.nat(15),
      licences: fc.array(fc.record({ metric: fc.constantFrom('device' as const, 'volume' as const, 'subscription' as const, 'concurrent' as const), quantity: fc.nat(6), end: fc.option(fc.constantFrom(...DAYS), { nil: null }) }), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(simple, ({ devices, licences }) => {
        const installs: Install[] = Array.from({ length: devices }, (_, i) => ({ orgId: 'a', deviceId: `d${i}`, deviceSerial: null, userId: null, titleKey: 't', productKey: 'm/os', edition: 'Pro', majorRelease: '10', release: null, category: 'operating-system', requiresLicence: true, licenceClass: 'commercial' }));
        const ents: Entitlement[] = licences.map((l, i) => ({ id: `e${i}`, orgId: 'a', scope: { kind: 'org' }, productKeys: ['m/os'], editions: null, versionRange: {}, downgradeRights: false, upgradeRightsUntil: null, oemSerial: null, agreementNo: null, start: null, unitPrice: null, currency: null, ...l }));
        const supply = licences.filter((l) => l.end === null || l.end >= AT).reduce((n, l) => n + l.quantity, 0);
        const p = run(installs, ents).positions.find((x) => x.orgId === 'a');
        if (devices === 0 && supply === 0 && !p) return;
        expect(p!.entitled).toBe(supply);
        expect(p!.shortfall).toBe(Math.max(0, devices - supply));
        expect(p!.surplus).toBe(Math.max(0, supply - devices));
        expect(p!.consumed).toBe(Math.min(devices, supply));
      }),
    );
  });

  it('is deterministic under any permutation of installs, entitlements and organizations', () => {
    fc.assert(
      fc.property(estateArb, fc.integer(), ({ installs, entitlements }, seed) => {
        const r = run(installs, entitlements);
        const order = shuffle([...installs.keys()], seed);
        const again = allocate({ installs: order.map((i) => installs[i]!), entitlements: shuffle(entitlements, seed + 1), orgs: shuffle(ORGS, seed + 2), at: AT });
        // coverage follows the input order; positions and usage are sorted
        expect(again.coverage).toEqual(order.map((i) => r.coverage[i]));
        expect(again.positions).toEqual(r.positions);
        expect(again.usage).toEqual(r.usage);
      }),
    );
  });

  it('incremental per pool == full allocation', () => {
    fc.assert(
      fc.property(estateArb, ({ installs, entitlements }) => {
        const full = run(installs, entitlements);
        const index = buildPoolIndex({ groups: groupsOf(installs, entitlements), entitlements, orgs: ORGS, at: AT });
        const pools = poolsOf(index);
        // Pools partition the groups.
        const all = pools.flatMap((p) => p.groups.map(key));
        expect(new Set(all).size).toBe(all.length);
        expect(all.sort()).toEqual(groupsOf(installs, entitlements).map(key).sort());
        const restrict = (r: AllocationResult, groups: Set<string>, ents: Set<string>): AllocationResult => ({
          coverage: r.coverage.filter((c) => groups.has(key(c))),
          positions: r.positions.filter((p) => groups.has(key(p))),
          usage: r.usage.filter((u) => ents.has(u.entitlementId)),
        });
        for (const pool of pools) {
          const groups = new Set(pool.groups.map(key));
          const ents = new Set(pool.entitlementIds);
          // As a service would: only the pool's installs are loaded.
          const poolInstalls = installs.filter((i) => groups.has(key(i)));
          const seed = pool.groups[0]!;
          const inc = allocateOrgProduct({ ...seed, installs: poolInstalls, entitlements, orgs: ORGS, at: AT });
          expect(inc.pool).toEqual(pool);
          const { pool: _p, ...results } = inc;
          expect(results).toEqual(restrict(full, groups, ents));
        }
      }),
    );
  });

  it('a changed or removed entitlement changes nothing outside its pool before and after', () => {
    fc.assert(
      fc.property(estateArb, fc.nat(), entitlementSpecArb, fc.boolean(), ({ installs, entitlements }, which, spec, remove) => {
        if (entitlements.length === 0) return;
        const target = entitlements[which % entitlements.length]!;
        const changed: Entitlement = { ...spec, id: target.id, agreementNo: null, currency: null, purchasedAt: null };
        const after = remove ? entitlements.filter((e) => e !== target) : entitlements.map((e) => (e === target ? changed : e));
        const poolIn = (ents: Entitlement[]) => poolOf(buildPoolIndex({ groups: groupsOf(installs, ents), entitlements: ents, orgs: ORGS, at: AT }), { entitlementId: target.id });
        const before = poolIn(entitlements);
        const now = poolIn(after);
        const groups = new Set([...before.groups, ...now.groups].map(key));
        const ents = new Set([...before.entitlementIds, ...now.entitlementIds]);
        const prices = priceBook([...entitlements, ...after]);
        const fb = allocate({ installs, entitlements, orgs: ORGS, at: AT, prices });
        const fa = allocate({ installs, entitlements: after, orgs: ORGS, at: AT, prices });
        // Outside: untouched.
        installs.forEach((i, x) => {
          if (!groups.has(key(i))) expect(fa.coverage[x]).toEqual(fb.coverage[x]);
        });
        expect(fa.positions.filter((p) => !groups.has(key(p)))).toEqual(fb.positions.filter((p) => !groups.has(key(p))));
        expect(fa.usage.filter((u) => !ents.has(u.entitlementId))).toEqual(fb.usage.filter((u) => !ents.has(u.entitlementId)));
        // Inside: recomputing only the affected groups gives the full result.
        const part = allocate({ installs: installs.filter((i) => groups.has(key(i))), entitlements: after, orgs: ORGS, at: AT, prices });
        expect(part.coverage).toEqual(fa.coverage.filter((_, x) => groups.has(key(installs[x]!))));
        expect(part.positions.filter((p) => groups.has(key(p)))).toEqual(fa.positions.filter((p) => groups.has(key(p))));
      }),
    );
  });
});
