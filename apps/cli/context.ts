import { openDatabase, type Database } from '../../packages/storage/database.ts';
import { migrateToLatest } from '../../packages/storage/migrate.ts';
import { createServices, type Services } from '../../packages/core/services.ts';

/** Options every command that touches the database accepts. */
export interface DbOptions {
  data?: string;
  databaseUrl?: string;
}

/** Opens the database (DATABASE_URL or SQLite under --data), migrated, with the services. */
export async function openContext(opts: DbOptions): Promise<{ database: Database; services: Services; close: () => Promise<void> }> {
  const database = openDatabase({ databaseUrl: opts.databaseUrl ?? process.env.DATABASE_URL, dataDir: opts.data ?? './data' });
  await migrateToLatest(database);
  const services = createServices(database);
  // Changed inventories refresh positions in the background: let that finish before the database closes.
  const close = async () => {
    await services.compliance.engine.idle();
    await database.close();
  };
  return { database, services, close };
}

/** Prints JSON for scripts. */
export function printJson(v: unknown): void {
  process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
}
