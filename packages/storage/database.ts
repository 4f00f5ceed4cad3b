import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Worker } from 'node:worker_threads';
import type { DB } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

/**
 * A database handle. Everything that differs between SQLite and PostgreSQL
 * lives behind this object; nothing outside storage/ asks which one it is.
 */
export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  /** Runs fn in one transaction. */
  transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T>;
  /** Serializes writers of one logical resource (the audit chain) until the transaction ends. */
  lockForAppend(trx: Transaction<DB>, key: number): Promise<void>;
  /**
   * Inserts many rows of one table inside the transaction `trx`, by the
   * fastest path the database has (SQLite: one reused prepared statement
   * per row; PostgreSQL: multi-row INSERTs).
   */
  bulkInsert(trx: Transaction<DB>, table: keyof DB & string, columns: string[], rows: unknown[][], opts?: { ignoreConflicts?: boolean }): Promise<void>;
  close(): Promise<void>;
  /** Where the data lives, for humans. */
  describe: string;
}

// pg returns BIGINT (int8) as strings by default; our counts fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));

export interface OpenOptions {
  /** postgres://… selects PostgreSQL; otherwise SQLite under dataDir. */
  databaseUrl?: string | undefined;
  /** Folder of the SQLite file (created when missing). */
  dataDir?: string | undefined;
  /** Explicit SQLite file path (":memory:" for tests). */
  sqliteFile?: string | undefined;
}

export function openDatabase(opts: OpenOptions): Database {
  const url = opts.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: 'postgres',
      describe: url.replace(/:[^:@/]*@/, ':***@'),
      transaction: (fn) => db.transaction().execute(fn),
      async lockForAppend(trx, key) {
        await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
      },
      async bulkInsert(trx, table, columns, rows, opts) {
        if (rows.length === 0) return;
        const cols = sql.join(columns.map((c) => sql.ref(c)));
        const tail = opts?.ignoreConflicts ? sql` on conflict do nothing` : sql``;
        if (rows.length < 200) {
          const values = sql.join(rows.map((r) => sql`(${sql.join(r)})`));
          await sql`insert into ${sql.table(table)} (${cols}) values ${values}${tail}`.execute(trx);
          return;
        }
        // Many rows: one array parameter per column, unnested on the server (one round trip per
        // 20,000 rows instead of a statement of 500 rows × columns parameters).
        const types = await columnTypes(trx, table);
        for (let i = 0; i < rows.length; i += 20_000) {
          const part = rows.slice(i, i + 20_000);
          const arrays = columns.map((c, k) => sql`${part.map((r) => normalizeArrayValue(r[k]))}::${sql.raw(arrayType(types.get(c)))}`);
          await sql`insert into ${sql.table(table)} (${cols}) select * from unnest(${sql.join(arrays)})${tail}`.execute(trx);
        }
      },
      close: () => db.destroy(),
    };
  }
  let file = opts.sqliteFile;
  if (!file) {
    const dir = opts.dataDir ?? './data';
    fs.mkdirSync(dir, { recursive: true });
    file = path.join(dir, 'zhengban.sqlite');
  }
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  // Checkpoints run on a worker thread's connection (below); the writer
  // checkpoints itself only if the WAL reaches ~160 MB.
  raw.pragma(`wal_autocheckpoint = ${file === ':memory:' ? 1000 : 40000}`);
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // 64 MiB page cache (the default is 2 MiB): inventories touch index pages all over a large file.
  raw.pragma('cache_size = -65536');
  // Kysely prepares every query anew; better-sqlite3 statements are reusable, so keep
  // the prepared ones by SQL text (inserts are batched in fixed sizes to share them).
  const statements = new Map<string, BetterSqlite3.Statement>();
  const cached = {
    prepare(text: string) {
      let stmt = statements.get(text);
      if (!stmt) {
        if (statements.size >= 2000) statements.clear();
        stmt = raw.prepare(text);
        statements.set(text, stmt);
      }
      return stmt;
    },
    close: () => raw.close(),
  };
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cached as unknown as BetterSqlite3.Database }) });
  // SQLite has one writer: kysely's SqliteDialect runs one connection, so a
  // transaction already excludes every other writer of this process.
  const checkpointer = file === ':memory:' || process.env.ZB_NO_CHECKPOINTER ? null : new Worker(new URL('./sqlite-checkpointer.mjs', import.meta.url), { workerData: { file, intervalMs: 500 } });
  checkpointer?.unref();
  return {
    db,
    dialect: 'sqlite',
    describe: file,
    transaction: (fn) => db.transaction().execute(fn),
    async lockForAppend() {},
    // The one SQLite connection is the transaction's: statements on it run inside it.
    async bulkInsert(_trx, table, columns, rows, opts) {
      if (rows.length === 0) return;
      const stmt = cached.prepare(`insert${opts?.ignoreConflicts ? ' or ignore' : ''} into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`);
      for (const r of rows) stmt.run(r);
    },
    async close() {
      if (checkpointer) {
        checkpointer.ref(); // keep the process alive until the last checkpoint is done
        checkpointer.postMessage('stop');
        await new Promise((r) => checkpointer.once('exit', r));
      }
      await db.destroy();
    },
  };
}

/** Case-insensitive LIKE pattern argument with wildcards escaped. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (m) => `\\${m}`).toLowerCase()}%`;
}

/** Column types of a table (PostgreSQL), for typed unnest arrays; cached per table. */
const typeCache = new Map<string, Map<string, string>>();
async function columnTypes(trx: Transaction<DB>, table: string): Promise<Map<string, string>> {
  let m = typeCache.get(table);
  if (!m) {
    const r = await sql<{ column_name: string; udt_name: string }>`select column_name, udt_name from information_schema.columns where table_name = ${table} and table_schema = current_schema()`.execute(trx);
    m = new Map(r.rows.map((x) => [x.column_name, x.udt_name]));
    typeCache.set(table, m);
  }
  return m;
}

/** The array type of a column's udt name (varchar → varchar[], int4 → int4[], bytea → bytea[] …). */
function arrayType(udt: string | undefined): string {
  return `${udt ?? 'text'}[]`;
}

/** Values as the pg driver serializes array elements: Buffers stay, the rest as they are. */
function normalizeArrayValue(v: unknown): unknown {
  return v === undefined ? null : v;
}
