import type { BulletinCreateBody, BulletinListQuery, BulletinPublishBody, BulletinSection, BulletinSummary, BulletinTables, BulletinUpdateBody, BulletinView } from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import { repositories, type BulletinListRow, type BulletinRow, type BulletinVisibility, type FigureFields, type SnapshotRow } from '../../storage/repositories/index.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import type { CampaignService } from '../campaign/campaign.service.ts';
import type { SnapshotService } from '../campaign/snapshot.service.ts';
import { dayEndUtc, dayStartUtc } from '../dates.ts';
import { AppError, notFound } from '../errors.ts';
import { newId, nowIso } from '../ids.ts';
import { NATIONAL_CODE } from '../licensing/legalization.rules.ts';
import { assertCan, can, scopeOf, type Actor } from '../policy/policy.ts';
import { buildTables, contentChecksum, defaultContent, inScopeRegion, monthEnd, monthsBefore, previousMonth, unitOf, type FrozenContent } from './bulletin.rules.ts';

/** Lock key that serializes bulletin creation and publishing on PostgreSQL. */
const BULLETIN_LOCK = 7_700_031;

/** Monthly bulletins are due before the 5th (每月5日前). */
export const MONTHLY_DUE_DAY = 5;

const EMPTY_DEADLINES = { provincial: null, prefecture: null, county: null };

/** The instant a snapshot's records were read up to (as SnapshotService freezes them). */
const cutoffOf = (s: Pick<SnapshotRow, 'day' | 'created_at'>) => (s.created_at < dayEndUtc(s.day) ? s.created_at : dayEndUtc(s.day));

function summary(r: BulletinListRow): BulletinSummary {
  return {
    id: r.id,
    kind: r.kind as BulletinSummary['kind'],
    regionCode: r.region_code,
    regionName: r.region_code === NATIONAL_CODE ? '全国' : (r.region_name ?? r.region_code),
    month: r.month,
    snapshotId: r.snapshot_id,
    snapshotDay: r.snapshot_day,
    status: r.status as BulletinSummary['status'],
    docNumber: r.doc_number,
    title: r.title,
    issuingOrgan: r.issuing_organ,
    publishDate: r.publish_date,
    publishedBy: r.published_by,
    publishedAt: r.published_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** What a published row froze, as hashed. */
function frozenOf(r: BulletinRow): FrozenContent {
  return {
    kind: r.kind,
    regionCode: r.region_code,
    month: r.month,
    snapshotId: r.snapshot_id,
    docNumber: r.doc_number ?? '',
    title: r.title,
    issuingOrgan: r.issuing_organ,
    recipients: r.recipients,
    sections: JSON.parse(r.sections_json) as BulletinSection[],
    cc: r.cc,
    includeTables: r.include_tables === 1,
    tables: r.tables_json ? (JSON.parse(r.tables_json) as BulletinTables) : null,
    publishDate: r.publish_date ?? '',
  };
}

function toView(r: BulletinListRow): BulletinView {
  const published = r.status === 'published';
  return {
    ...summary(r),
    recipients: r.recipients,
    sections: JSON.parse(r.sections_json) as BulletinSection[],
    cc: r.cc,
    includeTables: Number(r.include_tables) === 1,
    tables: r.tables_json ? (JSON.parse(r.tables_json) as BulletinTables) : null,
    checksum: r.checksum,
    checksumOk: published ? contentChecksum(frozenOf({ ...r, include_tables: Number(r.include_tables) })) === r.checksum : null,
  };
}

/**
 * Bulletins (通报): monthly bulletins drafted from the month-end snapshot,
 * special bulletins and information reports; edited, numbered (文号) and
 * published by the national office, or by a province's administrator for
 * the province's own. A published bulletin is frozen: its text and figure
 * tables are hashed and never updated, so every download shows the same.
 */
export class BulletinService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly snapshots: SnapshotService,
    private readonly campaigns: CampaignService,
  ) {}

  /**
   * What an actor reads: national readers everything; a region-scoped
   * reader the published national bulletins and those of its province, and
   * the drafts of its province when its scope is the whole province.
   */
  private visibility(actor: Actor): BulletinVisibility {
    const scope = scopeOf(actor);
    if (scope.kind === 'all') return { all: true };
    if (scope.kind !== 'region' || !actor.regionCode) return { draftScopes: [], publishedScopes: [NATIONAL_CODE] };
    const province = `${actor.regionCode.slice(0, 2)}0000`;
    return { draftScopes: province.startsWith(scope.prefix) ? [province] : [], publishedScopes: [NATIONAL_CODE, province] };
  }

  private visible(actor: Actor, r: Pick<BulletinRow, 'status' | 'region_code'>): boolean {
    const v = this.visibility(actor);
    if (v.all) return true;
    return v.draftScopes.includes(r.region_code) || (r.status === 'published' && v.publishedScopes.includes(r.region_code));
  }

  /** Writing a bulletin of a scope: the national office for 000000, a province's own administrator for the province. */
  private assertWrite(actor: Actor, regionCode: string): void {
    assertCan(actor, 'bulletin.write', { orgPath: null, regionCode });
  }

  private async row(actor: Actor, id: string): Promise<BulletinListRow> {
    const r = await repositories(this.database.db).bulletin.find(id);
    if (!r || !this.visible(actor, r)) {
      assertCan(actor, 'bulletin.read');
      throw notFound('bulletin');
    }
    return r;
  }

  async list(actor: Actor, q: BulletinListQuery = {}): Promise<BulletinSummary[]> {
    assertCan(actor, 'bulletin.read');
    return (await repositories(this.database.db).bulletin.list(this.visibility(actor), q)).map(summary);
  }

  async get(actor: Actor, id: string): Promise<BulletinView> {
    assertCan(actor, 'bulletin.read');
    return toView(await this.row(actor, id));
  }

  /** A bulletin to render: refused when a published bulletin's frozen content no longer matches its checksum. */
  async document(actor: Actor, id: string): Promise<BulletinView> {
    const v = await this.get(actor, id);
    if (v.checksumOk === false) throw new AppError('INTERNAL', { message: `bulletin ${id}: the frozen content no longer matches its checksum (altered)` });
    return v;
  }

  // ——— drafts ———

  /** The month-end snapshot of a month; taken now when missing (the month is over) by an actor who may take snapshots. */
  private async monthEndSnapshot(actor: Actor, month: string): Promise<SnapshotRow> {
    const day = monthEnd(month);
    const repo = repositories(this.database.db).campaign;
    const found = await repo.findSnapshot(day);
    if (found) return found;
    if (!can(actor, 'campaign.write')) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'month', key: 'bulletin.snapshot.missing' }] });
    try {
      await this.snapshots.create(actor, { day });
    } catch (e) {
      // Taken meanwhile by someone else (the scheduler, another office): use it.
      if (!(e instanceof AppError && e.code === 'SNAPSHOT_EXISTS')) throw e;
    }
    return (await repo.findSnapshot(day))!;
  }

  private async scopeName(regionCode: string): Promise<string> {
    if (regionCode === NATIONAL_CODE) return '全国';
    const r = await repositories(this.database.db).regions.findByCode(regionCode);
    if (!r) throw new AppError('REGION_UNKNOWN', { fields: [{ path: 'regionCode', key: 'import.region' }] });
    return r.name;
  }

  /** The figure tables of a scope from a snapshot (and the month-end snapshots before it). */
  async tablesFor(snapshot: SnapshotRow, scope: { code: string; name: string }): Promise<BulletinTables> {
    const repos = repositories(this.database.db);
    const month = snapshot.day.slice(0, 7);
    const deadlines = snapshot.campaign_id ? (await this.campaigns.definition(snapshot.campaign_id)).deadlines : EMPTY_DEADLINES;
    const rows = await repos.campaign.figuresOf(snapshot.id);
    const previousSnap = await repos.campaign.findSnapshot(monthEnd(monthsBefore(month, 1)));
    const previous = previousSnap ? { day: previousSnap.day, rows: await repos.campaign.figuresOf(previousSnap.id) } : null;
    const completedInMonth = !previous && snapshot.campaign_id ? await repos.bulletin.completedBetween(snapshot.campaign_id, dayStartUtc(`${month}-01`), cutoffOf(snapshot)) : null;
    const mine = rows.filter((r) => r.kind === 'org' && r.in_scope && inScopeRegion(scope.code, r.region_code));
    const regionNames = await repos.campaign.regionNames([...new Set(mine.map((r) => unitOf(scope.code, r.region_code)))]);
    const doneIds = mine.filter((r) => Number(r.completed) + Number(r.verified) > 0).map((r) => r.subject);
    const orgNames = new Map([...(await repos.campaign.orgNames(doneIds))].map(([id, o]) => [id, o.name]));
    const subject = `R:${scope.code}`;
    const trend: { day: string; row: FigureFields }[] = (await repos.bulletin.monthEndRowsOf(subject, monthEnd(monthsBefore(month, 11)), snapshot.day)).map((r) => ({ day: r.day, row: r }));
    if (snapshot.kind !== 'month-end') {
      const node = rows.find((r) => r.subject === subject);
      if (node) trend.push({ day: snapshot.day, row: node });
    }
    return buildTables({ month, day: snapshot.day, scope, deadlines, rows, previous, completedInMonth, regionNames, orgNames, trend });
  }

  /**
   * Starts a bulletin. Monthly: the month's draft from its month-end
   * snapshot (taken now if missing and the month is over); asking again for
   * the same month and scope returns the existing one (`created: false`).
   * Special bulletins and information reports quote the month-end snapshot
   * of `month`, or the newest snapshot.
   */
  async create(actor: Actor, body: BulletinCreateBody): Promise<{ bulletin: BulletinView; created: boolean }> {
    this.assertWrite(actor, body.regionCode);
    const scope = { code: body.regionCode, name: await this.scopeName(body.regionCode) };
    const today = this.campaigns.clock();
    const repos = repositories(this.database.db);
    const month = body.kind === 'monthly' ? (body.month ?? previousMonth(today)) : (body.month ?? null);
    if (month && monthEnd(month) >= today) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'month', key: 'bulletin.month.open' }] });
    if (body.kind === 'monthly') {
      const existing = await repos.bulletin.findMonthly(scope.code, month!);
      if (existing) return { bulletin: await this.get(actor, existing.id), created: false };
    }
    const snapshot = month ? await this.monthEndSnapshot(actor, month) : ((await repos.bulletin.newestSnapshot(today)) ?? null);
    const tables = snapshot ? await this.tablesFor(snapshot, scope) : null;
    const content = defaultContent(body.kind, scope, body.kind === 'monthly' ? month : null, tables);
    const now = nowIso();
    const row: BulletinRow = {
      id: newId(),
      kind: body.kind,
      region_code: scope.code,
      month: body.kind === 'monthly' ? month : null,
      snapshot_id: snapshot?.id ?? null,
      status: 'draft',
      doc_number: null,
      title: content.title,
      issuing_organ: content.issuingOrgan,
      recipients: content.recipients,
      sections_json: JSON.stringify(content.sections),
      cc: content.cc,
      include_tables: tables ? 1 : 0,
      tables_json: tables ? JSON.stringify(tables) : null,
      publish_date: null,
      published_by: null,
      published_at: null,
      checksum: null,
      created_by: actor.displayName,
      created_at: now,
      updated_at: now,
    };
    const created = await this.database.transaction(async (trx) => {
      await this.database.lockForAppend(trx, BULLETIN_LOCK);
      const repo = repositories(trx).bulletin;
      // Two generators at once (the scheduler and a person): the first one wins, the second gets its draft.
      if (row.kind === 'monthly' && (await repo.findMonthly(row.region_code, row.month!))) return false;
      await repo.insert(row);
      await this.audit.append(trx, actor, { action: 'create', entityType: 'bulletin', entityId: row.id, regionCode: row.region_code, after: { kind: row.kind, regionCode: row.region_code, month: row.month, snapshotId: row.snapshot_id, title: row.title } });
      return true;
    });
    if (!created) return { bulletin: await this.get(actor, (await repos.bulletin.findMonthly(row.region_code, row.month!))!.id), created: false };
    return { bulletin: await this.get(actor, row.id), created: true };
  }

  /** The previous month's national draft, once, from the 1st to the 5th (the scheduler calls it when the day turns). Nothing without a campaign to report. */
  async ensureMonthlyDraft(actor: Actor = SYSTEM_ACTOR): Promise<{ bulletin: BulletinView | null; created: boolean }> {
    const today = this.campaigns.clock();
    const month = previousMonth(today);
    const repos = repositories(this.database.db);
    const existing = await repos.bulletin.findMonthly(NATIONAL_CODE, month);
    if (existing) return { bulletin: await this.get(actor, existing.id), created: false };
    // The bulletin is due before the 5th: later in the month a missing draft is the office's call, not the scheduler's.
    if (Number(today.slice(8, 10)) > MONTHLY_DUE_DAY) return { bulletin: null, created: false };
    if (!(await repos.campaign.findSnapshot(monthEnd(month))) && !(await repos.campaign.currentCampaign())) return { bulletin: null, created: false };
    return this.create(actor, { kind: 'monthly', regionCode: NATIONAL_CODE, month });
  }

  private async draft(actor: Actor, id: string): Promise<BulletinListRow> {
    assertCan(actor, 'bulletin.write');
    const r = await this.row(actor, id);
    this.assertWrite(actor, r.region_code);
    if (r.status !== 'draft') throw new AppError('BULLETIN_PUBLISHED');
    return r;
  }

  /** Edits a draft's text. A published bulletin refuses every edit. */
  async update(actor: Actor, id: string, body: BulletinUpdateBody): Promise<BulletinView> {
    const before = await this.draft(actor, id);
    const patch = {
      title: body.title,
      doc_number: body.docNumber,
      issuing_organ: body.issuingOrgan,
      recipients: body.recipients,
      sections_json: JSON.stringify(body.sections),
      cc: body.cc,
      // A monthly bulletin always carries its tables; the others only when they have a snapshot.
      include_tables: before.kind === 'monthly' || (body.includeTables && before.tables_json) ? 1 : 0,
      updated_at: nowIso(),
    };
    await this.database.transaction(async (trx) => {
      if (!(await repositories(trx).bulletin.updateDraft(id, patch))) throw new AppError('BULLETIN_PUBLISHED');
      await this.audit.append(trx, actor, { action: 'update', entityType: 'bulletin', entityId: id, regionCode: before.region_code, before: { title: before.title, docNumber: before.doc_number, issuingOrgan: before.issuing_organ, recipients: before.recipients, sections: JSON.parse(before.sections_json), cc: before.cc, includeTables: before.include_tables }, after: { ...body } });
    });
    return this.get(actor, id);
  }

  /** Numbers and publishes a draft: its text and tables are frozen and hashed. A document number belongs to one published bulletin. */
  async publish(actor: Actor, id: string, body: BulletinPublishBody): Promise<BulletinView> {
    const before = await this.draft(actor, id);
    const now = nowIso();
    const publishDate = body.publishDate ?? this.campaigns.clock();
    const frozen = frozenOf({ ...before, include_tables: Number(before.include_tables), doc_number: body.docNumber, publish_date: publishDate });
    const patch = {
      doc_number: body.docNumber,
      title: before.title,
      issuing_organ: before.issuing_organ,
      recipients: before.recipients,
      sections_json: before.sections_json,
      cc: before.cc,
      include_tables: Number(before.include_tables),
      tables_json: before.tables_json,
      publish_date: publishDate,
      published_by: actor.displayName,
      published_at: now,
      checksum: contentChecksum(frozen),
      updated_at: now,
    };
    await this.database.transaction(async (trx) => {
      await this.database.lockForAppend(trx, BULLETIN_LOCK);
      const repo = repositories(trx).bulletin;
      if (await repo.findPublishedByDocNumber(body.docNumber)) throw new AppError('DOC_NUMBER_TAKEN', { fields: [{ path: 'docNumber', key: 'bulletin.docNumber.taken' }] });
      if (!(await repo.publish(id, patch))) throw new AppError('BULLETIN_PUBLISHED');
      await this.audit.append(trx, actor, { action: 'publish', entityType: 'bulletin', entityId: id, regionCode: before.region_code, before: { status: 'draft' }, after: { status: 'published', docNumber: body.docNumber, publishDate, checksum: patch.checksum } });
    });
    return this.get(actor, id);
  }

  /** Discards a draft; a published bulletin stays. */
  async remove(actor: Actor, id: string): Promise<void> {
    const before = await this.draft(actor, id);
    await this.database.transaction(async (trx) => {
      if (!(await repositories(trx).bulletin.deleteDraft(id))) throw new AppError('BULLETIN_PUBLISHED');
      await this.audit.append(trx, actor, { action: 'delete', entityType: 'bulletin', entityId: id, regionCode: before.region_code, before: { kind: before.kind, month: before.month, title: before.title } });
    });
  }
}
