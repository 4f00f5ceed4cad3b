import type { Kysely, Selectable } from 'kysely';

import type { DB, SoftwareTitlesTable } from '../schema.ts';
import { itemsOf, titleJoin } from './installs.ts';
import { containsAny, scopeWhere, type ScopeFilter } from './scope-filter.ts';

export type TitleRow = Selectable<SoftwareTitlesTable>;

/** Titles that need a reviewer: nothing recognised them, or only with low confidence. */
export interface ReviewFilter {
  q?: string | undefined;
  /** confidence below this is "low" */
  minConfidence: number;
}

export interface CatalogueFilter {
  q?: string | undefined;
  category?: string | undefined;
  licenceClass?: string | undefined;
  domestic?: boolean | undefined;
  requiresLicence?: boolean | undefined;
}

/**
 * Queries over what is installed, grouped by title or recognised product,
 * counting devices and organizations in a scope.
 */
export class CatalogueRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Installs of active devices in scope, with their titles (`s` device row, `t` title; see itemsOf). */
  private installs(scope: ScopeFilter) {
    return this.db
      .selectFrom('device_software_sets as s')
      .innerJoin('organizations as o', 'o.id', 's.org_id')
      .innerJoin('devices as d', (j) => j.onRef('d.org_id', '=', 's.org_id').onRef('d.id', '=', 's.device_id'))
      .crossJoin(itemsOf(this.db))
      .crossJoin('software_titles as t')
      .where(titleJoin)
      .where('d.status', '=', 'active')
      .where((eb) => scopeWhere(eb, scope, { region: 'o.region_code', path: 'o.path' }));
  }

  private review(scope: ScopeFilter, f: ReviewFilter) {
    let q = this.installs(scope).where((eb) => eb.or([eb('t.licence_class', 'is', null), eb('t.licence_class', '=', 'unknown'), eb('t.confidence', '<', f.minConfidence)]));
    if (f.q) q = q.where(containsAny(['t.name', 't.publisher'], f.q));
    return q;
  }

  /** Unrecognised and low-confidence names, one row per name and publisher, most widespread first. */
  async reviewQueue(scope: ScopeFilter, f: ReviewFilter, page: { offset: number; limit: number }) {
    const grouped = this.review(scope, f)
      .select((eb) => [
        't.name',
        't.publisher',
        eb.fn.count<number>('s.device_id').distinct().as('devices'),
        eb.fn.count<number>('s.org_id').distinct().as('orgs'),
        eb.fn.count<number>('t.title_key').distinct().as('titles'),
        eb.fn.max('t.title_key').as('example_key'),
        eb.fn.max('t.licence_class').as('licence_class'),
        eb.fn.max('t.confidence').as('confidence'),
        eb.fn.max('t.source_hint').as('source_hint'),
      ])
      .groupBy(['t.name', 't.publisher']);
    const rows = await grouped.orderBy('devices', 'desc').orderBy('t.name').offset(page.offset).limit(page.limit).execute();
    const c = await this.db
      .selectFrom(grouped.as('g'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return { rows, total: Number(c?.n ?? 0) };
  }

  /** Versions seen of some names (for the rows of a review page). */
  async versionsOf(names: { name: string; publisher: string | null }[]): Promise<{ name: string; publisher: string | null; version: string | null }[]> {
    if (names.length === 0) return [];
    return this.db
      .selectFrom('software_titles as t')
      .select(['t.name', 't.publisher', 't.version'])
      .distinct()
      .where((eb) => eb.or(names.map((n) => eb.and([eb('t.name', '=', n.name), n.publisher === null ? eb('t.publisher', 'is', null) : eb('t.publisher', '=', n.publisher)]))))
      .orderBy('t.version')
      .limit(2000)
      .execute();
  }

  private products(scope: ScopeFilter, f: CatalogueFilter) {
    let q = this.installs(scope).where('t.product_key', 'is not', null).where('t.product_key', '!=', 'unknown');
    if (f.q) q = q.where(containsAny(['t.rec_product', 't.rec_publisher', 't.product_key'], f.q));
    if (f.category) q = q.where('t.category', '=', f.category);
    if (f.licenceClass) q = q.where('t.licence_class', '=', f.licenceClass);
    if (f.domestic !== undefined) q = q.where('t.domestic', '=', f.domestic ? 1 : 0);
    if (f.requiresLicence !== undefined) q = q.where('t.requires_licence', '=', f.requiresLicence ? 1 : 0);
    return q;
  }

  /** Recognised products with how many devices and organizations have them. */
  async catalogue(scope: ScopeFilter, f: CatalogueFilter, page: { offset: number; limit: number }) {
    const grouped = this.products(scope, f)
      .select((eb) => [
        't.product_key',
        eb.fn.max('t.rec_publisher').as('publisher'),
        eb.fn.max('t.rec_product').as('product'),
        eb.fn.max('t.category').as('category'),
        eb.fn.max('t.licence_class').as('licence_class'),
        eb.fn.max('t.requires_licence').as('requires_licence'),
        eb.fn.max('t.domestic').as('domestic'),
        eb.fn.count<number>('s.device_id').distinct().as('devices'),
        eb.fn.count<number>('s.org_id').distinct().as('orgs'),
        eb.fn.count<number>('t.title_key').distinct().as('titles'),
      ])
      .groupBy('t.product_key');
    const rows = await grouped.orderBy('devices', 'desc').orderBy('t.product_key').offset(page.offset).limit(page.limit).execute();
    const c = await this.db.selectFrom(grouped.as('g')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return { rows, total: Number(c?.n ?? 0) };
  }

  /** Editions and versions of some products with device counts. */
  async variantsOf(scope: ScopeFilter, productKeys: string[]) {
    if (productKeys.length === 0) return [];
    return this.installs(scope)
      .where('t.product_key', 'in', productKeys)
      .select((eb) => ['t.product_key', 't.rec_edition', 't.rec_major', 't.licence_class', eb.fn.count<number>('s.device_id').distinct().as('devices')])
      .groupBy(['t.product_key', 't.rec_edition', 't.rec_major', 't.licence_class'])
      .orderBy('devices', 'desc')
      .execute();
  }

  /** Organizations in scope that have a product, with device counts. */
  async orgsWith(scope: ScopeFilter, productKey: string, page: { offset: number; limit: number }) {
    const grouped = this.installs(scope)
      .where('t.product_key', '=', productKey)
      .select((eb) => ['o.id', 'o.name', 'o.region_code', eb.fn.count<number>('s.device_id').distinct().as('devices')])
      .groupBy(['o.id', 'o.name', 'o.region_code']);
    const rows = await grouped.orderBy('devices', 'desc').orderBy('o.name').offset(page.offset).limit(page.limit).execute();
    const c = await this.db.selectFrom(grouped.as('g')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return { rows, total: Number(c?.n ?? 0) };
  }

  /** Device counts of titles, for a rule preview over stored names. */
  async deviceCounts(scope: ScopeFilter, titleKeys: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < titleKeys.length; i += 500) {
      const rows = await this.installs(scope)
        .where('t.title_key', 'in', titleKeys.slice(i, i + 500))
        .select((eb) => ['t.title_key', eb.fn.count<number>('s.device_id').distinct().as('devices')])
        .groupBy('t.title_key')
        .execute();
      for (const r of rows) out.set(r.title_key, Number(r.devices));
    }
    return out;
  }

  /** Every title, in key order, a batch at a time (re-recognition, preview). */
  async titlesAfter(afterKey: string, limit: number): Promise<TitleRow[]> {
    return this.db.selectFrom('software_titles').selectAll().where('title_key', '>', afterKey).orderBy('title_key').limit(limit).execute();
  }

  async updateTitle(key: string, patch: Partial<TitleRow>): Promise<void> {
    await this.db.updateTable('software_titles').set(patch).where('title_key', '=', key).execute();
  }
}

