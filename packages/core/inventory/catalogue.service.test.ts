import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { buildInventory, buildSoftware } from '../../../test/inventory-builders.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { createServices, type Services } from '../services.ts';
import type { Submission } from './inventory.service.ts';

const windows = (name: string, version: string, publisher: string) => buildSoftware(name, version, { publisher, source: 'registry', arch: 'x64' });

describe.each(testDialects())('catalogue and review queue on %s', (dialect) => {
  let s: Services;
  let hz: string;
  let bj: string;
  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
    hz = (await createOrg(s, { regionCode: '330106' })).id;
    bj = (await createOrg(s, { regionCode: '110101' })).id;
    const sub = (orgId: string): Submission => ({ orgId, credentialId: null, channel: 'agent', format: 'ocs-xml', agent: 't', remoteAddr: null, raw: Buffer.from('x'), encoding: 'identity' });
    const common = [windows('Microsoft Office Professional Plus 2016', '16.0.4266.1001', 'Microsoft Corporation'), windows('7-Zip 23.01 (x64)', '23.01', 'Igor Pavlov')];
    for (let i = 0; i < 3; i++) {
      await s.inventory.ingest(sub(hz), buildInventory({ hostname: `hz-${i}`, serial: `HZ-${i}`, osName: 'Windows 10 专业版' }, [...common, windows('Zhejiang Internal Tool', '2.1', '浙江某软件公司'), ...(i === 0 ? [windows('Rare Thing', '1', 'Nobody')] : [])]));
    }
    await s.inventory.ingest(sub(bj), buildInventory({ hostname: 'bj-1', serial: 'BJ-1', osName: 'Windows 11 专业版' }, [...common, windows('Beijing Secret Tool', '1.0', 'Beijing Co')]));
  });
  afterAll(async () => s.database.close());

  it('recognises titles on the way in and lists products with device counts in scope', async () => {
    const all = await s.catalogue.catalogue(SYSTEM_ACTOR, { page: 1, pageSize: 50 });
    const office = all.items.find((p) => p.productKey === 'microsoft/office');
    expect(office).toMatchObject({ devices: 4, orgs: 2, licenceClass: 'commercial', requiresLicence: true });
    expect(office!.variants[0]).toMatchObject({ edition: 'Professional Plus', majorRelease: '16.0', devices: 4 });
    const zj = await createActor(s, 'region_admin', { regionCode: '330000' });
    const mine = await s.catalogue.catalogue(zj, { page: 1, pageSize: 50 });
    expect(mine.items.find((p) => p.productKey === 'microsoft/office')).toMatchObject({ devices: 3, orgs: 1 });
    const commercial = await s.catalogue.catalogue(SYSTEM_ACTOR, { page: 1, pageSize: 50, requiresLicence: true });
    expect(commercial.items.every((p) => p.requiresLicence)).toBe(true);
    const orgs = await s.catalogue.productOrgs(zj, { productKey: 'microsoft/office', page: 1, pageSize: 10 });
    expect(orgs.items).toEqual([expect.objectContaining({ orgId: hz, devices: 3 })]);
  });

  it('queues unrecognised names by how many devices have them, within scope', async () => {
    const zj = await createActor(s, 'region_admin', { regionCode: '330000' });
    const q = await s.catalogue.reviewQueue(zj, { page: 1, pageSize: 20 });
    const names = q.items.map((i) => i.name);
    expect(names.indexOf('Zhejiang Internal Tool')).toBeLessThan(names.indexOf('Rare Thing'));
    expect(q.items.find((i) => i.name === 'Zhejiang Internal Tool')).toMatchObject({ devices: 3, orgs: 1, versions: ['2.1'] });
    expect(names).not.toContain('Beijing Secret Tool');
    expect(names).not.toContain('Microsoft Office Professional Plus 2016');
  });

  it('previews a rule over stored titles, then re-recognises only what changed', async () => {
    const rule = { id: 'zj-internal-tool', publisher: 'Zhejiang Software', product: 'Internal Tool', category: 'utility' as const, licence: 'commercial' as const, domestic: true, match: ['^zhejiang internal tool'] };
    const preview = await s.catalogue.previewStored(SYSTEM_ACTOR, rule);
    expect(preview).toMatchObject({ matched: 1, devices: 3 });
    expect(preview.items[0]).toMatchObject({ name: 'Zhejiang Internal Tool', devices: 3 });
    expect(preview.items[0]!.before.ruleId).toBeNull();
    expect(preview.items[0]!.after).toMatchObject({ ruleId: 'zj-internal-tool', licenceClass: 'commercial', domestic: true });
    // Saving the rule re-recognises the affected title; a second run has nothing left to change.
    await s.recognition.createRule(SYSTEM_ACTOR, { rule, enabled: true });
    expect((await s.catalogue.rerecognize()).changed).toBe(0);
    const q = await s.catalogue.reviewQueue(SYSTEM_ACTOR, { page: 1, pageSize: 20 });
    expect(q.items.map((i) => i.name)).not.toContain('Zhejiang Internal Tool');
  });
});
