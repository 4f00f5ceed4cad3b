import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecognitionRuleDraft } from '../../contracts/index.ts';
import { createActor, createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import type { AppError } from '../errors.ts';
import type { Actor } from '../policy/policy.ts';
import { createServices, type Services } from '../services.ts';

const draft = (over: Partial<RecognitionRuleDraft> = {}): RecognitionRuleDraft => ({
  publisher: '浙江省大数据局',
  product: '浙里办公',
  category: 'communication',
  licence: 'freeware',
  domestic: true,
  match: ['^浙里办公'],
  ...over,
});

describe.each(testDialects())('local recognition rules on %s', (dialect) => {
  let s: Services;
  let zhejiang: Actor;
  let jiangsu: Actor;
  let orgAdmin: Actor;
  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
    zhejiang = await createActor(s, 'region_admin', { regionCode: '330000' });
    jiangsu = await createActor(s, 'region_admin', { regionCode: '320000' });
    orgAdmin = await createActor(s, 'org_admin', { orgId: (await createOrg(s, { regionCode: '330100' })).id });
  });
  afterAll(async () => s.database.close());

  const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: AppError) => e.code);

  it('creates a rule with a generated id, applies it at once, and audits it in the same transaction', async () => {
    const before = await s.recognition.recognizeMany([{ displayName: '浙里办公 2.1' }]);
    expect(before[0]!.ruleId).toBeNull();
    const view = await s.recognition.createRule(zhejiang, { rule: draft(), enabled: true });
    expect(view).toMatchObject({ origin: 'local', enabled: true, originRegionCode: '330000', replacesShipped: false });
    expect(view.rule.id).toMatch(/^local\./);
    const after = await s.recognition.recognizeMany([{ displayName: '浙里办公 2.1' }]);
    expect(after[0]).toMatchObject({ ruleId: view.rule.id, product: '浙里办公', domestic: true, licenceClass: 'freeware', confidence: 0.95 });
    const audit = await s.audit.list(SYSTEM_ACTOR, { entityType: 'recognition_rule', entityId: view.rule.id }, { page: 1, pageSize: 10 });
    expect(audit.items.map((a) => a.action)).toEqual(['create']);
    expect((await s.audit.verify()).ok).toBe(true);
  });

  it('updates, disables and deletes, each audited; a second rule with the same product gets another id', async () => {
    const a = await s.recognition.createRule(zhejiang, { rule: draft({ product: '浙政钉插件', match: ['^浙政钉插件'] }), enabled: true });
    const b = await s.recognition.createRule(zhejiang, { rule: draft({ product: '浙政钉插件', match: ['^浙政钉插件 ?v'] }), enabled: true });
    expect(b.rule.id).toBe(`${a.rule.id}-2`);
    const updated = await s.recognition.updateRule(zhejiang, a.rule.id, { rule: { ...draft({ product: '浙政钉插件', match: ['^浙政钉插件'] }), licence: 'os-component' }, enabled: false });
    expect(updated).toMatchObject({ enabled: false, rule: { licence: 'os-component' } });
    // Disabled rules do not apply.
    expect((await s.recognition.recognizeMany([{ displayName: '浙政钉插件' }]))[0]!.ruleId).not.toBe(a.rule.id);
    // Saving the same rule again changes nothing and writes no audit record.
    const n = (await s.audit.list(SYSTEM_ACTOR, { entityId: a.rule.id }, { page: 1, pageSize: 50 })).total;
    await s.recognition.updateRule(zhejiang, a.rule.id, { rule: updated.rule, enabled: false });
    expect((await s.audit.list(SYSTEM_ACTOR, { entityId: a.rule.id }, { page: 1, pageSize: 50 })).total).toBe(n);
    await s.recognition.deleteRule(zhejiang, a.rule.id);
    expect(await code(s.recognition.getRule(zhejiang, a.rule.id))).toBe('NOT_FOUND');
    const actions = (await s.audit.list(SYSTEM_ACTOR, { entityType: 'recognition_rule', entityId: a.rule.id }, { page: 1, pageSize: 10 })).items.map((x) => x.action);
    expect(actions.sort()).toEqual(['create', 'delete', 'update']);
    await s.recognition.deleteRule(zhejiang, b.rule.id);
  });

  it('lets a local rule replace a shipped one, and shows shipped rules read-only', async () => {
    const shipped = await s.recognition.getRule(orgAdmin, 'kingsoft-wps-office');
    expect(shipped).toMatchObject({ origin: 'shipped', file: 'kingsoft.yaml' });
    // A province that has bought WPS for every agency classes every WPS install as commercial.
    const local = await s.recognition.createRule(SYSTEM_ACTOR, { rule: { ...shipped.rule, licence: 'commercial', licenceByEdition: {}, overrides: [] }, enabled: true });
    expect(local).toMatchObject({ origin: 'local', replacesShipped: true });
    expect((await s.recognition.recognizeMany([{ displayName: 'WPS Office (11.1.0.11365)' }]))[0]).toMatchObject({ ruleId: 'kingsoft-wps-office', licenceClass: 'commercial', confidence: 0.95 });
    await s.recognition.deleteRule(SYSTEM_ACTOR, 'kingsoft-wps-office');
    expect((await s.recognition.recognizeMany([{ displayName: 'WPS Office (11.1.0.11365)' }]))[0]!.licenceClass).toBe('freeware');
    const list = await s.recognition.listRules(orgAdmin, { page: 1, pageSize: 5, origin: 'shipped', q: 'autocad' });
    expect(list.total).toBeGreaterThan(1);
    expect(list.items.every((v) => v.origin === 'shipped')).toBe(true);
  });

  it('keeps region admins to their own region, and readers out of writes', async () => {
    const zj = await s.recognition.createRule(zhejiang, { rule: draft({ product: '浙江专用软件', match: ['^浙江专用软件'] }), enabled: true });
    expect(await code(s.recognition.updateRule(jiangsu, zj.rule.id, { rule: { ...zj.rule, licence: 'commercial' }, enabled: true }))).toBe('FORBIDDEN');
    expect(await code(s.recognition.deleteRule(jiangsu, zj.rule.id))).toBe('FORBIDDEN');
    const national = await s.recognition.createRule(SYSTEM_ACTOR, { rule: draft({ product: '全国通用软件', match: ['^全国通用软件'] }), enabled: true });
    expect(await code(s.recognition.deleteRule(zhejiang, national.rule.id))).toBe('FORBIDDEN');
    expect(await code(s.recognition.createRule(orgAdmin, { rule: draft(), enabled: true }))).toBe('FORBIDDEN');
    expect(await code(s.recognition.getRule(orgAdmin, zj.rule.id))).toBe('ok');
    expect(await code(s.recognition.createRule(zhejiang, { rule: draft({ match: ['(unclosed'] }), enabled: true }))).toBe('VALIDATION_FAILED');
    expect(await code(s.recognition.createRule(zhejiang, { rule: { ...draft(), id: zj.rule.id }, enabled: true }))).toBe('VALIDATION_FAILED');
  });

  it('previews which names a rule would match, before and after', async () => {
    const names = [{ displayName: 'Acme Planner 3.2' }, { displayName: 'Acme Planner Viewer' }, { displayName: 'Microsoft Office Professional Plus 2016' }, { displayName: 'acme-planner', source: 'dpkg' as const, version: '3.2-1' }];
    const p = await s.recognition.previewRule(zhejiang, { publisher: 'Acme', product: 'Acme Planner', category: 'office-suite', licence: 'commercial', match: ['^acme[ -]planner\\b'], exclude: ['\\bviewer\\b'] }, names);
    expect(p).toMatchObject({ total: 4, matched: 2 });
    expect(p.items.map((i) => i.index)).toEqual([0, 3]);
    expect(p.items[0]!.before.ruleId).toBeNull();
    expect(p.items[0]!.after).toMatchObject({ product: 'Acme Planner', requiresLicence: true });
    expect(p.items[1]!.before.ruleId).toBe('default:distro-package');
    // A preview saves nothing.
    expect((await s.recognition.recognizeMany([names[0]!]))[0]!.ruleId).toBeNull();
  });

  it('exports the local rules and imports them elsewhere (YAML and JSON), all or nothing', async () => {
    const yaml = await s.recognition.exportRules(orgAdmin, 'yaml');
    expect(yaml.body).toContain('format: zhengban.recognition-rules');
    expect(yaml.body).toContain('浙江专用软件');
    const json = JSON.parse((await s.recognition.exportRules(orgAdmin, 'json')).body);
    const count = (await repositories(s.database.db).recognition.all()).length;
    expect(json.rules).toHaveLength(count);

    const other = createServices(await freshDatabase(dialect));
    try {
      const dry = await other.recognition.importRules(SYSTEM_ACTOR, { content: yaml.body, mode: 'upsert', dryRun: true });
      expect(dry).toMatchObject({ rejected: false, created: count, dryRun: true });
      expect(await repositories(other.database.db).recognition.all()).toHaveLength(0);
      const done = await other.recognition.importRules(SYSTEM_ACTOR, { content: yaml.body, mode: 'upsert', dryRun: false });
      expect(done).toMatchObject({ created: count, updated: 0, errors: [] });
      const again = await other.recognition.importRules(SYSTEM_ACTOR, { content: JSON.stringify(json), mode: 'upsert', dryRun: false });
      expect(again).toMatchObject({ created: 0, unchanged: count });
      expect((await other.recognition.recognizeMany([{ displayName: '浙江专用软件' }]))[0]!.ruleId).not.toBeNull();

      const bad = await other.recognition.importRules(SYSTEM_ACTOR, { content: 'rules:\n  - { id: ok.rule, publisher: A, product: B, category: utility, licence: freeware, match: [x] }\n  - { id: bad.rule, publisher: A, product: C, category: nonsense, licence: freeware, match: ["(x"] }\n', mode: 'upsert', dryRun: false });
      expect(bad.rejected).toBe(true);
      expect(bad.errors.map((e) => e.index)).toEqual([1, 1]);
      expect(await code(other.recognition.getRule(SYSTEM_ACTOR, 'ok.rule'))).toBe('NOT_FOUND');

      const replaced = await other.recognition.importRules(SYSTEM_ACTOR, { content: 'rules:\n  - { id: only.rule, publisher: A, product: B, category: utility, licence: freeware, match: [only] }\n', mode: 'replace', dryRun: false });
      expect(replaced).toMatchObject({ created: 1, deleted: count });
      expect(await code(other.recognition.importRules(SYSTEM_ACTOR, { content: '{ not: [yaml', mode: 'upsert', dryRun: false }))).toBe('UNSUPPORTED_FILE');
    } finally {
      await other.database.close();
    }
  });

  it('answers batches with counts', async () => {
    const r = await s.recognition.batch(orgAdmin, [{ displayName: 'Google Chrome' }, { displayName: 'Google Chrome' }, { displayName: 'nothing known here 1.0' }]);
    expect(r).toMatchObject({ total: 3, recognised: 2, unknown: 1, distinct: 2 });
    expect(r.results[0]).toBe(r.results[1]);
  });
});
