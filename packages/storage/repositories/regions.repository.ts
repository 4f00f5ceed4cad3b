import type { Kysely } from 'kysely';
import type { DB, RegionsTable } from '../schema.ts';
import { containsAny } from './scope-filter.ts';

export type RegionRow = RegionsTable & { has_children: number };

/** GB/T 2260 regions: a reference table, read-only for the application. */
export class RegionsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private base() {
    return this.db
      .selectFrom('regions as r')
      .selectAll('r')
      .select((eb) =>
        eb
          .case()
          .when(eb.exists(eb.selectFrom('regions as c').select('c.code').whereRef('c.parent_code', '=', 'r.code')))
          .then(1)
          .else(0)
          .end()
          .as('has_children'),
      );
  }

  async findChildren(parentCode: string | null): Promise<RegionRow[]> {
    const q = this.base();
    return (parentCode === null ? q.where('r.parent_code', 'is', null) : q.where('r.parent_code', '=', parentCode)).orderBy('r.code').execute();
  }

  async findByCode(code: string): Promise<RegionRow | undefined> {
    return this.base().where('r.code', '=', code).executeTakeFirst();
  }

  async findByCodes(codes: string[]): Promise<RegionRow[]> {
    if (codes.length === 0) return [];
    return this.base().where('r.code', 'in', codes).orderBy('r.code').execute();
  }

  /** Regions whose name or code contains q, at most `limit`. */
  async search(q: string, limit: number): Promise<RegionRow[]> {
    return this.base().where(containsAny(['r.name', 'r.code'], q)).orderBy('r.code').limit(limit).execute();
  }

  async countByLevel(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('regions').select(['level', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('level').execute();
    return Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
  }

  async existing(codes: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < codes.length; i += 500) {
      const rows = await this.db.selectFrom('regions').select('code').where('code', 'in', codes.slice(i, i + 500)).execute();
      for (const r of rows) out.add(r.code);
    }
    return out;
  }
}
