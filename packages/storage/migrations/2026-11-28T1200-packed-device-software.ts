import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
//
// A device's software is one row: `items`, a JSON array with one entry per
// install, [title_key, install_date, source, guid, size_bytes, first_seen_at]
// (folded here in title-key order; ingestion later writes a null
// first_seen_at for what came with the device's first inventory). An
// inventory of ~900 packages writes one row instead of ~900 index entries
// (the per-row cost was most of an ingestion), and a re-inventory reads one
// row to compare. Queries over installs expand the rows (SQLite json_each,
// PostgreSQL json_array_elements).
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('device_software_sets')
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('device_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_software_sets_pk', ['org_id', 'device_id'])
    .execute();
  if (pg) {
    // lz4 compresses the long `items` text several times faster than PostgreSQL's default (pglz);
    // a server built without lz4 keeps the default.
    await sql`do $$ begin alter table device_software_sets alter column items set compression lz4; exception when others then null; end $$`.execute(db);
    await sql`insert into device_software_sets (org_id, device_id, items)
      select org_id, device_id, json_agg(json_build_array(title_key, install_date, source, guid, size_bytes, first_seen_at) order by title_key)::text
      from device_software group by org_id, device_id`.execute(db);
  } else {
    await sql`insert into device_software_sets (org_id, device_id, items)
      select org_id, device_id, json_group_array(json_array(title_key, install_date, source, guid, size_bytes, first_seen_at))
      from (select * from device_software order by org_id, device_id, title_key) group by org_id, device_id`.execute(db);
  }
  await db.schema.dropTable('device_software').execute();
  // Ingestion looks up every added title for whether it needs a licence: most do not, and a
  // miss in this small index is cheaper than a probe into all titles.
  await db.schema.createIndex('software_titles_licensed_idx').on('software_titles').columns(['title_key', 'product_key']).where(sql.ref('requires_licence'), '=', 1).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropIndex('software_titles_licensed_idx').ifExists().execute();
  await db.schema
    .createTable('device_software')
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('device_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('title_key', 'varchar(24)', (c) => c.notNull())
    .addColumn('install_date', 'varchar(10)')
    .addColumn('source', 'varchar(32)')
    .addColumn('guid', 'varchar(255)')
    .addColumn('size_bytes', 'bigint')
    .addColumn('first_seen_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_software_pk', ['org_id', 'device_id', 'title_key'])
    .$call((b) => (pg ? b : b.modifyEnd(sql`without rowid`)))
    .execute();
  await db.schema.createIndex('device_software_title_idx').on('device_software').columns(['org_id', 'title_key']).execute();
  if (pg) {
    await sql`insert into device_software select org_id, device_id, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, (j.value ->> 4)::bigint, j.value ->> 5
      from device_software_sets s cross join lateral json_array_elements(s.items::json) as j(value)`.execute(db);
  } else {
    await sql`insert into device_software select s.org_id, s.device_id, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5
      from device_software_sets s, json_each(s.items) j`.execute(db);
  }
  await db.schema.dropTable('device_software_sets').execute();
}
