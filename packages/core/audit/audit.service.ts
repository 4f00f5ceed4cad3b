import type { Transaction } from 'kysely';
import type { AuditRecord, AuditVerifyResult, Lang } from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import { repositories, type AuditFilter, type AuditRow } from '../../storage/repositories/index.ts';
import type { DB } from '../../storage/schema.ts';
import { nowIso } from '../ids.ts';
import { assertCan, scopeOf, type Actor } from '../policy/policy.ts';
import { ChainVerifier, GENESIS_HASH, hashRecord, type ChainProblemKind } from './audit.rules.ts';

/** Lock key that serializes appends to the chain on PostgreSQL. */
const AUDIT_LOCK = 7_700_001;

/** One write to record. */
export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  orgId?: string | null;
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Who did it: a signed-in actor, or the system (CLI, seed). */
export type AuditActor = Pick<Actor, 'userId' | 'displayName'> | { userId: null; displayName: string };

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

const PROBLEM_TEXT: Record<ChainProblemKind, Record<Lang, (seq: number) => string>> = {
  altered: { 'zh-CN': (s) => `第 ${s} 条审计记录被篡改`, 'en-US': (s) => `audit record ${s} was altered` },
  missing: { 'zh-CN': (s) => `第 ${s} 条审计记录缺失`, 'en-US': (s) => `audit record ${s} is missing` },
  'broken-link': { 'zh-CN': (s) => `第 ${s} 条审计记录的链接断开`, 'en-US': (s) => `audit record ${s} does not link to its predecessor` },
  'head-mismatch': { 'zh-CN': (s) => `审计链尾部（第 ${s} 条）与记录的链头不一致`, 'en-US': (s) => `the end of the chain (record ${s}) does not match the stored head` },
};

export class AuditService {
  constructor(private readonly database: Database) {}

  /** Appends one record inside the caller's transaction. */
  async append(trx: Transaction<DB>, actor: AuditActor, e: AuditEntry): Promise<void> {
    await this.database.lockForAppend(trx, AUDIT_LOCK);
    const repo = repositories(trx).audit;
    const head = await repo.head();
    const fields = {
      seq: (head?.seq ?? 0) + 1,
      at: nowIso(),
      actor_id: actor.userId,
      actor_name: actor.displayName,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      org_id: e.orgId ?? null,
      region_code: e.regionCode ?? null,
      before_json: json(e.before),
      after_json: json(e.after),
    };
    const prev = head?.hash ?? GENESIS_HASH;
    await repo.append({ ...fields, prev_hash: prev, hash: hashRecord(prev, fields) });
  }

  async list(actor: Actor, f: AuditFilter, page: { page: number; pageSize: number }): Promise<{ items: AuditRecord[]; total: number }> {
    assertCan(actor, 'audit.read');
    const { rows, total } = await repositories(this.database.db).audit.list(scopeOf(actor), f, { offset: (page.page - 1) * page.pageSize, limit: page.pageSize });
    return { items: rows.map(toRecord), total };
  }

  /** Walks the whole chain; reports the first altered or missing record. */
  async verify(lang: Lang = 'zh-CN', onProgress?: (checked: number) => void): Promise<AuditVerifyResult> {
    const repo = repositories(this.database.db).audit;
    const v = new ChainVerifier();
    let after = 0;
    for (;;) {
      const rows = await repo.readFrom(after, 2000);
      for (const r of rows) if (!v.next(r)) break;
      if (v.problem || rows.length < 2000) break;
      after = rows[rows.length - 1]!.seq;
      onProgress?.(v.checked);
    }
    const head = await repo.head();
    const problem = v.finish(head);
    return {
      ok: problem === null,
      checked: v.checked,
      headSeq: head?.seq ?? null,
      problem: problem ? { ...problem, message: PROBLEM_TEXT[problem.kind][lang](problem.seq) } : null,
    };
  }

  /** verify() for an actor allowed to read the trail. */
  async verifyAs(actor: Actor, lang: Lang): Promise<AuditVerifyResult> {
    assertCan(actor, 'audit.read');
    return this.verify(lang);
  }
}

function parse(v: string | null): unknown {
  return v === null ? null : JSON.parse(v);
}

export function toRecord(r: AuditRow): AuditRecord {
  return {
    seq: Number(r.seq),
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    orgId: r.org_id,
    regionCode: r.region_code,
    before: parse(r.before_json),
    after: parse(r.after_json),
    hash: r.hash,
  };
}
