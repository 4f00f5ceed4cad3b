import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadEstate, type EstatePlan, type EstateSize } from '../../../bench/compliance-estate.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { entitlementBody, type EntitlementBody } from '../../contracts/index.ts';
import type { DialectName } from '../../storage/database.ts';
import { repositories } from '../../storage/repositories/index.ts';
import type { StoredInstall } from '../../storage/repositories/inventory.repository.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { AppError } from '../errors.ts';
import { createServices, type Services } from '../services.ts';
import { LICENCE_METRICS } from './licensing.types.ts';

/**
 * The stored results after any sequence of changes equal a full
 * recomputation: a small generated estate (the bench's generator, scaled
 * down, with a licence-heavy catalogue so that pools overlap), then random
 * re-inventoried devices, quarantined devices, and entitlements created,
 * edited, deleted and transferred through the service. After every step
 * `recompute({ check: true })` must find nothing to change, and the stored
 * positions must agree with the stored gaps.
 */

const DAY = '2026-06-01';
const SIZE: Omit<EstateSize, 'seed'> = { orgs: 30, devices: 300, installsPerDevice: 10, products: 40, entitlements: 60, licensedShare: 0.4 };
const DAYS = ['2025-01-01', '2026-05-31', '2026-06-01', '2026-06-02', '2027-12-31'];

/** Terms of an entitlement, drawn independently of the estate (indices are taken modulo its sizes). */
const termsArb = fc.record({
  org: fc.nat(),
  products: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  metric: fc.constantFrom(...LICENCE_METRICS),
  quantity: fc.integer({ min: 1, max: 30 }),
  scope: fc.constantFrom('org', 'org', 'org-subtree', 'region-province', 'region-own'),
  editions: fc.option(fc.constantFrom('Professional', 'Professional Plus', 'Standard', 'Pro', 'Std'), { freq: 3 }),
  range: fc.constantFrom('any', 'any', 'max-2019', 'min-2019-downgrade', 'max-1'),
  start: fc.option(fc.constantFrom(...DAYS), { freq: 3 }),
  end: fc.option(fc.constantFrom(...DAYS), { freq: 2 }),
  serial: fc.nat(),
  price: fc.option(fc.integer({ min: 1, max: 5000 }), { freq: 2 }),
});
type Terms = typeof termsArb extends fc.Arbitrary<infer T> ? T : never;

const changeArb = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('software' as const), device: fc.nat(), add: fc.array(fc.nat(), { maxLength: 3 }), remove: fc.integer({ min: 0, max: 2 }), wholeOrg: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('quarantine' as const), device: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), terms: termsArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('edit' as const), ent: fc.nat(), terms: termsArb, keepMetric: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), ent: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('transfer' as const), ent: fc.nat(), to: fc.nat(), quantity: fc.integer({ min: 1, max: 5 }) }) },
);
type Change = typeof changeArb extends fc.Arbitrary<infer T> ? T : never;

const at = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;

/** A valid entitlement body from drawn terms (the service validates it again). */
function bodyOf(plan: EstatePlan, terms: Terms, metricOverride?: string): { orgId: string; body: EntitlementBody } | null {
  const org = at(plan.orgs, terms.org);
  const licensed = plan.products.filter((p) => p.requiresLicence).map((p) => p.key);
  const metric = (metricOverride ?? terms.metric) as EntitlementBody['metric'];
  const own = plan.devices.filter((d) => plan.orgs[d.orgIndex]!.id === org.id);
  const serial = (own.length ? at(own, terms.serial) : at(plan.devices, terms.serial)).serial;
  const range = { any: {}, 'max-2019': { max: '16.0', maxRelease: '2019' }, 'min-2019-downgrade': { min: '16.0', minRelease: '2019' }, 'max-1': { max: '1' } }[terms.range];
  const scope =
    metric === 'oem' || terms.scope === 'org' ? { kind: 'org' as const, regionCode: null } : terms.scope === 'org-subtree' ? { kind: 'org-subtree' as const, regionCode: null } : { kind: 'region' as const, regionCode: terms.scope === 'region-province' ? `${org.region_code.slice(0, 2)}0000` : org.region_code };
  const [start, end] = terms.start && terms.end && terms.start > terms.end ? [terms.end, terms.start] : [terms.start, terms.end];
  const parsed = entitlementBody.safeParse({
    name: `test ${metric}`,
    productKeys: [...new Set(terms.products.map((i) => at(licensed, i)))],
    editions: terms.editions ? [terms.editions] : null,
    versionRange: range,
    downgradeRights: terms.range === 'min-2019-downgrade',
    metric,
    quantity: terms.quantity,
    oemSerial: metric === 'oem' ? serial : null,
    agreementNo: metric === 'volume' ? `V-${terms.org}` : null,
    start,
    end: metric === 'subscription' ? (end ?? '2026-12-31') : end,
    scope,
    unitPrice: terms.price,
    currency: terms.price === null ? null : 'CNY',
  });
  return parsed.success ? { orgId: org.id, body: parsed.data } : null;
}

/** Runs a service call; business refusals (a transferred entitlement cannot be deleted…) are part of the game. */
async function tolerated(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (e) {
    if (e instanceof AppError && e.code === 'VALIDATION_FAILED') return false;
    throw e;
  }
}

async function apply(s: Services, plan: EstatePlan, c: Change): Promise<void> {
  const { db } = s.database;
  const engine = s.compliance.engine;
  switch (c.kind) {
    case 'software':
    case 'quarantine': {
      const d = at(plan.devices, c.device);
      const orgId = plan.orgs[d.orgIndex]!.id;
      if (c.kind === 'quarantine') {
        // As DevicesService does: the device's status, then every group of its organization.
        const row = await db.selectFrom('devices').select('status').where('org_id', '=', orgId).where('id', '=', d.id).executeTakeFirstOrThrow();
        await db.updateTable('devices').set({ status: row.status === 'active' ? 'quarantined' : 'active' }).where('org_id', '=', orgId).where('id', '=', d.id).execute();
        await engine.refresh({ orgIds: [orgId] });
        return;
      }
      // As ingestion does: the device's software, its licensed installs in step, then the changed groups
      // (or, alternately, every group of the organization).
      const stored = await repositories(db).inventory.installsOf(orgId, d.id);
      const have = stored.map((i) => i[0]);
      const licensed = new Set(plan.licensedTitleKeys);
      const drop = have.filter((k) => licensed.has(k)).slice(0, c.remove);
      const add = [...new Set(c.add.map((i) => at(plan.licensedTitleKeys, i)))].filter((k) => !have.includes(k));
      const changed = await s.database.transaction(async (trx) => {
        const repo = repositories(trx).inventory;
        const kept = stored.filter((i) => !drop.includes(i[0]));
        await repo.writeInstalls(orgId, d.id, [...kept, ...add.map((k): StoredInstall => [k, null, 'windows', null, null, DAY])], false);
        await trx.updateTable('devices').set({ software_count: sql<number>`software_count + ${add.length - drop.length}` }).where('org_id', '=', orgId).where('id', '=', d.id).execute();
        return repo.syncLicensed(orgId, d.id, { added: add, removed: drop });
      });
      await engine.refresh(c.wholeOrg ? { orgIds: [orgId] } : { groups: changed.map((productKey) => ({ orgId, productKey })), countOrgs: [orgId] });
      return;
    }
    case 'create': {
      const b = bodyOf(plan, c.terms);
      if (b) await tolerated(() => s.entitlements.create(SYSTEM_ACTOR, b.orgId, b.body));
      return;
    }
    case 'edit':
    case 'delete':
    case 'transfer': {
      const ents = await db.selectFrom('entitlements').select(['org_id', 'id', 'metric', 'quantity']).orderBy('id').execute();
      if (!ents.length) return;
      const e = at(ents, c.ent);
      if (c.kind === 'delete') await tolerated(() => s.entitlements.remove(SYSTEM_ACTOR, e.org_id, e.id));
      else if (c.kind === 'transfer') await tolerated(() => s.entitlements.transfer(SYSTEM_ACTOR, e.org_id, e.id, { toOrgId: at(plan.orgs, c.to).id, quantity: c.quantity, reason: 'test' }));
      else {
        // An edit keeps the owner; the terms may change everything else.
        const b = bodyOf(plan, { ...c.terms, org: plan.orgs.findIndex((o) => o.id === e.org_id) }, c.keepMetric ? e.metric : undefined);
        if (b) await tolerated(() => s.entitlements.update(SYSTEM_ACTOR, e.org_id, e.id, b.body));
      }
      return;
    }
  }
}

/** Invariants of the stored positions, checked against the stored gaps. */
async function checkStored(s: Services, label: string): Promise<void> {
  const { db } = s.database;
  const positions = await db.selectFrom('compliance_positions').selectAll().execute();
  const gaps = await db.selectFrom('compliance_gaps').selectAll().execute();
  const byPosition = new Map<string, { devices: number; uncovered: number }>();
  for (const g of gaps) {
    const k = `${g.org_id} ${g.product_key}`;
    const t = byPosition.get(k) ?? { devices: 0, uncovered: 0 };
    t.devices++;
    t.uncovered += Number(g.uncovered);
    byPosition.set(k, t);
  }
  const problems: string[] = [];
  const keys = new Set(positions.map((p) => `${p.org_id} ${p.product_key}`));
  for (const p of positions) {
    const k = `${p.org_id} ${p.product_key}`;
    const g = byPosition.get(k) ?? { devices: 0, uncovered: 0 };
    const [installs, covered, consumed, shortfall] = [p.installs, p.covered_installs, p.consumed, p.shortfall].map(Number) as [number, number, number, number];
    if (Number(p.unlimited) === 0 && p.entitled !== null && consumed > Number(p.entitled)) problems.push(`${k}: consumed ${consumed} > entitled ${p.entitled}`);
    if (covered + g.uncovered !== installs) problems.push(`${k}: covered ${covered} + uncovered ${g.uncovered} ≠ installs ${installs}`);
    if (shortfall !== g.devices) problems.push(`${k}: shortfall ${shortfall} ≠ ${g.devices} devices with gaps`);
    if (covered > installs || Number(p.installed_devices) > installs) problems.push(`${k}: covered ${covered} / devices ${p.installed_devices} exceed installs ${installs}`);
  }
  for (const k of byPosition.keys()) if (!keys.has(k)) problems.push(`${k}: gaps without a position`);
  expect(problems, label).toEqual([]);
}

async function scenario(dialect: DialectName, seed: number, changes: readonly Change[]): Promise<void> {
  const s = createServices(await freshDatabase(dialect));
  try {
    s.compliance.engine.clock = () => DAY;
    const { plan } = await loadEstate(s.database, { ...SIZE, seed });
    const first = await s.compliance.engine.recompute();
    expect(first.positions).toBeGreaterThan(0);
    await checkStored(s, 'after the first recomputation');
    for (const [i, c] of changes.entries()) {
      await apply(s, plan, c);
      const label = `step ${i + 1} (${JSON.stringify(c)}) of seed ${seed}`;
      const check = await s.compliance.engine.recompute({ check: true });
      expect(check.differences, label).toEqual([]);
      await checkStored(s, label);
    }
  } finally {
    await s.database.close();
  }
}

describe.each(testDialects())('incremental compliance over a generated estate on %s', (dialect) => {
  it('stores after every change what a full recomputation would', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.array(changeArb, { minLength: 8, maxLength: 14 }), (seed, changes) => scenario(dialect, seed, changes)),
      { numRuns: 4, interruptAfterTimeLimit: 40_000 },
    );
  });
});
