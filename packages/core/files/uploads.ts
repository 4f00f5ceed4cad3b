import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { DB } from '../../storage/schema.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { newId, nowIso } from '../ids.ts';

const gzipAsync = promisify(gzip);

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
 * The SHA-256 of data, in hex, on this thread. WebCrypto's digest runs on the
 * thread pool but first copies the data there, and on this machine type the
 * copy of a 71 MB sheet into fresh memory (~17,000 page faults) took as long
 * as hashing it here (35–46 ms against 40 ms; SHA extensions make hashing
 * ~1.7 GB/s), so the pool only added work beside the compression.
 */
function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * An upload's data as keepUpload stores it, compressed on the thread pool:
 * start it first, and pass it to keepUpload, when this thread has other
 * work to do with the data meanwhile.
 */
export function compressUpload(data: Buffer): Promise<Buffer> {
  // Level 1: a few times faster than the default on a large sheet, for a slightly larger blob (a 500,000-row CSV: 2.5 instead of 2.1 MB).
  // One output buffer for the whole result (up to 64 MiB): each chunk otherwise waits for the main thread between pieces.
  const chunkSize = Math.min(Math.max(data.length, 64 * 1024), 64 << 20);
  return gzipAsync(data, { level: 1, chunkSize });
}

/**
 * Keeps a raw upload (gzip-compressed, with its SHA-256) so nothing a user
 * sent is lost, whatever becomes of its processing. `db` may be a
 * transaction (the upload then lives or dies with it) or the connection.
 * The compression runs on the thread pool (a 70 MB sheet: ~0.2 s) while a
 * caller that does not wait parses the file; a caller that started it
 * itself (compressUpload) passes it as `compressing`.
 */
export async function keepUpload(db: Kysely<DB>, u: Upload, compressing: Promise<Buffer> = compressUpload(u.data)): Promise<{ id: string; sha256: string }> {
  const id = newId();
  const sha256 = sha256Hex(u.data);
  const gz = await compressing;
  await repositories(db).uploads.insert({
    id,
    org_id: u.orgId,
    user_id: u.userId,
    kind: u.kind,
    filename: u.filename.slice(0, 500),
    content_type: u.contentType?.slice(0, 200) ?? null,
    size: u.data.length,
    sha256,
    content_gz: gz,
    created_at: nowIso(),
  });
  return { id, sha256 };
}
