import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
// Entitlements (授权) with their transfers and proof documents; the stored
// compliance results (positions per organization × product, use of each
// entitlement, devices with gaps, figures per organization, daily trend);
// rectification tasks. Tenant-owned tables key on (org_id, …).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('software_titles').addColumn('rec_release', 'varchar(64)').execute();

  // The installs that need a licence (a title recognised as requiring one on a device), by
  // organization × product: what the compliance engine reads, a small part of device_software.
  // Kept in step by ingestion (per changed device) and rebuilt when recognition changes.
  await db.schema
    .createTable('licensed_installs')
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('product_key', 'varchar(300)', (c) => c.notNull())
    .addColumn('device_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('title_key', 'varchar(24)', (c) => c.notNull())
    // The title's recognition, copied: the engine reads this table alone.
    .addColumn('edition', 'varchar(200)')
    .addColumn('major', 'varchar(64)')
    .addColumn('rel', 'varchar(64)')
    .addColumn('category', 'varchar(64)')
    .addColumn('licence_class', 'varchar(32)')
    .addPrimaryKeyConstraint('licensed_installs_pk', ['org_id', 'product_key', 'device_id', 'title_key'])
    .execute();
  await db.schema.createIndex('licensed_installs_device_idx').on('licensed_installs').columns(['org_id', 'device_id']).execute();
  await sql`insert into licensed_installs (org_id, product_key, device_id, title_key, edition, major, rel, category, licence_class)
    select ds.org_id, t.product_key, ds.device_id, ds.title_key, t.rec_edition, t.rec_major, t.rec_release, t.category, t.licence_class
    from device_software ds join software_titles t on t.title_key = ds.title_key
    where t.requires_licence = 1 and t.product_key is not null`.execute(db);

  await db.schema
    .createTable('entitlements')
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('product_keys_json', 'text', (c) => c.notNull())
    .addColumn('editions_json', 'text')
    .addColumn('version_min', 'varchar(64)')
    .addColumn('version_min_release', 'varchar(64)')
    .addColumn('version_max', 'varchar(64)')
    .addColumn('version_max_release', 'varchar(64)')
    .addColumn('downgrade_rights', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('upgrade_rights_until', 'varchar(10)')
    .addColumn('metric', 'varchar(16)', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('oem_serial', 'varchar(100)')
    .addColumn('agreement_no', 'varchar(100)')
    .addColumn('start_day', 'varchar(10)')
    .addColumn('end_day', 'varchar(10)')
    .addColumn('scope_kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('scope_region_code', 'varchar(6)')
    .addColumn('order_no', 'varchar(100)')
    .addColumn('vendor', 'varchar(200)')
    .addColumn('unit_price', 'double precision')
    .addColumn('currency', 'varchar(3)')
    .addColumn('purchased_at', 'varchar(10)')
    .addColumn('notes', 'text')
    .addColumn('transferred_from_id', 'varchar(36)')
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('entitlements_pk', ['org_id', 'id'])
    .execute();
  await db.schema.createIndex('entitlements_id_idx').on('entitlements').column('id').unique().execute();

  await db.schema
    .createTable('entitlement_transfers')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('entitlement_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('from_org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('to_org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('new_entitlement_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('by_user', 'varchar(200)')
    .execute();
  await db.schema.createIndex('entitlement_transfers_ent_idx').on('entitlement_transfers').column('entitlement_id').execute();
  await db.schema.createIndex('entitlement_transfers_new_idx').on('entitlement_transfers').column('new_entitlement_id').execute();

  await db.schema
    .createTable('entitlement_documents')
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('entitlement_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('upload_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('filename', 'varchar(255)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(100)')
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('uploaded_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('uploaded_by', 'varchar(200)')
    .addPrimaryKeyConstraint('entitlement_documents_pk', ['org_id', 'id'])
    .execute();
  await db.schema.createIndex('entitlement_documents_ent_idx').on('entitlement_documents').column('entitlement_id').execute();

  await db.schema
    .createTable('compliance_positions')
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('product_key', 'varchar(300)', (c) => c.notNull())
    .addColumn('installs', 'integer', (c) => c.notNull())
    .addColumn('covered_installs', 'integer', (c) => c.notNull())
    .addColumn('installed_devices', 'integer', (c) => c.notNull())
    .addColumn('users', 'integer', (c) => c.notNull())
    .addColumn('entitled', 'integer')
    .addColumn('unlimited', 'integer', (c) => c.notNull())
    .addColumn('entitled_limited', 'integer', (c) => c.notNull())
    .addColumn('consumed', 'integer', (c) => c.notNull())
    .addColumn('shortfall', 'integer', (c) => c.notNull())
    .addColumn('surplus', 'integer')
    .addColumn('unit_price', 'double precision')
    .addColumn('currency', 'varchar(3)')
    .addColumn('shortfall_cost', 'double precision')
    // Categories of the installs and, for the programme's three, installs needing / having a licence: `operating-system:12:10,…`.
    .addColumn('categories', 'varchar(500)', (c) => c.notNull())
    .addPrimaryKeyConstraint('compliance_positions_pk', ['org_id', 'product_key'])
    .execute();

  await db.schema
    .createTable('compliance_usage')
    .addColumn('entitlement_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('quantity', 'integer')
    .addColumn('consumed', 'integer', (c) => c.notNull())
    .addColumn('remaining', 'integer')
    .addColumn('covered_installs', 'integer', (c) => c.notNull())
    .addColumn('validity', 'varchar(16)', (c) => c.notNull())
    .execute();

  // Devices with installs that no entitlement covers, per product: shortfall devices, compliant-device counts, rectification.
  await db.schema
    .createTable('compliance_gaps')
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('product_key', 'varchar(300)', (c) => c.notNull())
    .addColumn('device_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('uncovered', 'integer', (c) => c.notNull())
    .addColumn('reason', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('compliance_gaps_pk', ['org_id', 'product_key', 'device_id'])
    .execute();
  await db.schema.createIndex('compliance_gaps_device_idx').on('compliance_gaps').columns(['org_id', 'device_id']).execute();

  await db.schema
    .createTable('compliance_orgs')
    .addColumn('org_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('region_code', 'varchar(6)', (c) => c.notNull())
    .addColumn('overall_req', 'integer', (c) => c.notNull())
    .addColumn('overall_cov', 'integer', (c) => c.notNull())
    .addColumn('programme_req', 'integer', (c) => c.notNull())
    .addColumn('programme_cov', 'integer', (c) => c.notNull())
    .addColumn('os_req', 'integer', (c) => c.notNull())
    .addColumn('os_cov', 'integer', (c) => c.notNull())
    .addColumn('office_req', 'integer', (c) => c.notNull())
    .addColumn('office_cov', 'integer', (c) => c.notNull())
    .addColumn('security_req', 'integer', (c) => c.notNull())
    .addColumn('security_cov', 'integer', (c) => c.notNull())
    .addColumn('devices', 'integer', (c) => c.notNull())
    .addColumn('devices_requiring', 'integer', (c) => c.notNull())
    .addColumn('compliant_devices', 'integer', (c) => c.notNull())
    .addColumn('products', 'integer', (c) => c.notNull())
    .addColumn('shortfall', 'integer', (c) => c.notNull())
    .addColumn('shortfall_cost', 'double precision')
    .execute();
  await db.schema.createIndex('compliance_orgs_region_idx').on('compliance_orgs').column('region_code').execute();

  // Daily figures of each organization (`subject` = org id) and region node (`R:` + code; `R:000000` = national).
  await db.schema
    .createTable('compliance_trend')
    .addColumn('subject', 'varchar(40)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('overall_req', 'integer', (c) => c.notNull())
    .addColumn('overall_cov', 'integer', (c) => c.notNull())
    .addColumn('programme_req', 'integer', (c) => c.notNull())
    .addColumn('programme_cov', 'integer', (c) => c.notNull())
    .addColumn('os_req', 'integer', (c) => c.notNull())
    .addColumn('os_cov', 'integer', (c) => c.notNull())
    .addColumn('office_req', 'integer', (c) => c.notNull())
    .addColumn('office_cov', 'integer', (c) => c.notNull())
    .addColumn('security_req', 'integer', (c) => c.notNull())
    .addColumn('security_cov', 'integer', (c) => c.notNull())
    .addColumn('devices', 'integer', (c) => c.notNull())
    .addColumn('compliant_devices', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('compliance_trend_pk', ['subject', 'day'])
    .execute();

  // One row: the evaluation day of the stored results and when they were last computed in full.
  await db.schema
    .createTable('compliance_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('computed_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('full_at', 'varchar(32)')
    .execute();

  await db.schema
    .createTable('rectification_tasks')
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('product_key', 'varchar(300)', (c) => c.notNull())
    .addColumn('action', 'varchar(16)', (c) => c.notNull())
    .addColumn('replacement_key', 'varchar(300)')
    .addColumn('quantity', 'integer')
    .addColumn('estimated_cost', 'double precision')
    .addColumn('currency', 'varchar(3)')
    .addColumn('shortfall_at_creation', 'integer', (c) => c.notNull())
    .addColumn('assignee_id', 'varchar(36)')
    .addColumn('due_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('verified_at', 'varchar(32)')
    .addColumn('verification', 'text')
    .addPrimaryKeyConstraint('rectification_tasks_pk', ['org_id', 'id'])
    .execute();
  await db.schema.createIndex('rectification_tasks_id_idx').on('rectification_tasks').column('id').unique().execute();
  await db.schema.createIndex('rectification_tasks_open_idx').on('rectification_tasks').columns(['status', 'due_date']).execute();
  await db.schema.createIndex('rectification_tasks_product_idx').on('rectification_tasks').columns(['org_id', 'product_key', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['licensed_installs', 'rectification_tasks', 'compliance_state', 'compliance_trend', 'compliance_orgs', 'compliance_gaps', 'compliance_usage', 'compliance_positions', 'entitlement_documents', 'entitlement_transfers', 'entitlements'])
    await db.schema.dropTable(t).ifExists().execute();
  await db.schema.alterTable('software_titles').dropColumn('rec_release').execute();
}
