import type { Role, User } from '../../contracts/index.ts';
import type { UserView } from '../../storage/repositories/index.ts';
import type { Actor, Target } from '../policy/policy.ts';

export function toUser(u: UserView): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role as Role,
    regionCode: u.region_code,
    regionName: u.region_name,
    orgId: u.org_id,
    orgName: u.org_name,
    disabled: Number(u.disabled) === 1,
    lastLoginAt: u.last_login_at,
    createdAt: u.created_at,
  };
}

export function toActor(u: UserView): Actor {
  return {
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role as Role,
    regionCode: u.region_code,
    orgId: u.org_id,
    orgPath: u.org_path,
  };
}

/** Where a user's own scope sits: managing a user needs this in scope. */
export function userTarget(u: { org_path: string | null; org_region_code: string | null; region_code: string | null }): Target {
  return u.org_path ? { orgPath: u.org_path, regionCode: u.org_region_code } : { orgPath: null, regionCode: u.region_code };
}
