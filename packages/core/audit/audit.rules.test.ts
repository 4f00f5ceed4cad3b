import { describe, expect, it } from 'vitest';
import { ChainVerifier, GENESIS_HASH, hashRecord, type ChainedFields } from './audit.rules.ts';

function chain(n: number) {
  const out: (ChainedFields & { prev_hash: string; hash: string })[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const f: ChainedFields = { seq, at: `2026-01-01T00:00:0${seq % 10}.000Z`, actor_id: 'u', actor_name: '张三', action: 'update', entity_type: 'organization', entity_id: `o${seq}`, org_id: null, region_code: '330100', before_json: '{"a":1}', after_json: `{"a":${seq}}` };
    const hash = hashRecord(prev, f);
    out.push({ ...f, prev_hash: prev, hash });
    prev = hash;
  }
  return out;
}

function verify(rows: ReturnType<typeof chain>, head = rows.length ? { seq: rows[rows.length - 1]!.seq, hash: rows[rows.length - 1]!.hash } : undefined) {
  const v = new ChainVerifier();
  for (const r of rows) if (!v.next(r)) break;
  return v.finish(head);
}

describe('audit hash chain', () => {
  it('accepts an intact chain', () => {
    expect(verify(chain(20))).toBeNull();
    expect(verify([])).toBeNull();
  });

  it('names an altered record', () => {
    const rows = chain(10);
    rows[4] = { ...rows[4]!, after_json: '{"a":999}' };
    expect(verify(rows)).toEqual({ seq: 5, kind: 'altered' });
  });

  it('names a record rewritten together with its own hash', () => {
    const rows = chain(10);
    const forged = { ...rows[4]!, actor_name: '李四' };
    forged.hash = hashRecord(forged.prev_hash, forged);
    rows[4] = forged;
    expect(verify(rows, { seq: 10, hash: rows[9]!.hash })).toEqual({ seq: 5, kind: 'altered' });
  });

  it('names a missing record in the middle and at the end', () => {
    const rows = chain(10);
    expect(verify([...rows.slice(0, 3), ...rows.slice(4)])).toEqual({ seq: 4, kind: 'missing' });
    expect(verify(rows.slice(0, 8), { seq: 10, hash: rows[9]!.hash })).toEqual({ seq: 9, kind: 'missing' });
  });

  it('detects a head that no longer matches', () => {
    const rows = chain(3);
    expect(verify(rows, { seq: 3, hash: 'f'.repeat(64) })).toEqual({ seq: 3, kind: 'head-mismatch' });
  });
});
