import type { z } from 'zod';
import type {
  deviceComplianceSchema,
  InstallCoverageView,
  OrgCompliance,
  PositionView,
  Proposal,
  RatioView,
  RecomputeResult,
  RegionCompliance,
  RegionDashboard,
  TaskCreateBody,
  TaskView,
  TrendPoint,
} from '../../contracts/index.ts';
import type { LicenceClass, SoftwareCategory } from '../../contracts/recognition.ts';
import type { Database } from '../../storage/database.ts';
import { repositories, type OrgFiguresRow, type OrgView, type PositionRow, type TaskView as TaskRowView } from '../../storage/repositories/index.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { AppError, notFound } from '../errors.ts';
import { newId, nowIso } from '../ids.ts';
import { assertCan, regionPrefix, scopeOf, type Actor } from '../policy/policy.ts';
import { decodeCategories } from './compliance.derive.ts';
import { regionSubject, type ComplianceEngine } from './compliance.engine.ts';
import { NATIONAL_CODE, legalizationOfStored, regionAncestors, rollUpRegions, type OrgLegalization } from './legalization.rules.ts';
import type { OrgNode } from './licensing.types.ts';

type DeviceCompliance = z.infer<typeof deviceComplianceSchema>;

const ratio = (required: number, covered: number): RatioView => ({ required, covered, rate: required === 0 ? null : covered / required });
const n = (v: unknown) => Number(v ?? 0);

const legalizationOf = legalizationOfStored;

/**
 * The region node right below `parent` that an organization of region
 * `orgRegion` rolls up into; null when it is registered at `parent` itself;
 * undefined when it is not under `parent` at all.
 */
function childCodeOf(parent: string, orgRegion: string): string | null | undefined {
  const below = regionAncestors(orgRegion);
  const i = below.findIndex((a) => a.regionCode === parent);
  if (i < 0) return undefined;
  return i + 1 < below.length ? below[i + 1]!.regionCode : null;
}

/**
 * Compliance (合规): the stored positions and figures of organizations, the
 * roll-up through the region tree, the trend, the drill-down to devices and
 * installs, rectification tasks, and recomputation. Reads are scoped by the
 * policy; figures come from what the engine stored.
 */
export class ComplianceService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    readonly engine: ComplianceEngine,
  ) {}

  private today(): string {
    return this.engine.clock();
  }

  async org(actor: Actor, orgId: string, action: 'licence.read' | 'rectification.write' = 'licence.read'): Promise<OrgView> {
    const org = await repositories(this.database.db).orgs.findById(orgId);
    if (!org) {
      assertCan(actor, action);
      throw notFound('organization');
    }
    assertCan(actor, action, { orgPath: org.path, regionCode: org.region_code });
    return org;
  }

  async orgSummary(actor: Actor, orgId: string): Promise<OrgCompliance> {
    const org = await this.org(actor, orgId);
    const repo = repositories(this.database.db).licensing;
    const [f, state, tasks] = await Promise.all([repo.orgFigures(orgId), repo.state(), repo.taskCounts(orgId, this.today())]);
    const devices = n(f?.devices);
    return {
      orgId,
      orgName: org.name,
      regionCode: org.region_code,
      overall: ratio(n(f?.overall_req), n(f?.overall_cov)),
      programme: ratio(n(f?.programme_req), n(f?.programme_cov)),
      byCategory: { 'operating-system': ratio(n(f?.os_req), n(f?.os_cov)), 'office-suite': ratio(n(f?.office_req), n(f?.office_cov)), security: ratio(n(f?.security_req), n(f?.security_cov)) },
      devices,
      devicesRequiring: n(f?.devices_requiring),
      compliantDevices: n(f?.compliant_devices),
      compliantDeviceRate: devices === 0 ? null : n(f?.compliant_devices) / devices,
      products: n(f?.products),
      shortfall: n(f?.shortfall),
      estimatedShortfallCost: f?.shortfall_cost === null || f?.shortfall_cost === undefined ? null : Number(f.shortfall_cost),
      openTasks: tasks.open,
      overdueTasks: tasks.overdue,
      day: state?.day ?? null,
      computedAt: state?.computed_at ?? null,
    };
  }

  async positions(actor: Actor, orgId: string, q: { q?: string | undefined; shortfall?: boolean | undefined; category?: SoftwareCategory | undefined; page: number; pageSize: number }): Promise<{ items: PositionView[]; total: number }> {
    await this.org(actor, orgId);
    const repos = repositories(this.database.db);
    let productKeys: string[] | undefined;
    if (q.category) productKeys = (await repos.licensing.positionsOfOrgs([orgId])).filter((p) => decodeCategories(p.categories).has(q.category!)).map((p) => p.product_key);
    const { rows, total } = await repos.licensing.positionsPage(orgId, { q: q.q, shortfall: q.shortfall, productKeys }, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
    const open = await repos.licensing.openTasksOf(rows.map((r) => ({ orgId, productKey: r.product_key })));
    const taskOf = new Map(open.map((t) => [t.product_key, t.id]));
    return { total, items: rows.map((r) => toPosition(r, r, taskOf.get(r.product_key) ?? null)) };
  }

  /** Region views are for national and region-scoped users; a region admin sees only the nodes of their region. */
  private assertRegionView(actor: Actor, regionCode: string): void {
    assertCan(actor, 'licence.read');
    const scope = scopeOf(actor);
    if (scope.kind === 'org' || scope.kind === 'none') throw new AppError('FORBIDDEN');
    if (scope.kind === 'region' && !(regionCode !== NATIONAL_CODE && regionCode.startsWith(scope.prefix))) throw new AppError('FORBIDDEN');
  }

  /** The roll-up of a region node (national: 000000) with its child regions and the organizations registered at it. */
  async region(actor: Actor, regionCode: string): Promise<RegionDashboard> {
    this.assertRegionView(actor, regionCode);
    const repos = repositories(this.database.db);
    let name = '全国';
    if (regionCode !== NATIONAL_CODE) {
      const r = await repos.regions.findByCode(regionCode);
      if (!r) throw notFound('region');
      name = r.name;
    }
    const [figures, nodes, state] = await Promise.all([repos.licensing.allOrgFigures(), repos.licensing.orgNodes(), repos.licensing.state()]);
    const figOf = new Map(figures.map((f) => [f.org_id, f]));
    const orgs = nodes.map((o) => ({ id: o.id, path: o.path, regionCode: o.region_code, type: o.type as OrgNode['type'] }));
    const rolled = new Map(rollUpRegions(figures.map(legalizationOf), orgs).map((r) => [r.regionCode, r]));
    const childCodes = new Set<string>();
    const direct: typeof orgs = [];
    for (const o of orgs) {
      const child = childCodeOf(regionCode, o.regionCode);
      if (child === undefined) continue;
      if (child === null) direct.push(o);
      else childCodes.add(child);
    }
    const names = new Map((await repos.regions.findByCodes([...childCodes])).map((r) => [r.code, r.name]));
    const orgNames = new Map((direct.length ? await repos.licensing.orgNames(direct.map((o) => o.id)) : []).map((o) => [o.id, o.name]));
    const view = (code: string, regionName: string): RegionCompliance => {
      const r = rolled.get(code);
      const none = ratio(0, 0);
      return r
        ? { ...r, regionName }
        : { regionCode: code, regionName, level: regionAncestors(code === NATIONAL_CODE ? '' : code).at(-1)!.level, orgs: 0, orgsRequiring: 0, overall: none, programme: none, byCategory: { 'operating-system': none, 'office-suite': none, security: none }, devices: 0, compliantDevices: 0, compliantDeviceRate: null, orgAverageRate: null };
    };
    return {
      region: view(regionCode, name),
      children: [...childCodes].sort().map((code) => view(code, names.get(code) ?? code)),
      orgs: direct
        .map((o) => {
          const f = figOf.get(o.id);
          return {
            orgId: o.id,
            orgName: orgNames.get(o.id) ?? o.id,
            regionCode: o.regionCode,
            overall: ratio(n(f?.overall_req), n(f?.overall_cov)),
            programme: ratio(n(f?.programme_req), n(f?.programme_cov)),
            devices: n(f?.devices),
            compliantDevices: n(f?.compliant_devices),
            shortfall: n(f?.shortfall),
          };
        })
        .sort((a, b) => (a.orgName < b.orgName ? -1 : a.orgName > b.orgName ? 1 : 0)),
      day: state?.day ?? null,
    };
  }

  async trend(actor: Actor, q: { orgId?: string | undefined; regionCode?: string | undefined; days: number }): Promise<TrendPoint[]> {
    let subject: string;
    if (q.orgId) {
      await this.org(actor, q.orgId);
      subject = q.orgId;
    } else {
      const code = q.regionCode ?? NATIONAL_CODE;
      this.assertRegionView(actor, code);
      subject = regionSubject(code);
    }
    const from = new Date(Date.parse(`${this.today()}T00:00:00Z`) - (q.days - 1) * 86_400_000).toISOString().slice(0, 10);
    const rows = await repositories(this.database.db).licensing.trend(subject, from);
    return rows.map((r) => ({ day: r.day, overall: ratio(n(r.overall_req), n(r.overall_cov)), programme: ratio(n(r.programme_req), n(r.programme_cov)), devices: n(r.devices), compliantDevices: n(r.compliant_devices) }));
  }

  /** Every install of the organization that needs a licence, with its verdict and names (drill-down). */
  async installs(actor: Actor, orgId: string, q: { productKey?: string | undefined; deviceId?: string | undefined; status?: string | undefined; reason?: string | undefined; category?: string | undefined }): Promise<InstallCoverageView[]> {
    await this.org(actor, orgId);
    const coverage = await this.engine.coverageOf(orgId);
    const filtered = coverage.filter(
      (c) => (!q.productKey || c.productKey === q.productKey) && (!q.deviceId || c.deviceId === q.deviceId) && (!q.status || c.status === q.status) && (!q.reason || c.reason === q.reason) && (!q.category || c.category === q.category),
    );
    const repos = repositories(this.database.db);
    const devices = new Map((await repos.licensing.deviceFacts([orgId])).map((d) => [d.id, d]));
    const names = await repos.licensing.deviceNames(orgId);
    const titles = new Map((await repos.licensing.titlesByKeys([...new Set(filtered.map((c) => c.titleKey))])).map((t) => [t.title_key, t]));
    const entNames = await repos.licensing.entitlementNames([...new Set(filtered.map((c) => c.entitlementId).filter((x): x is string => !!x))]);
    return filtered
      .map((c) => {
        const t = titles.get(c.titleKey);
        const d = devices.get(c.deviceId);
        return {
          deviceId: c.deviceId,
          deviceName: names.get(c.deviceId) ?? null,
          serial: d?.serial ?? null,
          user: d?.last_user ?? null,
          titleKey: c.titleKey,
          name: t?.name ?? c.titleKey,
          version: t?.version ?? null,
          productKey: c.productKey,
          edition: t?.rec_edition ?? null,
          category: c.category,
          licenceClass: c.licenceClass as LicenceClass,
          status: c.status,
          entitlementId: c.entitlementId,
          entitlementName: c.entitlementId ? (entNames.get(c.entitlementId) ?? null) : null,
          reason: c.reason,
        };
      })
      .sort((a, b) => (a.status !== b.status ? (a.status === 'uncovered' ? -1 : 1) : (a.deviceName ?? '') < (b.deviceName ?? '') ? -1 : (a.deviceName ?? '') > (b.deviceName ?? '') ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Devices of the organization with their counts of installs needing / lacking a licence. */
  async devices(actor: Actor, orgId: string, q: { compliant?: boolean | undefined }): Promise<DeviceCompliance[]> {
    await this.org(actor, orgId);
    const repos = repositories(this.database.db);
    const gaps = await repos.licensing.gapsOfOrgs([orgId]);
    const uncovered = new Map<string, number>();
    for (const g of gaps) uncovered.set(g.device_id, (uncovered.get(g.device_id) ?? 0) + n(g.uncovered));
    const required = await repos.licensing.requiredByDevice(orgId);
    const list = await repos.licensing.activeDevices(orgId);
    return list
      .filter((d) => n(d.software_count) > 0)
      .map((d) => ({ deviceId: d.id, name: d.name, osName: d.os_name, lastUser: d.last_user, softwareCount: n(d.software_count), required: required.get(d.id) ?? 0, uncovered: uncovered.get(d.id) ?? 0, compliant: !uncovered.has(d.id), lastSeenAt: d.last_seen_at }))
      .filter((d) => q.compliant === undefined || d.compliant === q.compliant)
      .sort((a, b) => b.uncovered - a.uncovered || ((a.name ?? '') < (b.name ?? '') ? -1 : 1));
  }

  // ——— rectification ———

  async proposal(actor: Actor, orgId: string, productKey: string): Promise<Proposal> {
    await this.org(actor, orgId);
    const repos = repositories(this.database.db);
    const p = await repos.licensing.findPosition(orgId, productKey);
    if (!p) throw notFound('position');
    const gaps = await repos.licensing.gapsOf(orgId, productKey);
    const names = await repos.licensing.deviceNames(orgId);
    const alternatives = await repos.licensing.alternativesFor(orgId, productKey, 8);
    const shortfall = n(p.shortfall);
    const price = p.unit_price === null ? null : Number(p.unit_price);
    return {
      orgId,
      productKey,
      shortfall,
      devices: gaps.map((g) => ({ deviceId: g.device_id, name: names.get(g.device_id) ?? null })),
      actions: [
        { action: 'uninstall', quantity: shortfall, estimatedCost: 0, currency: null, alternatives: [] },
        { action: 'replace', quantity: shortfall, estimatedCost: 0, currency: null, alternatives: alternatives.map((a) => ({ productKey: a.product_key, product: a.rec_product, licenceClass: (a.licence_class as LicenceClass | null) ?? null, domestic: n(a.domestic) === 1, devices: n(a.devices) })) },
        { action: 'buy', quantity: shortfall, estimatedCost: price === null ? null : Math.round(price * shortfall * 100) / 100, currency: p.currency, alternatives: [] },
      ],
    };
  }

  async listTasks(actor: Actor, q: { orgId?: string | undefined; status?: string | undefined; overdue?: boolean | undefined; page: number; pageSize: number }): Promise<{ items: TaskView[]; total: number }> {
    assertCan(actor, 'licence.read');
    if (q.orgId) await this.org(actor, q.orgId);
    const today = this.today();
    const { rows, total } = await repositories(this.database.db).licensing.listTasks(scopeOf(actor), { orgId: q.orgId, status: q.overdue ? 'open' : q.status, overdueBefore: q.overdue ? today : undefined }, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
    const positions = new Map<string, PositionRow>();
    for (const p of await repositories(this.database.db).licensing.positionsOfOrgs([...new Set(rows.map((r) => r.org_id))])) positions.set(`${p.org_id}\u0000${p.product_key}`, p);
    return { total, items: rows.map((r) => toTask(r, n(positions.get(`${r.org_id}\u0000${r.product_key}`)?.shortfall), today)) };
  }

  async createTask(actor: Actor, orgId: string, body: TaskCreateBody): Promise<TaskView> {
    const org = await this.org(actor, orgId, 'rectification.write');
    const repos = repositories(this.database.db);
    const p = await repos.licensing.findPosition(orgId, body.productKey);
    if (!p || n(p.shortfall) === 0) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'productKey', key: 'task.noShortfall' }] });
    if (body.assigneeId) {
      const u = await repos.users.findById(body.assigneeId);
      const ok = u && !u.disabled && (u.org_path ? org.path.startsWith(u.org_path) : u.region_code ? org.region_code.startsWith(regionPrefix(u.region_code)) : u.role === 'national_admin');
      if (!ok) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'assigneeId', key: 'task.assignee' }] });
    }
    const quantity = body.action === 'buy' ? (body.quantity ?? n(p.shortfall)) : n(p.shortfall);
    const price = p.unit_price === null ? null : Number(p.unit_price);
    const id = newId();
    const now = nowIso();
    const row = {
      org_id: orgId,
      id,
      product_key: body.productKey,
      action: body.action,
      replacement_key: body.action === 'replace' ? body.replacementKey : null,
      quantity,
      estimated_cost: body.action === 'buy' && price !== null ? Math.round(price * quantity * 100) / 100 : null,
      currency: body.action === 'buy' ? p.currency : null,
      shortfall_at_creation: n(p.shortfall),
      assignee_id: body.assigneeId,
      due_date: body.dueDate,
      status: 'open',
      note: body.note,
      created_at: now,
      created_by: actor.displayName,
      updated_at: now,
      verified_at: null,
      verification: null,
    };
    await this.database.transaction(async (trx) => {
      await repositories(trx).licensing.insertTask(row);
      await this.audit.append(trx, actor, { action: 'create', entityType: 'rectification-task', entityId: id, orgId, regionCode: org.region_code, after: row });
    });
    return this.task(actor, id);
  }

  async updateTask(actor: Actor, orgId: string, id: string, body: { assigneeId?: string | null | undefined; dueDate?: string | undefined; note?: string | null | undefined; status?: 'open' | 'cancelled' | undefined }): Promise<TaskView> {
    const org = await this.org(actor, orgId, 'rectification.write');
    const repos = repositories(this.database.db);
    const t = await repos.licensing.findTask(id);
    if (!t || t.org_id !== orgId) throw notFound('task');
    if (t.status === 'verified') throw new AppError('VALIDATION_FAILED', { message: 'a verified task is closed' });
    if (body.assigneeId) {
      const u = await repos.users.findById(body.assigneeId);
      const ok = u && !u.disabled && (u.org_path ? org.path.startsWith(u.org_path) : u.region_code ? org.region_code.startsWith(regionPrefix(u.region_code)) : u.role === 'national_admin');
      if (!ok) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'assigneeId', key: 'task.assignee' }] });
    }
    const patch = {
      ...(body.assigneeId !== undefined ? { assignee_id: body.assigneeId } : {}),
      ...(body.dueDate !== undefined ? { due_date: body.dueDate } : {}),
      ...(body.note !== undefined ? { note: body.note } : {}),
      ...(body.status !== undefined ? { status: body.status } : {}),
      updated_at: nowIso(),
    };
    await this.database.transaction(async (trx) => {
      await repositories(trx).licensing.updateTask(id, patch);
      await this.audit.append(trx, actor, { action: 'update', entityType: 'rectification-task', entityId: id, orgId, regionCode: org.region_code, before: { assignee_id: t.assignee_id, due_date: t.due_date, note: t.note, status: t.status }, after: patch });
    });
    return this.task(actor, id);
  }

  async task(actor: Actor, id: string): Promise<TaskView> {
    const repos = repositories(this.database.db);
    const t = await repos.licensing.findTask(id);
    if (!t) throw notFound('task');
    assertCan(actor, 'licence.read', { orgPath: t.org_path, regionCode: t.org_region_code });
    const p = await repos.licensing.findPosition(t.org_id, t.product_key);
    return toTask(t, n(p?.shortfall), this.today());
  }

  // ——— recomputation ———

  async recompute(actor: Actor, opts: { check?: boolean }): Promise<RecomputeResult> {
    assertCan(actor, 'compliance.recompute');
    const r = await this.engine.recompute({ check: opts.check, report: true });
    if (!opts.check) {
      await this.database.transaction((trx) => this.audit.append(trx, actor, { action: 'recompute', entityType: 'compliance', entityId: null, after: { day: r.day, installs: r.installs, positions: r.positions, differences: r.differenceCount, tasksClosed: r.tasksClosed } }));
    }
    return r;
  }
}

function toPosition(r: PositionRow, names: { rec_product: string | null; rec_publisher: string | null; category_name: string | null }, openTaskId: string | null): PositionView {
  return {
    orgId: r.org_id,
    productKey: r.product_key,
    product: names.rec_product,
    publisher: names.rec_publisher,
    category: (names.category_name as SoftwareCategory | null) ?? null,
    installs: n(r.installs),
    coveredInstalls: n(r.covered_installs),
    uncoveredInstalls: n(r.installs) - n(r.covered_installs),
    installedDevices: n(r.installed_devices),
    users: n(r.users),
    entitled: r.entitled === null ? null : n(r.entitled),
    unlimited: n(r.unlimited) === 1,
    consumed: n(r.consumed),
    shortfall: n(r.shortfall),
    surplus: r.surplus === null ? null : n(r.surplus),
    unitPrice: r.unit_price === null ? null : Number(r.unit_price),
    currency: r.currency,
    estimatedShortfallCost: r.shortfall_cost === null ? null : Number(r.shortfall_cost),
    openTaskId,
  };
}

function toTask(t: TaskRowView, shortfallNow: number, today: string): TaskView {
  return {
    id: t.id,
    orgId: t.org_id,
    orgName: t.org_name,
    regionCode: t.org_region_code,
    productKey: t.product_key,
    action: t.action as TaskView['action'],
    replacementKey: t.replacement_key,
    quantity: t.quantity === null ? null : n(t.quantity),
    estimatedCost: t.estimated_cost === null ? null : Number(t.estimated_cost),
    currency: t.currency,
    shortfallAtCreation: n(t.shortfall_at_creation),
    shortfallNow: t.status === 'verified' ? 0 : shortfallNow,
    assigneeId: t.assignee_id,
    assigneeName: t.assignee_name,
    dueDate: t.due_date,
    overdue: t.status === 'open' && t.due_date < today,
    status: t.status as TaskView['status'],
    note: t.note,
    createdAt: t.created_at,
    createdBy: t.created_by,
    verifiedAt: t.verified_at,
    verification: t.verification,
  };
}

export { regionAncestors };
