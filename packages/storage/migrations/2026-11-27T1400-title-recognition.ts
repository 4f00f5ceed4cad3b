import type { Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
// What recognition made of each software title, stored with the title.
const COLUMNS: [string, string][] = [
  ['source_hint', 'varchar(16)'],
  ['rec_publisher', 'varchar(500)'],
  ['rec_product', 'varchar(500)'],
  ['rec_edition', 'varchar(200)'],
  ['rec_version', 'varchar(255)'],
  ['rec_major', 'varchar(64)'],
  ['product_key', 'varchar(300)'],
  ['parent_key', 'varchar(300)'],
  ['category', 'varchar(64)'],
  ['licence_class', 'varchar(32)'],
  ['requires_licence', 'integer'],
  ['domestic', 'integer'],
  ['rule_id', 'varchar(100)'],
  ['confidence', 'real'],
  ['recognized_at', 'varchar(32)'],
];

export async function up(db: Kysely<any>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  for (const [name, type] of COLUMNS) await db.schema.alterTable('software_titles').addColumn(name, type as 'text').execute();
  await db.schema.createIndex('software_titles_product_idx').on('software_titles').column('product_key').execute();
  await db.schema.createIndex('software_titles_rule_idx').on('software_titles').column('rule_id').execute();
  await db.schema.createIndex('software_titles_review_idx').on('software_titles').columns(['licence_class', 'confidence']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const idx of ['software_titles_review_idx', 'software_titles_rule_idx', 'software_titles_product_idx']) await db.schema.dropIndex(idx).ifExists().execute();
  for (const [name] of [...COLUMNS].reverse()) await db.schema.alterTable('software_titles').dropColumn(name).execute();
}
