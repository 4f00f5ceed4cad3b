import { describe, expect, it } from 'vitest';
import { buildEntitlement, buildInstall, buildOrgNode, installsOn } from './licensing.builders.ts';
import { checkEntitlement } from './licensing.eligibility.ts';
import { buildPoolIndex, groupsOf, poolOf } from './licensing.pools.ts';
import { allocate, allocateOrgProduct } from './licensing.rules.ts';
import type { AllocationResult, Entitlement, Install, Position } from './licensing.types.ts';

/**
 * The scenario table of the licences & compliance issue, each with the
 * numbers computed by hand in the comments.
 *
 * Organization tree (all agencies unless said):
 *   prov   浙江省 procurement centre, 330000
 *   └ city 杭州市, 330100
 *     ├ a  西湖区 agency, 330106
 *     └ b  上城区 agency, 330102
 *   ent    an enterprise in 330106 (its own root)
 *   js     江苏 agency, 320100 (its own root)
 */
const prov = buildOrgNode('prov', { regionCode: '330000' });
const city = buildOrgNode('city', { parent: prov, regionCode: '330100' });
const a = buildOrgNode('a', { parent: city, regionCode: '330106' });
const b = buildOrgNode('b', { parent: city, regionCode: '330102' });
const ent = buildOrgNode('ent', { regionCode: '330106', type: 'enterprise' });
const js = buildOrgNode('js', { regionCode: '320100' });
const orgs = [prov, city, a, b, ent, js];
const AT = '2026-06-01';

function run(installs: Install[], entitlements: Entitlement[], at = AT): AllocationResult {
  return allocate({ installs, entitlements, orgs, at });
}

/** Coverage as `device title → status/entitlement-or-reason`, for readable expectations. */
function verdicts(r: AllocationResult): Record<string, string> {
  // coverage[i] belongs to installs[i]: keyed by device and title, the order does not matter here
  return Object.fromEntries(r.coverage.map((c) => [`${c.deviceId} ${c.titleKey}`, c.status === 'covered' ? `covered ${c.entitlementId}` : c.status === 'uncovered' ? `uncovered ${c.reason}` : 'not-required']));
}

function position(r: AllocationResult, orgId: string, productKey: string): Position {
  const p = r.positions.find((x) => x.orgId === orgId && x.productKey === productKey);
  if (!p) throw new Error(`no position ${orgId} ${productKey}`);
  return p;
}

const pick = (p: Position) => ({
  installs: p.installs,
  installedDevices: p.installedDevices,
  users: p.users,
  entitled: p.entitled,
  unlimited: p.unlimited,
  consumed: p.consumed,
  shortfall: p.shortfall,
  surplus: p.surplus,
});

const WINDOWS = { productKey: 'microsoft/windows', titleKey: 'win10-pro', edition: 'Professional', majorRelease: '10', release: null, category: 'operating-system' } as const;

describe('OEM (预装) Windows bound to its device', () => {
  const oem = buildEntitlement({ id: 'oem-1', orgId: 'a', productKeys: ['microsoft/windows'], editions: ['Professional'], metric: 'oem', quantity: 1, oemSerial: 'SN-1' });

  it('covers the install on the device whose serial it carries (serials compare case-insensitively)', () => {
    const r = run([buildInstall({ ...WINDOWS, orgId: 'a', deviceId: 'd1', deviceSerial: ' sn-1 ' })], [oem]);
    expect(verdicts(r)).toEqual({ 'd1 win10-pro': 'covered oem-1' });
    // 1 install, 1 OEM unit entitled and consumed, nothing short or spare.
    expect(pick(position(r, 'a', 'microsoft/windows'))).toEqual({ installs: 1, installedDevices: 1, users: 0, entitled: 1, unlimited: false, consumed: 1, shortfall: 0, surplus: 0 });
  });

  it('does not follow the install to another device', () => {
    const r = run([buildInstall({ ...WINDOWS, orgId: 'a', deviceId: 'd2', deviceSerial: 'SN-2' })], [oem]);
    expect(verdicts(r)).toEqual({ 'd2 win10-pro': 'uncovered oem-other-device' });
    // The OEM unit is entitled to the org but unused: 1 short, 1 spare (on a device that no longer reports Windows).
    expect(pick(position(r, 'a', 'microsoft/windows'))).toEqual({ installs: 1, installedDevices: 1, users: 0, entitled: 1, unlimited: false, consumed: 0, shortfall: 1, surplus: 1 });
  });

  it('is used before any other licence, so the volume licence goes to the other device', () => {
    // The volume licence sorts first by every other key (same scope, listed edition, id "aaa" < "oem-1"),
    // but OEM comes first: d1 takes its OEM unit, d2 the single volume unit.
    const vol = buildEntitlement({ id: 'aaa', orgId: 'a', productKeys: ['microsoft/windows'], editions: ['Professional'], metric: 'volume', quantity: 1 });
    const r = run(
      [buildInstall({ ...WINDOWS, orgId: 'a', deviceId: 'd1', deviceSerial: 'SN-1' }), buildInstall({ ...WINDOWS, orgId: 'a', deviceId: 'd2', deviceSerial: 'SN-2' })],
      [vol, oem],
    );
    expect(verdicts(r)).toEqual({ 'd1 win10-pro': 'covered oem-1', 'd2 win10-pro': 'covered aaa' });
    expect(pick(position(r, 'a', 'microsoft/windows'))).toMatchObject({ entitled: 2, consumed: 2, shortfall: 0, surplus: 0 });
  });
});

describe('Office 2019 volume licence with downgrade rights', () => {
  const office = (deviceId: string, release: string, majorRelease = '16.0') => buildInstall({ orgId: 'a', deviceId, titleKey: `office-${release}`, majorRelease, release });
  const vl2019 = (over: Partial<Entitlement> = {}) =>
    buildEntitlement({
      id: 'vl-2019',
      orgId: 'a',
      editions: ['Professional Plus'],
      versionRange: { min: '16.0', minRelease: '2019', max: '16.0', maxRelease: '2019' },
      downgradeRights: true,
      metric: 'volume',
      quantity: 5,
      agreementNo: 'V-2019-001',
      unitPrice: 2600,
      currency: 'CNY',
      ...over,
    });
  // 3 × 2016, 1 × 2019, 1 × 2013 (15.0), 2 × 2021: 7 installs on 7 devices.
  const installs = () => [office('d1', '2016'), office('d2', '2016'), office('d3', '2016'), office('d4', '2019'), office('d5', '2013', '15.0'), office('d6', '2021'), office('d7', '2021')];

  it('covers 2016 and 2013 (older, same edition) and 2019, not 2021 (same major 16.0, later release)', () => {
    const r = run(installs(), [vl2019()]);
    expect(verdicts(r)).toEqual({
      'd1 office-2016': 'covered vl-2019',
      'd2 office-2016': 'covered vl-2019',
      'd3 office-2016': 'covered vl-2019',
      'd4 office-2019': 'covered vl-2019',
      'd5 office-2013': 'covered vl-2019',
      'd6 office-2021': 'uncovered version-out-of-range',
      'd7 office-2021': 'uncovered version-out-of-range',
    });
    // 7 installs on 7 devices; 5 units entitled, 5 consumed; d6 and d7 short: 2 × 2,600 CNY (docs/METRICS.md §7).
    expect(pick(position(r, 'a', 'microsoft/office'))).toEqual({ installs: 7, installedDevices: 7, users: 0, entitled: 5, unlimited: false, consumed: 5, shortfall: 2, surplus: 0 });
    expect(position(r, 'a', 'microsoft/office')).toMatchObject({ unitPrice: 2600, currency: 'CNY', estimatedShortfallCost: 5200 });
  });

  it('without downgrade rights covers 2019 only', () => {
    const r = run(installs(), [vl2019({ downgradeRights: false })]);
    expect(r.coverage.filter((c) => c.status === 'covered').map((c) => c.deviceId)).toEqual(['d4']);
    expect(r.coverage.filter((c) => c.reason === 'version-out-of-range')).toHaveLength(6);
    // 1 of 5 units consumed: 6 short, 4 spare.
    expect(pick(position(r, 'a', 'microsoft/office'))).toMatchObject({ consumed: 1, shortfall: 6, surplus: 4 });
  });

  it('with software assurance active covers 2021 too, until the 5 units run out', () => {
    const r = run(installs(), [vl2019({ upgradeRightsUntil: '2026-12-31' })]);
    // 7 fitting devices, 5 units, handed out by device id: d1–d5 covered, d6 and d7 exhausted.
    expect(r.coverage.map((c) => c.status === 'covered' || c.reason)).toEqual([true, true, true, true, true, 'quantity-exhausted', 'quantity-exhausted']);
    // Assurance lapsed on the day before: 2021 is out of range again.
    const lapsed = run(installs(), [vl2019({ upgradeRightsUntil: '2026-05-31' })]);
    expect(lapsed.coverage.filter((c) => c.reason === 'version-out-of-range').map((c) => c.deviceId)).toEqual(['d6', 'd7']);
  });

  it('does not cover another edition, nor an install of unknown version', () => {
    const r = run([buildInstall({ orgId: 'a', deviceId: 'd1', titleKey: 'std', edition: 'Standard', release: '2016' }), buildInstall({ orgId: 'a', deviceId: 'd2', titleKey: 'nover', majorRelease: null, release: null })], [vl2019()]);
    expect(verdicts(r)).toEqual({ 'd1 std': 'uncovered wrong-edition', 'd2 nover': 'uncovered version-out-of-range' });
  });
});

describe('subscriptions and dates', () => {
  const sub = buildEntitlement({ id: 'cc-sub', orgId: 'a', productKeys: ['adobe/acrobat'], metric: 'subscription', quantity: 10, start: '2025-01-01', end: '2025-12-31' });
  const acrobat = installsOn(3, 'd', { orgId: 'a', productKey: 'adobe/acrobat', titleKey: 'acrobat-dc', edition: 'Pro', majorRelease: 'DC', release: null, category: 'graphics-media' });

  it('an expired subscription covers nothing and says so', () => {
    const r = run(acrobat, [sub], '2026-03-01');
    expect(r.coverage.map((c) => c.reason)).toEqual(['expired', 'expired', 'expired']);
    // Not usable on the day: entitled 0, 3 devices short, no spare units.
    expect(pick(position(r, 'a', 'adobe/acrobat'))).toMatchObject({ entitled: 0, consumed: 0, shortfall: 3, surplus: 0 });
    expect(r.usage).toEqual([{ entitlementId: 'cc-sub', quantity: 10, consumed: 0, remaining: 10, coveredInstalls: 0, validity: 'expired' }]);
  });

  it('covers inside [start, end], both days included, and is not yet valid before', () => {
    expect(run(acrobat, [sub], '2025-12-31').coverage.every((c) => c.status === 'covered')).toBe(true);
    expect(run(acrobat, [sub], '2025-01-01').coverage.every((c) => c.status === 'covered')).toBe(true);
    expect(run(acrobat, [sub], '2024-12-31').coverage.map((c) => c.reason)).toEqual(['not-yet-valid', 'not-yet-valid', 'not-yet-valid']);
    // A timestamp is read as its China Standard Time day: 2025-12-31T16:00Z is already 2026-01-01 in Beijing.
    expect(run(acrobat, [sub], '2025-12-31T16:00:00Z').coverage[0]!.reason).toBe('expired');
  });
});

describe('a suite covers its component products', () => {
  const suite = buildEntitlement({ id: 'o365', orgId: 'a', productKeys: ['microsoft/office', 'microsoft/word', 'microsoft/excel', 'microsoft/powerpoint'], metric: 'device', quantity: 2, unitPrice: 2000, currency: 'CNY' });
  const word = (d: string) => buildInstall({ orgId: 'a', deviceId: d, productKey: 'microsoft/word', titleKey: 'word' });
  const excel = (d: string) => buildInstall({ orgId: 'a', deviceId: d, productKey: 'microsoft/excel', titleKey: 'excel' });

  it('one unit per device covers every product of the suite on it', () => {
    // d1 has Word and Excel (one unit), d2 Word (one unit), d3 Excel: the 2 units are gone, d3 is short.
    const r = run([word('d1'), excel('d1'), word('d2'), excel('d3')], [suite]);
    expect(verdicts(r)).toEqual({ 'd1 excel': 'covered o365', 'd3 excel': 'uncovered quantity-exhausted', 'd1 word': 'covered o365', 'd2 word': 'covered o365' });
    expect(pick(position(r, 'a', 'microsoft/word'))).toEqual({ installs: 2, installedDevices: 2, users: 0, entitled: 2, unlimited: false, consumed: 2, shortfall: 0, surplus: 0 });
    // Excel consumed one unit (d1), but the suite's other unit went to Word on d2: no spare units.
    expect(pick(position(r, 'a', 'microsoft/excel'))).toEqual({ installs: 2, installedDevices: 2, users: 0, entitled: 2, unlimited: false, consumed: 1, shortfall: 1, surplus: 0 });
    expect(r.usage).toEqual([{ entitlementId: 'o365', quantity: 2, consumed: 2, remaining: 0, coveredInstalls: 3, validity: 'valid' }]);
    // The only price recorded for Excel is the suite's: 1 short × 2000.
    expect(position(r, 'a', 'microsoft/excel')).toMatchObject({ unitPrice: 2000, currency: 'CNY', estimatedShortfallCost: 2000 });
    // The owner's untouched products still get a position: PowerPoint, 2 spare units (none left in fact) → surplus 0.
    expect(pick(position(r, 'a', 'microsoft/powerpoint'))).toMatchObject({ installs: 0, entitled: 2, consumed: 0, shortfall: 0, surplus: 0 });
  });
});

describe('site licence', () => {
  const site = buildEntitlement({ id: 'site-av', orgId: 'city', scope: { kind: 'org-subtree' }, productKeys: ['qihoo/360-enterprise'], metric: 'site', quantity: 0 });
  const av = (orgId: string, n: number, prefix: string) => installsOn(n, prefix, { orgId, productKey: 'qihoo/360-enterprise', titleKey: '360', edition: null, majorRelease: '10', release: null, category: 'security' });

  it('covers every device in the owner subtree, however many', () => {
    const r = run([...av('a', 5, 'a'), ...av('b', 3, 'b'), ...av('ent', 2, 'e')], [site]);
    const by = (o: string) => r.coverage.filter((c) => c.orgId === o).map((c) => c.status === 'covered' || c.reason);
    expect(by('a')).toEqual([true, true, true, true, true]);
    expect(by('b')).toEqual([true, true, true]);
    // The enterprise is not below the city and has no licence of its own: nothing to name.
    expect(by('ent')).toEqual(['no-entitlement', 'no-entitlement']);
    expect(pick(position(r, 'a', 'qihoo/360-enterprise'))).toEqual({ installs: 5, installedDevices: 5, users: 0, entitled: null, unlimited: true, consumed: 5, shortfall: 0, surplus: null });
    expect(r.usage[0]).toMatchObject({ quantity: null, remaining: null, consumed: 8, coveredInstalls: 8 });
  });
});

describe('province-wide central purchase (集中采购)', () => {
  const central = (quantity: number, regionCode = '330000') => buildEntitlement({ id: 'central', orgId: 'prov', scope: { kind: 'region', regionCode }, productKeys: ['microsoft/windows'], metric: 'volume', quantity });
  const win = (orgId: string, deviceId: string) => buildInstall({ ...WINDOWS, orgId, deviceId });
  const estate = () => [win('a', 'a1'), win('a', 'a2'), win('b', 'b1'), win('ent', 'e1'), win('js', 'j1')];

  it('covers the agencies of its subtree only', () => {
    const r = run(estate(), [central(4)]);
    expect(verdicts(r)).toEqual({
      'a1 win10-pro': 'covered central',
      'a2 win10-pro': 'covered central',
      'b1 win10-pro': 'covered central',
      // an enterprise of the province: the purchase is for agencies
      'e1 win10-pro': 'uncovered out-of-scope',
      // another province's agency: the purchase explains nothing there
      'j1 win10-pro': 'uncovered no-entitlement',
    });
    // a: entitled 4 (the whole shared quantity is usable), consumed 2, spare 1 (4 − a's 2 − b's 1).
    expect(pick(position(r, 'a', 'microsoft/windows'))).toEqual({ installs: 2, installedDevices: 2, users: 0, entitled: 4, unlimited: false, consumed: 2, shortfall: 0, surplus: 1 });
    expect(pick(position(r, 'ent', 'microsoft/windows'))).toEqual({ installs: 1, installedDevices: 1, users: 0, entitled: 0, unlimited: false, consumed: 0, shortfall: 1, surplus: 0 });
    expect(r.usage).toEqual([{ entitlementId: 'central', quantity: 4, consumed: 3, remaining: 1, coveredInstalls: 3, validity: 'valid' }]);
  });

  it('shares its quantity in organization-path order when it runs short', () => {
    // 2 units: a's path /prov/city/a/ sorts before b's /prov/city/b/: a1, a2 covered, b1 exhausted.
    const r = run(estate(), [central(2)]);
    expect(r.coverage.filter((c) => c.orgId === 'b').map((c) => c.reason)).toEqual(['quantity-exhausted']);
  });

  it('a county purchase (330102) covers that county only', () => {
    const r = run(estate(), [central(5, '330102')]);
    expect(r.coverage.filter((c) => c.status === 'covered').map((c) => c.deviceId)).toEqual(['b1']);
    expect(r.coverage.find((c) => c.deviceId === 'a1')!.reason).toBe('out-of-scope');
  });

  it('recomputing one agency recomputes the pool of the purchase', () => {
    const full = run(estate(), [central(2)]);
    const one = allocateOrgProduct({ orgId: 'b', productKey: 'microsoft/windows', installs: estate(), entitlements: [central(2)], orgs, at: AT });
    expect(one.pool).toEqual({ groups: [{ orgId: 'a', productKey: 'microsoft/windows' }, { orgId: 'b', productKey: 'microsoft/windows' }, { orgId: 'prov', productKey: 'microsoft/windows' }], entitlementIds: ['central'] });
    expect(one.coverage).toEqual(full.coverage.filter((c) => c.orgId === 'a' || c.orgId === 'b'));
    expect(one.positions).toEqual(full.positions.filter((p) => ['a', 'b', 'prov'].includes(p.orgId)));
    // Expiring the purchase may change what it covers and what it explains: the enterprise is named
    // (out of scope, same province), so its group is in the entitlement's pool; Jiangsu's is not.
    const index = buildPoolIndex({ groups: groupsOf(estate(), [central(2)]), entitlements: [central(2)], orgs, at: AT });
    expect(poolOf(index, { entitlementId: 'central' }).groups.map((g) => g.orgId)).toEqual(['a', 'b', 'ent', 'prov']);
    // The enterprise is a pool of its own: recomputing it touches nobody else.
    expect(allocateOrgProduct({ orgId: 'ent', productKey: 'microsoft/windows', installs: estate(), entitlements: [central(2)], orgs, at: AT }).pool.groups).toEqual([{ orgId: 'ent', productKey: 'microsoft/windows' }]);
  });
});

describe('per-user licence', () => {
  it('one named user on three devices takes one unit; a device without a user takes its own', () => {
    const cc = buildEntitlement({ id: 'cc', orgId: 'a', productKeys: ['adobe/creative-cloud'], metric: 'user', quantity: 1 });
    const inst = (deviceId: string, userId: string | null) => buildInstall({ orgId: 'a', deviceId, userId, productKey: 'adobe/creative-cloud', titleKey: 'cc', edition: 'All Apps', majorRelease: '2024', release: null, category: 'graphics-media' });
    const r = run([inst('d1', 'u1'), inst('d2', 'u1'), inst('d3', 'u1'), inst('d4', null)], [cc]);
    expect(verdicts(r)).toEqual({ 'd1 cc': 'covered cc', 'd2 cc': 'covered cc', 'd3 cc': 'covered cc', 'd4 cc': 'uncovered quantity-exhausted' });
    // 4 devices, 1 named user, 1 unit consumed; d4 short.
    expect(pick(position(r, 'a', 'adobe/creative-cloud'))).toEqual({ installs: 4, installedDevices: 4, users: 1, entitled: 1, unlimited: false, consumed: 1, shortfall: 1, surplus: 0 });
  });
});

describe('concurrent licence', () => {
  it('counts devices with the product (peak use is unknown to an inventory); two versions on one device are one', () => {
    const arc = buildEntitlement({ id: 'arc', orgId: 'a', productKeys: ['esri/arcgis'], metric: 'concurrent', quantity: 3 });
    const inst = (deviceId: string, v: string) => buildInstall({ orgId: 'a', deviceId, productKey: 'esri/arcgis', titleKey: `arcgis-${v}`, edition: null, majorRelease: v, release: null, category: 'cad-design' });
    const r = run([inst('d1', '10.8'), inst('d1', '10.9'), inst('d2', '10.9'), inst('d3', '10.9'), inst('d4', '10.9')], [arc]);
    // d1 (both titles), d2, d3 take the 3 units; d4 is short.
    expect(r.coverage.map((c) => `${c.deviceId} ${c.status === 'covered' ? 'ok' : c.reason}`)).toEqual(['d1 ok', 'd1 ok', 'd2 ok', 'd3 ok', 'd4 quantity-exhausted']);
    expect(pick(position(r, 'a', 'esri/arcgis'))).toEqual({ installs: 5, installedDevices: 4, users: 0, entitled: 3, unlimited: false, consumed: 3, shortfall: 1, surplus: 0 });
  });
});

describe('free edition of a product with commercial editions (WPS)', () => {
  const wps = (deviceId: string, edition: string, over: Partial<Install> = {}) =>
    buildInstall({ orgId: 'a', deviceId, productKey: 'kingsoft/wps-office', titleKey: `wps-${edition}`, edition, majorRelease: '11', release: null, category: 'office-suite', ...over });
  const free = buildEntitlement({ id: 'wps-free', orgId: 'a', productKeys: ['kingsoft/wps-office'], editions: ['Personal'], metric: 'free', quantity: 0 });
  const gov = buildEntitlement({ id: 'wps-gov', orgId: 'a', productKeys: ['kingsoft/wps-office'], editions: ['Government'], metric: 'volume', quantity: 1, unitPrice: 480, currency: 'CNY' });

  it('personal edition recognised as freeware needs no licence; government edition needs one', () => {
    const r = run([wps('d1', 'Personal', { requiresLicence: false, licenceClass: 'freeware' }), wps('d2', 'Government'), wps('d3', 'Government')], [free, gov]);
    expect(verdicts(r)).toEqual({ 'd1 wps-Personal': 'not-required', 'd2 wps-Government': 'covered wps-gov', 'd3 wps-Government': 'uncovered quantity-exhausted' });
    // Position counts the 2 installs that need a licence; the free entitlement makes it unlimited
    // but not for the government edition: 1 device short × 480.
    expect(position(r, 'a', 'kingsoft/wps-office')).toMatchObject({ installs: 2, entitled: null, unlimited: true, entitledLimited: 1, consumed: 1, shortfall: 1, estimatedShortfallCost: 480 });
  });

  it('a free entitlement covers the free edition when recognition could not rule out a licence, never another edition', () => {
    const r = run([wps('d1', 'Personal'), wps('d2', 'Government')], [free]);
    expect(verdicts(r)).toEqual({ 'd1 wps-Personal': 'covered wps-free', 'd2 wps-Government': 'uncovered wrong-edition' });
  });

  it('a free entitlement without editions covers only installs recognised as free', () => {
    const anyFree = buildEntitlement({ id: 'wps-any', orgId: 'a', productKeys: ['kingsoft/wps-office'], editions: null, metric: 'free', quantity: 0 });
    const r = run([wps('d1', 'Personal', { licenceClass: 'freeware' }), wps('d2', 'Government')], [anyFree]);
    expect(verdicts(r)).toEqual({ 'd1 wps-Personal': 'covered wps-any', 'd2 wps-Government': 'uncovered wrong-edition' });
  });
});

describe('reasons and order', () => {
  it('names the closest miss: an expired licence of the right edition beats a valid one of another edition', () => {
    const expired = buildEntitlement({ id: 'e-old', orgId: 'a', editions: ['Professional Plus'], end: '2025-12-31' });
    const std = buildEntitlement({ id: 'e-std', orgId: 'a', editions: ['Standard'] });
    const r = run([buildInstall({ orgId: 'a', deviceId: 'd1' })], [std, expired]);
    expect(r.coverage[0]!.reason).toBe('expired');
    // the parent's org-only licence is named as out of scope for the child
    const parents = buildEntitlement({ id: 'e-city', orgId: 'city' });
    expect(run([buildInstall({ orgId: 'a', deviceId: 'd1' })], [parents]).coverage[0]!.reason).toBe('out-of-scope');
    expect(run([buildInstall({ orgId: 'a', deviceId: 'd1' })], []).coverage[0]!.reason).toBe('no-entitlement');
  });

  it('uses the most specific entitlement first, then the soonest-expiring, then by id', () => {
    const anyEdition = buildEntitlement({ id: 'e1-any', orgId: 'a', quantity: 1 });
    const exact = buildEntitlement({ id: 'e2-exact', orgId: 'a', editions: ['Professional Plus'], quantity: 1 });
    const subtree = buildEntitlement({ id: 'e0-subtree', orgId: 'city', scope: { kind: 'org-subtree' }, editions: ['Professional Plus'], quantity: 1 });
    const late = buildEntitlement({ id: 'e3-late', orgId: 'a', editions: ['Professional Plus'], quantity: 1, end: '2028-12-31' });
    const soon = buildEntitlement({ id: 'e4-soon', orgId: 'a', editions: ['Professional Plus'], quantity: 1, end: '2027-12-31' });
    const installs = installsOn(5, 'd', { orgId: 'a' });
    // Order: exact-edition org scope, soonest end first (e4-soon 2027, e3-late 2028, then e2-exact perpetual),
    // then any-edition org scope (e1-any), then the parent's subtree licence (e0-subtree).
    const r = run(installs, [anyEdition, exact, subtree, late, soon]);
    expect(r.coverage.map((c) => `${c.deviceId} ${c.entitlementId}`)).toEqual(['d-1 e4-soon', 'd-2 e3-late', 'd-3 e2-exact', 'd-4 e1-any', 'd-5 e0-subtree']);
    // any input order gives the same result (coverage follows the input order)
    const again = run([...installs].reverse(), [soon, subtree, late, exact, anyEdition]);
    expect([...again.coverage].reverse()).toEqual(r.coverage);
    expect(again.positions).toEqual(r.positions);
    expect(again.usage).toEqual(r.usage);
  });

  it('a narrower version range is used before a wider one', () => {
    const wide = buildEntitlement({ id: 'a-wide', orgId: 'a', quantity: 1 });
    const narrow = buildEntitlement({ id: 'z-narrow', orgId: 'a', quantity: 1, versionRange: { min: '16.0', max: '16.0' } });
    const r = run([buildInstall({ orgId: 'a', deviceId: 'd1' }), buildInstall({ orgId: 'a', deviceId: 'd2', titleKey: 'office-2010', majorRelease: '14.0', release: '2010' })], [wide, narrow]);
    // narrow first takes d1 (16.0); the wide one then covers d2 (14.0): both covered.
    expect(verdicts(r)).toEqual({ 'd1 title-microsoft/office-2016': 'covered z-narrow', 'd2 office-2010': 'covered a-wide' });
  });

  it('checkEntitlement explains one pair for the drill-down', () => {
    const inst = buildInstall({ orgId: 'a', deviceId: 'd1' });
    expect(checkEntitlement(inst, buildEntitlement({ orgId: 'a' }), orgs, AT)).toBeNull();
    expect(checkEntitlement(inst, buildEntitlement({ orgId: 'b' }), orgs, AT)).toBe('out-of-scope');
    expect(checkEntitlement(inst, buildEntitlement({ orgId: 'a', productKeys: ['x/y'] }), orgs, AT)).toBe('no-entitlement');
    expect(checkEntitlement(inst, buildEntitlement({ orgId: 'a', versionRange: { max: '15.0' } }), orgs, AT)).toBe('version-out-of-range');
  });

  it('prices the shortfall at the most recent price recorded for the product alone', () => {
    const old = buildEntitlement({ id: 'p-old', orgId: 'a', quantity: 0, unitPrice: 3000, currency: 'CNY', purchasedAt: '2024-03-01' });
    const recent = buildEntitlement({ id: 'p-new', orgId: 'b', quantity: 0, unitPrice: 2600, currency: 'CNY', purchasedAt: '2025-09-01' });
    const suite = buildEntitlement({ id: 'p-suite', orgId: 'b', productKeys: ['microsoft/office', 'microsoft/word'], quantity: 0, unitPrice: 9000, currency: 'CNY', purchasedAt: '2026-01-01' });
    const r = run(installsOn(3, 'd', { orgId: 'a' }), [old, recent, suite]);
    // 3 short × 2600 (b's purchase is more recent; the suite's price is not the product's own).
    expect(position(r, 'a', 'microsoft/office')).toMatchObject({ shortfall: 3, unitPrice: 2600, currency: 'CNY', estimatedShortfallCost: 7800 });
  });
});
