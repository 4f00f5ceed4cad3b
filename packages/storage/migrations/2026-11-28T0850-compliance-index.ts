import type { Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
// The compliance engine keeps its pool index between refreshes while what
// it was built from is unchanged, and asks before every refresh: the count
// and latest change of the entitlements, transfers and organizations. These
// indexes answer the latest change without reading every row.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('entitlements_updated_idx').on('entitlements').column('updated_at').execute();
  await db.schema.createIndex('entitlement_transfers_at_idx').on('entitlement_transfers').column('at').execute();
  await db.schema.createIndex('organizations_updated_idx').on('organizations').column('updated_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('organizations_updated_idx').ifExists().execute();
  await db.schema.dropIndex('entitlement_transfers_at_idx').ifExists().execute();
  await db.schema.dropIndex('entitlements_updated_idx').ifExists().execute();
}
