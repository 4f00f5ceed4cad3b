import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceSortKey, SortOrder } from '../../contracts/index.ts';
import { createActor, createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { buildInventory, buildSoftware } from '../../../test/inventory-builders.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { createServices, type Services } from '../services.ts';
import type { Submission } from './inventory.service.ts';

describe.each(testDialects())('inventory ingestion on %s', (dialect) => {
  let s: Services;
  let orgId: string;
  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
    orgId = (await createOrg(s)).id;
  });
  afterAll(async () => s.database.close());

  const sub = (over: Partial<Submission> = {}): Submission => ({ orgId, credentialId: null, channel: 'agent', format: 'ocs-xml', agent: 'test', remoteAddr: '127.0.0.1', raw: Buffer.from('<REQUEST/>'), encoding: 'identity', ...over });
  const software = (n: number, v = '1.0') => Array.from({ length: n }, (_, i) => buildSoftware(`pkg-${i}`, v));
  // buildInventory's operating system, one install of every device besides its software.
  const OS = 'Debian GNU/Linux 12 (bookworm)';

  it('creates a device on the first inventory and counts duplicates once', async () => {
    const inv = buildInventory({ uuid: '11111111-2222-3333-4444-555555555555', hostname: 'pc-a', agentDeviceId: 'pc-a-1' }, [...software(50), buildSoftware('pkg-1', '1.0')]);
    const r = await s.inventory.ingest(sub(), inv);
    // 50 packages (pkg-1 once) and the operating system.
    expect(r).toMatchObject({ createdDevice: true, softwareCount: 51, added: 51, changes: 0 });
    const d = await s.devices.get(SYSTEM_ACTOR, orgId, r.deviceId);
    expect(d).toMatchObject({ name: 'pc-a', uuid: '11111111-2222-3333-4444-555555555555', softwareCount: 51, status: 'active' });
    const stored = await repositories(s.database.db).inventory.findInventory(orgId, r.inventoryId);
    expect(stored).toMatchObject({ status: 'processed', device_id: r.deviceId, software_count: 51 });
    const sw = await s.devices.software(SYSTEM_ACTOR, orgId, r.deviceId, { page: 1, pageSize: 100 });
    expect(sw.items.filter((x) => x.name === 'pkg-1')).toHaveLength(1);
    expect(sw.items.filter((x) => x.source === 'os').map((x) => x.name)).toEqual([OS]);
  });

  it('keeps one device across a reinstalled agent, a rename and a second agent', async () => {
    const hw = { uuid: '99999999-8888-7777-6666-555555555555', serial: 'SN-123', macs: ['aa:bb:cc:00:00:01'], hostname: 'old-name', agentDeviceId: 'old-name-2024' };
    const first = await s.inventory.ingest(sub(), buildInventory(hw, software(10)));
    const renamed = await s.inventory.ingest(sub(), buildInventory({ ...hw, hostname: 'new-name', agentDeviceId: 'new-name-2026' }, software(10)));
    const fusion = await s.inventory.ingest(sub({ agent: 'FusionInventory-Agent_v2.6-3' }), buildInventory({ ...hw, uuid: null, agentDeviceId: 'fusion-id' }, software(10)));
    const macOnly = await s.inventory.ingest(sub(), buildInventory({ macs: ['AA-BB-CC-00-00-01'], hostname: 'x' }, software(10)));
    expect(new Set([first.deviceId, renamed.deviceId, fusion.deviceId, macOnly.deviceId]).size).toBe(1);
    expect((await s.devices.get(SYSTEM_ACTOR, orgId, first.deviceId)).name).toBe('x');
    // A different machine stays a different device.
    const other = await s.inventory.ingest(sub(), buildInventory({ uuid: 'abcdefab-0000-0000-0000-000000000001', hostname: 'old-name' }, software(3)));
    expect(other.deviceId).not.toBe(first.deviceId);
  });

  it('records the history between inventories and is idempotent', async () => {
    const hw = { serial: 'HIST-1', hostname: 'hist' };
    const a = await s.inventory.ingest(sub(), buildInventory(hw, [buildSoftware('vim', '9.0'), buildSoftware('curl', '7.88'), buildSoftware('zsh', '5.9')]));
    const next = buildInventory(hw, [buildSoftware('vim', '9.1'), buildSoftware('zsh', '5.9'), buildSoftware('htop', '3.2')]);
    await new Promise((r) => setTimeout(r, 5)); // a later millisecond than the first inventory
    const b = await s.inventory.ingest(sub(), next);
    expect(b).toMatchObject({ createdDevice: false, changes: 3, softwareCount: 3 + 1 }); // and the operating system, unchanged
    const again = await s.inventory.ingest(sub(), next);
    expect(again).toMatchObject({ added: 0, removed: 0, changes: 0 });
    const h = await s.devices.history(SYSTEM_ACTOR, orgId, a.deviceId, { page: 1, pageSize: 50 });
    expect(h.items.map((c) => `${c.change}:${c.name}`).sort()).toEqual(['added:htop', 'removed:curl', 'upgraded:vim']);
    const sw = await s.devices.software(SYSTEM_ACTOR, orgId, a.deviceId, { page: 1, pageSize: 50 });
    expect(sw.items.map((x) => `${x.name} ${x.version}`)).toEqual([`${OS} null`, 'htop 3.2', 'vim 9.1', 'zsh 5.9']);
    // First seen: with the device for what its first inventory had, at the later inventory for the rest.
    const device = await s.devices.get(SYSTEM_ACTOR, orgId, a.deviceId);
    const seen = new Map(sw.items.map((x) => [x.name, x.firstSeenAt]));
    expect(seen.get('zsh')).toBe(device.firstSeenAt);
    expect(seen.get('htop')! > device.firstSeenAt).toBe(true);
  });

  it('leaves software alone for a partial inventory without software', async () => {
    const hw = { serial: 'PART-1', hostname: 'part' };
    const a = await s.inventory.ingest(sub(), buildInventory(hw, software(5)));
    const p = await s.inventory.ingest(sub({ format: 'glpi-json' }), buildInventory({ ...hw, osVersion: '12.8' }, [], { partial: true, softwareIncluded: false, format: 'glpi-json' }));
    expect(p).toMatchObject({ deviceId: a.deviceId, softwareCount: 5 + 1 }); // and the operating system
    expect((await s.devices.get(SYSTEM_ACTOR, orgId, a.deviceId)).osVersion).toBe('12.8');
  });

  it('installs the operating system the hardware names, keeps it through a partial inventory and replaces it with a new caption', async () => {
    const hw = { serial: 'OS-1', hostname: 'os-pc', osName: 'Microsoft Windows 10 专业版', osVersion: '10.0.19045', osArch: '64-bit' };
    const wps = (v: string) => buildSoftware('WPS Office', v, { source: 'registry', arch: 'x64' });
    const a = await s.inventory.ingest(sub(), buildInventory(hw, [wps('11.1'), buildSoftware('7-Zip', '23.01')]));
    const installs = async () => (await s.devices.software(SYSTEM_ACTOR, orgId, a.deviceId, { page: 1, pageSize: 50 })).items.map((x) => `${x.name} ${x.version} ${x.source}`).sort();
    expect(a.softwareCount).toBe(3);
    expect(await installs()).toEqual(['7-Zip 23.01 dpkg', 'Microsoft Windows 10 专业版 10.0.19045 os', 'WPS Office 11.1 registry']);

    // GLPI sends the changed sections only: software without the operating system leaves its install alone.
    const partial = buildInventory({ serial: 'OS-1', hostname: 'os-pc', osName: null }, [wps('11.2')], { format: 'glpi-json', partial: true, softwareIncluded: true });
    const p = await s.inventory.ingest(sub({ format: 'glpi-json' }), partial);
    expect(p).toMatchObject({ deviceId: a.deviceId, softwareCount: 2, removed: 2, added: 1 });
    expect(await installs()).toEqual(['Microsoft Windows 10 专业版 10.0.19045 os', 'WPS Office 11.2 registry']);
    expect((await s.devices.get(SYSTEM_ACTOR, orgId, a.deviceId)).osName).toBe(hw.osName);
    // So does a full one that names no system (a sheet whose 操作系统 column is empty): the device keeps its os_name and its install.
    const unnamed = await s.inventory.ingest(sub(), buildInventory({ serial: 'OS-1', hostname: 'os-pc', osName: null }, [wps('11.2')]));
    expect(unnamed).toMatchObject({ deviceId: a.deviceId, softwareCount: 2, removed: 0, added: 0 });

    // A full inventory with another caption: the new system replaces the old one, and the history says so.
    await new Promise((r) => setTimeout(r, 5));
    const upgraded = await s.inventory.ingest(sub(), buildInventory({ ...hw, osName: 'Microsoft Windows 11 专业版', osVersion: '10.0.22631' }, [wps('11.2')]));
    expect(upgraded).toMatchObject({ deviceId: a.deviceId, softwareCount: 2, added: 1, removed: 1 });
    expect(await installs()).toEqual(['Microsoft Windows 11 专业版 10.0.22631 os', 'WPS Office 11.2 registry']);
    const h = await s.devices.history(SYSTEM_ACTOR, orgId, a.deviceId, { page: 1, pageSize: 50 });
    expect(h.items.filter((c) => c.name.startsWith('Microsoft Windows')).map((c) => `${c.change}:${c.name}:${c.oldVersion ?? ''}→${c.newVersion ?? ''}`).sort()).toEqual([
      'added:Microsoft Windows 11 专业版:→10.0.22631',
      'removed:Microsoft Windows 10 专业版:10.0.19045→',
    ]);

    // A partial inventory with the system section only (an upgrade GLPI reports alone): the system's install follows, the rest stays.
    await new Promise((r) => setTimeout(r, 5));
    const systemOnly = buildInventory({ ...hw, osName: 'Microsoft Windows 11 企业版', osVersion: '10.0.26100' }, [], { format: 'glpi-json', partial: true, softwareIncluded: false });
    const u = await s.inventory.ingest(sub({ format: 'glpi-json' }), systemOnly);
    expect(u).toMatchObject({ deviceId: a.deviceId, softwareCount: 2, added: 1, removed: 1, changes: 2 });
    expect(await installs()).toEqual(['Microsoft Windows 11 企业版 10.0.26100 os', 'WPS Office 11.2 registry']);
    // The same again changes nothing.
    expect(await s.inventory.ingest(sub({ format: 'glpi-json' }), systemOnly)).toMatchObject({ softwareCount: 2, added: 0, removed: 0, changes: 0 });
  });

  it('resumes submissions stored but not processed', async () => {
    const inv = buildInventory({ serial: 'RESUME-1', hostname: 'resume' }, software(4));
    const id = await s.inventory.receive(sub({ raw: Buffer.from(JSON.stringify(inv)) }));
    const r = await s.inventory.resumePending(async (row) => JSON.parse((await import('node:zlib')).gunzipSync(row.raw).toString()), () => false);
    expect(r).toEqual({ processed: 1, failed: 0 });
    const stored = await repositories(s.database.db).inventory.findInventory(orgId, id);
    expect(stored?.status).toBe('processed');
    expect((await s.inventory.resumePending(async () => inv, () => false)).processed).toBe(0);
  });

  it('stores a submission with what processing made of it, or, when processing fails, as failed with the reason', async () => {
    const org = await createOrg(s);
    const raw = Buffer.from('<REQUEST>kept</REQUEST>');
    const ok = await s.inventory.ingest(sub({ orgId: org.id, raw }), buildInventory({ serial: 'KEEP-1', hostname: 'keep' }, software(2)));
    const stored = await repositories(s.database.db).inventory.findInventory(org.id, ok.inventoryId);
    expect(stored).toMatchObject({ status: 'processed', device_id: ok.deviceId, software_count: 2 + 1, error: null }); // and the operating system
    expect((await import('node:zlib')).gunzipSync(stored!.raw).toString()).toBe(raw.toString());
    // Open enrollment may not touch an accepted device: refused, and the submission kept as failed.
    await expect(s.inventory.ingest(sub({ orgId: org.id, channel: 'enroll', raw }), buildInventory({ serial: 'KEEP-1', hostname: 'keep' }, software(2)), { quarantine: true })).rejects.toThrow();
    const all = await repositories(s.database.db).inventory.listInventories(org.id, { offset: 0, limit: 10 });
    expect(all.rows.map((r) => r.status).sort()).toEqual(['failed', 'processed']);
    expect(all.rows.find((r) => r.status === 'failed')).toMatchObject({ channel: 'enroll', device_id: null });
    expect(all.rows.find((r) => r.status === 'failed')!.error).toBeTruthy();
  });

  it('quarantines enrolled devices until approved, and scopes device reads', async () => {
    const q = await s.inventory.ingest(sub({ channel: 'enroll' }), buildInventory({ serial: 'ENROLL-1', hostname: 'newcomer' }, software(2)), { quarantine: true });
    const admin = await createActor(s, 'org_admin', { orgId });
    expect((await s.devices.list(admin, { page: 1, pageSize: 100, orgId, status: 'active' })).items.map((d) => d.id)).not.toContain(q.deviceId);
    expect((await s.devices.list(admin, { page: 1, pageSize: 100, orgId, status: 'quarantined' })).items.map((d) => d.id)).toEqual([q.deviceId]);
    await s.devices.approve(admin, orgId, q.deviceId);
    expect((await s.devices.get(admin, orgId, q.deviceId)).status).toBe('active');
    const other = await createOrg(s, { regionCode: '110101' });
    const outsider = await createActor(s, 'org_admin', { orgId: other.id });
    await expect(s.devices.get(outsider, orgId, q.deviceId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await s.devices.list(outsider, { page: 1, pageSize: 100, status: 'active' })).total).toBe(0);
  });

  it('sorts devices on the server across pages, empty values last', async () => {
    const org = await createOrg(s);
    const at = (over: Partial<Submission>) => sub({ orgId: org.id, ...over });
    const one = (await s.inventory.ingest(at({}), buildInventory({ serial: 'SORT-2', hostname: 'sort-b' }, software(3)))).deviceId;
    const two = (await s.inventory.ingest(at({}), buildInventory({ uuid: 'abcdefab-0000-0000-0000-00000000aaaa', hostname: 'sort-a' }, software(7)))).deviceId;
    const three = (await s.inventory.ingest(at({}), buildInventory({ serial: 'SORT-1', hostname: 'sort-c' }, software(5)))).deviceId;
    const ids = async (sort: DeviceSortKey | undefined, order: SortOrder, page = 1, pageSize = 20) =>
      (await s.devices.list(SYSTEM_ACTOR, { page, pageSize, orgId: org.id, status: 'active', sort, order })).items.map((d) => d.id);
    expect(await ids('softwareCount', 'desc')).toEqual([two, three, one]);
    expect(await ids('name', 'asc', 1, 2)).toEqual([two, one]);
    expect(await ids('name', 'asc', 2, 2)).toEqual([three]);
    // A device without a serial comes last in both directions (and on both databases).
    expect(await ids('serial', 'asc')).toEqual([three, one, two]);
    expect(await ids('serial', 'desc')).toEqual([one, three, two]);
    // Without a sort key: the most recently seen first, as before.
    expect(await ids(undefined, 'asc')).toEqual(await ids('lastSeenAt', 'desc'));
    const exported: string[] = [];
    for await (const batch of s.devices.iterate(SYSTEM_ACTOR, { orgId: org.id, status: 'active', sort: 'softwareCount', order: 'asc' })) exported.push(...batch.map((d) => d.id));
    expect(exported).toEqual([one, three, two]);
  });

  it('authenticates agent credentials and revokes them', async () => {
    const admin = await createActor(s, 'org_admin', { orgId });
    const c = await s.agents.create(admin, orgId, '办公室', 'http://127.0.0.1:8080');
    expect(c.commands.fusion).toContain(`--user ${c.username} --password ${c.password}`);
    expect(c.commands.ocs).toContain(`--user ${Buffer.from(c.username).toString('base64')}`);
    expect(await s.agents.authenticate(c.username, c.password)).toEqual({ orgId, credentialId: c.id });
    expect(await s.agents.authenticate(c.username, 'wrong')).toBeNull();
    await s.agents.revoke(admin, orgId, c.id);
    expect(await s.agents.authenticate(c.username, c.password)).toBeNull();
    const org = await s.orgs.get(admin, orgId);
    expect(await s.agents.enrollmentOrg(org.uscc)).toBeNull();
    await s.agents.setSettings(admin, orgId, true, 'http://h');
    expect(await s.agents.enrollmentOrg(org.uscc.toLowerCase())).toBe(orgId);
  });
});
