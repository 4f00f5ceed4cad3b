import { SYSTEM_ACTOR } from '../../packages/core/auth/system-actor.ts';
import { complianceEstate, percentile, withPeakRss } from '../compliance-fixture.ts';
import type { Workload } from '../workload.ts';

/** Dashboard reads per region per run. */
const CALLS = Number(process.env.BENCH_COMPLIANCE_DASHBOARD_CALLS ?? 40);

/**
 * The region dashboard (issue 5's target: p95 ≤ 100 ms) as a national
 * admin: the nation (000000) and the province with the most organizations
 * of the generated estate, alternately.
 */
export const complianceRegionDashboard: Workload = {
  name: 'compliance-region-dashboard',
  description: `ComplianceService.region() as a national admin over the generated estate's stored figures: ${CALLS} calls for the nation (000000) and ${CALLS} for its largest province, alternately. Latencies per call.`,
  unit: 'calls',
  usesDatabase: true,
  metricLabels: { nationalP50Ms: 'national p50 ms', nationalP95Ms: 'national p95 ms', provinceP50Ms: 'province p50 ms', provinceP95Ms: 'province p95 ms', peakRssMb: 'peak RSS MB' },
  async setup(ctx) {
    const { services, load } = await complianceEstate(ctx);
    const perProvince = new Map<string, number>();
    for (const o of load.plan.orgs) perProvince.set(`${o.region_code.slice(0, 2)}0000`, (perProvince.get(`${o.region_code.slice(0, 2)}0000`) ?? 0) + 1);
    const province = [...perProvince.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const national: number[] = [];
    const provincial: number[] = [];
    let peakRssMb = 0;
    return {
      async run() {
        const r = await withPeakRss(async () => {
          for (let i = 0; i < CALLS; i++) {
            for (const [code, into] of [['000000', national], [province, provincial]] as const) {
              const t0 = performance.now();
              const d = await services.compliance.region(SYSTEM_ACTOR, code);
              into.push(performance.now() - t0);
              if (d.children.length === 0) throw new Error(`region ${code} has no children`);
            }
          }
        });
        peakRssMb = r.peakRssMb;
        return 2 * CALLS;
      },
      metrics: () => ({ nationalP50Ms: percentile(national, 50), nationalP95Ms: percentile(national, 95), provinceP50Ms: percentile(provincial, 50), provinceP95Ms: percentile(provincial, 95), peakRssMb }),
    };
  },
};
