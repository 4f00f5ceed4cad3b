import type { Kysely } from 'kysely';
import type { LicenceClass, SoftwareCategory } from '../../contracts/recognition.ts';
import type { DB } from '../../storage/schema.ts';
import { repositories, type AllocationEntitlementRow } from '../../storage/repositories/index.ts';
import type { InstallColumns } from './licensing.groups.ts';
import type { Entitlement, GroupKey, Install, OrgNode } from './licensing.types.ts';

/**
 * Reads the allocation's input from the database: organizations,
 * entitlements (less the units transferred out), and the installs that need
 * a licence with their device's serial and user.
 */

export function entitlementOf(r: AllocationEntitlementRow): Entitlement {
  return {
    id: r.id,
    orgId: r.org_id,
    scope: r.scope_kind === 'region' ? { kind: 'region', regionCode: r.scope_region_code ?? '' } : { kind: r.scope_kind as 'org' | 'org-subtree' },
    productKeys: JSON.parse(r.product_keys_json) as string[],
    editions: r.editions_json ? (JSON.parse(r.editions_json) as string[]) : null,
    versionRange: {
      ...(r.version_min ? { min: r.version_min } : {}),
      ...(r.version_min_release ? { minRelease: r.version_min_release } : {}),
      ...(r.version_max ? { max: r.version_max } : {}),
      ...(r.version_max_release ? { maxRelease: r.version_max_release } : {}),
    },
    downgradeRights: Number(r.downgrade_rights) === 1,
    upgradeRightsUntil: r.upgrade_rights_until,
    metric: r.metric as Entitlement['metric'],
    quantity: Math.max(0, Number(r.quantity) - Number(r.transferred_out)),
    oemSerial: r.oem_serial,
    agreementNo: r.agreement_no,
    start: r.start_day,
    end: r.end_day,
    unitPrice: r.unit_price === null ? null : Number(r.unit_price),
    currency: r.currency,
    purchasedAt: r.purchased_at,
  };
}

export async function loadOrgNodes(db: Kysely<DB>): Promise<OrgNode[]> {
  return (await repositories(db).licensing.orgNodes()).map((o) => ({ id: o.id, path: o.path, regionCode: o.region_code, type: o.type as OrgNode['type'] }));
}

/** `aside`: on SQLite, read on a worker thread's connection while this thread does other work (what was last committed). */
export async function loadEntitlements(db: Kysely<DB>, opts: { aside?: boolean } = {}): Promise<Entitlement[]> {
  return (await repositories(db).licensing.allEntitlements(opts)).map(entitlementOf);
}

/** What the figures need of an organization's devices. */
export interface DeviceCounts {
  /** active devices with at least one install */
  devices: number;
  /** of which with an install that needs a licence */
  devicesRequiring: number;
}

export type InstallScope = { groups: readonly GroupKey[] } | { orgIds: readonly string[] } | 'all';

/**
 * The installs that need a licence of some groups, some organizations or
 * all, ready for the allocation (installs of devices not active are left out).
 */
export async function loadInstalls(db: Kysely<DB>, which: InstallScope): Promise<Install[]> {
  const repo = repositories(db).licensing;
  const rows = await repo.licensedInstalls(which);
  const orgIds = which === 'all' ? undefined : 'orgIds' in which ? which.orgIds : [...new Set(which.groups.map((g) => g.orgId))];
  const facts = await repo.deviceFacts(orgIds);
  const devices = new Map<string, { serial: string | null; user: string | null }>();
  for (const d of facts) devices.set(`${d.org_id}\u0000${d.id}`, { serial: d.serial, user: d.last_user });
  const installs: Install[] = [];
  for (const r of rows) {
    const d = devices.get(`${r.org_id}\u0000${r.device_id}`);
    if (!d) continue;
    installs.push({
      orgId: r.org_id,
      deviceId: r.device_id,
      deviceSerial: d.serial,
      userId: d.user,
      titleKey: r.title_key,
      productKey: r.product_key,
      edition: r.rec_edition,
      majorRelease: r.rec_major,
      release: r.rec_release,
      category: r.category as SoftwareCategory | null,
      requiresLicence: true,
      licenceClass: (r.licence_class ?? 'commercial') as LicenceClass,
    });
  }
  return installs;
}

/**
 * The installs that need a licence of active devices, of every
 * organization or of some groups, as the engine's columns (the full
 * recomputation reads hundreds of thousands: no object per install).
 */
export async function loadInstallColumns(db: Kysely<DB>, which: 'all' | { groups: readonly GroupKey[] }): Promise<InstallColumns> {
  const c = await repositories(db).licensing.licensedInstallColumns(which);
  // The repository's titles carry recognition's strings; the engine reads them as its enums.
  return { ...c, titles: c.titles as InstallColumns['titles'] };
}
