import type { Kysely, Selectable } from 'kysely';
import type {
  DB,
  InspectionAnswersTable,
  InspectionFindingsTable,
  InspectionFollowUpsTable,
  InspectionNoticesTable,
  InspectionPlansTable,
  InspectionProposalsTable,
  InspectionScansTable,
} from '../schema.ts';
import { scopeWhere, type ScopeFilter } from './scope-filter.ts';

export type InspectionPlanRow = Selectable<InspectionPlansTable>;
export type InspectionScanRow = Selectable<InspectionScansTable>;
export type InspectionFindingRow = Selectable<InspectionFindingsTable>;
export type InspectionFollowUpRow = Selectable<InspectionFollowUpsTable>;
export type InspectionNoticeRow = Selectable<InspectionNoticesTable>;
export type InspectionAnswerRow = Selectable<InspectionAnswersTable>;
export type InspectionProposalRow = Selectable<InspectionProposalsTable>;

/** A sampled organization with what the lists show of it. */
export interface SampledOrgRow {
  org_id: string;
  org_name: string;
  uscc: string;
  org_path: string;
  region_code: string;
  region_name: string | null;
  stratum: string;
  position: number;
}

export interface SampledDeviceRow {
  org_id: string;
  device_id: string;
  position: number;
  name: string | null;
  serial: string | null;
  os_name: string | null;
}

/** A finding with its organization, for scope checks and lists. */
export type FindingView = InspectionFindingRow & { org_name: string; org_path: string; region_code: string };

const n = (v: unknown) => Number(v ?? 0);

/** Inspection plans, samples, scans, findings with their follow-up, notices, answers and proposals. */
export class InspectionRepository {
  constructor(private readonly db: Kysely<DB>) {}

  // ——— plans ———

  async insertPlan(row: InspectionPlanRow): Promise<void> {
    await this.db.insertInto('inspection_plans').values(row).execute();
  }

  async updatePlan(id: string, patch: Partial<InspectionPlanRow>): Promise<void> {
    await this.db.updateTable('inspection_plans').set(patch).where('id', '=', id).execute();
  }

  async findPlan(id: string): Promise<InspectionPlanRow | undefined> {
    return this.db.selectFrom('inspection_plans').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listPlans(f: { year?: number | undefined; type?: string | undefined; status?: string | undefined; ids?: readonly string[] | undefined }): Promise<InspectionPlanRow[]> {
    let q = this.db.selectFrom('inspection_plans').selectAll();
    if (f.year) q = q.where('year', '=', f.year);
    if (f.type) q = q.where('type', '=', f.type);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.ids) q = q.where('id', 'in', f.ids.length ? [...f.ids] : ['-']);
    return q.orderBy('year', 'desc').orderBy('month', 'desc').orderBy('id', 'desc').execute();
  }

  /** Assigned inspectors of plans, with their display names. */
  async inspectorsOf(planIds: readonly string[]): Promise<{ plan_id: string; user_id: string; display_name: string | null }[]> {
    if (!planIds.length) return [];
    return this.db
      .selectFrom('inspection_inspectors as i')
      .leftJoin('users as u', 'u.id', 'i.user_id')
      .select(['i.plan_id', 'i.user_id', 'u.display_name'])
      .where('i.plan_id', 'in', [...planIds])
      .orderBy('u.display_name')
      .execute();
  }

  async replaceInspectors(planId: string, userIds: readonly string[]): Promise<void> {
    await this.db.deleteFrom('inspection_inspectors').where('plan_id', '=', planId).execute();
    if (userIds.length) await this.db.insertInto('inspection_inspectors').values(userIds.map((user_id) => ({ plan_id: planId, user_id }))).execute();
  }

  /** Plans with a sampled organization in the scope (what an organization sees). */
  async planIdsWithSampleIn(scope: ScopeFilter): Promise<string[]> {
    const rows = await this.db
      .selectFrom('inspection_sample_orgs as s')
      .innerJoin('organizations as o', 'o.id', 's.org_id')
      .select('s.plan_id')
      .distinct()
      .where((eb) => scopeWhere(eb, scope, { region: 'o.region_code', path: 'o.path' }))
      .execute();
    return rows.map((r) => r.plan_id);
  }

  // ——— sample ———

  /** Government agencies in the region subtrees (code prefixes), with their level: the population of an on-site sample. */
  async candidates(prefixes: readonly string[]): Promise<{ id: string; level: string }[]> {
    if (!prefixes.length) return [];
    return this.db
      .selectFrom('organizations')
      .select(['id', 'level'])
      .where('type', '=', 'agency')
      .where((eb) => eb.or(prefixes.map((p) => eb('region_code', 'like', `${p}%`))))
      .orderBy('id')
      .execute();
  }

  /** Active devices of organizations. */
  async activeDevices(orgIds: readonly string[]): Promise<{ org_id: string; id: string }[]> {
    if (!orgIds.length) return [];
    const out: { org_id: string; id: string }[] = [];
    for (let i = 0; i < orgIds.length; i += 500) out.push(...(await this.db.selectFrom('devices').select(['org_id', 'id']).where('status', '=', 'active').where('org_id', 'in', orgIds.slice(i, i + 500)).execute()));
    return out;
  }

  async replaceSample(planId: string, orgs: readonly { org_id: string; stratum: string; position: number }[], devices: readonly { org_id: string; device_id: string; position: number }[]): Promise<void> {
    await this.db.deleteFrom('inspection_sample_devices').where('plan_id', '=', planId).execute();
    await this.db.deleteFrom('inspection_sample_orgs').where('plan_id', '=', planId).execute();
    for (let i = 0; i < orgs.length; i += 200) await this.db.insertInto('inspection_sample_orgs').values(orgs.slice(i, i + 200).map((o) => ({ plan_id: planId, ...o }))).execute();
    for (let i = 0; i < devices.length; i += 200) await this.db.insertInto('inspection_sample_devices').values(devices.slice(i, i + 200).map((d) => ({ plan_id: planId, ...d }))).execute();
  }

  async sampleOrgs(planId: string, scope: ScopeFilter): Promise<SampledOrgRow[]> {
    return this.db
      .selectFrom('inspection_sample_orgs as s')
      .innerJoin('organizations as o', 'o.id', 's.org_id')
      .leftJoin('regions as r', 'r.code', 'o.region_code')
      .select(['s.org_id', 'o.name as org_name', 'o.uscc', 'o.path as org_path', 'o.region_code', 'r.name as region_name', 's.stratum', 's.position'])
      .where('s.plan_id', '=', planId)
      .where((eb) => scopeWhere(eb, scope, { region: 'o.region_code', path: 'o.path' }))
      .orderBy('s.position')
      .execute();
  }

  async findSampleOrg(planId: string, orgId: string): Promise<SampledOrgRow | undefined> {
    return (await this.sampleOrgs(planId, { kind: 'all' })).find((o) => o.org_id === orgId);
  }

  async sampleDevices(planId: string, orgIds: readonly string[]): Promise<SampledDeviceRow[]> {
    if (!orgIds.length) return [];
    return this.db
      .selectFrom('inspection_sample_devices as s')
      .leftJoin('devices as d', (j) => j.onRef('d.org_id', '=', 's.org_id').onRef('d.id', '=', 's.device_id'))
      .select(['s.org_id', 's.device_id', 's.position', 'd.name', 'd.serial', 'd.os_name'])
      .where('s.plan_id', '=', planId)
      .where('s.org_id', 'in', [...orgIds])
      .orderBy('s.org_id')
      .orderBy('s.position')
      .execute();
  }

  // ——— scans ———

  async insertScan(row: InspectionScanRow): Promise<void> {
    await this.db.insertInto('inspection_scans').values(row).execute();
  }

  /** Scans of the organizations in a plan, with the display name of the user whose key signed each. */
  async scansOf(planId: string, orgIds: readonly string[]): Promise<(InspectionScanRow & { signer_user_name: string | null })[]> {
    if (!orgIds.length) return [];
    return this.db
      .selectFrom('inspection_scans as s')
      .leftJoin('users as u', 'u.id', 's.signer_user_id')
      .selectAll('s')
      .select('u.display_name as signer_user_name')
      .where('s.plan_id', '=', planId)
      .where('s.org_id', 'in', [...orgIds])
      .orderBy('s.uploaded_at')
      .orderBy('s.id')
      .execute();
  }

  async countScans(planId: string): Promise<number> {
    const r = await this.db.selectFrom('inspection_scans').select((eb) => eb.fn.countAll<number>().as('n')).where('plan_id', '=', planId).executeTakeFirst();
    return n(r?.n);
  }

  // ——— findings ———

  async insertFinding(row: InspectionFindingRow): Promise<void> {
    await this.db.insertInto('inspection_findings').values(row).execute();
  }

  async updateFinding(id: string, patch: Partial<InspectionFindingRow>): Promise<void> {
    await this.db.updateTable('inspection_findings').set(patch).where('id', '=', id).execute();
  }

  private findingBase() {
    return this.db.selectFrom('inspection_findings as f').innerJoin('organizations as o', 'o.id', 'f.org_id').selectAll('f').select(['o.name as org_name', 'o.path as org_path', 'o.region_code']);
  }

  async findFinding(id: string): Promise<FindingView | undefined> {
    return this.findingBase().where('f.id', '=', id).executeTakeFirst();
  }

  async findingsOf(planId: string, scope: ScopeFilter, f: { orgId?: string | undefined; status?: string | undefined; severity?: string | undefined } = {}): Promise<FindingView[]> {
    let q = this.findingBase()
      .where('f.plan_id', '=', planId)
      .where((eb) => scopeWhere(eb, scope, { region: 'o.region_code', path: 'o.path' }));
    if (f.orgId) q = q.where('f.org_id', '=', f.orgId);
    if (f.status) q = q.where('f.status', '=', f.status);
    if (f.severity) q = q.where('f.severity', '=', f.severity);
    return q.orderBy('f.org_id').orderBy('f.created_at').orderBy('f.id').execute();
  }

  async insertFollowUp(row: InspectionFollowUpRow): Promise<void> {
    await this.db.insertInto('inspection_follow_ups').values(row).execute();
  }

  async followUpsOf(findingIds: readonly string[]): Promise<InspectionFollowUpRow[]> {
    const out: InspectionFollowUpRow[] = [];
    for (let i = 0; i < findingIds.length; i += 500) out.push(...(await this.db.selectFrom('inspection_follow_ups').selectAll().where('finding_id', 'in', findingIds.slice(i, i + 500)).orderBy('at').orderBy('id').execute()));
    return out;
  }

  // ——— notices ———

  async upsertNotice(row: InspectionNoticeRow): Promise<void> {
    await this.db
      .insertInto('inspection_notices')
      .values(row)
      .onConflict((oc) => oc.columns(['plan_id', 'org_id']).doUpdateSet({ findings: row.findings, due_day: row.due_day, issued_at: row.issued_at, issued_by: row.issued_by }))
      .execute();
  }

  async noticesOf(planId: string): Promise<InspectionNoticeRow[]> {
    return this.db.selectFrom('inspection_notices').selectAll().where('plan_id', '=', planId).execute();
  }

  // ——— written inspections ———

  async upsertAnswer(row: InspectionAnswerRow): Promise<void> {
    await this.db
      .insertInto('inspection_answers')
      .values(row)
      .onConflict((oc) => oc.columns(['plan_id', 'region_code']).doUpdateSet({ answers_json: row.answers_json, answered_by: row.answered_by, answered_at: row.answered_at }))
      .execute();
  }

  async answersOf(planId: string): Promise<(InspectionAnswerRow & { region_name: string | null })[]> {
    return this.db.selectFrom('inspection_answers as a').leftJoin('regions as r', 'r.code', 'a.region_code').selectAll('a').select('r.name as region_name').where('a.plan_id', '=', planId).orderBy('a.region_code').execute();
  }

  // ——— special inspections ———

  /** Agencies of a campaign's levels with their province and state: what the ranking of provinces reads. */
  async campaignFacts(campaignId: string, levels: readonly string[]): Promise<{ region_code: string; level: string; status: string | null }[]> {
    if (!levels.length) return [];
    return this.db
      .selectFrom('organizations as o')
      .leftJoin('campaign_progress as p', (j) => j.onRef('p.org_id', '=', 'o.id').on('p.campaign_id', '=', campaignId))
      .select(['o.region_code', 'o.level', 'p.status'])
      .where('o.type', '=', 'agency')
      .where('o.level', 'in', [...levels])
      .execute();
  }

  async replaceProposals(planId: string, rows: readonly InspectionProposalRow[]): Promise<void> {
    await this.db.deleteFrom('inspection_proposals').where('plan_id', '=', planId).execute();
    if (rows.length) await this.db.insertInto('inspection_proposals').values([...rows]).execute();
  }

  async proposalsOf(planId: string): Promise<(InspectionProposalRow & { region_name: string | null })[]> {
    return this.db.selectFrom('inspection_proposals as p').leftJoin('regions as r', 'r.code', 'p.region_code').selectAll('p').select('r.name as region_name').where('p.plan_id', '=', planId).orderBy('p.rank').execute();
  }

  async confirmProposals(planId: string, regionCodes: readonly string[]): Promise<void> {
    await this.db.updateTable('inspection_proposals').set({ confirmed: 0 }).where('plan_id', '=', planId).execute();
    if (regionCodes.length) await this.db.updateTable('inspection_proposals').set({ confirmed: 1 }).where('plan_id', '=', planId).where('region_code', 'in', [...regionCodes]).execute();
  }

  /** Region names by code. */
  async regionNames(codes: readonly string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows = await this.db.selectFrom('regions').select(['code', 'name']).where('code', 'in', [...codes]).execute();
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /** Users by id with their role (to check who may be assigned). */
  async usersByIds(ids: readonly string[]): Promise<{ id: string; role: string; disabled: number; display_name: string }[]> {
    if (!ids.length) return [];
    return this.db.selectFrom('users').select(['id', 'role', 'disabled', 'display_name']).where('id', 'in', [...ids]).execute();
  }
}
