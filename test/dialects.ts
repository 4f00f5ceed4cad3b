import { inject } from 'vitest';
import { openDatabase, type Database, type DialectName } from '../packages/storage/database.ts';
import { migrateToLatest } from '../packages/storage/migrate.ts';
import { createPgDatabase } from './pg-cluster.ts';

/** The dialects this run tests: both unless DIALECTS narrows it. */
export function testDialects(): DialectName[] {
  const wanted = (process.env.DIALECTS ?? 'sqlite,postgres').split(',').map((s) => s.trim());
  const out: DialectName[] = [];
  if (wanted.includes('sqlite')) out.push('sqlite');
  if (wanted.includes('postgres') && inject('pgUrl')) out.push('postgres');
  return out;
}

/** A fresh, migrated database of the given dialect (its own PostgreSQL database). */
export async function freshDatabase(dialect: DialectName): Promise<Database> {
  if (dialect === 'sqlite') {
    const database = openDatabase({ sqliteFile: ':memory:' });
    await migrateToLatest(database);
    return database;
  }
  const database = openDatabase({ databaseUrl: await freshPostgresUrl() });
  await migrateToLatest(database);
  return database;
}

/** A URL of a fresh empty PostgreSQL database, for tests that start the CLI. */
export async function freshPostgresUrl(): Promise<string> {
  return createPgDatabase(inject('pgUrl'));
}
