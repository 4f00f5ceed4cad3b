import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgresUrl, testDialects } from '../../../test/dialects.ts';
import { openDatabase, type Database } from '../database.ts';
import { migrator } from '../migrate.ts';

// The packed layout keeps what the per-install rows held, and going back restores them.
describe.each(testDialects())('migration to packed device software on %s', (dialect) => {
  const opened: Database[] = [];
  afterAll(async () => Promise.all(opened.map((d) => d.close())));

  it('folds each device’s rows into one, in title-key order, and unfolds them on the way down', async () => {
    const database = dialect === 'sqlite' ? openDatabase({ sqliteFile: ':memory:' }) : openDatabase({ databaseUrl: await freshPostgresUrl() });
    opened.push(database);
    const m = migrator(database);
    expect((await m.migrateTo('2026-11-28T1000-licensed-device-title-index')).error).toBeUndefined();
    const db = database.db as unknown as Kysely<any>;
    const rows = [
      { org_id: 'o1', device_id: 'd1', title_key: 'bbbbbbbbbbbbbbbbbbbbbbbb', install_date: '2024-03-18', source: 'windows', guid: '{ABC}', size_bytes: 12345, first_seen_at: '2026-11-01T00:00:00.000Z' },
      { org_id: 'o1', device_id: 'd1', title_key: 'aaaaaaaaaaaaaaaaaaaaaaaa', install_date: null, source: null, guid: null, size_bytes: null, first_seen_at: '2026-11-02T00:00:00.000Z' },
      { org_id: 'o2', device_id: 'd2', title_key: 'cccccccccccccccccccccccc', install_date: null, source: 'dpkg', guid: null, size_bytes: 7, first_seen_at: '2026-11-03T00:00:00.000Z' },
    ];
    await db.insertInto('device_software').values(rows).execute();

    expect((await m.migrateToLatest()).error).toBeUndefined();
    const sets = await db.selectFrom('device_software_sets').selectAll().orderBy('org_id').execute();
    expect(sets.map((r) => [r.org_id, r.device_id, JSON.parse(r.items as string)])).toEqual([
      ['o1', 'd1', [['aaaaaaaaaaaaaaaaaaaaaaaa', null, null, null, null, '2026-11-02T00:00:00.000Z'], ['bbbbbbbbbbbbbbbbbbbbbbbb', '2024-03-18', 'windows', '{ABC}', 12345, '2026-11-01T00:00:00.000Z']]],
      ['o2', 'd2', [['cccccccccccccccccccccccc', null, 'dpkg', null, 7, '2026-11-03T00:00:00.000Z']]],
    ]);
    expect(await sql`select 1 from device_software`.execute(db).then(() => 'exists', () => 'gone')).toBe('gone');

    expect((await m.migrateDown()).error).toBeUndefined();
    const back = await db.selectFrom('device_software').selectAll().orderBy('org_id').orderBy('title_key').execute();
    expect(back.map((r: Record<string, unknown>) => ({ ...r, size_bytes: r.size_bytes === null ? null : Number(r.size_bytes) }))).toEqual([rows[1], rows[0], rows[2]]);
  });
});
