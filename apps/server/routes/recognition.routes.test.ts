import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp } from '../../../test/app-harness.ts';
import { createActor, createOrg } from '../../../test/builders.ts';
import { testDialects } from '../../../test/dialects.ts';

describe.each(testDialects())('recognition API on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof buildTestApp>>;
  let national: Record<string, string>;
  let region: Record<string, string>;
  let reader: Record<string, string>;

  beforeAll(async () => {
    h = await buildTestApp(dialect);
    national = await bearer(h.s, await createActor(h.s, 'national_admin'));
    region = await bearer(h.s, await createActor(h.s, 'region_admin', { regionCode: '330000' }));
    reader = await bearer(h.s, await createActor(h.s, 'org_admin', { orgId: (await createOrg(h.s, { regionCode: '330100' })).id }));
  });
  afterAll(async () => h?.close());

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) => h.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it('recognises a batch of raw names for any role', async () => {
    const res = await call('POST', '/api/recognition/batch', reader, {
      rows: [
        { displayName: 'Microsoft Office Professional Plus 2016 - zh-cn', publisher: 'Microsoft Corporation', version: '16.0.4266.1001' },
        { displayName: 'libreoffice-writer 1:7.4.7-1' },
        { displayName: 'WPS Office (11.1.0.11365)' },
        { displayName: 'Unheard-of Tool 0.1' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 4, recognised: 3, unknown: 1 });
    expect(body.results[0]).toMatchObject({ productKey: 'microsoft/office', edition: 'Professional Plus', majorRelease: '16.0', licenceClass: 'commercial', requiresLicence: true });
    expect(body.results[1]).toMatchObject({ licenceClass: 'open-source', versionNorm: '7.4.7' });
    expect(body.results[3]).toMatchObject({ productKey: 'unknown', ruleId: null, confidence: 0 });
  });

  it('takes 50,000 rows in one request and refuses more', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => ({ displayName: `Example Application ${i % 500} (x64)`, publisher: 'Example Software Co., Ltd.', version: `1.${i % 100}` }));
    const ok = await call('POST', '/api/recognition/batch', reader, { rows });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ total: 50_000, distinct: 500 });
    const tooMany = await call('POST', '/api/recognition/batch', reader, { rows: [...rows, rows[0]!] });
    expect(tooMany.statusCode).toBe(400);
  });

  it('lets writers create, read, update and delete local rules; readers get 403 on writes', async () => {
    const rule = { publisher: 'Example', product: 'Example Planner', category: 'office-suite', licence: 'commercial', match: ['^example planner\\b'] };
    expect((await call('POST', '/api/recognition/rules', reader, { rule })).statusCode).toBe(403);
    const created = await call('POST', '/api/recognition/rules', region, { rule });
    expect(created.statusCode).toBe(201);
    const id = created.json().rule.id as string;
    expect(created.json()).toMatchObject({ origin: 'local', originRegionCode: '330000', enabled: true });
    expect((await call('GET', `/api/recognition/rules/${id}`, reader)).json().rule.product).toBe('Example Planner');
    expect((await call('GET', '/api/recognition/rules?origin=local', reader)).json().total).toBe(1);
    expect((await call('GET', '/api/recognition/rules?origin=shipped&q=autocad&pageSize=5', reader)).json().items[0].origin).toBe('shipped');
    expect((await call('GET', '/api/recognition/rules/microsoft-office', reader)).json()).toMatchObject({ origin: 'shipped', file: 'microsoft-office.yaml' });
    expect((await call('PUT', `/api/recognition/rules/${id}`, reader, { rule })).statusCode).toBe(403);
    const updated = await call('PUT', `/api/recognition/rules/${id}`, region, { rule: { ...rule, licence: 'freeware' }, enabled: false });
    expect(updated.json()).toMatchObject({ enabled: false, rule: { id, licence: 'freeware' } });
    const invalid = await call('PUT', `/api/recognition/rules/${id}`, region, { rule: { ...rule, match: ['(broken'] } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('VALIDATION_FAILED');
    expect((await call('DELETE', `/api/recognition/rules/${id}`, reader)).statusCode).toBe(403);
    expect((await call('DELETE', `/api/recognition/rules/${id}`, region)).statusCode).toBe(200);
    expect((await call('GET', `/api/recognition/rules/${id}`, reader)).statusCode).toBe(404);
  });

  it('previews a rule against names', async () => {
    const res = await call('POST', '/api/recognition/rules/preview', region, {
      rule: { publisher: 'Example', product: 'Example Viewer', category: 'office-suite', licence: 'freeware', match: ['^example viewer\\b'] },
      names: [{ displayName: 'Example Viewer 2.0' }, { displayName: 'Google Chrome' }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 2, matched: 1, items: [{ index: 0, before: { ruleId: null }, after: { product: 'Example Viewer' } }] });
    expect((await call('POST', '/api/recognition/rules/preview', reader, { rule: {}, names: [] })).statusCode).toBe(403);
  });

  it('exports the local rules as YAML or JSON and imports them back', async () => {
    const created = await call('POST', '/api/recognition/rules', national, { rule: { id: 'national.shared-tool', publisher: '示例软件', product: '共享工具', category: 'utility', licence: 'freeware', domestic: true, match: ['^共享工具'] } });
    expect(created.statusCode).toBe(201);
    const yaml = await call('GET', '/api/recognition/rules/export', reader);
    expect(yaml.statusCode).toBe(200);
    expect(yaml.headers['content-type']).toContain('yaml');
    expect(yaml.headers['content-disposition']).toContain('recognition-rules.yaml');
    expect(yaml.body).toContain('national.shared-tool');
    const json = await call('GET', '/api/recognition/rules/export?format=json', reader);
    expect(json.json().rules.map((r: { id: string }) => r.id)).toContain('national.shared-tool');
    const dry = await call('POST', '/api/recognition/rules/import', national, { content: yaml.body, dryRun: true });
    expect(dry.json()).toMatchObject({ rejected: false, unchanged: 1, dryRun: true });
    const bad = await call('POST', '/api/recognition/rules/import', national, { content: 'rules: [{ id: x1, publisher: A }]' });
    expect(bad.json()).toMatchObject({ rejected: true });
    expect((await call('POST', '/api/recognition/rules/import', reader, { content: yaml.body })).statusCode).toBe(403);
  });
});
