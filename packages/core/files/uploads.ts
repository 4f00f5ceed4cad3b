import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { newId, nowIso } from '../ids.ts';

/** A file a user sent, to keep as sent. */
export interface Upload {
  orgId: string | null;
  userId: string | null;
  /** what it was for: `org-import`, `inventory-import`, `entitlement-import`, `entitlement-proof` */
  kind: string;
  filename: string;
  contentType: string | null;
  data: Buffer;
}

/**
 * Keeps a raw upload (gzip-compressed, with its SHA-256) so nothing a user
 * sent is lost, whatever becomes of its processing. `db` may be a
 * transaction (the upload then lives or dies with it) or the connection.
 */
export async function keepUpload(db: Kysely<DB>, u: Upload): Promise<{ id: string; sha256: string }> {
  const id = newId();
  const sha256 = createHash('sha256').update(u.data).digest('hex');
  await repositories(db).uploads.insert({
    id,
    org_id: u.orgId,
    user_id: u.userId,
    kind: u.kind,
    filename: u.filename.slice(0, 500),
    content_type: u.contentType?.slice(0, 200) ?? null,
    size: u.data.length,
    sha256,
    // Level 1: a few times faster than the default on a large sheet, for a slightly larger blob (a 500,000-row CSV: 2.5 instead of 2.1 MB).
    content_gz: gzipSync(u.data, { level: 1 }),
    created_at: nowIso(),
  });
  return { id, sha256 };
}
