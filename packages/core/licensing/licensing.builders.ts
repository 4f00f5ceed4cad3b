import type { Entitlement, Install, OrgNode } from './licensing.types.ts';

/**
 * Test data builders for the licensing core (tests only, not demo data):
 * sensible defaults, override what the test is about.
 */

let counter = 0;

/** An install of Office Professional Plus 2016 needing a licence, in org `org-a`. */
export function buildInstall(over: Partial<Install> = {}): Install {
  counter++;
  return {
    orgId: 'org-a',
    deviceId: `dev-${counter}`,
    deviceSerial: null,
    userId: null,
    titleKey: `title-${over.productKey ?? 'microsoft/office'}-${over.release ?? over.majorRelease ?? '2016'}`,
    productKey: 'microsoft/office',
    edition: 'Professional Plus',
    majorRelease: '16.0',
    release: '2016',
    category: 'office-suite',
    requiresLicence: true,
    licenceClass: 'commercial',
    ...over,
  };
}

/** A perpetual per-device entitlement of org `org-a` for Office, any edition and version, 10 units. */
export function buildEntitlement(over: Partial<Entitlement> = {}): Entitlement {
  counter++;
  return {
    id: `ent-${String(counter).padStart(6, '0')}`,
    orgId: 'org-a',
    scope: { kind: 'org' },
    productKeys: ['microsoft/office'],
    editions: null,
    versionRange: {},
    downgradeRights: false,
    upgradeRightsUntil: null,
    metric: 'device',
    quantity: 10,
    oemSerial: null,
    agreementNo: null,
    start: null,
    end: null,
    unitPrice: null,
    currency: null,
    purchasedAt: null,
    ...over,
  };
}

/** An organization; the path is built from the parent's. */
export function buildOrgNode(id: string, over: Partial<Omit<OrgNode, 'id'>> & { parent?: OrgNode } = {}): OrgNode {
  const { parent, ...rest } = over;
  return { id, path: `${parent?.path ?? '/'}${id}/`, regionCode: parent?.regionCode ?? '330106', type: 'agency', ...rest };
}

/** Installs of one product on `count` devices (`${prefix}-1`…), one each. */
export function installsOn(count: number, prefix: string, over: Partial<Install> = {}): Install[] {
  return Array.from({ length: count }, (_, i) => buildInstall({ deviceId: `${prefix}-${i + 1}`, ...over }));
}
