import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  CAMPAIGN_LEVELS,
  FINDING_STATUS_LABELS,
  PLAN_STATUS_LABELS,
  REASON_LABELS,
  SAMPLE_LEVELS,
  type AnswersBody,
  type Evaluation,
  type FieldMessageKey,
  type FindingBody,
  type FindingSeverity,
  type FindingStatus,
  type FindingView,
  type FollowUpBody,
  type InspectionProposal,
  type InspectionType,
  type PlanBody,
  type PlanDetail,
  type PlanStatus,
  type PlanView,
  type QuestionnaireBody,
  type QuestionnaireView,
  type SampleView,
  type ScanView,
} from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import type { DB } from '../../storage/schema.ts';
import { repositories, type InspectionFindingRow, type InspectionFindingView, type InspectionPlanRow, type InspectionScanRow } from '../../storage/repositories/index.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { toDeadlines } from '../campaign/campaign.service.ts';
import { cstDay } from '../dates.ts';
import { AppError, notFound } from '../errors.ts';
import { keepUpload } from '../files/uploads.ts';
import { newId, nowIso } from '../ids.ts';
import type { InboxPost } from '../inbox/inbox.service.ts';
import type { RecognizeFn } from '../inventory/title-recognition.ts';
import type { NormalizedInventory } from '../inventory/inventory.types.ts';
import { assertCan, canOnPlan, inScope, inspectionScope, regionPrefix, roleCan, scopeOf, type Actor } from '../policy/policy.ts';
import { verifyResultFile, type VerifyResult } from '../scan/result-file.ts';
import { evaluateScan } from './inspection.evaluate.ts';
import { canFollow, deviceSample, fixDeadline, rankProvinces, severityOf, stratifiedSample } from './inspection.rules.ts';

/** What the inspection module needs of the inbox: posting inside its own transaction. */
export interface InboxPoster {
  post(trx: Kysely<DB>, m: InboxPost, by?: string | null): Promise<boolean>;
}

/** A plan as the service uses it: the row with its lists decoded. */
interface Plan {
  row: InspectionPlanRow;
  type: InspectionType;
  status: PlanStatus;
  targets: string[];
  inspectorIds: string[];
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = { high: 0, medium: 1, low: 2 };
/**
 * Whose registered keys a plan's scan files may be signed with, besides the
 * plan's assigned inspectors: the national office, which may conduct any
 * plan (canOnPlan) and so may visit and scan a computer itself.
 */
const ALSO_TRUSTED_ROLES = ['national_admin'] as const;
type Params = Record<string, string | { 'zh-CN': string; 'en-US': string }>;
/** A field-level validation error of the service. */
const invalid = (path: string, key: FieldMessageKey, params?: Params) => new AppError('VALIDATION_FAILED', { fields: [params ? { path, key, params } : { path, key }] });

/** Whether a region subtree (code prefix) and a target region overlap. */
const overlaps = (prefix: string, target: string) => target.startsWith(prefix) || prefix.startsWith(regionPrefix(target));

/**
 * Supervision inspections (督查, programme item 4). The national office
 * plans on-site, written and special inspections; on-site plans sample
 * agencies and their computers reproducibly from a recorded seed, assigned
 * inspectors upload signed scan files evaluated on the spot, findings get a
 * severity and a fix deadline, a rectification notice goes to the
 * organization, and each finding is followed up until verified. Written
 * plans send a questionnaire to the target region offices; special plans
 * rank the provinces slowest against their deadlines for the national
 * office to confirm. Every write is audited in its transaction.
 */
export class InspectionService {
  /** Today in China Standard Time (services.ts hands it the compliance engine's clock). */
  clock: () => string = () => cstDay(nowIso());
  /** The inbox (wired in services.ts); without one, nothing is posted. */
  inbox: InboxPoster | null = null;

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly recognize: RecognizeFn,
  ) {}

  // ——— plans ———

  private async plan(id: string, db: Kysely<DB> = this.database.db): Promise<Plan> {
    const repo = repositories(db).inspection;
    const row = await repo.findPlan(id);
    if (!row) throw notFound('inspection plan');
    const inspectorIds = (await repo.inspectorsOf([id])).map((i) => i.user_id);
    return { row, type: row.type as InspectionType, status: row.status as PlanStatus, targets: JSON.parse(row.target_regions_json) as string[], inspectorIds };
  }

  /** Whether the actor sees a plan at all: inspectors their assigned plans, regions plans aimed at their subtree, organizations plans that sampled them. */
  private async visible(actor: Actor, p: Plan, sampledIn?: ReadonlySet<string>): Promise<boolean> {
    if (!canOnPlan(actor, 'inspection.read', p)) return false;
    if (actor.role === 'inspector') return true;
    const scope = scopeOf(actor);
    switch (scope.kind) {
      case 'all':
        return true;
      case 'none':
        return false;
      case 'region':
        return p.targets.some((t) => overlaps(scope.prefix, t));
      case 'org':
        return (sampledIn ?? new Set(await repositories(this.database.db).inspection.planIdsWithSampleIn(scope))).has(p.row.id);
    }
  }

  private async readable(actor: Actor, id: string): Promise<Plan> {
    assertCan(actor, 'inspection.read');
    const p = await this.plan(id);
    if (!(await this.visible(actor, p))) throw new AppError('FORBIDDEN');
    return p;
  }

  private async view(actor: Actor, p: Plan): Promise<PlanView> {
    const repo = repositories(this.database.db).inspection;
    const scope = inspectionScope(actor, p);
    const [names, inspectors, orgs, answers] = await Promise.all([repo.regionNames(p.targets), repo.inspectorsOf([p.row.id]), repo.sampleOrgs(p.row.id, scope), repo.answersOf(p.row.id)]);
    const orgIds = orgs.map((o) => o.org_id);
    const [devices, scans, findings] = await Promise.all([repo.sampleDevices(p.row.id, orgIds), repo.scansOf(p.row.id, orgIds), repo.findingsOf(p.row.id, scope)]);
    const r = p.row;
    return {
      id: r.id,
      year: Number(r.year),
      type: p.type,
      month: Number(r.month),
      title: r.title,
      targetRegions: p.targets.map((code) => ({ code, name: names.get(code) ?? null })),
      orgSampleSize: Number(r.org_sample_size),
      devicesPerOrg: Number(r.devices_per_org),
      allocation: r.allocation_json ? (JSON.parse(r.allocation_json) as Record<string, number>) : null,
      seed: r.seed === null ? null : Number(r.seed),
      sampledAt: r.sampled_at,
      status: p.status,
      inspectors: inspectors.map((i) => ({ id: i.user_id, name: i.display_name ?? i.user_id })),
      note: r.note,
      questionnaireSentAt: r.questionnaire_sent_at,
      campaignId: r.campaign_id,
      createdBy: r.created_by,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      counts: {
        orgs: orgs.length,
        devices: devices.length,
        scans: scans.length,
        findings: findings.length,
        openFindings: findings.filter((f) => f.status !== 'verified').length,
        answers: answers.filter((a) => inScope(scope, { orgPath: null, regionCode: a.region_code })).length,
      },
    };
  }

  async list(actor: Actor, q: { year?: number | undefined; type?: InspectionType | undefined; status?: PlanStatus | undefined; mine?: boolean | undefined } = {}): Promise<PlanView[]> {
    assertCan(actor, 'inspection.read');
    const repo = repositories(this.database.db).inspection;
    const rows = await repo.listPlans(q);
    const assigned = await repo.inspectorsOf(rows.map((r) => r.id));
    const scope = scopeOf(actor);
    const sampledIn = scope.kind === 'org' ? new Set(await repo.planIdsWithSampleIn(scope)) : undefined;
    const out: PlanView[] = [];
    for (const row of rows) {
      const inspectorIds = assigned.filter((a) => a.plan_id === row.id).map((a) => a.user_id);
      if (q.mine && !inspectorIds.includes(actor.userId)) continue;
      const p: Plan = { row, type: row.type as InspectionType, status: row.status as PlanStatus, targets: JSON.parse(row.target_regions_json) as string[], inspectorIds };
      if (await this.visible(actor, p, sampledIn)) out.push(await this.view(actor, p));
    }
    return out;
  }

  async get(actor: Actor, id: string): Promise<PlanDetail> {
    const p = await this.readable(actor, id);
    return { ...(await this.view(actor, p)), mayConduct: p.status !== 'closed' && canOnPlan(actor, 'inspection.conduct', p), mayWrite: roleCan(actor.role, 'inspection.write'), mayAnswer: this.answerable(actor, p) };
  }

  /** Region offices the actor may answer the questionnaire for now. */
  private answerable(actor: Actor, p: Plan): string[] {
    if (p.type !== 'written' || !p.row.questionnaire_sent_at || p.status === 'closed' || !roleCan(actor.role, 'inspection.answer')) return [];
    if (actor.role === 'national_admin') return p.targets;
    return actor.role === 'region_admin' && actor.regionCode && p.targets.includes(actor.regionCode) ? [actor.regionCode] : [];
  }

  private async checkBody(db: Kysely<DB>, body: PlanBody): Promise<void> {
    const repos = repositories(db);
    if (body.type !== 'special' && body.targetRegions.length === 0) throw invalid('targetRegions', 'required');
    const known = await repos.regions.existing([...new Set(body.targetRegions)]);
    const unknown = body.targetRegions.findIndex((c) => !known.has(c));
    if (unknown >= 0) throw invalid(`targetRegions.${unknown}`, 'inspection.region');
    const users = await repos.inspection.usersByIds(body.inspectorIds);
    const bad = body.inspectorIds.findIndex((id) => !users.some((u) => u.id === id && u.role === 'inspector' && !Number(u.disabled)));
    if (bad >= 0) throw invalid(`inspectorIds.${bad}`, 'inspection.inspector');
  }

  async create(actor: Actor, body: PlanBody): Promise<PlanDetail> {
    assertCan(actor, 'inspection.write');
    await this.checkBody(this.database.db, body);
    const now = nowIso();
    const row: InspectionPlanRow = {
      id: newId(),
      year: body.year,
      type: body.type,
      month: body.month,
      title: body.title,
      target_regions_json: JSON.stringify([...new Set(body.targetRegions)]),
      org_sample_size: body.orgSampleSize,
      devices_per_org: body.devicesPerOrg,
      allocation_json: null,
      population_json: null,
      seed: null,
      sampled_at: null,
      status: 'draft',
      note: body.note,
      questions_json: null,
      questionnaire_sent_at: null,
      campaign_id: null,
      proposal_day: null,
      proposal_confirmed_at: null,
      proposal_confirmed_by: null,
      created_by: actor.displayName,
      created_at: now,
      updated_at: now,
    };
    const inspectors = [...new Set(body.inspectorIds)];
    await this.database.transaction(async (trx) => {
      const repo = repositories(trx).inspection;
      await repo.insertPlan(row);
      await repo.replaceInspectors(row.id, inspectors);
      await this.audit.append(trx, actor, { action: 'create', entityType: 'inspection-plan', entityId: row.id, after: { ...row, inspectorIds: inspectors } });
    });
    return this.get(actor, row.id);
  }

  async update(actor: Actor, id: string, body: PlanBody): Promise<PlanDetail> {
    assertCan(actor, 'inspection.write');
    const p = await this.plan(id);
    if (p.status === 'closed') throw invalid('status', 'inspection.status', { status: PLAN_STATUS_LABELS[p.status] });
    await this.checkBody(this.database.db, body);
    const targets = [...new Set(body.targetRegions)];
    const sampleFixed = p.row.sampled_at !== null || p.row.questionnaire_sent_at !== null || p.row.proposal_day !== null;
    const changesSample = body.type !== p.type || (p.type !== 'special' && JSON.stringify(targets) !== JSON.stringify(p.targets)) || body.orgSampleSize !== Number(p.row.org_sample_size) || body.devicesPerOrg !== Number(p.row.devices_per_org);
    if (sampleFixed && changesSample) throw invalid('type', 'inspection.status', { status: PLAN_STATUS_LABELS[p.status] });
    const patch: Partial<InspectionPlanRow> = { year: body.year, type: body.type, month: body.month, title: body.title, org_sample_size: body.orgSampleSize, devices_per_org: body.devicesPerOrg, note: body.note, updated_at: nowIso() };
    if (p.type !== 'special' || !p.row.proposal_confirmed_at) patch.target_regions_json = JSON.stringify(targets);
    const inspectors = [...new Set(body.inspectorIds)];
    await this.database.transaction(async (trx) => {
      const repo = repositories(trx).inspection;
      await repo.updatePlan(id, patch);
      await repo.replaceInspectors(id, inspectors);
      if (p.status !== 'draft') await this.announce(trx, actor, { ...p, row: { ...p.row, ...patch } }, inspectors);
      await this.audit.append(trx, actor, { action: 'update', entityType: 'inspection-plan', entityId: id, before: { ...p.row, inspectorIds: p.inspectorIds }, after: { ...patch, inspectorIds: inspectors } });
    });
    return this.get(actor, id);
  }

  /** Tells the assigned inspectors about the plan (once each). */
  private async announce(trx: Kysely<DB>, actor: Actor, p: Plan, inspectorIds: readonly string[]): Promise<void> {
    if (!this.inbox) return;
    for (const userId of inspectorIds) {
      await this.inbox.post(
        trx,
        { kind: 'inspection.assigned', to: { userId }, subject: `督查任务：${p.row.title}`, body: `您已被指派参加${p.row.year}年${p.row.month}月的督查“${p.row.title}”。请在督查模块查看抽查名单并上传扫描结果。`, link: `/inspection/plans/${p.row.id}`, dedupeKey: `inspection-assigned:${p.row.id}:${userId}` },
        actor.displayName,
      );
    }
  }

  private async setStatus(actor: Actor, id: string, from: readonly PlanStatus[], to: PlanStatus): Promise<PlanDetail> {
    assertCan(actor, 'inspection.write');
    const p = await this.plan(id);
    if (!from.includes(p.status)) throw invalid('status', 'inspection.status', { status: PLAN_STATUS_LABELS[p.status] });
    await this.database.transaction(async (trx) => {
      await repositories(trx).inspection.updatePlan(id, { status: to, updated_at: nowIso() });
      if (to === 'confirmed') await this.announce(trx, actor, p, p.inspectorIds);
      await this.audit.append(trx, actor, { action: to === 'closed' ? 'close' : 'confirm', entityType: 'inspection-plan', entityId: id, before: { status: p.status }, after: { status: to } });
    });
    return this.get(actor, id);
  }

  /** draft → confirmed: the plan is decided; the assigned inspectors are told. */
  async confirm(actor: Actor, id: string): Promise<PlanDetail> {
    return this.setStatus(actor, id, ['draft'], 'confirmed');
  }

  async close(actor: Actor, id: string): Promise<PlanDetail> {
    return this.setStatus(actor, id, ['draft', 'confirmed', 'in-progress'], 'closed');
  }

  // ——— on-site: the sample ———

  private requireType(p: Plan, type: InspectionType): void {
    if (p.type !== type) throw invalid('type', 'inspection.type');
  }

  /**
   * Draws the sample of an on-site plan and records it with its seed:
   * agencies of the target regions stratified by level (proportional, at
   * least one per level present), then computers within each. The same seed
   * over the same organizations and computers gives the same sample; once a
   * scan was uploaded the sample is fixed.
   */
  async sample(actor: Actor, id: string, seed?: number): Promise<SampleView> {
    assertCan(actor, 'inspection.write');
    const p = await this.plan(id);
    this.requireType(p, 'on-site');
    if (p.status !== 'confirmed' && p.status !== 'in-progress') throw invalid('status', 'inspection.status', { status: PLAN_STATUS_LABELS[p.status] });
    const repo = repositories(this.database.db).inspection;
    if ((await repo.countScans(id)) > 0) throw invalid('seed', 'inspection.resample');
    const s = seed ?? randomInt(0, 2_147_483_647);
    const candidates = (await repo.candidates(p.targets.map(regionPrefix))).map((c) => ({ id: c.id, stratum: c.level }));
    const drawn = stratifiedSample(candidates, SAMPLE_LEVELS, Number(p.row.org_sample_size), s);
    const devices = await repo.activeDevices(drawn.picks.map((x) => x.id));
    const byOrg = new Map<string, string[]>();
    for (const d of devices) byOrg.set(d.org_id, [...(byOrg.get(d.org_id) ?? []), d.id]);
    const deviceRows = drawn.picks.flatMap((o) => deviceSample(byOrg.get(o.id) ?? [], Number(p.row.devices_per_org), s, o.id).map((device_id, i) => ({ org_id: o.id, device_id, position: i + 1 })));
    const now = nowIso();
    const patch = { seed: s, sampled_at: now, allocation_json: JSON.stringify(drawn.allocation), population_json: JSON.stringify(drawn.population), status: 'in-progress', updated_at: now };
    await this.database.transaction(async (trx) => {
      const r = repositories(trx).inspection;
      await r.replaceSample(
        id,
        drawn.picks.map((x) => ({ org_id: x.id, stratum: x.stratum, position: x.position })),
        deviceRows,
      );
      await r.updatePlan(id, patch);
      await this.audit.append(trx, actor, { action: 'sample', entityType: 'inspection-plan', entityId: id, before: { seed: p.row.seed }, after: { seed: s, allocation: drawn.allocation, orgs: drawn.picks.map((x) => x.id), devices: deviceRows.length } });
    });
    return this.sampleView(actor, id);
  }

  async sampleView(actor: Actor, id: string): Promise<SampleView> {
    const p = await this.readable(actor, id);
    const repo = repositories(this.database.db).inspection;
    const scope = inspectionScope(actor, p);
    const orgs = await repo.sampleOrgs(id, scope);
    const ids = orgs.map((o) => o.org_id);
    const [devices, scans, findings] = await Promise.all([repo.sampleDevices(id, ids), repo.scansOf(id, ids), repo.findingsOf(id, scope)]);
    return {
      planId: id,
      seed: p.row.seed === null ? null : Number(p.row.seed),
      allocation: p.row.allocation_json ? (JSON.parse(p.row.allocation_json) as Record<string, number>) : null,
      population: p.row.population_json ? (JSON.parse(p.row.population_json) as Record<string, number>) : null,
      orgs: orgs.map((o) => ({
        orgId: o.org_id,
        orgName: o.org_name,
        uscc: o.uscc,
        regionCode: o.region_code,
        regionName: o.region_name,
        level: o.stratum as SampleView['orgs'][number]['level'],
        position: Number(o.position),
        devices: devices.filter((d) => d.org_id === o.org_id).map((d) => ({ deviceId: d.device_id, name: d.name, serial: d.serial, os: d.os_name })),
        scans: scans.filter((x) => x.org_id === o.org_id).length,
        findings: findings.filter((f) => f.org_id === o.org_id).length,
        openFindings: findings.filter((f) => f.org_id === o.org_id && f.status !== 'verified').length,
      })),
    };
  }

  /** A plan the actor conducts (inspectors: assigned), open for work, with the organization in its sample. */
  private async conducting(actor: Actor, planId: string, orgId: string): Promise<{ p: Plan; org: { org_id: string; org_name: string; region_code: string; org_path: string } }> {
    assertCan(actor, 'inspection.conduct');
    const p = await this.plan(planId);
    if (!canOnPlan(actor, 'inspection.conduct', p)) throw new AppError('FORBIDDEN');
    this.requireType(p, 'on-site');
    if (p.status !== 'in-progress') throw invalid('status', 'inspection.status', { status: PLAN_STATUS_LABELS[p.status] });
    const org = await repositories(this.database.db).inspection.findSampleOrg(planId, orgId);
    if (!org) throw invalid('orgId', 'inspection.notSampled');
    return { p, org };
  }

  // ——— on-site: scans and findings ———

  /**
   * An inspector's scan result file of a computer of a sampled organization:
   * kept as sent, its ed25519 signature verified against the registered,
   * unrevoked signing keys of the plan's inspectors and the national office
   * (unsigned or altered files, and files signed by any other key, are
   * refused with the reason in both languages), its software
   * recognised and evaluated against the organization's entitlements
   * without touching its stored inventory; each product found without a
   * licence becomes a finding, and the organization gets a rectification
   * notice.
   */
  async uploadScan(actor: Actor, planId: string, orgId: string, file: { filename: string; data: Buffer }): Promise<ScanView> {
    const { p, org } = await this.conducting(actor, planId, orgId);
    const upload = await keepUpload(this.database.db, { orgId, userId: actor.userId, kind: 'inspection-scan', filename: file.filename, contentType: 'application/json', data: file.data });
    const trusted = await repositories(this.database.db).signingKeys.trustedForPlan(planId, ALSO_TRUSTED_ROLES);
    const v = verifyResultFile(file.data, { trustedKeyIds: trusted.map((k) => k.key_id) });
    if (!v.ok) throw await this.refusal(file.data, v);
    const owner = trusted.find((k) => k.key_id === v.keyId)!;
    const day = this.clock();
    const evaluation = await evaluateScan(this.database.db, this.recognize, orgId, v.file.inventory as NormalizedInventory, day);
    const now = nowIso();
    const scan: InspectionScanRow = {
      id: newId(),
      plan_id: planId,
      org_id: orgId,
      upload_id: upload.id,
      filename: file.filename.slice(0, 500),
      sha256: upload.sha256,
      key_id: v.keyId,
      signer: v.signer,
      verified: 1,
      signer_user_id: owner.user_id,
      collected_at: v.file.collectedAt,
      device_name: evaluation.deviceName?.slice(0, 255) ?? null,
      matched_device_id: evaluation.matchedDeviceId,
      evaluation_json: JSON.stringify(evaluation),
      uploaded_by: actor.displayName,
      uploaded_at: now,
    };
    const findings = findingsOf(evaluation).map(
      (f): InspectionFindingRow => ({ id: newId(), plan_id: planId, org_id: orgId, scan_id: scan.id, device_name: scan.device_name, product_key: f.productKey, product: f.product, severity: f.severity, description: f.description, found_day: day, fix_deadline: fixDeadline(day, f.severity), status: 'open', created_by: actor.displayName, created_at: now, updated_at: now }),
    );
    await this.database.transaction(async (trx) => {
      const repo = repositories(trx).inspection;
      await repo.insertScan(scan);
      for (const f of findings) await repo.insertFinding(f);
      await this.audit.append(trx, actor, { action: 'upload', entityType: 'inspection-scan', entityId: scan.id, orgId, regionCode: org.region_code, after: { planId, uploadId: upload.id, sha256: upload.sha256, keyId: v.keyId, signer: v.signer, signerUserId: owner.user_id, requiring: evaluation.requiring, uncovered: evaluation.uncovered, findings: findings.map((f) => ({ id: f.id, productKey: f.product_key, severity: f.severity })) } });
      if (findings.length) await this.notify(trx, actor, p, org, `scan:${scan.id}`);
    });
    return toScan({ ...scan, signer_user_name: owner.display_name }, findings.length);
  }

  /** Why a scan file is refused: for a sound signature by a key not trusted here, which key and why (unregistered, revoked, someone else's). */
  private async refusal(data: Buffer, v: VerifyResult & { ok: false }): Promise<AppError> {
    if (v.reason === 'unsigned') return invalid('file', 'inspection.scan.unsigned');
    let why = v;
    if (v.reason === 'bad-signature') {
      // Verified again without the trusted list: either the signature is sound and only its key is not trusted, or the real reason shows.
      const plain = verifyResultFile(data);
      if (plain.ok) {
        const k = await repositories(this.database.db).signingKeys.find(plain.keyId);
        if (!k) return invalid('file', 'inspection.scan.unregistered', { keyId: plain.keyId, signer: plain.signer });
        if (k.revoked_at) return invalid('file', 'inspection.scan.revoked', { keyId: plain.keyId, signer: plain.signer, at: cstDay(k.revoked_at) });
        return invalid('file', 'inspection.scan.notAssigned', { keyId: plain.keyId, owner: k.display_name });
      }
      why = plain;
    }
    return invalid('file', 'inspection.scan.invalid', { reason: why.message });
  }

  /** The rectification notice (整改通知) of an organization: its open findings, the earliest fix deadline, an inbox message. */
  private async notify(trx: Kysely<DB>, actor: Actor, p: Plan, org: { org_id: string; org_name: string }, cause: string): Promise<void> {
    const repo = repositories(trx).inspection;
    const open = (await repo.findingsOf(p.row.id, { kind: 'all' }, { orgId: org.org_id })).filter((f) => f.status !== 'verified');
    if (!open.length) return;
    const due = open.map((f) => f.fix_deadline).sort()[0]!;
    await repo.upsertNotice({ plan_id: p.row.id, org_id: org.org_id, findings: open.length, due_day: due, issued_at: nowIso(), issued_by: actor.displayName });
    const lines = open.map((f, i) => `${i + 1}. ${f.description}（整改期限 ${f.fix_deadline}）`).join('\n');
    await this.inbox?.post(
      trx,
      { kind: 'inspection.notice', to: { orgId: org.org_id }, subject: `督查整改通知：${p.row.title}`, body: `${org.org_name}：\n督查“${p.row.title}”发现以下问题，请按期整改并报告整改情况：\n${lines}`, link: `/inspection/plans/${p.row.id}`, dueDay: due, dedupeKey: `inspection-notice:${p.row.id}:${org.org_id}:${cause}` },
      actor.displayName,
    );
  }

  async scans(actor: Actor, planId: string, orgId?: string): Promise<ScanView[]> {
    const p = await this.readable(actor, planId);
    const repo = repositories(this.database.db).inspection;
    const scope = inspectionScope(actor, p);
    const orgIds = (await repo.sampleOrgs(planId, scope)).map((o) => o.org_id).filter((id) => !orgId || id === orgId);
    const [scans, findings] = await Promise.all([repo.scansOf(planId, orgIds), repo.findingsOf(planId, scope)]);
    return scans.map((s) => toScan(s, findings.filter((f) => f.scan_id === s.id).length));
  }

  /** A finding recorded by hand (what a scan cannot show). */
  async addFinding(actor: Actor, planId: string, body: FindingBody): Promise<FindingView> {
    const { p, org } = await this.conducting(actor, planId, body.orgId);
    const day = this.clock();
    const now = nowIso();
    const row: InspectionFindingRow = { id: newId(), plan_id: planId, org_id: body.orgId, scan_id: null, device_name: body.deviceName, product_key: body.productKey, product: null, severity: body.severity, description: body.description, found_day: day, fix_deadline: body.fixDeadline ?? fixDeadline(day, body.severity), status: 'open', created_by: actor.displayName, created_at: now, updated_at: now };
    await this.database.transaction(async (trx) => {
      await repositories(trx).inspection.insertFinding(row);
      await this.audit.append(trx, actor, { action: 'create', entityType: 'inspection-finding', entityId: row.id, orgId: body.orgId, regionCode: org.region_code, after: row });
      await this.notify(trx, actor, p, org, `finding:${row.id}`);
    });
    return this.finding(actor, row.id);
  }

  async findings(actor: Actor, planId: string, q: { orgId?: string | undefined; status?: FindingStatus | undefined; severity?: FindingSeverity | undefined } = {}): Promise<FindingView[]> {
    const p = await this.readable(actor, planId);
    const repo = repositories(this.database.db).inspection;
    const rows = await repo.findingsOf(planId, inspectionScope(actor, p), q);
    const follow = await repo.followUpsOf(rows.map((r) => r.id));
    const today = this.clock();
    return rows.map((r) => toFinding(r, follow.filter((f) => f.finding_id === r.id), today)).sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.orgName.localeCompare(b.orgName, 'zh-CN') || a.createdAt.localeCompare(b.createdAt));
  }

  private async findingFor(actor: Actor, id: string): Promise<{ f: InspectionFindingView; p: Plan }> {
    assertCan(actor, 'inspection.read');
    const f = await repositories(this.database.db).inspection.findFinding(id);
    if (!f) throw notFound('finding');
    const p = await this.plan(f.plan_id);
    if (!(await this.visible(actor, p)) || !inScope(inspectionScope(actor, p), { orgPath: f.org_path, regionCode: f.region_code })) throw new AppError('FORBIDDEN');
    return { f, p };
  }

  async finding(actor: Actor, id: string): Promise<FindingView> {
    const { f } = await this.findingFor(actor, id);
    return toFinding(f, await repositories(this.database.db).inspection.followUpsOf([id]), this.clock());
  }

  /**
   * Follows a finding up: the organization (or its region office) reports it
   * is being fixed (rectifying); the plan's inspectors or the national office
   * verify the fix, or send it back (open). Each step keeps who, when and why.
   */
  async followUp(actor: Actor, id: string, body: FollowUpBody): Promise<FindingView> {
    const { f, p } = await this.findingFor(actor, id);
    const from = f.status as FindingStatus;
    const conductor = canOnPlan(actor, 'inspection.conduct', p);
    if (body.status === 'rectifying') {
      if (!conductor && !roleCan(actor.role, 'rectification.write')) throw new AppError('FORBIDDEN');
    } else if (!conductor) throw new AppError('FORBIDDEN', { fields: [{ path: 'status', key: 'inspection.verify' }] });
    if (p.status === 'closed') throw invalid('status', 'inspection.status', { status: PLAN_STATUS_LABELS[p.status] });
    if (!canFollow(from, body.status)) throw invalid('status', 'inspection.followUp', { from: FINDING_STATUS_LABELS[from], to: FINDING_STATUS_LABELS[body.status] });
    const now = nowIso();
    const follow = { id: newId(), finding_id: id, at: now, by_user: actor.displayName, status: body.status, note: body.note };
    await this.database.transaction(async (trx) => {
      const repo = repositories(trx).inspection;
      // Re-read inside the transaction: two people following up at once.
      const current = (await repo.findFinding(id))?.status as FindingStatus;
      if (current !== from) throw invalid('status', 'inspection.followUp', { from: FINDING_STATUS_LABELS[current], to: FINDING_STATUS_LABELS[body.status] });
      await repo.updateFinding(id, { status: body.status, updated_at: now });
      await repo.insertFollowUp(follow);
      await this.audit.append(trx, actor, { action: 'follow-up', entityType: 'inspection-finding', entityId: id, orgId: f.org_id, regionCode: f.region_code, before: { status: from }, after: { status: body.status, note: body.note } });
    });
    return this.finding(actor, id);
  }

  // ——— written inspections ———

  async setQuestionnaire(actor: Actor, planId: string, body: QuestionnaireBody): Promise<QuestionnaireView> {
    assertCan(actor, 'inspection.write');
    const p = await this.plan(planId);
    this.requireType(p, 'written');
    if (p.row.questionnaire_sent_at) throw invalid('questions', 'inspection.questionnaire.sent');
    if (p.status === 'closed') throw invalid('status', 'inspection.status', { status: PLAN_STATUS_LABELS[p.status] });
    const questions = JSON.stringify(body.questions);
    await this.database.transaction(async (trx) => {
      await repositories(trx).inspection.updatePlan(planId, { questions_json: questions, updated_at: nowIso() });
      await this.audit.append(trx, actor, { action: 'update', entityType: 'inspection-questionnaire', entityId: planId, before: { questions: p.row.questions_json }, after: { questions: body.questions } });
    });
    return this.questionnaire(actor, planId);
  }

  /** Sends the questionnaire to each target region office (an inbox message each). */
  async sendQuestionnaire(actor: Actor, planId: string): Promise<QuestionnaireView> {
    assertCan(actor, 'inspection.write');
    const p = await this.plan(planId);
    this.requireType(p, 'written');
    if (!p.row.questions_json) throw invalid('questions', 'inspection.questionnaire.none');
    if (p.row.questionnaire_sent_at) throw invalid('questions', 'inspection.questionnaire.sent');
    if (p.status !== 'confirmed' && p.status !== 'in-progress') throw invalid('status', 'inspection.status', { status: PLAN_STATUS_LABELS[p.status] });
    const now = nowIso();
    await this.database.transaction(async (trx) => {
      await repositories(trx).inspection.updatePlan(planId, { questionnaire_sent_at: now, status: 'in-progress', updated_at: now });
      for (const code of p.targets) {
        await this.inbox?.post(trx, { kind: 'inspection.questionnaire', to: { regionOffice: code }, subject: `书面督查问卷：${p.row.title}`, body: `请填写书面督查“${p.row.title}”的问卷（${p.row.year}年${p.row.month}月）。`, link: `/inspection/plans/${planId}`, dedupeKey: `inspection-questionnaire:${planId}:${code}` }, actor.displayName);
      }
      await this.audit.append(trx, actor, { action: 'send', entityType: 'inspection-questionnaire', entityId: planId, after: { sentAt: now, to: p.targets } });
    });
    return this.questionnaire(actor, planId);
  }

  async questionnaire(actor: Actor, planId: string): Promise<QuestionnaireView> {
    const p = await this.readable(actor, planId);
    this.requireType(p, 'written');
    const repo = repositories(this.database.db).inspection;
    const scope = inspectionScope(actor, p);
    const seen = (code: string) => scope.kind === 'all' || (scope.kind === 'region' && code.startsWith(scope.prefix));
    const answers = (await repo.answersOf(planId)).filter((a) => seen(a.region_code));
    const names = await repo.regionNames(p.targets);
    return {
      questions: p.row.questions_json ? (JSON.parse(p.row.questions_json) as QuestionnaireView['questions']) : [],
      sentAt: p.row.questionnaire_sent_at,
      answers: answers.map((a) => ({ regionCode: a.region_code, regionName: a.region_name, answers: JSON.parse(a.answers_json) as Record<string, string>, answeredBy: a.answered_by, answeredAt: a.answered_at })),
      missing: p.targets.filter((c) => seen(c) && !answers.some((a) => a.region_code === c)).map((regionCode) => ({ regionCode, regionName: names.get(regionCode) ?? null })),
    };
  }

  /** A region office's answers (its own administrators; the national office may record answers received on paper). */
  async answer(actor: Actor, planId: string, body: AnswersBody): Promise<QuestionnaireView> {
    assertCan(actor, 'inspection.answer');
    const p = await this.readable(actor, planId);
    this.requireType(p, 'written');
    if (!p.row.questionnaire_sent_at) throw invalid('answers', 'inspection.questionnaire.notSent');
    const office = body.regionCode ?? actor.regionCode ?? '';
    if (!this.answerable(actor, p).includes(office)) throw new AppError('FORBIDDEN', { fields: [{ path: 'regionCode', key: 'inspection.answer.office' }] });
    const ids = new Set(((p.row.questions_json ? JSON.parse(p.row.questions_json) : []) as { id: string }[]).map((q) => q.id));
    const unknown = Object.keys(body.answers).find((k) => !ids.has(k));
    if (unknown !== undefined) throw invalid(`answers.${unknown}`, 'inspection.answer.unknown', { id: unknown });
    const row = { plan_id: planId, region_code: office, answers_json: JSON.stringify(body.answers), answered_by: actor.displayName, answered_at: nowIso() };
    await this.database.transaction(async (trx) => {
      await repositories(trx).inspection.upsertAnswer(row);
      await this.audit.append(trx, actor, { action: 'answer', entityType: 'inspection-questionnaire', entityId: planId, regionCode: office, after: row });
    });
    return this.questionnaire(actor, planId);
  }

  // ——— special inspections ———

  /**
   * Ranks the provinces of the active campaign by how far their completion
   * share lags behind the share of the time to their deadlines already gone,
   * and records the slowest `count` as the proposal for the national office.
   */
  async propose(actor: Actor, planId: string, count: number): Promise<InspectionProposal> {
    assertCan(actor, 'inspection.write');
    const p = await this.plan(planId);
    this.requireType(p, 'special');
    if (p.status === 'closed' || p.row.proposal_confirmed_at) throw invalid('status', 'inspection.status', { status: PLAN_STATUS_LABELS[p.status] });
    const repos = repositories(this.database.db);
    const campaign = await repos.campaign.currentCampaign();
    if (!campaign) throw invalid('campaignId', 'inspection.campaign');
    const deadlines = toDeadlines(await repos.campaign.deadlinesOf([campaign.id]));
    const levels = CAMPAIGN_LEVELS.filter((l) => deadlines[l] !== null);
    const facts = (await repos.inspection.campaignFacts(campaign.id, levels)).map((f) => ({ provinceCode: `${f.region_code.slice(0, 2)}0000`, deadline: deadlines[f.level as (typeof CAMPAIGN_LEVELS)[number]]!, done: f.status === 'completed' || f.status === 'verified' }));
    const today = this.clock();
    const ranked = rankProvinces(facts, cstDay(campaign.created_at), today).slice(0, count);
    await this.database.transaction(async (trx) => {
      const repo = repositories(trx).inspection;
      await repo.replaceProposals(planId, ranked.map((r) => ({ plan_id: planId, region_code: r.regionCode, rank: r.rank, in_scope: r.inScope, done: r.done, completion_share: r.completionShare, elapsed_share: r.elapsedShare, confirmed: 0 })));
      await repo.updatePlan(planId, { campaign_id: campaign.id, proposal_day: today, updated_at: nowIso() });
      await this.audit.append(trx, actor, { action: 'propose', entityType: 'inspection-plan', entityId: planId, after: { campaignId: campaign.id, day: today, provinces: ranked } });
    });
    return this.proposal(actor, planId);
  }

  async proposal(actor: Actor, planId: string): Promise<InspectionProposal> {
    const p = await this.readable(actor, planId);
    this.requireType(p, 'special');
    const scope = inspectionScope(actor, p);
    const rows = (await repositories(this.database.db).inspection.proposalsOf(planId)).filter((r) => scope.kind === 'all' || (scope.kind === 'region' && r.region_code.startsWith(scope.prefix)));
    return {
      campaignId: p.row.campaign_id,
      day: p.row.proposal_day,
      confirmedAt: p.row.proposal_confirmed_at,
      confirmedBy: p.row.proposal_confirmed_by,
      rows: rows.map((r) => {
        const completionShare = Number(r.completion_share);
        const elapsedShare = Number(r.elapsed_share);
        return { regionCode: r.region_code, regionName: r.region_name, rank: Number(r.rank), inScope: Number(r.in_scope), done: Number(r.done), completionShare, elapsedShare, gap: elapsedShare - completionShare, confirmed: Number(r.confirmed) === 1 };
      }),
    };
  }

  /** The national office confirms some of the proposed provinces: they become the plan's targets and their offices are told. */
  async confirmProposal(actor: Actor, planId: string, regionCodes: readonly string[]): Promise<InspectionProposal> {
    assertCan(actor, 'inspection.write');
    const p = await this.plan(planId);
    this.requireType(p, 'special');
    if (p.status === 'closed') throw invalid('status', 'inspection.status', { status: PLAN_STATUS_LABELS[p.status] });
    const repo = repositories(this.database.db).inspection;
    const proposed = await repo.proposalsOf(planId);
    if (!proposed.length) throw invalid('regionCodes', 'inspection.proposal.none');
    const codes = [...new Set(regionCodes)];
    const unknown = codes.findIndex((c) => !proposed.some((r) => r.region_code === c));
    if (unknown >= 0) throw invalid(`regionCodes.${unknown}`, 'inspection.proposal.unknown', { code: codes[unknown]! });
    const now = nowIso();
    await this.database.transaction(async (trx) => {
      const r = repositories(trx).inspection;
      await r.confirmProposals(planId, codes);
      await r.updatePlan(planId, { target_regions_json: JSON.stringify(codes), proposal_confirmed_at: now, proposal_confirmed_by: actor.displayName, status: 'in-progress', updated_at: now });
      for (const code of codes) {
        await this.inbox?.post(trx, { kind: 'notice', to: { regionOffice: code }, subject: `专项督查：${p.row.title}`, body: `根据检查整改进度，联席会议办公室将于${p.row.year}年${p.row.month}月对本地区进行专项督查，现场协调解决制约工作进度的突出问题。`, link: `/inspection/plans/${planId}`, dedupeKey: `inspection-special:${planId}:${code}` }, actor.displayName);
      }
      await this.audit.append(trx, actor, { action: 'confirm-proposal', entityType: 'inspection-plan', entityId: planId, before: { targets: p.targets }, after: { targets: codes } });
    });
    return this.proposal(actor, planId);
  }
}

/** One finding per product without a licence on the scanned computer, with the severity of its worst install. */
export function findingsOf(e: Evaluation): { productKey: string; product: string | null; severity: FindingSeverity; description: string }[] {
  const byProduct = new Map<string, Evaluation['installs']>();
  for (const i of e.installs) if (i.status === 'uncovered') byProduct.set(i.productKey, [...(byProduct.get(i.productKey) ?? []), i]);
  return [...byProduct.entries()].map(([productKey, list]) => {
    const severity = list.map(severityOf).sort((a, b) => SEVERITY_ORDER[a] - SEVERITY_ORDER[b])[0]!;
    const first = list[0]!;
    const names = list.map((i) => (i.version ? `${i.name} ${i.version}` : i.name)).join('、');
    const reason = first.reason ? REASON_LABELS[first.reason]['zh-CN'] : '未授权';
    return { productKey, product: first.product, severity, description: `计算机 ${e.deviceName ?? e.serial ?? '（未命名）'} 安装的 ${names} 未获授权（${reason}）` };
  });
}

function toScan(s: InspectionScanRow & { signer_user_name: string | null }, findings: number): ScanView {
  return {
    id: s.id,
    planId: s.plan_id,
    orgId: s.org_id,
    filename: s.filename,
    uploadId: s.upload_id,
    sha256: s.sha256,
    keyId: s.key_id,
    signer: s.signer,
    signerUserId: s.signer_user_id,
    signerName: s.signer_user_name,
    verified: Number(s.verified) === 1,
    collectedAt: s.collected_at,
    uploadedBy: s.uploaded_by,
    uploadedAt: s.uploaded_at,
    evaluation: JSON.parse(s.evaluation_json) as Evaluation,
    findings,
  };
}

function toFinding(f: InspectionFindingView, follow: readonly { id: string; at: string; by_user: string | null; status: string; note: string }[], today: string): FindingView {
  return {
    id: f.id,
    planId: f.plan_id,
    orgId: f.org_id,
    orgName: f.org_name,
    regionCode: f.region_code,
    scanId: f.scan_id,
    deviceName: f.device_name,
    productKey: f.product_key,
    product: f.product,
    severity: f.severity as FindingSeverity,
    description: f.description,
    foundDay: f.found_day,
    fixDeadline: f.fix_deadline,
    overdue: f.status !== 'verified' && f.fix_deadline < today,
    status: f.status as FindingStatus,
    createdBy: f.created_by,
    createdAt: f.created_at,
    followUps: follow.map((x) => ({ id: x.id, at: x.at, by: x.by_user, status: x.status as FindingStatus, note: x.note })),
  };
}
