import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEstate, type EstateSize } from '../../../bench/compliance-estate.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { openDatabase, type DialectName } from '../../storage/database.ts';
import { migrateToLatest } from '../../storage/migrate.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { gapLine, linesDigest, positionLine } from '../../storage/repositories/licensing.repository.ts';
import { keyCache, LineDigest } from '../../storage/repositories/line-digest.mjs';
import { deriveScratch, emptyFigures, figuresFrom, finishFigures, orgResultLines, positionRows, type LineSink } from './compliance.derive.ts';
import { loadEntitlements, loadInstallColumns, loadOrgNodes } from './compliance.estate.ts';
import { allocateColumns } from './licensing.engine.ts';

/**
 * The full recomputation's fast paths give what the plain ones give: the
 * lines and figures written straight from the allocation's columns equal
 * the stored rows' lines and `figuresFrom`; the installs read as device and
 * title key (on a SQLite file, half of them by the reading worker) equal the
 * installs read as rows, also when a title key has two recognitions.
 */

const DAY = '2026-06-01';
const SIZE: EstateSize = { orgs: 40, devices: 400, installsPerDevice: 12, products: 50, entitlements: 80, licensedShare: 0.4, seed: 7 };

/** Joins what `orgResultLines` writes into `linesText` texts. */
class JoinedLines implements LineSink {
  lines: string[] = [];
  private line: string[] = [];
  field(s: string): void {
    if (this.line.length) this.line.push('\u001f');
    this.line.push(s);
  }
  more(s: string): void {
    this.line.push(s);
  }
  int(n: number): void {
    this.field(String(n));
  }
  key(s: string, _id: number): void {
    this.field(s);
  }
  end(): void {
    this.lines.push(this.line.join(''));
    this.line = [];
  }
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A small generated estate; on SQLite in a file (so that the reading worker reads beside). */
async function estate(dialect: DialectName) {
  let database;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-derive-'));
    dirs.push(dir);
    database = openDatabase({ dataDir: dir });
    await migrateToLatest(database);
  } else database = await freshDatabase(dialect);
  await loadEstate(database, SIZE);
  return database;
}

/** Installs as comparable rows: organization, device with serial and user, and the title's recognition. */
function installRows(c: Awaited<ReturnType<typeof loadInstallColumns>>): string[] {
  const out: string[] = [];
  for (let r = 0; r < c.count; r++) {
    const d = c.device[r]!;
    out.push(JSON.stringify([c.orgIds[c.org[r]!], c.deviceIds[d], c.deviceSerials[d], c.deviceUsers[d], c.titles[c.title[r]!]]));
  }
  return out.sort();
}

describe.each(testDialects())('the full recomputation fast paths on %s', (dialect) => {
  it('writes each organization’s lines and figures as the rows give them', async () => {
    const database = await estate(dialect);
    try {
      const db = database.db;
      const [orgs, entitlements, installs] = await Promise.all([loadOrgNodes(db), loadEntitlements(db), loadInstallColumns(db, 'all')]);
      const a = allocateColumns({ installs, entitlements, orgs, at: DAY });
      expect(a.positions.length).toBeGreaterThan(0);
      const scratch = deriveScratch(a);
      let gapsSeen = 0;
      for (let i = 0; i < a.positions.length; ) {
        const orgId = a.positions[i]!.orgId;
        const p0 = i;
        while (i < a.positions.length && a.positions[i]!.orgId === orgId) i++;
        const rows = positionRows(a, p0, i);
        const positions = new JoinedLines();
        const gaps = new JoinedLines();
        const f = emptyFigures(orgId, '110000', 9, 7);
        const gapDevices = orgResultLines(a, p0, i, scratch, f, positions, gaps);
        expect(positions.lines).toEqual(rows.positions.map(positionLine));
        expect(gaps.lines).toEqual(rows.gaps.map(gapLine));
        gapsSeen += gaps.lines.length;
        expect(finishFigures(f, gapDevices)).toEqual(figuresFrom(orgId, '110000', rows.positions, rows.cats, new Set(rows.gaps.map((g) => g.device_id)).size, 9, 7));
        // Digested field by field (recurring fields' lanes kept), the lines give their joined texts' digests.
        const cache = keyCache();
        const dp = new LineDigest(cache);
        const dg = new LineDigest(cache);
        orgResultLines(a, p0, i, deriveScratch(a), emptyFigures(orgId, '', 0, 0), dp, dg);
        const storedP = new LineDigest();
        storedP.text(rows.positions.map(positionLine).join('\u001e'));
        expect(dp.equals(storedP)).toBe(true);
        expect(dg.equals(linesDigest(rows.gaps.map(gapLine)))).toBe(true);
        const longer = linesDigest([...rows.positions.map(positionLine), 'x']);
        expect(dp.equals(longer)).toBe(false);
      }
      expect(gapsSeen).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  });

  it('digests an integer field as the text String(n) writes, and lines in any order alike', () => {
    const digest = (fields: (string | number)[]) => {
      const d = new LineDigest(keyCache());
      const ids = new Map<string, number>();
      for (const f of fields) {
        if (typeof f === 'number') d.int(f);
        else d.key(f, ids.get(f) ?? ids.set(f, ids.size).size - 1);
      }
      d.end();
      return d;
    };
    const text = (t: string) => {
      const d = new LineDigest();
      d.text(t);
      return d;
    };
    expect(digest([12, 0, -3, 2 ** 40, 1.5, 'a']).equals(text('12\u001f0\u001f-3\u001f1099511627776\u001f1.5\u001fa'))).toBe(true);
    expect(digest([12, 0, 3]).equals(text('12\u001f0\u001f-3'))).toBe(false);
    expect(digest([12]).equals(text('012'))).toBe(false);
    expect(digest([123]).equals(text('12'))).toBe(false);
    expect(digest([2 ** 53]).equals(text('9007199254740993'))).toBe(false);
    // Fields are not texts run together: 'ab' then 'c' is not 'a' then 'bc', nor one empty field more.
    expect(digest(['ab', 'c']).equals(digest(['a', 'bc']))).toBe(false);
    expect(digest(['a', '']).equals(text('a'))).toBe(false);
    expect(digest(['a', '']).equals(text('a\u001f'))).toBe(true);
    // Lines in another order: the same digest; a line twice is not the line once.
    expect(linesDigest(['a\u001f1', 'b\u001f2']).equals(text('b\u001f2\u001ea\u001f1'))).toBe(true);
    expect(linesDigest(['a\u001f1', 'a\u001f1']).equals(text('a\u001f1'))).toBe(false);
    expect(linesDigest([]).equals(text(''))).toBe(true);
    expect(linesDigest(['a']).equals(text(''))).toBe(false);
  });

  it('reads the installs by title key as it reads rows, and falls back to rows when a key has two recognitions', async () => {
    const database = await estate(dialect);
    try {
      const repo = repositories(database.db).licensing;
      const rowsOf = async () => {
        const installs = await repo.licensedInstalls('all');
        const devices = new Map((await repo.deviceFacts()).map((d) => [`${d.org_id}\u0000${d.id}`, d]));
        return installs
          .filter((r) => devices.has(`${r.org_id}\u0000${r.device_id}`))
          .map((r) => {
            const d = devices.get(`${r.org_id}\u0000${r.device_id}`)!;
            return JSON.stringify([r.org_id, r.device_id, d.serial, d.last_user, { productKey: r.product_key, edition: r.rec_edition, majorRelease: r.rec_major, release: r.rec_release, category: r.category, licenceClass: r.licence_class ?? 'commercial' }]);
          })
          .sort();
      };
      const inTransaction = await database.transaction((trx) => loadInstallColumns(trx, 'all'));
      expect(installRows(await loadInstallColumns(database.db, 'all'))).toEqual(await rowsOf());
      expect(installRows(inTransaction)).toEqual(await rowsOf());
      // One install of a title re-recognised (its installs not rebuilt yet): the key has two recognitions.
      const one = await database.db.selectFrom('licensed_installs').select(['org_id', 'product_key', 'device_id', 'title_key']).limit(1).executeTakeFirstOrThrow();
      await database.db.updateTable('licensed_installs').set({ edition: 'Re-recognised' }).where('org_id', '=', one.org_id).where('product_key', '=', one.product_key).where('device_id', '=', one.device_id).where('title_key', '=', one.title_key).execute();
      const mixed = installRows(await loadInstallColumns(database.db, 'all'));
      expect(mixed).toEqual(await rowsOf());
      expect(mixed.some((r) => r.includes('Re-recognised'))).toBe(true);
      // A serial holding the texts' field separator, in either share of the organizations (the worker's or this thread's): read as rows.
      const orgs = await database.db.selectFrom('licensed_installs').select('org_id').distinct().orderBy('org_id').execute();
      for (const o of [orgs[0]!, orgs[orgs.length - 1]!]) {
        const d = await database.db.selectFrom('licensed_installs').select('device_id').where('org_id', '=', o.org_id).limit(1).executeTakeFirstOrThrow();
        await database.db.updateTable('devices').set({ serial: 'SN\u001fodd' }).where('org_id', '=', o.org_id).where('id', '=', d.device_id).execute();
        const odd = installRows(await loadInstallColumns(database.db, 'all'));
        expect(odd).toEqual(await rowsOf());
        expect(odd.some((r) => r.includes('SN\\u001fodd'))).toBe(true);
        await database.db.updateTable('devices').set({ serial: null }).where('org_id', '=', o.org_id).where('id', '=', d.device_id).execute();
      }
    } finally {
      await database.close();
    }
  });
});
