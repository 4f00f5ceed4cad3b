import { describe, expect, it } from 'vitest';
import { createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { buildInventory, buildSoftware } from '../../../test/inventory-builders.ts';
import { entitlementBody } from '../../contracts/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import type { Submission } from '../inventory/inventory.service.ts';
import { createServices, type Services } from '../services.ts';

const OFFICE = buildSoftware('Microsoft Office Professional Plus 2019 - zh-cn', '1.0', { source: 'windows', publisher: 'Microsoft Corporation', arch: 'x64' });

/*
 * The engine keeps, after a full recomputation, the installs and stored
 * rows it knows (compliance.memo.ts). These scenarios change what it knows
 * behind its back (another engine on the same database) and through it
 * (re-inventoried devices), and ask a full recomputation to find nothing
 * to repair.
 */
describe.each(testDialects())('what the compliance engine keeps between refreshes on %s', (dialect) => {
  const setup = async () => {
    const database = await freshDatabase(dialect);
    const [a, b] = [createServices(database), createServices(database)];
    for (const s of [a, b]) s.compliance.engine.clock = () => '2026-06-01';
    // Two agencies sharing a province-wide purchase: one pool.
    const [org1, org2] = [(await createOrg(a, { regionCode: '330106' })).id, (await createOrg(a, { regionCode: '330106' })).id];
    const sub = (orgId: string): Submission => ({ orgId, credentialId: null, channel: 'agent', format: 'ocs-xml', agent: 'test', remoteAddr: '127.0.0.1', raw: Buffer.from('<REQUEST/>'), encoding: 'identity' });
    const pc = async (s: Services, orgId: string, serial: string, software: ReturnType<typeof buildSoftware>[]) => {
      await s.inventory.ingest(sub(orgId), buildInventory({ serial, hostname: serial.toLowerCase(), lastUser: `user-${serial}` }, software));
      await s.compliance.engine.idle();
    };
    const office = async (orgId: string) => (await a.compliance.positions(SYSTEM_ACTOR, orgId, { page: 1, pageSize: 10 })).items.find((p) => p.productKey === 'microsoft/office');
    await pc(a, org1, 'SN1', [OFFICE]);
    await pc(a, org2, 'SN2', [OFFICE]);
    await a.entitlements.create(SYSTEM_ACTOR, org1, entitlementBody.parse({ name: 'central', metric: 'device', quantity: 2, productKeys: ['microsoft/office'], scope: { kind: 'region', regionCode: '330000' } }));
    await a.compliance.engine.recompute();
    return { database, a, b, org1, org2, pc, office };
  };

  it('reads again when another engine stored results meanwhile', async () => {
    const { database, a, b, org1, org2, pc, office } = await setup();
    try {
      // Engine b stores a change of org2's installs that engine a is never told of…
      await pc(b, org2, 'SN3', [OFFICE]);
      // …then a change in org1, in the same pool, reaches engine a: org2's installs are read, not taken from a's recomputation.
      await pc(a, org1, 'SN4', [OFFICE]);
      expect(await office(org1)).toMatchObject({ installs: 2, coveredInstalls: 2 });
      expect(await office(org2)).toMatchObject({ installs: 2, coveredInstalls: 0, shortfall: 2 });
      expect((await a.compliance.engine.recompute({ check: true })).differences).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('reads the installs of the groups it is told of, and keeps what it stored', async () => {
    const { database, a, org1, org2, pc, office } = await setup();
    try {
      await pc(a, org2, 'SN3', [OFFICE]);
      expect(await office(org2)).toMatchObject({ installs: 2, coveredInstalls: 1, shortfall: 1 });
      // SN1 loses its install: the unit it held goes to org2.
      await pc(a, org1, 'SN1', []);
      expect(await office(org2)).toMatchObject({ installs: 2, coveredInstalls: 2, shortfall: 0 });
      await pc(a, org1, 'SN5', [OFFICE]);
      expect(await office(org1)).toMatchObject({ installs: 1, coveredInstalls: 1 });
      expect(await office(org2)).toMatchObject({ installs: 2, coveredInstalls: 1, shortfall: 1 });
      expect((await a.compliance.engine.recompute({ check: true })).differences).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
