import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { AppError } from '../errors.ts';
import { createServices, type Services } from '../services.ts';
import { AUTH_LIMITS } from './auth.service.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('hashes with scrypt and verifies', async () => {
    const h = await hashPassword('correct horse 1');
    expect(h).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse 1', h)).toBe(true);
    expect(await verifyPassword('correct horse 2', h)).toBe(false);
    expect(await hashPassword('correct horse 1')).not.toBe(h);
  });
});

describe.each(testDialects())('authentication on %s', (dialect) => {
  let s: Services;
  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
  });
  afterAll(async () => s.database.close());
  const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: AppError) => e.code);

  it('logs in, resolves the session, logs out', async () => {
    const a = await createActor(s, 'national_admin');
    const { token, me } = await s.auth.login(a.username, a.password, '10.0.0.1');
    expect(me.user.username).toBe(a.username);
    expect(me.csrfToken).toBeTruthy();
    const auth = await s.auth.fromSession(token);
    expect(auth?.actor.userId).toBe(a.userId);
    expect(auth?.csrfToken).toBe(me.csrfToken);
    // The database keeps only a hash of the session token.
    expect(await repositories(s.database.db).users.findSession(token)).toBeUndefined();
    await s.auth.logout(auth!);
    expect(await s.auth.fromSession(token)).toBeNull();
  });

  it('refuses wrong passwords and locks the account after repeated failures', async () => {
    const a = await createActor(s, 'org_admin', { orgId: (await createOrg(s)).id });
    for (let i = 0; i < AUTH_LIMITS.maxFailures; i++) expect(await code(s.auth.login(a.username, 'wrong-pass1', '10.0.0.2'))).toBe('INVALID_CREDENTIALS');
    expect(await code(s.auth.login(a.username, a.password, '10.0.0.2'))).toBe('ACCOUNT_LOCKED');
    expect(await code(s.auth.login('nobody-here', 'x', '10.0.0.3'))).toBe('INVALID_CREDENTIALS');
  });

  it('rate-limits an IP that keeps failing', async () => {
    for (let i = 0; i < AUTH_LIMITS.maxFailuresPerIp; i++) await code(s.auth.login(`ghost${i}`, 'x', '10.9.9.9'));
    const a = await createActor(s, 'national_admin');
    expect(await code(s.auth.login(a.username, a.password, '10.9.9.9'))).toBe('RATE_LIMITED');
    expect(await code(s.auth.login(a.username, a.password, '10.9.9.8'))).toBe('ok');
  });

  it('issues, uses and revokes personal API tokens', async () => {
    const a = await createActor(s, 'auditor');
    const t = await s.auth.createToken(a, 'script', 30);
    expect(t.token).toMatch(/^zb_/);
    expect((await s.auth.fromToken(t.token))?.actor.userId).toBe(a.userId);
    expect((await s.auth.listTokens(a)).map((x) => x.id)).toEqual([t.id]);
    await s.auth.revokeToken(a, t.id);
    expect(await s.auth.fromToken(t.token)).toBeNull();
    expect(await s.auth.fromToken('zb_forged')).toBeNull();
    const other = await createActor(s, 'auditor');
    const t2 = await s.auth.createToken(a, 'x', null);
    expect(await code(s.auth.revokeToken(other, t2.id))).toBe('NOT_FOUND');
  });

  it('ends sessions when a user is disabled', async () => {
    const admin = await createActor(s, 'national_admin');
    const a = await createActor(s, 'finance');
    const { token } = await s.auth.login(a.username, a.password, '10.0.0.5');
    await s.users.update(admin, a.userId, { displayName: 'x', role: 'finance', disabled: true });
    expect(await s.auth.fromSession(token)).toBeNull();
    expect(await code(s.auth.login(a.username, a.password, '10.0.0.5'))).toBe('INVALID_CREDENTIALS');
  });
});
