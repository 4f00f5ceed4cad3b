import { allocateTable, reasonName, STATUS_CODES, type AllocationTable } from './licensing.engine.ts';
import { buildPoolIndex, entitlementsForPool, groupsOf, poolOf, type PoolIndex } from './licensing.pools.ts';
import { priceBook } from './licensing.prices.ts';
import type { AllocationInput, AllocationResult, GroupKey, InstallCoverage, Pool } from './licensing.types.ts';

/**
 * Allocation of entitlements to installs (有效许可状况): which entitlement
 * covers each install, or why none does, and the position of every
 * organization × product. Pure and deterministic: the same input in any
 * order gives the same verdicts (coverage follows the order of the input;
 * positions and usage are sorted).
 *
 * The rules, in allocation order:
 * - only installs that need a licence consume one; the rest are `not-required`;
 * - an entitlement fits an install when it lists the product, the install's
 *   organization is in its scope, the edition and version fit, it is valid
 *   on the day and, for OEM, the install is on its device (licensing.eligibility.ts);
 * - entitlements are used one after another: OEM first, then unlimited ones
 *   (site, free), then the most specific (org scope before subtree before
 *   region, listed editions before any, narrower versions), soonest-expiring
 *   first, ties by id; each hands its units to the fitting installs still
 *   uncovered — a unit is a device (or a named user for per-user licences)
 *   and covers every fitting install on it;
 * - an uncovered install gets the best explanation among the entitlements of
 *   its product worth naming (`UNCOVERED_REASONS`, closest miss last).
 *
 * How it stays fast: installs are grouped by organization × product, each
 * group finds its candidate entitlements through its lineage and province
 * (never a scan of all entitlements), entitlements are sorted once, and the
 * work happens in typed arrays (licensing.engine.ts).
 */

/** The rows of a table's coverage, aligned with its installs. */
export function coverageRows(t: AllocationTable): InstallCoverage[] {
  const rows = new Array<InstallCoverage>(t.installs.length);
  for (let x = 0; x < t.installs.length; x++) {
    const i = t.installs[x]!;
    const status = STATUS_CODES[t.status[x]!]!;
    const by = t.coveredBy[x]!;
    // One literal shape for every row (no spread): millions of rows stay cheap.
    rows[x] = {
      orgId: i.orgId,
      deviceId: i.deviceId,
      titleKey: i.titleKey,
      productKey: i.productKey,
      category: i.category,
      licenceClass: i.licenceClass,
      status,
      entitlementId: by >= 0 ? t.entitlementIds[by]! : null,
      reason: status === 'uncovered' ? reasonName(t.reason[x]!) : null,
    };
  }
  return rows;
}

/**
 * Allocates entitlements to installs on the day `at`: the coverage of every
 * install, the position of every organization × product with installs that
 * need a licence (or with a usable entitlement it owns), and the use of
 * every entitlement. See docs/METRICS.md for the definitions. For millions
 * of installs, `allocateTable` gives the same result as columns.
 */
export function allocate(input: AllocationInput): AllocationResult {
  const t = allocateTable(input);
  return { coverage: coverageRows(t), positions: t.positions, usage: t.usage };
}

export { allocateTable, type AllocationTable };

const groupId = (g: GroupKey): string => `${g.orgId}\u0000${g.productKey}`;

/**
 * Recomputes one organization × product and everything that shares licence
 * units with it: its pool (a region-wide central purchase is shared by every
 * agency of the region, a suite by its products, so one group cannot be
 * recomputed alone). `installs` must hold every install of every group of
 * the pool, `entitlements` every entitlement `entitlementsForPool` names
 * (more of either is harmless: the rest is ignored). `index`, when given,
 * is the estate's `buildPoolIndex` (kept by the caller across calls);
 * otherwise one is built from the input. Returns the results of the pool's
 * groups and entitlements — equal to a full `allocate` restricted to them —
 * and the pool; coverage follows the order of the pool's installs in the input.
 */
export function allocateOrgProduct(input: AllocationInput & GroupKey & { index?: PoolIndex }): AllocationResult & { pool: Pool } {
  const index = input.index ?? buildPoolIndex({ groups: groupsOf(input.installs, input.entitlements), entitlements: input.entitlements, orgs: input.orgs, at: input.at });
  const pool = poolOf(index, { orgId: input.orgId, productKey: input.productKey });
  const inPool = new Set(pool.groups.map(groupId));
  const needed = new Set(entitlementsForPool(index, pool));
  const entIds = new Set(pool.entitlementIds);
  const result = allocate({
    installs: input.installs.filter((i) => inPool.has(groupId(i))),
    entitlements: input.entitlements.filter((e) => needed.has(e.id)),
    orgs: input.orgs,
    at: input.at,
    prices: input.prices ?? priceBook(input.entitlements),
  });
  return {
    coverage: result.coverage,
    positions: result.positions.filter((p) => inPool.has(groupId(p))),
    usage: result.usage.filter((u) => entIds.has(u.entitlementId)),
    pool,
  };
}
