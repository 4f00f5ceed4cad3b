import type {
  CampaignBody,
  CampaignLevel,
  CampaignView,
  DecisionBody,
  Deadlines,
  Evidence,
  ExceptionView,
  ProgrammeCategory,
  ProgressDetail,
  ProgressItem,
  ProgressListQuery,
  ProgressStatus,
  StatusCounts,
  TransitionBody,
  TransitionView,
} from '../../contracts/index.ts';
import { CAMPAIGN_LEVELS, PROGRESS_LABELS } from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import { repositories, type CampaignExceptionView, type CampaignProgressView, type CampaignRow, type DeadlineRow, type OrgView, type TransitionRow } from '../../storage/repositories/index.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { cstDay } from '../dates.ts';
import { AppError, notFound } from '../errors.ts';
import { newId, nowIso } from '../ids.ts';
import { assertCan, regionPrefix, scopeOf, type Actor } from '../policy/policy.ts';
import { allowedNext, canFollow, deadlineOf, evidenceOf, evidenceProblems, isBehind, isLevelAbove, levelsPastDeadline, needsLevelAbove } from './campaign.rules.ts';

const n = (v: unknown) => Number(v ?? 0);
const emptyCounts = (): StatusCounts => ({ 'not-started': 0, 'self-check': 0, rectifying: 0, completed: 0, verified: 0 });

/** A campaign as the services use it: the row with its deadlines and categories decoded. */
export interface CampaignDef {
  row: CampaignRow;
  deadlines: Deadlines;
  categories: ProgrammeCategory[];
  /** levels with a deadline: the agencies of these levels are in scope */
  levels: CampaignLevel[];
}

export function toDeadlines(rows: readonly DeadlineRow[]): Deadlines {
  const d: Deadlines = { provincial: null, prefecture: null, county: null };
  for (const r of rows) if ((CAMPAIGN_LEVELS as readonly string[]).includes(r.level)) d[r.level as CampaignLevel] = r.deadline;
  return d;
}

function toTransition(t: TransitionRow): TransitionView {
  return {
    id: t.id,
    campaignId: t.campaign_id,
    orgId: t.org_id,
    from: t.from_status as ProgressStatus,
    to: t.to_status as ProgressStatus,
    at: t.at,
    by: t.by_user,
    reason: t.reason,
    evidence: t.evidence_json ? (JSON.parse(t.evidence_json) as Evidence) : null,
  };
}

function toException(x: CampaignExceptionView): ExceptionView {
  return {
    id: x.id,
    campaignId: x.campaign_id,
    orgId: x.org_id,
    orgName: x.org_name,
    regionCode: x.org_region_code,
    reason: x.reason,
    requestedBy: x.requested_by,
    requestedAt: x.requested_at,
    status: x.status as ExceptionView['status'],
    decidedBy: x.decided_by,
    decidedAt: x.decided_at,
    note: x.note,
  };
}

/**
 * The rectification campaign (检查整改): campaigns with deadlines per level
 * (national office), the progress of every agency in scope through
 * not-started → self-check → rectifying → completed → verified, and
 * documented exceptions decided by the level above. Every write is audited in
 * the same transaction; every transition keeps who, why and the evidence.
 */
export class CampaignService {
  /** Today in China Standard Time (tests and the demo seed set it). */
  clock: () => string = () => cstDay(nowIso());
  /** The moment a transition or an exception is recorded (the demo profile back-dates its history with it). */
  now: () => string = nowIso;

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  // ——— campaigns ———

  async definition(id: string): Promise<CampaignDef> {
    const repo = repositories(this.database.db).campaign;
    const row = await repo.findCampaign(id);
    if (!row) throw notFound('campaign');
    const deadlines = toDeadlines(await repo.deadlinesOf([id]));
    return { row, deadlines, categories: JSON.parse(row.categories_json) as ProgrammeCategory[], levels: CAMPAIGN_LEVELS.filter((l) => deadlines[l] !== null) };
  }

  async list(actor: Actor): Promise<CampaignView[]> {
    assertCan(actor, 'campaign.read');
    const rows = await repositories(this.database.db).campaign.listCampaigns();
    return Promise.all(rows.map((r) => this.view(actor, r.id)));
  }

  async get(actor: Actor, id: string): Promise<CampaignView> {
    assertCan(actor, 'campaign.read');
    return this.view(actor, id);
  }

  private async view(actor: Actor, id: string): Promise<CampaignView> {
    const def = await this.definition(id);
    const today = this.clock();
    const counts = await repositories(this.database.db).campaign.progressCounts(id, scopeOf(actor), { levels: def.levels });
    const c = { ...emptyCounts(), inScope: 0, behindDeadline: 0 };
    for (const r of counts) {
      const status = (r.status ?? 'not-started') as ProgressStatus;
      c[status] += r.n;
      c.inScope += r.n;
      const d = deadlineOf(def.deadlines, r.level);
      if (d && isBehind(status, d, today)) c.behindDeadline += r.n;
    }
    const { row } = def;
    return { id: row.id, name: row.name, description: row.description, threshold: Number(row.threshold), categories: def.categories, deadlines: def.deadlines, status: row.status as CampaignView['status'], createdBy: row.created_by, createdAt: row.created_at, updatedAt: row.updated_at, counts: c };
  }

  async create(actor: Actor, body: CampaignBody): Promise<CampaignView> {
    assertCan(actor, 'campaign.write');
    const id = newId();
    const now = nowIso();
    const row: CampaignRow = { id, name: body.name, description: body.description, threshold: body.threshold, categories_json: JSON.stringify([...new Set(body.categories)]), status: body.status, created_by: actor.displayName, created_at: now, updated_at: now };
    await this.database.transaction(async (trx) => {
      const repo = repositories(trx).campaign;
      await repo.insertCampaign(row);
      await repo.replaceDeadlines(id, deadlineRows(id, body.deadlines));
      await this.audit.append(trx, actor, { action: 'create', entityType: 'campaign', entityId: id, after: { ...row, deadlines: body.deadlines } });
    });
    return this.view(actor, id);
  }

  async update(actor: Actor, id: string, body: CampaignBody): Promise<CampaignView> {
    assertCan(actor, 'campaign.write');
    const before = await this.definition(id);
    const patch = { name: body.name, description: body.description, threshold: body.threshold, categories_json: JSON.stringify([...new Set(body.categories)]), status: body.status, updated_at: nowIso() };
    await this.database.transaction(async (trx) => {
      const repo = repositories(trx).campaign;
      await repo.updateCampaign(id, patch);
      await repo.replaceDeadlines(id, deadlineRows(id, body.deadlines));
      await this.audit.append(trx, actor, { action: 'update', entityType: 'campaign', entityId: id, before: { ...before.row, deadlines: before.deadlines }, after: { ...patch, deadlines: body.deadlines } });
    });
    return this.view(actor, id);
  }

  // ——— progress ———

  async progress(actor: Actor, campaignId: string, q: Omit<ProgressListQuery, 'behind'> & { behind?: boolean | undefined }): Promise<{ items: ProgressItem[]; total: number; counts: StatusCounts }> {
    assertCan(actor, 'campaign.read');
    const def = await this.definition(campaignId);
    const today = this.clock();
    const repo = repositories(this.database.db).campaign;
    const filter = {
      levels: def.levels,
      status: q.status,
      level: q.level,
      regionPrefix: q.regionCode ? regionPrefix(q.regionCode) : undefined,
      q: q.q,
      behindLevels: q.behind ? levelsPastDeadline(def.deadlines, today) : undefined,
    };
    const { rows, total } = await repo.progressPage(campaignId, scopeOf(actor), filter, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
    const counts = emptyCounts();
    for (const r of await repo.progressCounts(campaignId, scopeOf(actor), { ...filter, status: undefined })) counts[(r.status ?? 'not-started') as ProgressStatus] += r.n;
    return { items: rows.map((r) => this.item(def, r, today)), total, counts };
  }

  private item(def: CampaignDef, r: CampaignProgressView, today: string): ProgressItem {
    const status = (r.status ?? 'not-started') as ProgressStatus;
    const deadline = deadlineOf(def.deadlines, r.level)!;
    return {
      orgId: r.org_id,
      orgName: r.org_name,
      regionCode: r.region_code,
      regionName: r.region_name,
      level: r.level as CampaignLevel,
      status,
      deadline,
      behindDeadline: isBehind(status, deadline, today),
      updatedAt: r.updated_at,
      programmeRate: n(r.programme_req) === 0 ? null : n(r.programme_cov) / n(r.programme_req),
      devices: n(r.devices),
      pendingExceptionId: r.pending_exception_id,
    };
  }

  /** An organization of the campaign, checked against the actor's scope and the campaign's scope. */
  private async member(actor: Actor, def: CampaignDef, orgId: string, action: 'campaign.read' | 'rectification.write'): Promise<OrgView> {
    const org = await repositories(this.database.db).orgs.findById(orgId);
    if (!org) {
      assertCan(actor, action);
      throw notFound('organization');
    }
    assertCan(actor, action, { orgPath: org.path, regionCode: org.region_code });
    if (org.type !== 'agency' || !deadlineOf(def.deadlines, org.level)) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'orgId', key: 'campaign.outOfScope' }] });
    return org;
  }

  /** The evidence declaring completion would rest on now: the stored figures, or an approved exception when they fall short. */
  private async evidence(def: CampaignDef, orgId: string): Promise<Evidence> {
    const repos = repositories(this.database.db);
    const e = evidenceOf(await repos.licensing.orgFigures(orgId), def.categories, Number(def.row.threshold));
    if (e.met) return e;
    const approved = (await repos.campaign.exceptionsOf(def.row.id, orgId)).find((x) => x.status === 'approved');
    return approved ? { ...e, kind: 'exception', exceptionId: approved.id } : e;
  }

  async detail(actor: Actor, campaignId: string, orgId: string): Promise<ProgressDetail> {
    assertCan(actor, 'campaign.read');
    const def = await this.definition(campaignId);
    const org = await this.member(actor, def, orgId, 'campaign.read');
    const repos = repositories(this.database.db);
    const progress = await repos.campaign.findProgress(campaignId, orgId);
    const figures = await repos.licensing.orgFigures(orgId);
    const exceptions = await repos.campaign.exceptionsOf(campaignId, orgId);
    const status = (progress?.status ?? 'not-started') as ProgressStatus;
    const writer = actor.role !== 'auditor' && actor.role !== 'finance';
    return {
      ...this.item(
        def,
        {
          org_id: org.id,
          org_name: org.name,
          org_path: org.path,
          region_code: org.region_code,
          region_name: org.region_name,
          level: org.level,
          status: progress?.status ?? null,
          updated_at: progress?.updated_at ?? null,
          programme_req: figures?.programme_req ?? null,
          programme_cov: figures?.programme_cov ?? null,
          devices: figures?.devices ?? null,
          pending_exception_id: exceptions.find((x) => x.status === 'requested')?.id ?? null,
        },
        this.clock(),
      ),
      allowed: writer && def.row.status === 'active' ? allowedNext(status, isLevelAbove(actor, org)) : [],
      evidence: await this.evidence(def, orgId),
      transitions: (await repos.campaign.transitionsOf(campaignId, orgId)).map(toTransition),
      exceptions: exceptions.map(toException),
    };
  }

  /**
   * Moves an organization to another state. Declaring completion needs
   * evidence (the figures reach the threshold, or an approved exception);
   * accepting, returning and reopening need the level above.
   */
  async transition(actor: Actor, campaignId: string, orgId: string, body: TransitionBody): Promise<TransitionView> {
    assertCan(actor, 'rectification.write');
    const def = await this.definition(campaignId);
    const org = await this.member(actor, def, orgId, 'rectification.write');
    if (def.row.status !== 'active') throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'to', key: 'campaign.closed' }] });
    const repos = repositories(this.database.db);
    const from = ((await repos.campaign.findProgress(campaignId, orgId))?.status ?? 'not-started') as ProgressStatus;
    if (!canFollow(from, body.to)) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'to', key: 'campaign.transition', params: { from: PROGRESS_LABELS[from], to: PROGRESS_LABELS[body.to] } }] });
    if (needsLevelAbove(from, body.to) && !isLevelAbove(actor, org)) throw new AppError('FORBIDDEN', { fields: [{ path: 'to', key: 'campaign.levelAbove' }] });
    let evidence: Evidence | null = null;
    if (body.to === 'completed') {
      evidence = await this.evidence(def, orgId);
      if (!evidence.met && evidence.kind !== 'exception') throw new AppError('VALIDATION_FAILED', { fields: evidenceProblems(evidence), details: { evidence } });
    } else if (body.to === 'verified') {
      // What the level above accepted: the figures at acceptance.
      evidence = await this.evidence(def, orgId);
    }
    const now = this.now();
    const row: TransitionRow = { id: newId(), campaign_id: campaignId, org_id: orgId, from_status: from, to_status: body.to, at: now, by_user: actor.displayName, reason: body.reason, evidence_json: evidence ? JSON.stringify(evidence) : null };
    await this.database.transaction(async (trx) => {
      const repo = repositories(trx).campaign;
      // Re-read inside the transaction: two people moving the same organization at once.
      const current = ((await repo.findProgress(campaignId, orgId))?.status ?? 'not-started') as ProgressStatus;
      if (current !== from) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'to', key: 'campaign.transition', params: { from: PROGRESS_LABELS[current], to: PROGRESS_LABELS[body.to] } }] });
      await repo.upsertProgress({ campaign_id: campaignId, org_id: orgId, status: body.to, updated_at: now });
      await repo.insertTransition(row);
      await this.audit.append(trx, actor, { action: 'transition', entityType: 'campaign-progress', entityId: row.id, orgId, regionCode: org.region_code, before: { status: from }, after: { campaignId, status: body.to, reason: body.reason, evidence } });
    });
    return toTransition(row);
  }

  // ——— exceptions ———

  async requestException(actor: Actor, campaignId: string, orgId: string, reason: string): Promise<ExceptionView> {
    assertCan(actor, 'rectification.write');
    const def = await this.definition(campaignId);
    const org = await this.member(actor, def, orgId, 'rectification.write');
    if (def.row.status !== 'active') throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'reason', key: 'campaign.closed' }] });
    const repos = repositories(this.database.db);
    if ((await repos.campaign.exceptionsOf(campaignId, orgId)).some((x) => x.status === 'requested')) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'reason', key: 'campaign.exception.pending' }] });
    const row = { id: newId(), campaign_id: campaignId, org_id: orgId, reason, requested_by: actor.displayName, requested_at: this.now(), status: 'requested', decided_by: null, decided_at: null, note: null };
    await this.database.transaction(async (trx) => {
      await repositories(trx).campaign.insertException(row);
      await this.audit.append(trx, actor, { action: 'create', entityType: 'campaign-exception', entityId: row.id, orgId, regionCode: org.region_code, after: row });
    });
    return toException({ ...row, org_name: org.name, org_region_code: org.region_code, org_path: org.path });
  }

  async exceptions(actor: Actor, campaignId: string, q: { status?: string | undefined; orgId?: string | undefined; page: number; pageSize: number }): Promise<{ items: ExceptionView[]; total: number }> {
    assertCan(actor, 'campaign.read');
    await this.definition(campaignId);
    const { rows, total } = await repositories(this.database.db).campaign.exceptionsPage(campaignId, scopeOf(actor), q, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
    return { items: rows.map(toException), total };
  }

  /** Approves or rejects a request: the level above only, never the organization's own administrator. */
  async decideException(actor: Actor, campaignId: string, exceptionId: string, body: DecisionBody): Promise<ExceptionView> {
    assertCan(actor, 'rectification.write');
    const repos = repositories(this.database.db);
    const x = await repos.campaign.findException(exceptionId);
    if (!x || x.campaign_id !== campaignId) throw notFound('exception');
    assertCan(actor, 'rectification.write', { orgPath: x.org_path, regionCode: x.org_region_code });
    if (!isLevelAbove(actor, { region_code: x.org_region_code })) throw new AppError('FORBIDDEN', { fields: [{ path: 'decision', key: 'campaign.levelAbove' }] });
    if (x.status !== 'requested') throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'decision', key: 'campaign.exception.decided' }] });
    const patch = { status: body.decision, decided_by: actor.displayName, decided_at: this.now(), note: body.note };
    await this.database.transaction(async (trx) => {
      await repositories(trx).campaign.decideException(exceptionId, patch);
      await this.audit.append(trx, actor, { action: body.decision === 'approved' ? 'approve' : 'reject', entityType: 'campaign-exception', entityId: exceptionId, orgId: x.org_id, regionCode: x.org_region_code, before: { status: x.status }, after: patch });
    });
    return toException({ ...x, ...patch });
  }
}

function deadlineRows(campaignId: string, d: Deadlines): DeadlineRow[] {
  return CAMPAIGN_LEVELS.filter((l) => d[l]).map((level) => ({ campaign_id: campaignId, level, deadline: d[level]! }));
}
