import { PostgresAdapter, type Kysely } from 'kysely';
import type { DB } from '../schema.ts';

/** Whether a connection (or transaction) is PostgreSQL's: for the few statements the dialects spell differently. */
export function isPostgres(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
