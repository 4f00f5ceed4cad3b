import fs from 'node:fs';
import type { Services } from '../packages/core/services.ts';
import { ESTATE_DAY, estateSizeFromEnv, loadEstate, type EstateLoad } from './compliance-estate.ts';
import type { BenchContext } from './workload.ts';

/** A database holding the generated estate with its positions computed once. */
export interface ComplianceEstate {
  services: Services;
  load: EstateLoad;
  /** the untimed first recomputation (empty result tables) */
  firstRecomputeMs: number;
}

const log = (msg: string) => process.stderr.write(`${msg}\n`);

/**
 * One estate per dialect, shared by the compliance workloads of one bench
 * invocation (loading 6M installs costs more than every run after it). The
 * engine's clock is pinned to the estate's day.
 */
export function complianceEstate(ctx: BenchContext): Promise<ComplianceEstate> {
  return ctx.shared('compliance-estate', async () => {
    const services = await ctx.freshServices();
    services.compliance.engine.clock = () => ESTATE_DAY;
    const size = estateSizeFromEnv();
    log(`[${ctx.dialect}] compliance estate: ${size.orgs.toLocaleString('en-US')} orgs, ${size.devices.toLocaleString('en-US')} devices × ~${size.installsPerDevice} installs, ${size.products.toLocaleString('en-US')} products, ${size.entitlements.toLocaleString('en-US')} entitlements`);
    const load = await loadEstate(services.database, size, { log });
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    log(`[${ctx.dialect}] estate loaded in ${s(load.ms.total)}: plan ${s(load.ms.plan)}, reference rows ${s(load.ms.reference)}, ${load.installs.toLocaleString('en-US')} installs ${s(load.ms.installs)} (${Math.round(load.installs / (load.ms.installs / 1000)).toLocaleString('en-US')} rows/s), ${load.licensedInstalls.toLocaleString('en-US')} licensed_installs ${s(load.ms.licensed)}, analyze ${s(load.ms.analyze)}`);
    const first = await services.compliance.engine.recompute();
    log(`[${ctx.dialect}] first recomputation: ${s(first.ms)} → ${first.positions.toLocaleString('en-US')} positions, ${first.installs.toLocaleString('en-US')} licensed installs`);
    return { services, load, firstRecomputeMs: first.ms };
  });
}

/**
 * Peak resident memory of this process during `fn`: the kernel's high-water
 * mark is reset first (Linux /proc/self/clear_refs); elsewhere, the peak so
 * far. Includes SQLite's page cache (in-process); PostgreSQL's server is not.
 */
export async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakRssMb: number }> {
  let reset = false;
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    reset = true;
  } catch {
    // not Linux, or not allowed: fall back to the lifetime peak
  }
  const value = await fn();
  let kb = 0;
  if (reset) kb = Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
  if (!kb) kb = process.resourceUsage().maxRSS;
  return { value, peakRssMb: kb / 1024 };
}

/** The p-th percentile (nearest rank) of some durations. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
}
