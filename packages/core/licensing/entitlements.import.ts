import { keepUpload } from '../files/uploads.ts';
import type { Transaction } from 'kysely';
import {
  ENTITLEMENT_IMPORT_MESSAGES,
  FIELD_MESSAGES,
  LIMITS,
  entitlementBody,
  translateIssue,
  usccSchema,
  type EntitlementBody,
  type EntitlementImportResult,
  type EntitlementListQuery,
  type Lang,
} from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import { repositories, type EntitlementRow, type OrgView } from '../../storage/repositories/index.ts';
import type { DB } from '../../storage/schema.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { AppError } from '../errors.ts';
import { readTabular, writeXlsx, type TabularRow } from '../files/tabular.ts';
import { assertCan, can, type Actor } from '../policy/policy.ts';
import type { ComplianceEngine } from './compliance.engine.ts';
import {
  ENTITLEMENT_COLUMNS,
  ENTITLEMENT_EXPORT_COLUMNS,
  LIST_SEPARATOR,
  REQUIRED_ENTITLEMENT_COLUMNS,
  headerKey,
  metricFromCell,
  scopeFromCell,
  yesNoFromCell,
  type EntitlementColumn,
  type EntitlementExportRow,
} from './entitlements.columns.ts';
import { entitlementColumns, type EntitlementsService } from './entitlements.service.ts';

type RowError = EntitlementImportResult['errors'][number];
type MessageKey = keyof typeof FIELD_MESSAGES | keyof typeof ENTITLEMENT_IMPORT_MESSAGES;

/** A row that passed the contract: its owner's USCC and what it records. */
export interface ParsedEntitlementRow {
  row: number;
  ownerUscc: string;
  body: EntitlementBody;
}

export interface EntitlementImportOptions {
  /** all-or-nothing: one bad row rejects the file; valid-rows: the good rows are imported */
  mode: 'all-or-nothing' | 'valid-rows';
  /** check and report without writing (the raw file is still kept) */
  dryRun: boolean;
  filename: string;
  contentType?: string | undefined;
  /** language of the row messages */
  lang: Lang;
  onProgress?: (done: number, total: number) => void;
}

/** Rolls a dry run (or a rejected file) back after it computed everything. */
class Rollback extends Error {}

function message(code: string, lang: Lang): string {
  const m = (FIELD_MESSAGES as Record<string, Record<Lang, string>>)[code] ?? (ENTITLEMENT_IMPORT_MESSAGES as Record<string, Record<Lang, string>>)[code];
  return m ? m[lang] : code;
}

/** Contract paths of entitlementBody → spreadsheet columns. */
const PATH_COLUMNS: Record<string, EntitlementColumn> = {
  name: 'name',
  productKeys: 'productKeys',
  editions: 'editions',
  'versionRange.min': 'versionMin',
  'versionRange.minRelease': 'versionMinRelease',
  'versionRange.max': 'versionMax',
  'versionRange.maxRelease': 'versionMaxRelease',
  versionRange: 'versionMin',
  downgradeRights: 'downgradeRights',
  upgradeRightsUntil: 'upgradeRightsUntil',
  metric: 'metric',
  quantity: 'quantity',
  oemSerial: 'oemSerial',
  agreementNo: 'agreementNo',
  start: 'start',
  end: 'end',
  scope: 'scopeKind',
  'scope.kind': 'scopeKind',
  'scope.regionCode': 'scopeRegionCode',
  orderNo: 'orderNo',
  vendor: 'vendor',
  unitPrice: 'unitPrice',
  currency: 'currency',
  purchasedAt: 'purchasedAt',
  notes: 'notes',
};

function columnOfPath(path: readonly PropertyKey[]): string {
  const p = path.map(String);
  const col = PATH_COLUMNS[p.slice(0, 2).join('.')] ?? PATH_COLUMNS[p[0] ?? ''];
  return col ? ENTITLEMENT_COLUMNS[col] : p.join('.');
}

/** `2024/1/5`, `2024.1.5`, `2024年1月5日` → `2024-01-05`; anything else as written (the contract reports it). */
function dayOf(text: string): string | null {
  if (!text) return null;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : text.trim();
}

/** A number as Excel or a person writes it: thousands separators and a currency sign allowed. */
function numberOf(text: string): number | null | 'invalid' {
  const t = text.replace(/[,，\s¥￥]/g, '');
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : 'invalid';
}

const listOf = (text: string) => text.split(LIST_SEPARATOR).map((s) => s.trim()).filter(Boolean);

/**
 * The identity of an entitlement across imports: owner, order number,
 * agreement number, name, products and OEM serial. Two rows with the same
 * identity describe the same purchase.
 */
export function entitlementIdentity(owner: string, c: Pick<EntitlementRow, 'order_no' | 'agreement_no' | 'name' | 'product_keys_json' | 'oem_serial'>): string {
  return [owner, c.order_no ?? '', c.agreement_no ?? '', c.name, productSet(c.product_keys_json), c.oem_serial ?? ''].join('\u0000');
}

/** Product keys in a canonical order: the order they were listed in does not matter. */
const productSet = (json: string) => [...new Set(JSON.parse(json) as string[])].sort().join(';');

/** Whether a stored entitlement has the terms a row records (numbers compared as numbers: PostgreSQL returns numerics as text). */
function sameTerms(cols: ReturnType<typeof entitlementColumns>, stored: EntitlementRow): boolean {
  for (const [k, v] of Object.entries(cols)) {
    const s = stored[k as keyof EntitlementRow];
    if (k === 'product_keys_json') {
      if (productSet(String(v)) !== productSet(String(s))) return false;
      continue;
    }
    if ((v ?? null) === (s ?? null)) continue;
    if (v === null || s === null || s === undefined) return false;
    if (typeof v === 'number' || typeof s === 'number') {
      if (Number(v) !== Number(s)) return false;
    } else if (String(v) !== String(s)) return false;
  }
  return true;
}

/**
 * Turns spreadsheet rows into validated entitlement bodies; reports every
 * problem by row and column header. Headers are matched loosely
 * (headerKey), so a header retyped with a hint in parentheses still counts.
 */
export function parseEntitlementRows(rows: TabularRow[], lang: Lang): { parsed: ParsedEntitlementRow[]; errors: RowError[] } {
  const parsed: ParsedEntitlementRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of rows) {
    const byKey = new Map(Object.entries(cells).map(([h, v]) => [headerKey(h), v]));
    const cell = (c: EntitlementColumn) => byKey.get(headerKey(ENTITLEMENT_COLUMNS[c])) ?? '';
    const rowErrors: RowError[] = [];
    const err = (c: EntitlementColumn, code: MessageKey, suffix = '') => rowErrors.push({ row, field: ENTITLEMENT_COLUMNS[c], code, message: message(code, lang) + suffix });
    for (const c of REQUIRED_ENTITLEMENT_COLUMNS) if (!cell(c)) err(c, 'required');

    let ownerUscc = '';
    if (cell('ownerUscc')) {
      const u = usccSchema.safeParse(cell('ownerUscc'));
      if (u.success) ownerUscc = u.data;
      else for (const issue of u.error.issues) rowErrors.push({ row, field: ENTITLEMENT_COLUMNS.ownerUscc, ...pick(translateIssue(issue, lang)) });
    }
    const metric = cell('metric') ? metricFromCell(cell('metric')) : null;
    if (cell('metric') && !metric) err('metric', 'import.value', `: ${cell('metric')}`);
    const scopeKind = cell('scopeKind') ? scopeFromCell(cell('scopeKind')) : 'org';
    if (!scopeKind) err('scopeKind', 'import.value', `: ${cell('scopeKind')}`);
    const downgrade = cell('downgradeRights') ? yesNoFromCell(cell('downgradeRights')) : false;
    if (downgrade === null) err('downgradeRights', 'import.yesNo');
    const quantity = numberOf(cell('quantity'));
    if (quantity === 'invalid') err('quantity', 'import.number');
    const unitPrice = numberOf(cell('unitPrice'));
    if (unitPrice === 'invalid') err('unitPrice', 'import.number');

    if (rowErrors.length === 0) {
      const candidate = {
        name: cell('name'),
        productKeys: listOf(cell('productKeys')),
        editions: listOf(cell('editions')),
        versionRange: { min: cell('versionMin'), minRelease: cell('versionMinRelease'), max: cell('versionMax'), maxRelease: cell('versionMaxRelease') },
        downgradeRights: downgrade,
        upgradeRightsUntil: dayOf(cell('upgradeRightsUntil')),
        metric,
        ...(quantity === null ? {} : { quantity }),
        oemSerial: cell('oemSerial'),
        agreementNo: cell('agreementNo'),
        start: dayOf(cell('start')),
        end: dayOf(cell('end')),
        scope: { kind: scopeKind, regionCode: cell('scopeRegionCode') || null },
        orderNo: cell('orderNo'),
        vendor: cell('vendor'),
        unitPrice,
        // A price without a currency is in yuan: the programme buys in China.
        currency: cell('currency') || (unitPrice !== null ? 'CNY' : null),
        purchasedAt: dayOf(cell('purchasedAt')),
        notes: cell('notes'),
      };
      const res = entitlementBody.safeParse(candidate);
      if (!res.success) {
        for (const issue of res.error.issues) rowErrors.push({ row, field: columnOfPath(issue.path), ...pick(translateIssue(issue, lang)) });
      } else {
        // In the file, the owner's USCC stands for the owner (one organization per code).
        const id = entitlementIdentity(ownerUscc, entitlementColumns(res.data));
        const dup = seen.get(id);
        if (dup !== undefined) err('name', 'import.duplicateRow', ` (${dup})`);
        else {
          seen.set(id, row);
          parsed.push({ row, ownerUscc, body: res.data });
        }
      }
    }
    errors.push(...rowErrors);
  }
  return { parsed, errors };
}

const pick = (t: { code: string; message: string }) => ({ code: t.code, message: t.message });

/** A row whose owner is known and in the importer's scope. */
interface ReadyRow extends ParsedEntitlementRow {
  owner: OrgView;
}

/**
 * Imports entitlements (授权) from XLSX/CSV. Every row passes the contract
 * and the service's checks (owner in the importer's scope, the region of a
 * central purchase); the writes share one transaction; the positions are
 * refreshed once, after the commit, for every product touched. Rows
 * already recorded are left alone (unchanged), so a file imports once.
 */
export class EntitlementsImporter {
  constructor(
    private readonly database: Database,
    private readonly entitlements: EntitlementsService,
    private readonly audit: AuditService,
    private readonly engine: ComplianceEngine,
  ) {}

  async import(actor: Actor, file: Buffer, opts: EntitlementImportOptions): Promise<EntitlementImportResult> {
    assertCan(actor, 'licence.write');
    const uploadId = await this.keepUpload(actor, file, opts);
    const table = await readTabular(file, { filename: opts.filename, maxRows: LIMITS.importRows });
    const { parsed, errors } = parseEntitlementRows(table, opts.lang);
    const result: EntitlementImportResult = { uploadId, totalRows: table.length, created: 0, unchanged: 0, skipped: 0, dryRun: opts.dryRun, rejected: false, errors };
    // Owners and scope checks read outside the transaction (SQLite has one connection, held by the transaction).
    const ready = await this.check(actor, parsed, result, opts.lang);
    const created: { id: string; productKeys: string[] }[] = [];
    try {
      await this.database.transaction(async (trx) => {
        await this.apply(trx, actor, ready, result, created, opts);
        result.errors.sort((a, b) => a.row - b.row);
        if (result.errors.length > 0 && opts.mode === 'all-or-nothing') {
          result.rejected = true;
          throw new Rollback();
        }
        result.skipped = new Set(result.errors.map((e) => e.row)).size;
        if (opts.dryRun) throw new Rollback();
        await this.audit.append(trx, actor, { action: 'import', entityType: 'entitlement', entityId: null, orgId: actor.orgId, regionCode: actor.regionCode, after: { uploadId, filename: opts.filename, created: result.created, unchanged: result.unchanged, skipped: result.skipped } });
      });
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
    }
    if (result.rejected) {
      result.skipped = result.totalRows;
      result.created = 0;
      result.unchanged = 0;
    } else if (!opts.dryRun && created.length > 0) {
      // One refresh for the whole file: the pools of every product and entitlement it added.
      await this.engine.refresh({ productKeys: [...new Set(created.flatMap((c) => c.productKeys))], entitlementIds: created.map((c) => c.id) });
    }
    return result;
  }

  /** Resolves owners by USCC, checks the importer's scope and the region of central purchases. */
  private async check(actor: Actor, rows: ParsedEntitlementRow[], result: EntitlementImportResult, lang: Lang): Promise<ReadyRow[]> {
    const repos = repositories(this.database.db);
    const owners = new Map((await repos.orgs.findByUsccs([...new Set(rows.map((r) => r.ownerUscc))])).map((o) => [o.uscc, o]));
    const scopeChecks = new Map<string, AppError | null>();
    const ready: ReadyRow[] = [];
    for (const r of rows) {
      const err = (c: EntitlementColumn, code: MessageKey) => result.errors.push({ row: r.row, field: ENTITLEMENT_COLUMNS[c], code, message: message(code, lang) });
      const o = owners.get(r.ownerUscc);
      if (!o) {
        err('ownerUscc', 'import.owner');
        continue;
      }
      if (!can(actor, 'licence.write', { orgPath: o.path, regionCode: o.region_code })) {
        err('ownerUscc', 'import.forbidden');
        continue;
      }
      const owner: OrgView = { ...o, region_name: null, parent_name: null };
      const key = `${r.body.scope.kind}|${r.body.scope.regionCode ?? ''}|${o.region_code}`;
      if (!scopeChecks.has(key)) {
        try {
          await this.entitlements.checkScope(r.body, owner);
          scopeChecks.set(key, null);
        } catch (e) {
          if (!(e instanceof AppError) || e.code !== 'VALIDATION_FAILED') throw e;
          scopeChecks.set(key, e);
        }
      }
      const failed = scopeChecks.get(key);
      if (failed) {
        for (const f of failed.options.fields ?? [{ path: 'scope.regionCode', key: 'import.region' }]) {
          result.errors.push({ row: r.row, field: columnOfPath(f.path.split('.')), code: f.key, message: message(f.key, lang) });
        }
        continue;
      }
      ready.push({ ...r, owner });
    }
    return ready;
  }

  private async apply(trx: Transaction<DB>, actor: Actor, rows: ReadyRow[], result: EntitlementImportResult, created: { id: string; productKeys: string[] }[], opts: EntitlementImportOptions) {
    const recorded = await recordedEntitlements(trx, [...new Set(rows.map((r) => r.owner.id))]);
    let done = 0;
    for (const r of rows) {
      done++;
      if (done % 200 === 0) opts.onProgress?.(done, rows.length);
      const cols = entitlementColumns(r.body);
      const same = recorded.get(entitlementIdentity(r.owner.id, cols)) ?? [];
      if (same.some((s) => sameTerms(cols, s))) {
        result.unchanged++;
        continue;
      }
      if (same.length > 0) {
        result.errors.push({ row: r.row, field: ENTITLEMENT_COLUMNS.name, code: 'import.conflict', message: message('import.conflict', opts.lang) });
        continue;
      }
      const id = await this.entitlements.createIn(trx, actor, r.owner, r.body);
      created.push({ id, productKeys: r.body.productKeys });
      result.created++;
    }
    opts.onProgress?.(rows.length, rows.length);
  }

  /** Keeps the raw file as sent, in its own transaction, before anything else. */
  private async keepUpload(actor: Actor, file: Buffer, opts: EntitlementImportOptions): Promise<string> {
    const { id } = await keepUpload(this.database.db, { orgId: actor.orgId, userId: actor.userId, kind: 'entitlement-import', filename: opts.filename, contentType: opts.contentType ?? null, data: file });
    return id;
  }
}

/** The entitlements the owners already have, by identity. */
async function recordedEntitlements(trx: Transaction<DB>, orgIds: string[]): Promise<Map<string, EntitlementRow[]>> {
  const out = new Map<string, EntitlementRow[]>();
  for (let i = 0; i < orgIds.length; i += 500) {
    const rows = await trx.selectFrom('entitlements').selectAll().where('org_id', 'in', orgIds.slice(i, i + 500)).execute();
    for (const r of rows) {
      const k = entitlementIdentity(r.org_id, r);
      const list = out.get(k);
      if (list) list.push(r);
      else out.set(k, [r]);
    }
  }
  return out;
}

/**
 * The entitlement list in the actor's scope as an XLSX in the import
 * layout (an export re-imports unchanged), with the owner's USCC.
 */
export async function entitlementsWorkbook(database: Database, entitlements: EntitlementsService, actor: Actor, filter: Omit<EntitlementListQuery, 'page' | 'pageSize'>): Promise<Buffer> {
  const usccById = new Map<string, string>();
  async function* rows(): AsyncGenerator<EntitlementExportRow[]> {
    for await (const batch of entitlements.iterate(actor, filter)) {
      const missing = [...new Set(batch.map((e) => e.orgId))].filter((id) => !usccById.has(id));
      if (missing.length) for (const o of await database.db.selectFrom('organizations').select(['id', 'uscc']).where('id', 'in', missing).execute()) usccById.set(o.id, o.uscc);
      yield batch.map((e) => ({ ...e, ownerUscc: usccById.get(e.orgId) ?? '' }));
    }
  }
  return writeXlsx('授权', ENTITLEMENT_EXPORT_COLUMNS, rows());
}
