import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { fieldMessage, signingKeyBody, translateIssue, type FieldMessageKey } from '../../contracts/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import type { Actor } from '../policy/policy.ts';
import { generateSigningKey, type SigningKey } from '../scan/keys.ts';
import { createServices, type Services } from '../services.ts';
import { failure } from '../../../test/errors.ts';

/** The `.pub` text `zb keys create` writes. */
const pubText = (k: SigningKey, over: Record<string, unknown> = {}) => JSON.stringify({ alg: 'ed25519', keyId: k.keyId, publicKey: k.publicKey, name: k.signer, ...over }, null, 2);

/** The field errors of a body the contract refuses, in both languages. */
function contractErrors(body: unknown): { path: string; code: string; zh: string; en: string }[] {
  const r = signingKeyBody.safeParse(body);
  if (r.success) return [];
  return r.error.issues.map((i) => {
    const zh = translateIssue(i, 'zh-CN');
    return { path: zh.path, code: zh.code, zh: zh.message, en: translateIssue(i, 'en-US').message };
  });
}

describe('the .pub text contract', () => {
  const k = generateSigningKey('laptop');
  it('accepts the .pub file and a bare base64 key', () => {
    expect(contractErrors({ publicKey: pubText(k) })).toEqual([]);
    expect(contractErrors({ publicKey: `\n${k.publicKey}\n`, name: '笔记本' })).toEqual([]);
  });
  it('refuses malformed keys with a field error in Chinese and English', () => {
    const cases: [unknown, FieldMessageKey][] = [
      ['hello', 'signingKey.format'],
      ['{"keyId":"x"}', 'signingKey.format'],
      [pubText(k, { alg: 'rsa' }), 'signingKey.alg'],
      [pubText(k, { publicKey: k.publicKey.slice(0, 40) }), 'signingKey.publicKey'],
      [pubText(k, { publicKey: Buffer.alloc(33).toString('base64') }), 'signingKey.publicKey'],
      [pubText(k, { keyId: 'NOT-HEX' }), 'signingKey.keyIdFormat'],
      ['', 'required'],
    ];
    for (const [text, key] of cases) {
      const errors = contractErrors({ publicKey: text });
      expect(errors, String(text)).toEqual([{ path: 'publicKey', code: key, zh: fieldMessage(key, 'zh-CN'), en: fieldMessage(key, 'en-US') }]);
    }
    expect(contractErrors({ publicKey: pubText(k), extra: 1 })[0]?.code).toBe('zod.unrecognized_keys');
  });
});

describe.each(testDialects())('signing keys on %s', (dialect) => {
  let s: Services;
  let wang: Actor;
  let li: Actor;
  let regionAdmin: Actor;
  const key = generateSigningKey('wang-laptop');

  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
    wang = await createActor(s, 'inspector');
    li = await createActor(s, 'inspector');
    regionAdmin = await createActor(s, 'region_admin', { regionCode: '330000' });
  });
  afterAll(async () => s?.database.close());

  it('registers my own key from its .pub text, named as in the file unless named, and audits it', async () => {
    const k = await s.signingKeys.register(wang, { publicKey: pubText(key) });
    expect(k).toMatchObject({ keyId: key.keyId, userId: wang.userId, name: 'wang-laptop', publicKey: key.publicKey, revokedAt: null });
    const bare = generateSigningKey('x');
    expect(await s.signingKeys.register(wang, { publicKey: bare.publicKey, name: '备用密钥' })).toMatchObject({ keyId: bare.keyId, name: '备用密钥' });
    expect((await s.signingKeys.listOwn(wang)).map((x) => x.keyId).sort()).toEqual([key.keyId, bare.keyId].sort());
    expect(await s.signingKeys.listOwn(li)).toEqual([]);
    const audit = await s.audit.list(SYSTEM_ACTOR, { entityType: 'signing-key', entityId: key.keyId }, { page: 1, pageSize: 10 });
    expect(audit.items.map((a) => a.action)).toEqual(['create']);
  });

  it('refuses a key whose id does not match it, and a key registered before (mine, revoked, or someone else\'s)', async () => {
    const other = generateSigningKey('y');
    expect((await failure(s.signingKeys.register(li, { publicKey: pubText(other, { keyId: key.keyId }) }))).fields).toEqual([{ path: 'publicKey', key: 'signingKey.keyId', params: { keyId: key.keyId, expected: other.keyId } }]);
    expect((await failure(s.signingKeys.register(wang, { publicKey: pubText(key) }))).fields).toEqual([{ path: 'publicKey', key: 'signingKey.duplicate', params: { keyId: key.keyId } }]);
    expect((await failure(s.signingKeys.register(li, { publicKey: pubText(key) }))).fields).toEqual([{ path: 'publicKey', key: 'signingKey.taken', params: { keyId: key.keyId } }]);
    const once = generateSigningKey('z');
    await s.signingKeys.register(li, { publicKey: pubText(once) });
    await s.signingKeys.revokeOwn(li, once.keyId);
    expect((await failure(s.signingKeys.register(li, { publicKey: pubText(once) }))).fields[0]!.key).toBe('signingKey.revokedBefore');
    expect(fieldMessage('signingKey.taken', 'zh-CN', { keyId: key.keyId })).toContain(key.keyId);
  });

  it('revokes my own key only; the national office lists and revokes anyone\'s', async () => {
    // Someone else's key is not found, not forbidden: nothing tells whether it exists.
    expect((await failure(s.signingKeys.revokeOwn(li, key.keyId))).code).toBe('NOT_FOUND');
    expect((await failure(s.signingKeys.listOf(regionAdmin, wang.userId))).code).toBe('FORBIDDEN');
    expect((await failure(s.signingKeys.revokeOf(regionAdmin, wang.userId, key.keyId))).code).toBe('FORBIDDEN');
    const national = await createActor(s, 'national_admin');
    expect((await s.signingKeys.listOf(national, wang.userId)).map((k) => k.keyId)).toContain(key.keyId);
    expect((await failure(s.signingKeys.revokeOf(national, li.userId, key.keyId))).code).toBe('NOT_FOUND');
    const revoked = await s.signingKeys.revokeOf(national, wang.userId, key.keyId);
    expect(revoked.revokedAt).not.toBeNull();
    expect((await s.signingKeys.listOwn(wang)).find((k) => k.keyId === key.keyId)?.revokedAt).toBe(revoked.revokedAt);
    expect((await failure(s.signingKeys.revokeOwn(wang, key.keyId))).code).toBe('NOT_FOUND');
    const audit = await s.audit.list(SYSTEM_ACTOR, { entityType: 'signing-key', entityId: key.keyId }, { page: 1, pageSize: 10 });
    expect(audit.items.map((a) => a.action).sort()).toEqual(['create', 'revoke']);
  });
});
