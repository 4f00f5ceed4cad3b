import { estateSizeFromEnv } from '../compliance-estate.ts';
import { complianceEstate, withPeakRss } from '../compliance-fixture.ts';
import type { Workload } from '../workload.ts';

const size = estateSizeFromEnv();

/**
 * `ComplianceEngine.recompute()` over the generated estate (issue 5's
 * target: ≤ 2 s), whose results are already stored (the fixture computed
 * them once): the engine compares and rewrites only what differs, so this
 * is the recomputation a server runs to verify and repair. Its time is
 * split by the engine's own clock in the measured run (`phases`): reading
 * the estate (organizations, entitlements, licensed installs as columns
 * with their devices, devices with software), the allocation, and the rest
 * (each organization's lines digested and compared with the stored results' digests,
 * figures, trend, the writes of what differs), which is the run minus the
 * two.
 */
export const complianceFullRecompute: Workload = {
  name: 'compliance-full-recompute',
  description: `ComplianceEngine.recompute() on a generated estate of ${size.orgs.toLocaleString('en-US')} organizations, ${size.devices.toLocaleString('en-US')} devices, ~${(size.devices * size.installsPerDevice).toLocaleString('en-US')} installs over ${size.products.toLocaleString('en-US')} products (one in twelve of the long tail needs a licence) and ${size.entitlements.toLocaleString('en-US')} entitlements of every metric and scope (bench/compliance-estate.ts): reads the licensed installs as columns (one text per organization, a share of them read and parsed by the reading worker), allocates, compares with the stored positions, gaps, usage, organization figures and the day's trend (positions and gaps as a digest of each organization's lines, computed beside) and writes only what differs — the estate's results are stored already, so a run writes almost nothing. Split (the engine's own clock, in the measured run): read, allocate, and the rest (compare + figures + write). Process CPU and peak RSS are this process's (all its threads; SQLite's page cache included, PostgreSQL's server not).`,
  unit: 'installs',
  usesDatabase: true,
  metricLabels: { cpuMs: 'process CPU ms', readMs: 'read ms', allocateMs: 'allocate ms', writeMs: 'compare+write ms', positions: 'positions', peakRssMb: 'peak RSS MB' },
  async setup(ctx) {
    const { services } = await complianceEstate(ctx);
    let ms = 0;
    let positions = 0;
    let installs = 0;
    let peakRssMb = 0;
    let cpuMs = 0;
    let split = { readMs: 0, allocateMs: 0 };
    return {
      async run() {
        const c0 = process.cpuUsage();
        const r = await withPeakRss(() => services.compliance.engine.recompute());
        const c = process.cpuUsage(c0);
        cpuMs = (c.user + c.system) / 1000;
        if (!r.value.written || r.value.positions === 0) throw new Error(`recompute wrote nothing: ${JSON.stringify(r.value)}`);
        ({ ms, positions, installs, phases: split } = r.value);
        peakRssMb = r.peakRssMb;
        return installs;
      },
      metrics: () => ({ cpuMs, ...split, writeMs: Math.max(0, ms - split.readMs - split.allocateMs), positions, peakRssMb }),
    };
  },
};
