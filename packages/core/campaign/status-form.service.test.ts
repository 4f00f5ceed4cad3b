import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { buildInventory, buildSoftware } from '../../../test/inventory-builders.ts';
import { campaignBody, entitlementBody, formDraftBody, roundBody } from '../../contracts/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { cstDay } from '../dates.ts';
import { nowIso } from '../ids.ts';
import type { Actor } from '../policy/policy.ts';
import { createServices, type Services } from '../services.ts';
import { addDays } from './status-form.rules.ts';
import { failure as failureOf } from '../../../test/errors.ts';

/** The code and the `path:key` field problems a promise rejects with. */
const failure = async (p: Promise<unknown>) => {
  const f = await failureOf(p);
  return { code: f.code, keys: f.keys };
};

const WINDOWS = buildSoftware('Microsoft Windows 10 Pro', '10.0', { source: 'windows', publisher: 'Microsoft Corporation', arch: 'x64' });

const draft = (v: unknown) => formDraftBody.parse(v);
const figure = (d: { content: { figures: { key: string; prefilled: number; value: number }[] } | null }, key: string) => d.content!.figures.find((f) => f.key === key);

/*
 * A small estate: a provincial department in Zhejiang and one in Beijing,
 * a city bureau of Hangzhou (one computer with licensed Windows, bought in
 * the period, completed), a county bureau of Hangzhou and a city bureau of
 * Ningbo. Transitions are stamped now, so the period runs around today;
 * the forms' own clock (due day, late, missing, reminders) is set by hand.
 */
describe.each(testDialects())('status forms on %s', (dialect) => {
  let s: Services;
  let today: string;
  let clock: string;
  let roundId: string;
  let campaignId: string;
  let city: string;
  let national: Actor;
  let zhejiang: Actor;
  let hangzhou: Actor;
  let ningbo: Actor;
  let beijing: Actor;
  let auditor: Actor;
  const DUE = '2031-03-10';

  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
    today = cstDay(nowIso());
    campaignId = (await s.campaign.create(SYSTEM_ACTOR, campaignBody.parse({ name: '整改', categories: ['operating-system'], deadlines: { provincial: '2030-06-30', prefecture: '2030-12-31', county: '2031-12-31' } }))).id;
    await createOrg(s, { name: '浙江省某厅', regionCode: '330000', level: 'provincial' });
    city = (await createOrg(s, { name: '杭州市某局', regionCode: '330100', level: 'prefecture' })).id;
    await createOrg(s, { name: '西湖区某局', regionCode: '330106', level: 'county' });
    await createOrg(s, { name: '宁波市某局', regionCode: '330200', level: 'prefecture' });
    await createOrg(s, { name: '北京市某委', regionCode: '110000', level: 'provincial' });
    national = await createActor(s, 'national_admin');
    zhejiang = await createActor(s, 'region_admin', { regionCode: '330000' });
    hangzhou = await createActor(s, 'region_admin', { regionCode: '330100' });
    ningbo = await createActor(s, 'region_admin', { regionCode: '330200' });
    beijing = await createActor(s, 'region_admin', { regionCode: '110000' });
    auditor = await createActor(s, 'auditor', { regionCode: '330000' });
    await s.inventory.ingest({ orgId: city, credentialId: null, channel: 'agent', format: 'ocs-xml', agent: 'test', remoteAddr: null, raw: Buffer.from('<REQUEST/>'), encoding: 'identity' }, buildInventory({ serial: 'HZ-1', hostname: 'hz-1' }, [WINDOWS]));
    await s.compliance.engine.idle();
    await s.entitlements.create(SYSTEM_ACTOR, city, entitlementBody.parse({ name: 'Windows', metric: 'device', quantity: 2, productKeys: ['microsoft/windows'], unitPrice: 800.25, currency: 'CNY', purchasedAt: today }));
    // Bought before the period: not in its money spent.
    await s.entitlements.create(SYSTEM_ACTOR, city, entitlementBody.parse({ name: 'Windows old', metric: 'device', quantity: 1, productKeys: ['microsoft/windows'], unitPrice: 999, currency: 'CNY', purchasedAt: '2020-01-01' }));
    await s.compliance.engine.idle();
    for (const to of ['self-check', 'rectifying', 'completed'] as const) await s.campaign.transition(SYSTEM_ACTOR, campaignId, city, { to, reason: to });
    clock = addDays(DUE, -10);
    s.statusForms.clock = () => clock;
  });
  afterAll(async () => s?.database.close());

  const body = () => roundBody.parse({ campaignId, periodLabel: '本期', periodStart: addDays(today, -15), periodEnd: addDays(today, 15), levels: ['province', 'prefecture'], dueDay: DUE });

  it('the national office sets a round: a form for every office above an agency in scope, each told in its inbox', async () => {
    expect((await failure(s.statusForms.createRound(zhejiang, body()))).code).toBe('FORBIDDEN');
    const r = await s.statusForms.createRound(national, body());
    roundId = r.id;
    expect(r).toMatchObject({ periodLabel: '本期', levels: ['province', 'prefecture'], dueDay: DUE, overdue: false, counts: { expected: 4, draft: 4, missing: 0 } });
    const all = await s.statusForms.roundForms(national, roundId);
    expect(all.items.map((f) => `${f.regionCode}:${f.level}:${f.reviewerCode}`)).toEqual(['110000:province:000000', '330000:province:000000', '330100:prefecture:330000', '330200:prefecture:330000']);
    const inbox = await s.inbox.list(hangzhou, { page: 1, pageSize: 10, unread: false });
    expect(inbox.items.map((m) => [m.kind, m.link, m.dueDay])).toEqual([['statusform.round', `/campaign/status-forms/${roundId}/330100`, DUE]]);
    // A level that no agency in scope sits under has nobody to report.
    const none = await failure(s.statusForms.createRound(national, roundBody.parse({ ...body(), levels: ['county'], campaignId: (await s.campaign.create(SYSTEM_ACTOR, campaignBody.parse({ name: '仅省级', deadlines: { provincial: '2030-01-01' } }))).id })));
    expect(none).toEqual({ code: 'VALIDATION_FAILED', keys: ['levels:statusform.offices'] });
  });

  it('reminds the offices that have not submitted, 3 days and 1 day before, once each', async () => {
    expect(await s.statusForms.remindDue(addDays(DUE, -4))).toBe(0);
    expect(await s.statusForms.remindDue(addDays(DUE, -3))).toBe(4);
    expect(await s.statusForms.remindDue(addDays(DUE, -2))).toBe(0);
    expect(await s.statusForms.remindDue(addDays(DUE, -1))).toBe(4);
    expect(await s.statusForms.remindDue(DUE)).toBe(0);
    expect(await s.statusForms.remindDue(addDays(DUE, 1))).toBe(0);
    const kinds = (await s.inbox.list(ningbo, { page: 1, pageSize: 10, unread: false })).items.map((m) => m.kind).sort();
    expect(kinds).toEqual(['statusform.reminder', 'statusform.reminder', 'statusform.round']);
  });

  it('prefills the figures and the completion list from the subtree', async () => {
    const d = await s.statusForms.detail(hangzhou, roundId, '330100');
    expect(d).toMatchObject({ status: 'draft', started: false, canEdit: true, canReview: false, reviewerName: '浙江省' });
    expect(Object.fromEntries(d.content!.figures.map((f) => [f.key, f.value]))).toEqual({ agenciesInScope: 2, completed: 1, verified: 0, computers: 1, osLicensed: 1, officeLicensed: 0, securityLicensed: 0, spent: 1600.5 });
    // The city bureau was Hangzhou's only prefecture-level agency: the city government completed; Xihu's did not.
    expect(d.content!.completions.map((c) => `${c.kind}:${c.name}:${c.source}`)).toEqual(['government:杭州市人民政府:prefilled']);
    const prov = await s.statusForms.detail(zhejiang, roundId, '330000');
    expect(figure(prov, 'agenciesInScope')!.value).toBe(4);
    expect(figure(prov, 'spent')!.value).toBe(1600.5);
    // The reviewer sees no content before the office saves it.
    expect((await s.statusForms.detail(zhejiang, roundId, '330100')).content).toBeNull();
  });

  it('keeps scopes: other offices see nothing, the office cannot review itself', async () => {
    expect((await failure(s.statusForms.detail(ningbo, roundId, '330100'))).code).toBe('FORBIDDEN');
    expect((await failure(s.statusForms.detail(beijing, roundId, '330100'))).code).toBe('FORBIDDEN');
    expect((await s.statusForms.roundForms(hangzhou, roundId)).items.map((f) => f.regionCode)).toEqual(['330100']);
    expect((await s.statusForms.roundForms(zhejiang, roundId)).items.map((f) => f.regionCode)).toEqual(['330000', '330100', '330200']);
    expect((await s.statusForms.roundForms(beijing, roundId)).items.map((f) => f.regionCode)).toEqual(['110000']);
    expect((await s.statusForms.listRounds(beijing))[0]!.counts.expected).toBe(1);
    // The province fills nothing of Hangzhou's; the auditor reads only.
    expect((await failure(s.statusForms.save(zhejiang, roundId, '330100', draft({}))))).toEqual({ code: 'FORBIDDEN', keys: ['regionCode:statusform.own'] });
    expect((await failure(s.statusForms.save(auditor, roundId, '330100', draft({})))).code).toBe('FORBIDDEN');
    expect((await s.statusForms.detail(auditor, roundId, '330100')).canEdit).toBe(false);
  });

  it('submit → return with comments → resubmit → accept; the accepted version is frozen with its checksum', async () => {
    const bad = await failure(s.statusForms.save(hangzhou, roundId, '330100', draft({ completions: [{ subject: 'R:330100', removed: true }] })));
    expect(bad).toEqual({ code: 'VALIDATION_FAILED', keys: ['completions.0.note:statusform.note'] });
    const saved = await s.statusForms.save(hangzhou, roundId, '330100', draft({ figures: [{ key: 'computers', value: 3, note: '另有 2 台未联网' }], remarks: '已完成市级机关整改' }));
    expect(saved).toMatchObject({ started: true, status: 'draft' });
    expect(figure(saved, 'computers')).toMatchObject({ prefilled: 1, value: 3 });
    // The office cannot review its own form, and nothing is reviewable before it is submitted.
    expect(await failure(s.statusForms.returnForm(hangzhou, roundId, '330100', 'x'))).toEqual({ code: 'FORBIDDEN', keys: ['regionCode:statusform.reviewer'] });
    expect((await failure(s.statusForms.accept(zhejiang, roundId, '330100', null))).keys).toEqual(['status:statusform.state']);
    expect((await failure(s.statusForms.accept(national, roundId, '330100', null))).keys).toEqual(['regionCode:statusform.reviewer']);

    const v1 = await s.statusForms.submit(hangzhou, roundId, '330100', draft({ remarks: '已完成市级机关整改' }));
    expect(v1).toMatchObject({ status: 'submitted', version: 1, late: false, canEdit: false });
    expect(v1.history.map((h) => h.version)).toEqual([1]);
    expect((await failure(s.statusForms.save(hangzhou, roundId, '330100', draft({})))).keys).toEqual(['status:statusform.state']);
    expect((await s.inbox.list(zhejiang, { page: 1, pageSize: 10, unread: false })).items.map((m) => m.kind)).toContain('statusform.submitted');

    const returned = await s.statusForms.returnForm(zhejiang, roundId, '330100', '计算机数量与资产清查不符，请核实');
    expect(returned).toMatchObject({ status: 'returned', comments: '计算机数量与资产清查不符，请核实', canEdit: false, canReview: false });
    expect((await s.inbox.list(hangzhou, { page: 1, pageSize: 10, unread: false })).items[0]).toMatchObject({ kind: 'statusform.returned' });
    const again = await s.statusForms.detail(hangzhou, roundId, '330100');
    expect(again.canEdit).toBe(true);
    const v2 = await s.statusForms.submit(hangzhou, roundId, '330100', draft({ figures: [{ key: 'computers', value: 1, note: null }], remarks: '已核实' }));
    expect(v2).toMatchObject({ status: 'submitted', version: 2 });
    const accepted = await s.statusForms.accept(zhejiang, roundId, '330100', '同意');
    expect(accepted).toMatchObject({ status: 'accepted', acceptedVersion: 2, canEdit: false, canReview: false });
    expect(accepted.acceptedChecksum).toBe(accepted.history[0]!.checksum);
    expect(accepted.history.map((h) => [h.version, h.review?.decision, h.checksumOk])).toEqual([
      [2, 'accepted', true],
      [1, 'returned', true],
    ]);
    expect(accepted.history[1]!.content.figures.find((f) => f.key === 'computers')!.value).toBe(3);
    expect((await s.inbox.list(hangzhou, { page: 1, pageSize: 10, unread: false })).items[0]).toMatchObject({ kind: 'statusform.accepted' });

    // Frozen: no more edits, submissions or reviews.
    expect((await failure(s.statusForms.submit(hangzhou, roundId, '330100', draft({})))).keys).toEqual(['status:statusform.state']);
    expect((await failure(s.statusForms.prefill(hangzhou, roundId, '330100'))).keys).toEqual(['status:statusform.state']);
    expect((await failure(s.statusForms.returnForm(zhejiang, roundId, '330100', 'x'))).keys).toEqual(['status:statusform.state']);
    const audit = await s.audit.list(SYSTEM_ACTOR, { entityType: 'status-form' }, { page: 1, pageSize: 50 });
    expect(audit.items.map((a) => a.action)).toEqual(['accept', 'submit', 'return', 'submit', 'update']);
  });

  it('a stored version altered behind the application no longer matches its checksum', async () => {
    const d = await s.statusForms.detail(zhejiang, roundId, '330100');
    await sql`update status_form_versions set content_json = replace(content_json, '已核实', '已篡改') where form_id = ${d.id} and version = 2`.execute(s.database.db);
    const after = await s.statusForms.detail(zhejiang, roundId, '330100');
    expect(after.history[0]!.checksumOk).toBe(false);
    expect(after.acceptedChecksum).toBe(d.acceptedChecksum);
    const methods = Object.getOwnPropertyNames(Object.getPrototypeOf((await import('../../storage/repositories/index.ts')).repositories(s.database.db).statusForm));
    expect(methods.filter((m) => /version/i.test(m) && /update|delete|replace/i.test(m))).toEqual([]);
  });

  it('lists the missing after the due day, and a late submission as late', async () => {
    clock = addDays(DUE, 1);
    const past = await s.statusForms.roundForms(zhejiang, roundId);
    expect(past.missing.map((f) => f.regionCode)).toEqual(['330000', '330200']);
    expect(past.late).toEqual([]);
    expect(past.round).toMatchObject({ overdue: true, counts: { expected: 3, accepted: 1, missing: 2, late: 0 } });
    const late = await s.statusForms.submit(ningbo, roundId, '330200', draft({ remarks: '逾期报送' }));
    expect(late).toMatchObject({ status: 'submitted', late: true, missing: false });
    const now = await s.statusForms.roundForms(zhejiang, roundId);
    expect(now.late.map((f) => f.regionCode)).toEqual(['330200']);
    expect(now.missing.map((f) => f.regionCode)).toEqual(['330000']);
    // A province's form is reviewed by the national office, not by the province itself.
    await s.statusForms.submit(zhejiang, roundId, '330000', draft({}));
    expect((await failure(s.statusForms.accept(zhejiang, roundId, '330000', null))).keys).toEqual(['regionCode:statusform.reviewer']);
    expect(await s.statusForms.accept(national, roundId, '330000', null)).toMatchObject({ status: 'accepted', late: true });
    const list = (await s.statusForms.listRounds(national))[0]!;
    expect(list.counts).toMatchObject({ expected: 4, accepted: 2, submitted: 1, draft: 1, late: 2, missing: 1 });
  });
});
