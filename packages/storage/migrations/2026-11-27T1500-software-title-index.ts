import type { Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
// device_software(org_id, title_key) cost every new device one dirty index
// page per installed title (each title's entries cluster together), which
// dominated ingestion as the table grew. Queries by title scan the
// organization's rows in primary-key order instead.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('device_software_title_idx').ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('device_software_title_idx').on('device_software').columns(['org_id', 'title_key']).execute();
}
