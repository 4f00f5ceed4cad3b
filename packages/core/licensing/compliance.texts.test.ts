import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { openDatabase, type Database } from '../../storage/database.ts';
import { migrateToLatest } from '../../storage/migrate.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { gapLine, positionLine, sameLinesText, type StoredLinesCheck } from '../../storage/repositories/licensing.repository.ts';
import type { GapRow, PositionRow } from '../../storage/repositories/index.ts';

const pos = (org_id: string, product_key: string, shortfall: number): PositionRow => ({
  org_id,
  product_key,
  installs: 3,
  covered_installs: 3 - shortfall,
  installed_devices: 3,
  users: 2,
  entitled: shortfall ? 1 : null,
  unlimited: shortfall ? 0 : 1,
  entitled_limited: 1,
  consumed: 1,
  shortfall,
  surplus: null,
  unit_price: 12.5,
  currency: 'CNY',
  shortfall_cost: shortfall * 12.5,
  categories: 'office-suite:3:2',
});
const gap = (org_id: string, product_key: string, device_id: string): GapRow => ({ org_id, product_key, device_id, uncovered: 1, reason: 'quantity-exhausted' });

describe('stored result texts', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-texts-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Whether lines given field by field (as `orgResultLines` gives them) pass a check. */
  const passes = (check: StoredLinesCheck, lines: readonly string[]): boolean => {
    for (const line of lines) {
      for (const f of line.split('\u001f')) check.field(f);
      check.end();
    }
    return check.same;
  };

  const expectChecks = async (database: Database) => {
    const positions = [pos('o2', 'b/b', 1), pos('o1', 'z/z', 0), pos('o1', 'a/a', 2), pos('o3', '软件/中文', 1)];
    const gaps = [gap('o1', 'a/a', 'd9'), gap('o1', 'a/a', 'd1'), gap('o2', 'b/b', 'd5')];
    await database.transaction((trx) => repositories(trx, database).licensing.insertResults({ positions, gaps, usage: [] }));
    await database.transaction(async (trx) => {
      const repo = repositories(trx, database).licensing;
      const stored = await repo.storedResultsAside(database.db);
      expect([...stored.orgIds()].sort()).toEqual(['o1', 'o2', 'o3']);
      // The stored lines in the stored order pass (texts compared in place); other lines do not.
      expect(passes(stored.positions('o1'), [pos('o1', 'a/a', 2), pos('o1', 'z/z', 0)].map(positionLine))).toBe(true);
      expect(passes(stored.positions('o3'), [pos('o3', '软件/中文', 1)].map(positionLine))).toBe(true);
      expect(passes(stored.gaps('o1'), [gap('o1', 'a/a', 'd1'), gap('o1', 'a/a', 'd9')].map(gapLine))).toBe(true);
      expect(passes(stored.gaps('o3'), [])).toBe(true);
      expect(passes(stored.positions('o2'), [pos('o2', 'b/b', 2)].map(positionLine))).toBe(false);
      expect(passes(stored.gaps('o1'), [gap('o1', 'a/a', 'd1')].map(gapLine))).toBe(false);
      expect(passes(stored.gaps('o3'), [gap('o3', 'x/x', 'd1')].map(gapLine))).toBe(false);
      expect(passes(stored.positions('o9'), [])).toBe(true);
      expect(stored.sameRows('o2', [pos('o2', 'b/b', 2)], [gap('o2', 'b/b', 'd5')])).toBe(false);
    });
  };

  it('checks lines against the stored texts read beside a transaction (a worker thread on a SQLite file)', async () => {
    const database = openDatabase({ dataDir: dir });
    try {
      await migrateToLatest(database);
      await expectChecks(database);
    } finally {
      await database.close();
    }
  });

  // PostgreSQL: texts read on other connections; SQLite in memory: read in line.
  it.each(testDialects())('checks lines against the stored results read beside a transaction on %s', async (dialect) => {
    const database = await freshDatabase(dialect);
    try {
      await expectChecks(database);
    } finally {
      await database.close();
    }
  });

  // Lines in primary-key order (a bytewise collation) or sorted by string_agg (any other): the same texts.
  it.each(testDialects())('reads the same texts with either query form on %s', async (dialect) => {
    const database = await freshDatabase(dialect);
    try {
      const positions = [pos('o2', 'b/b', 1), pos('o1', 'z/z', 0), pos('o1', 'a/a', 2), pos('o1', 'B/b', 1), pos('o3', '软件/中文', 1), pos('o3', 'x/x', 0)];
      const gaps = [gap('o1', 'a/a', 'd9'), gap('o1', 'a/a', 'd1'), gap('o1', 'B/b', 'd1'), gap('o2', 'b/b', 'd5')];
      await database.transaction((trx) => repositories(trx, database).licensing.insertResults({ positions, gaps, usage: [] }));
      const repo = repositories(database.db, database).licensing;
      const byKey = await repo.storedResultTexts(true);
      const sorted = await repo.storedResultTexts(false);
      expect(byKey).toEqual(sorted);
      // Bytewise: upper case before lower case, CJK after ASCII.
      expect(byKey.positions.get('o1')!.split('\u001e').map((l) => l.split('\u001f')[0])).toEqual(['B/b', 'a/a', 'z/z']);
      expect(byKey.positions.get('o3')!.split('\u001e').map((l) => l.split('\u001f')[0])).toEqual(['x/x', '软件/中文']);
      expect(byKey.gaps.get('o1')!.split('\u001e').map((l) => l.split('\u001f').slice(0, 2).join(' '))).toEqual(['B/b d1', 'a/a d1', 'a/a d9']);
    } finally {
      await database.close();
    }
  });

  it('compares lines as a set: order aside, every line counts', () => {
    const lines = ['a\u001f1', 'b\u001f2', 'c\u001f3'];
    expect(sameLinesText(lines.join('\u001e'), lines)).toBe(true);
    expect(sameLinesText(['c\u001f3', 'a\u001f1', 'b\u001f2'].join('\u001e'), lines)).toBe(true);
    expect(sameLinesText(['a\u001f1', 'b\u001f2'].join('\u001e'), lines)).toBe(false);
    expect(sameLinesText(['a\u001f1', 'a\u001f1', 'c\u001f3'].join('\u001e'), lines)).toBe(false);
    expect(sameLinesText('', [])).toBe(true);
    expect(sameLinesText('', ['a'])).toBe(false);
  });
});
