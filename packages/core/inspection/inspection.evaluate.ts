import type { Kysely } from 'kysely';
import type { Evaluation, EvaluatedInstall, LicenceClass, SoftwareCategory } from '../../contracts/index.ts';
import type { DB } from '../../storage/schema.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { chooseDevice, dedupeSoftware, identifiersOf, softwareWithOs } from '../inventory/inventory.rules.ts';
import { newTitleRows, type RecognizeFn } from '../inventory/title-recognition.ts';
import type { NormalizedInventory } from '../inventory/inventory.types.ts';
import { loadEntitlements, loadInstalls, loadOrgNodes } from '../licensing/compliance.estate.ts';
import { buildPoolIndex, entitlementsForPool, poolOf } from '../licensing/licensing.pools.ts';
import { allocateTable, coverageRows } from '../licensing/licensing.rules.ts';
import type { GroupKey, Install } from '../licensing/licensing.types.ts';
import { nowIso } from '../ids.ts';

const gk = (g: GroupKey) => `${g.orgId}\u0000${g.productKey}`;

/**
 * Evaluates a scanned computer against its organization's entitlements on
 * the spot (现场核查), writing nothing: the scan's software is recognised,
 * its installs that need a licence join the stored installs of every
 * organization × product they share licence units with (their pools), the
 * stored installs of the same computer (matched by its identifiers) are set
 * aside, and the pure allocation core decides each install. So a licence
 * already used by the organization's other computers is not counted twice.
 */
export async function evaluateScan(db: Kysely<DB>, recognize: RecognizeFn, orgId: string, inv: NormalizedInventory, day: string): Promise<Evaluation> {
  const repos = repositories(db);
  const hw = inv.hardware;
  const hits = await repos.inventory.findIdentifierHits(orgId, identifiersOf(hw));
  const matchedDeviceId = chooseDevice(hits);
  const scanDeviceId = matchedDeviceId ?? `scan:${hw.serial ?? hw.uuid ?? hw.hostname ?? 'device'}`;

  const items = dedupeSoftware(softwareWithOs(inv));
  const titles = await newTitleRows(items, hw.osName, nowIso(), recognize);
  const installs: Install[] = [];
  const shown: { name: string; version: string | null; product: string | null; index: number }[] = [];
  titles.forEach((t, i) => {
    if (t.requires_licence !== 1 || !t.product_key) return;
    shown.push({ name: items[i]!.name, version: items[i]!.version ?? null, product: t.rec_product, index: installs.length });
    installs.push({
      orgId,
      deviceId: scanDeviceId,
      deviceSerial: hw.serial,
      userId: hw.lastUser,
      titleKey: t.title_key,
      productKey: t.product_key,
      edition: t.rec_edition,
      majorRelease: t.rec_major,
      release: t.rec_release,
      category: t.category as SoftwareCategory | null,
      requiresLicence: true,
      licenceClass: (t.licence_class ?? 'commercial') as LicenceClass,
    });
  });

  let verdicts: EvaluatedInstall[] = [];
  if (installs.length > 0) {
    const [orgs, entitlements, stored] = await Promise.all([loadOrgNodes(db), loadEntitlements(db), repos.licensing.groupKeys()]);
    const scanGroups = [...new Map(installs.map((i) => [gk(i), { orgId, productKey: i.productKey }])).values()];
    const index = buildPoolIndex({ groups: [...stored.map((g) => ({ orgId: g.org_id, productKey: g.product_key })), ...scanGroups], entitlements, orgs, at: day });
    const groups = new Map<string, GroupKey>();
    const needed = new Set<string>();
    for (const g of scanGroups) {
      const pool = poolOf(index, g);
      for (const x of pool.groups) groups.set(gk(x), x);
      for (const id of [...pool.entitlementIds, ...entitlementsForPool(index, pool)]) needed.add(id);
    }
    // The other computers' installs in the same pools keep their claim on the licences.
    const others = (await loadInstalls(db, { groups: [...groups.values()] })).filter((i) => !(i.orgId === orgId && i.deviceId === matchedDeviceId));
    const table = allocateTable({ installs: [...installs, ...others], entitlements: entitlements.filter((e) => needed.has(e.id)), orgs, at: day });
    const rows = coverageRows(table);
    verdicts = shown.map((s) => {
      const r = rows[s.index]!;
      return { name: s.name, version: s.version, productKey: r.productKey, product: s.product, category: r.category, licenceClass: r.licenceClass, status: r.status, reason: r.reason, entitlementId: r.entitlementId };
    });
  }
  const covered = verdicts.filter((v) => v.status === 'covered').length;
  return {
    day,
    deviceName: hw.hostname,
    serial: hw.serial,
    os: [hw.osName, hw.osVersion].filter(Boolean).join(' ') || null,
    matchedDeviceId,
    software: items.length,
    requiring: verdicts.length,
    covered,
    uncovered: verdicts.length - covered,
    installs: verdicts,
  };
}
