import type { Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
// The full compliance recomputation reads each organization's licensed
// installs as its devices, each followed by its title keys (grouped by
// organization and device). With the title key in the device index, that
// read walks the index alone, in order, never the table's rows; what looked
// rows up by organization and device is served as before.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('licensed_installs_device_idx').ifExists().execute();
  await db.schema.createIndex('licensed_installs_device_idx').on('licensed_installs').columns(['org_id', 'device_id', 'title_key']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('licensed_installs_device_idx').ifExists().execute();
  await db.schema.createIndex('licensed_installs_device_idx').on('licensed_installs').columns(['org_id', 'device_id']).execute();
}
