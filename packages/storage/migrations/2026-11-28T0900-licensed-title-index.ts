import type { Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
// The full compliance recomputation reads each licensed install as its
// device and title key, and what recognition made of each title once: the
// distinct titles of licensed_installs with their copied recognition. This
// index answers that from its own entries, in order, without sorting the
// table's rows.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('licensed_installs_title_idx').on('licensed_installs').columns(['title_key', 'product_key', 'edition', 'major', 'rel', 'category', 'licence_class']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('licensed_installs_title_idx').ifExists().execute();
}
