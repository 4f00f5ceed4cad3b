import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestApp } from '../../../test/app-harness.ts';
import { createActor, createOrg } from '../../../test/builders.ts';
import { testDialects } from '../../../test/dialects.ts';
import { campaignBody, type BulletinView } from '../../../packages/contracts/index.ts';
import { SYSTEM_ACTOR } from '../../../packages/core/auth/system-actor.ts';

/* The bulletin API through app.inject: draft, edit, publish, downloads; field errors in both languages; scope. */
describe.each(testDialects())('bulletin API on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof buildTestApp>>;
  let national: Record<string, string>;
  let beijing: Record<string, string>;
  let auditor: Record<string, string>;
  let draft: BulletinView;

  beforeAll(async () => {
    h = await buildTestApp(dialect);
    h.s.campaign.clock = () => '2026-11-02';
    await h.s.campaign.create(SYSTEM_ACTOR, campaignBody.parse({ name: '检查整改', deadlines: { county: '2026-12-31' } }));
    await createOrg(h.s, { name: '西湖区某局', regionCode: '330106', level: 'county' });
    national = await bearer(h.s, await createActor(h.s, 'national_admin'));
    beijing = await bearer(h.s, await createActor(h.s, 'region_admin', { regionCode: '110000' }));
    auditor = await bearer(h.s, await createActor(h.s, 'auditor', { regionCode: '330000' }));
  });
  afterAll(async () => h?.close());

  it('drafts last month’s bulletin once (201, then 200 with the same draft)', async () => {
    const first = await h.app.inject({ method: 'POST', url: '/api/bulletins', headers: national, payload: {} });
    expect(first.statusCode, first.body).toBe(201);
    draft = first.json<BulletinView>();
    expect(draft).toMatchObject({ kind: 'monthly', month: '2026-10', regionCode: '000000', snapshotDay: '2026-10-31', status: 'draft' });
    const again = await h.app.inject({ method: 'POST', url: '/api/bulletins', headers: national, payload: { month: '2026-10' } });
    expect(again.statusCode).toBe(200);
    expect(again.json<BulletinView>().id).toBe(draft.id);
    const open = await h.app.inject({ method: 'POST', url: '/api/bulletins', headers: national, payload: { month: '2026-11' } });
    expect(open.statusCode).toBe(400);
    expect(open.json().error.fields).toEqual([{ path: 'month', code: 'bulletin.month.open', message: '该月尚未结束，不能生成月度通报' }]);
  });

  it('edits with field errors in the caller’s language, publishes, then refuses edits (409)', async () => {
    const body = { title: draft.title, docNumber: '国软正办2026年12号', issuingOrgan: draft.issuingOrgan, recipients: draft.recipients, sections: draft.sections, cc: null };
    const bad = await h.app.inject({ method: 'PUT', url: `/api/bulletins/${draft.id}`, headers: { ...national, 'accept-language': 'en-US' }, payload: body });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0]).toMatchObject({ path: 'docNumber', code: 'bulletin.docNumber' });
    expect(bad.json().error.fields[0].message).toContain('organ code');
    const ok = await h.app.inject({ method: 'PUT', url: `/api/bulletins/${draft.id}`, headers: national, payload: { ...body, docNumber: null, sections: [...draft.sections, { heading: '附加说明', text: '另行通知。' }] } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<BulletinView>().sections.at(-1)).toEqual({ heading: '附加说明', text: '另行通知。' });

    expect((await h.app.inject({ method: 'POST', url: `/api/bulletins/${draft.id}/publish`, headers: national, payload: {} })).statusCode).toBe(400);
    const pub = await h.app.inject({ method: 'POST', url: `/api/bulletins/${draft.id}/publish`, headers: national, payload: { docNumber: '国软正办〔2026〕10号', publishDate: '2026-11-03' } });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json<BulletinView>()).toMatchObject({ status: 'published', checksumOk: true });
    const refused = await h.app.inject({ method: 'PUT', url: `/api/bulletins/${draft.id}`, headers: national, payload: { ...body, docNumber: null } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('BULLETIN_PUBLISHED');
    expect((await h.app.inject({ method: 'DELETE', url: `/api/bulletins/${draft.id}`, headers: national })).statusCode).toBe(409);
  });

  it('downloads the published bulletin: the same PDF every time, the XLSX of its tables; readers in scope only', async () => {
    const a = await h.app.inject({ method: 'GET', url: `/api/bulletins/${draft.id}/pdf`, headers: auditor });
    expect(a.statusCode).toBe(200);
    expect(a.headers['content-type']).toBe('application/pdf');
    expect(a.headers['content-disposition']).toContain('bulletin-2026-10-000000.pdf');
    const b = await h.app.inject({ method: 'GET', url: `/api/bulletins/${draft.id}/pdf`, headers: national });
    expect(b.rawPayload.equals(a.rawPayload)).toBe(true);
    const x = await h.app.inject({ method: 'GET', url: `/api/bulletins/${draft.id}/xlsx`, headers: national });
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('进展情况')!.getRow(2).getCell(3).value).toBe('浙江省');

    // A published national bulletin is read by every bulletin reader; the list says which snapshot it came from.
    const list = await h.app.inject({ method: 'GET', url: '/api/bulletins', headers: beijing });
    expect(list.json().items).toMatchObject([{ id: draft.id, snapshotDay: '2026-10-31', docNumber: '国软正办〔2026〕10号' }]);
    // A Zhejiang draft is not Beijing's business; a province's bulletin is not a prefecture's to write.
    const zj = await h.app.inject({ method: 'POST', url: '/api/bulletins', headers: national, payload: { kind: 'special', regionCode: '330000' } });
    expect(zj.statusCode).toBe(201);
    expect((await h.app.inject({ method: 'GET', url: `/api/bulletins/${zj.json().id}`, headers: beijing })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `/api/bulletins/${zj.json().id}/pdf`, headers: beijing })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'POST', url: '/api/bulletins', headers: beijing, payload: { kind: 'special', regionCode: '330000' } })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'POST', url: '/api/bulletins', headers: auditor, payload: {} })).statusCode).toBe(403);
    const prefecture = await h.app.inject({ method: 'POST', url: '/api/bulletins', headers: national, payload: { regionCode: '330100' } });
    expect(prefecture.statusCode).toBe(400);
    expect(prefecture.json().error.fields[0]).toMatchObject({ path: 'regionCode', code: 'bulletin.scope' });
  });
});
