import { usccCheckChar, type OrgCreateInput, type Role } from '../packages/contracts/index.ts';
import { SYSTEM_ACTOR } from '../packages/core/auth/system-actor.ts';
import type { Actor } from '../packages/core/policy/policy.ts';
import type { Services } from '../packages/core/services.ts';
import { repositories } from '../packages/storage/repositories/index.ts';
import { toActor } from '../packages/core/users/users.mapper.ts';

let counter = 0;

/** A valid USCC, unique within the test run. */
export function buildUscc(regionCode = '330100', kind: 'agency' | 'enterprise' = 'agency'): string {
  counter++;
  const body = String(counter + Math.floor(Math.random() * 1e6) * 1000).padStart(9, '0').slice(-9);
  const first17 = `${kind === 'agency' ? '11' : '91'}${regionCode}${body}`;
  return first17 + usccCheckChar(first17);
}

/** An organization input with sensible defaults. */
export function buildOrg(over: Partial<OrgCreateInput> = {}): OrgCreateInput {
  const regionCode = over.regionCode ?? '330100';
  const type = over.type ?? 'agency';
  return {
    name: `测试单位${++counter}`,
    uscc: buildUscc(regionCode, type),
    type,
    agencyKind: type === 'agency' ? 'government' : null,
    ownership: type === 'enterprise' ? 'private' : null,
    industry: type === 'enterprise' ? 'other' : null,
    level: 'prefecture',
    regionCode,
    parentId: null,
    staffCount: 10,
    ...over,
  };
}

/** Creates an organization as the system. */
export async function createOrg(s: Services, over: Partial<OrgCreateInput> = {}) {
  return s.orgs.create(SYSTEM_ACTOR, buildOrg(over));
}

/** Creates a user with the role and scope and returns it as an actor. */
export async function createActor(s: Services, role: Role, scope: { regionCode?: string | null; orgId?: string | null } = {}, password = 'secret123'): Promise<Actor & { password: string }> {
  const u = await s.users.create(SYSTEM_ACTOR, {
    username: `${role}_${++counter}_${Math.floor(Math.random() * 1e6)}`,
    displayName: `${role} ${counter}`,
    password,
    role,
    regionCode: scope.regionCode ?? null,
    orgId: scope.orgId ?? null,
  });
  const view = await repositories(s.database.db).users.findById(u.id);
  return { ...toActor(view!), password };
}
