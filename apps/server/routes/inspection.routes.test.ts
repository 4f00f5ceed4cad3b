import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp, multipartFile } from '../../../test/app-harness.ts';
import { createActor, createOrg } from '../../../test/builders.ts';
import { testDialects } from '../../../test/dialects.ts';
import { buildInventory, buildSoftware } from '../../../test/inventory-builders.ts';
import { planBody, type ScanView } from '../../../packages/contracts/index.ts';
import { SYSTEM_ACTOR } from '../../../packages/core/auth/system-actor.ts';
import { generateSigningKey, publicKeyFileText } from '../../../packages/core/scan/keys.ts';
import { serializeResultFile, signResultFile, type ResultFile } from '../../../packages/core/scan/result-file.ts';

const key = generateSigningKey('inspector-zhao');
const signed = (by = key): string => {
  const file: ResultFile = {
    format: 'zb-scan/1',
    collectedAt: '2026-03-10T02:00:00.000Z',
    collector: { version: '0.1.0', platform: 'windows', collectors: ['windows-registry'], warnings: [] },
    inventory: { ...buildInventory({ serial: 'RT-1', hostname: 'rt-1' }, [buildSoftware('Microsoft Office Professional Plus 2019', '16.0.10827.20181', { source: 'windows', publisher: 'Microsoft Corporation' })]), format: 'zb-scan', collectedAt: '2026-03-10T02:00:00.000Z' },
  };
  return serializeResultFile(signResultFile(file, by));
};

describe.each(testDialects())('inspection API on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof buildTestApp>>;
  let planId: string;
  let orgId: string;
  let inspector: Record<string, string>;
  let stranger: Record<string, string>;

  beforeAll(async () => {
    h = await buildTestApp(dialect);
    h.s.compliance.engine.clock = () => '2026-03-10';
    orgId = (await createOrg(h.s, { name: '杭州督查接口局', regionCode: '330100' })).id;
    const a = await createActor(h.s, 'inspector');
    inspector = await bearer(h.s, a);
    stranger = await bearer(h.s, await createActor(h.s, 'inspector'));
    planId = (await h.s.inspection.create(SYSTEM_ACTOR, planBody.parse({ year: 2026, type: 'on-site', month: 3, title: '接口测试督查', targetRegions: ['330000'], inspectorIds: [a.userId] }))).id;
    await h.s.inspection.confirm(SYSTEM_ACTOR, planId);
    await h.s.inspection.sample(SYSTEM_ACTOR, planId, 3);
  });

  it('registers, lists and revokes my signing keys, with field errors in the caller’s language', async () => {
    const bad = await h.app.inject({ method: 'POST', url: '/api/me/signing-keys', headers: { ...inspector, 'accept-language': 'en-US' }, payload: { publicKey: '{"alg":"rsa","publicKey":"x"}' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([{ path: 'publicKey', code: 'signingKey.alg', message: expect.stringContaining('Only ed25519 keys') }]);
    const created = await h.app.inject({ method: 'POST', url: '/api/me/signing-keys', headers: inspector, payload: { publicKey: publicKeyFileText(key) } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ keyId: key.keyId, name: 'inspector-zhao', revokedAt: null });
    const again = await h.app.inject({ method: 'POST', url: '/api/me/signing-keys', headers: inspector, payload: { publicKey: publicKeyFileText(key) } });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.fields[0]).toMatchObject({ code: 'signingKey.duplicate', message: expect.stringContaining(key.keyId) });
    // A spare key, revoked at once; the stranger cannot revoke mine.
    const spare = generateSigningKey('spare');
    await h.app.inject({ method: 'POST', url: '/api/me/signing-keys', headers: inspector, payload: { publicKey: spare.publicKey } });
    expect((await h.app.inject({ method: 'DELETE', url: `/api/me/signing-keys/${spare.keyId}`, headers: stranger })).statusCode).toBe(404);
    const revoked = await h.app.inject({ method: 'DELETE', url: `/api/me/signing-keys/${spare.keyId}`, headers: inspector });
    expect(revoked.json().revokedAt).not.toBeNull();
    const list = await h.app.inject({ method: 'GET', url: '/api/me/signing-keys', headers: inspector });
    expect(list.json().items.map((k: { keyId: string; revokedAt: string | null }) => [k.keyId, k.revokedAt !== null]).sort()).toEqual([[key.keyId, false], [spare.keyId, true]].sort());
    expect((await h.app.inject({ method: 'GET', url: '/api/me/signing-keys', headers: stranger })).json().items).toEqual([]);
  });
  afterAll(async () => h?.close());

  const upload = (headers: Record<string, string>, body: string) => {
    const mp = multipartFile('file', 'pc.zbscan.json', Buffer.from(body), 'application/json');
    return h.app.inject({ method: 'POST', url: `/api/inspections/${planId}/orgs/${orgId}/scans`, headers: { ...headers, ...mp.headers }, payload: mp.payload });
  };

  it('takes a signed scan file as multipart and answers with the evaluation', async () => {
    const res = await upload(inspector, signed());
    expect(res.statusCode, res.body).toBe(201);
    const scan = res.json() as ScanView;
    expect(scan).toMatchObject({ verified: true, signer: 'inspector-zhao', findings: 1, evaluation: { uncovered: 1 } });
    const list = await h.app.inject({ method: 'GET', url: `/api/inspections?mine=true`, headers: inspector });
    expect(list.json().items.map((p: { id: string }) => p.id)).toEqual([planId]);
    expect((await h.app.inject({ method: 'GET', url: `/api/inspections`, headers: stranger })).json().items).toEqual([]);
  });

  it('refuses an altered file with a field error in the caller’s language, and an unassigned inspector', async () => {
    const res = await upload({ ...inspector, 'accept-language': 'en-US' }, signed().replace('16.0.10827.20181', '16.0.10827.20182'));
    expect(res.statusCode).toBe(400);
    const field = res.json().error.fields[0];
    expect(field).toMatchObject({ path: 'file', code: 'inspection.scan.invalid' });
    expect(field.message).toContain('changed after it was signed');
    const zh = await upload(inspector, signed().replace('"rt-1"', '"rt-2"'));
    expect(zh.json().error.fields[0].message).toContain('签名后被修改');
    expect((await upload(stranger, signed())).statusCode).toBe(403);
    const stray = generateSigningKey('stray');
    const unregistered = await upload({ ...inspector, 'accept-language': 'en-US' }, signed(stray));
    expect(unregistered.json().error.fields[0]).toMatchObject({ path: 'file', code: 'inspection.scan.unregistered', message: expect.stringContaining(`The signing key ${stray.keyId} (stray) is not registered`) });
  });

  it('downloads the report as PDF', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/inspections/${planId}/report.pdf`, headers: inspector });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
