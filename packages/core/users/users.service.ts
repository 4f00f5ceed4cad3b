import type { Transaction } from 'kysely';
import type { Role, User, UserCreateInput, UserUpdateInput } from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import { repositories, type UserRow } from '../../storage/repositories/index.ts';
import type { DB } from '../../storage/schema.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { AppError, notFound } from '../errors.ts';
import { newId, nowIso } from '../ids.ts';
import { assertCan, scopeOf, type Actor } from '../policy/policy.ts';
import { hashPassword } from '../auth/passwords.ts';
import { toUser, userTarget } from './users.mapper.ts';

/** What the audit trail keeps of a user: never the password hash. */
function auditView(u: Pick<UserRow, 'username' | 'display_name' | 'role' | 'region_code' | 'org_id' | 'disabled'>) {
  return { username: u.username, displayName: u.display_name, role: u.role, regionCode: u.region_code, orgId: u.org_id, disabled: Number(u.disabled) === 1 };
}

/** National admins have no scope; other roles keep only the scope fields they use. */
function normalizeScope(role: Role, regionCode: string | null | undefined, orgId: string | null | undefined) {
  if (role === 'national_admin') return { region_code: null, org_id: null };
  if (role === 'region_admin') return { region_code: regionCode ?? null, org_id: null };
  if (role === 'org_admin') return { region_code: null, org_id: orgId ?? null };
  return orgId ? { region_code: null, org_id: orgId } : { region_code: regionCode ?? null, org_id: null };
}

/** Users and their roles (用户与角色). */
export class UsersService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, q: { page: number; pageSize: number; q?: string | undefined; role?: string | undefined }): Promise<{ items: User[]; total: number }> {
    assertCan(actor, 'user.read');
    const { rows, total } = await repositories(this.database.db).users.list(scopeOf(actor), q, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
    return { items: rows.map(toUser), total };
  }

  async get(actor: Actor, id: string): Promise<User> {
    const u = await repositories(this.database.db).users.findById(id);
    if (!u) throw notFound('user');
    if (u.id !== actor.userId) assertCan(actor, 'user.read', userTarget(u));
    return toUser(u);
  }

  async create(actor: Actor, input: UserCreateInput): Promise<User> {
    const id = await this.database.transaction((trx) => this.createIn(trx, actor, input));
    return toUser((await repositories(this.database.db).users.findById(id))!);
  }

  /** Creates a user inside a caller's transaction. */
  async createIn(trx: Transaction<DB>, actor: Actor, input: UserCreateInput): Promise<string> {
    const repos = repositories(trx);
    const scope = normalizeScope(input.role, input.regionCode, input.orgId);
    const target = await this.targetOf(repos, scope);
    assertCan(actor, 'user.write', target);
    if (await repos.users.findByUsername(input.username)) throw new AppError('USERNAME_TAKEN', { fields: [{ path: 'username', key: 'username.taken' }] });
    const now = nowIso();
    const row: UserRow = {
      id: newId(),
      username: input.username,
      display_name: input.displayName,
      password_hash: await hashPassword(input.password),
      role: input.role,
      ...scope,
      disabled: 0,
      failed_logins: 0,
      locked_until: null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    };
    await repos.users.insert(row);
    await this.audit.append(trx, actor, { action: 'create', entityType: 'user', entityId: row.id, orgId: row.org_id, regionCode: target.regionCode, after: auditView(row) });
    return row.id;
  }

  async update(actor: Actor, id: string, input: UserUpdateInput): Promise<User> {
    await this.database.transaction(async (trx) => {
      const repos = repositories(trx);
      const before = await repos.users.findById(id);
      if (!before) throw notFound('user');
      assertCan(actor, 'user.write', userTarget(before));
      const scope = normalizeScope(input.role, input.regionCode, input.orgId);
      const target = await this.targetOf(repos, scope);
      assertCan(actor, 'user.write', target);
      const patch: Partial<UserRow> = { display_name: input.displayName, role: input.role, ...scope, disabled: input.disabled ? 1 : 0, updated_at: nowIso() };
      if (input.password) {
        patch.password_hash = await hashPassword(input.password);
        patch.failed_logins = 0;
        patch.locked_until = null;
      }
      await repos.users.update(id, patch);
      // A disabled user, a changed role or a new password ends every session.
      if (input.disabled || input.password || input.role !== before.role) await repos.users.deleteSessionsOf(id);
      const after = { ...before, ...patch };
      await this.audit.append(trx, actor, {
        action: 'update',
        entityType: 'user',
        entityId: id,
        orgId: after.org_id,
        regionCode: target.regionCode,
        before: auditView(before),
        after: { ...auditView(after), ...(input.password ? { passwordChanged: true } : {}) },
      });
    });
    return toUser((await repositories(this.database.db).users.findById(id))!);
  }

  private async targetOf(repos: ReturnType<typeof repositories>, scope: { region_code: string | null; org_id: string | null }) {
    if (scope.org_id) {
      const org = await repos.orgs.findById(scope.org_id);
      if (!org) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'orgId', key: 'user.scope.org' }] });
      return userTarget({ org_path: org.path, org_region_code: org.region_code, region_code: null });
    }
    if (scope.region_code && (await repos.regions.existing([scope.region_code])).size === 0) {
      throw new AppError('REGION_UNKNOWN', { fields: [{ path: 'regionCode', key: 'import.region' }] });
    }
    return userTarget({ org_path: null, org_region_code: null, region_code: scope.region_code });
  }
}
