import type { Services } from '../packages/core/services.ts';
import type { DialectName } from '../packages/storage/database.ts';

/** What a workload may ask of the harness while it sets up. */
export interface BenchContext {
  /** The database this pass runs on; null for pure-CPU workloads. */
  dialect: DialectName | null;
  /** A fresh, migrated database of this pass's dialect, with its services; closed by the harness. */
  freshServices(): Promise<Services>;
  /**
   * Builds a value once per dialect and hands the same one to every later
   * caller (e.g. a database holding 10k imported organizations), so that
   * read-mostly workloads do not pay for the import on every run.
   */
  shared<T>(key: string, build: () => Promise<T>): Promise<T>;
  /**
   * A fresh, empty database for a separate server process: a data folder
   * (SQLite) and, on PostgreSQL, its URL. Removed by the harness.
   */
  freshDatabaseTarget(): Promise<{ dataDir: string; databaseUrl: string | null }>;
}

/** The measured part of one run, prepared by `Workload.setup`. */
export interface TimedRun {
  /** Does the work being timed; returns how many units it processed (rows, ops, records, codes). */
  run(): Promise<number>;
  /** Untimed cleanup after the run. */
  dispose?(): Promise<void>;
  /** Extra figures of the run (latency percentiles, peak memory…): the report prints their medians. */
  metrics?(): Record<string, number>;
}

/** One benchmark. Files under bench/workloads export one each; bench/registry.ts lists them. */
export interface Workload {
  /** Stable name, used by `--only` and as a baseline reference. */
  name: string;
  /** One sentence: what is measured, through which code path. */
  description: string;
  /** Name of the workload this one is compared with (time ratio, same dialect). */
  baseline?: string;
  /** Unit of the throughput column, plural ("rows", "queries", …). */
  unit: string;
  /** true: runs once per database dialect; false: pure CPU, runs once. */
  usesDatabase: boolean;
  /** How to print each extra metric: key → label with unit, e.g. { p95Ms: 'p95 ms' }. */
  metricLabels?: Record<string, string>;
  /** Untimed preparation of one run; called before every run. */
  setup(ctx: BenchContext): Promise<TimedRun>;
}
