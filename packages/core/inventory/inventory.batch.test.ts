import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { buildInventory, buildSoftware } from '../../../test/inventory-builders.ts';
import { createServices, type Services } from '../services.ts';
import type { NormalizedInventory } from './inventory.types.ts';
import type { ProcessResult, Submission } from './inventory.service.ts';

/**
 * ingestBatch must store and report exactly what ingest() of each
 * submission in turn does: every case runs both, each in its own
 * organization, and compares what the two organizations hold.
 */
describe.each(testDialects())('batch ingestion of imported computers on %s', (dialect) => {
  let s: Services;
  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
  });
  afterAll(async () => s.database.close());

  const sub = (orgId: string, name: string): Submission => ({ orgId, credentialId: null, channel: 'import', format: 'upload-ref', agent: 'import:table', remoteAddr: null, raw: Buffer.from(`{"computer":"${name}"}`), encoding: 'identity' });
  const pc = (name: string, hw: { uuid?: string; serial?: string; macs?: string[]; agent?: string }, software: string[], version = '1.0') =>
    buildInventory({ hostname: name, uuid: hw.uuid ?? null, serial: hw.serial ?? null, macs: hw.macs ?? [], agentDeviceId: hw.agent ?? null, osName: 'Windows 10 专业版' }, software.map((n) => buildSoftware(n, version, { source: 'registry', installDate: '2024-03-18' })), { format: 'table', agent: null });

  /** Everything an organization holds of its devices, with ids replaced by device names (and times left out). */
  async function holdings(orgId: string) {
    const db = s.database.db;
    const devices = await db.selectFrom('devices').selectAll().where('org_id', '=', orgId).orderBy('name').execute();
    const nameOf = new Map(devices.map((d) => [d.id, d.name]));
    const named = <T extends { device_id: string | null }>(rows: T[]) => rows.map((r) => JSON.stringify({ ...r, org_id: 0, device_id: nameOf.get(r.device_id ?? '') ?? null })).sort();
    const sets = await db.selectFrom('device_software_sets').selectAll().where('org_id', '=', orgId).execute();
    return {
      devices: devices.map((d) => ({ ...d, org_id: 0, id: 0, last_inventory_id: 0, first_seen_at: 0, last_seen_at: 0, updated_at: 0 })),
      identifiers: named(await db.selectFrom('device_identifiers').selectAll().where('org_id', '=', orgId).execute()),
      sets: sets.map((r) => [nameOf.get(r.device_id), (JSON.parse(r.items) as unknown[][]).map((i) => [...i.slice(0, 5), i[5] === null ? null : 'seen later'])]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      licensed: named(await db.selectFrom('licensed_installs').selectAll().where('org_id', '=', orgId).execute()),
      changes: named((await db.selectFrom('device_changes').selectAll().where('org_id', '=', orgId).execute()).map((c) => ({ ...c, id: 0, inventory_id: 0, at: 0 }))),
      inventories: named((await db.selectFrom('inventories').select(['device_id', 'channel', 'format', 'status', 'error', 'software_count']).where('org_id', '=', orgId).execute()).map((r) => ({ ...r }))),
    };
  }

  /** What a result says, its ids replaced by device names (titlesAdded, what the service may take as stored, depends on what ran before). */
  const said = async (orgId: string, rs: ProcessResult[]) => {
    const names = new Map((await s.database.db.selectFrom('devices').select(['id', 'name']).where('org_id', '=', orgId).execute()).map((d) => [d.id, d.name]));
    return rs.map((r) => ({ ...r, inventoryId: 0, titlesAdded: 0, deviceId: names.get(r.deviceId) }));
  };

  /** Runs each round of computers through ingestBatch in one organization and through ingest() one by one in another. */
  async function both(rounds: NormalizedInventory[][]) {
    const batchOrg = (await createOrg(s)).id;
    const oneOrg = (await createOrg(s)).id;
    const batched: ProcessResult[] = [];
    const single: ProcessResult[] = [];
    for (const round of rounds) {
      await s.inventory.ingestBatch(batchOrg, round.map((inv) => ({ sub: sub(batchOrg, inv.hardware.hostname!), inv })), {}, (r) => batched.push(r));
      for (const inv of round) single.push(await s.inventory.ingest(sub(oneOrg, inv.hardware.hostname!), inv));
    }
    return { batchOrg, oneOrg, batched, single };
  }

  it('stores new and known computers of one batch as one-by-one ingestion does', async () => {
    const office = ['Microsoft Office 专业增强版 2019', 'AutoCAD 2020', '7-Zip 23.01 (x64)'];
    const first = [pc('PC-1', { uuid: 'u-1', serial: 'S1' }, ['WPS Office', ...office]), pc('PC-2', { serial: 'S2' }, ['WPS Office', 'Notepad++'])];
    const second = [
      pc('PC-3', { uuid: 'u-3' }, ['Adobe Acrobat DC (64-bit)', 'WPS Office']),
      pc('PC-1', { uuid: 'u-1', serial: 'S1' }, ['WPS Office', 'Adobe Acrobat DC (64-bit)', office[0]!], '2.0'),
      pc('PC-4', { macs: ['00:e0:4c:68:01:db'] }, ['wps office ', ...office]),
      pc('PC-2', { serial: 'S2' }, ['WPS Office', 'Notepad++']),
      pc('PC-5', {}, []),
    ];
    const r = await both([first, second]);
    expect(r.batched.map((x) => x.createdDevice)).toEqual([true, true, true, false, true, false, true]);
    expect(await said(r.batchOrg, r.batched)).toEqual(await said(r.oneOrg, r.single));
    expect(await holdings(r.batchOrg)).toEqual(await holdings(r.oneOrg));
    expect((await holdings(r.batchOrg)).changes.length).toBeGreaterThan(0);
    expect((await holdings(r.batchOrg)).licensed.length).toBeGreaterThan(0);
  });

  it('updates the device an earlier computer of the same batch created', async () => {
    const round = [
      pc('PC-A', { uuid: 'u-a', serial: 'SA' }, ['WPS Office', 'AutoCAD 2020']),
      pc('PC-B', { uuid: 'u-b' }, ['Notepad++']),
      // the same machine again under another UUID (the serial matches PC-A's device), then PC-B renamed
      pc('PC-A2', { uuid: 'u-a2', serial: 'SA' }, ['WPS Office']),
      pc('PC-B2', { uuid: 'u-b' }, ['Notepad++', 'AutoCAD 2020']),
    ];
    const r = await both([round]);
    expect(r.batched.map((x) => x.createdDevice)).toEqual([true, true, false, false]);
    expect(await said(r.batchOrg, r.batched)).toEqual(await said(r.oneOrg, r.single));
    expect(await holdings(r.batchOrg)).toEqual(await holdings(r.oneOrg));
  });

  it('on a failing computer keeps those before it, stores it as failed and stops, as one by one', async () => {
    const orgId = (await createOrg(s)).id;
    const done: string[] = [];
    await s.inventory.ingestBatch(orgId, [{ sub: sub(orgId, 'PC-X'), inv: pc('PC-X', { serial: 'SX' }, ['WPS Office']) }], {}, () => {});
    // A device whose stored installs cannot be read: processing its next inventory fails.
    await sql`update device_software_sets set items = 'not json' where org_id = ${orgId}`.execute(s.database.db);
    const round = [pc('PC-N1', { serial: 'SN1' }, ['WPS Office']), pc('PC-X', { serial: 'SX' }, ['Notepad++']), pc('PC-N2', { serial: 'SN2' }, ['WPS Office'])];
    await expect(s.inventory.ingestBatch(orgId, round.map((inv) => ({ sub: sub(orgId, inv.hardware.hostname!), inv })), {}, (r) => done.push(r.deviceId))).rejects.toThrow();
    expect(done).toHaveLength(1);
    const devices = await s.database.db.selectFrom('devices').select('name').where('org_id', '=', orgId).orderBy('name').execute();
    expect(devices.map((d) => d.name)).toEqual(['PC-N1', 'PC-X']);
    const statuses = await s.database.db.selectFrom('inventories').select('status').where('org_id', '=', orgId).execute();
    expect(statuses.map((x) => x.status).sort()).toEqual(['failed', 'processed', 'processed']);
  });

  it('falls back to one by one when set-based writes conflict (an identifier longer than stored)', async () => {
    const long = 'agent-'.repeat(50);
    const r = await both([[pc('PC-L1', { agent: long }, ['WPS Office'])], [pc('PC-L2', { agent: long }, ['Notepad++'])]]);
    expect(await said(r.batchOrg, r.batched)).toEqual(await said(r.oneOrg, r.single));
    expect(await holdings(r.batchOrg)).toEqual(await holdings(r.oneOrg));
  });
});
