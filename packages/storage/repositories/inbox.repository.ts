import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { DB, InboxMessagesTable } from '../schema.ts';

export type InboxMessageRow = Selectable<InboxMessagesTable>;
export type InboxMessageView = InboxMessageRow & { read: number };

/** The addresses one user reads: their own, their organization's, their region office's. */
export interface InboxAddress {
  userId: string;
  orgId: string | null;
  regionOffice: string | null;
}

function addressed(address: InboxAddress) {
  return (eb: ExpressionBuilder<DB, 'inbox_messages'>) => {
    const ors = [eb('inbox_messages.to_user_id', '=', address.userId)];
    if (address.orgId) ors.push(eb('inbox_messages.to_org_id', '=', address.orgId));
    if (address.regionOffice) ors.push(eb('inbox_messages.to_region_office', '=', address.regionOffice));
    return eb.or(ors);
  };
}

/** Messages and read marks (待办与通知). */
export class InboxRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Stores a message; false when one with the same dedupe key is already there. */
  async insert(row: InboxMessageRow): Promise<boolean> {
    const r = await this.db
      .insertInto('inbox_messages')
      .values(row)
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async findById(id: string): Promise<InboxMessageRow | undefined> {
    return this.db.selectFrom('inbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
  }

  private readMark(userId: string) {
    return (eb: ExpressionBuilder<DB, 'inbox_messages'>) =>
      eb.exists(eb.selectFrom('inbox_reads').select('inbox_reads.message_id').whereRef('inbox_reads.message_id', '=', 'inbox_messages.id').where('inbox_reads.user_id', '=', userId));
  }

  /** Newest first, with whether this user has read each one. */
  async list(address: InboxAddress, opts: { unreadOnly: boolean; limit: number; offset: number }): Promise<{ rows: InboxMessageView[]; total: number }> {
    let q = this.db.selectFrom('inbox_messages').where(addressed(address));
    if (opts.unreadOnly) q = q.where((eb) => eb.not(this.readMark(address.userId)(eb)));
    const [rows, total] = await Promise.all([
      q
        .selectAll('inbox_messages')
        .select((eb) => eb.case().when(this.readMark(address.userId)(eb)).then(1).else(0).end().as('read'))
        .orderBy('inbox_messages.id', 'desc')
        .limit(opts.limit)
        .offset(opts.offset)
        .execute(),
      q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows: rows.map((r) => ({ ...r, read: Number(r.read) })), total: Number(total.n) };
  }

  async unreadCount(address: InboxAddress): Promise<number> {
    const r = await this.db
      .selectFrom('inbox_messages')
      .where(addressed(address))
      .where((eb) => eb.not(this.readMark(address.userId)(eb)))
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Whether the message is addressed to this user (directly, by organization or by office). */
  async isAddressedTo(id: string, address: InboxAddress): Promise<boolean> {
    const r = await this.db.selectFrom('inbox_messages').select('id').where('id', '=', id).where(addressed(address)).executeTakeFirst();
    return !!r;
  }

  async markRead(messageId: string, userId: string, at: string): Promise<void> {
    await this.db
      .insertInto('inbox_reads')
      .values({ message_id: messageId, user_id: userId, read_at: at })
      .onConflict((oc) => oc.columns(['message_id', 'user_id']).doNothing())
      .execute();
  }

  /** Marks every message of the address read; the number newly marked. */
  async markAllRead(address: InboxAddress, at: string): Promise<number> {
    const r = await this.db
      .insertInto('inbox_reads')
      .columns(['message_id', 'user_id', 'read_at'])
      .expression((eb) =>
        eb
          .selectFrom('inbox_messages')
          .where(addressed(address))
          .where((e) => e.not(this.readMark(address.userId)(e)))
          .select(['inbox_messages.id', sql<string>`cast(${address.userId} as varchar(36))`.as('user_id'), sql<string>`cast(${at} as varchar(32))`.as('read_at')]),
      )
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  }

  /** Names of the addressees, for display: organizations and regions by id/code. */
  async addresseeNames(orgIds: string[], regionCodes: string[]): Promise<{ orgs: Map<string, string>; regions: Map<string, string> }> {
    const [orgs, regions] = await Promise.all([
      orgIds.length ? this.db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', orgIds).execute() : Promise.resolve([]),
      regionCodes.length ? this.db.selectFrom('regions').select(['code', 'name']).where('code', 'in', regionCodes).execute() : Promise.resolve([]),
    ]);
    return { orgs: new Map(orgs.map((o) => [o.id, o.name])), regions: new Map(regions.map((r) => [r.code, r.name])) };
  }
}
