import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../storage/database.ts';
import { migrateToLatest } from '../../storage/migrate.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { gapLine, positionLine, sameLinesText } from '../../storage/repositories/licensing.repository.ts';
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

  it('reads the same texts beside a transaction (a worker thread on a SQLite file) as inside it, in line order', async () => {
    const database = openDatabase({ dataDir: dir });
    try {
      await migrateToLatest(database);
      const positions = [pos('o2', 'b/b', 1), pos('o1', 'z/z', 0), pos('o1', 'a/a', 2)];
      const gaps = [gap('o1', 'a/a', 'd9'), gap('o1', 'a/a', 'd1'), gap('o2', 'b/b', 'd5')];
      await database.transaction((trx) => repositories(trx, database).licensing.insertResults({ positions, gaps, usage: [] }));
      await database.transaction(async (trx) => {
        const repo = repositories(trx, database).licensing;
        const inside = await repo.storedResultTexts();
        const beside = await repo.storedResultTextsAside(database.db);
        expect(beside).toEqual(inside);
        expect(sameLinesText(beside.positions.get('o1')!, [pos('o1', 'a/a', 2), pos('o1', 'z/z', 0)].map(positionLine))).toBe(true);
        expect(sameLinesText(beside.gaps.get('o1')!, [gap('o1', 'a/a', 'd1'), gap('o1', 'a/a', 'd9')].map(gapLine))).toBe(true);
        expect(sameLinesText(beside.positions.get('o2')!, [pos('o2', 'b/b', 2)].map(positionLine))).toBe(false);
      });
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
