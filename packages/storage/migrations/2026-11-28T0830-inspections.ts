import type { Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
// Supervision inspections (督查): plans (on-site, written, special) with
// their assigned inspectors, the recorded sample of organizations and
// computers, uploaded scan files with their on-the-spot evaluation,
// findings with their follow-up, rectification notices, questionnaire
// answers per region office, and the special-inspection proposals.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('inspection_plans')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('type', 'varchar(16)', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('target_regions_json', 'text', (c) => c.notNull())
    .addColumn('org_sample_size', 'integer', (c) => c.notNull())
    .addColumn('devices_per_org', 'integer', (c) => c.notNull())
    .addColumn('allocation_json', 'text')
    .addColumn('population_json', 'text')
    .addColumn('seed', 'integer')
    .addColumn('sampled_at', 'varchar(32)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('questions_json', 'text')
    .addColumn('questionnaire_sent_at', 'varchar(32)')
    .addColumn('campaign_id', 'varchar(36)')
    .addColumn('proposal_day', 'varchar(10)')
    .addColumn('proposal_confirmed_at', 'varchar(32)')
    .addColumn('proposal_confirmed_by', 'varchar(200)')
    .addColumn('created_by', 'varchar(200)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inspection_plans_year_idx').on('inspection_plans').columns(['year', 'month']).execute();

  await db.schema
    .createTable('inspection_inspectors')
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('inspection_plans.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspection_inspectors_pk', ['plan_id', 'user_id'])
    .execute();
  await db.schema.createIndex('inspection_inspectors_user_idx').on('inspection_inspectors').columns(['user_id']).execute();

  await db.schema
    .createTable('inspection_sample_orgs')
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('inspection_plans.id'))
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull().references('organizations.id'))
    .addColumn('stratum', 'varchar(16)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspection_sample_orgs_pk', ['plan_id', 'org_id'])
    .execute();

  await db.schema
    .createTable('inspection_sample_devices')
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('inspection_plans.id'))
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('device_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspection_sample_devices_pk', ['plan_id', 'org_id', 'device_id'])
    .execute();

  await db.schema
    .createTable('inspection_scans')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('inspection_plans.id'))
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('upload_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('filename', 'varchar(500)', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('key_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('signer', 'varchar(200)', (c) => c.notNull())
    .addColumn('verified', 'integer', (c) => c.notNull())
    .addColumn('collected_at', 'varchar(40)')
    .addColumn('device_name', 'varchar(255)')
    .addColumn('matched_device_id', 'varchar(36)')
    .addColumn('evaluation_json', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'varchar(200)')
    .addColumn('uploaded_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inspection_scans_plan_idx').on('inspection_scans').columns(['plan_id', 'org_id']).execute();

  await db.schema
    .createTable('inspection_findings')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('inspection_plans.id'))
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('scan_id', 'varchar(36)')
    .addColumn('device_name', 'varchar(255)')
    .addColumn('product_key', 'varchar(300)')
    .addColumn('product', 'varchar(500)')
    .addColumn('severity', 'varchar(8)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('found_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('fix_deadline', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inspection_findings_plan_idx').on('inspection_findings').columns(['plan_id', 'org_id']).execute();

  await db.schema
    .createTable('inspection_follow_ups')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('finding_id', 'varchar(36)', (c) => c.notNull().references('inspection_findings.id'))
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('by_user', 'varchar(200)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inspection_follow_ups_finding_idx').on('inspection_follow_ups').columns(['finding_id', 'at']).execute();

  // One rectification notice (整改通知) per organization of a plan; reissued when findings are added.
  await db.schema
    .createTable('inspection_notices')
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('inspection_plans.id'))
    .addColumn('org_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('findings', 'integer', (c) => c.notNull())
    .addColumn('due_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('issued_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('issued_by', 'varchar(200)')
    .addPrimaryKeyConstraint('inspection_notices_pk', ['plan_id', 'org_id'])
    .execute();

  await db.schema
    .createTable('inspection_answers')
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('inspection_plans.id'))
    .addColumn('region_code', 'varchar(6)', (c) => c.notNull())
    .addColumn('answers_json', 'text', (c) => c.notNull())
    .addColumn('answered_by', 'varchar(200)')
    .addColumn('answered_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspection_answers_pk', ['plan_id', 'region_code'])
    .execute();

  await db.schema
    .createTable('inspection_proposals')
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('inspection_plans.id'))
    .addColumn('region_code', 'varchar(6)', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('in_scope', 'integer', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('completion_share', 'double precision', (c) => c.notNull())
    .addColumn('elapsed_share', 'double precision', (c) => c.notNull())
    .addColumn('confirmed', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspection_proposals_pk', ['plan_id', 'region_code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['inspection_proposals', 'inspection_answers', 'inspection_notices', 'inspection_follow_ups', 'inspection_findings', 'inspection_scans', 'inspection_sample_devices', 'inspection_sample_orgs', 'inspection_inspectors', 'inspection_plans']) await db.schema.dropTable(t).ifExists().execute();
}
