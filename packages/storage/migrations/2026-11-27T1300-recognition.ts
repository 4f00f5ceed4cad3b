import type { Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
// Local recognition rules: a reference table (replicated to every node in a
// distributed setup), not tenant-owned. The rule itself is stored as JSON;
// the columns next to it are for listing and filtering.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('recognition_rules')
    .addColumn('id', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('publisher', 'varchar(100)', (c) => c.notNull())
    .addColumn('product', 'varchar(200)', (c) => c.notNull())
    .addColumn('category', 'varchar(32)', (c) => c.notNull())
    .addColumn('licence_class', 'varchar(16)', (c) => c.notNull())
    .addColumn('body_json', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    // Region of the author (GB/T 2260); null for rules of the national office.
    .addColumn('origin_region_code', 'varchar(6)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(200)')
    .execute();
  await db.schema.createIndex('recognition_rules_region_idx').on('recognition_rules').column('origin_region_code').execute();
  await db.schema.createIndex('recognition_rules_updated_idx').on('recognition_rules').column('updated_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('recognition_rules').execute();
}
