import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, campaignBody, entitlementBody, findingBody, planBody, formDraftBody, inboxListQuery, roundBody, type Role } from '../../packages/contracts/index.ts';
import { toCsv } from '../../packages/core/files/tabular.ts';
import { ORG_COLUMNS } from '../../packages/core/orgs/orgs.columns.ts';
import type { Actor } from '../../packages/core/policy/policy.ts';
import { repositories } from '../../packages/storage/repositories/index.ts';
import { bearer, buildTestApp, multipartFile } from '../../test/app-harness.ts';
import { buildOrg, buildUscc, createActor, createOrg } from '../../test/builders.ts';
import { buildInventory, buildSoftware } from '../../test/inventory-builders.ts';
import { SYSTEM_ACTOR } from '../../packages/core/auth/system-actor.ts';
import { generateSigningKey } from '../../packages/core/scan/keys.ts';
import { testDialects } from '../../test/dialects.ts';

/**
 * Walks every registered /api route with every scoped role against an
 * organization outside the role's scope (Beijing, while the roles sit in
 * Zhejiang) and fails on any leak:
 *  - a response body that contains an identifier of the foreign data;
 *  - a 2xx answer to a URL that names a foreign entity;
 *  - any change to the foreign data, or anything new in the foreign region.
 * New routes are covered automatically; a new path parameter or request
 * body shape must get a foreign fixture here, or the test fails and says so.
 */
describe.each(testDialects())('no route leaks across scopes on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof buildTestApp>>;
  let foreign: { orgId: string; childId: string; uscc: string; name: string; userId: string; username: string; tokenId: string; deviceId: string; deviceName: string; credentialId: string; credentialUser: string; entitlementId: string; documentId: string; taskId: string; campaignId: string; exceptionId: string; snapshotDay: string; roundId: string };
  const actors = new Map<Role, { actor: Actor; headers: Record<string, string> }>();
  /** A draft bulletin of the foreign province (通报). */
  let foreignBulletinId: string;
  /** Inspections (督查): an on-site plan of Beijing, sampled, with a finding at the foreign organization (no inspector assigned). */
  let inspection: { planId: string; findingId: string };
  let foreignMessageId: string;
  /** A signing key (签名密钥) registered by the foreign organization's administrator. */
  let foreignKeyId: string;

  beforeAll(async () => {
    h = await buildTestApp(dialect);
    const { s } = h;
    const home = await createOrg(s, { name: '浙江本地单位', regionCode: '330100' });
    await createOrg(s, { name: '浙江本地下级单位', regionCode: '330106', parentId: home.id });
    const b = await createOrg(s, { name: '北京外地单位', regionCode: '110101', uscc: buildUscc('110101') });
    const bChild = await createOrg(s, { name: '北京外地下级单位', regionCode: '110101', parentId: b.id });
    const bUser = await createActor(s, 'org_admin', { orgId: b.id });
    const bToken = await s.auth.createToken(bUser, 'foreign', 30);
    const bDevice = await s.inventory.ingest(
      { orgId: b.id, credentialId: null, channel: 'agent', format: 'ocs-xml', agent: 'test', remoteAddr: null, raw: Buffer.from('<REQUEST/>'), encoding: 'identity' },
      buildInventory({ hostname: 'beijing-secret-pc', serial: 'BJ-SERIAL-1' }, [buildSoftware('beijing-only-software', '1.0'), buildSoftware('Microsoft Windows 10 Pro', '10.0', { source: 'windows', publisher: 'Microsoft Corporation' })]),
    );
    await s.compliance.engine.idle();
    const bEnt = await s.entitlements.create(SYSTEM_ACTOR, b.id, entitlementBody.parse({ name: '北京外地授权', metric: 'device', quantity: 1, productKeys: ['microsoft/office'] }));
    const bDoc = await s.entitlements.addDocument(SYSTEM_ACTOR, b.id, bEnt.id, { filename: 'beijing-proof.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4 beijing') });
    const bTask = await s.compliance.createTask(SYSTEM_ACTOR, b.id, { productKey: 'microsoft/windows', action: 'buy', replacementKey: null, assigneeId: null, dueDate: '2030-01-01', quantity: null, note: null });
    const bCred = await s.agents.create(SYSTEM_ACTOR, b.id, 'foreign agents', 'http://127.0.0.1');
    // Campaign: the foreign agency in progress, with a pending exception, frozen in a snapshot.
    const campaign = await s.campaign.create(SYSTEM_ACTOR, campaignBody.parse({ name: '全国检查整改', deadlines: { prefecture: '2030-12-31', county: '2030-12-31' } }));
    await s.campaign.transition(SYSTEM_ACTOR, campaign.id, b.id, { to: 'self-check', reason: '北京外地自查' });
    const bException = await s.campaign.requestException(SYSTEM_ACTOR, campaign.id, b.id, '北京外地例外申请');
    const snapshot = await s.snapshots.create(SYSTEM_ACTOR, {});
    // Status forms: a round, and the foreign province's form submitted with its remarks.
    const round = await s.statusForms.createRound(SYSTEM_ACTOR, roundBody.parse({ campaignId: campaign.id, periodLabel: '2030年1月', periodStart: '2030-01-01', periodEnd: '2030-01-31', levels: ['province', 'prefecture'], dueDay: '2030-02-05' }));
    await s.statusForms.submit(await createActor(s, 'region_admin', { regionCode: '110000' }), round.id, '110000', formDraftBody.parse({ remarks: '北京外地落实情况' }));
    foreign = { orgId: b.id, childId: bChild.id, uscc: b.uscc, name: b.name, userId: bUser.userId, username: bUser.username, tokenId: bToken.id, deviceId: bDevice.deviceId, deviceName: 'beijing-secret-pc', credentialId: bCred.id, credentialUser: bCred.username, entitlementId: bEnt.id, documentId: bDoc.id, taskId: bTask.id, campaignId: campaign.id, exceptionId: bException.id, snapshotDay: snapshot.day, roundId: round.id };
    const bPlan = await s.inspection.create(SYSTEM_ACTOR, planBody.parse({ year: 2030, type: 'on-site', month: 3, title: '北京外地督查', targetRegions: ['110000'], orgSampleSize: 5 }));
    await s.inspection.confirm(SYSTEM_ACTOR, bPlan.id);
    await s.inspection.sample(SYSTEM_ACTOR, bPlan.id, 1);
    const bFinding = await s.inspection.addFinding(SYSTEM_ACTOR, bPlan.id, findingBody.parse({ orgId: b.id, severity: 'high', description: '北京外地督查问题' }));
    await s.inspection.followUp(SYSTEM_ACTOR, bFinding.id, { status: 'rectifying', note: '北京外地整改说明' });
    inspection = { planId: bPlan.id, findingId: bFinding.id };
    // Bulletins: the foreign province's own draft, titled with a secret.
    const bBulletin = (await s.bulletins.create(SYSTEM_ACTOR, { kind: 'special', regionCode: '110000' })).bulletin;
    foreignBulletinId = (await s.bulletins.update(SYSTEM_ACTOR, bBulletin.id, { title: '北京外地通报', docNumber: null, issuingOrgan: bBulletin.issuingOrgan, recipients: bBulletin.recipients, sections: bBulletin.sections, cc: null, includeTables: true })).id;
    // Inbox: a message to the foreign organization.
    await s.database.transaction((trx) => s.inbox.post(trx, { kind: 'notice', to: { orgId: b.id }, subject: '北京外地通知', body: '北京外地', link: null }));
    foreignMessageId = (await s.inbox.list(bUser, inboxListQuery.parse({}))).items[0]!.id;
    const bKey = generateSigningKey('beijing-laptop');
    foreignKeyId = (await s.signingKeys.register(bUser, { publicKey: bKey.publicKey, name: '北京外地密钥' })).keyId;
    const scopes: Record<Role, { regionCode?: string; orgId?: string }> = {
      national_admin: {},
      region_admin: { regionCode: '330000' },
      org_admin: { orgId: home.id },
      finance: { regionCode: '330000' },
      auditor: { regionCode: '330000' },
      inspector: {},
    };
    for (const role of ROLES) {
      const actor = await createActor(s, role, scopes[role]);
      actors.set(role, { actor, headers: await bearer(s, actor) });
    }
  });
  afterAll(async () => h?.close());

  const PARAMS: Record<string, () => string> = {
    orgId: () => foreign.orgId,
    userId: () => foreign.userId,
    tokenId: () => foreign.tokenId,
    regionCode: () => '110101',
    deviceId: () => foreign.deviceId,
    credentialId: () => foreign.credentialId,
    entitlementId: () => foreign.entitlementId,
    documentId: () => foreign.documentId,
    taskId: () => foreign.taskId,
    // Recognition rules are reference data, not tenant data: any id will do.
    ruleId: () => 'x',
    campaignId: () => foreign.campaignId,
    exceptionId: () => foreign.exceptionId,
    day: () => foreign.snapshotDay,
    bulletinId: () => foreignBulletinId,
    planId: () => inspection.planId,
    findingId: () => inspection.findingId,
    roundId: () => foreign.roundId,
    messageId: () => foreignMessageId,
    keyId: () => foreignKeyId,
  };

  /**
   * Parameters that name national reference data, not tenant data: campaigns
   * and snapshots are the same for everyone, what they show is scoped. A URL
   * naming only these names nothing foreign.
   */
  const SHARED_PARAMS = new Set(['campaignId', 'day', 'roundId']);

  /** Request bodies aimed at the foreign organization, one per body shape the API accepts. */
  const bodies = () => [
    { kind: 'json', payload: buildOrg({ regionCode: '110101', parentId: foreign.orgId }) },
    { kind: 'json', payload: { ...buildOrg({ regionCode: '110101' }), uscc: foreign.uscc, name: '被篡改' } },
    { kind: 'json', payload: { username: `leak_${Date.now()}`, displayName: 'leak', password: 'secret123', role: 'org_admin', orgId: foreign.orgId } },
    { kind: 'json', payload: { displayName: 'leak', role: 'region_admin', regionCode: '110000', disabled: true } },
    { kind: 'json', payload: { name: 'token', expiresInDays: 1 } },
    { kind: 'json', payload: { label: 'leak' } },
    { kind: 'json', payload: { openEnrollment: true } },
    // Licences: an entitlement, a transfer to the foreign organization, a task and its update.
    { kind: 'json', payload: { name: 'leak', metric: 'device', quantity: 5, productKeys: ['microsoft/windows'] } },
    { kind: 'json', payload: { toOrgId: foreign.orgId, quantity: 1, reason: 'leak' } },
    { kind: 'json', payload: { productKey: 'microsoft/windows', action: 'buy', dueDate: '2030-01-01' } },
    { kind: 'json', payload: { status: 'cancelled', dueDate: '2031-01-01' } },
    // Campaign: a campaign, a transition, an exception request and decision, a snapshot.
    { kind: 'json', payload: { name: 'leak', deadlines: { county: '2030-01-01' } } },
    { kind: 'json', payload: { to: 'rectifying', reason: 'leak' } },
    { kind: 'json', payload: { reason: 'leak' } },
    { kind: 'json', payload: { decision: 'approved', note: 'leak' } },
    { kind: 'json', payload: { day: '2020-01-31' } },
    // Bulletins: a draft of the foreign province, an edit, a publication.
    { kind: 'json', payload: { kind: 'special', regionCode: '110000' } },
    { kind: 'json', payload: { title: 'leak', issuingOrgan: 'leak', recipients: 'leak', sections: [{ heading: 'leak', text: 'leak' }] } },
    { kind: 'json', payload: { docNumber: '京软正办〔2026〕99号' } },
    // Inspections: a finding at the foreign organization, its follow-up, questionnaire answers, a sample seed.
    { kind: 'json', payload: { orgId: foreign.orgId, severity: 'high', description: 'leak' } },
    { kind: 'json', payload: { status: 'verified', note: 'leak' } },
    { kind: 'json', payload: { regionCode: '110000', answers: { q1: 'leak' } } },
    { kind: 'json', payload: { seed: 1 } },
    // Status forms: a draft (also what a submission carries), a return with comments.
    { kind: 'json', payload: { figures: [{ key: 'computers', value: 1 }], completions: [], remarks: 'leak' } },
    { kind: 'json', payload: { comments: 'leak' } },
    // Recognition: batch, rule, preview and import bodies (reference data; writes need catalogue.write).
    { kind: 'json', payload: { rows: [{ displayName: 'Leak Test App 1.0' }] } },
    { kind: 'json', payload: { rule: { publisher: 'Leak', product: 'Leak Test App', category: 'utility', licence: 'freeware', match: ['^leak test app\\b'] } } },
    { kind: 'json', payload: { rule: { publisher: 'Leak', product: 'Leak Test App', category: 'utility', licence: 'freeware', match: ['^leak test app\\b'] }, names: [{ displayName: 'Leak Test App 1.0' }] } },
    { kind: 'json', payload: { content: 'rules:\n  - { id: leak.import, publisher: Leak, product: Leak Import, category: utility, licence: freeware, match: [leak import] }\n' } },
    {
      kind: 'multipart',
      payload: toCsv([Object.values(ORG_COLUMNS), ['被篡改', foreign.uscc, '政府机关', '法院', '', '', '县级', '110101', '', '1'], ['新外地单位', buildUscc('110102'), '政府机关', '法院', '', '', '县级', '110102', foreign.uscc, '1']]),
    },
  ];

  /** The foreign inspection plan, its sample, finding and follow-up, to detect changes. */
  async function inspectionState(): Promise<unknown> {
    const repo = repositories(h.s.database.db).inspection;
    return [await repo.findPlan(inspection.planId), await repo.sampleOrgs(inspection.planId, { kind: 'all' }), await repo.findingsOf(inspection.planId, { kind: 'all' }), await repo.followUpsOf([inspection.findingId]), await repo.answersOf(inspection.planId)];
  }

  /** Everything of the foreign region, to detect changes. */
  async function foreignState(): Promise<string> {
    const repos = repositories(h.s.database.db);
    const orgs = await repos.orgs.list({ kind: 'region', prefix: '11' }, {}, { offset: 0, limit: 1000 });
    const users = await repos.users.list({ kind: 'region', prefix: '11' }, {}, { offset: 0, limit: 1000 });
    const token = await repos.users.findToken(foreign.tokenId);
    const devices = await repos.inventory.listDevices({ kind: 'region', prefix: '11' }, { status: 'active' }, { offset: 0, limit: 100 });
    const quarantined = await repos.inventory.listDevices({ kind: 'region', prefix: '11' }, { status: 'quarantined' }, { offset: 0, limit: 100 });
    const creds = await repos.inventory.listCredentials(foreign.orgId);
    const settings = await repos.inventory.getSettings(foreign.orgId);
    const ents = await repos.licensing.listEntitlements({ kind: 'region', prefix: '11' }, {}, { offset: 0, limit: 100 });
    const tasks = await repos.licensing.listTasks({ kind: 'region', prefix: '11' }, {}, { offset: 0, limit: 100 });
    const docs = await repos.licensing.documentsOf(foreign.entitlementId);
    const progress = await repos.campaign.findProgress(foreign.campaignId, foreign.orgId);
    const transitions = await repos.campaign.transitionsOf(foreign.campaignId, foreign.orgId);
    const exceptions = await repos.campaign.exceptionsPage(foreign.campaignId, { kind: 'region', prefix: '11' }, {}, { offset: 0, limit: 100 });
    const forms = await repos.statusForm.formsOfRound(foreign.roundId, '11');
    const formVersions = await Promise.all(forms.map((f) => repos.statusForm.versionsOf(f.id)));
    const keys = await repos.signingKeys.listOfUser(foreign.userId);
    return JSON.stringify([await inspectionState(), keys, orgs.rows, users.rows.map((u) => ({ ...u, last_login_at: null })), token?.revoked_at, devices.rows, quarantined.rows, creds.map((c) => ({ ...c, last_used_at: null })), settings, ents.rows, tasks.rows, docs, progress, transitions, exceptions.rows, await repos.bulletin.find(foreignBulletinId), forms, formVersions]);
  }

  it('walks every route with every scoped role', async () => {
    const routes = h.routes.filter((r) => !r.url.startsWith('/api/auth/login'));
    expect(routes.length).toBeGreaterThan(15);
    const secrets = () => [inspection.planId, inspection.findingId, '北京外地督查', '北京外地整改说明', foreign.orgId, foreign.childId, foreign.uscc, foreign.name, foreign.userId, foreign.username, '北京外地下级单位', foreign.deviceId, foreign.deviceName, 'BJ-SERIAL-1', 'beijing-only-software', foreign.credentialId, foreign.credentialUser, foreign.entitlementId, '北京外地授权', foreign.taskId, 'beijing-proof.pdf', foreign.exceptionId, '北京外地例外申请', '北京外地自查', '北京外地通报', '北京外地落实情况', foreignKeyId, '北京外地密钥'];
    const problems: string[] = [];
    const before = await foreignState();

    for (const route of routes) {
      const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      for (const n of names) if (!PARAMS[n]) problems.push(`${route.method} ${route.url}: no foreign fixture for :${n} — add one to PARAMS`);
      const url = route.url.replace(/:(\w+)/g, (_, n: string) => PARAMS[n]?.() ?? 'x');
      const namesForeign = names.some((n) => !SHARED_PARAMS.has(n));
      const queries = route.method === 'GET' ? ['', `?regionCode=110101&parentId=${foreign.orgId}&entityId=${foreign.orgId}&parent=110000&q=${encodeURIComponent('北京')}`] : [''];
      const payloads = route.method === 'GET' || route.method === 'DELETE' ? [null] : bodies();

      for (const role of ROLES) {
        if (role === 'national_admin') continue;
        const { headers } = actors.get(role)!;
        const statuses: number[] = [];
        for (const q of queries) {
          for (const p of payloads) {
            const mp = p?.kind === 'multipart' ? multipartFile('file', 'leak.csv', Buffer.from(p.payload as string)) : null;
            const res = await h.app.inject({
              method: route.method as 'GET',
              url: url + q,
              headers: { ...headers, ...(mp?.headers ?? {}) },
              ...(mp ? { payload: mp.payload } : p ? { payload: p.payload as object } : {}),
            });
            statuses.push(res.statusCode);
            const body = res.body;
            for (const sec of secrets()) if (body.includes(sec)) problems.push(`${role} ${route.method} ${url + q}: response contains foreign "${sec}"`);
            if (namesForeign && res.statusCode < 300 && route.access !== 'public' && !(typeof route.access === 'object' && route.access.action === 'region.read')) {
              problems.push(`${role} ${route.method} ${url}: ${res.statusCode} for a foreign entity`);
            }
          }
        }
        // Once per route and role, after every query and body shape (the state is ~20 reads): the first change stops the walk.
        if ((await foreignState()) !== before) {
          problems.push(`${role} ${route.method} ${url}: changed foreign data (with one of its ${queries.length * payloads.length} requests)`);
          return expect.fail(problems.join('\n'));
        }
        // A write every body shape bounced off with 400 never reached the scope check: add a body shape.
        const selfRoute = typeof route.access === 'object' && route.access.action === 'self';
        if (payloads[0] && !selfRoute && statuses.every((c) => c === 400)) problems.push(`${role} ${route.method} ${url}: every body was rejected as invalid; add a valid foreign body shape`);
      }
      // Unauthenticated callers get nothing but public routes.
      const anon = await h.app.inject({ method: route.method as 'GET', url });
      if (route.access !== 'public' && anon.statusCode !== 401) problems.push(`anonymous ${route.method} ${url}: ${anon.statusCode}, expected 401`);
    }
    expect(problems).toEqual([]);
    // Every route × role × body shape, the foreign state compared after each route and role.
  }, 300_000);

  it('the fixtures are reachable for the national admin (the walk is not vacuous)', async () => {
    const { headers } = actors.get('national_admin')!;
    for (const url of [`/api/orgs/${foreign.orgId}`, `/api/users/${foreign.userId}`, `/api/orgs?q=${encodeURIComponent('北京外地')}`, '/api/audit?entityType=organization']) {
      const res = await h.app.inject({ method: 'GET', url, headers });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain(url.includes('users') ? foreign.username : foreign.name);
    }
  });
});
