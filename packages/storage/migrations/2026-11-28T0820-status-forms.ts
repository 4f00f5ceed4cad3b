import type { Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
// Status forms (落实情况表): reporting rounds set by the national office, one
// form per (round, region office), every submission a numbered version that
// is never changed, and the reviews of the level above.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('status_rounds')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('campaign_id', 'varchar(36)', (c) => c.notNull().references('campaigns.id'))
    .addColumn('period_label', 'varchar(100)', (c) => c.notNull())
    .addColumn('period_start', 'varchar(10)', (c) => c.notNull())
    .addColumn('period_end', 'varchar(10)', (c) => c.notNull())
    .addColumn('levels_json', 'varchar(100)', (c) => c.notNull())
    .addColumn('due_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'varchar(200)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('status_forms')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('round_id', 'varchar(36)', (c) => c.notNull().references('status_rounds.id'))
    .addColumn('region_code', 'varchar(6)', (c) => c.notNull())
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    // The draft (or the last submission); null until the office opens the form.
    .addColumn('content_json', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('first_submitted_at', 'varchar(32)')
    .addColumn('last_submitted_at', 'varchar(32)')
    .addColumn('late', 'integer', (c) => c.notNull())
    .addColumn('comments', 'text')
    .addColumn('accepted_version', 'integer')
    .addColumn('accepted_checksum', 'varchar(64)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(200)')
    .addUniqueConstraint('status_forms_round_region_uq', ['round_id', 'region_code'])
    .execute();
  await db.schema.createIndex('status_forms_region_idx').on('status_forms').columns(['region_code']).execute();

  await db.schema
    .createTable('status_form_versions')
    .addColumn('form_id', 'varchar(36)', (c) => c.notNull().references('status_forms.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content_json', 'text', (c) => c.notNull())
    .addColumn('checksum', 'varchar(64)', (c) => c.notNull())
    .addColumn('submitted_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('submitted_by', 'varchar(200)')
    .addColumn('late', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_form_versions_pk', ['form_id', 'version'])
    .execute();

  await db.schema
    .createTable('status_form_reviews')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('form_id', 'varchar(36)', (c) => c.notNull().references('status_forms.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('decision', 'varchar(16)', (c) => c.notNull())
    .addColumn('comments', 'text')
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('by_user', 'varchar(200)')
    .execute();
  await db.schema.createIndex('status_form_reviews_form_idx').on('status_form_reviews').columns(['form_id', 'version']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['status_form_reviews', 'status_form_versions', 'status_forms', 'status_rounds']) await db.schema.dropTable(t).ifExists().execute();
}
