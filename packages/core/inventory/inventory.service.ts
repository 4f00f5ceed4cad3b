import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Transaction } from 'kysely';
import type { Database } from '../../storage/database.ts';
import type { InventoryRow, NewLicensedInstall, SoftwareTitleRow, StoredInstall } from '../../storage/repositories/inventory.repository.ts';
import { repositories, type DeviceRow } from '../../storage/repositories/index.ts';
import type { DB } from '../../storage/schema.ts';
import { newId, nowIso } from '../ids.ts';
import { chooseDevice, dedupeSoftware, diffSoftware, identifiersOf, OS_SOURCE, softwareWithOs, storedInstall, systemUpdate, type KeyedSoftware, type SoftwareChange } from './inventory.rules.ts';
import type { NormalizedInventory } from './inventory.types.ts';
import { newTitleRows, type RecognizeFn } from './title-recognition.ts';

/** How a submission reached us. */
export type InventoryChannel = 'agent' | 'enroll' | 'scan' | 'import';

/** A submission to store before it is acknowledged. */
export interface Submission {
  orgId: string;
  credentialId: string | null;
  channel: InventoryChannel;
  format: string;
  agent: string | null;
  remoteAddr: string | null;
  /** The body as received. */
  raw: Buffer;
  /** How `raw` is compressed; identity bodies are stored gzip-compressed (unless storeAsIs). */
  encoding: 'zlib' | 'gzip' | 'identity';
  /** Store an identity body as it is: a small record (an imported computer's, see importRecord) gains little from compression, which would cost an import of thousands of them more. */
  storeAsIs?: boolean;
}

export interface ProcessResult {
  /** Titles this submission may have introduced (known to exist once it committed). */
  titlesAdded?: string[];
  inventoryId: string;
  deviceId: string;
  createdDevice: boolean;
  softwareCount: number;
  added: number;
  removed: number;
  changes: number;
  /** products whose installs that need a licence changed on the device (all of the device's when its serial or user changed) */
  licensedChanged: string[];
}

/** Change notices held back by holdingChanges, merged per organization. */
export type ChangeHold = Map<string, ProcessResult>;

export interface ProcessOptions {
  /** open enrollment: the device goes to (or stays in) quarantine */
  quarantine?: boolean;
  /** hold the change notice back (see holdingChanges) instead of telling it now */
  hold?: ChangeHold;
}

/** An enrolling (unauthenticated) submission matched a device already accepted. */
export class EnrollmentConflictError extends Error {
  constructor() {
    super('enrollment-conflict: this computer is already an accepted device; submit with agent credentials');
    this.name = 'EnrollmentConflictError';
  }
}

/** A stable 31-bit lock key per organization (serializes device matching within one org). */
function orgLockKey(orgId: string): number {
  return 1_000_000_000 + (createHash('sha1').update(orgId).digest().readUInt32BE(0) % 1_000_000_000);
}

/** A submission of a batch, ready for its transaction (see InventoryService.ingestBatch). */
interface BatchItem {
  /** its stored record (`received`) */
  row: InventoryRow;
  /** software deduped and keyed */
  inv: NormalizedInventory;
  ids: { kind: string; value: string }[];
  /** the titles it is the first of the batch to bring, recognised */
  titleRows: SoftwareTitleRow[];
  /** its software as built on another thread (`inv.software` is then empty) */
  packed?: PackedInstalls | undefined;
}

/**
 * A submission's software built on another thread (an imported sheet's
 * computer, see InventoryImporter): its titles already recorded
 * (recordTitles), its items already in the form its device's row stores.
 */
export interface PackedInstalls {
  /** Its distinct title keys, in the order of its items. */
  keys: string[];
  /** Its items as its device's row of installs stores them (JSON of StoredInstall[], see storedInstall). */
  installs: string;
  /** Its software, deduped and keyed (built only for a device that exists already: its differences). */
  software(): KeyedSoftware[];
}

/** The distinct title keys of some submissions' (keyed) software. */
function distinctKeys(items: BatchItem[]): string[] {
  const keys = new Set<string>();
  for (const { inv, packed } of items) {
    if (packed) for (const k of packed.keys) keys.add(k);
    else if (inv.softwareIncluded) for (const s of inv.software as KeyedSoftware[]) keys.add(s.key);
  }
  return [...keys];
}

/** A device row's description from an inventory: what it says, else what the device had. */
function describeDevice(inv: NormalizedInventory, ids: { kind: string; value: string }[], existing: DeviceRow | undefined, inventoryId: string, now: string): Partial<DeviceRow> {
  const hw = inv.hardware;
  return {
    name: hw.hostname?.slice(0, 255) ?? existing?.name ?? null,
    uuid: ids.find((i) => i.kind === 'uuid')?.value ?? existing?.uuid ?? null,
    serial: ids.find((i) => i.kind === 'serial')?.value ?? existing?.serial ?? null,
    macs: ids.filter((i) => i.kind === 'mac').map((i) => i.value).join(',') || existing?.macs || '',
    agent_device_id: hw.agentDeviceId?.slice(0, 255) ?? existing?.agent_device_id ?? null,
    manufacturer: hw.manufacturer?.slice(0, 255) ?? existing?.manufacturer ?? null,
    model: hw.model?.slice(0, 255) ?? existing?.model ?? null,
    os_name: hw.osName?.slice(0, 255) ?? existing?.os_name ?? null,
    os_version: hw.osVersion?.slice(0, 255) ?? existing?.os_version ?? null,
    os_arch: hw.osArch?.slice(0, 64) ?? existing?.os_arch ?? null,
    domain: hw.domain?.slice(0, 255) ?? existing?.domain ?? null,
    last_user: hw.lastUser?.slice(0, 255) ?? existing?.last_user ?? null,
    cpu: hw.cpu?.slice(0, 255) ?? existing?.cpu ?? null,
    memory_mb: hw.memoryMb ?? existing?.memory_mb ?? null,
    source: inv.format,
    agent: inv.agent?.slice(0, 255) ?? existing?.agent ?? null,
    last_inventory_id: inventoryId,
    last_seen_at: now,
    updated_at: now,
  };
}

/**
 * Inventory ingestion (资产清查): stores every submission durably, then
 * matches it to a device and applies the software differences. Processing
 * is idempotent (it converges on the submitted state) and resumable (stored
 * but unprocessed submissions are picked up again after a restart).
 */
export class InventoryService {
  /**
   * Title keys known to be stored, so each inventory inserts only titles it
   * brings for the first time. Filled after commit only: a rolled-back
   * title must not be taken for a stored one.
   */
  private knownTitles = new Set<string>();

  /** Told after a processed inventory changed a device's software (compliance refreshes its positions). */
  onChanged: ((orgId: string, r: ProcessResult) => void) | null = null;

  constructor(
    private readonly database: Database,
    /** Recognition of new titles; absent, titles are stored unrecognised. */
    private readonly recognize?: RecognizeFn,
  ) {}

  private rememberTitles(keys: string[] | undefined) {
    if (!keys) return;
    if (this.knownTitles.size + keys.length > 500_000) this.knownTitles.clear();
    for (const k of keys) this.knownTitles.add(k);
  }

  /** The stored form of a submission: its raw payload (compressed unless it came compressed) with a processing record. */
  private inventoryRow(sub: Submission, id: string): InventoryRow {
    const gzip = sub.encoding === 'identity' && !sub.storeAsIs;
    const raw = gzip ? gzipSync(sub.raw, { level: 1 }) : sub.raw;
    return {
      org_id: sub.orgId,
      id,
      device_id: null,
      credential_id: sub.credentialId,
      received_at: nowIso(),
      channel: sub.channel,
      format: sub.format,
      agent: sub.agent?.slice(0, 255) ?? null,
      remote_addr: sub.remoteAddr?.slice(0, 64) ?? null,
      encoding: gzip ? 'gzip' : sub.encoding,
      size: sub.raw.length,
      sha256: createHash('sha256').update(sub.raw).digest('hex'),
      raw,
      status: 'received',
      error: null,
      software_count: null,
      processed_at: null,
    };
  }

  /** Stores the raw submission with a processing record; returns its id once committed. */
  async receive(sub: Submission): Promise<string> {
    const row = this.inventoryRow(sub, newId());
    await repositories(this.database.db).inventory.insertInventory(row);
    return row.id;
  }

  /**
   * Stores then processes: what an agent endpoint does before it answers.
   * The raw submission and what processing made of it are committed
   * together (one transaction): when this returns, both are stored. If
   * processing fails, the submission is stored on its own, marked failed
   * with the reason (kept for inspection, never retried as if pending).
   */
  async ingest(sub: Submission, inv: NormalizedInventory, opts: ProcessOptions = {}): Promise<ProcessResult> {
    const row = this.inventoryRow(sub, newId());
    try {
      return await this.process(sub.orgId, row.id, inv, opts, row);
    } catch (e) {
      await repositories(this.database.db).inventory.insertInventory({ ...row, status: 'failed', error: (e as Error).message.slice(0, 2000), processed_at: nowIso() });
      throw e;
    }
  }

  /**
   * Applies a submission to the device it belongs to, in one transaction:
   * a stored one (its record is marked processed), or one not stored yet
   * (`received`: stored in the same transaction, processed).
   */
  async process(orgId: string, inventoryId: string, inv: NormalizedInventory, opts: ProcessOptions = {}, received?: InventoryRow): Promise<ProcessResult> {
    // Titles this inventory may bring for the first time, recognised before the transaction.
    // The operating system's install added and the list keyed once here; applyIn's dedupeSoftware sees the keys and returns the list as is.
    if (inv.softwareIncluded) inv = { ...inv, software: dedupeSoftware(softwareWithOs(inv)) };
    const candidates = (inv.softwareIncluded ? (inv.software as ReturnType<typeof dedupeSoftware>) : systemUpdate(inv)).filter((s) => !this.knownTitles.has(s.key));
    const titleRows = await newTitleRows(candidates, inv.hardware.osName, nowIso(), this.recognize);
    const r = await this.database.transaction(async (trx) => {
      await this.database.lockForAppend(trx, orgLockKey(orgId));
      const r = await this.applyIn(trx, orgId, inventoryId, inv, opts.quarantine ?? false, titleRows);
      const done = { status: 'processed', device_id: r.deviceId, software_count: r.softwareCount, processed_at: nowIso(), error: null };
      if (received) await repositories(trx).inventory.insertInventory({ ...received, ...done });
      else await repositories(trx).inventory.finishInventory(orgId, inventoryId, done);
      return r;
    });
    this.rememberTitles(r.titlesAdded);
    if (r.createdDevice || r.added > 0 || r.removed > 0 || r.licensedChanged.length > 0) this.changed(orgId, r, opts.hold);
    return r;
  }

  /**
   * Stores and processes submissions of one organization in order, with
   * the results, notices and stored data that ingest() of each in turn
   * would give, in one transaction instead of one each: an import's
   * computers. Computers that match no device (nor one before them in the
   * batch) are written set-based (rows of many devices per statement); the
   * others go through the one-submission path in the same transaction, in
   * their place. If anything fails, nothing of the batch stays and its
   * submissions are ingested one by one (a failing one is stored as failed
   * and throws, those before it committed, as ingest does).
   * `onDone` is called for each, in order, once it is committed.
   */
  async ingestBatch(orgId: string, batch: { sub: Submission; inv: NormalizedInventory; packed?: PackedInstalls | undefined }[], opts: { hold?: ChangeHold }, onDone: (r: ProcessResult) => void): Promise<void> {
    // Before the transaction (SQLite's one connection is the transaction's while it is open): the
    // title rows each submission would insert, recognised; a title's row comes from the first
    // submission that brings it, as when ingested one by one (the others' inserts are ignored).
    const items: BatchItem[] = [];
    // every title key of the batch
    const seen = new Set<string>();
    for (const { sub, inv: given, packed } of batch) {
      if (sub.orgId !== orgId) throw new Error('ingestBatch: submissions of one organization only');
      if (packed) {
        // Its titles are recorded (recordTitles): only its keys join the batch's.
        for (const k of packed.keys) seen.add(k);
        items.push({ row: this.inventoryRow(sub, newId()), inv: given, ids: identifiersOf(given.hardware), titleRows: [], packed });
        continue;
      }
      const inv = given.softwareIncluded ? { ...given, software: dedupeSoftware(softwareWithOs(given)) } : given;
      const candidates: KeyedSoftware[] = [];
      if (inv.softwareIncluded) {
        for (const s of inv.software as KeyedSoftware[]) {
          // the batch's own keys first: a small set, where most items are found
          if (seen.has(s.key)) continue;
          seen.add(s.key);
          if (!this.knownTitles.has(s.key)) candidates.push(s);
        }
      }
      const titleRows = await newTitleRows(candidates, inv.hardware.osName, nowIso(), this.recognize);
      items.push({ row: this.inventoryRow(sub, newId()), inv, ids: identifiersOf(inv.hardware), titleRows });
    }
    let results: ProcessResult[];
    try {
      results = await this.database.transaction(async (trx) => {
        await this.database.lockForAppend(trx, orgLockKey(orgId));
        return this.applyBatchIn(trx, orgId, items, [...seen]);
      });
    } catch {
      // Nothing of the batch was written. One by one, a submission that cannot be processed is stored as failed and
      // throws; a conflict only the set-based writes meet (an identifier that matches once cut to 255 characters) passes.
      for (const { sub, inv, packed } of batch) onDone(await this.ingest(sub, packed ? { ...inv, software: packed.software() } : inv, opts));
      return;
    }
    for (const r of results) {
      this.rememberTitles(r.titlesAdded);
      if (r.createdDevice || r.added > 0 || r.removed > 0 || r.licensedChanged.length > 0) this.changed(orgId, r, opts.hold);
    }
    for (const r of results) onDone(r);
  }

  /**
   * Records titles ahead of the submissions that will bring them (an
   * imported sheet's, read on another thread meanwhile, see
   * InventoryImporter): those not stored yet, recognised, in a transaction
   * of their own. A title is a row of a reference table; one that no device
   * has is what is left after the last install of it went.
   */
  async recordTitles(titles: { item: KeyedSoftware; osName: string | null }[]): Promise<void> {
    const byOs = new Map<string | null, KeyedSoftware[]>();
    for (const { item, osName } of titles) {
      if (this.knownTitles.has(item.key)) continue;
      const list = byOs.get(osName);
      if (list) list.push(item);
      else byOs.set(osName, [item]);
    }
    if (byOs.size === 0) return;
    const rows: SoftwareTitleRow[] = [];
    const now = nowIso();
    for (const [osName, items] of byOs) for (const r of await newTitleRows(items, osName, now, this.recognize)) rows.push(r);
    await this.database.transaction((trx) => repositories(trx, this.database).inventory.ensureTitles(rows));
    this.rememberTitles(rows.map((r) => r.title_key));
  }

  /** The batch's submissions applied in order inside `trx` (see ingestBatch). */
  private async applyBatchIn(trx: Transaction<DB>, orgId: string, items: BatchItem[], batchKeys: string[]): Promise<ProcessResult[]> {
    const repo = repositories(trx, this.database).inventory;
    const hit = new Set((await repo.findIdentifiers(orgId, items.flatMap((x) => x.ids))).map((i) => `${i.kind}\u0000${i.value}`));
    // Identifiers of the batch so far, as stored (cut to 255): a submission sharing one with an earlier one matches its device.
    const taken = new Set<string>();
    const results: ProcessResult[] = new Array(items.length);
    let fresh: number[] = [];
    for (let i = 0; i < items.length; i++) {
      const x = items[i]!;
      let matches = false;
      for (const id of x.ids) {
        const k = `${id.kind}\u0000${id.value.slice(0, 255)}`;
        if (hit.has(`${id.kind}\u0000${id.value}`) || taken.has(k)) matches = true;
        taken.add(k);
      }
      if (!matches) {
        fresh.push(i);
        continue;
      }
      // A device to update (its differences and history): the one-submission path, after the new devices before it are written.
      await this.createDevicesIn(trx, orgId, items, batchKeys, fresh, results);
      fresh = [];
      const r = await this.applyIn(trx, orgId, x.row.id, x.packed ? { ...x.inv, software: x.packed.software() } : x.inv, false, x.titleRows);
      await repo.insertInventory({ ...x.row, status: 'processed', device_id: r.deviceId, software_count: r.softwareCount, processed_at: nowIso(), error: null });
      results[i] = r;
    }
    await this.createDevicesIn(trx, orgId, items, batchKeys, fresh, results);
    return results;
  }

  /**
   * Creates the devices of submissions that match nothing, a few statements
   * for all of them: what applyIn does for a new device (titles, device,
   * identifiers, installs, licensed installs, the processed record), the
   * rows of many devices per statement.
   */
  private async createDevicesIn(trx: Transaction<DB>, orgId: string, items: BatchItem[], batchKeys: string[], which: number[], results: ProcessResult[]): Promise<void> {
    if (which.length === 0) return;
    const repo = repositories(trx, this.database).inventory;
    await repo.ensureTitles(which.flatMap((i) => items[i]!.titleRows));
    // Installs that need a licence: the few titles of the batch that need one (asked once, its titles stored), then each device's installs of them.
    const licensedTitles = new Map((await repo.licensedTitles(which.length === items.length ? batchKeys : distinctKeys(which.map((i) => items[i]!)))).map((t) => [t.title_key, t]));
    const devices: DeviceRow[] = [];
    const identifiers: { org_id: string; kind: string; value: string; device_id: string }[] = [];
    const installSets: { org_id: string; device_id: string; items: string }[] = [];
    const licensed: NewLicensedInstall[] = [];
    for (const i of which) {
      const { row, inv, ids, titleRows, packed } = items[i]!;
      const now = nowIso();
      const deviceId = newId();
      const add = packed || !inv.softwareIncluded ? [] : (inv.software as KeyedSoftware[]);
      const count = packed ? packed.keys.length : add.length;
      devices.push({ ...(describeDevice(inv, ids, undefined, row.id, now) as DeviceRow), org_id: orgId, id: deviceId, status: 'active', software_count: count, first_seen_at: now });
      for (const id of ids) identifiers.push({ org_id: orgId, kind: id.kind, value: id.value.slice(0, 255), device_id: deviceId });
      const products = new Set<string>();
      const licensedOf = (key: string) => {
        const t = licensedTitles.get(key);
        if (!t) return;
        licensed.push({ org_id: orgId, product_key: t.product_key, device_id: deviceId, title_key: t.title_key, edition: t.edition, major: t.major, rel: t.rel, category: t.category, licence_class: t.licence_class });
        products.add(t.product_key);
      };
      if (packed) {
        for (const k of packed.keys) licensedOf(k);
        if (count > 0) installSets.push({ org_id: orgId, device_id: deviceId, items: packed.installs });
      } else if (add.length > 0) {
        const kept: StoredInstall[] = new Array(add.length);
        for (let k = 0; k < add.length; k++) {
          const s = add[k]!;
          kept[k] = storedInstall(s, null);
          licensedOf(s.key);
        }
        installSets.push({ org_id: orgId, device_id: deviceId, items: JSON.stringify(kept) });
      }
      results[i] = { inventoryId: row.id, deviceId, createdDevice: true, softwareCount: count, added: count, removed: 0, changes: 0, titlesAdded: titleRows.map((t) => t.title_key), licensedChanged: [...products].sort() };
    }
    const processedAt = nowIso();
    const inventories = which.map((i) => ({ ...items[i]!.row, status: 'processed', device_id: results[i]!.deviceId, software_count: results[i]!.softwareCount, processed_at: processedAt, error: null }));
    await repo.insertNewDevices({ devices, identifiers, installSets, licensed, inventories });
  }

  /**
   * Runs `fn` with the change notices of the submissions it passes `hold`
   * held back, then tells each organization's changes once, merged: a bulk
   * import refreshes compliance once, not once per computer between the
   * computers' transactions. Other submissions meanwhile are told as usual.
   */
  async holdingChanges<T>(fn: (hold: ChangeHold) => Promise<T>): Promise<T> {
    const hold: ChangeHold = new Map();
    try {
      return await fn(hold);
    } finally {
      for (const [orgId, r] of hold) this.onChanged?.(orgId, r);
    }
  }

  private changed(orgId: string, r: ProcessResult, hold: ChangeHold | undefined): void {
    if (!hold) return this.onChanged?.(orgId, r);
    const was = hold.get(orgId);
    hold.set(
      orgId,
      was
        ? { ...r, createdDevice: was.createdDevice || r.createdDevice, added: was.added + r.added, removed: was.removed + r.removed, changes: was.changes + r.changes, licensedChanged: [...new Set([...was.licensedChanged, ...r.licensedChanged])].sort() }
        : r,
    );
  }

  /** Records that a stored submission could not be processed (kept for inspection). */
  async fail(orgId: string, inventoryId: string, error: string): Promise<void> {
    await repositories(this.database.db).inventory.finishInventory(orgId, inventoryId, { status: 'failed', error: error.slice(0, 2000), processed_at: nowIso() });
  }

  /**
   * Processes submissions left in `received` (a crash between storing and
   * processing). `parse` turns a stored row back into an inventory.
   */
  async resumePending(parse: (row: { format: string; encoding: string; raw: Buffer }) => Promise<NormalizedInventory>, quarantineOf: (row: { channel: string }) => boolean): Promise<{ processed: number; failed: number }> {
    const repo = repositories(this.database.db).inventory;
    let processed = 0;
    let failed = 0;
    for (;;) {
      const rows = await repo.findPending(100);
      if (rows.length === 0) break;
      for (const row of rows) {
        try {
          const inv = await parse({ format: row.format, encoding: row.encoding, raw: Buffer.from(row.raw) });
          await this.process(row.org_id, row.id, inv, { quarantine: quarantineOf(row) });
          processed++;
        } catch (e) {
          await this.fail(row.org_id, row.id, (e as Error).message);
          failed++;
        }
      }
    }
    return { processed, failed };
  }

  private async applyIn(trx: Transaction<DB>, orgId: string, inventoryId: string, inv: NormalizedInventory, quarantine: boolean, titleRows: SoftwareTitleRow[]): Promise<ProcessResult> {
    const repo = repositories(trx, this.database).inventory;
    const now = nowIso();
    const hw = inv.hardware;
    const ids = identifiersOf(hw);
    const hits = await repo.findIdentifierHits(orgId, ids);
    let deviceId = chooseDevice(hits);
    const existing = deviceId ? await repo.findDevice(orgId, deviceId) : undefined;
    if (!existing) deviceId = null;
    // Open enrollment is unauthenticated: it may create a device or refresh one still in
    // quarantine, never touch an accepted device (its identifiers may be known to anyone).
    if (quarantine && existing && existing.status !== 'quarantined') throw new EnrollmentConflictError();
    const described = describeDevice(inv, ids, existing, inventoryId, now);
    let created = false;
    if (!deviceId) {
      deviceId = newId();
      created = true;
      await repo.insertDevice({ ...(described as DeviceRow), org_id: orgId, id: deviceId, status: quarantine ? 'quarantined' : 'active', software_count: 0, first_seen_at: now });
    }
    await repo.upsertIdentifiers(orgId, deviceId, ids);

    let added = 0;
    let titlesAdded: string[] = [];
    let removed = 0;
    let addedKeys: string[] = [];
    let removedKeys: string[] = [];
    let changes = 0;
    let softwareCount = existing?.software_count ?? 0;
    // A partial inventory with the system and no software list replaces the system's install only (see systemUpdate).
    const system = inv.softwareIncluded ? [] : systemUpdate(inv);
    if (inv.softwareIncluded || system.length > 0) {
      const incoming = inv.softwareIncluded ? dedupeSoftware(inv.software) : system;
      let add: KeyedSoftware[];
      let removeKeys: string[] = [];
      let history: SoftwareChange[] = [];
      let stored: StoredInstall[] = [];
      if (created) {
        // A new device has no software yet: everything is added, and its first inventory is its baseline, not a list of changes.
        add = incoming;
      } else {
        stored = await repo.installsOf(orgId, deviceId);
        // What the inventory describes: the device's software, or only its system's install.
        const described = system.length > 0 ? stored.filter((i) => i[2] === OS_SOURCE) : stored;
        // Only what is no longer there needs its name from the titles: a kept install is the incoming item of the same key.
        const byKey = new Map(incoming.map((s) => [s.key, s]));
        const goneKeys = described.filter((i) => !byKey.has(i[0])).map((i) => i[0]);
        const gone = new Map((await repo.titleNames(goneKeys)).map((t) => [t.key, t]));
        const current = described.map((i) => byKey.get(i[0]) ?? gone.get(i[0]) ?? { key: i[0], name: i[0], version: null, arch: null });
        // An inventory that does not describe the operating system (GLPI partial ones send changed sections only; a sheet's
        // 操作系统 column may be empty) keeps its install.
        const keptOs = (inv.partial || !hw.osName?.trim()) && !incoming.some((s) => s.source === OS_SOURCE) ? stored.filter((i) => i[2] === OS_SOURCE && !byKey.has(i[0])).map((i) => i[0]) : [];
        const full = diffSoftware(keptOs.length > 0 ? current.filter((c) => !keptOs.includes(c.key)) : current, incoming);
        add = full.add;
        // Additive sources (SWID tags: one product each) add to the device and remove nothing.
        removeKeys = inv.softwareAdditive ? [] : full.removeKeys;
        history = inv.softwareAdditive ? full.changes.filter((c) => c.change !== 'removed') : full.changes;
      }
      // Titles never seen before (recognised above); existing ones are left as they are.
      let newTitles = titleRows;
      if (!created) {
        const adding = new Set(add.map((s) => s.key));
        newTitles = titleRows.filter((t) => adding.has(t.title_key));
      }
      await repo.ensureTitles(newTitles);
      titlesAdded = newTitles.map((t) => t.title_key);
      if (add.length > 0 || removeKeys.length > 0) {
        const removing = new Set(removeKeys);
        const kept = stored.filter((i) => !removing.has(i[0]));
        // A new device's installs were first seen with it (its first_seen_at).
        for (const s of add) kept.push(storedInstall(s, created ? null : now));
        await repo.writeInstalls(orgId, deviceId, kept, created);
      }
      if (!created) {
        await repo.insertChanges(
          history.map((c) => ({
            org_id: orgId,
            id: newId(),
            device_id: deviceId!,
            inventory_id: inventoryId,
            at: now,
            change: c.change,
            name: c.name.slice(0, 500),
            arch: c.arch?.slice(0, 64) ?? null,
            old_version: c.oldVersion?.slice(0, 255) ?? null,
            new_version: c.newVersion?.slice(0, 255) ?? null,
          })),
        );
        changes = history.length;
      }
      added = add.length;
      addedKeys = add.map((s) => s.key);
      removedKeys = removeKeys;
      removed = removeKeys.length;
      softwareCount = stored.length - removeKeys.length + add.length;
    }
    await repo.updateDevice(orgId, deviceId, { ...(created ? {} : described), software_count: softwareCount });
    // The installs that need a licence follow the software; a new serial (OEM) or user (per-user licences) touches all of them.
    let licensedChanged = added > 0 || removed > 0 ? await repo.syncLicensed(orgId, deviceId, { added: addedKeys, removed: removedKeys }) : [];
    if (existing && (existing.serial !== described.serial || existing.last_user !== described.last_user)) licensedChanged = [...new Set([...licensedChanged, ...(await repo.licensedProductsOf(orgId, deviceId))])].sort();
    return { inventoryId, deviceId, createdDevice: created, softwareCount, added, removed, changes, titlesAdded, licensedChanged };
  }
}
