import type { Kysely, Selectable } from 'kysely';
import type { DB, RecognitionRulesTable } from '../schema.ts';
import { containsAny } from './scope-filter.ts';

export type RecognitionRuleRow = Selectable<RecognitionRulesTable>;

/** Filters of the local-rule list. */
export interface RecognitionRuleFilter {
  q?: string | undefined;
  category?: string | undefined;
  licence?: string | undefined;
}

/** Local recognition rules: reference data, readable by every role. */
export class RecognitionRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private filtered(f: RecognitionRuleFilter) {
    let q = this.db.selectFrom('recognition_rules').selectAll();
    if (f.q) q = q.where(containsAny(['id', 'publisher', 'product'], f.q));
    if (f.category) q = q.where('category', '=', f.category);
    if (f.licence) q = q.where('licence_class', '=', f.licence);
    return q;
  }

  /** One page of local rules, ordered by publisher then product. */
  async list(f: RecognitionRuleFilter, page: { offset: number; limit: number }): Promise<{ rows: RecognitionRuleRow[]; total: number }> {
    const rows = await this.filtered(f).orderBy('publisher').orderBy('product').orderBy('id').offset(page.offset).limit(page.limit).execute();
    const countRow = await this.filtered(f)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return { rows, total: Number(countRow?.n ?? 0) };
  }

  /** Every local rule (export, compile), ordered by id. */
  async all(onlyEnabled = false): Promise<RecognitionRuleRow[]> {
    let q = this.db.selectFrom('recognition_rules').selectAll();
    if (onlyEnabled) q = q.where('enabled', '=', 1);
    return q.orderBy('id').execute();
  }

  async findById(id: string): Promise<RecognitionRuleRow | undefined> {
    return this.db.selectFrom('recognition_rules').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findByIds(ids: string[]): Promise<RecognitionRuleRow[]> {
    const out: RecognitionRuleRow[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      out.push(...(await this.db.selectFrom('recognition_rules').selectAll().where('id', 'in', ids.slice(i, i + 500)).execute()));
    }
    return out;
  }

  /** Ids starting with a prefix (to make a generated id unique). */
  async idsLike(prefix: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('recognition_rules')
      .select('id')
      .where('id', 'like', `${prefix.replace(/[\\%_]/g, (m) => `\\${m}`)}%`)
      .execute();
    return rows.map((r) => r.id);
  }

  async insert(row: RecognitionRuleRow): Promise<void> {
    await this.db.insertInto('recognition_rules').values(row).execute();
  }

  async update(id: string, patch: Partial<RecognitionRuleRow>): Promise<void> {
    await this.db.updateTable('recognition_rules').set(patch).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('recognition_rules').where('id', '=', id).execute();
  }

  /** Changes whenever a rule is added, changed or deleted (compiled-library cache key). */
  async stamp(): Promise<string> {
    const r = await this.db
      .selectFrom('recognition_rules')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('at')])
      .executeTakeFirst();
    return `${Number(r?.n ?? 0)}|${r?.at ?? ''}`;
  }
}
