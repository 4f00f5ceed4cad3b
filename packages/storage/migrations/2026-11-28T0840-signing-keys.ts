import type { Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
// Signing keys (签名密钥) of users: the ed25519 public keys inspectors sign
// their `zb scan` result files with, registered by the users themselves;
// a revoked key stays (revoked_at) so old scans still name their signer.
// Inspection scans record which user's registered key signed them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('signing_keys')
    // keyIdOf: the first 16 hex digits of the SHA-256 of the raw public key
    .addColumn('key_id', 'varchar(16)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    // raw 32-byte ed25519 public key, base64
    .addColumn('public_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('signing_keys_user_idx').on('signing_keys').columns(['user_id']).execute();

  await db.schema.alterTable('inspection_scans').addColumn('signer_user_id', 'varchar(36)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('inspection_scans').dropColumn('signer_user_id').execute();
  await db.schema.dropTable('signing_keys').ifExists().execute();
}
