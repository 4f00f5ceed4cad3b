import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { buildInventory, buildSoftware } from '../../../test/inventory-builders.ts';
import { campaignBody, entitlementBody } from '../../contracts/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import type { Actor } from '../policy/policy.ts';
import { createServices, type Services } from '../services.ts';
import { PROGRAMME_CAMPAIGN } from './programme-campaign.ts';
import { failure } from '../../../test/errors.ts';

const WINDOWS = buildSoftware('Microsoft Windows 10 Pro', '10.0', { source: 'windows', publisher: 'Microsoft Corporation', arch: 'x64' });

describe.each(testDialects())('campaign progress on %s', (dialect) => {
  let s: Services;
  let campaignId: string;
  let city: string;
  let county: string;
  let enterprise: string;
  let cityAdmin: Actor;
  let countyAdmin: Actor;
  let zhejiang: Actor;
  let hangzhou: Actor;
  let beijing: Actor;
  let auditor: Actor;

  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
    s.compliance.engine.clock = () => '2026-06-01';
    campaignId = (await s.campaign.create(SYSTEM_ACTOR, campaignBody.parse({ name: '2026 整改', deadlines: { prefecture: '2026-05-31', county: '2026-12-31' } }))).id;
    city = (await createOrg(s, { name: '杭州市某局', regionCode: '330100', level: 'prefecture' })).id;
    county = (await createOrg(s, { name: '西湖区某局', regionCode: '330106', level: 'county' })).id;
    enterprise = (await createOrg(s, { name: '某企业', regionCode: '330100', type: 'enterprise', level: 'prefecture' })).id;
    await createOrg(s, { name: '浙江省某厅', regionCode: '330000', level: 'provincial' });
    cityAdmin = await createActor(s, 'org_admin', { orgId: city });
    countyAdmin = await createActor(s, 'org_admin', { orgId: county });
    zhejiang = await createActor(s, 'region_admin', { regionCode: '330000' });
    hangzhou = await createActor(s, 'region_admin', { regionCode: '330100' });
    beijing = await createActor(s, 'region_admin', { regionCode: '110000' });
    auditor = await createActor(s, 'auditor', {});
    // One computer with Windows and no licence yet: the operating-system rate is 0 %.
    await s.inventory.ingest({ orgId: city, credentialId: null, channel: 'agent', format: 'ocs-xml', agent: 'test', remoteAddr: null, raw: Buffer.from('<REQUEST/>'), encoding: 'identity' }, buildInventory({ serial: 'CITY-1', hostname: 'city-1' }, [WINDOWS]));
    await s.compliance.engine.idle();
  });
  afterAll(async () => s?.database.close());

  const move = (actor: Actor, orgId: string, to: 'self-check' | 'rectifying' | 'completed' | 'verified') => s.campaign.transition(actor, campaignId, orgId, { to, reason: `to ${to}` });

  it('only the national office defines campaigns; the programme campaign is data', async () => {
    expect((await failure(s.campaign.create(zhejiang, campaignBody.parse(PROGRAMME_CAMPAIGN)))).code).toBe('FORBIDDEN');
    const c = await s.campaign.create(SYSTEM_ACTOR, campaignBody.parse(PROGRAMME_CAMPAIGN));
    expect(c).toMatchObject({ threshold: 1, categories: ['operating-system', 'office-suite', 'security'], deadlines: { provincial: '2012-06-30', prefecture: '2012-12-31', county: '2013-12-31' }, status: 'active' });
    // Every agency of the three levels is in scope and behind its 2012/2013 deadline; the enterprise is not.
    expect(c.counts).toMatchObject({ inScope: 3, 'not-started': 3, behindDeadline: 3 });
    const closed = await s.campaign.update(SYSTEM_ACTOR, c.id, campaignBody.parse({ ...PROGRAMME_CAMPAIGN, status: 'closed' }));
    expect(closed.status).toBe('closed');
    expect(() => campaignBody.parse({ name: 'x', deadlines: {} })).toThrow(/campaign\.deadlines/);
  });

  it('lists the agencies in scope, scoped, with deadlines and who is behind', async () => {
    const all = await s.campaign.progress(SYSTEM_ACTOR, campaignId, { page: 1, pageSize: 50 });
    expect(all.items.map((i) => i.orgName).sort()).toEqual(['杭州市某局', '西湖区某局']);
    expect(all.items.find((i) => i.orgId === city)).toMatchObject({ status: 'not-started', deadline: '2026-05-31', behindDeadline: true, devices: 1 });
    expect(all.items.find((i) => i.orgId === county)).toMatchObject({ deadline: '2026-12-31', behindDeadline: false });
    expect((await s.campaign.progress(SYSTEM_ACTOR, campaignId, { page: 1, pageSize: 50, behind: true })).items.map((i) => i.orgId)).toEqual([city]);
    expect((await s.campaign.progress(countyAdmin, campaignId, { page: 1, pageSize: 50 })).items.map((i) => i.orgId)).toEqual([county]);
    expect((await s.campaign.progress(beijing, campaignId, { page: 1, pageSize: 50 })).total).toBe(0);
    expect((await failure(s.campaign.detail(beijing, campaignId, city))).code).toBe('FORBIDDEN');
    expect((await failure(s.campaign.transition(SYSTEM_ACTOR, campaignId, enterprise, { to: 'self-check', reason: 'x' }))).fields).toEqual([{ path: 'orgId', key: 'campaign.outOfScope' }]);
  });

  it('moves through the states; completion needs the figures, acceptance the level above', async () => {
    expect((await failure(move(cityAdmin, city, 'completed'))).fields[0]).toMatchObject({ path: 'to', key: 'campaign.transition' });
    await move(cityAdmin, city, 'self-check');
    await move(cityAdmin, city, 'rectifying');
    const below = await failure(move(cityAdmin, city, 'completed'));
    expect(below.code).toBe('VALIDATION_FAILED');
    expect(below.fields).toEqual([{ path: 'evidence.operating-system', key: 'campaign.evidence.below', params: { category: { 'zh-CN': '操作系统', 'en-US': 'Operating system' }, rate: '0.0%', threshold: '100.0%' } }]);

    await s.entitlements.create(SYSTEM_ACTOR, city, entitlementBody.parse({ name: 'Windows', metric: 'device', quantity: 1, productKeys: ['microsoft/windows'] }));
    const done = await move(cityAdmin, city, 'completed');
    expect(done.evidence).toMatchObject({ kind: 'figures', met: true, devices: 1, threshold: 1 });
    expect(done.evidence!.categories.find((c) => c.category === 'operating-system')).toMatchObject({ required: 1, covered: 1, rate: 1, met: true });
    expect(done).toMatchObject({ from: 'rectifying', to: 'completed', by: cityAdmin.displayName, reason: 'to completed' });

    // The organization's own administrator cannot accept its own declaration, nor can another province.
    expect(await failure(move(cityAdmin, city, 'verified'))).toMatchObject({ code: 'FORBIDDEN', fields: [{ key: 'campaign.levelAbove' }] });
    expect((await failure(move(beijing, city, 'verified'))).code).toBe('FORBIDDEN');
    expect((await failure(move(auditor, city, 'verified'))).code).toBe('FORBIDDEN');
    expect((await s.campaign.detail(hangzhou, campaignId, city)).allowed).toEqual(['verified', 'rectifying']);
    expect((await s.campaign.detail(cityAdmin, campaignId, city)).allowed).toEqual([]);
    await move(hangzhou, city, 'verified');
    // An inspection finds problems: reopened by the level above.
    await s.campaign.transition(zhejiang, campaignId, city, { to: 'rectifying', reason: '督查发现问题' });

    const detail = await s.campaign.detail(SYSTEM_ACTOR, campaignId, city);
    expect(detail.status).toBe('rectifying');
    expect(detail.transitions.map((t) => `${t.from}>${t.to}`)).toEqual(['verified>rectifying', 'completed>verified', 'rectifying>completed', 'self-check>rectifying', 'not-started>self-check']);
    expect(detail.transitions[0]).toMatchObject({ by: zhejiang.displayName, reason: '督查发现问题' });
    const audit = await s.audit.list(SYSTEM_ACTOR, { entityType: 'campaign-progress' }, { page: 1, pageSize: 50 });
    expect(audit.total).toBe(5);
  });

  it('an exception stands in for the figures once the level above approves it', async () => {
    await move(countyAdmin, county, 'self-check');
    expect((await failure(move(countyAdmin, county, 'completed'))).fields).toEqual([{ path: 'evidence', key: 'campaign.evidence.none' }]);
    const x = await s.campaign.requestException(countyAdmin, campaignId, county, '该单位计算机已全部报废，新购设备尚未到位');
    expect(x.status).toBe('requested');
    expect((await failure(s.campaign.requestException(countyAdmin, campaignId, county, 'again'))).fields).toEqual([{ path: 'reason', key: 'campaign.exception.pending' }]);

    // Never the organization's own administrator, never another region.
    expect(await failure(s.campaign.decideException(countyAdmin, campaignId, x.id, { decision: 'approved', note: null }))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await failure(s.campaign.decideException(beijing, campaignId, x.id, { decision: 'approved', note: null }))).code).toBe('FORBIDDEN');
    expect((await failure(s.campaign.decideException(cityAdmin, campaignId, x.id, { decision: 'approved', note: null }))).code).toBe('FORBIDDEN');
    const approved = await s.campaign.decideException(hangzhou, campaignId, x.id, { decision: 'approved', note: '同意' });
    expect(approved).toMatchObject({ status: 'approved', decidedBy: hangzhou.displayName, note: '同意' });
    expect((await failure(s.campaign.decideException(zhejiang, campaignId, x.id, { decision: 'rejected', note: null }))).fields).toEqual([{ path: 'decision', key: 'campaign.exception.decided' }]);

    const done = await move(countyAdmin, county, 'completed');
    expect(done.evidence).toMatchObject({ kind: 'exception', exceptionId: x.id, met: false, devices: 0 });
    const list = await s.campaign.exceptions(zhejiang, campaignId, { page: 1, pageSize: 10 });
    expect(list.items.map((e) => e.id)).toEqual([x.id]);
    expect((await s.campaign.exceptions(beijing, campaignId, { page: 1, pageSize: 10 })).total).toBe(0);
  });

  it('counts by status in the caller’s scope', async () => {
    const c = await s.campaign.get(hangzhou, campaignId);
    expect(c.counts).toMatchObject({ inScope: 2, rectifying: 1, completed: 1, behindDeadline: 1 });
    expect((await s.campaign.get(countyAdmin, campaignId)).counts).toMatchObject({ inScope: 1, completed: 1, behindDeadline: 0 });
  });
});
