import type { Kysely, Selectable } from 'kysely';
import type { DB, UploadsTable } from '../schema.ts';

export type UploadRow = Selectable<UploadsTable>;

/** Raw uploads, kept as sent (gzip-compressed). */
export class UploadsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(row: UploadRow): Promise<void> {
    await this.db.insertInto('uploads').values(row).execute();
  }

  async findById(id: string): Promise<UploadRow | undefined> {
    return this.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
