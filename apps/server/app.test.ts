import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../packages/core/files/tabular.ts';
import { ORG_COLUMNS } from '../../packages/core/orgs/orgs.columns.ts';
import { buildTestApp, multipartFile } from '../../test/app-harness.ts';
import { buildOrg, buildUscc, createActor } from '../../test/builders.ts';
import { testDialects } from '../../test/dialects.ts';
import { renderOpenapi } from '../cli/commands/openapi.ts';

describe('OpenAPI document', () => {
  it('matches the committed docs/openapi.json (run `npm run openapi` after changing a contract)', async () => {
    const committed = fs.readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8');
    expect(await renderOpenapi()).toBe(committed);
  });
});

describe.each(testDialects())('HTTP API on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof buildTestApp>>;
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    h = await buildTestApp(dialect);
    const admin = await createActor(h.s, 'national_admin', {}, 'admin1234');
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: admin.username, password: 'admin1234' } });
    expect(res.statusCode).toBe(200);
    const set = res.cookies.find((c) => c.name === 'zb_session')!;
    expect(set.httpOnly).toBe(true);
    expect(set.sameSite).toBe('Lax');
    cookie = `zb_session=${set.value}`;
    csrf = res.json().csrfToken;
  });
  afterAll(async () => h?.close());

  const post = (url: string, payload: object, extra: Record<string, string> = {}) => h.app.inject({ method: 'POST', url, payload, headers: { cookie, 'x-csrf-token': csrf, ...extra } });

  it('answers health without a session', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, database: dialect });
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const noToken = await h.app.inject({ method: 'POST', url: '/api/orgs', payload: buildOrg(), headers: { cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('CSRF_FAILED');
    const wrong = await post('/api/orgs', buildOrg(), { 'x-csrf-token': 'nope' });
    expect(wrong.json().error.code).toBe('CSRF_FAILED');
    const ok = await post('/api/orgs', buildOrg());
    expect(ok.statusCode).toBe(201);
  });

  it('answers bad input with field errors in Chinese or English', async () => {
    const bad = { ...buildOrg(), uscc: '91350100M000100Y44' };
    const zh = await post('/api/orgs', bad);
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: '提交的数据有误，请检查标出的字段', fields: [{ path: 'uscc', code: 'uscc.checksum' }] });
    expect(zh.json().error.fields[0].message).toContain('校验位');
    const en = await post('/api/orgs', { ...bad, name: '' }, { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json().error.message).toBe('The submitted data is invalid; check the marked fields');
    expect(en.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['name', 'uscc']);
    expect(en.json().error.fields.find((f: { path: string }) => f.path === 'uscc').message).toContain('check character');
    const agency = await post('/api/orgs', { ...buildOrg(), agencyKind: null });
    expect(agency.json().error.fields).toEqual([expect.objectContaining({ path: 'agencyKind', code: 'org.kind.agency' })]);
    const missing = await post('/api/orgs', {});
    expect(missing.json().error.fields.find((f: { path: string }) => f.path === 'name')).toMatchObject({ code: 'required', message: '必填' });
  });

  it('sorts lists by whitelisted keys only, refusing others with a field error', async () => {
    for (const url of ['/api/orgs?sort=path', '/api/devices?sort=name%3Bdrop', '/api/orgs/export.xlsx?sort=id', '/api/orgs?sort=name&order=up']) {
      const res = await h.app.inject({ method: 'GET', url, headers: { cookie } });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: url.includes('order=') ? 'order' : 'sort', code: 'zod.invalid_value', message: '取值不在可选范围内' }] });
    }
    const sorted = await h.app.inject({ method: 'GET', url: '/api/orgs?sort=staffCount&order=desc&pageSize=500', headers: { cookie } });
    expect(sorted.statusCode).toBe(200);
    const counts = sorted.json().items.map((o: { staffCount: number }) => o.staffCount);
    expect(counts).toEqual([...counts].sort((x: number, y: number) => y - x));
    expect((await h.app.inject({ method: 'GET', url: '/api/devices?sort=softwareCount&order=desc', headers: { cookie } })).statusCode).toBe(200);
  });

  it('maps business errors to statuses with a code', async () => {
    const org = (await post('/api/orgs', buildOrg())).json();
    const dup = await post('/api/orgs', buildOrg({ uscc: org.uscc }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'USCC_TAKEN', fields: [{ path: 'uscc', code: 'uscc.taken' }] });
    const nf = await h.app.inject({ method: 'GET', url: '/api/orgs/does-not-exist', headers: { cookie } });
    expect(nf.statusCode).toBe(404);
    expect(nf.json().error.code).toBe('NOT_FOUND');
    const unknownRoute = await h.app.inject({ method: 'GET', url: '/api/nothing-here', headers: { cookie } });
    expect(unknownRoute.statusCode).toBe(404);
  });

  it('refuses huge bodies with 413 and a code', async () => {
    const res = await post('/api/orgs', { ...buildOrg(), name: 'x'.repeat(3 * 1024 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('imports through multipart, then exports a re-importable XLSX', async () => {
    const uscc = buildUscc('330100');
    const file = Buffer.from(toCsv([Object.values(ORG_COLUMNS), ['接口导入单位', uscc, '政府机关', '政府部门', '', '', '地市级', '330100', '', '12']]));
    const mp = multipartFile('file', '单位.csv', file);
    const dry = await h.app.inject({ method: 'POST', url: '/api/orgs/import?dryRun=true', payload: mp.payload, headers: { ...mp.headers, cookie, 'x-csrf-token': csrf } });
    expect(dry.json()).toMatchObject({ dryRun: true, created: 1 });
    const real = await h.app.inject({ method: 'POST', url: '/api/orgs/import', payload: mp.payload, headers: { ...mp.headers, cookie, 'x-csrf-token': csrf } });
    expect(real.statusCode).toBe(200);
    expect(real.json()).toMatchObject({ dryRun: false, created: 1, rejected: false });

    const exp = await h.app.inject({ method: 'GET', url: `/api/orgs/export.xlsx?q=${uscc}`, headers: { cookie } });
    expect(exp.statusCode).toBe(200);
    expect(exp.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exp.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('单位名称');
    expect(ws.getRow(2).getCell(2).value).toBe(uscc);
    expect(ws.getRow(2).getCell(3).value).toBe('政府机关');
    // The export is re-importable: nothing changes.
    const again = multipartFile('file', 'export.xlsx', exp.rawPayload, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const re = await h.app.inject({ method: 'POST', url: '/api/orgs/import', payload: again.payload, headers: { ...again.headers, cookie, 'x-csrf-token': csrf } });
    expect(re.json()).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });

  it('serves the import template in XLSX and CSV with Chinese headers', async () => {
    const x = await h.app.inject({ method: 'GET', url: '/api/orgs/import-template.xlsx', headers: { cookie } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['单位', '填写说明']);
    const c = await h.app.inject({ method: 'GET', url: '/api/orgs/import-template.xlsx?format=csv', headers: { cookie } });
    expect(c.headers['content-type']).toContain('text/csv');
    expect(c.body.startsWith('\uFEFF单位名称,统一社会信用代码')).toBe(true);
  });

  it('manages users and tokens, and exposes the audit verification', async () => {
    const created = await post('/api/users', { username: 'hz_region', displayName: '杭州管理员', password: 'abc12345', role: 'region_admin', regionCode: '330100' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ role: 'region_admin', regionName: '杭州市' });
    const weak = await post('/api/users', { username: 'weak_one', displayName: 'x', password: 'short', role: 'inspector' });
    expect(weak.json().error.fields[0]).toMatchObject({ path: 'password', code: 'password.weak' });
    const noRegion = await post('/api/users', { username: 'no_region', displayName: 'x', password: 'abc12345', role: 'region_admin' });
    expect(noRegion.json().error.fields[0]).toMatchObject({ path: 'regionCode', code: 'user.scope.region' });

    const token = await post('/api/auth/tokens', { name: '脚本', expiresInDays: 7 });
    expect(token.statusCode).toBe(201);
    const viaToken = await h.app.inject({ method: 'POST', url: '/api/orgs', payload: buildOrg(), headers: { authorization: `Bearer ${token.json().token}` } });
    expect(viaToken.statusCode).toBe(201); // no CSRF needed for bearer tokens
    const badToken = await h.app.inject({ method: 'GET', url: '/api/orgs', headers: { authorization: 'Bearer zb_nope' } });
    expect(badToken.statusCode).toBe(401);

    const verify = await h.app.inject({ method: 'GET', url: '/api/audit/verify', headers: { cookie } });
    expect(verify.json()).toMatchObject({ ok: true, problem: null });
    const trail = await h.app.inject({ method: 'GET', url: '/api/audit?entityType=user&pageSize=5', headers: { cookie } });
    expect(trail.json().items[0]).toMatchObject({ action: 'create', entityType: 'user' });
    expect(JSON.stringify(trail.json())).not.toContain('scrypt$');
  });

  it('logs out and forgets the session', async () => {
    const u = await createActor(h.s, 'auditor', {}, 'audit1234');
    const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'audit1234' } });
    const c = `zb_session=${login.cookies[0]!.value}`;
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: c } })).statusCode).toBe(200);
    const out = await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c, 'x-csrf-token': login.json().csrfToken } });
    expect(out.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: c } })).statusCode).toBe(401);
    const wrong = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'nope' }, headers: { 'accept-language': 'en' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe('Wrong user name or password');
  });
});
