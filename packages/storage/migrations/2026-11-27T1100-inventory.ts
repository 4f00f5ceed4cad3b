import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
// Tenant-owned tables key on (org_id, id) so they can be distributed by org_id.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const blob = pg ? 'bytea' : 'blob';

  await db.schema
    .createTable('agent_credentials')
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('label', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_used_at', 'varchar(32)')
    .addColumn('revoked_at', 'varchar(32)')
    .addPrimaryKeyConstraint('agent_credentials_pk', ['org_id', 'id'])
    .execute();

  await db.schema
    .createTable('inventory_settings')
    .addColumn('org_id', 'varchar(36)', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('open_enrollment', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('devices')
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)')
    .addColumn('uuid', 'varchar(64)')
    .addColumn('serial', 'varchar(128)')
    .addColumn('macs', 'varchar(2000)', (c) => c.notNull().defaultTo(''))
    .addColumn('agent_device_id', 'varchar(255)')
    .addColumn('manufacturer', 'varchar(255)')
    .addColumn('model', 'varchar(255)')
    .addColumn('os_name', 'varchar(255)')
    .addColumn('os_version', 'varchar(255)')
    .addColumn('os_arch', 'varchar(64)')
    .addColumn('domain', 'varchar(255)')
    .addColumn('last_user', 'varchar(255)')
    .addColumn('cpu', 'varchar(255)')
    .addColumn('memory_mb', 'integer')
    .addColumn('source', 'varchar(32)', (c) => c.notNull())
    .addColumn('agent', 'varchar(255)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('software_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_inventory_id', 'varchar(36)')
    .addColumn('first_seen_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('devices_pk', ['org_id', 'id'])
    .execute();
  await db.schema.createIndex('devices_id_idx').on('devices').column('id').execute();
  await db.schema.createIndex('devices_seen_idx').on('devices').columns(['org_id', 'last_seen_at']).execute();

  // Every identifier a device is known by; matching looks them up.
  await db.schema
    .createTable('device_identifiers')
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('value', 'varchar(255)', (c) => c.notNull())
    .addColumn('device_id', 'varchar(36)', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_identifiers_pk', ['org_id', 'kind', 'value'])
    .execute();
  await db.schema.createIndex('device_identifiers_device_idx').on('device_identifiers').columns(['org_id', 'device_id']).execute();

  // Distinct software titles (name, version, publisher, architecture) across every
  // organization: a reference table. Devices point at titles; recognition works per title.
  await db.schema
    .createTable('software_titles')
    .addColumn('title_key', 'varchar(24)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(500)', (c) => c.notNull())
    .addColumn('version', 'varchar(255)')
    .addColumn('publisher', 'varchar(500)')
    .addColumn('arch', 'varchar(64)')
    .addColumn('first_seen_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('software_titles_name_idx').on('software_titles').column('name').execute();

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
    // SQLite: one B-tree keyed by the primary key instead of a rowid table plus an index.
    .$call((b) => (pg ? b : b.modifyEnd(sql`without rowid`)))
    .execute();
  await db.schema.createIndex('device_software_title_idx').on('device_software').columns(['org_id', 'title_key']).execute();

  await db.schema
    .createTable('device_changes')
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('device_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('inventory_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('change', 'varchar(16)', (c) => c.notNull())
    .addColumn('name', 'varchar(500)', (c) => c.notNull())
    .addColumn('arch', 'varchar(64)')
    .addColumn('old_version', 'varchar(255)')
    .addColumn('new_version', 'varchar(255)')
    .addPrimaryKeyConstraint('device_changes_pk', ['org_id', 'id'])
    .execute();
  await db.schema.createIndex('device_changes_device_idx').on('device_changes').columns(['org_id', 'device_id', 'at']).execute();

  // Raw submissions, stored as received before they are acknowledged.
  await db.schema
    .createTable('inventories')
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('device_id', 'varchar(36)')
    .addColumn('credential_id', 'varchar(36)')
    .addColumn('received_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('format', 'varchar(16)', (c) => c.notNull())
    .addColumn('agent', 'varchar(255)')
    .addColumn('remote_addr', 'varchar(64)')
    .addColumn('encoding', 'varchar(16)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('raw', blob, (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('error', 'varchar(2000)')
    .addColumn('software_count', 'integer')
    .addColumn('processed_at', 'varchar(32)')
    .addPrimaryKeyConstraint('inventories_pk', ['org_id', 'id'])
    .execute();
  await db.schema.createIndex('inventories_status_idx').on('inventories').columns(['status', 'received_at']).execute();
  await db.schema.createIndex('inventories_device_idx').on('inventories').columns(['org_id', 'device_id', 'received_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['inventories', 'device_changes', 'device_software', 'software_titles', 'device_identifiers', 'devices', 'inventory_settings', 'agent_credentials']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
