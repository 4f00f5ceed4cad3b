import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../storage/database.ts';
import { repositories, type AgentCredentialRow } from '../../storage/repositories/index.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { notFound } from '../errors.ts';
import { newId, nowIso } from '../ids.ts';
import { assertCan, type Actor } from '../policy/policy.ts';

/** HTTP Basic realm the agent endpoint announces (the OCS agent must be told it with --realm). */
export const AGENT_REALM = 'Zhengban';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The open-enrollment command line: no credentials, the organization's USCC as the agent tag. */
export function enrollCommand(baseUrl: string, uscc: string): string {
  return `ocsinventory-agent --local=0 --server ${baseUrl.replace(/\/$/, '')}/ocsinventory/enroll --tag ${uscc}`;
}

/** Complete command lines for each agent, with a new credential's user and password. */
export function agentCommands(baseUrl: string, uscc: string, cred: { username: string; password: string }) {
  const user = cred.username;
  const pass = cred.password;
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const url = `${baseUrl.replace(/\/$/, '')}/ocsinventory`;
  return {
    // Debian's agent config sets local=…, which wins over --server: hence --local=0. The OCS
    // agent base64-decodes --user/--password and only answers the realm named by --realm.
    ocs: `ocsinventory-agent --local=0 --server ${url} --user ${b64(user)} --password ${b64(pass)} --realm ${AGENT_REALM}`,
    fusion: `fusioninventory-agent --server ${url} --user ${user} --password ${pass}`,
    glpi: `glpi-agent --server ${url} --user ${user} --password ${pass}`,
    zbScan: `npx zb scan --upload ${baseUrl.replace(/\/$/, '')} --user ${user} --password ${pass}`,
    ocsEnroll: enrollCommand(baseUrl, uscc),
  };
}

export interface AgentPrincipal {
  orgId: string;
  credentialId: string;
}

/** Agent credentials (采集代理凭据) and open enrollment of an organization. */
export class AgentsService {
  /** Verified credentials, so a burst of submissions does not hit the database for each one. */
  private cache = new Map<string, { principal: AgentPrincipal; until: number }>();

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  private async org(actor: Actor, orgId: string) {
    const org = await repositories(this.database.db).orgs.findById(orgId);
    if (!org) throw notFound('organization');
    assertCan(actor, 'agent.manage', { orgPath: org.path, regionCode: org.region_code });
    return org;
  }

  async list(actor: Actor, orgId: string) {
    await this.org(actor, orgId);
    return (await repositories(this.database.db).inventory.listCredentials(orgId)).map(toCredential);
  }

  /** Creates a credential; the password is returned once and stored as a hash. */
  async create(actor: Actor, orgId: string, label: string, baseUrl: string) {
    const org = await this.org(actor, orgId);
    const username = `zb-${randomBytes(5).toString('hex')}`;
    const password = randomBytes(18).toString('base64url');
    const row: AgentCredentialRow = { org_id: orgId, id: newId(), username, secret_hash: sha256(password), label, created_by: actor.userId, created_at: nowIso(), last_used_at: null, revoked_at: null };
    await this.database.transaction(async (trx) => {
      await repositories(trx).inventory.insertCredential(row);
      await this.audit.append(trx, actor, { action: 'create', entityType: 'agent_credential', entityId: row.id, orgId, regionCode: org.region_code, after: { username, label } });
    });
    return { ...toCredential(row), password, commands: agentCommands(baseUrl, org.uscc, { username, password }) };
  }

  async revoke(actor: Actor, orgId: string, id: string): Promise<void> {
    const org = await this.org(actor, orgId);
    await this.database.transaction(async (trx) => {
      const repo = repositories(trx).inventory;
      const c = await repo.findCredential(orgId, id);
      if (!c || c.revoked_at) throw notFound('credential');
      await repo.updateCredential(orgId, id, { revoked_at: nowIso() });
      await this.audit.append(trx, actor, { action: 'delete', entityType: 'agent_credential', entityId: id, orgId, regionCode: org.region_code, before: { username: c.username, label: c.label } });
    });
    this.cache.clear();
  }

  async settings(actor: Actor, orgId: string, baseUrl: string) {
    const org = await this.org(actor, orgId);
    const s = await repositories(this.database.db).inventory.getSettings(orgId);
    return { ...s, enrollCommand: enrollCommand(baseUrl, org.uscc) };
  }

  async setSettings(actor: Actor, orgId: string, openEnrollment: boolean, baseUrl: string) {
    const org = await this.org(actor, orgId);
    await this.database.transaction(async (trx) => {
      const repo = repositories(trx).inventory;
      const before = await repo.getSettings(orgId);
      await repo.setSettings(orgId, openEnrollment, nowIso());
      await this.audit.append(trx, actor, { action: 'update', entityType: 'inventory_settings', entityId: orgId, orgId, regionCode: org.region_code, before, after: { openEnrollment } });
    });
    return { openEnrollment, enrollCommand: enrollCommand(baseUrl, org.uscc) };
  }

  /** Checks agent credentials (HTTP Basic); null when they are wrong or revoked. */
  async authenticate(username: string, password: string): Promise<AgentPrincipal | null> {
    const key = `${username}\u0000${sha256(password)}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.principal;
    const repo = repositories(this.database.db).inventory;
    const c = await repo.findCredentialByUsername(username);
    if (!c || c.revoked_at) return null;
    const a = Buffer.from(c.secret_hash, 'hex');
    const b = Buffer.from(sha256(password), 'hex');
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
    const principal = { orgId: c.org_id, credentialId: c.id };
    if (!c.last_used_at || Date.now() - Date.parse(c.last_used_at) > 60_000) await repo.updateCredential(c.org_id, c.id, { last_used_at: nowIso() });
    this.cache.set(key, { principal, until: Date.now() + 60_000 });
    return principal;
  }

  /** The organization an unauthenticated, tagged agent enrolls into, when it allows that. */
  async enrollmentOrg(tag: string | null): Promise<string | null> {
    if (!tag) return null;
    const org = await repositories(this.database.db).inventory.findOpenEnrollmentOrg(tag.trim().toUpperCase());
    return org?.id ?? null;
  }
}

function toCredential(c: AgentCredentialRow) {
  return { id: c.id, orgId: c.org_id, username: c.username, label: c.label, createdAt: c.created_at, lastUsedAt: c.last_used_at };
}
