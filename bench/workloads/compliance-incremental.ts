import { sql } from 'kysely';
import { repositories } from '../../packages/storage/repositories/index.ts';
import type { StoredInstall } from '../../packages/storage/repositories/inventory.repository.ts';
import { prng } from '../../packages/storage/seeds/uscc-generator.ts';
import { complianceEstate, percentile, withPeakRss } from '../compliance-fixture.ts';
import type { Workload } from '../workload.ts';

/** Re-inventoried devices per run. */
const ITERATIONS = Number(process.env.BENCH_COMPLIANCE_ITERATIONS ?? 100);

/**
 * One device re-inventoried: a few of its licensed installs removed, a few
 * added, its licensed installs and software count brought in step (what an
 * inventory writes), then the engine refreshed — alternately the way
 * ingestion asks (`{ groups: the device's changed products, countOrgs:
 * [org] }`) and for the whole organization (`{ orgIds: [org] }`, what an
 * approved or removed device asks). Latencies are of the refresh alone
 * (issue 5's target: p95 ≤ 50 ms); the run's time includes the writes.
 */
export const complianceIncremental: Workload = {
  name: 'compliance-incremental',
  description: `${ITERATIONS} re-inventoried devices (random, seeded) of the generated estate: 1–2 licensed installs removed and 1–3 added to its software (its one row of device_software_sets rewritten), licensed_installs synced (InventoryRepository.syncLicensed), then ComplianceEngine.refresh(), alternately { groups, countOrgs } as ingestion calls it and { orgIds: [org] }. Percentiles are of refresh() alone (over every run: the first run's include the engine's first use of what it kept from the full recomputations before); "groups" is the mean number of organization × product positions a refresh recomputed.`,
  unit: 'refreshes',
  usesDatabase: true,
  metricLabels: { p50Ms: 'p50 ms (groups)', p95Ms: 'p95 ms (groups)', orgP50Ms: 'p50 ms (orgIds)', orgP95Ms: 'p95 ms (orgIds)', groups: 'groups', peakRssMb: 'peak RSS MB' },
  async setup(ctx) {
    const { services, load } = await complianceEstate(ctx);
    const { db } = services.database;
    const engine = services.compliance.engine;
    const { plan } = load;
    // A different walk each run, the same walks every invocation.
    const rand = prng(plan.size.seed + (await ctx.shared('compliance-incremental-runs', async () => ({ n: 0 }))).n++);
    const int = (n: number) => Math.floor(rand() * n);
    const licensed = plan.licensedTitleKeys;
    const licensedSet = new Set(licensed);
    const active = plan.devices.filter((d) => d.active);
    const byGroups: number[] = [];
    const byOrg: number[] = [];
    let groups = 0;
    let peakRssMb = 0;
    return {
      async run() {
        const r = await withPeakRss(async () => {
          for (let i = 0; i < ITERATIONS; i++) {
            const d = active[int(active.length)]!;
            const orgId = plan.orgs[d.orgIndex]!.id;
            const stored = await repositories(db).inventory.installsOf(orgId, d.id);
            const have = stored.map((x) => x[0]);
            const drop = have.filter((k) => licensedSet.has(k)).sort(() => rand() - 0.5).slice(0, 1 + int(2));
            const haveSet = new Set(have);
            const add = new Set<string>();
            for (let n = 1 + int(3), guard = 0; add.size < n && guard < 50; guard++) {
              const k = licensed[int(licensed.length)]!;
              if (!haveSet.has(k)) add.add(k);
            }
            const changed = await services.database.transaction(async (trx) => {
              const repo = repositories(trx).inventory;
              const at = new Date().toISOString();
              const kept = stored.filter((x) => !drop.includes(x[0]));
              await repo.writeInstalls(orgId, d.id, [...kept, ...[...add].map((k): StoredInstall => [k, null, 'windows', null, null, at])], false);
              await trx.updateTable('devices').set({ software_count: sql<number>`software_count + ${add.size - drop.length}`, updated_at: new Date().toISOString() }).where('org_id', '=', orgId).where('id', '=', d.id).execute();
              return repo.syncLicensed(orgId, d.id, { added: [...add], removed: drop });
            });
            const whole = i % 2 === 1;
            const t0 = performance.now();
            const out = await engine.refresh(whole ? { orgIds: [orgId] } : { groups: changed.map((productKey) => ({ orgId, productKey })), countOrgs: [orgId] });
            (whole ? byOrg : byGroups).push(performance.now() - t0);
            if (out.full) throw new Error('refresh fell back to a full recomputation');
            groups += out.groups;
          }
        });
        peakRssMb = r.peakRssMb;
        return ITERATIONS;
      },
      metrics: () => ({ p50Ms: percentile(byGroups, 50), p95Ms: percentile(byGroups, 95), orgP50Ms: percentile(byOrg, 50), orgP95Ms: percentile(byOrg, 95), groups: groups / ITERATIONS, peakRssMb }),
    };
  },
};
