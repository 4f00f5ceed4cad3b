import type { Kysely, Selectable } from 'kysely';
import type { DB, SigningKeysTable } from '../schema.ts';

export type SigningKeyRow = Selectable<SigningKeysTable>;
/** A key with who it belongs to. */
export type SigningKeyView = SigningKeyRow & { username: string; display_name: string; org_id: string | null };
/** A key trusted for a plan's scan uploads, with its owner's name. */
export interface TrustedKeyRow {
  key_id: string;
  user_id: string;
  display_name: string;
}

/** Users' registered ed25519 signing keys (签名密钥) for `zb scan` result files. */
export class SigningKeysRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(row: SigningKeyRow): Promise<void> {
    await this.db.insertInto('signing_keys').values(row).execute();
  }

  /** One key, revoked or not, with its owner. */
  async find(keyId: string): Promise<SigningKeyView | undefined> {
    return this.db
      .selectFrom('signing_keys as k')
      .innerJoin('users as u', 'u.id', 'k.user_id')
      .selectAll('k')
      .select(['u.username', 'u.display_name', 'u.org_id'])
      .where('k.key_id', '=', keyId)
      .executeTakeFirst();
  }

  /** A user's keys, the newest first (revoked ones included: they explain old scans). */
  async listOfUser(userId: string): Promise<SigningKeyRow[]> {
    return this.db.selectFrom('signing_keys').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('key_id').execute();
  }

  async revoke(keyId: string, at: string): Promise<void> {
    await this.db.updateTable('signing_keys').set({ revoked_at: at }).where('key_id', '=', keyId).where('revoked_at', 'is', null).execute();
  }

  /**
   * The keys a plan's scan uploads may be signed with: not revoked, of an
   * enabled user who is assigned to the plan or holds one of `alsoRoles`.
   */
  async trustedForPlan(planId: string, alsoRoles: readonly string[]): Promise<TrustedKeyRow[]> {
    return this.db
      .selectFrom('signing_keys as k')
      .innerJoin('users as u', 'u.id', 'k.user_id')
      .select(['k.key_id', 'k.user_id', 'u.display_name'])
      .where('k.revoked_at', 'is', null)
      .where('u.disabled', '=', 0)
      .where((eb) => {
        const assigned = eb('k.user_id', 'in', eb.selectFrom('inspection_inspectors').select('user_id').where('plan_id', '=', planId));
        return alsoRoles.length ? eb.or([assigned, eb('u.role', 'in', [...alsoRoles])]) : assigned;
      })
      .orderBy('k.key_id')
      .execute();
  }
}
