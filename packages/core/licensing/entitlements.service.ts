import { keepUpload } from '../files/uploads.ts';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { Transaction } from 'kysely';
import type { EntitlementBody, EntitlementListQuery, EntitlementView, ProofDocument, TransferView } from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import type { DB } from '../../storage/schema.ts';
import { repositories, type EntitlementRow, type EntitlementView as EntitlementRowView, type OrgView } from '../../storage/repositories/index.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { AppError, notFound } from '../errors.ts';
import { newId, nowIso } from '../ids.ts';
import { assertCan, regionPrefix, scopeOf, type Actor } from '../policy/policy.ts';
import type { ComplianceEngine } from './compliance.engine.ts';

/** Proof documents: PDF and images, up to 20 MiB each. */
export const PROOF_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/tiff'] as const;

function validityOf(start: string | null, end: string | null, day: string): EntitlementView['validity'] {
  if (end && end < day) return 'expired';
  if (start && start > day) return 'not-yet-valid';
  return 'valid';
}

export function toEntitlementView(r: EntitlementRowView, day: string): EntitlementView {
  const transferredOut = Number(r.transferred_out ?? 0);
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    name: r.name,
    productKeys: JSON.parse(r.product_keys_json) as string[],
    editions: r.editions_json ? (JSON.parse(r.editions_json) as string[]) : null,
    versionRange: { min: r.version_min, minRelease: r.version_min_release, max: r.version_max, maxRelease: r.version_max_release },
    downgradeRights: Number(r.downgrade_rights) === 1,
    upgradeRightsUntil: r.upgrade_rights_until,
    metric: r.metric as EntitlementView['metric'],
    quantity: Number(r.quantity),
    transferredOut,
    effectiveQuantity: Number(r.quantity) - transferredOut,
    oemSerial: r.oem_serial,
    agreementNo: r.agreement_no,
    start: r.start_day,
    end: r.end_day,
    scope: { kind: r.scope_kind as EntitlementView['scope']['kind'], regionCode: r.scope_region_code },
    orderNo: r.order_no,
    vendor: r.vendor,
    unitPrice: r.unit_price === null ? null : Number(r.unit_price),
    currency: r.currency,
    purchasedAt: r.purchased_at,
    notes: r.notes,
    transferredFromId: r.transferred_from_id,
    validity: validityOf(r.start_day, r.end_day, day),
    consumed: r.consumed === null || r.consumed === undefined ? null : Number(r.consumed),
    remaining: r.remaining === null || r.remaining === undefined ? null : Number(r.remaining),
    documents: Number(r.documents ?? 0),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The columns of an entitlement from what a user recorded. */
export function entitlementColumns(b: EntitlementBody): Omit<EntitlementRow, 'org_id' | 'id' | 'transferred_from_id' | 'created_by' | 'created_at' | 'updated_at'> {
  return {
    name: b.name,
    product_keys_json: JSON.stringify([...new Set(b.productKeys)]),
    editions_json: b.editions ? JSON.stringify(b.editions) : null,
    version_min: b.versionRange.min,
    version_min_release: b.versionRange.minRelease,
    version_max: b.versionRange.max,
    version_max_release: b.versionRange.maxRelease,
    downgrade_rights: b.downgradeRights ? 1 : 0,
    upgrade_rights_until: b.upgradeRightsUntil,
    metric: b.metric,
    quantity: b.metric === 'oem' ? 1 : b.quantity,
    oem_serial: b.oemSerial ? b.oemSerial.trim().toUpperCase() : null,
    agreement_no: b.agreementNo,
    start_day: b.start,
    end_day: b.end,
    scope_kind: b.scope.kind,
    scope_region_code: b.scope.kind === 'region' ? (b.scope.regionCode ?? null) : null,
    order_no: b.orderNo,
    vendor: b.vendor,
    unit_price: b.unitPrice,
    currency: b.currency,
    purchased_at: b.purchasedAt,
    notes: b.notes,
  };
}

/**
 * Entitlements (授权/许可): record, edit, delete, transfer between
 * organizations (a transfer is a record: the source keeps its quantity and
 * counts the units transferred out; the receiver gets a new entitlement),
 * proof documents kept with their checksum. Every change updates the stored
 * positions of the products it touches at once.
 */
export class EntitlementsService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly engine: ComplianceEngine,
  ) {}

  private day(): string {
    return this.engine.clock();
  }

  async list(actor: Actor, q: EntitlementListQuery): Promise<{ items: EntitlementView[]; total: number }> {
    assertCan(actor, 'licence.read');
    if (q.orgId) await this.org(actor, q.orgId, 'licence.read');
    const day = this.day();
    const { rows, total } = await repositories(this.database.db).licensing.listEntitlements(
      scopeOf(actor),
      { orgId: q.orgId, q: q.q, productKey: q.productKey, metric: q.metric, validity: q.validity ? { state: q.validity, day } : undefined },
      { offset: (q.page - 1) * q.pageSize, limit: q.pageSize },
    );
    return { items: rows.map((r) => toEntitlementView(r, day)), total };
  }

  /** Every entitlement in scope matching the filter, in batches (exports). */
  async *iterate(actor: Actor, q: Omit<EntitlementListQuery, 'page' | 'pageSize'>): AsyncGenerator<EntitlementView[]> {
    for (let page = 1; ; page++) {
      const { items } = await this.list(actor, { ...q, page, pageSize: 500 });
      if (items.length) yield items;
      if (items.length < 500) return;
    }
  }

  async get(actor: Actor, orgId: string, id: string) {
    const r = await this.entitlement(actor, orgId, id, 'licence.read');
    const repo = repositories(this.database.db).licensing;
    const [docs, transfers, usage] = await Promise.all([repo.documentsOf(id), repo.transfersOf(id), repo.usageOf([id])]);
    return {
      ...toEntitlementView(r, this.day()),
      documentList: docs.map(toDocument),
      transfers: transfers.map(toTransfer),
      coveredInstalls: usage[0] ? Number(usage[0].covered_installs) : null,
    };
  }

  async create(actor: Actor, orgId: string, body: EntitlementBody): Promise<EntitlementView> {
    const org = await this.org(actor, orgId, 'licence.write');
    await this.checkScope(body, org);
    const id = await this.database.transaction((trx) => this.createIn(trx, actor, org, body));
    await this.engine.refresh({ productKeys: body.productKeys, entitlementIds: [id] });
    return this.view(id);
  }

  /** Creates inside a caller's transaction (import); the caller refreshes the positions. */
  async createIn(trx: Transaction<DB>, actor: Actor, org: OrgView, body: EntitlementBody, transferredFromId: string | null = null): Promise<string> {
    const id = newId();
    const now = nowIso();
    const row: EntitlementRow = { org_id: org.id, id, ...entitlementColumns(body), transferred_from_id: transferredFromId, created_by: actor.userId, created_at: now, updated_at: now };
    await repositories(trx).licensing.insertEntitlement(row);
    await this.audit.append(trx, actor, { action: 'create', entityType: 'entitlement', entityId: id, orgId: org.id, regionCode: org.region_code, after: { ...row, created_at: undefined, updated_at: undefined } });
    return id;
  }

  async update(actor: Actor, orgId: string, id: string, body: EntitlementBody): Promise<EntitlementView> {
    const before = await this.entitlement(actor, orgId, id, 'licence.write');
    const org = await this.org(actor, orgId, 'licence.write');
    await this.checkScope(body, org);
    if (Number(before.transferred_out) > 0 && before.metric !== body.metric) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'metric', key: 'import.value' }], message: 'units were transferred out: the metric cannot change' });
    if (Number(before.transferred_out) > (body.metric === 'oem' ? 1 : body.quantity) && !['site', 'free'].includes(body.metric)) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'quantity', key: 'transfer.quantity' }] });
    const cols = entitlementColumns(body);
    await this.database.transaction(async (trx) => {
      await repositories(trx).licensing.updateEntitlement(id, { ...cols, updated_at: nowIso() });
      await this.audit.append(trx, actor, { action: 'update', entityType: 'entitlement', entityId: id, orgId, regionCode: org.region_code, before: stripView(before), after: cols });
    });
    await this.engine.refresh({ productKeys: [...new Set([...(JSON.parse(before.product_keys_json) as string[]), ...body.productKeys])], entitlementIds: [id] });
    return this.view(id);
  }

  async remove(actor: Actor, orgId: string, id: string): Promise<void> {
    const before = await this.entitlement(actor, orgId, id, 'licence.write');
    if (Number(before.transferred_out) > 0) throw new AppError('VALIDATION_FAILED', { message: 'units of this entitlement were transferred; it stays on record' });
    await this.database.transaction(async (trx) => {
      await repositories(trx).licensing.deleteEntitlement(id);
      await this.audit.append(trx, actor, { action: 'delete', entityType: 'entitlement', entityId: id, orgId, regionCode: before.org_region_code, before: stripView(before) });
    });
    await this.engine.refresh({ productKeys: JSON.parse(before.product_keys_json) as string[], entitlementIds: [id] });
  }

  /**
   * Transfers units to another organization: recorded, not edited in place.
   * The receiver gets a new entitlement with the same terms and the quantity
   * transferred, scoped to itself; the source counts the units as transferred out.
   */
  async transfer(actor: Actor, orgId: string, id: string, body: { toOrgId: string; quantity: number; reason: string }): Promise<TransferView> {
    const src = await this.entitlement(actor, orgId, id, 'licence.write');
    const to = await this.org(actor, body.toOrgId, 'licence.write');
    if (src.metric === 'oem') throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'toOrgId', key: 'entitlement.oem.transfer' }] });
    if (src.metric === 'site' || src.metric === 'free') throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'quantity', key: 'transfer.unlimited' }] });
    if (body.toOrgId === orgId) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'toOrgId', key: 'transfer.same' }] });
    const left = Number(src.quantity) - Number(src.transferred_out);
    if (body.quantity > left) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'quantity', key: 'transfer.quantity' }], details: { available: left } });
    const transferId = newId();
    const at = nowIso();
    const newEntId = await this.database.transaction(async (trx) => {
      const view = toEntitlementView(src, this.day());
      const copy: EntitlementBody = {
        name: view.name,
        productKeys: view.productKeys,
        editions: view.editions,
        versionRange: view.versionRange,
        downgradeRights: view.downgradeRights,
        upgradeRightsUntil: view.upgradeRightsUntil,
        metric: view.metric,
        quantity: body.quantity,
        oemSerial: null,
        agreementNo: view.agreementNo,
        start: view.start,
        end: view.end,
        scope: { kind: 'org', regionCode: null },
        orderNo: view.orderNo,
        vendor: view.vendor,
        unitPrice: view.unitPrice,
        currency: view.currency,
        purchasedAt: view.purchasedAt,
        notes: `转让自 ${src.org_name}：${body.reason}`.slice(0, 2000),
      };
      const newId_ = await this.createIn(trx, actor, to, copy, transferId);
      await repositories(trx).licensing.insertTransfer({ id: transferId, entitlement_id: id, from_org_id: orgId, to_org_id: to.id, quantity: body.quantity, new_entitlement_id: newId_, reason: body.reason, at, by_user: actor.displayName });
      await this.audit.append(trx, actor, { action: 'transfer', entityType: 'entitlement', entityId: id, orgId, regionCode: src.org_region_code, after: { transferId, toOrgId: to.id, quantity: body.quantity, newEntitlementId: newId_, reason: body.reason } });
      return newId_;
    });
    await this.engine.refresh({ productKeys: JSON.parse(src.product_keys_json) as string[], entitlementIds: [id, newEntId] });
    const t = (await repositories(this.database.db).licensing.transfersOf(id)).find((x) => x.id === transferId)!;
    return toTransfer(t);
  }

  async addDocument(actor: Actor, orgId: string, id: string, file: { filename: string; contentType: string | null; data: Buffer }): Promise<ProofDocument> {
    const e = await this.entitlement(actor, orgId, id, 'licence.write');
    const type = (file.contentType ?? '').toLowerCase();
    if (!(PROOF_TYPES as readonly string[]).includes(type) || !sniffOk(type, file.data)) throw new AppError('UNSUPPORTED_FILE', { message: 'proof documents are PDF or images (PNG, JPEG, GIF, WebP, TIFF)' });
    const docId = newId();
    const now = nowIso();
    const sha256 = await this.database.transaction(async (trx) => {
      const repos = repositories(trx);
      const { id: uploadId, sha256 } = await keepUpload(trx, { orgId, userId: actor.userId, kind: 'entitlement-proof', filename: file.filename, contentType: type, data: file.data });
      await repos.licensing.insertDocument({ org_id: orgId, id: docId, entitlement_id: id, upload_id: uploadId, filename: file.filename.slice(0, 255), content_type: type, size: file.data.length, sha256, uploaded_at: now, uploaded_by: actor.displayName });
      await this.audit.append(trx, actor, { action: 'create', entityType: 'entitlement-document', entityId: docId, orgId, regionCode: e.org_region_code, after: { entitlementId: id, filename: file.filename, size: file.data.length, sha256 } });
      return sha256;
    });
    return { id: docId, filename: file.filename.slice(0, 255), contentType: type, size: file.data.length, sha256, uploadedAt: now, uploadedBy: actor.displayName };
  }

  /** A proof document as uploaded; its checksum is verified on the way out. */
  async document(actor: Actor, orgId: string, id: string, docId: string): Promise<{ filename: string; contentType: string; data: Buffer; sha256: string }> {
    await this.entitlement(actor, orgId, id, 'licence.read');
    const repos = repositories(this.database.db);
    const d = await repos.licensing.findDocument(id, docId);
    if (!d) throw notFound('document');
    const up = await repos.uploads.findById(d.upload_id);
    if (!up) throw notFound('document');
    const data = gunzipSync(up.content_gz);
    const sha = createHash('sha256').update(data).digest('hex');
    if (sha !== d.sha256) throw new AppError('INTERNAL', { message: `document ${docId} does not match its recorded checksum` });
    return { filename: d.filename, contentType: d.content_type ?? 'application/octet-stream', data, sha256: sha };
  }

  private async view(id: string): Promise<EntitlementView> {
    const r = await repositories(this.database.db).licensing.findEntitlement(id);
    if (!r) throw notFound('entitlement');
    return toEntitlementView(r, this.day());
  }

  /** The region of a central purchase must contain the owner's region and exist. */
  async checkScope(body: EntitlementBody, org: OrgView): Promise<void> {
    if (body.scope.kind !== 'region' || !body.scope.regionCode) return;
    const code = body.scope.regionCode;
    const region = await repositories(this.database.db).regions.findByCode(code);
    if (!region) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'scope.regionCode', key: 'import.region' }] });
    if (!org.region_code.startsWith(regionPrefix(code))) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'scope.regionCode', key: 'entitlement.scope.outside' }] });
  }

  async org(actor: Actor, orgId: string, action: 'licence.read' | 'licence.write'): Promise<OrgView> {
    const org = await repositories(this.database.db).orgs.findById(orgId);
    if (!org) {
      assertCan(actor, action);
      throw notFound('organization');
    }
    assertCan(actor, action, { orgPath: org.path, regionCode: org.region_code });
    return org;
  }

  private async entitlement(actor: Actor, orgId: string, id: string, action: 'licence.read' | 'licence.write'): Promise<EntitlementRowView> {
    const r = await repositories(this.database.db).licensing.findEntitlement(id);
    if (!r || r.org_id !== orgId) {
      await this.org(actor, orgId, action);
      throw notFound('entitlement');
    }
    assertCan(actor, action, { orgPath: r.org_path, regionCode: r.org_region_code });
    return r;
  }
}

function stripView(r: EntitlementRowView): Record<string, unknown> {
  const { org_name: _n, org_path: _p, org_region_code: _r, documents: _d, consumed: _c, remaining: _m, ...rest } = r;
  return rest;
}

function toDocument(d: { id: string; filename: string; content_type: string | null; size: number; sha256: string; uploaded_at: string; uploaded_by: string | null }): ProofDocument {
  return { id: d.id, filename: d.filename, contentType: d.content_type, size: Number(d.size), sha256: d.sha256, uploadedAt: d.uploaded_at, uploadedBy: d.uploaded_by };
}

function toTransfer(t: { id: string; entitlement_id: string; from_org_id: string; from_name: string; to_org_id: string; to_name: string; quantity: number; new_entitlement_id: string; reason: string; at: string; by_user: string | null }): TransferView {
  return { id: t.id, entitlementId: t.entitlement_id, fromOrgId: t.from_org_id, fromOrgName: t.from_name, toOrgId: t.to_org_id, toOrgName: t.to_name, quantity: Number(t.quantity), newEntitlementId: t.new_entitlement_id, reason: t.reason, at: t.at, by: t.by_user };
}

/** The first bytes must match the declared type: a renamed executable is not a PDF. */
function sniffOk(type: string, b: Buffer): boolean {
  const starts = (...sig: number[]) => sig.every((x, i) => b[i] === x);
  switch (type) {
    case 'application/pdf':
      return b.subarray(0, 5).toString('latin1') === '%PDF-';
    case 'image/png':
      return starts(0x89, 0x50, 0x4e, 0x47);
    case 'image/jpeg':
      return starts(0xff, 0xd8, 0xff);
    case 'image/gif':
      return b.subarray(0, 4).toString('latin1') === 'GIF8';
    case 'image/webp':
      return b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP';
    case 'image/tiff':
      return starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a);
    default:
      return false;
  }
}
