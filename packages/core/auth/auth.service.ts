import { createHash, randomBytes } from 'node:crypto';
import type { Me } from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import { repositories } from '../../storage/repositories/index.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { AppError, notFound } from '../errors.ts';
import { newId, nowIso } from '../ids.ts';
import { assertCan, type Actor } from '../policy/policy.ts';
import { toActor, toUser } from '../users/users.mapper.ts';
import { DUMMY_HASH, verifyPassword } from './passwords.ts';

/** Session and lockout settings. */
export const AUTH_LIMITS = {
  sessionHours: 12,
  /** consecutive failures before the account locks */
  maxFailures: 5,
  lockMinutes: 15,
  /** failed attempts from one IP within the window before 429 */
  maxFailuresPerIp: 20,
  ipWindowMinutes: 10,
} as const;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const addMinutes = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000).toISOString();

/** How a request proved who it is. */
export interface Authenticated {
  actor: Actor;
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
}

/** Password login, httpOnly sessions with a CSRF token, and personal API tokens. */
export class AuthService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  /** Checks the password; returns the session cookie token (shown once) and the CSRF token. */
  async login(username: string, password: string, ip: string): Promise<{ token: string; me: Me }> {
    const repos = repositories(this.database.db);
    const now = nowIso();
    const failures = await repos.users.countFailedLoginsFromIp(ip, addMinutes(now, -AUTH_LIMITS.ipWindowMinutes));
    if (failures >= AUTH_LIMITS.maxFailuresPerIp) throw new AppError('RATE_LIMITED');
    const user = await repos.users.findByUsername(username);
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (user && user.locked_until && user.locked_until > now) {
      await repos.users.recordLoginAttempt(username, ip, now, false);
      throw new AppError('ACCOUNT_LOCKED', { details: { until: user.locked_until } });
    }
    if (!user || !ok || Number(user.disabled) === 1) {
      await this.database.transaction(async (trx) => {
        const r = repositories(trx);
        await r.users.recordLoginAttempt(username, ip, now, false);
        if (user) {
          const n = Number(user.failed_logins) + 1;
          const locked = n >= AUTH_LIMITS.maxFailures ? addMinutes(now, AUTH_LIMITS.lockMinutes) : null;
          await r.users.update(user.id, { failed_logins: locked ? 0 : n, locked_until: locked });
        }
      });
      throw new AppError('INVALID_CREDENTIALS');
    }
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    await this.database.transaction(async (trx) => {
      const r = repositories(trx);
      await r.users.recordLoginAttempt(username, ip, now, true);
      await r.users.update(user.id, { failed_logins: 0, locked_until: null, last_login_at: now });
      await r.users.insertSession({ id: sha256(token), user_id: user.id, csrf_token: csrf, created_at: now, expires_at: addMinutes(now, AUTH_LIMITS.sessionHours * 60), last_seen_at: now });
      await this.audit.append(trx, { userId: user.id, displayName: user.display_name }, { action: 'login', entityType: 'session', entityId: user.id, orgId: user.org_id, regionCode: user.org_region_code ?? user.region_code, after: { ip } });
    });
    return { token, me: { user: toUser({ ...user, last_login_at: now }), csrfToken: csrf } };
  }

  /** Resolves a session cookie token; sliding expiry. */
  async fromSession(token: string): Promise<Authenticated | null> {
    const repos = repositories(this.database.db);
    const s = await repos.users.findSession(sha256(token));
    const now = nowIso();
    if (!s || s.expires_at < now) return null;
    const user = await repos.users.findById(s.user_id);
    if (!user || Number(user.disabled) === 1) return null;
    if (Date.parse(now) - Date.parse(s.last_seen_at) > 5 * 60_000) await repos.users.touchSession(s.id, now, addMinutes(now, AUTH_LIMITS.sessionHours * 60));
    return { actor: toActor(user), via: 'session', sessionId: s.id, csrfToken: s.csrf_token };
  }

  /** Resolves a personal API token (`Authorization: Bearer zb_…`). */
  async fromToken(token: string): Promise<Authenticated | null> {
    const repos = repositories(this.database.db);
    const t = await repos.users.findTokenByHash(sha256(token));
    const now = nowIso();
    if (!t || t.revoked_at || (t.expires_at && t.expires_at < now)) return null;
    const user = await repos.users.findById(t.user_id);
    if (!user || Number(user.disabled) === 1) return null;
    if (!t.last_used_at || Date.parse(now) - Date.parse(t.last_used_at) > 60_000) await repos.users.updateToken(t.id, { last_used_at: now });
    return { actor: toActor(user), via: 'token' };
  }

  async me(auth: Authenticated): Promise<Me> {
    const u = await repositories(this.database.db).users.findById(auth.actor.userId);
    if (!u) throw new AppError('UNAUTHENTICATED');
    return { user: toUser(u), csrfToken: auth.csrfToken ?? null };
  }

  async logout(auth: Authenticated): Promise<void> {
    if (!auth.sessionId) return;
    await this.database.transaction(async (trx) => {
      await repositories(trx).users.deleteSession(auth.sessionId!);
      await this.audit.append(trx, auth.actor, { action: 'logout', entityType: 'session', entityId: auth.actor.userId, orgId: auth.actor.orgId });
    });
  }

  async listTokens(actor: Actor) {
    assertCan(actor, 'self');
    const rows = await repositories(this.database.db).users.listTokens(actor.userId);
    return rows.map((t) => ({ id: t.id, name: t.name, prefix: t.prefix, createdAt: t.created_at, lastUsedAt: t.last_used_at, expiresAt: t.expires_at }));
  }

  /** Creates a personal API token; the secret is returned once and stored only as a hash. */
  async createToken(actor: Actor, name: string, expiresInDays: number | null) {
    assertCan(actor, 'self');
    const secret = `zb_${randomBytes(30).toString('base64url')}`;
    const now = nowIso();
    const row = {
      id: newId(),
      user_id: actor.userId,
      name,
      prefix: secret.slice(0, 10),
      token_hash: sha256(secret),
      created_at: now,
      last_used_at: null,
      expires_at: expiresInDays ? addMinutes(now, expiresInDays * 24 * 60) : null,
      revoked_at: null,
    };
    await this.database.transaction(async (trx) => {
      await repositories(trx).users.insertToken(row);
      await this.audit.append(trx, actor, { action: 'token.create', entityType: 'api_token', entityId: row.id, orgId: actor.orgId, after: { name, prefix: row.prefix, expiresAt: row.expires_at } });
    });
    return { id: row.id, name, prefix: row.prefix, createdAt: now, lastUsedAt: null, expiresAt: row.expires_at, token: secret };
  }

  async revokeToken(actor: Actor, id: string): Promise<void> {
    await this.database.transaction(async (trx) => {
      const r = repositories(trx);
      const t = await r.users.findToken(id);
      if (!t || t.user_id !== actor.userId || t.revoked_at) throw notFound('token');
      await r.users.updateToken(id, { revoked_at: nowIso() });
      await this.audit.append(trx, actor, { action: 'token.revoke', entityType: 'api_token', entityId: id, orgId: actor.orgId, before: { name: t.name, prefix: t.prefix } });
    });
  }
}
