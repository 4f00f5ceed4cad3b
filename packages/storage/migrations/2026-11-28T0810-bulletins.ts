import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
// Bulletins (通报): monthly bulletins (月度汇总通报) drafted from a month-end
// snapshot, special bulletins (专项通报) and information reports (信息专报).
// A draft is edited, numbered (文号) and published; a published row is never
// updated again, and its content (text and figure tables) is hashed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bulletins')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    // 000000: national; a province code: the province's own bulletin.
    .addColumn('region_code', 'varchar(6)', (c) => c.notNull())
    // YYYY-MM: the month a monthly bulletin reports (null for the other kinds).
    .addColumn('month', 'varchar(7)')
    .addColumn('snapshot_id', 'varchar(36)', (c) => c.references('snapshots.id'))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('doc_number', 'varchar(60)')
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('issuing_organ', 'varchar(200)', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    // JSON: ordered [{ heading, text }]
    .addColumn('sections_json', 'text', (c) => c.notNull())
    .addColumn('cc', 'text')
    .addColumn('include_tables', 'integer', (c) => c.notNull().defaultTo(1))
    // JSON: the figure tables computed from the snapshot (frozen with the text on publishing)
    .addColumn('tables_json', 'text')
    .addColumn('publish_date', 'varchar(10)')
    .addColumn('published_by', 'varchar(200)')
    .addColumn('published_at', 'varchar(32)')
    // sha256 of the frozen content (published only)
    .addColumn('checksum', 'varchar(64)')
    .addColumn('created_by', 'varchar(200)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  // One monthly bulletin per scope and month (NULL months of the other kinds never collide).
  await db.schema.createIndex('bulletins_month_uq').on('bulletins').columns(['kind', 'region_code', 'month']).unique().execute();
  // A document number identifies one published bulletin; drafts may carry a tentative one.
  await db.schema.createIndex('bulletins_doc_number_uq').on('bulletins').column('doc_number').unique().where(sql.ref('status'), '=', 'published').execute();
  await db.schema.createIndex('bulletins_region_idx').on('bulletins').columns(['region_code', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('bulletins').ifExists().execute();
}
