import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices, type Services } from '../packages/core/services.ts';
import { openDatabase, type Database, type DialectName } from '../packages/storage/database.ts';
import { migrateToLatest } from '../packages/storage/migrate.ts';
import type { PgCluster } from '../test/pg-cluster.ts';
import { createPgDatabase } from '../test/pg-cluster.ts';
import type { BenchContext } from './workload.ts';

/** A BenchContext plus the cleanup the harness runs after the pass. */
export interface OwnedContext extends BenchContext {
  close(): Promise<void>;
}

/**
 * The harness side of one pass over a dialect (or the pure-CPU pass when
 * dialect is null): every database it opens is a real SQLite file in a temp
 * folder or its own PostgreSQL database, and all are closed with the pass.
 */
export function createContext(dialect: DialectName | null, cluster: PgCluster | null): OwnedContext {
  const opened: Database[] = [];
  const dirs: string[] = [];
  const cache = new Map<string, Promise<unknown>>();
  return {
    dialect,
    async freshServices(): Promise<Services> {
      let database: Database;
      if (dialect === 'postgres') {
        if (!cluster) throw new Error('no PostgreSQL cluster');
        database = openDatabase({ databaseUrl: await createPgDatabase(cluster.adminUrl) });
      } else if (dialect === 'sqlite') {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-bench-'));
        dirs.push(dir);
        database = openDatabase({ dataDir: dir });
      } else {
        throw new Error('a pure-CPU workload asked for a database');
      }
      opened.push(database);
      await migrateToLatest(database);
      return createServices(database);
    },
    async freshDatabaseTarget() {
      if (dialect === null) throw new Error('a pure-CPU workload asked for a database');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-bench-'));
      dirs.push(dir);
      if (dialect === 'postgres') {
        if (!cluster) throw new Error('no PostgreSQL cluster');
        return { dataDir: dir, databaseUrl: await createPgDatabase(cluster.adminUrl) };
      }
      return { dataDir: dir, databaseUrl: null };
    },
    shared<T>(key: string, build: () => Promise<T>): Promise<T> {
      if (!cache.has(key)) cache.set(key, build());
      return cache.get(key) as Promise<T>;
    },
    async close() {
      for (const d of opened.splice(0)) await d.close();
      for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
      cache.clear();
    },
  };
}
