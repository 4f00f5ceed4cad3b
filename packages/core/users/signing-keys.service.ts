import { parsePublicKeyText, type FieldMessageKey, type SigningKeyBody, type SigningKeyView } from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import { repositories, type SigningKeyRow } from '../../storage/repositories/index.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { AppError, notFound } from '../errors.ts';
import { nowIso } from '../ids.ts';
import { assertCan, type Actor } from '../policy/policy.ts';
import { keyIdOf } from '../scan/keys.ts';

const invalid = (key: FieldMessageKey, params?: Record<string, string>) => new AppError('VALIDATION_FAILED', { fields: [params ? { path: 'publicKey', key, params } : { path: 'publicKey', key }] });

function toView(k: SigningKeyRow): SigningKeyView {
  return { keyId: k.key_id, userId: k.user_id, name: k.name, publicKey: k.public_key, createdAt: k.created_at, revokedAt: k.revoked_at };
}

/**
 * Users' signing keys (签名密钥): each user registers the public half of the
 * ed25519 keys they sign `zb scan` result files with, and may revoke them;
 * the national office may list and revoke anyone's. Inspection uploads
 * trust only registered, unrevoked keys (InspectionService.uploadScan).
 * Keys are never deleted: a revoked key still names the signer of old scans.
 */
export class SigningKeysService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  /** My keys, the newest first, revoked ones included. */
  async listOwn(actor: Actor): Promise<SigningKeyView[]> {
    assertCan(actor, 'self');
    return (await repositories(this.database.db).signingKeys.listOfUser(actor.userId)).map(toView);
  }

  /**
   * Registers one of my public keys from the `.pub` text `zb keys create`
   * wrote: its form checked, its key id recomputed from the key, a key
   * already registered (by anyone, revoked or not) refused.
   */
  async register(actor: Actor, body: SigningKeyBody): Promise<SigningKeyView> {
    assertCan(actor, 'self');
    const parsed = parsePublicKeyText(body.publicKey);
    if (!parsed.ok) throw invalid(parsed.key);
    const { publicKey, keyId: claimed, name } = parsed.value;
    const keyId = keyIdOf(Buffer.from(publicKey, 'base64'));
    if (claimed !== null && claimed !== keyId) throw invalid('signingKey.keyId', { keyId: claimed, expected: keyId });
    const row: SigningKeyRow = { key_id: keyId, user_id: actor.userId, name: body.name ?? name ?? keyId, public_key: publicKey, created_at: nowIso(), revoked_at: null };
    await this.database.transaction(async (trx) => {
      const repo = repositories(trx).signingKeys;
      const existing = await repo.find(keyId);
      if (existing) throw invalid(existing.user_id !== actor.userId ? 'signingKey.taken' : existing.revoked_at ? 'signingKey.revokedBefore' : 'signingKey.duplicate', { keyId });
      await repo.insert(row);
      await this.audit.append(trx, actor, { action: 'create', entityType: 'signing-key', entityId: keyId, orgId: actor.orgId, after: { userId: actor.userId, name: row.name, publicKey } });
    });
    return toView(row);
  }

  /** Revokes one of my keys: files it signs are refused from now on. */
  async revokeOwn(actor: Actor, keyId: string): Promise<SigningKeyView> {
    assertCan(actor, 'self');
    return this.revoke(actor, actor.userId, keyId);
  }

  /** A user's keys (national office). */
  async listOf(actor: Actor, userId: string): Promise<SigningKeyView[]> {
    assertCan(actor, 'signingkey.manage');
    const repos = repositories(this.database.db);
    if (!(await repos.users.findById(userId))) throw notFound('user');
    return (await repos.signingKeys.listOfUser(userId)).map(toView);
  }

  /** Revokes a user's key (national office: a lost laptop, an inspector who left). */
  async revokeOf(actor: Actor, userId: string, keyId: string): Promise<SigningKeyView> {
    assertCan(actor, 'signingkey.manage');
    return this.revoke(actor, userId, keyId);
  }

  private async revoke(actor: Actor, userId: string, keyId: string): Promise<SigningKeyView> {
    const at = nowIso();
    return this.database.transaction(async (trx) => {
      const repo = repositories(trx).signingKeys;
      const k = await repo.find(keyId);
      // Someone else's key is "not found": its existence is none of the caller's business.
      if (!k || k.user_id !== userId || k.revoked_at) throw notFound('signing key');
      await repo.revoke(keyId, at);
      await this.audit.append(trx, actor, { action: 'revoke', entityType: 'signing-key', entityId: keyId, orgId: k.org_id, before: { userId, name: k.name, revokedAt: null }, after: { revokedAt: at } });
      return toView({ ...k, revoked_at: at });
    });
  }
}
