import { Worker } from 'node:worker_threads';
import { sql, type CompiledQuery, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { Database } from '../database.ts';
import type {
  ComplianceGapsTable,
  ComplianceOrgsTable,
  CompliancePositionsTable,
  ComplianceTrendTable,
  ComplianceUsageTable,
  DB,
  EntitlementDocumentsTable,
  EntitlementsTable,
  EntitlementTransfersTable,
  LicensedInstallsTable,
  RectificationTasksTable,
} from '../schema.ts';
import { isPostgres } from './dialect.ts';
import { F, R, parseInstallTexts, type ParsedInstallTexts } from './install-texts.mjs';
import { digestTexts, keyCache, LineDigest, type KeyCache } from './line-digest.mjs';
import { installsFrom } from './installs.ts';
import { containsAny, scopeWhere, type ScopeFilter } from './scope-filter.ts';

export type EntitlementRow = Selectable<EntitlementsTable>;
export type EntitlementView = EntitlementRow & { org_name: string; org_path: string; org_region_code: string; transferred_out: number; documents: number; consumed: number | null; remaining: number | null };
export type TransferRow = Selectable<EntitlementTransfersTable>;
export type DocumentRow = Selectable<EntitlementDocumentsTable>;
export type PositionRow = Selectable<CompliancePositionsTable>;
export type UsageRow = Selectable<ComplianceUsageTable>;
export type GapRow = Selectable<ComplianceGapsTable>;
export type OrgFiguresRow = Selectable<ComplianceOrgsTable>;
export type TrendRow = Selectable<ComplianceTrendTable>;
export type TaskRow = Selectable<RectificationTasksTable>;
export type TaskView = TaskRow & { org_name: string; org_region_code: string; org_path: string; assignee_name: string | null };

/** Order in which the reading worker answers the full recomputation's queries: what its first step needs first. */
const ASIDE_PRIORITY = { titles: 0, installs: 1, entitlements: 2, storedResults: 3, storedFigures: 4 } as const;

/** A title's recognition as licensed_installs copies it, and the columns of `titleRecognitionQuery` (key, first, last). */
const TITLE_COLUMNS = ['product_key', 'edition', 'major', 'rel', 'category', 'licence_class'] as const;
const TITLE_FIRST_LAST = ['title_key', ...TITLE_COLUMNS.map((c) => `f_${c}` as const), ...TITLE_COLUMNS.map((c) => `l_${c}` as const)] as const;

/** How a read of the full recomputation may run beside its transaction (`rowsAside`). */
interface AsideOptions {
  /** on SQLite, by the reading worker (`sqliteAside`) */
  aside?: boolean;
}

/** The columns of an entitlement the allocation reads. */
const ALLOCATION_COLUMNS = [
  'id',
  'org_id',
  'scope_kind',
  'scope_region_code',
  'product_keys_json',
  'editions_json',
  'version_min',
  'version_min_release',
  'version_max',
  'version_max_release',
  'downgrade_rights',
  'upgrade_rights_until',
  'metric',
  'quantity',
  'oem_serial',
  'agreement_no',
  'start_day',
  'end_day',
  'unit_price',
  'currency',
  'purchased_at',
] as const satisfies readonly (keyof EntitlementRow)[];

/** An entitlement as the allocation reads it, with the units transferred out of it. */
export type AllocationEntitlementRow = Pick<EntitlementRow, (typeof ALLOCATION_COLUMNS)[number]> & { transferred_out: number };

/** The allocation's columns in the order of its query, and an object holding each (`allEntitlements` copies it per row). */
const ALLOCATION_FIELDS = [...ALLOCATION_COLUMNS, 'transferred_out'] as const;
const ALLOCATION_ROW: Readonly<Record<string, unknown>> = Object.fromEntries(ALLOCATION_FIELDS.map((c) => [c, null]));

export interface EntitlementFilter {
  orgId?: string | undefined;
  q?: string | undefined;
  productKey?: string | undefined;
  metric?: string | undefined;
  /** valid / expired / not-yet-valid on this day */
  validity?: { state: 'valid' | 'expired' | 'not-yet-valid'; day: string } | undefined;
}

/** An install that needs a licence, with what recognition made of its title. */
export interface LicensedInstallRow {
  org_id: string;
  device_id: string;
  title_key: string;
  product_key: string;
  rec_edition: string | null;
  rec_major: string | null;
  rec_release: string | null;
  category: string | null;
  licence_class: string | null;
}

const BATCH = 400;
/** Rows per upsert statement (within both databases' parameter limits for the widest table). */
const UPSERT_BATCH = 500;
const POSITION_COLUMNS = ['org_id', 'product_key', 'installs', 'covered_installs', 'installed_devices', 'users', 'entitled', 'unlimited', 'entitled_limited', 'consumed', 'shortfall', 'surplus', 'unit_price', 'currency', 'shortfall_cost', 'categories'] as const;
const USAGE_COLUMNS = ['entitlement_id', 'quantity', 'consumed', 'remaining', 'covered_installs', 'validity'] as const;
const GAP_COLUMNS = ['org_id', 'product_key', 'device_id', 'uncovered', 'reason'] as const;
const ORG_COLUMNS = ['org_id', 'region_code', 'overall_req', 'overall_cov', 'programme_req', 'programme_cov', 'os_req', 'os_cov', 'office_req', 'office_cov', 'security_req', 'security_cov', 'devices', 'devices_requiring', 'compliant_devices', 'products', 'shortfall', 'shortfall_cost'] as const;
const TREND_SUMS = ['overall_req', 'overall_cov', 'programme_req', 'programme_cov', 'os_req', 'os_cov', 'office_req', 'office_cov', 'security_req', 'security_cov', 'devices', 'compliant_devices'] as const;
const TREND_COLUMNS = ['subject', 'day', 'overall_req', 'overall_cov', 'programme_req', 'programme_cov', 'os_req', 'os_cov', 'office_req', 'office_cov', 'security_req', 'security_cov', 'devices', 'compliant_devices'] as const;

const rowOf = <T>(cols: readonly (keyof T & string)[], r: T): unknown[] => cols.map((c) => r[c]);

/** Entitlements, transfers, proof documents, the stored compliance results and rectification tasks. */
export class LicensingRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly database?: Pick<Database, 'bulkInsert'>,
  ) {}

  // ——— entitlements ———

  private entitlementViews() {
    return this.db
      .selectFrom('entitlements as e')
      .innerJoin('organizations as o', 'o.id', 'e.org_id')
      .leftJoin('compliance_usage as u', 'u.entitlement_id', 'e.id')
      .selectAll('e')
      .select((eb) => [
        'o.name as org_name',
        'o.path as org_path',
        'o.region_code as org_region_code',
        'u.consumed as consumed',
        'u.remaining as remaining',
        eb.selectFrom('entitlement_transfers as t').whereRef('t.entitlement_id', '=', 'e.id').select(sql<number>`coalesce(sum(t.quantity), 0)`.as('n')).as('transferred_out'),
        eb.selectFrom('entitlement_documents as d').whereRef('d.entitlement_id', '=', 'e.id').select((x) => x.fn.countAll<number>().as('n')).as('documents'),
      ]);
  }

  private filtered(scope: ScopeFilter, f: EntitlementFilter) {
    let q = this.entitlementViews().where((eb) => scopeWhere(eb, scope, { region: 'o.region_code', path: 'o.path' }));
    if (f.orgId) q = q.where('e.org_id', '=', f.orgId);
    if (f.metric) q = q.where('e.metric', '=', f.metric);
    if (f.productKey) q = q.where('e.product_keys_json', 'like', `%${JSON.stringify(f.productKey)}%`);
    if (f.q) q = q.where(containsAny(['e.name', 'e.product_keys_json', 'e.agreement_no', 'e.order_no', 'e.vendor'], f.q));
    if (f.validity) {
      const d = f.validity.day;
      if (f.validity.state === 'expired') q = q.where('e.end_day', '<', d);
      else if (f.validity.state === 'not-yet-valid') q = q.where('e.start_day', '>', d);
      else q = q.where((eb) => eb.and([eb.or([eb('e.end_day', 'is', null), eb('e.end_day', '>=', d)]), eb.or([eb('e.start_day', 'is', null), eb('e.start_day', '<=', d)])]));
    }
    return q;
  }

  async listEntitlements(scope: ScopeFilter, f: EntitlementFilter, page: { offset: number; limit: number }): Promise<{ rows: EntitlementView[]; total: number }> {
    const rows = (await this.filtered(scope, f).orderBy('e.created_at', 'desc').orderBy('e.id').offset(page.offset).limit(page.limit).execute()) as EntitlementView[];
    const n = await this.filtered(scope, f).clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return { rows, total: Number(n?.n ?? 0) };
  }

  async findEntitlement(id: string): Promise<EntitlementView | undefined> {
    return (await this.entitlementViews().where('e.id', '=', id).executeTakeFirst()) as EntitlementView | undefined;
  }

  async entitlementNames(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < ids.length; i += BATCH) for (const r of await this.db.selectFrom('entitlements').select(['id', 'name']).where('id', 'in', ids.slice(i, i + BATCH)).execute()) out.set(r.id, r.name);
    return out;
  }

  async insertEntitlement(row: EntitlementRow): Promise<void> {
    await this.db.insertInto('entitlements').values(row).execute();
  }

  async updateEntitlement(id: string, patch: Partial<EntitlementRow>): Promise<void> {
    await this.db.updateTable('entitlements').set(patch).where('id', '=', id).execute();
  }

  async deleteEntitlement(id: string): Promise<void> {
    await this.db.deleteFrom('entitlement_documents').where('entitlement_id', '=', id).execute();
    await this.db.deleteFrom('compliance_usage').where('entitlement_id', '=', id).execute();
    await this.db.deleteFrom('entitlements').where('id', '=', id).execute();
  }

  /**
   * Every entitlement with the units transferred out of it (the allocation's
   * input): only the columns the allocation reads (names and notes of
   * thousands of entitlements are text it never looks at).
   */
  async allEntitlements(opts: { aside?: boolean } = {}): Promise<AllocationEntitlementRow[]> {
    // The units transferred out summed once per entitlement with transfers and joined (not a subquery asked per entitlement: tens of thousands of probes).
    const q = this.db
      .selectFrom('entitlements as e')
      .innerJoin('organizations as o', 'o.id', 'e.org_id')
      .leftJoin((eb) => eb.selectFrom('entitlement_transfers').select(['entitlement_id', sql<number>`sum(quantity)`.as('n')]).groupBy('entitlement_id').as('t'), (j) => j.onRef('t.entitlement_id', '=', 'e.id'))
      .select(ALLOCATION_COLUMNS.map((c) => `e.${c}` as const))
      .select(sql<number>`coalesce(t.n, 0)`.as('transferred_out'))
      .orderBy('e.id');
    // Beside the transaction on SQLite (`sqliteAside`): tens of thousands of rows of twenty columns cost the reading thread.
    // Rows as arrays from the worker (as objects, its side took twice as long and sent twice the bytes), made objects here from a
    // template holding every column: set one by one on an empty object, twenty-two properties made each a slow dictionary.
    const aside = opts.aside ? await this.sqliteAside([q], ASIDE_PRIORITY.entitlements) : null;
    const rows = aside
      ? aside[0]!.map((r) => {
          const o: Record<string, unknown> = { ...ALLOCATION_ROW };
          for (let i = 0; i < ALLOCATION_FIELDS.length; i++) o[ALLOCATION_FIELDS[i]!] = r[i];
          return o as AllocationEntitlementRow;
        })
      : await q.execute();
    for (const r of rows) r.transferred_out = Number(r.transferred_out ?? 0);
    return rows as AllocationEntitlementRow[];
  }

  async insertTransfer(row: TransferRow): Promise<void> {
    await this.db.insertInto('entitlement_transfers').values(row).execute();
  }

  async transfersOf(entitlementId: string): Promise<(TransferRow & { from_name: string; to_name: string })[]> {
    return this.db
      .selectFrom('entitlement_transfers as t')
      .innerJoin('organizations as a', 'a.id', 't.from_org_id')
      .innerJoin('organizations as b', 'b.id', 't.to_org_id')
      .selectAll('t')
      .select(['a.name as from_name', 'b.name as to_name'])
      .where((eb) => eb.or([eb('t.entitlement_id', '=', entitlementId), eb('t.new_entitlement_id', '=', entitlementId)]))
      .orderBy('t.at')
      .execute();
  }

  async insertDocument(row: DocumentRow): Promise<void> {
    await this.db.insertInto('entitlement_documents').values(row).execute();
  }

  async documentsOf(entitlementId: string): Promise<DocumentRow[]> {
    return this.db.selectFrom('entitlement_documents').selectAll().where('entitlement_id', '=', entitlementId).orderBy('uploaded_at').execute();
  }

  async findDocument(entitlementId: string, id: string): Promise<DocumentRow | undefined> {
    return this.db.selectFrom('entitlement_documents').selectAll().where('entitlement_id', '=', entitlementId).where('id', '=', id).executeTakeFirst();
  }

  // ——— the allocation's input ———

  async orgNodes(): Promise<{ id: string; path: string; region_code: string; type: string }[]> {
    return this.db.selectFrom('organizations').select(['id', 'path', 'region_code', 'type']).orderBy('id').execute();
  }

  /**
   * Installs that need a licence with what recognition made of their title:
   * of some organization × product groups, of some organizations, or all.
   */
  async licensedInstalls(which: { groups: readonly { orgId: string; productKey: string }[] } | { orgIds: readonly string[] } | 'all'): Promise<LicensedInstallRow[]> {
    const base = () =>
      this.db
        .selectFrom('licensed_installs as li')
        .select(['li.org_id', 'li.device_id', 'li.title_key', 'li.product_key', 'li.edition as rec_edition', 'li.major as rec_major', 'li.rel as rec_release', 'li.category', 'li.licence_class']);
    if (which === 'all') return base().execute();
    const out: LicensedInstallRow[] = [];
    if ('orgIds' in which) {
      for (let i = 0; i < which.orgIds.length; i += BATCH) out.push(...(await base().where('li.org_id', 'in', which.orgIds.slice(i, i + BATCH)).execute()));
      return out;
    }
    const byOrg = new Map<string, string[]>();
    for (const g of which.groups) (byOrg.get(g.orgId) ?? byOrg.set(g.orgId, []).get(g.orgId)!).push(g.productKey);
    for (const [orgId, keys] of byOrg) {
      for (let i = 0; i < keys.length; i += BATCH) out.push(...(await base().where('li.org_id', '=', orgId).where('li.product_key', 'in', keys.slice(i, i + BATCH)).execute()));
    }
    return out;
  }

  /** The products with installs that need a licence in each organization. */
  async licensedProducts(orgIds: readonly string[]): Promise<{ org_id: string; product_key: string }[]> {
    const out: { org_id: string; product_key: string }[] = [];
    for (let i = 0; i < orgIds.length; i += BATCH) out.push(...(await this.db.selectFrom('licensed_installs').select(['org_id', 'product_key']).distinct().where('org_id', 'in', orgIds.slice(i, i + BATCH)).execute()));
    return out;
  }

  /** Active devices with any install, and with an install that needs a licence, per organization. */
  async deviceCounts(orgIds: readonly string[] | 'all'): Promise<Map<string, { devices: number; devicesRequiring: number }>> {
    const out = new Map<string, { devices: number; devicesRequiring: number }>();
    const get = (id: string) => out.get(id) ?? out.set(id, { devices: 0, devicesRequiring: 0 }).get(id)!;
    const parts = orgIds === 'all' ? [null] : Array.from({ length: Math.ceil(orgIds.length / BATCH) }, (_, i) => orgIds.slice(i * BATCH, (i + 1) * BATCH));
    for (const part of parts) {
      if (part) for (const id of part) get(id);
      let d = this.db.selectFrom('devices').select(['org_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'active').where('software_count', '>', 0).groupBy('org_id');
      if (part) d = d.where('org_id', 'in', part);
      for (const r of await d.execute()) get(r.org_id).devices = Number(r.n);
      let q = this.db
        .selectFrom('licensed_installs as li')
        .innerJoin('devices as d', (j) => j.onRef('d.org_id', '=', 'li.org_id').onRef('d.id', '=', 'li.device_id'))
        .select(['li.org_id', sql<number>`count(distinct li.device_id)`.as('n')])
        .where('d.status', '=', 'active')
        .groupBy('li.org_id');
      if (part) q = q.where('li.org_id', 'in', part);
      for (const r of await q.execute()) get(r.org_id).devicesRequiring = Number(r.n);
    }
    return out;
  }

  /** Active devices with any install, per organization (`deviceCounts(…).devices` of every organization). */
  async devicesWithSoftware(): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('devices').select(['org_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'active').where('software_count', '>', 0).groupBy('org_id').execute();
    return new Map(rows.map((r) => [r.org_id, Number(r.n)]));
  }

  /** Rebuilds licensed_installs from the devices' software and the titles' recognition (after recognition changed). */
  async rebuildLicensedInstalls(): Promise<number> {
    await this.db.deleteFrom('licensed_installs').execute();
    await this.db
      .insertInto('licensed_installs')
      .columns(['org_id', 'product_key', 'device_id', 'title_key', 'edition', 'major', 'rel', 'category', 'licence_class'])
      .expression(
        installsFrom(this.db)
          .where('t.requires_licence', '=', 1)
          .where('t.product_key', 'is not', null)
          .select(['s.org_id', 't.product_key', 's.device_id', 't.title_key', 't.rec_edition', 't.rec_major', 't.rec_release', 't.category', 't.licence_class']),
      )
      .execute();
    const n = await this.db.selectFrom('licensed_installs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(n?.n ?? 0);
  }

  /** Active devices: serial and user for the allocation, counts for the figures. */
  async deviceFacts(orgIds?: readonly string[]): Promise<{ org_id: string; id: string; serial: string | null; last_user: string | null; software_count: number }[]> {
    const base = () => this.db.selectFrom('devices').select(['org_id', 'id', 'serial', 'last_user', 'software_count']).where('status', '=', 'active');
    if (orgIds && orgIds.length === 0) return [];
    if (!orgIds) return base().execute();
    const out = [];
    for (let i = 0; i < orgIds.length; i += BATCH) out.push(...(await base().where('org_id', 'in', orgIds.slice(i, i + BATCH)).execute()));
    return out;
  }

  // ——— bulk reads of the full recomputation ———

  /** Whether this connection is PostgreSQL (collations are named differently). */
  private get pg(): boolean {
    return isPostgres(this.db);
  }

  /**
   * The installs that need a licence of active devices, as columns over
   * dictionaries (organizations, devices with serial and user, titles with
   * their recognition): of every organization (`all`), or of some
   * organization × product groups. For `all`, each organization's devices
   * and installs come as one text value (string_agg): thousands of rows
   * instead of hundreds of thousands, parsed without an object per install
   * (`parseInstallTexts`; on SQLite the reading worker reads and parses a
   * share of the organizations and hands its columns over); an install is its title's key after its device's id, written
   * once per device (what recognition made of the few hundred titles is
   * read once, by the index licensed_installs_title_idx; the device index
   * holds the keys, so the texts are built from the index alone), so the
   * database writes one column per install, not seven. A value holding a
   * separator (never seen in practice) or a key with two recognitions falls
   * back to reading rows.
   */
  async licensedInstallColumns(which: 'all' | { groups: readonly { orgId: string; productKey: string }[] }): Promise<LicensedInstallColumns> {
    const b = new InstallColumnsBuilder();
    if (which !== 'all') {
      // Devices and installs asked at once (on PostgreSQL outside a transaction: two connections), the devices taken first.
      const [devices, ...parts] = await Promise.all([
        this.deviceFacts([...new Set(which.groups.map((g) => g.orgId))]),
        ...groupValues(which.groups).map(
          async (v) =>
            (
              await sql<Pick<LicensedInstallsTable, 'org_id' | 'device_id' | 'product_key' | 'edition' | 'major' | 'rel' | 'category' | 'licence_class'>>`select li.org_id, li.device_id, li.product_key, li.edition, li.major, li.rel, li.category, li.licence_class
                from licensed_installs as li join ${v} as v on li.org_id = v.column1 and li.product_key = v.column2`.execute(this.db)
            ).rows,
        ),
      ]);
      for (const d of devices) b.device(d.org_id, d.id, d.serial, d.last_user);
      for (const rows of parts) {
        for (const r of rows) b.install(r.org_id, r.device_id, { productKey: r.product_key, edition: r.edition, majorRelease: r.major, release: r.rel, category: r.category, licenceClass: r.licence_class ?? 'commercial' });
      }
      return b.done();
    }
    const opt = (col: string) => sql`coalesce(${'='} || ${sql.ref(col)}, ${''})`;
    // Two parts of the organizations are read at once: on PostgreSQL (outside a transaction) on two connections (two server
    // processes), on SQLite the first by the reading worker (`parsedAside`) while this thread reads the second.
    let ranges: (readonly [string | null, string | null])[] = [[null, null]];
    if (!this.pg || !this.db.isTransaction) {
      // On SQLite the worker's share is the smaller: this thread also reads the organizations and devices counts and
      // turns the entitlements' rows into objects meanwhile (on PostgreSQL the two halves are two server processes' work).
      const share = sql.raw(this.pg ? '50' : '40');
      const pivot = (await sql<{ id: string }>`select id from organizations order by id limit 1 offset (select count(*) * ${share} / 100 from organizations)`.execute(this.db)).rows[0];
      if (pivot) ranges = [[null, pivot.id], [pivot.id, null]];
    }
    // In the column's own collation: the two parts are complementary, and each is a range of the index.
    const within = (lo: string | null, hi: string | null) => sql.join([sql`1 = 1`, ...(lo === null ? [] : [sql`org_id >= ${lo}`]), ...(hi === null ? [] : [sql`org_id < ${hi}`])], sql` and `);
    // An install is its device and its title's key (a few hundred titles among hundreds of thousands of installs): what
    // recognition made of each title comes once, from its own query. A key with two recognitions (a title re-recognised
    // and its installs not yet rebuilt) falls back to reading rows, as does a value holding a separator.
    const titleQuery = this.titleRecognitionQuery();
    // Beside the installs' query (PostgreSQL: another connection; SQLite: a worker's).
    const titles = (async () => {
      const aside = await this.sqliteAside([titleQuery], ASIDE_PRIORITY.titles);
      const rows = aside ? aside[0]!.map((r) => Object.fromEntries(TITLE_FIRST_LAST.map((c, i) => [c, r[i]]))) : (await titleQuery.execute(this.db)).rows;
      // A key whose first and last recognitions differ has two: both go to `recognise`, which then declines.
      const out: TitleRecognition[] = [];
      for (const r of rows) {
        const first = { title_key: r.title_key, ...Object.fromEntries(TITLE_COLUMNS.map((c) => [c, r[`f_${c}`]])) } as TitleRecognition;
        const last = { title_key: r.title_key, ...Object.fromEntries(TITLE_COLUMNS.map((c) => [c, r[`l_${c}`]])) } as TitleRecognition;
        out.push(first);
        if (TITLE_COLUMNS.some((c) => first[c] !== last[c])) out.push(last);
      }
      return out;
    })();
    titles.catch(() => {}); // awaited below
    // Each range is parsed as soon as it arrives (the other may still be on its way).
    let separator = false;
    await Promise.all(
      ranges.map(async ([lo, hi], i) => {
        const queries = [
          sql<{ org_id: string; t: string }>`select org_id, string_agg(${sql.join([sql.ref('id'), opt('serial'), opt('last_user')], sql`|| ${F} ||`)}, ${R}) as t from devices where status = ${'active'} and ${within(lo, hi)} group by org_id`,
          // A device's title keys follow its id once (a device has a few licensed installs): half the text of a row per install.
          sql<{ org_id: string; t: string }>`select org_id, string_agg(t, ${R}) as t from (select org_id, device_id || ${F} || string_agg(title_key, ${F}) as t from licensed_installs where ${within(lo, hi)} group by org_id, device_id) as x group by org_id`,
        ];
        // The reading worker parses its share itself and hands the columns over (`parsedAside`); this thread parses the other.
        const aside = i === 0 && ranges.length > 1 ? await this.parsedAside(queries, ASIDE_PRIORITY.installs) : undefined;
        let part: ParsedInstallTexts | null;
        if (aside !== undefined) part = aside;
        else {
          const [devices, installs] = await Promise.all(queries.map((q) => q.execute(this.db)));
          if (!devices || !installs) throw new Error('two queries, two answers');
          part = parseInstallTexts(
            devices.rows.map((r) => [r.org_id, r.t] as const),
            installs.rows.map((r) => [r.org_id, r.t] as const),
          );
        }
        if (part === null) separator = true;
        else if (!separator) b.parsed(part);
      }),
    );
    if (!separator && b.recognise(await titles)) return b.done();
    const rows = new InstallColumnsBuilder();
    for (const d of await this.deviceFacts()) rows.device(d.org_id, d.id, d.serial, d.last_user);
    for (const r of await this.licensedInstalls('all')) rows.install(r.org_id, r.device_id, { productKey: r.product_key, edition: r.rec_edition, majorRelease: r.rec_major, release: r.rec_release, category: r.category, licenceClass: r.licence_class ?? 'commercial' });
    return rows.done();
  }

  /**
   * What recognition made of each title key of licensed_installs, from the
   * index licensed_installs_title_idx without reading its hundreds of
   * thousands of entries: the keys are walked one seek at a time (a loose
   * index scan), and of each key its first and its last recognition in the
   * index's order are taken (equal: the key has one).
   */
  private titleRecognitionQuery() {
    const order = (dir: 'asc' | 'desc') => sql.join(TITLE_COLUMNS.map((c) => sql`${sql.ref(c)} ${sql.raw(dir)}`));
    const pick = (c: string, dir: 'asc' | 'desc') => sql`(select ${sql.ref(c)} from licensed_installs as l where l.title_key = k.title_key order by ${order(dir)} limit 1)`;
    return sql<Record<(typeof TITLE_FIRST_LAST)[number], string | null> & { title_key: string }>`with recursive k (title_key) as (
        select min(title_key) from licensed_installs
        union all
        select (select min(title_key) from licensed_installs where title_key > k.title_key) from k where k.title_key is not null
      )
      select k.title_key, ${sql.join([...TITLE_COLUMNS.map((c) => sql`${pick(c, 'asc')} as ${sql.ref(`f_${c}`)}`), ...TITLE_COLUMNS.map((c) => sql`${pick(c, 'desc')} as ${sql.ref(`l_${c}`)}`)])}
      from k where k.title_key is not null`;
  }

  /**
   * The stored positions and gaps of every organization, each as one text
   * (its lines in no particular order; `positionLine` and `gapLine` say how
   * a row is written): the full recomputation compares their digests
   * (`LineDigest`, which does not depend on the lines' order) with those of
   * what it computed and rewrites only the organizations that differ.
   * `db`: where to read (on PostgreSQL the pool, both queries at once on
   * two connections; on one connection they run in turn).
   */
  async storedResultTexts(db: Kysely<DB> = this.db): Promise<StoredResultTexts> {
    const [p, g] = await Promise.all(this.storedResultQueries().map((q) => q.execute(db)));
    return { positions: new Map(p!.rows.map((r) => [r.org_id, r.t])), gaps: new Map(g!.rows.map((r) => [r.org_id, r.t])) };
  }

  /**
   * Where to read committed data beside this repository's transaction, so
   * that reads run at once: `pool` on PostgreSQL (its connections), this
   * transaction on SQLite (one connection: reads run in turn).
   */
  beside(pool: Kysely<DB>): Kysely<DB> {
    return this.pg ? pool : this.db;
  }

  /**
   * The stored positions and gaps of every organization, to check what a
   * full recomputation derived against (`StoredResults`), read beside this
   * repository's transaction so that the caller computes meanwhile: each
   * organization's lines as one text per table, and of each text only its
   * digest (`LineDigest`: two 32-bit lanes summed over the lines, and their
   * number) is kept. On SQLite the reading worker reads and digests the
   * texts after what the recomputation needs first (`sqliteAside`), so only
   * the digests cross over; on PostgreSQL the texts come from other
   * connections of `pool` and are digested here (an in-memory SQLite
   * database reads in line). A derived organization is then checked by
   * digesting its lines as they come (`orgResultLines`), which, with the
   * recurring fields' digests kept, costs a few operations per field where
   * comparing the characters in place cost a call per field (~0.1 µs each,
   * millions of fields on the issue's estate). Both see what was last
   * committed: call it before this transaction writes the results (the
   * compliance lock keeps other writers of them out).
   */
  async storedResultsAside(pool: Kysely<DB>): Promise<StoredResults> {
    type Digests = [string, number, number, number][];
    const here = (t: StoredResultTexts): Digests[] => [digestTexts([...t.positions]), digestTexts([...t.gaps])];
    const digests = this.pg
      ? here(await this.storedResultTexts(pool))
      : ((await this.sqliteAside(this.storedResultQueries(), ASIDE_PRIORITY.storedResults, 'digests')) as Digests[] | null) ?? here(await this.storedResultTexts());
    return digestResults(digests[0]!, digests[1]!);
  }

  /** The SQLite file the reading worker opens; null on PostgreSQL or for an in-memory database. */
  private async sqliteFile(): Promise<string | null> {
    if (this.pg) return null;
    return (await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(this.db)).rows[0]?.file || null;
  }

  /**
   * On SQLite, runs read-only queries on a worker thread's own connection
   * to the file (`readAside`) and resolves with each one's rows `as`
   * arrays, objects, or the digests of rows [org_id, text] (`digestTexts`
   * on the worker's thread: [org_id, lane a, lane b, lines] per row): the
   * calling thread computes meanwhile. Null when that cannot be done
   * (PostgreSQL, an in-memory database, no worker): the caller reads in
   * line. The worker sees what was last committed.
   */
  private async sqliteAside(queries: readonly { compile(executor: Kysely<DB>): CompiledQuery }[], priority: number, as: 'arrays' | 'objects' | 'digests' = 'arrays'): Promise<unknown[][][] | null> {
    const file = await this.sqliteFile();
    if (!file) return null;
    try {
      return await Promise.all(queries.map((q) => q.compile(this.db)).map((q) => readAside(file, { sql: q.sql, parameters: [...q.parameters], objects: as === 'objects', digest: as === 'digests' }, priority)));
    } catch {
      return null;
    }
  }

  /**
   * On SQLite, the install texts of some organizations (a devices query and
   * an installs query, see licensedInstallColumns) read and parsed by the
   * reading worker (`parseInstallTexts` on its thread): null when a value
   * held a separator, undefined when there is no worker (the caller reads
   * in line).
   */
  private async parsedAside(queries: readonly { compile(executor: Kysely<DB>): CompiledQuery }[], priority: number): Promise<ParsedInstallTexts | null | undefined> {
    const file = await this.sqliteFile();
    if (!file) return undefined;
    const [devices, installs] = queries.map((q) => q.compile(this.db)).map((q) => ({ sql: q.sql, parameters: [...q.parameters] }));
    try {
      return (await readAside(file, { sql: '', parameters: [], objects: false, parse: { devices: devices!, installs: installs! } }, priority)) as unknown as ParsedInstallTexts | null;
    } catch {
      return undefined;
    }
  }

  /**
   * A query's rows; with `aside`, on SQLite read by the reading worker
   * after what the full recomputation needs first (`sqliteAside`: what was
   * last committed), while this thread allocates.
   */
  private async rowsAside<T>(q: { compile(): CompiledQuery; execute(): Promise<T[]> }, opts: AsideOptions): Promise<T[]> {
    const aside = opts.aside ? await this.sqliteAside([q], ASIDE_PRIORITY.storedFigures, 'objects') : null;
    return aside ? (aside[0] as T[]) : q.execute();
  }

  /**
   * The two queries of `storedResultTexts`: each organization's lines
   * joined in the order the aggregation meets them (on SQLite and with a
   * PostgreSQL plan walking the primary key, that order; the digests do not
   * depend on it, so no sort is asked for).
   */
  private storedResultQueries() {
    const optNum = (col: string) => sql`coalesce(cast(${sql.ref(col)} as text), ${'-'})`;
    const micro = (col: string) => sql`coalesce(cast(cast(round(${sql.ref(col)} * 1000000) as bigint) as text), ${'-'})`;
    const posFields = [
      sql.ref('product_key'),
      ...['installs', 'covered_installs', 'installed_devices', 'users'].map((x) => sql`cast(${sql.ref(x)} as text)`),
      optNum('entitled'),
      ...['unlimited', 'entitled_limited', 'consumed', 'shortfall'].map((x) => sql`cast(${sql.ref(x)} as text)`),
      optNum('surplus'),
      micro('unit_price'),
      sql`coalesce(${'='} || currency, ${'-'})`,
      micro('shortfall_cost'),
      sql.ref('categories'),
    ];
    const gapFields = [sql.ref('product_key'), sql.ref('device_id'), sql`cast(uncovered as text)`, sql.ref('reason')];
    // PostgreSQL joins a line's fields in one call (no value is null); SQLite with || (its concat_ws writes reals its own way).
    const line = (fields: RawBuilder<unknown>[]) => (this.pg ? sql`concat_ws(${F}, ${sql.join(fields)})` : sql.join(fields, sql`|| ${F} ||`));
    const pos = line(posFields);
    const gap = line(gapFields);
    return [
      sql<{ org_id: string; t: string }>`select org_id, string_agg(${pos}, ${R}) as t from compliance_positions group by org_id`,
      sql<{ org_id: string; t: string }>`select org_id, string_agg(${gap}, ${R}) as t from compliance_gaps group by org_id`,
    ];
  }

  /** The trend rows of some subjects on a day. */
  async trendRowsOf(day: string, subjects: readonly string[]): Promise<TrendRow[]> {
    const out: TrendRow[] = [];
    for (let i = 0; i < subjects.length; i += BATCH) out.push(...(await this.db.selectFrom('compliance_trend').selectAll().where('day', '=', day).where('subject', 'in', subjects.slice(i, i + BATCH)).execute()));
    return out;
  }

  /** `aside`: see `rowsAside`. */
  async trendOfDay(day: string, opts: AsideOptions = {}): Promise<TrendRow[]> {
    return this.rowsAside(this.db.selectFrom('compliance_trend').selectAll().where('day', '=', day), opts);
  }

  /** Deletes the stored positions and gaps of some organizations (all of them: `all`). */
  async deleteResultsOfOrgs(orgIds: readonly string[] | 'all'): Promise<void> {
    if (orgIds === 'all') {
      await this.db.deleteFrom('compliance_positions').execute();
      await this.db.deleteFrom('compliance_gaps').execute();
      return;
    }
    for (let i = 0; i < orgIds.length; i += BATCH) {
      const part = orgIds.slice(i, i + BATCH);
      await this.db.deleteFrom('compliance_positions').where('org_id', 'in', part).execute();
      await this.db.deleteFrom('compliance_gaps').where('org_id', 'in', part).execute();
    }
  }

  /** Inserts rows of positions, gaps, usage (after their old rows were deleted). */
  async insertResults(r: { positions: readonly PositionRow[]; gaps: readonly GapRow[]; usage: readonly UsageRow[] }): Promise<void> {
    await this.bulk('compliance_positions', POSITION_COLUMNS, r.positions.map((p) => rowOf(POSITION_COLUMNS, p)));
    await this.bulk('compliance_gaps', GAP_COLUMNS, r.gaps.map((g) => rowOf(GAP_COLUMNS, g)));
    await this.bulk('compliance_usage', USAGE_COLUMNS, r.usage.map((u) => rowOf(USAGE_COLUMNS, u)));
  }

  async deleteUsage(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH) await this.db.deleteFrom('compliance_usage').where('entitlement_id', 'in', ids.slice(i, i + BATCH)).execute();
  }

  /** Replaces the trend rows of some subjects on a day; `drop`: subjects whose row of the day goes. */
  async replaceTrendRows(day: string, rows: readonly TrendRow[], drop: readonly string[]): Promise<void> {
    // A refresh's few rows of the day: each replaces its subject's in one statement (an upsert).
    if (drop.length === 0 && rows.length > 0 && rows.length <= UPSERT_BATCH && rows.every((r) => r.day === day)) return this.upsert('compliance_trend', TREND_COLUMNS, ['subject', 'day'], rows.map((r) => rowOf(TREND_COLUMNS, r)));
    const subjects = [...rows.map((r) => r.subject), ...drop];
    for (let i = 0; i < subjects.length; i += BATCH) await this.db.deleteFrom('compliance_trend').where('day', '=', day).where('subject', 'in', subjects.slice(i, i + BATCH)).execute();
    const data = rows.map((r) => rowOf(TREND_COLUMNS, r));
    if (this.database) await this.database.bulkInsert(this.db as never, 'compliance_trend', [...TREND_COLUMNS], data);
    else for (const r of rows) await this.db.insertInto('compliance_trend').values(r).execute();
  }

  /** Inserts rows, each replacing the row of its key (both databases: `on conflict … do update`). */
  private async upsert(table: 'compliance_orgs' | 'compliance_trend', cols: readonly string[], key: readonly string[], rows: readonly unknown[][]): Promise<void> {
    const set = cols.filter((c) => !key.includes(c)).map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`);
    await sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) values ${sql.join(rows.map((row) => sql`(${sql.join(row)})`))}
      on conflict (${sql.join(key.map((c) => sql.ref(c)))}) do update set ${sql.join(set)}`.execute(this.db);
  }

  private async bulk(table: 'compliance_positions' | 'compliance_gaps' | 'compliance_usage', cols: readonly string[], rows: unknown[][]): Promise<void> {
    if (this.database) await this.database.bulkInsert(this.db as never, table, [...cols], rows);
    else for (let i = 0; i < rows.length; i += 100) await sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) values ${sql.join(rows.slice(i, i + 100).map((row) => sql`(${sql.join(row)})`))}`.execute(this.db);
  }

  // ——— stored results ———

  async allPositions(): Promise<PositionRow[]> {
    return this.db.selectFrom('compliance_positions').selectAll().orderBy('org_id').orderBy('product_key').execute();
  }

  async groupKeys(): Promise<{ org_id: string; product_key: string }[]> {
    return this.db.selectFrom('compliance_positions').select(['org_id', 'product_key']).execute();
  }

  async positionsOfOrgs(orgIds: readonly string[]): Promise<PositionRow[]> {
    const out: PositionRow[] = [];
    for (let i = 0; i < orgIds.length; i += BATCH) out.push(...(await this.db.selectFrom('compliance_positions').selectAll().where('org_id', 'in', orgIds.slice(i, i + BATCH)).execute()));
    return out;
  }

  private byOrg(groups: readonly { orgId: string; productKey: string }[]): Map<string, string[]> {
    const m = new Map<string, string[]>();
    for (const g of groups) (m.get(g.orgId) ?? m.set(g.orgId, []).get(g.orgId)!).push(g.productKey);
    return m;
  }

  async positionsOfGroups(groups: readonly { orgId: string; productKey: string }[]): Promise<PositionRow[]> {
    return this.ofGroups('compliance_positions', groups) as Promise<PositionRow[]>;
  }

  async gapsOfGroups(groups: readonly { orgId: string; productKey: string }[]): Promise<GapRow[]> {
    return this.ofGroups('compliance_gaps', groups) as Promise<GapRow[]>;
  }

  /** Rows of some organization × product groups (`groupValues`: one statement per thousand groups). */
  private async ofGroups(table: 'compliance_positions' | 'compliance_gaps', groups: readonly { orgId: string; productKey: string }[]): Promise<(PositionRow | GapRow)[]> {
    const out: (PositionRow | GapRow)[] = [];
    for (const v of groupValues(groups)) out.push(...(await sql<PositionRow | GapRow>`select t.* from ${sql.table(table)} as t join ${v} as v on t.org_id = v.column1 and t.product_key = v.column2`.execute(this.db)).rows);
    return out;
  }

  async positionsPage(orgId: string, f: { q?: string | undefined; shortfall?: boolean | undefined; productKeys?: string[] | undefined }, page: { offset: number; limit: number }): Promise<{ rows: (PositionRow & { rec_product: string | null; rec_publisher: string | null; category_name: string | null })[]; total: number }> {
    let q = this.db.selectFrom('compliance_positions as p').where('p.org_id', '=', orgId);
    if (f.q) q = q.where(containsAny(['p.product_key'], f.q));
    if (f.shortfall === true) q = q.where('p.shortfall', '>', 0);
    if (f.shortfall === false) q = q.where('p.shortfall', '=', 0);
    if (f.productKeys) q = f.productKeys.length ? q.where('p.product_key', 'in', f.productKeys) : q.where(sql<boolean>`1 = 0`);
    const rows = await q
      .selectAll('p')
      .select((eb) => [
        eb.selectFrom('software_titles as t').whereRef('t.product_key', '=', 'p.product_key').select('t.rec_product').limit(1).as('rec_product'),
        eb.selectFrom('software_titles as t').whereRef('t.product_key', '=', 'p.product_key').select('t.rec_publisher').limit(1).as('rec_publisher'),
        eb.selectFrom('software_titles as t').whereRef('t.product_key', '=', 'p.product_key').select('t.category').limit(1).as('category_name'),
      ])
      .orderBy('p.shortfall', 'desc')
      .orderBy('p.installs', 'desc')
      .orderBy('p.product_key')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
    const n = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return { rows, total: Number(n?.n ?? 0) };
  }

  async findPosition(orgId: string, productKey: string): Promise<PositionRow | undefined> {
    return this.db.selectFrom('compliance_positions').selectAll().where('org_id', '=', orgId).where('product_key', '=', productKey).executeTakeFirst();
  }

  /** The use of some entitlements (a pool's: hundreds, read in one statement per two thousand, not in round trips of `BATCH`). */
  async usageOf(ids: readonly string[]): Promise<UsageRow[]> {
    const out: UsageRow[] = [];
    for (let i = 0; i < ids.length; i += 2000) out.push(...(await this.db.selectFrom('compliance_usage').selectAll().where('entitlement_id', 'in', ids.slice(i, i + 2000)).execute()));
    return out;
  }

  /** `aside`: see `rowsAside`. */
  async allUsage(opts: AsideOptions = {}): Promise<UsageRow[]> {
    return this.rowsAside(this.db.selectFrom('compliance_usage').selectAll().orderBy('entitlement_id'), opts);
  }

  async gapsOfOrgs(orgIds: readonly string[]): Promise<GapRow[]> {
    const out: GapRow[] = [];
    for (let i = 0; i < orgIds.length; i += BATCH) out.push(...(await this.db.selectFrom('compliance_gaps').selectAll().where('org_id', 'in', orgIds.slice(i, i + BATCH)).execute()));
    return out;
  }

  /** Distinct devices with a gap, per organization. */
  async gapDeviceCounts(orgIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < orgIds.length; i += BATCH) {
      const rows = await this.db.selectFrom('compliance_gaps').select(['org_id', sql<number>`count(distinct device_id)`.as('n')]).where('org_id', 'in', orgIds.slice(i, i + BATCH)).groupBy('org_id').execute();
      for (const r of rows) out.set(r.org_id, Number(r.n));
    }
    return out;
  }

  async allGaps(): Promise<GapRow[]> {
    return this.db.selectFrom('compliance_gaps').selectAll().orderBy('org_id').orderBy('product_key').orderBy('device_id').execute();
  }

  async gapsOf(orgId: string, productKey: string): Promise<GapRow[]> {
    return this.db.selectFrom('compliance_gaps').selectAll().where('org_id', '=', orgId).where('product_key', '=', productKey).orderBy('device_id').execute();
  }

  /** `aside`: see `rowsAside`. */
  async allOrgFigures(opts: AsideOptions = {}): Promise<OrgFiguresRow[]> {
    return this.rowsAside(this.db.selectFrom('compliance_orgs').selectAll().orderBy('org_id'), opts);
  }

  async orgFigures(orgId: string): Promise<OrgFiguresRow | undefined> {
    return this.db.selectFrom('compliance_orgs').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  }

  /** Sums of the trend figures over the organizations of each region node's subtree (000000: all), as trend rows of `day`. */
  async regionTrendRows(codes: readonly string[], day: string): Promise<TrendRow[]> {
    if (codes.length === 0) return [];
    // One pass: the sums per region code, then each node adds the codes under its prefix.
    const sums = await this.db
      .selectFrom('compliance_orgs')
      .select(['region_code', ...TREND_SUMS.map((k) => sql<number>`coalesce(sum(${sql.ref(k)}), 0)`.as(k))])
      .groupBy('region_code')
      .execute();
    return codes.map((code) => {
      const prefix = code === '000000' ? '' : code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code;
      const row = { subject: `R:${code}`, day } as TrendRow;
      for (const k of TREND_SUMS) row[k] = 0;
      for (const r of sums) if (r.region_code.startsWith(prefix)) for (const k of TREND_SUMS) row[k] += Number((r as Record<string, unknown>)[k]);
      return row;
    });
  }

  async orgFiguresOf(orgIds: readonly string[]): Promise<OrgFiguresRow[]> {
    const out: OrgFiguresRow[] = [];
    for (let i = 0; i < orgIds.length; i += BATCH) out.push(...(await this.db.selectFrom('compliance_orgs').selectAll().where('org_id', 'in', orgIds.slice(i, i + BATCH)).execute()));
    return out;
  }

  /** Replaces the stored results of some groups / entitlements / organizations (incremental), or all of them (`all`). */
  async replaceResults(
    r: {
      groups: readonly { orgId: string; productKey: string }[] | 'all';
      positions: readonly PositionRow[];
      gaps: readonly GapRow[];
      entitlementIds: readonly string[] | 'all';
      usage: readonly UsageRow[];
    },
  ): Promise<void> {
    const bulk = async (table: 'compliance_positions' | 'compliance_gaps' | 'compliance_usage', cols: readonly string[], rows: unknown[][]) => {
      if (this.database) await this.database.bulkInsert(this.db as never, table, [...cols], rows);
      else for (let i = 0; i < rows.length; i += 100) await sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) values ${sql.join(rows.slice(i, i + 100).map((row) => sql`(${sql.join(row)})`))}`.execute(this.db);
    };
    if (this.pg && r.groups !== 'all' && r.entitlementIds !== 'all' && (await this.replaceResultsPg(r.groups, r.entitlementIds, r))) return;
    if (r.groups === 'all') {
      await this.db.deleteFrom('compliance_positions').execute();
      await this.db.deleteFrom('compliance_gaps').execute();
    } else {
      // One statement per table (per thousand groups), whatever organizations and products the pool spans.
      for (const v of groupValues(r.groups)) {
        for (const table of ['compliance_positions', 'compliance_gaps'] as const) await sql`delete from ${sql.table(table)} where (org_id, product_key) in (select column1, column2 from ${v} as v)`.execute(this.db);
      }
    }
    if (r.entitlementIds === 'all') await this.db.deleteFrom('compliance_usage').execute();
    else for (let i = 0; i < r.entitlementIds.length; i += BATCH) await this.db.deleteFrom('compliance_usage').where('entitlement_id', 'in', r.entitlementIds.slice(i, i + BATCH)).execute();
    await bulk('compliance_positions', POSITION_COLUMNS, r.positions.map((p) => rowOf(POSITION_COLUMNS, p)));
    await bulk('compliance_gaps', GAP_COLUMNS, r.gaps.map((g) => rowOf(GAP_COLUMNS, g)));
    await bulk('compliance_usage', USAGE_COLUMNS, r.usage.map((u) => rowOf(USAGE_COLUMNS, u)));
  }

  /**
   * `replaceResults` of a refresh on PostgreSQL in two statements, whatever
   * it touches: the deletes of the three tables in one, the inserts in
   * another (data-modifying WITH clauses; a table is never deleted from and
   * inserted into by one statement). A refresh's round trips are most of
   * its time on a busy server. False, doing nothing, when the rows are too
   * many for one statement's parameters (the caller goes the long way).
   */
  private async replaceResultsPg(groups: readonly { orgId: string; productKey: string }[], entitlementIds: readonly string[], r: { positions: readonly PositionRow[]; gaps: readonly GapRow[]; usage: readonly UsageRow[] }): Promise<boolean> {
    const values = groupValues(groups);
    const params = groups.length * 2 + entitlementIds.length + r.positions.length * POSITION_COLUMNS.length + r.gaps.length * GAP_COLUMNS.length + r.usage.length * USAGE_COLUMNS.length;
    if (values.length > 1 || params > 30_000) return false;
    const inValues = values[0] ? sql`(org_id, product_key) in (select column1, column2 from ${values[0]} as v)` : null;
    const deletes = [
      ...(inValues ? [sql`delete from compliance_positions where ${inValues}`, sql`delete from compliance_gaps where ${inValues}`] : []),
      ...(entitlementIds.length ? [sql`delete from compliance_usage where entitlement_id in (${sql.join(entitlementIds)})`] : []),
    ];
    const insert = (table: string, cols: readonly string[], rows: unknown[][]) => sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) values ${sql.join(rows.map((row) => sql`(${sql.join(row)})`))}`;
    const inserts = [
      ...(r.positions.length ? [insert('compliance_positions', POSITION_COLUMNS, r.positions.map((x) => rowOf(POSITION_COLUMNS, x)))] : []),
      ...(r.gaps.length ? [insert('compliance_gaps', GAP_COLUMNS, r.gaps.map((x) => rowOf(GAP_COLUMNS, x)))] : []),
      ...(r.usage.length ? [insert('compliance_usage', USAGE_COLUMNS, r.usage.map((x) => rowOf(USAGE_COLUMNS, x)))] : []),
    ];
    for (const parts of [deletes, inserts]) {
      if (parts.length === 0) continue;
      await sql`with ${sql.join(parts.map((q, i) => sql`${sql.raw(`w${i}`)} as (${q})`))} select 1`.execute(this.db);
    }
    return true;
  }

  async replaceOrgFigures(rows: readonly OrgFiguresRow[], all: boolean): Promise<void> {
    // A refresh's few organizations: each row replaces its organization's in one statement (an upsert), not a delete and an insert.
    if (!all && rows.length > 0 && rows.length <= UPSERT_BATCH) return this.upsert('compliance_orgs', ORG_COLUMNS, ['org_id'], rows.map((r) => rowOf(ORG_COLUMNS, r)));
    if (all) await this.db.deleteFrom('compliance_orgs').execute();
    else for (let i = 0; i < rows.length; i += BATCH) await this.db.deleteFrom('compliance_orgs').where('org_id', 'in', rows.slice(i, i + BATCH).map((r) => r.org_id)).execute();
    const data = rows.map((r) => rowOf(ORG_COLUMNS, r));
    if (this.database) await this.database.bulkInsert(this.db as never, 'compliance_orgs', [...ORG_COLUMNS], data);
    else for (const r of rows) await this.db.insertInto('compliance_orgs').values(r).execute();
  }

  async deleteOrgFigures(orgIds: readonly string[]): Promise<void> {
    for (let i = 0; i < orgIds.length; i += BATCH) await this.db.deleteFrom('compliance_orgs').where('org_id', 'in', orgIds.slice(i, i + BATCH)).execute();
  }

  async upsertTrend(rows: readonly TrendRow[]): Promise<void> {
    for (const r of rows) {
      await this.db
        .insertInto('compliance_trend')
        .values(r)
        .onConflict((oc) => oc.columns(['subject', 'day']).doUpdateSet({ overall_req: r.overall_req, overall_cov: r.overall_cov, programme_req: r.programme_req, programme_cov: r.programme_cov, os_req: r.os_req, os_cov: r.os_cov, office_req: r.office_req, office_cov: r.office_cov, security_req: r.security_req, security_cov: r.security_cov, devices: r.devices, compliant_devices: r.compliant_devices }))
        .execute();
    }
  }

  async replaceTrendDay(day: string, rows: readonly TrendRow[]): Promise<void> {
    await this.db.deleteFrom('compliance_trend').where('day', '=', day).execute();
    const data = rows.map((r) => rowOf(TREND_COLUMNS, r));
    if (this.database) await this.database.bulkInsert(this.db as never, 'compliance_trend', [...TREND_COLUMNS], data);
    else for (const r of rows) await this.db.insertInto('compliance_trend').values(r).execute();
  }

  async trend(subject: string, fromDay: string): Promise<TrendRow[]> {
    return this.db.selectFrom('compliance_trend').selectAll().where('subject', '=', subject).where('day', '>=', fromDay).orderBy('day').execute();
  }

  async state(): Promise<{ day: string; computed_at: string; full_at: string | null } | undefined> {
    return this.db.selectFrom('compliance_state').select(['day', 'computed_at', 'full_at']).where('id', '=', 1).executeTakeFirst();
  }

  /** One statement: the row is written the first time, updated after. */
  async setState(day: string, at: string, full: boolean): Promise<void> {
    await this.db
      .insertInto('compliance_state')
      .values({ id: 1, day, computed_at: at, full_at: full ? at : null })
      .onConflict((oc) => oc.column('id').doUpdateSet(full ? { day, computed_at: at, full_at: at } : { day, computed_at: at }))
      .execute();
  }

  // ——— names and device lists for the drill-down ———

  async orgNames(ids: readonly string[]): Promise<{ id: string; name: string }[]> {
    const out: { id: string; name: string }[] = [];
    for (let i = 0; i < ids.length; i += BATCH) out.push(...(await this.db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', ids.slice(i, i + BATCH)).execute()));
    return out;
  }

  async deviceNames(orgId: string): Promise<Map<string, string | null>> {
    const rows = await this.db.selectFrom('devices').select(['id', 'name']).where('org_id', '=', orgId).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async activeDevices(orgId: string) {
    return this.db.selectFrom('devices').select(['id', 'name', 'os_name', 'last_user', 'software_count', 'last_seen_at']).where('org_id', '=', orgId).where('status', '=', 'active').execute();
  }

  /** Installs that need a licence per device of an organization. */
  async requiredByDevice(orgId: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('licensed_installs')
      .select(['device_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('org_id', '=', orgId)
      .groupBy('device_id')
      .execute();
    return new Map(rows.map((r) => [r.device_id, Number(r.n)]));
  }

  async titlesByKeys(keys: readonly string[]) {
    const out = [];
    for (let i = 0; i < keys.length; i += BATCH) out.push(...(await this.db.selectFrom('software_titles').select(['title_key', 'name', 'version', 'rec_edition']).where('title_key', 'in', keys.slice(i, i + BATCH)).execute()));
    return out;
  }

  /**
   * Free or domestic products of the category of `productKey`, the ones on
   * most of the organization's devices first: what a shortfall could be
   * replaced with. `devices`: the organization's devices that have one
   * (its own devices' software is read, never the whole estate's).
   */
  async alternativesFor(orgId: string, productKey: string, limit: number) {
    const cat = await this.db.selectFrom('software_titles').select('category').where('product_key', '=', productKey).where('category', 'is not', null).limit(1).executeTakeFirst();
    if (!cat?.category) return [];
    const candidates = sql<boolean>`t.category = ${cat.category} and t.product_key is not null and t.product_key <> ${productKey} and (t.requires_licence = 0 or t.domestic = 1)`;
    const products = await this.db
      .selectFrom('software_titles as t')
      .select(['t.product_key', (eb) => eb.fn.max('t.rec_product').as('rec_product'), (eb) => eb.fn.max('t.licence_class').as('licence_class'), (eb) => eb.fn.max('t.domestic').as('domestic')])
      .where(candidates)
      .groupBy('t.product_key')
      .execute();
    if (products.length === 0) return [];
    const counts = await installsFrom(this.db)
      .where('s.org_id', '=', orgId)
      .where(candidates)
      .select(['t.product_key', (eb) => eb.fn.count<number>('s.device_id').distinct().as('n')])
      .groupBy('t.product_key')
      .execute();
    const devices = new Map(counts.map((c) => [c.product_key, Number(c.n)]));
    return products
      .map((p) => ({ product_key: p.product_key!, rec_product: p.rec_product, licence_class: p.licence_class, domestic: p.domestic === null ? null : Number(p.domestic), devices: devices.get(p.product_key) ?? 0 }))
      .sort((a, b) => b.devices - a.devices || (a.product_key < b.product_key ? -1 : a.product_key > b.product_key ? 1 : 0))
      .slice(0, limit);
  }

  // ——— rectification tasks ———

  private taskViews() {
    return this.db
      .selectFrom('rectification_tasks as k')
      .innerJoin('organizations as o', 'o.id', 'k.org_id')
      .leftJoin('users as u', 'u.id', 'k.assignee_id')
      .selectAll('k')
      .select(['o.name as org_name', 'o.region_code as org_region_code', 'o.path as org_path', 'u.display_name as assignee_name']);
  }

  async listTasks(scope: ScopeFilter, f: { orgId?: string | undefined; status?: string | undefined; overdueBefore?: string | undefined }, page: { offset: number; limit: number }): Promise<{ rows: TaskView[]; total: number }> {
    let q = this.taskViews().where((eb) => scopeWhere(eb, scope, { region: 'o.region_code', path: 'o.path' }));
    if (f.orgId) q = q.where('k.org_id', '=', f.orgId);
    if (f.status) q = q.where('k.status', '=', f.status);
    if (f.overdueBefore) q = q.where('k.status', '=', 'open').where('k.due_date', '<', f.overdueBefore);
    const rows = await q.orderBy('k.due_date').orderBy('k.id').offset(page.offset).limit(page.limit).execute();
    const n = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return { rows, total: Number(n?.n ?? 0) };
  }

  async findTask(id: string): Promise<TaskView | undefined> {
    return this.taskViews().where('k.id', '=', id).executeTakeFirst();
  }

  async insertTask(row: TaskRow): Promise<void> {
    await this.db.insertInto('rectification_tasks').values(row).execute();
  }

  async updateTask(id: string, patch: Partial<TaskRow>): Promise<void> {
    await this.db.updateTable('rectification_tasks').set(patch).where('id', '=', id).execute();
  }

  async openTasksOf(groups: readonly { orgId: string; productKey: string }[] | 'all'): Promise<TaskRow[]> {
    const q = this.db.selectFrom('rectification_tasks').selectAll().where('status', '=', 'open');
    if (groups === 'all') return q.execute();
    const orgIds = [...new Set(groups.map((g) => g.orgId))];
    const want = new Set(groups.map((g) => `${g.orgId}\u0000${g.productKey}`));
    const out: TaskRow[] = [];
    for (let i = 0; i < orgIds.length; i += BATCH) out.push(...(await q.where('org_id', 'in', orgIds.slice(i, i + BATCH)).execute()));
    return out.filter((t) => want.has(`${t.org_id}\u0000${t.product_key}`));
  }

  async taskCounts(orgId: string, today: string): Promise<{ open: number; overdue: number }> {
    const r = await this.db
      .selectFrom('rectification_tasks')
      .select([sql<number>`count(*)`.as('open'), sql<number>`sum(case when due_date < ${today} then 1 else 0 end)`.as('overdue')])
      .where('org_id', '=', orgId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return { open: Number(r?.open ?? 0), overdue: Number(r?.overdue ?? 0) };
  }
}


/** The title facts of a licensed install (what recognition made of it, copied into licensed_installs). */
export interface LicensedTitle {
  productKey: string;
  edition: string | null;
  majorRelease: string | null;
  release: string | null;
  category: string | null;
  licenceClass: string;
}

/** A title key of licensed_installs with the recognition copied with it. */
type TitleRecognition = Pick<LicensedInstallsTable, 'title_key' | 'product_key' | 'edition' | 'major' | 'rel' | 'category' | 'licence_class'>;

/** Licensed installs of active devices as columns over dictionaries (see `LicensingRepository.licensedInstallColumns`). */
export interface LicensedInstallColumns {
  count: number;
  /** per install: index in `orgIds`, in the device arrays, in `titles` */
  org: Int32Array;
  device: Int32Array;
  title: Int32Array;
  orgIds: string[];
  /** per device (one per organization × device id): id, serial, last user */
  deviceIds: string[];
  deviceSerials: (string | null)[];
  deviceUsers: (string | null)[];
  titles: LicensedTitle[];
}

/** What makes two titles one for the allocation: their recognition, field by field (null apart from ''). */
function titleIdentity(t: LicensedTitle): string {
  return [t.productKey, t.edition, t.majorRelease, t.release, t.category, t.licenceClass].map((x) => (x === null ? '' : `=${x}`)).join(F);
}

/** Builds `LicensedInstallColumns` from rows or from the per-organization texts. */
class InstallColumnsBuilder {
  private org: number[] = [];
  private dev: number[] = [];
  private tit: number[] = [];
  private orgIds: string[] = [];
  private orgNum = new Map<string, number>();
  private devicesOf: Map<string, number>[] = [];
  private deviceIds: string[] = [];
  private deviceSerials: (string | null)[] = [];
  private deviceUsers: (string | null)[] = [];
  private titles: LicensedTitle[] = [];
  private titleNum = new Map<string, number>();

  private orgCode(orgId: string): number {
    let o = this.orgNum.get(orgId);
    if (o === undefined) {
      this.orgNum.set(orgId, (o = this.orgIds.push(orgId) - 1));
      this.devicesOf.push(new Map());
    }
    return o;
  }

  device(orgId: string, id: string, serial: string | null, user: string | null): void {
    const m = this.devicesOf[this.orgCode(orgId)]!;
    if (m.has(id)) return;
    m.set(id, this.deviceIds.push(id) - 1);
    this.deviceSerials.push(serial);
    this.deviceUsers.push(user);
  }

  /** One install; skipped when its device is not active (not given to `device`). */
  install(orgId: string, deviceId: string, t: LicensedTitle): void {
    const o = this.orgCode(orgId);
    const d = this.devicesOf[o]!.get(deviceId);
    if (d === undefined) return;
    const key = titleIdentity(t);
    let c = this.titleNum.get(key);
    if (c === undefined) this.titleNum.set(key, (c = this.titles.push(t) - 1));
    this.org.push(o);
    this.dev.push(d);
    this.tit.push(c);
  }

  /** Title keys of the parsed texts (`parsed`), numbered in the order they come (`recognise` turns them into titles). */
  private keyNum = new Map<string, number>();
  private keys: string[] = [];
  /** The parsed texts, with where their organizations, devices and keys went. */
  private parts: { p: ParsedInstallTexts; orgMap: Int32Array; devBase: number; keyMap: Int32Array }[] = [];
  /** Per key number: its title number (`recognise`). */
  private titleOfKey: Int32Array | null = null;

  /**
   * The columns of some organizations' texts (`parseInstallTexts`), none of
   * them given before: their organizations and devices are appended, their
   * title keys numbered among the others; their installs join the columns
   * once `recognise` has made titles of the keys.
   */
  parsed(p: ParsedInstallTexts): void {
    if (this.org.length > 0) throw new Error('parsed texts after installs given one by one');
    const orgMap = new Int32Array(p.orgIds.length);
    p.orgIds.forEach((id, i) => (orgMap[i] = this.orgCode(id)));
    const devBase = this.deviceIds.length;
    for (let i = 0; i < p.deviceIds.length; i++) {
      this.deviceIds.push(p.deviceIds[i]!);
      this.deviceSerials.push(p.deviceSerials[i]!);
      this.deviceUsers.push(p.deviceUsers[i]!);
    }
    const keyMap = new Int32Array(p.keys.length);
    p.keys.forEach((k, i) => {
      let c = this.keyNum.get(k);
      if (c === undefined) this.keyNum.set(k, (c = this.keys.push(k) - 1));
      keyMap[i] = c;
    });
    this.parts.push({ p, orgMap, devBase, keyMap });
  }

  /**
   * Turns the title keys of the parsed texts into titles, given what each key
   * is recognised as. False when a key has no single recognition (two
   * rows, or none): the caller reads rows instead.
   */
  recognise(rows: readonly TitleRecognition[]): boolean {
    const byKey = new Map<string, LicensedTitle>();
    for (const r of rows) {
      if (byKey.has(r.title_key)) return false;
      byKey.set(r.title_key, { productKey: r.product_key, edition: r.edition, majorRelease: r.major, release: r.rel, category: r.category, licenceClass: r.licence_class ?? 'commercial' });
    }
    // Titles with the same recognition are one title, as when installs are given one by one (`install`).
    const code = new Int32Array(this.keys.length);
    for (let k = 0; k < this.keys.length; k++) {
      const t = byKey.get(this.keys[k]!);
      if (!t) return false;
      const tk = titleIdentity(t);
      let c = this.titleNum.get(tk);
      if (c === undefined) this.titleNum.set(tk, (c = this.titles.push(t) - 1));
      code[k] = c;
    }
    this.titleOfKey = code;
    return true;
  }

  done(): LicensedInstallColumns {
    let count = this.org.length;
    if (this.parts.length && !this.titleOfKey) throw new Error('parsed texts not recognised');
    for (const x of this.parts) count += x.p.count;
    const org = new Int32Array(count);
    const device = new Int32Array(count);
    const title = new Int32Array(count);
    for (let r = 0; r < this.org.length; r++) (org[r] = this.org[r]!), (device[r] = this.dev[r]!), (title[r] = this.tit[r]!);
    let at = this.org.length;
    for (const { p, orgMap, devBase, keyMap } of this.parts) {
      const code = this.titleOfKey!;
      for (let r = 0; r < p.count; r++, at++) {
        org[at] = orgMap[p.org[r]!]!;
        device[at] = devBase + p.device[r]!;
        title[at] = code[keyMap[p.key[r]!]!]!;
      }
    }
    return {
      count,
      org,
      device,
      title,
      orgIds: this.orgIds,
      deviceIds: this.deviceIds,
      deviceSerials: this.deviceSerials,
      deviceUsers: this.deviceUsers,
      titles: this.titles,
    };
  }
}

/** A stored or computed position as a line of `storedResultTexts` (numbers as the database writes them; prices in millionths). */
export function positionLine(p: PositionRow): string {
  return `${p.product_key}${F}${p.installs}${F}${p.covered_installs}${F}${p.installed_devices}${F}${p.users}${F}${optText(p.entitled)}${F}${p.unlimited}${F}${p.entitled_limited}${F}${p.consumed}${F}${p.shortfall}${F}${optText(p.surplus)}${F}${microText(p.unit_price)}${F}${p.currency === null ? '-' : `=${p.currency}`}${F}${microText(p.shortfall_cost)}${F}${p.categories}`;
}

const optText = (n: number | null): string => (n === null ? '-' : String(n));
const microText = (n: number | null): string => (n === null ? '-' : String(Math.round(n * 1000000)));

/** A gap as a line of `storedResultTexts`. */
export function gapLine(g: GapRow): string {
  return `${g.product_key}${F}${g.device_id}${F}${g.uncovered}${F}${g.reason}`;
}

/** The digest of some lines (`positionLine`, `gapLine`), as `storedResultsAside` digests the stored texts. */
export function linesDigest(lines: readonly string[]): LineDigest {
  const d = new LineDigest();
  for (const line of lines) d.text(line);
  return d;
}

/** Each organization's stored lines as one text per table (`storedResultTexts`). */
export interface StoredResultTexts {
  positions: Map<string, string>;
  gaps: Map<string, string>;
}

export interface StoredLinesCheck {
  field(s: string): void;
  more(s: string): void;
  /** a field that is an integer, as String(n) writes it */
  int(n: number): void;
  /** a field whose text recurs (a product key, a device id), `id` the caller's number for that text */
  key(s: string, id: number): void;
  end(): void;
  /** the lines given are the stored ones, in any order */
  readonly same: boolean;
}

/** The stored positions and gaps of every organization (`storedResultsAside`). */
export interface StoredResults {
  /** organizations with stored positions or gaps */
  orgIds(): Iterable<string>;
  /** a check of an organization's position lines (`positionLine`), in product order */
  positions(orgId: string): StoredLinesCheck;
  /** a check of an organization's gap lines (`gapLine`), in product, device order */
  gaps(orgId: string): StoredLinesCheck;
}

/** Lines digested as they are given, checked against a stored digest (one shape for every organization: the calls stay monomorphic). */
class DigestCheck extends LineDigest implements StoredLinesCheck {
  constructor(
    private readonly stored: { a: number; b: number; lines: number },
    cache: KeyCache,
  ) {
    super(cache);
  }

  get same(): boolean {
    return this.equals(this.stored);
  }
}

/**
 * Stored results as digests ([org_id, lane a, lane b, lines] per table):
 * each organization's lines are digested as they are given and compared
 * when asked (`same`). The recurring fields' lanes (product keys, device
 * ids, reasons: `LineDigest.key`, by the caller's numbers) are kept across
 * organizations: one results object per allocation.
 */
function digestResults(positions: readonly [string, number, number, number][], gaps: readonly [string, number, number, number][]): StoredResults {
  const none = { a: 0, b: 0, lines: 0 };
  const byOrg = (rows: readonly [string, number, number, number][]) => new Map(rows.map(([o, a, b, lines]) => [o, { a, b, lines }]));
  const p = byOrg(positions);
  const g = byOrg(gaps);
  const cache = keyCache();
  const check = (stored: { a: number; b: number; lines: number }): StoredLinesCheck => new DigestCheck(stored, cache);
  return {
    orgIds: () => new Set([...p.keys(), ...g.keys()]),
    positions: (orgId) => check(p.get(orgId) ?? none),
    gaps: (orgId) => check(g.get(orgId) ?? none),
  };
}

/** The reading worker of each SQLite file while it has queries to answer (`readAside`). */
const asideReaders = new Map<string, { worker: Worker; pending: Map<number, { resolve: (rows: unknown[][]) => void; reject: (e: Error) => void }>; next: number }>();

/**
 * Runs a read-only query on a worker thread's own connection to a SQLite
 * file and resolves with its rows (as arrays, or objects). One worker per
 * file takes the queries one at a time, the lowest `priority` first (on a
 * machine of few cores, one reading thread beside the asking one, and what
 * the caller needs first comes first); the queries are handed over at once,
 * so the worker never waits for the asking thread, which may be busy
 * computing. The worker starts with the first query and goes when every
 * query has been answered.
 */
function readAside(file: string, q: { sql: string; parameters: unknown[]; objects: boolean; digest?: boolean; parse?: { devices: { sql: string; parameters: unknown[] }; installs: { sql: string; parameters: unknown[] } } }, priority: number): Promise<unknown[][]> {
  let r = asideReaders.get(file);
  if (!r) {
    // Plain JavaScript: none of the parent's loaders (tsx would take longer to start than a query takes).
    const worker = new Worker(new URL('./sqlite-read-aside.mjs', import.meta.url), { workerData: { file }, execArgv: [] });
    const reader = { worker, pending: new Map<number, { resolve: (rows: unknown[][]) => void; reject: (e: Error) => void }>(), next: 0 };
    asideReaders.set(file, reader);
    const fail = (e: Error) => {
      if (asideReaders.get(file) === reader) asideReaders.delete(file);
      for (const x of reader.pending.values()) x.reject(e);
      reader.pending.clear();
    };
    worker.on('message', (m: { id?: number; fatal?: string; rows?: unknown[][]; parsed?: unknown; digests?: unknown[][]; error?: string }) => {
      if (m.fatal) return fail(new Error(`the reading worker could not open the file: ${m.fatal}`));
      const x = reader.pending.get(m.id!);
      if (!x) return;
      reader.pending.delete(m.id!);
      if (m.rows) x.resolve(m.rows);
      else if ('parsed' in m) x.resolve(m.parsed as unknown[][]);
      else if (m.digests) x.resolve(m.digests);
      else x.reject(new Error(`reading beside the transaction failed: ${m.error}`));
      if (reader.pending.size === 0 && asideReaders.get(file) === reader) {
        // Nothing left: the worker goes (a later query starts another).
        asideReaders.delete(file);
        worker.postMessage({ close: true });
      }
    });
    worker.once('error', (e) => fail(e));
    worker.once('exit', (code) => fail(new Error(`the reading worker exited with code ${code}`)));
    r = reader;
  }
  const reader = r;
  const id = reader.next++;
  return new Promise((resolve, reject) => {
    reader.pending.set(id, { resolve, reject });
    reader.worker.postMessage({ id, priority, ...q });
  });
}

/** Groups per statement of `groupValues` (two parameters each). */
const GROUP_BATCH = 1000;

/**
 * Some organization × product groups as VALUES lists of (org_id,
 * product_key), a thousand groups each: a statement joins one and reads or
 * deletes exactly those groups' rows through the primary key, however many
 * organizations and products a pool spans (both databases name the list's
 * columns column1, column2).
 */
function groupValues(groups: readonly { orgId: string; productKey: string }[]): RawBuilder<unknown>[] {
  const unique = [...new Map(groups.map((g) => [`${g.orgId}\u0000${g.productKey}`, g])).values()];
  const out: RawBuilder<unknown>[] = [];
  for (let i = 0; i < unique.length; i += GROUP_BATCH) out.push(sql`(values ${sql.join(unique.slice(i, i + GROUP_BATCH).map((g) => sql`(${g.orgId}, ${g.productKey})`))})`);
  return out;
}
