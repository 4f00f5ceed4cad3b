import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { buildInventory, buildSoftware } from '../../../test/inventory-builders.ts';
import { campaignBody, entitlementBody, planBody, type PlanBody } from '../../contracts/index.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import type { NormalizedSoftware } from '../inventory/inventory.types.ts';
import type { Actor } from '../policy/policy.ts';
import { generateSigningKey, type SigningKey } from '../scan/keys.ts';
import { serializeResultFile, signResultFile, type ResultFile } from '../scan/result-file.ts';
import { createServices, type Services } from '../services.ts';
import { gatherInspectionReport, inspectionReportPdf } from './inspection.report.ts';
import { stratifiedSample } from './inspection.rules.ts';
import { failure } from '../../../test/errors.ts';

/** pdftotext, when installed (CI installs poppler-utils; a bare machine skips the text check). */
const HAS_PDFTOTEXT = spawnSync('pdftotext', ['-v']).error === undefined;

const win = (over: Partial<NormalizedSoftware> = {}) => buildSoftware('Microsoft Windows 10 Pro', '10.0', { source: 'windows', publisher: 'Microsoft Corporation', arch: 'x64', ...over });
const OFFICE = buildSoftware('Microsoft Office Professional Plus 2019', '16.0.10827.20181', { source: 'windows', publisher: 'Microsoft Corporation', arch: 'x64' });
const SEVEN_ZIP = buildSoftware('7-Zip 19.00', '19.00', { source: 'windows', publisher: 'Igor Pavlov', arch: 'x64' });

const inspectorKey = generateSigningKey('inspector-wang');

/** The `.pub` text `zb keys create` writes for a key. */
const pubText = (k: SigningKey) => JSON.stringify({ alg: 'ed25519', keyId: k.keyId, publicKey: k.publicKey, name: k.signer });

/** A `zb scan --out` result file of one computer, signed (by the assigned inspector's key unless told otherwise) or not. */
function scanFile(serial: string, software: NormalizedSoftware[], signed: boolean | SigningKey = true): string {
  const file: ResultFile = {
    format: 'zb-scan/1',
    collectedAt: '2026-03-10T02:00:00.000Z',
    collector: { version: '0.1.0', platform: 'windows', collectors: ['windows-registry'], warnings: [] },
    inventory: { ...buildInventory({ serial, hostname: `pc-${serial.toLowerCase()}`, osName: 'Microsoft Windows 10 Pro' }, software), format: 'zb-scan', agent: 'zb-scan/0.1.0', collectedAt: '2026-03-10T02:00:00.000Z' },
  };
  return serializeResultFile(signed ? signResultFile(file, signed === true ? inspectorKey : signed) : file);
}

describe.each(testDialects())('supervision inspections on %s', (dialect) => {
  let s: Services;
  let city: string;
  let counties: string[];
  let province: string;
  let beijing: string;
  let inspector: Actor;
  let otherInspector: Actor;
  let cityAdmin: Actor;
  let zhejiang: Actor;
  let hangzhou: Actor;
  let beijingAdmin: Actor;

  const plan = (over: Partial<PlanBody>) => planBody.parse({ year: 2026, type: 'on-site', month: 3, title: '2026年3月实地督查', targetRegions: ['330000'], inspectorIds: [inspector.userId], ...over });

  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
    s.compliance.engine.clock = () => '2026-03-10';
    province = (await createOrg(s, { name: '浙江省某厅', regionCode: '330000', level: 'provincial' })).id;
    city = (await createOrg(s, { name: '杭州市某局', regionCode: '330100', level: 'prefecture' })).id;
    await createOrg(s, { name: '宁波市某局', regionCode: '330200', level: 'prefecture' });
    counties = [];
    for (const [name, code] of [['西湖区某局', '330106'], ['上城区某局', '330102'], ['余杭区某局', '330110']] as const) counties.push((await createOrg(s, { name, regionCode: code, level: 'county' })).id);
    await createOrg(s, { name: '杭州某企业', regionCode: '330100', type: 'enterprise', level: 'prefecture' });
    beijing = (await createOrg(s, { name: '北京市某局', regionCode: '110100', level: 'prefecture' })).id;
    inspector = await createActor(s, 'inspector');
    otherInspector = await createActor(s, 'inspector');
    cityAdmin = await createActor(s, 'org_admin', { orgId: city });
    zhejiang = await createActor(s, 'region_admin', { regionCode: '330000' });
    hangzhou = await createActor(s, 'region_admin', { regionCode: '330100' });
    beijingAdmin = await createActor(s, 'region_admin', { regionCode: '110000' });
    // The assigned inspector's laptop key is registered; only registered keys sign accepted files.
    await s.signingKeys.register(inspector, { publicKey: pubText(inspectorKey) });
    // The city agency: two computers on record with Windows, and five Windows licences (Office: none).
    const sub = () => ({ orgId: city, credentialId: null, channel: 'agent' as const, format: 'ocs-xml' as const, agent: 'test', remoteAddr: null, raw: Buffer.from('<REQUEST/>'), encoding: 'identity' as const });
    await s.inventory.ingest(sub(), buildInventory({ serial: 'HZ-1', hostname: 'hz-1' }, [win()]));
    await s.inventory.ingest(sub(), buildInventory({ serial: 'HZ-2', hostname: 'hz-2' }, [win()]));
    await s.entitlements.create(SYSTEM_ACTOR, city, entitlementBody.parse({ name: 'Windows 10 批量许可', metric: 'volume', quantity: 5, agreementNo: 'V-1', productKeys: ['microsoft/windows'] }));
    await s.compliance.engine.idle();
  });
  afterAll(async () => s?.database.close());

  it('plans, confirms and samples reproducibly from the recorded seed, stratified by level', async () => {
    expect((await failure(s.inspection.create(zhejiang, plan({})))).code).toBe('FORBIDDEN');
    expect((await failure(s.inspection.create(SYSTEM_ACTOR, plan({ inspectorIds: [cityAdmin.userId] })))).fields).toEqual([{ path: 'inspectorIds.0', key: 'inspection.inspector' }]);
    const p = await s.inspection.create(SYSTEM_ACTOR, plan({ orgSampleSize: 3, devicesPerOrg: 1 }));
    expect(p).toMatchObject({ status: 'draft', type: 'on-site', month: 3, targetRegions: [{ code: '330000', name: '浙江省' }], inspectors: [{ id: inspector.userId }] });
    expect((await failure(s.inspection.sample(SYSTEM_ACTOR, p.id, 1))).fields[0]!.key).toBe('inspection.status');
    await s.inspection.confirm(SYSTEM_ACTOR, p.id);
    // The inspector is told.
    expect((await s.inbox.list(inspector, { page: 1, pageSize: 10, unread: false })).items.map((m) => m.kind)).toContain('inspection.assigned');

    const first = await s.inspection.sample(SYSTEM_ACTOR, p.id, 42);
    const again = await s.inspection.sample(SYSTEM_ACTOR, p.id, 42);
    expect(again.orgs.map((o) => o.orgId)).toEqual(first.orgs.map((o) => o.orgId));
    expect(first.seed).toBe(42);
    // Proportional with one per level present: 1 provincial, 2 prefecture, 3 county agencies (the enterprise and Beijing are not candidates).
    expect(first.population).toEqual({ national: 0, provincial: 1, prefecture: 2, county: 3 });
    expect(first.allocation).toEqual({ national: 0, provincial: 1, prefecture: 1, county: 1 });
    expect(new Set(first.orgs.map((o) => o.level))).toEqual(new Set(['provincial', 'prefecture', 'county']));
    expect(first.orgs.map((o) => o.orgId)).toContain(province);
    // Exactly what the pure rule gives.
    const orgs = await repositories(s.database.db).inspection.candidates(['33']);
    expect(first.orgs.map((o) => o.orgId)).toEqual(stratifiedSample(orgs.map((o) => ({ id: o.id, stratum: o.level })), ['national', 'provincial', 'prefecture', 'county'], 3, 42).picks.map((x) => x.id));
    const plans = await s.inspection.list(SYSTEM_ACTOR, {});
    expect(plans.find((x) => x.id === p.id)).toMatchObject({ status: 'in-progress', seed: 42, counts: { orgs: 3 } });
  });

  it('evaluates an uploaded signed scan on the spot: a finding for the unlicensed product, none for the licensed one, the stored inventory untouched', async () => {
    const p = await s.inspection.create(SYSTEM_ACTOR, plan({ orgSampleSize: 20, devicesPerOrg: 1 }));
    await s.inspection.confirm(SYSTEM_ACTOR, p.id);
    const sample = await s.inspection.sample(SYSTEM_ACTOR, p.id, 7);
    const cityRow = sample.orgs.find((o) => o.orgId === city)!;
    expect(cityRow.devices).toHaveLength(1);
    expect(sample.orgs.map((o) => o.orgId)).not.toContain(beijing);

    const repos = repositories(s.database.db);
    const devicesBefore = (await repos.licensing.deviceFacts([city])).length;
    const positionsBefore = await repos.licensing.positionsOfOrgs([city]);

    // Only assigned inspectors may work on the plan.
    expect((await failure(s.inspection.uploadScan(otherInspector, p.id, city, { filename: 'pc.zbscan.json', data: Buffer.from(scanFile('HZ-9', [win(), OFFICE])) }))).code).toBe('FORBIDDEN');
    expect((await failure(s.inspection.get(otherInspector, p.id))).code).toBe('FORBIDDEN');
    expect((await failure(s.inspection.uploadScan(inspector, p.id, beijing, { filename: 'x.json', data: Buffer.from('{}') }))).fields).toEqual([{ path: 'orgId', key: 'inspection.notSampled' }]);

    const scan = await s.inspection.uploadScan(inspector, p.id, city, { filename: 'pc.zbscan.json', data: Buffer.from(scanFile('HZ-9', [win(), OFFICE, SEVEN_ZIP])) });
    expect(scan).toMatchObject({ verified: true, keyId: inspectorKey.keyId, signer: 'inspector-wang', signerUserId: inspector.userId, signerName: inspector.displayName, findings: 1 });
    expect(scan.evaluation).toMatchObject({ deviceName: 'pc-hz-9', matchedDeviceId: null, requiring: 2, covered: 1, uncovered: 1 });
    const verdict = Object.fromEntries(scan.evaluation.installs.map((i) => [i.productKey, i.status]));
    expect(verdict).toEqual({ 'microsoft/windows': 'covered', 'microsoft/office': 'uncovered' });

    const findings = await s.inspection.findings(inspector, p.id);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ orgId: city, productKey: 'microsoft/office', severity: 'high', status: 'open', foundDay: '2026-03-10', fixDeadline: '2026-03-25', overdue: false });
    expect(findings[0]!.description).toContain('Microsoft Office Professional Plus 2019');

    // Nothing stored about the organization changed.
    expect((await repos.licensing.deviceFacts([city])).length).toBe(devicesBefore);
    expect(await repos.licensing.positionsOfOrgs([city])).toEqual(positionsBefore);

    // The organization got its rectification notice.
    const inbox = await s.inbox.list(cityAdmin, { page: 1, pageSize: 10, unread: false });
    const notice = inbox.items.find((m) => m.kind === 'inspection.notice')!;
    expect(notice).toMatchObject({ dueDay: '2026-03-25', link: `/inspection/plans/${p.id}` });
    expect(notice.body).toContain('Microsoft Office');

    // A rescan of a computer already on record sets its stored installs aside: its own licence still covers it.
    const rescan = await s.inspection.uploadScan(inspector, p.id, city, { filename: 'hz-1.json', data: Buffer.from(scanFile('HZ-1', [win()])) });
    expect(rescan.evaluation.matchedDeviceId).not.toBeNull();
    expect(rescan).toMatchObject({ findings: 0, evaluation: { covered: 1, uncovered: 0 } });
    // Once scans exist the sample is fixed.
    expect((await failure(s.inspection.sample(SYSTEM_ACTOR, p.id, 7))).fields[0]!.key).toBe('inspection.resample');
  });

  it('refuses altered and unsigned files with the reason in both languages', async () => {
    const p = (await s.inspection.list(SYSTEM_ACTOR, {})).find((x) => x.counts.scans > 0)!;
    const altered = scanFile('HZ-8', [win(), OFFICE]).replace('16.0.10827.20181', '16.0.99999.1');
    const bad = await failure(s.inspection.uploadScan(inspector, p.id, city, { filename: 'altered.json', data: Buffer.from(altered) }));
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.fields[0]).toMatchObject({ path: 'file', key: 'inspection.scan.invalid' });
    expect((bad.fields[0]!.params!.reason as Record<string, string>)['zh-CN']).toContain('签名后被修改');
    expect((bad.fields[0]!.params!.reason as Record<string, string>)['en-US']).toContain('changed after it was signed');
    expect((await failure(s.inspection.uploadScan(inspector, p.id, city, { filename: 'unsigned.json', data: Buffer.from(scanFile('HZ-8', [win()], false)) }))).fields[0]!.key).toBe('inspection.scan.unsigned');
    expect((await s.inspection.scans(SYSTEM_ACTOR, p.id)).map((x) => x.filename)).toEqual(['pc.zbscan.json', 'hz-1.json']);
    expect((await s.inspection.scans(SYSTEM_ACTOR, p.id))[0]).toMatchObject({ signerUserId: inspector.userId, signerName: inspector.displayName });
  });

  it('accepts only files signed by a registered, unrevoked key of the plan\'s inspectors or the national office', async () => {
    const p = (await s.inspection.list(SYSTEM_ACTOR, {})).find((x) => x.counts.scans > 0)!;
    const upload = (file: string, by: Actor = inspector) => s.inspection.uploadScan(by, p.id, city, { filename: 'k.json', data: Buffer.from(file) });
    const reason = (f: Awaited<ReturnType<typeof failure>>) => f.fields[0]!;

    // A key nobody registered: refused, naming the key.
    const stray = generateSigningKey('stray-laptop');
    const unregistered = await failure(upload(scanFile('HZ-7', [win()], stray)));
    expect(unregistered).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'file', key: 'inspection.scan.unregistered', params: { keyId: stray.keyId, signer: 'stray-laptop' } }] });

    // A key of an inspector not assigned to the plan: refused, though registered.
    const otherKey = generateSigningKey('inspector-li');
    await s.signingKeys.register(otherInspector, { publicKey: pubText(otherKey), name: '李督查的笔记本' });
    expect(reason(await failure(upload(scanFile('HZ-7', [win()], otherKey))))).toMatchObject({ key: 'inspection.scan.notAssigned', params: { keyId: otherKey.keyId, owner: otherInspector.displayName } });

    // A second key of the assigned inspector works until revoked, then is refused.
    const spare = generateSigningKey('inspector-wang-spare');
    await s.signingKeys.register(inspector, { publicKey: pubText(spare) });
    expect(await upload(scanFile('HZ-6', [win()], spare))).toMatchObject({ keyId: spare.keyId, signerUserId: inspector.userId });
    await s.signingKeys.revokeOwn(inspector, spare.keyId);
    const revoked = reason(await failure(upload(scanFile('HZ-6', [win()], spare))));
    expect(revoked).toMatchObject({ key: 'inspection.scan.revoked', params: { keyId: spare.keyId, signer: 'inspector-wang-spare' } });

    // A national administrator's key is trusted too (the national office may conduct any plan).
    const national = await createActor(s, 'national_admin');
    const nationalKey = generateSigningKey('national-office');
    await s.signingKeys.register(national, { publicKey: pubText(nationalKey) });
    expect(await upload(scanFile('HZ-5', [win()], nationalKey), national)).toMatchObject({ keyId: nationalKey.keyId, signerUserId: national.userId });

    // An altered file signed by an unregistered key says it was altered.
    const alteredStray = scanFile('HZ-4', [win()], stray).replace('pc-hz-4', 'pc-hz-x');
    expect(reason(await failure(upload(alteredStray)))).toMatchObject({ key: 'inspection.scan.invalid' });
  });

  it('follows a finding up until verified: the organization reports, the inspector verifies', async () => {
    const p = (await s.inspection.list(SYSTEM_ACTOR, {})).find((x) => x.counts.scans > 0)!;
    const [f] = await s.inspection.findings(cityAdmin, p.id);
    expect(f).toBeDefined();
    // Region offices and the organization see the finding; Beijing does not see the plan at all.
    expect((await s.inspection.findings(hangzhou, p.id)).map((x) => x.id)).toEqual([f!.id]);
    expect((await failure(s.inspection.findings(beijingAdmin, p.id))).code).toBe('FORBIDDEN');
    expect((await s.inspection.list(beijingAdmin, {})).map((x) => x.id)).not.toContain(p.id);
    expect((await failure(s.inspection.followUp(cityAdmin, f!.id, { status: 'verified', note: '自己验收' }))).code).toBe('FORBIDDEN');
    const reported = await s.inspection.followUp(cityAdmin, f!.id, { status: 'rectifying', note: '已采购 Office 授权，正在安装' });
    expect(reported.status).toBe('rectifying');
    expect((await failure(s.inspection.followUp(otherInspector, f!.id, { status: 'verified', note: 'x' }))).code).toBe('FORBIDDEN');
    const verified = await s.inspection.followUp(inspector, f!.id, { status: 'verified', note: '复查确认已整改' });
    expect(verified).toMatchObject({ status: 'verified', followUps: [{ status: 'rectifying', note: '已采购 Office 授权，正在安装' }, { status: 'verified', note: '复查确认已整改' }] });
    expect((await failure(s.inspection.followUp(inspector, f!.id, { status: 'open', note: 'x' }))).fields[0]!.key).toBe('inspection.followUp');
  });

  it('renders the inspection report as a PDF with the plan, the sample, the findings and their follow-up', async () => {
    const p = (await s.inspection.list(SYSTEM_ACTOR, {})).find((x) => x.counts.scans > 0)!;
    const data = await gatherInspectionReport(s.inspection, SYSTEM_ACTOR, p.id);
    expect(data.findings).toHaveLength(1);
    const pdf = await inspectionReportPdf(data);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (!HAS_PDFTOTEXT) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-inspection-'));
    try {
      fs.writeFileSync(path.join(dir, 'r.pdf'), pdf);
      const text = spawnSync('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).stdout;
      for (const t of ['督查报告', '2026年3月实地督查', '实地督查', '随机种子 7', '杭州市某局', '发现问题', '严重', 'Microsoft Office', '2026-03-25', '已核实整改', '复查确认已整改']) expect(text, t).toContain(t);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends a written questionnaire to the target offices and collects their answers', async () => {
    const p = await s.inspection.create(SYSTEM_ACTOR, plan({ type: 'written', title: '2026年3月书面督查', targetRegions: ['330000', '110000'] }));
    await s.inspection.confirm(SYSTEM_ACTOR, p.id);
    expect((await failure(s.inspection.sendQuestionnaire(SYSTEM_ACTOR, p.id))).fields[0]!.key).toBe('inspection.questionnaire.none');
    await s.inspection.setQuestionnaire(SYSTEM_ACTOR, p.id, { questions: [{ id: 'q1', text: '省级机关完成检查整改的数量？' }, { id: 'q2', text: '存在的主要困难？' }] });
    const sent = await s.inspection.sendQuestionnaire(SYSTEM_ACTOR, p.id);
    expect(sent.missing.map((m) => m.regionCode)).toEqual(['330000', '110000']);
    expect((await s.inbox.list(zhejiang, { page: 1, pageSize: 10, unread: false })).items.map((m) => m.kind)).toContain('inspection.questionnaire');
    // Only the office itself answers for it.
    expect((await failure(s.inspection.answer(hangzhou, p.id, { regionCode: '330000', answers: { q1: '12' } }))).code).toBe('FORBIDDEN');
    expect((await failure(s.inspection.answer(zhejiang, p.id, { answers: { q9: 'x' } }))).fields).toEqual([{ path: 'answers.q9', key: 'inspection.answer.unknown', params: { id: 'q9' } }]);
    const answered = await s.inspection.answer(zhejiang, p.id, { answers: { q1: '12', q2: '资金不足' } });
    expect(answered.answers).toEqual([expect.objectContaining({ regionCode: '330000', answers: { q1: '12', q2: '资金不足' } })]);
    // Zhejiang sees its own answer and nothing of Beijing; the national office sees who is missing.
    expect(answered.missing).toEqual([]);
    expect((await s.inspection.questionnaire(SYSTEM_ACTOR, p.id)).missing.map((m) => m.regionCode)).toEqual(['110000']);
  });

  it('proposes the slowest provinces of the active campaign for the national office to confirm', async () => {
    const campaign = await s.campaign.create(SYSTEM_ACTOR, campaignBody.parse({ name: '2026 检查整改', deadlines: { prefecture: '2026-12-31', county: '2026-12-31' } }));
    await s.campaign.transition(SYSTEM_ACTOR, campaign.id, beijing, { to: 'self-check', reason: '开始' });
    const p = await s.inspection.create(SYSTEM_ACTOR, plan({ type: 'special', month: 5, title: '2026年5月专项督查', targetRegions: [] }));
    expect((await failure(s.inspection.confirmProposal(SYSTEM_ACTOR, p.id, ['330000']))).fields[0]!.key).toBe('inspection.proposal.none');
    const proposal = await s.inspection.propose(SYSTEM_ACTOR, p.id, 5);
    expect(proposal.campaignId).toBe(campaign.id);
    expect(proposal.rows.map((r) => r.regionCode).sort()).toEqual(['110000', '330000']);
    expect(proposal.rows[0]).toMatchObject({ rank: 1, confirmed: false });
    expect((await failure(s.inspection.confirmProposal(SYSTEM_ACTOR, p.id, ['440000']))).fields[0]).toMatchObject({ key: 'inspection.proposal.unknown' });
    expect((await failure(s.inspection.confirmProposal(zhejiang, p.id, ['330000']))).code).toBe('FORBIDDEN');
    const confirmed = await s.inspection.confirmProposal(SYSTEM_ACTOR, p.id, ['330000']);
    expect(confirmed.rows.find((r) => r.regionCode === '330000')!.confirmed).toBe(true);
    const view = await s.inspection.get(zhejiang, p.id);
    expect(view).toMatchObject({ status: 'in-progress', targetRegions: [{ code: '330000' }] });
    // Zhejiang sees its own row of the proposal only; Beijing does not see the plan.
    expect((await s.inspection.proposal(zhejiang, p.id)).rows.map((r) => r.regionCode)).toEqual(['330000']);
    expect((await failure(s.inspection.get(beijingAdmin, p.id))).code).toBe('FORBIDDEN');
  });
});
