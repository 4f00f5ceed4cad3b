import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDeflate, deflateSync, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../packages/core/auth/system-actor.ts';
import { createServices, type Services } from '../../../packages/core/services.ts';
import { buildApp, type ZbApp } from '../app.ts';
import { createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { ocsInventoryXml } from '../../../test/inventory-builders.ts';

const prolog = (deviceId: string) => `<?xml version="1.0" encoding="UTF-8"?><REQUEST><DEVICEID>${deviceId}</DEVICEID><QUERY>PROLOG</QUERY></REQUEST>`;

/** zlib stream of `mib` MiB of zeros, built without holding the inflated bytes. */
async function zlibBomb(mib: number): Promise<Buffer> {
  const d = createDeflate({ level: 9 });
  const chunks: Buffer[] = [];
  d.on('data', (c: Buffer) => chunks.push(c));
  const zero = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < mib; i++) if (!d.write(zero)) await new Promise((r) => d.once('drain', r));
  await new Promise((r) => d.end(r));
  return Buffer.concat(chunks);
}

describe.each(testDialects())('agent endpoint on %s', (dialect) => {
  let s: Services;
  let zb: ZbApp;
  let dataDir: string;
  let orgId: string;
  let uscc: string;
  let auth: Record<string, string>;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-agent-'));
    s = createServices(await freshDatabase(dialect));
    zb = await buildApp({ services: s, dataDir });
    const org = await createOrg(s);
    orgId = org.id;
    uscc = org.uscc;
    const c = await s.agents.create(SYSTEM_ACTOR, orgId, 'test', 'http://127.0.0.1');
    auth = { authorization: `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}` };
  });
  afterAll(async () => {
    await zb?.app.close();
    await s?.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (body: Buffer, headers: Record<string, string> = {}, url = '/ocsinventory') =>
    zb.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/x-compress', 'user-agent': 'OCS-NG_unified_unix_agent_v2.10.0', ...headers } });
  const kept = () => (fs.existsSync(path.join(dataDir, 'quarantine')) ? fs.readdirSync(path.join(dataDir, 'quarantine')).flatMap((d) => fs.readdirSync(path.join(dataDir, 'quarantine', d)).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(fs.readFileSync(path.join(dataDir, 'quarantine', d, f), 'utf8')))) : []);

  it('challenges agents without credentials and refuses wrong ones', async () => {
    const res = await post(deflateSync(prolog('x')));
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="Zhengban"');
    const wrong = await post(deflateSync(prolog('x')), { authorization: `Basic ${Buffer.from('zb-nobody:nope').toString('base64')}` });
    expect(wrong.statusCode).toBe(401);
    expect(kept().some((k) => k.reason === 'bad-credentials')).toBe(true);
  });

  it('speaks the legacy XML protocol: PROLOG → SEND, INVENTORY → stored', async () => {
    const p = await post(deflateSync(prolog('pc-1-2026')), auth);
    expect(p.statusCode).toBe(200);
    expect(p.headers['content-type']).toBe('application/x-compress-zlib');
    expect(p.rawPayload.subarray(0, 2).toString('hex')).toBe('789c');
    expect(inflateSync(p.rawPayload).toString()).toContain('<RESPONSE>SEND</RESPONSE>');
    const inv = await post(deflateSync(ocsInventoryXml({ deviceId: 'pc-1-2026', name: 'pc-1', uuid: '5d1a0a4e-0000-4000-8000-000000000001', packages: [['vim', '9.0'], ['curl', '7.88'], ['vim', '9.0']] })), auth);
    expect(inv.statusCode).toBe(200);
    expect(inflateSync(inv.rawPayload).toString()).toContain('NO_ACCOUNT_UPDATE');
    const { items } = await s.devices.list(SYSTEM_ACTOR, { page: 1, pageSize: 10, orgId, status: 'active', q: 'pc-1' });
    expect(items).toHaveLength(1);
    // vim (listed twice), curl and the operating system of HARDWARE/OSNAME.
    expect(items[0]).toMatchObject({ softwareCount: 3, agent: 'OCS-NG_unified_unix_agent_v2.10.0', source: 'ocs-xml' });
    const sw = await s.devices.software(SYSTEM_ACTOR, orgId, items[0]!.id, { page: 1, pageSize: 10 });
    expect(sw.items.map((x) => [x.name, x.source])).toContainEqual(['Debian GNU/Linux 12', 'os']);
  });

  it('speaks the GLPI JSON protocol after a JSON PROLOG answer', async () => {
    const h = { ...auth, 'GLPI-Agent-ID': '3a609a2e-947f-4e6a-9af9-32c024ac3e98', 'content-type': 'application/x-compress-zlib', 'user-agent': 'GLPI-Agent_v1.12' };
    const p = await post(deflateSync(prolog('glpi-pc')), h);
    expect(JSON.parse(inflateSync(p.rawPayload).toString())).toEqual({ status: 'ok', expiration: 24 });
    expect(p.headers['glpi-agent-id']).toBe(h['GLPI-Agent-ID']);
    const body = {
      action: 'inventory',
      deviceid: 'glpi-pc-2026-11-27-10-00-00',
      itemtype: 'Computer',
      content: {
        hardware: { name: 'glpi-pc', uuid: '7f9a7a5e-1111-4222-8333-444455556666' },
        bios: { ssn: 'GLPI-SN-1' },
        operatingsystem: { name: 'Ubuntu', version: '24.04', full_name: 'Ubuntu 24.04 LTS' },
        softwares: [{ name: 'firefox', version: '128.0', publisher: 'Mozilla' }, { name: 'libreoffice-writer', version: '24.2.0' }],
        versionclient: 'GLPI-Agent_v1.12',
      },
    };
    const inv = await post(deflateSync(JSON.stringify(body)), h);
    expect(inv.statusCode).toBe(200);
    expect(JSON.parse(inflateSync(inv.rawPayload).toString())).toMatchObject({ status: 'ok' });
    const contact = await post(deflateSync(JSON.stringify({ action: 'contact', deviceid: body.deviceid, name: 'glpi-pc', installed_tasks: ['inventory'] })), h);
    expect(JSON.parse(inflateSync(contact.rawPayload).toString())).toHaveProperty('tasks.inventory');
    // A partial inventory without softwares keeps the software.
    const partial = await post(deflateSync(JSON.stringify({ ...body, partial: true, content: { hardware: body.content.hardware, bios: body.content.bios } })), h);
    expect(partial.statusCode).toBe(200);
    const { items } = await s.devices.list(SYSTEM_ACTOR, { page: 1, pageSize: 10, orgId, status: 'active', q: 'glpi-pc' });
    expect(items).toHaveLength(1);
    // The two softwares and the operating system (its full_name), all kept.
    expect(items[0]!.softwareCount).toBe(3);
    const sw = await s.devices.software(SYSTEM_ACTOR, orgId, items[0]!.id, { page: 1, pageSize: 10 });
    expect(sw.items.map((x) => [x.name, x.version, x.source])).toContainEqual(['Ubuntu 24.04 LTS', '24.04', 'os']);
  });

  it('refuses entities, malformed and truncated bodies with 4xx and keeps them', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><REQUEST><QUERY>INVENTORY</QUERY><DEVICEID>&x;</DEVICEID></REQUEST>`;
    const a = await post(deflateSync(xxe), auth);
    expect(a.statusCode).toBe(400);
    expect(a.body).toContain('xml-entities-forbidden');
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><REQUEST>&lol2;</REQUEST>`;
    expect((await post(deflateSync(laughs), auth)).statusCode).toBe(400);
    const malformed = await post(deflateSync('<REQUEST><QUERY>INVENTORY</QUERY><CONTENT><HARDWARE>'), auth);
    expect(malformed.statusCode).toBe(400);
    const truncated = await post(deflateSync(ocsInventoryXml({ deviceId: 'x', name: 'x', packages: [['a', '1']] })).subarray(0, 40), auth);
    expect(truncated.statusCode).toBe(400);
    const garbage = await post(Buffer.from([0x00, 0x01, 0x02, 0x03]), auth);
    expect(garbage.statusCode).toBe(400);
    const reasons = kept().map((k) => k.reason);
    expect(reasons).toEqual(expect.arrayContaining(['xml-entities-forbidden']));
    expect(reasons.length).toBeGreaterThanOrEqual(6);
  });

  it('refuses a zlib bomb quickly with bounded memory', async () => {
    const bomb = await zlibBomb(1024); // 1 GiB of zeros, about 1 MiB compressed
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const t0 = Date.now();
    const res = await post(bomb, auth);
    expect(res.statusCode).toBe(413);
    expect(Date.now() - t0).toBeLessThan(5000);
    // The cap is 64 MiB of output: memory grows by far less than the bomb's 1 GiB.
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
    expect(kept().some((k) => k.reason === 'body-too-large-inflated')).toBe(true);
  });

  it('accepts open enrollment only for an organization that allows it, into quarantine', async () => {
    const body = deflateSync(ocsInventoryXml({ deviceId: 'enroll-1', name: 'newcomer', serial: 'ENR-001', tag: uscc, packages: [['vim', '9.0']] }));
    const refused = await post(body, {}, '/ocsinventory/enroll');
    expect(refused.statusCode).toBe(401);
    await s.agents.setSettings(SYSTEM_ACTOR, orgId, true, 'http://h');
    const ok = await post(body, {}, '/ocsinventory/enroll');
    expect(ok.statusCode).toBe(200);
    const q = await s.devices.list(SYSTEM_ACTOR, { page: 1, pageSize: 10, orgId, status: 'quarantined' });
    expect(q.items.map((d) => d.name)).toEqual(['newcomer']);
    // Enrollment cannot touch an accepted device, whatever identifiers it claims.
    await s.devices.approve(SYSTEM_ACTOR, orgId, q.items[0]!.id);
    const hijack = await post(deflateSync(ocsInventoryXml({ deviceId: 'evil', name: 'attacker', serial: 'ENR-001', tag: uscc, packages: [['x', '1']] })), {}, '/ocsinventory/enroll');
    expect(hijack.statusCode).toBe(403);
    expect(hijack.body).toContain('enrollment-conflict');
    const d = await s.devices.get(SYSTEM_ACTOR, orgId, q.items[0]!.id);
    expect(d).toMatchObject({ name: 'newcomer', softwareCount: 1 + 1, status: 'active' }); // vim and the operating system
  });
});
