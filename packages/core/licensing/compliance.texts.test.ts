import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { openDatabase, type Database } from '../../storage/database.ts';
import { migrateToLatest } from '../../storage/migrate.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { gapLine, linesDigest, positionLine, type StoredLinesCheck } from '../../storage/repositories/licensing.repository.ts';
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
      // The stored lines pass, in any order (digests compared); other lines do not.
      expect(passes(stored.positions('o1'), [pos('o1', 'a/a', 2), pos('o1', 'z/z', 0)].map(positionLine))).toBe(true);
      expect(passes(stored.positions('o1'), [pos('o1', 'z/z', 0), pos('o1', 'a/a', 2)].map(positionLine))).toBe(true);
      expect(passes(stored.positions('o3'), [pos('o3', '软件/中文', 1)].map(positionLine))).toBe(true);
      expect(passes(stored.gaps('o1'), [gap('o1', 'a/a', 'd1'), gap('o1', 'a/a', 'd9')].map(gapLine))).toBe(true);
      expect(passes(stored.gaps('o3'), [])).toBe(true);
      expect(passes(stored.positions('o2'), [pos('o2', 'b/b', 2)].map(positionLine))).toBe(false);
      expect(passes(stored.gaps('o1'), [gap('o1', 'a/a', 'd1')].map(gapLine))).toBe(false);
      expect(passes(stored.gaps('o3'), [gap('o3', 'x/x', 'd1')].map(gapLine))).toBe(false);
      expect(passes(stored.positions('o9'), [])).toBe(true);
      // Rows in another order than stored: their lines pass; a changed row's do not.
      expect(passes(stored.positions('o2'), [pos('o2', 'b/b', 2)].map(positionLine)) && passes(stored.gaps('o2'), [gap('o2', 'b/b', 'd5')].map(gapLine))).toBe(false);
      expect(passes(stored.positions('o1'), [pos('o1', 'z/z', 0), pos('o1', 'a/a', 2)].map(positionLine)) && passes(stored.gaps('o1'), [gap('o1', 'a/a', 'd9'), gap('o1', 'a/a', 'd1')].map(gapLine))).toBe(true);
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

  // Each organization's lines as one text, in whatever order the aggregation meets them: the rows' lines, no other.
  it.each(testDialects())('reads each organization’s stored lines as one text on %s', async (dialect) => {
    const database = await freshDatabase(dialect);
    try {
      const positions = [pos('o2', 'b/b', 1), pos('o1', 'z/z', 0), pos('o1', 'a/a', 2), pos('o1', 'B/b', 1), pos('o3', '软件/中文', 1), pos('o3', 'x/x', 0)];
      const gaps = [gap('o1', 'a/a', 'd9'), gap('o1', 'a/a', 'd1'), gap('o1', 'B/b', 'd1'), gap('o2', 'b/b', 'd5')];
      await database.transaction((trx) => repositories(trx, database).licensing.insertResults({ positions, gaps, usage: [] }));
      const texts = await repositories(database.db, database).licensing.storedResultTexts();
      const lines = (m: Map<string, string>, org: string) => m.get(org)!.split('\u001e').sort();
      for (const org of ['o1', 'o2', 'o3']) expect(lines(texts.positions, org)).toEqual(positions.filter((p) => p.org_id === org).map(positionLine).sort());
      for (const org of ['o1', 'o2']) expect(lines(texts.gaps, org)).toEqual(gaps.filter((g) => g.org_id === org).map(gapLine).sort());
      expect(texts.gaps.has('o3')).toBe(false);
      // The digest of a stored text is that of its rows' lines.
      const d = linesDigest(texts.positions.get('o1')!.split('\u001e'));
      expect(d.equals(linesDigest(positions.filter((p) => p.org_id === 'o1').map(positionLine)))).toBe(true);
    } finally {
      await database.close();
    }
  });
});
