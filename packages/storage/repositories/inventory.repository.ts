import { sql, type Kysely, type RawBuilder, type Selectable, type Transaction } from 'kysely';
import type { DeviceSortKey, SortOrder } from '../../contracts/index.ts';
import type { Database } from '../database.ts';

import type { DB, DevicesTable, DeviceChangesTable, InventoriesTable, AgentCredentialsTable, SoftwareTitlesTable, LicensedInstallsTable } from '../schema.ts';
import { isPostgres } from './dialect.ts';
import { insertRow, placeholders, runStatement, updateRows } from './statements.ts';
import { install, installsFrom } from './installs.ts';
import { containsAny, scopeWhere, type ScopeFilter } from './scope-filter.ts';

export type DeviceRow = Selectable<DevicesTable>;
export type DeviceView = DeviceRow & { org_name: string; org_region_code: string; org_path: string };
/**
 * One install as a device's row of device_software_sets stores it: title key,
 * install date (YYYY-MM-DD), source, GUID, size in bytes, and when it was
 * first seen — null when the device's first inventory had it (the device's
 * own first_seen_at: most installs, so most rows need not repeat it).
 */
export type StoredInstall = [titleKey: string, installDate: string | null, source: string | null, guid: string | null, sizeBytes: number | null, firstSeenAt: string | null];
export type SoftwareTitleRow = Selectable<SoftwareTitlesTable>;
export type DeviceChangeRow = Selectable<DeviceChangesTable>;
export type InventoryRow = Selectable<InventoriesTable>;
export type AgentCredentialRow = Selectable<AgentCredentialsTable>;
/** A row of licensed_installs as written. */
export type NewLicensedInstall = Selectable<LicensedInstallsTable>;

/** Filters of the device list. */
export interface DeviceFilter {
  orgId?: string | undefined;
  q?: string | undefined;
  os?: string | undefined;
  source?: string | undefined;
  status?: string | undefined;
  seenBefore?: string | undefined;
  seenAfter?: string | undefined;
  /** column to sort by; absent: the most recently seen first */
  sort?: DeviceSortKey | undefined;
  /** direction of `sort` (default ascending) */
  order?: SortOrder | undefined;
}

/** The column each sort key orders by: a whitelist, so no request text reaches the SQL. */
const DEVICE_SORT = {
  name: 'd.name',
  orgName: 'o.name',
  osName: 'd.os_name',
  manufacturer: 'd.manufacturer',
  serial: 'd.serial',
  lastUser: 'd.last_user',
  softwareCount: 'd.software_count',
  firstSeenAt: 'd.first_seen_at',
  lastSeenAt: 'd.last_seen_at',
} as const satisfies Record<DeviceSortKey, string>;

/**
 * Rows per multi-row INSERT: well under SQLite's 32,766 and PostgreSQL's
 * 65,535 parameters, and few distinct statement shapes (SQLite caches them).
 */
const BATCH = 128;

const TITLE_COLUMNS = [
  'title_key', 'name', 'version', 'publisher', 'arch', 'first_seen_at', 'source_hint',
  'rec_publisher', 'rec_product', 'rec_edition', 'rec_version', 'rec_major', 'rec_release', 'product_key', 'parent_key',
  'category', 'licence_class', 'requires_licence', 'domestic', 'rule_id', 'confidence', 'recognized_at',
] as const;

export class InventoryRepository {
  /**
   * @param db a connection or a transaction
   * @param database when given, bulk inserts take the database's fast path
   *   (only pass it together with the transaction `db` belongs to)
   */
  constructor(
    private readonly db: Kysely<DB>,
    private readonly database?: Pick<Database, 'bulkInsert'>,
  ) {}

  // --- raw submissions ---

  async insertInventory(row: InventoryRow): Promise<void> {
    await insertRow(this.db, 'inventories', row);
  }

  async findInventory(orgId: string, id: string): Promise<InventoryRow | undefined> {
    return this.db.selectFrom('inventories').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  }

  /** Submissions stored but not yet processed (after a crash), oldest first. */
  async findPending(limit: number): Promise<InventoryRow[]> {
    return this.db.selectFrom('inventories').selectAll().where('status', '=', 'received').orderBy('received_at').orderBy('id').limit(limit).execute();
  }

  async finishInventory(orgId: string, id: string, patch: Partial<Pick<InventoryRow, 'status' | 'device_id' | 'software_count' | 'processed_at' | 'error'>>): Promise<void> {
    await this.db.updateTable('inventories').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute();
  }

  async listInventories(orgId: string, page: { offset: number; limit: number }, deviceId?: string) {
    let q = this.db
      .selectFrom('inventories')
      .select(['org_id', 'id', 'device_id', 'received_at', 'channel', 'format', 'agent', 'remote_addr', 'size', 'status', 'error', 'software_count', 'processed_at'])
      .where('org_id', '=', orgId);
    if (deviceId) q = q.where('device_id', '=', deviceId);
    const rows = await q.orderBy('received_at', 'desc').offset(page.offset).limit(page.limit).execute();
    let c = this.db.selectFrom('inventories').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId);
    if (deviceId) c = c.where('device_id', '=', deviceId);
    return { rows, total: Number((await c.executeTakeFirst())?.n ?? 0) };
  }

  async countInventoriesByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('inventories').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  // --- device identity ---

  async findIdentifierHits(orgId: string, ids: { kind: string; value: string }[]): Promise<{ kind: string; deviceId: string }[]> {
    // One indexed lookup per kind (primary key org_id, kind, value), all in one statement: an OR
    // of (kind, value) pairs is not used as an index search by SQLite, a UNION ALL of them is.
    const byKind = new Map<string, string[]>();
    for (const i of ids) {
      const values = byKind.get(i.kind);
      if (values) values.push(i.value);
      else byKind.set(i.kind, [i.value]);
    }
    if (byKind.size === 0) return [];
    // The kind is returned as a parameter's index (a typeless parameter in a select list is refused by PostgreSQL).
    const kinds = [...byKind.keys()];
    const params: unknown[] = [];
    const text = kinds
      .map((kind, k) => {
        const values = byKind.get(kind)!;
        params.push(orgId, kind, ...values);
        return `select ${k} as k, device_id from device_identifiers where org_id = ? and kind = ? and value in ${placeholders(values.length)}`;
      })
      .join(' union all ');
    const rows = await runStatement<{ k: number; device_id: string }>(this.db, text, params);
    return rows.map((r) => ({ kind: kinds[Number(r.k)]!, deviceId: r.device_id }));
  }

  /** Points every identifier at the device (taking them over from another device if needed). */
  async upsertIdentifiers(orgId: string, deviceId: string, ids: { kind: string; value: string }[]): Promise<void> {
    if (ids.length === 0) return;
    const params: unknown[] = [];
    for (const i of ids) params.push(orgId, i.kind, i.value.slice(0, 255), deviceId);
    await runStatement(
      this.db,
      `insert into device_identifiers (org_id, kind, value, device_id) values ${new Array<string>(ids.length).fill(placeholders(4)).join(', ')}
        on conflict (org_id, kind, value) do update set device_id = excluded.device_id`,
      params,
    );
  }

  /** The stored identifiers among `ids`, with their devices (one statement for many computers' identifiers). */
  async findIdentifiers(orgId: string, ids: readonly { kind: string; value: string }[]): Promise<{ kind: string; value: string; deviceId: string }[]> {
    const byKind = new Map<string, string[]>();
    for (const i of ids) {
      const values = byKind.get(i.kind);
      if (values) values.push(i.value);
      else byKind.set(i.kind, [i.value]);
    }
    const out: { kind: string; value: string; deviceId: string }[] = [];
    for (const [kind, values] of byKind) {
      for (let i = 0; i < values.length; i += BATCH * 4) {
        const rows = await this.db.selectFrom('device_identifiers').select(['value', 'device_id']).where('org_id', '=', orgId).where('kind', '=', kind).where('value', 'in', values.slice(i, i + BATCH * 4)).execute();
        for (const r of rows) out.push({ kind, value: r.value, deviceId: r.device_id });
      }
    }
    return out;
  }

  /**
   * Bulk writes of devices new to the organization (an import's computers
   * that matched nothing): plain inserts of whole rows, a conflict is an
   * error. See InventoryService.ingestBatch.
   */
  async insertNewDevices(rows: {
    devices: DeviceRow[];
    identifiers: Selectable<DB['device_identifiers']>[];
    installSets: Selectable<DB['device_software_sets']>[];
    licensed: NewLicensedInstall[];
    inventories: InventoryRow[];
  }): Promise<void> {
    await this.insertRows('devices', rows.devices);
    await this.insertRows('device_identifiers', rows.identifiers);
    await this.insertRows('device_software_sets', rows.installSets);
    await this.insertRows('licensed_installs', rows.licensed);
    await this.insertRows('inventories', rows.inventories);
  }

  /** Rows of one table (all with the same columns, in the same order): the database's bulk path inside a transaction. */
  private async insertRows<T extends keyof DB & string>(table: T, rows: readonly Selectable<DB[T]>[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]!);
    if (this.database && this.db.isTransaction) {
      await this.database.bulkInsert(this.db as Transaction<DB>, table, columns, rows.map((r) => columns.map((c) => (r as Record<string, unknown>)[c])));
      return;
    }
    for (let i = 0; i < rows.length; i += BATCH) await this.db.insertInto(table).values(rows.slice(i, i + BATCH) as never).execute();
  }

  async insertDevice(row: DeviceRow): Promise<void> {
    await insertRow(this.db, 'devices', row);
  }

  async updateDevice(orgId: string, id: string, patch: Partial<DeviceRow>): Promise<void> {
    await updateRows(this.db, 'devices', patch, { org_id: orgId, id });
  }

  async findDevice(orgId: string, id: string): Promise<DeviceView | undefined> {
    return this.deviceView().where('d.org_id', '=', orgId).where('d.id', '=', id).executeTakeFirst();
  }

  /** Removes a device with its software, identifiers and history (a rejected quarantine entry). */
  async deleteDevice(orgId: string, id: string): Promise<void> {
    await this.db.deleteFrom('licensed_installs').where('org_id', '=', orgId).where('device_id', '=', id).execute();
    await this.db.deleteFrom('device_software_sets').where('org_id', '=', orgId).where('device_id', '=', id).execute();
    await this.db.deleteFrom('device_identifiers').where('org_id', '=', orgId).where('device_id', '=', id).execute();
    await this.db.deleteFrom('device_changes').where('org_id', '=', orgId).where('device_id', '=', id).execute();
    await this.db.deleteFrom('devices').where('org_id', '=', orgId).where('id', '=', id).execute();
  }

  private deviceView() {
    return this.db
      .selectFrom('devices as d')
      .innerJoin('organizations as o', 'o.id', 'd.org_id')
      .selectAll('d')
      .select(['o.name as org_name', 'o.region_code as org_region_code', 'o.path as org_path']);
  }

  private filteredDevices(scope: ScopeFilter, f: DeviceFilter) {
    let q = this.deviceView().where((eb) => scopeWhere(eb, scope, { region: 'o.region_code', path: 'o.path' }));
    if (f.orgId) q = q.where('d.org_id', '=', f.orgId);
    q = q.where('d.status', '=', f.status ?? 'active');
    if (f.q) q = q.where(containsAny(['d.name', 'd.serial', 'd.uuid', 'd.last_user', 'd.macs'], f.q));
    if (f.os) q = q.where(containsAny(['d.os_name'], f.os));
    if (f.source) q = q.where('d.source', '=', f.source);
    if (f.seenBefore) q = q.where('d.last_seen_at', '<', f.seenBefore);
    if (f.seenAfter) q = q.where('d.last_seen_at', '>=', f.seenAfter);
    return q;
  }

  /** One page of devices, by `f.sort` (empty values last) or else the most recently seen first; `id` breaks ties so that pages never overlap. */
  async listDevices(scope: ScopeFilter, f: DeviceFilter, page: { offset: number; limit: number }): Promise<{ rows: DeviceView[]; total: number }> {
    const q = this.filteredDevices(scope, f);
    const desc = f.order === 'desc';
    const ordered = f.sort ? q.orderBy(DEVICE_SORT[f.sort], (ob) => (desc ? ob.desc() : ob.asc()).nullsLast()) : q.orderBy('d.last_seen_at', 'desc');
    const rows = await ordered.orderBy('d.id').offset(page.offset).limit(page.limit).execute();
    const c = await this.filteredDevices(scope, f).clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return { rows, total: Number(c?.n ?? 0) };
  }

  /** Distinct operating system names in scope (for the filter drop-down). */
  async distinctOs(scope: ScopeFilter, orgId?: string): Promise<string[]> {
    let q = this.db
      .selectFrom('devices as d')
      .innerJoin('organizations as o', 'o.id', 'd.org_id')
      .select('d.os_name')
      .distinct()
      .where((eb) => scopeWhere(eb, scope, { region: 'o.region_code', path: 'o.path' }))
      .where('d.os_name', 'is not', null);
    if (orgId) q = q.where('d.org_id', '=', orgId);
    return (await q.orderBy('d.os_name').limit(200).execute()).map((r) => r.os_name!);
  }

  // --- software ---

  /** A device's installs as stored (none: an empty list). */
  async installsOf(orgId: string, deviceId: string): Promise<StoredInstall[]> {
    const r = await this.db.selectFrom('device_software_sets').select('items').where('org_id', '=', orgId).where('device_id', '=', deviceId).executeTakeFirst();
    return r ? (JSON.parse(r.items) as StoredInstall[]) : [];
  }

  /**
   * Stores a device's installs, replacing what it had: one row, whatever
   * the count (see the migration 2026-11-28T1200-packed-device-software).
   * `fresh`: the device has no row yet (a plain insert).
   */
  async writeInstalls(orgId: string, deviceId: string, items: StoredInstall[], fresh: boolean): Promise<void> {
    const row = { org_id: orgId, device_id: deviceId, items: JSON.stringify(items) };
    await insertRow(this.db, 'device_software_sets', row, fresh ? undefined : { on: ['org_id', 'device_id'], update: ['items'] });
  }

  /** Name, version and architecture of some titles. */
  async titleNames(keys: readonly string[]): Promise<{ key: string; name: string; version: string | null; arch: string | null }[]> {
    const out: { key: string; name: string; version: string | null; arch: string | null }[] = [];
    for (let i = 0; i < keys.length; i += BATCH) {
      const rows = await this.db.selectFrom('software_titles').select(['title_key', 'name', 'version', 'arch']).where('title_key', 'in', keys.slice(i, i + BATCH)).execute();
      for (const r of rows) out.push({ key: r.title_key, name: r.name, version: r.version, arch: r.arch });
    }
    return out;
  }

  /** Records titles not seen before (existing ones are left as they are). */
  async ensureTitles(rows: SoftwareTitleRow[]): Promise<void> {
    if (rows.length === 0) return;
    if (this.database && this.db.isTransaction) {
      await this.database.bulkInsert(this.db as Transaction<DB>, 'software_titles', [...TITLE_COLUMNS], rows.map((r) => TITLE_COLUMNS.map((c) => r[c])), { ignoreConflicts: true });
      return;
    }
    for (let i = 0; i < rows.length; i += BATCH) await this.db.insertInto('software_titles').values(rows.slice(i, i + BATCH)).onConflict((oc) => oc.column('title_key').doNothing()).execute();
  }

  /**
   * Brings the device's rows of licensed_installs in step with what an
   * inventory changed on it (title keys added and removed); returns the
   * products whose installs on the device changed.
   */
  async syncLicensed(orgId: string, deviceId: string, change: { added: readonly string[]; removed: readonly string[] }): Promise<string[]> {
    // Set-based statements over the changed title keys only, passed as one parameter; the rows of
    // titles not listed are left alone (recognition changes rebuild the table: rebuildLicensedInstalls).
    const products = new Set<string>();
    if (change.removed.length > 0) {
      const gone = await sql<{ product_key: string }>`delete from licensed_installs
        where org_id = ${orgId} and device_id = ${deviceId} and ${this.keyIn(sql.ref('title_key'), change.removed)}
        returning product_key`.execute(this.db);
      for (const r of gone.rows) products.add(r.product_key);
    }
    if (change.added.length > 0) {
      // The added keys drive (one probe each into the partial index of titles that need a licence).
      const come = await sql<{ product_key: string }>`insert into licensed_installs (org_id, product_key, device_id, title_key, edition, major, rel, category, licence_class)
        select ${orgId}, t.product_key, ${deviceId}, t.title_key, t.rec_edition, t.rec_major, t.rec_release, t.category, t.licence_class
        from ${this.keyRows(change.added)} cross join software_titles t
        where t.title_key = k.value and t.requires_licence = 1 and t.product_key is not null
          and not exists (select 1 from licensed_installs li
            where li.org_id = ${orgId} and li.product_key = t.product_key and li.device_id = ${deviceId} and li.title_key = t.title_key)
        returning product_key`.execute(this.db);
      for (const r of come.rows) products.add(r.product_key);
    }
    return [...products].sort();
  }

  /** `column` is one of `keys` (one parameter however many keys: a JSON text in SQLite, an array in PostgreSQL). */
  private keyIn(column: RawBuilder<unknown>, keys: readonly string[]) {
    return this.pg ? sql<boolean>`${column} = any(${[...keys]}::text[])` : sql<boolean>`${column} in (select value from json_each(${JSON.stringify(keys)}))`;
  }

  /** `keys` as rows `k(value)`, from one parameter. */
  private keyRows(keys: readonly string[]) {
    return this.pg ? sql`unnest(${[...keys]}::text[]) as k(value)` : sql`json_each(${JSON.stringify(keys)}) as k`;
  }

  private get pg(): boolean {
    return isPostgres(this.db);
  }

  /** The titles among `keys` whose installs need a licence, with what licensed_installs keeps of them. */
  async licensedTitles(keys: readonly string[]): Promise<{ title_key: string; product_key: string; edition: string | null; major: string | null; rel: string | null; category: string | null; licence_class: string | null }[]> {
    if (keys.length === 0) return [];
    const r = await sql<{ title_key: string; product_key: string; edition: string | null; major: string | null; rel: string | null; category: string | null; licence_class: string | null }>`select t.title_key, t.product_key, t.rec_edition as edition, t.rec_major as major, t.rec_release as rel, t.category, t.licence_class
      from ${this.keyRows(keys)} cross join software_titles t
      where t.title_key = k.value and t.requires_licence = 1 and t.product_key is not null`.execute(this.db);
    return r.rows;
  }

  /** The products of the device's installs that need a licence. */
  async licensedProductsOf(orgId: string, deviceId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('licensed_installs').select('product_key').distinct().where('org_id', '=', orgId).where('device_id', '=', deviceId).execute();
    return rows.map((r) => r.product_key).sort();
  }

  async listSoftware(orgId: string, deviceId: string, q: string | undefined, page: { offset: number; limit: number }) {
    let base = installsFrom(this.db)
      .innerJoin('devices as d', (jn) => jn.onRef('d.org_id', '=', 's.org_id').onRef('d.id', '=', 's.device_id'))
      .where('s.org_id', '=', orgId)
      .where('s.device_id', '=', deviceId);
    if (q) base = base.where(containsAny(['t.name', 't.publisher'], q));
    const rows = await base
      .select([
        't.title_key',
        't.name',
        't.version',
        't.publisher',
        't.arch',
        install.installDate.as('install_date'),
        install.source.as('source'),
        install.guid.as('guid'),
        install.sizeBytes.as('size_bytes'),
        sql<string>`coalesce(${install.firstSeenAt}, d.first_seen_at)`.as('first_seen_at'),
      ])
      .orderBy('t.name')
      .orderBy('t.version')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
    const c = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return { rows, total: Number(c?.n ?? 0) };
  }

  async insertChanges(rows: DeviceChangeRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) await this.db.insertInto('device_changes').values(rows.slice(i, i + BATCH)).execute();
  }

  async listChanges(orgId: string, deviceId: string, page: { offset: number; limit: number }) {
    const base = this.db.selectFrom('device_changes').where('org_id', '=', orgId).where('device_id', '=', deviceId);
    const rows = await base.selectAll().orderBy('at', 'desc').orderBy('name').offset(page.offset).limit(page.limit).execute();
    const c = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return { rows, total: Number(c?.n ?? 0) };
  }

  // --- agent credentials and settings ---

  async insertCredential(row: AgentCredentialRow): Promise<void> {
    await this.db.insertInto('agent_credentials').values(row).execute();
  }

  async findCredentialByUsername(username: string): Promise<AgentCredentialRow | undefined> {
    return this.db.selectFrom('agent_credentials').selectAll().where('username', '=', username).executeTakeFirst();
  }

  async listCredentials(orgId: string): Promise<AgentCredentialRow[]> {
    return this.db.selectFrom('agent_credentials').selectAll().where('org_id', '=', orgId).where('revoked_at', 'is', null).orderBy('created_at', 'desc').execute();
  }

  async findCredential(orgId: string, id: string): Promise<AgentCredentialRow | undefined> {
    return this.db.selectFrom('agent_credentials').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  }

  async updateCredential(orgId: string, id: string, patch: Partial<AgentCredentialRow>): Promise<void> {
    await this.db.updateTable('agent_credentials').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute();
  }

  async getSettings(orgId: string): Promise<{ openEnrollment: boolean }> {
    const r = await this.db.selectFrom('inventory_settings').select('open_enrollment').where('org_id', '=', orgId).executeTakeFirst();
    return { openEnrollment: Number(r?.open_enrollment ?? 0) === 1 };
  }

  async setSettings(orgId: string, openEnrollment: boolean, at: string): Promise<void> {
    await this.db
      .insertInto('inventory_settings')
      .values({ org_id: orgId, open_enrollment: openEnrollment ? 1 : 0, updated_at: at })
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ open_enrollment: openEnrollment ? 1 : 0, updated_at: at }))
      .execute();
  }

  /** The organization whose USCC an unauthenticated agent sent as its tag, when it accepts open enrollment. */
  async findOpenEnrollmentOrg(uscc: string): Promise<{ id: string } | undefined> {
    return this.db
      .selectFrom('organizations as o')
      .innerJoin('inventory_settings as s', 's.org_id', 'o.id')
      .select('o.id')
      .where('o.uscc', '=', uscc)
      .where('s.open_enrollment', '=', 1)
      .executeTakeFirst();
  }

  async countDevices(orgId: string): Promise<number> {
    const r = await this.db.selectFrom('devices').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}

