import { createHash, randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDialects } from '../../../test/dialects.ts';
import type { Database } from '../../storage/database.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { keepUpload } from './uploads.ts';

describe.each(testDialects())('kept uploads on %s', (dialect) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(dialect);
  });
  afterAll(async () => database.close());

  // A small file and one past the compressor's first chunk: both must give the file's SHA-256 and keep it whole.
  it.each([3 * 1024, 3 * 1024 * 1024])('keeps %i bytes compressed with their SHA-256', async (size) => {
    const data = Buffer.concat([randomBytes(size / 2), Buffer.alloc(size / 2, 'a')]);
    const kept = await keepUpload(database.db, { orgId: null, userId: null, kind: 'inventory-import', filename: 'f.csv', contentType: 'text/csv', data });
    expect(kept.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    const row = await repositories(database.db).uploads.findById(kept.id);
    expect(row?.sha256).toBe(kept.sha256);
    expect(row?.size).toBe(size);
    expect(gunzipSync(row!.content_gz).equals(data)).toBe(true);
  });
});
