import { beforeAll, describe, expect, it } from 'vitest';
import { createActor, createOrg } from '../../../test/builders.ts';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import { inboxListQuery } from '../../contracts/index.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../policy/policy.ts';
import { createServices, type Services } from '../services.ts';
import { NATIONAL_OFFICE } from './inbox.service.ts';

describe.each(testDialects())('inbox on %s', (dialect) => {
  let s: Services;
  let national: Actor;
  let zhejiang: Actor;
  let hangzhou: Actor;
  let orgAdmin: Actor;
  let otherOrgAdmin: Actor;
  let orgId: string;
  const page = (q: Record<string, string> = {}) => inboxListQuery.parse(q);
  const post = (m: Parameters<Services['inbox']['post']>[1]) => s.database.transaction((trx) => s.inbox.post(trx, m));

  beforeAll(async () => {
    s = createServices(await freshDatabase(dialect));
    orgId = (await createOrg(s, { name: '杭州市某局', regionCode: '330100', level: 'prefecture' })).id;
    const other = (await createOrg(s, { name: '宁波市某局', regionCode: '330200', level: 'prefecture' })).id;
    national = await createActor(s, 'national_admin');
    zhejiang = await createActor(s, 'region_admin', { regionCode: '330000' });
    hangzhou = await createActor(s, 'region_admin', { regionCode: '330100' });
    orgAdmin = await createActor(s, 'org_admin', { orgId });
    otherOrgAdmin = await createActor(s, 'org_admin', { orgId: other });
    await post({ kind: 'notice', to: { regionOffice: '330000' }, subject: '请提交落实情况表', body: '截止 2026-12-05', link: '/campaign', dueDay: '2026-12-05' });
    await post({ kind: 'notice', to: { regionOffice: NATIONAL_OFFICE }, subject: '浙江省已提交', body: '', link: null });
    await post({ kind: 'notice', to: { orgId }, subject: '整改通知', body: '请于 30 日内整改', link: '/licensing/tasks' });
    await post({ kind: 'notice', to: { userId: hangzhou.userId }, subject: '个人消息', body: '', link: null });
  });

  it('delivers to the office of exactly that region, the organization and the user', async () => {
    expect((await s.inbox.list(zhejiang, page())).items.map((m) => m.subject)).toEqual(['请提交落实情况表']);
    expect((await s.inbox.list(national, page())).items.map((m) => m.subject)).toEqual(['浙江省已提交']);
    // A prefecture office does not read its province's mail; it reads its own.
    expect((await s.inbox.list(hangzhou, page())).items.map((m) => m.subject)).toEqual(['个人消息']);
    const org = await s.inbox.list(orgAdmin, page());
    expect(org.items.map((m) => m.subject)).toEqual(['整改通知']);
    expect(org.items[0]!.to).toEqual({ kind: 'org', id: orgId, name: '杭州市某局' });
    expect((await s.inbox.list(otherOrgAdmin, page())).total).toBe(0);
    const z = (await s.inbox.list(zhejiang, page())).items[0]!;
    expect(z).toMatchObject({ kind: 'notice', dueDay: '2026-12-05', link: '/campaign', read: false, to: { kind: 'region-office', id: '330000', name: '浙江省' } });
  });

  it('posts a message with a dedupe key once', async () => {
    const m = { kind: 'notice' as const, to: { regionOffice: '330000' }, subject: '提醒：还有 3 天', body: '', link: null, dedupeKey: 'reminder:330000:3' };
    expect(await post(m)).toBe(true);
    expect(await post(m)).toBe(false);
    expect((await s.inbox.list(zhejiang, page())).items.filter((x) => x.subject === '提醒：还有 3 天')).toHaveLength(1);
  });

  it('a message not posted in a committed transaction does not exist', async () => {
    await expect(
      s.database.transaction(async (trx) => {
        await s.inbox.post(trx, { kind: 'notice', to: { orgId }, subject: '回滚', body: '', link: null });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await s.inbox.list(orgAdmin, page())).items.map((m) => m.subject)).not.toContain('回滚');
  });

  it('read marks are per user; unread filter and counts follow them', async () => {
    const before = await s.inbox.unread(zhejiang);
    expect(before.unread).toBe(2);
    const first = (await s.inbox.list(zhejiang, page())).items[0]!;
    expect((await s.inbox.markRead(zhejiang, first.id)).unread).toBe(1);
    expect((await s.inbox.markRead(zhejiang, first.id)).unread).toBe(1); // twice is once
    const unreadOnly = await s.inbox.list(zhejiang, page({ unread: 'true' }));
    expect(unreadOnly.items.map((m) => m.id)).not.toContain(first.id);
    expect(unreadOnly.unread).toBe(1);
    // Another admin of the same office still sees it unread.
    const colleague = await createActor(s, 'region_admin', { regionCode: '330000' });
    expect((await s.inbox.unread(colleague)).unread).toBe(2);
    expect((await s.inbox.markAllRead(zhejiang)).unread).toBe(0);
    expect((await s.inbox.unread(colleague)).unread).toBe(2);
  });

  it('cannot mark a message addressed to someone else', async () => {
    const theirs = (await s.inbox.list(orgAdmin, page())).items[0]!;
    const e = await s.inbox.markRead(otherOrgAdmin, theirs.id).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('NOT_FOUND');
    expect((await s.inbox.unread(orgAdmin)).unread).toBe(1);
  });
});
