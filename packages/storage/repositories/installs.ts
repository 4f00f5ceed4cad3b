import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../schema.ts';
import { isPostgres } from './dialect.ts';

/**
 * The entries of a device's `items` (its one row of device_software_sets,
 * `s`), one row each as `j`: cross-join it after `s` and what is joined to
 * `s`, then software_titles `t` on `titleJoin`.
 *
 * CROSS JOINs on purpose: SQLite keeps their order, so every device's items
 * are expanded once and each title is looked up by key. Left free, its
 * planner may scan the items once per title (nothing indexes an item's
 * title key) and a catalogue page turns quadratic. PostgreSQL hash-joins
 * them as usual.
 */
export function itemsOf(db: Kysely<DB>) {
  const pg = isPostgres(db);
  // Both name the element column `value`; a function in FROM may refer to `s` (implicitly lateral in PostgreSQL).
  return (pg ? sql<{ value: unknown }>`json_array_elements(s.items::json)` : sql<{ value: unknown }>`json_each(s.items)`).as('j');
}

/** Installs one per row: every device's items (`s`, `j`) with their titles (`t`). */
export function installsFrom(db: Kysely<DB>) {
  return db.selectFrom('device_software_sets as s').crossJoin(itemsOf(db)).crossJoin('software_titles as t').where(titleJoin);
}

/** The install's title key, install date, source, GUID, size and first sighting (null: the device's own; see StoredInstall). */
export const install = {
  titleKey: sql<string>`(j.value ->> 0)`,
  installDate: sql<string | null>`(j.value ->> 1)`,
  source: sql<string | null>`(j.value ->> 2)`,
  guid: sql<string | null>`(j.value ->> 3)`,
  sizeBytes: sql<number | null>`cast((j.value ->> 4) as bigint)`,
  firstSeenAt: sql<string | null>`(j.value ->> 5)`,
} satisfies Record<string, RawBuilder<unknown>>;

/** The condition joining software_titles `t` (cross-joined after `j`) to the install. */
export const titleJoin = sql<boolean>`t.title_key = ${install.titleKey}`;
