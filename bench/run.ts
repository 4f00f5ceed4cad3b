import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import type { DialectName } from '../packages/storage/database.ts';
import { createContext } from './context.ts';
import { gitCommit, machineInfo, probeMachine } from './machine.ts';
import { startPgCluster, type PgCluster } from '../test/pg-cluster.ts';
import { WORKLOADS } from './registry.ts';
import { formatMs, previousDatabases, previousSections, renderReport, type BenchResults } from './report.ts';
import { summarize, type Sample, type Summary } from './stats.ts';
import type { BenchContext, Workload } from './workload.ts';

/*
 * `npm run bench [-- --runs N] [--only a,b [--merge]] [--dialects sqlite,postgres] [--out FILE]`
 * Runs every registered workload N times per database, takes the median and
 * writes docs/BENCHMARKS.md.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    dialects: { type: 'string', default: DIALECTS.join(',') },
    out: { type: 'string', default: path.join(ROOT, 'docs/BENCHMARKS.md') },
    /** with --only: keep the other workloads' sections of the existing report */
    merge: { type: 'boolean', default: false },
  },
  strict: true,
});

const runs = Number(args.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${args.runs}`);
const only = args.only?.split(',').map((s) => s.trim()).filter(Boolean);
const unknown = only?.filter((n) => !WORKLOADS.some((w) => w.name === n)) ?? [];
if (unknown.length) throw new Error(`unknown workload ${unknown.join(', ')}; known: ${WORKLOADS.map((w) => w.name).join(', ')}`);
const selected = WORKLOADS.filter((w) => !only || only.includes(w.name));
const dialects = args.dialects.split(',').map((s) => s.trim());
const badDialect = dialects.filter((d) => !DIALECTS.includes(d as DialectName));
if (badDialect.length) throw new Error(`unknown dialect ${badDialect.join(', ')}; known: ${DIALECTS.join(', ')}`);

const log = (msg: string) => process.stderr.write(`${msg}\n`);

/** Runs one workload `runs` times in a context; setup is untimed, run() is. */
async function measure(w: Workload, ctx: BenchContext, label: string): Promise<Summary> {
  const sample: Sample = { ms: [], units: [], metrics: [] };
  for (let i = 1; i <= runs; i++) {
    const timed = await w.setup(ctx);
    const t0 = performance.now();
    const units = await timed.run();
    const ms = performance.now() - t0;
    sample.metrics.push(timed.metrics?.() ?? {});
    await timed.dispose?.();
    sample.ms.push(ms);
    sample.units.push(units);
    log(`[${label}] ${w.name} run ${i}/${runs}: ${formatMs(ms)} (${Math.round(units / (ms / 1000)).toLocaleString('en-US')} ${w.unit}/s)`);
  }
  return summarize(sample);
}

function sqliteVersion(): string {
  const db = new BetterSqlite3(':memory:');
  try {
    return String((db.prepare('select sqlite_version() as v').get() as { v: string }).v);
  } finally {
    db.close();
  }
}

/** What `--merge` keeps of the existing report. */
function mergeWith(report: string): NonNullable<BenchResults['merge']> {
  return { all: WORKLOADS, previous: previousSections(report), databases: previousDatabases(report) };
}

const started = new Date();
const results: BenchResults = {
  machine: machineInfo(),
  probe: { start: probeMachine(), end: null },
  commit: gitCommit(ROOT),
  startedAt: started.toISOString(),
  runs,
  databases: {},
  skipped: [],
  workloads: selected,
  summaries: new Map(selected.map((w) => [w.name, new Map()])),
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  merge: args.merge && fs.existsSync(args.out) ? mergeWith(fs.readFileSync(args.out, 'utf8')) : undefined,
};

let cluster: PgCluster | null = null;
// Ctrl-C must not leave a PostgreSQL server running.
process.once('SIGINT', () => {
  cluster?.stop();
  process.exit(130);
});

try {
  const dbWorkloads = selected.filter((w) => w.usesDatabase);
  for (const dialect of DIALECTS) {
    if (!dialects.includes(dialect) || dbWorkloads.length === 0) continue;
    if (dialect === 'postgres') {
      cluster = await startPgCluster();
      if (!cluster) {
        results.skipped.push('PostgreSQL: server binaries not found under /usr/lib/postgresql/{15,16,17}/bin.');
        log('[bench] PostgreSQL binaries not found: PostgreSQL skipped');
        continue;
      }
      results.databases.postgres = cluster.version;
    } else {
      results.databases.sqlite = sqliteVersion();
    }
    const ctx = createContext(dialect, cluster);
    try {
      for (const w of dbWorkloads) results.summaries.get(w.name)!.set(dialect, await measure(w, ctx, dialect));
    } finally {
      await ctx.close();
    }
  }
  const cpu = createContext(null, null);
  for (const w of selected.filter((x) => !x.usesDatabase)) results.summaries.get(w.name)!.set('cpu', await measure(w, cpu, 'cpu'));
  await cpu.close();
} finally {
  cluster?.stop();
}
results.probe.end = probeMachine();

const report = renderReport(results);
fs.mkdirSync(path.dirname(args.out), { recursive: true });
fs.writeFileSync(args.out, report);
process.stdout.write(report.slice(report.indexOf('## Results')));
log(`[bench] wrote ${path.relative(process.cwd(), args.out)} in ${formatMs(Date.now() - started.getTime())}`);
