import type { Kysely } from 'kysely';
import type { LicenceClass, SoftwareCategory } from '../../contracts/recognition.ts';
import type { DB } from '../../storage/schema.ts';
import { repositories, type EntitlementRow, type LicensedTitle } from '../../storage/repositories/index.ts';
import type { Entitlement, Install, OrgNode } from './licensing.types.ts';

/**
 * Reads the allocation's input from the database: organizations,
 * entitlements (less the units transferred out), and the installs that need
 * a licence with their device's serial and user.
 */

export function entitlementOf(r: EntitlementRow & { transferred_out: number }): Entitlement {
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

export async function loadEntitlements(db: Kysely<DB>): Promise<Entitlement[]> {
  return (await repositories(db).licensing.allEntitlements()).map(entitlementOf);
}

export type TitleIndex = Map<string, LicensedTitle>;

export async function loadTitles(db: Kysely<DB>): Promise<TitleIndex> {
  return new Map((await repositories(db).licensing.licensedTitles()).map((t) => [t.title_key, t]));
}

/** What the figures need of an organization's devices. */
export interface DeviceCounts {
  /** active devices with at least one install */
  devices: number;
  /** of which with an install that needs a licence */
  devicesRequiring: number;
}

/**
 * The installs that need a licence of some organizations (or all), ready
 * for the allocation, and the device counts of those organizations.
 */
export async function loadInstalls(db: Kysely<DB>, titles: TitleIndex, orgIds?: readonly string[]): Promise<{ installs: Install[]; counts: Map<string, DeviceCounts> }> {
  const repo = repositories(db).licensing;
  const facts = await repo.deviceFacts(orgIds);
  const devices = new Map<string, { serial: string | null; user: string | null }>();
  const counts = new Map<string, DeviceCounts>();
  for (const id of orgIds ?? []) counts.set(id, { devices: 0, devicesRequiring: 0 });
  for (const d of facts) {
    devices.set(`${d.org_id}\u0000${d.id}`, { serial: d.serial, user: d.last_user });
    let c = counts.get(d.org_id);
    if (!c) counts.set(d.org_id, (c = { devices: 0, devicesRequiring: 0 }));
    if (Number(d.software_count) > 0) c.devices++;
  }
  const rows = await repo.licensedInstalls(orgIds);
  const installs: Install[] = [];
  const requiring = new Set<string>();
  for (const r of rows) {
    const t = titles.get(r.title_key);
    const dk = `${r.org_id}\u0000${r.device_id}`;
    const d = devices.get(dk);
    if (!t || !d) continue;
    installs.push({
      orgId: r.org_id,
      deviceId: r.device_id,
      deviceSerial: d.serial,
      userId: d.user,
      titleKey: r.title_key,
      productKey: t.product_key,
      edition: t.rec_edition,
      majorRelease: t.rec_major,
      release: t.rec_release,
      category: t.category as SoftwareCategory | null,
      requiresLicence: true,
      licenceClass: (t.licence_class ?? 'commercial') as LicenceClass,
    });
    if (!requiring.has(dk)) {
      requiring.add(dk);
      counts.get(r.org_id)!.devicesRequiring++;
    }
  }
  return { installs, counts };
}
