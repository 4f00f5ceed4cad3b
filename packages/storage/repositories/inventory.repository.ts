import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DeviceSortKey, SortOrder } from '../../contracts/index.ts';
import type { Database } from '../database.ts';

import type { DB, DevicesTable, DeviceSoftwareTable, DeviceChangesTable, InventoriesTable, AgentCredentialsTable, SoftwareTitlesTable } from '../schema.ts';
import { containsAny, scopeWhere, type ScopeFilter } from './scope-filter.ts';

export type DeviceRow = Selectable<DevicesTable>;
export type DeviceView = DeviceRow & { org_name: string; org_region_code: string; org_path: string };
export type DeviceSoftwareRow = Selectable<DeviceSoftwareTable>;
export type SoftwareTitleRow = Selectable<SoftwareTitlesTable>;
export type DeviceChangeRow = Selectable<DeviceChangesTable>;
export type InventoryRow = Selectable<InventoriesTable>;
export type AgentCredentialRow = Selectable<AgentCredentialsTable>;

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

const SOFTWARE_COLUMNS = ['org_id', 'device_id', 'title_key', 'install_date', 'source', 'guid', 'size_bytes', 'first_seen_at'] as const;
const TITLE_COLUMNS = [
  'title_key', 'name', 'version', 'publisher', 'arch', 'first_seen_at', 'source_hint',
  'rec_publisher', 'rec_product', 'rec_edition', 'rec_version', 'rec_major', 'rec_release', 'product_key', 'parent_key',
  'category', 'licence_class', 'requires_licence', 'domestic', 'rule_id', 'confidence', 'recognized_at',
] as const;

/** Orders [org_id, device_id, title_key, …] rows by their primary key. */
function byKey(a: string[], b: string[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}

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
    await this.db.insertInto('inventories').values(row).execute();
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
    // One indexed lookup per kind (primary key org_id, kind, value): an OR of
    // (kind, value) pairs is not used as an index search by SQLite.
    const byKind = new Map<string, string[]>();
    for (const i of ids) byKind.set(i.kind, [...(byKind.get(i.kind) ?? []), i.value]);
    const hits: { kind: string; deviceId: string }[] = [];
    for (const [kind, values] of byKind) {
      const rows = await this.db.selectFrom('device_identifiers').select('device_id').where('org_id', '=', orgId).where('kind', '=', kind).where('value', 'in', values).execute();
      for (const r of rows) hits.push({ kind, deviceId: r.device_id });
    }
    return hits;
  }

  /** Points every identifier at the device (taking them over from another device if needed). */
  async upsertIdentifiers(orgId: string, deviceId: string, ids: { kind: string; value: string }[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .insertInto('device_identifiers')
      .values(ids.map((i) => ({ org_id: orgId, kind: i.kind, value: i.value.slice(0, 255), device_id: deviceId })))
      .onConflict((oc) => oc.columns(['org_id', 'kind', 'value']).doUpdateSet({ device_id: deviceId }))
      .execute();
  }

  async insertDevice(row: DeviceRow): Promise<void> {
    await this.db.insertInto('devices').values(row).execute();
  }

  async updateDevice(orgId: string, id: string, patch: Partial<DeviceRow>): Promise<void> {
    await this.db.updateTable('devices').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute();
  }

  async findDevice(orgId: string, id: string): Promise<DeviceView | undefined> {
    return this.deviceView().where('d.org_id', '=', orgId).where('d.id', '=', id).executeTakeFirst();
  }

  /** Removes a device with its software, identifiers and history (a rejected quarantine entry). */
  async deleteDevice(orgId: string, id: string): Promise<void> {
    await this.db.deleteFrom('licensed_installs').where('org_id', '=', orgId).where('device_id', '=', id).execute();
    await this.db.deleteFrom('device_software').where('org_id', '=', orgId).where('device_id', '=', id).execute();
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

  /** The titles installed on a device now, keyed by title. */
  async currentSoftware(orgId: string, deviceId: string): Promise<{ key: string; name: string; version: string | null; arch: string | null }[]> {
    const rows = await this.db
      .selectFrom('device_software as s')
      .innerJoin('software_titles as t', 't.title_key', 's.title_key')
      .select(['s.title_key', 't.name', 't.version', 't.arch'])
      .where('s.org_id', '=', orgId)
      .where('s.device_id', '=', deviceId)
      .execute();
    return rows.map((r) => ({ key: r.title_key, name: r.name, version: r.version, arch: r.arch }));
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

  async insertSoftware(rows: DeviceSoftwareRow[]): Promise<void> {
    if (rows.length === 0) return;
    if (this.database && this.db.isTransaction) {
      // In primary-key order: each row lands next to the previous one in the B-tree (a few percent less work for SQLite than hash order).
      const values = rows.map((r) => [r.org_id, r.device_id, r.title_key, r.install_date, r.source, r.guid, r.size_bytes, r.first_seen_at]);
      values.sort((a, b) => byKey(a as string[], b as string[]));
      await this.database.bulkInsert(this.db as Transaction<DB>, 'device_software', [...SOFTWARE_COLUMNS], values);
      return;
    }
    for (let i = 0; i < rows.length; i += BATCH) await this.db.insertInto('device_software').values(rows.slice(i, i + BATCH)).execute();
  }

  /**
   * Brings the device's rows of licensed_installs in step with its software;
   * returns the products whose installs on the device changed.
   */
  async syncLicensed(orgId: string, deviceId: string): Promise<string[]> {
    // Two set-based statements, nothing read into JS: the rows no install needs any more go,
    // the installs not yet listed come (the titles' recognition copied), each reporting its product.
    const gone = await sql<{ product_key: string }>`delete from licensed_installs as li
      where li.org_id = ${orgId} and li.device_id = ${deviceId} and not exists (
        select 1 from device_software ds join software_titles t on t.title_key = ds.title_key
        where ds.org_id = li.org_id and ds.device_id = li.device_id and ds.title_key = li.title_key
          and t.requires_licence = 1 and t.product_key = li.product_key)
      returning product_key`.execute(this.db);
    const come = await sql<{ product_key: string }>`insert into licensed_installs (org_id, product_key, device_id, title_key, edition, major, rel, category, licence_class)
      select ds.org_id, t.product_key, ds.device_id, ds.title_key, t.rec_edition, t.rec_major, t.rec_release, t.category, t.licence_class
      from device_software ds join software_titles t on t.title_key = ds.title_key
      where ds.org_id = ${orgId} and ds.device_id = ${deviceId} and t.requires_licence = 1 and t.product_key is not null
        and not exists (select 1 from licensed_installs li
          where li.org_id = ds.org_id and li.product_key = t.product_key and li.device_id = ds.device_id and li.title_key = ds.title_key)
      returning product_key`.execute(this.db);
    return [...new Set([...gone.rows, ...come.rows].map((r) => r.product_key))].sort();
  }

  /** The products of the device's installs that need a licence. */
  async licensedProductsOf(orgId: string, deviceId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('licensed_installs').select('product_key').distinct().where('org_id', '=', orgId).where('device_id', '=', deviceId).execute();
    return rows.map((r) => r.product_key).sort();
  }

  async deleteSoftware(orgId: string, deviceId: string, keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += BATCH) {
      await this.db.deleteFrom('device_software').where('org_id', '=', orgId).where('device_id', '=', deviceId).where('title_key', 'in', keys.slice(i, i + BATCH)).execute();
    }
  }

  async listSoftware(orgId: string, deviceId: string, q: string | undefined, page: { offset: number; limit: number }) {
    let base = this.db
      .selectFrom('device_software as s')
      .innerJoin('software_titles as t', 't.title_key', 's.title_key')
      .where('s.org_id', '=', orgId)
      .where('s.device_id', '=', deviceId);
    if (q) base = base.where(containsAny(['t.name', 't.publisher'], q));
    const rows = await base
      .select(['s.title_key', 't.name', 't.version', 't.publisher', 't.arch', 's.install_date', 's.source', 's.guid', 's.size_bytes', 's.first_seen_at'])
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

