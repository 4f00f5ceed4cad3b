import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { DB, UsersTable } from '../schema.ts';
import { containsAny, type ScopeFilter } from './scope-filter.ts';

export type UserRow = Selectable<UsersTable>;
export type UserView = UserRow & { region_name: string | null; org_name: string | null; org_path: string | null; org_region_code: string | null };

export class UsersRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private view() {
    return this.db
      .selectFrom('users as u')
      .leftJoin('regions as r', 'r.code', 'u.region_code')
      .leftJoin('organizations as o', 'o.id', 'u.org_id')
      .selectAll('u')
      .select(['r.name as region_name', 'o.name as org_name', 'o.path as org_path', 'o.region_code as org_region_code']);
  }

  /**
   * Users whose own scope lies inside the given scope: an org-scoped user by
   * its organization, a region-scoped user by its region.
   */
  private filtered(scope: ScopeFilter, f: { q?: string | undefined; role?: string | undefined }) {
    let q = this.view();
    if (scope.kind === 'none') q = q.where(sql<boolean>`1 = 0`);
    if (scope.kind === 'org') q = q.where('o.path', 'like', `${scope.path}%`);
    if (scope.kind === 'region') {
      const like = `${scope.prefix}%`;
      q = q.where((eb) => eb.or([eb('o.region_code', 'like', like), eb.and([eb('u.org_id', 'is', null), eb('u.region_code', 'like', like)])]));
    }
    if (f.q) q = q.where(containsAny(['u.username', 'u.display_name'], f.q));
    if (f.role) q = q.where('u.role', '=', f.role);
    return q;
  }

  async list(scope: ScopeFilter, f: { q?: string | undefined; role?: string | undefined }, page: { offset: number; limit: number }) {
    const rows = await this.filtered(scope, f).orderBy('u.username').offset(page.offset).limit(page.limit).execute();
    const c = await this.filtered(scope, f).clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return { rows, total: Number(c?.n ?? 0) };
  }

  async findById(id: string): Promise<UserView | undefined> {
    return this.view().where('u.id', '=', id).executeTakeFirst();
  }

  async findByUsername(username: string): Promise<UserView | undefined> {
    return this.view().where('u.username', '=', username).executeTakeFirst();
  }

  async insert(row: UserRow): Promise<void> {
    await this.db.insertInto('users').values(row).execute();
  }

  async update(id: string, patch: Partial<UserRow>): Promise<void> {
    await this.db.updateTable('users').set(patch).where('id', '=', id).execute();
  }

  async countByOrg(orgId: string): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  // --- sessions ---

  async insertSession(row: Selectable<DB['sessions']>): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  async findSession(id: string) {
    return this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async touchSession(id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute();
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteSessionsOf(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async deleteExpiredSessions(now: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  }

  // --- API tokens ---

  async insertToken(row: Selectable<DB['api_tokens']>): Promise<void> {
    await this.db.insertInto('api_tokens').values(row).execute();
  }

  async findTokenByHash(hash: string) {
    return this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  }

  async findToken(id: string) {
    return this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listTokens(userId: string) {
    return this.db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('created_at', 'desc').execute();
  }

  async updateToken(id: string, patch: Partial<Selectable<DB['api_tokens']>>): Promise<void> {
    await this.db.updateTable('api_tokens').set(patch).where('id', '=', id).execute();
  }

  // --- login attempts (rate limit) ---

  async recordLoginAttempt(username: string, ip: string, at: string, ok: boolean): Promise<void> {
    await this.db.insertInto('login_attempts').values({ username, ip, at, ok: ok ? 1 : 0 }).execute();
  }

  async countFailedLoginsFromIp(ip: string, since: string): Promise<number> {
    const r = await this.db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ip', '=', ip)
      .where('at', '>=', since)
      .where('ok', '=', 0)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async pruneLoginAttempts(before: string): Promise<void> {
    await this.db.deleteFrom('login_attempts').where('at', '<', before).execute();
  }
}
