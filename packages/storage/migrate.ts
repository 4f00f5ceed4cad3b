import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database.ts';
import * as m0001 from './migrations/2026-11-27T0900-foundation.ts';
import * as m0002 from './migrations/2026-11-27T1100-inventory.ts';
import * as m0003 from './migrations/2026-11-27T1300-recognition.ts';
import * as m0004 from './migrations/2026-11-27T1400-title-recognition.ts';
import * as m0005 from './migrations/2026-11-27T1500-software-title-index.ts';
import * as m0006 from './migrations/2026-11-27T1600-compliance.ts';
import * as m0007 from './migrations/2026-11-27T1700-campaign.ts';
import * as m0008 from './migrations/2026-11-28T0805-inbox.ts';
import * as m0010 from './migrations/2026-11-28T0810-bulletins.ts';
import * as m0009 from './migrations/2026-11-28T0820-status-forms.ts';
import * as m0011 from './migrations/2026-11-28T0830-inspections.ts';
import * as m0012 from './migrations/2026-11-28T0840-signing-keys.ts';
import * as m0013 from './migrations/2026-11-28T0850-compliance-index.ts';
import * as m0014 from './migrations/2026-11-28T0900-licensed-title-index.ts';
import * as m0015 from './migrations/2026-11-28T1000-licensed-device-title-index.ts';
import * as m0016 from './migrations/2026-11-28T1200-packed-device-software.ts';
import { loadRegions } from './reference/regions.ts';

/** Every migration, by its dated name; new ones are appended. */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-27T0900-foundation': m0001,
  '2026-11-27T1100-inventory': m0002,
  '2026-11-27T1300-recognition': m0003,
  '2026-11-27T1400-title-recognition': m0004,
  '2026-11-27T1500-software-title-index': m0005,
  '2026-11-27T1600-compliance': m0006,
  '2026-11-27T1700-campaign': m0007,
  '2026-11-28T0805-inbox': m0008,
  '2026-11-28T0810-bulletins': m0010,
  '2026-11-28T0820-status-forms': m0009,
  '2026-11-28T0830-inspections': m0011,
  '2026-11-28T0840-signing-keys': m0012,
  '2026-11-28T0850-compliance-index': m0013,
  '2026-11-28T0900-licensed-title-index': m0014,
  '2026-11-28T1000-licensed-device-title-index': m0015,
  '2026-11-28T1200-packed-device-software': m0016,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** A migrator over every migration (tests step through them with migrateTo / migrateDown). */
export function migrator(database: Database): Migrator {
  return new Migrator({ db: database.db, provider });
}

/**
 * Brings the schema up to date and loads the reference data (GB/T 2260
 * regions). Safe to run on every start.
 */
export async function migrateToLatest(database: Database): Promise<{ applied: string[]; regions: number }> {
  const { error, results } = await migrator(database).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  const regions = await loadRegions(database);
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName), regions };
}
