import type { Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
// The inbox (待办与通知): messages to a user, an organization or a region
// office, and who has read them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('inbox_messages')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('to_user_id', 'varchar(36)')
    .addColumn('to_org_id', 'varchar(36)')
    .addColumn('to_region_office', 'varchar(6)')
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'varchar(500)')
    .addColumn('due_day', 'varchar(10)')
    .addColumn('dedupe_key', 'varchar(200)', (c) => c.unique())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)')
    .execute();
  await db.schema.createIndex('inbox_messages_user_idx').on('inbox_messages').columns(['to_user_id', 'id']).execute();
  await db.schema.createIndex('inbox_messages_org_idx').on('inbox_messages').columns(['to_org_id', 'id']).execute();
  await db.schema.createIndex('inbox_messages_region_idx').on('inbox_messages').columns(['to_region_office', 'id']).execute();

  await db.schema
    .createTable('inbox_reads')
    .addColumn('message_id', 'varchar(36)', (c) => c.notNull().references('inbox_messages.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('read_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbox_reads_pk', ['message_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('inbox_reads').execute();
  await db.schema.dropTable('inbox_messages').execute();
}
