import type { Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
// The rectification campaign (检查整改): campaigns with a deadline per
// organization level, the progress of each organization (current state and
// every transition with its evidence), documented exceptions decided by the
// level above, and dated snapshots whose figure rows are never updated.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('threshold', 'double precision', (c) => c.notNull().defaultTo(1))
    .addColumn('categories_json', 'varchar(200)', (c) => c.notNull().defaultTo('["operating-system","office-suite","security"]'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('campaign_deadlines')
    .addColumn('campaign_id', 'varchar(36)', (c) => c.notNull().references('campaigns.id'))
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .addColumn('deadline', 'varchar(10)', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_deadlines_pk', ['campaign_id', 'level'])
    .execute();

  // No row: not started.
  await db.schema
    .createTable('campaign_progress')
    .addColumn('campaign_id', 'varchar(36)', (c) => c.notNull().references('campaigns.id'))
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull().references('organizations.id'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_progress_pk', ['campaign_id', 'org_id'])
    .execute();

  await db.schema
    .createTable('campaign_transitions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('campaign_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('to_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('by_user', 'varchar(200)')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('evidence_json', 'text')
    .execute();
  await db.schema.createIndex('campaign_transitions_org_idx').on('campaign_transitions').columns(['campaign_id', 'org_id', 'at']).execute();
  await db.schema.createIndex('campaign_transitions_at_idx').on('campaign_transitions').columns(['campaign_id', 'at']).execute();

  await db.schema
    .createTable('campaign_exceptions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('campaign_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'varchar(200)')
    .addColumn('requested_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('decided_by', 'varchar(200)')
    .addColumn('decided_at', 'varchar(32)')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('campaign_exceptions_org_idx').on('campaign_exceptions').columns(['campaign_id', 'org_id', 'status']).execute();

  await db.schema
    .createTable('snapshots')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('day', 'varchar(10)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('campaign_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)')
    .addColumn('checksum', 'varchar(64)', (c) => c.notNull())
    .execute();

  // Subject: an organization id, or `R:` + region code (`R:000000` = national).
  let figures = db.schema
    .createTable('snapshot_figures')
    .addColumn('snapshot_id', 'varchar(36)', (c) => c.notNull().references('snapshots.id'))
    .addColumn('subject', 'varchar(40)', (c) => c.notNull())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .addColumn('region_code', 'varchar(6)', (c) => c.notNull());
  for (const col of ['in_scope', 'not_started', 'self_check', 'rectifying', 'completed', 'verified', 'behind_deadline', 'devices', 'compliant_devices', 'overall_req', 'overall_cov', 'programme_req', 'programme_cov', 'os_req', 'os_cov', 'office_req', 'office_cov', 'security_req', 'security_cov'])
    figures = figures.addColumn(col, 'integer', (c) => c.notNull());
  await figures
    .addColumn('spent', 'double precision', (c) => c.notNull())
    .addColumn('revised_json', 'text')
    .addPrimaryKeyConstraint('snapshot_figures_pk', ['snapshot_id', 'subject'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['snapshot_figures', 'snapshots', 'campaign_exceptions', 'campaign_transitions', 'campaign_progress', 'campaign_deadlines', 'campaigns']) await db.schema.dropTable(t).ifExists().execute();
}
