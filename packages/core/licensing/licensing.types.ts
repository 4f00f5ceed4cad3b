import type { LicenceClass, SoftwareCategory } from '../../contracts/recognition.ts';
import { COVERAGE_STATUSES, LICENCE_METRICS, SCOPE_KINDS, UNCOVERED_REASONS, type CoverageStatus, type LicenceMetric, type ScopeKind, type UncoveredReason } from '../../contracts/licensing.ts';

export { COVERAGE_STATUSES, LICENCE_METRICS, SCOPE_KINDS, UNCOVERED_REASONS, type CoverageStatus, type LicenceMetric, type ScopeKind, type UncoveredReason };

/**
 * Shapes of the licensing core (授权/许可 and 有效许可状况, the effective
 * licence position): what the allocation reads and what it returns. Plain
 * data: the service layer fills them from the repositories.
 */

/** One recognised piece of software on one device (an install); `(deviceId, titleKey)` is unique. */
export interface Install {
  /** organization (单位) that owns the device */
  orgId: string;
  deviceId: string;
  /** BIOS serial of the device: what an OEM (预装) licence is bound to */
  deviceSerial: string | null;
  /** named user of the device, for per-user licences; null when unknown */
  userId: string | null;
  /** the stored software title (name, version, publisher, architecture) */
  titleKey: string;
  /** recognised product, `publisher/product` (e.g. `microsoft/office`) */
  productKey: string;
  /** recognised edition (e.g. `Professional Plus`) */
  edition: string | null;
  /** major version (Office 2016, 2019 and 2021 all report `16.0`) */
  majorRelease: string | null;
  /** marketing release found in the name (`2016`, `2019`, `DC`), tells apart releases sharing a major */
  release: string | null;
  category: SoftwareCategory | null;
  /** whether the install needs a licence at all (recognition's verdict); the rest are reported `not-required` */
  requiresLicence: boolean;
  licenceClass: LicenceClass;
}

/**
 * How an entitlement's quantity is counted.
 * - `device`: one unit per device per entitlement (several installs of the covered products on a device: one unit)
 * - `user`: one unit per named user across all their devices (an install without a user: one unit per device)
 * - `concurrent`: counted like `device` (peak concurrent use is unknown to an inventory; see docs/METRICS.md)
 * - `site`: unlimited within the scope
 * - `oem`: pre-installed (预装), one device, bound to `oemSerial`
 * - `volume`, `subscription`: counted like `device` with a quantity (subscriptions usually carry dates)
 * - `free`: unlimited, but only for free editions (see `Entitlement.editions`)
 */

/** Metrics whose quantity is ignored: nothing runs out. */
export const UNLIMITED_METRICS: readonly LicenceMetric[] = ['site', 'free'];

/**
 * Who may use an entitlement.
 * - `org`: the owning organization only
 * - `org-subtree`: the owner and every organization below it (materialized path prefix)
 * - `region`: every agency (政府机关, `OrgNode.type === 'agency'`) whose region is in the subtree of
 *   `regionCode` (GB/T 2260 codes nest by prefix: 330000 ⊃ 3301xx ⊃ 330106): a central purchase (集中采购)
 */
export type EntitlementScope = { kind: 'org' } | { kind: 'org-subtree' } | { kind: 'region'; regionCode: string };

/**
 * Versions an entitlement covers, on `Install.majorRelease` (numeric-aware:
 * 9.0 < 16.0). Releases refine a bound whose major is shared by several
 * releases (Office 2016/2019/2021 are all 16.0): `{ max: '16.0', maxRelease: '2019' }`
 * is "up to Office 2019". An absent bound is open.
 */
export interface VersionRange {
  min?: string;
  /** release label refining `min` (compared only when the install reports a release too) */
  minRelease?: string;
  max?: string;
  /** release label refining `max` */
  maxRelease?: string;
}

/** An entitlement (授权/许可): a purchase or right to use products. */
export interface Entitlement {
  id: string;
  /** owning organization */
  orgId: string;
  scope: EntitlementScope;
  /** products covered; a suite lists each of its products and itself (Office Professional Plus → microsoft/office, microsoft/word, …) */
  productKeys: string[];
  /** editions covered (case-insensitive); null = any edition (for `free`: see docs/METRICS.md) */
  editions: string[] | null;
  versionRange: VersionRange;
  /** 降级权利: versions older than `versionRange.min` are covered too (same edition rules) */
  downgradeRights: boolean;
  /** software assurance / maintenance (升级保障): versions newer than `versionRange.max` are covered while `at` ≤ this day */
  upgradeRightsUntil: string | null;
  metric: LicenceMetric;
  /** units bought; ignored for `site` and `free`; `oem` is always one unit */
  quantity: number;
  /** BIOS serial of the device an `oem` licence came with */
  oemSerial: string | null;
  /** volume agreement number (批量许可协议号) */
  agreementNo: string | null;
  /** first day of validity (YYYY-MM-DD, inclusive); null = since always */
  start: string | null;
  /** last day of validity (YYYY-MM-DD, inclusive); null = perpetual */
  end: string | null;
  /** price of one unit as purchased; feeds the shortfall cost estimate */
  unitPrice: number | null;
  currency: string | null;
  /** purchase day (YYYY-MM-DD): picks the most recent price; `start` stands in when null */
  purchasedAt?: string | null;
}

/** An organization as scope checks see it. */
export interface OrgNode {
  id: string;
  /** materialized path `/…/parentId/id/` */
  path: string;
  /** GB/T 2260 code of the organization's region */
  regionCode: string;
  type: 'agency' | 'enterprise';
}


/**
 * Why an install is not covered: the best explanation among the entitlements
 * of its product, closest to covering it first (see `REASON_RANK`).
 * `not-yet-valid`: the only fitting entitlement starts after the evaluation day.
 */

/** The verdict for one install. */
export interface InstallCoverage {
  orgId: string;
  deviceId: string;
  titleKey: string;
  productKey: string;
  category: SoftwareCategory | null;
  licenceClass: LicenceClass;
  status: CoverageStatus;
  /** the entitlement that covers it (status `covered`) */
  entitlementId: string | null;
  /** status `uncovered` only */
  reason: UncoveredReason | null;
}

/** The effective licence position (有效许可状况) of one organization for one product. */
export interface Position {
  orgId: string;
  productKey: string;
  /** installs that need a licence */
  installs: number;
  coveredInstalls: number;
  uncoveredInstalls: number;
  /** devices with at least one install that needs a licence */
  installedDevices: number;
  /** distinct named users of those installs */
  users: number;
  /** units of usable entitlements (in scope, valid at the day); null when one is unlimited */
  entitled: number | null;
  unlimited: boolean;
  /** units of the usable limited entitlements, also when an unlimited one exists */
  entitledLimited: number;
  /** licence units consumed by this organization's installs of the product */
  consumed: number;
  /** devices with at least one uncovered install: licences to buy (or software to remove) */
  shortfall: number;
  /**
   * spare units: of the usable limited entitlements, the units nobody used
   * (by this or any other organization or product); null when unlimited. A
   * shared entitlement's spare units show in every position it could serve:
   * do not add surpluses across organizations (`EntitlementUsage.remaining`
   * counts each once). Equals entitled − consumed when nothing is shared.
   */
  surplus: number | null;
  /** the most recent recorded unit price of the product */
  unitPrice: number | null;
  currency: string | null;
  /** shortfall × unitPrice; null without a recorded price */
  estimatedShortfallCost: number | null;
  /** categories of the installs that need a licence, in the order of `SOFTWARE_CATEGORIES` */
  categories: SoftwareCategory[];
}

/** How much of one entitlement is used (the pool view: shared central purchases show their real remainder here). */
export interface EntitlementUsage {
  entitlementId: string;
  /** null for unlimited metrics */
  quantity: number | null;
  /** units consumed across every organization using it */
  consumed: number;
  /** quantity − consumed; null for unlimited metrics */
  remaining: number | null;
  coveredInstalls: number;
  validity: 'valid' | 'expired' | 'not-yet-valid';
}

export interface AllocationInput {
  installs: readonly Install[];
  entitlements: readonly Entitlement[];
  orgs: readonly OrgNode[];
  /** evaluation day, YYYY-MM-DD (a timestamp is taken as its China Standard Time day) */
  at: string;
  /** unit prices by product; defaults to `priceBook(entitlements)` */
  prices?: PriceBook;
}

export interface AllocationResult {
  /** the verdict of every install: `coverage[i]` is that of `installs[i]` */
  coverage: InstallCoverage[];
  /** ordered by org, product */
  positions: Position[];
  /** ordered by entitlement id */
  usage: EntitlementUsage[];
}

/** One organization × product: the unit of positions. */
export interface GroupKey {
  orgId: string;
  productKey: string;
}

/**
 * A pool: the organizations × products and the entitlements that share
 * licence units. The unit of recomputation: a change to any install or
 * entitlement in it may change every result in it, and nothing outside it.
 */
export interface Pool {
  groups: GroupKey[];
  entitlementIds: string[];
}

/** A recorded unit price. */
export interface Price {
  unitPrice: number;
  currency: string | null;
  /** the entitlement it was recorded with */
  entitlementId: string;
  day: string | null;
}

/** Unit price per product key. */
export type PriceBook = ReadonlyMap<string, Price>;
