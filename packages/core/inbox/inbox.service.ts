import type { Kysely } from 'kysely';
import type { InboxKind, InboxListQuery, InboxMessage, InboxPage } from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import type { DB } from '../../storage/schema.ts';
import { repositories, type InboxAddress, type InboxMessageView } from '../../storage/repositories/index.ts';
import { notFound } from '../errors.ts';
import { newId, nowIso } from '../ids.ts';
import type { Actor } from '../policy/policy.ts';

/** The national office as an addressee. */
export const NATIONAL_OFFICE = '000000';

/** Who a message goes to: one user, an organization (its administrators), or a region office. */
export type InboxRecipient = { userId: string } | { orgId: string } | { regionOffice: string };

export interface InboxPost {
  kind: InboxKind;
  to: InboxRecipient;
  subject: string;
  body: string;
  /** a path of the web UI where the matter is handled */
  link: string | null;
  dueDay?: string | null;
  /** posting again with the same key does nothing (reminders, notices raised twice) */
  dedupeKey?: string | null;
}

/** The addresses an actor reads: their own, their organization's and, for region administrators, their office's. */
export function addressOf(actor: Actor): InboxAddress {
  const regionOffice = actor.role === 'national_admin' ? NATIONAL_OFFICE : actor.role === 'region_admin' ? actor.regionCode : null;
  return { userId: actor.userId, orgId: actor.orgId, regionOffice };
}

/**
 * The inbox (待办与通知). Modules post inside their own transaction, so a
 * message exists exactly when the matter it announces was committed; users
 * read what is addressed to them and mark it read.
 */
export class InboxService {
  constructor(private readonly database: Database) {}

  /** Posts one message in the caller's transaction; false when its dedupe key was already used. */
  async post(trx: Kysely<DB>, m: InboxPost, by: string | null = null): Promise<boolean> {
    return repositories(trx).inbox.insert({
      id: newId(),
      kind: m.kind,
      to_user_id: 'userId' in m.to ? m.to.userId : null,
      to_org_id: 'orgId' in m.to ? m.to.orgId : null,
      to_region_office: 'regionOffice' in m.to ? m.to.regionOffice : null,
      subject: m.subject.slice(0, 300),
      body: m.body,
      link: m.link,
      due_day: m.dueDay ?? null,
      dedupe_key: m.dedupeKey ?? null,
      created_at: nowIso(),
      created_by: by,
    });
  }

  async list(actor: Actor, q: InboxListQuery): Promise<InboxPage> {
    const repo = repositories(this.database.db).inbox;
    const address = addressOf(actor);
    const [{ rows, total }, unread] = await Promise.all([
      repo.list(address, { unreadOnly: q.unread, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
      repo.unreadCount(address),
    ]);
    const names = await repo.addresseeNames(
      [...new Set(rows.map((r) => r.to_org_id).filter((v): v is string => !!v))],
      [...new Set(rows.map((r) => r.to_region_office).filter((v): v is string => !!v && v !== NATIONAL_OFFICE))],
    );
    return { items: rows.map((r) => toView(r, names)), total, unread };
  }

  async unread(actor: Actor): Promise<{ unread: number }> {
    return { unread: await repositories(this.database.db).inbox.unreadCount(addressOf(actor)) };
  }

  /** Marks one message read (only a message addressed to the actor; others are not found). */
  async markRead(actor: Actor, id: string): Promise<{ unread: number }> {
    const repo = repositories(this.database.db).inbox;
    const address = addressOf(actor);
    if (!(await repo.isAddressedTo(id, address))) throw notFound('message');
    await repo.markRead(id, actor.userId, nowIso());
    return { unread: await repo.unreadCount(address) };
  }

  async markAllRead(actor: Actor): Promise<{ unread: number }> {
    const repo = repositories(this.database.db).inbox;
    const address = addressOf(actor);
    await repo.markAllRead(address, nowIso());
    return { unread: await repo.unreadCount(address) };
  }
}

function toView(r: InboxMessageView, names: { orgs: Map<string, string>; regions: Map<string, string> }): InboxMessage {
  const to: InboxMessage['to'] = r.to_user_id
    ? { kind: 'user', id: r.to_user_id, name: null }
    : r.to_org_id
      ? { kind: 'org', id: r.to_org_id, name: names.orgs.get(r.to_org_id) ?? null }
      : { kind: 'region-office', id: r.to_region_office ?? NATIONAL_OFFICE, name: r.to_region_office === NATIONAL_OFFICE ? '推进使用正版软件工作部际联席会议办公室' : (names.regions.get(r.to_region_office ?? '') ?? null) };
  return { id: r.id, kind: r.kind as InboxKind, to, subject: r.subject, body: r.body, link: r.link, dueDay: r.due_day, createdAt: r.created_at, read: r.read === 1 };
}
