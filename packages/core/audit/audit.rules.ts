import { createHash } from 'node:crypto';

/** prev_hash of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit record that its hash covers. */
export interface ChainedFields {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  org_id: string | null;
  region_code: string | null;
  before_json: string | null;
  after_json: string | null;
}

/**
 * sha256 over the previous hash and the record's fields in a fixed order.
 * before/after are hashed as the stored JSON text, so the hash does not
 * depend on how either database returns JSON.
 */
export function hashRecord(prevHash: string, r: ChainedFields): string {
  const canonical = JSON.stringify([r.seq, r.at, r.actor_id, r.actor_name, r.action, r.entity_type, r.entity_id, r.org_id, r.region_code, r.before_json, r.after_json]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

export type ChainProblemKind = 'altered' | 'missing' | 'broken-link' | 'head-mismatch';
export interface ChainProblem {
  seq: number;
  kind: ChainProblemKind;
}

/**
 * Walks the chain incrementally. Feed records in seq order with `next`;
 * `finish` compares the end with the stored head.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private lastSeq = 0;
  checked = 0;
  problem: ChainProblem | null = null;

  next(r: ChainedFields & { prev_hash: string; hash: string }): boolean {
    if (this.problem) return false;
    if (r.seq !== this.expectedSeq) {
      this.problem = { seq: this.expectedSeq, kind: 'missing' };
      return false;
    }
    if (r.prev_hash !== this.prevHash) {
      // The previous record was rewritten together with its own hash, or this one was relinked.
      this.problem = r.seq > 1 ? { seq: r.seq - 1, kind: 'altered' } : { seq: r.seq, kind: 'broken-link' };
      return false;
    }
    if (hashRecord(r.prev_hash, r) !== r.hash) {
      this.problem = { seq: r.seq, kind: 'altered' };
      return false;
    }
    this.prevHash = r.hash;
    this.lastSeq = r.seq;
    this.expectedSeq = r.seq + 1;
    this.checked++;
    return true;
  }

  finish(head: { seq: number; hash: string } | undefined): ChainProblem | null {
    if (this.problem) return this.problem;
    if (!head) {
      if (this.lastSeq > 0) this.problem = { seq: this.lastSeq, kind: 'head-mismatch' };
      return this.problem;
    }
    if (head.seq > this.lastSeq) this.problem = { seq: this.lastSeq + 1, kind: 'missing' };
    else if (head.seq < this.lastSeq || head.hash !== this.prevHash) this.problem = { seq: head.seq, kind: 'head-mismatch' };
    return this.problem;
  }
}
