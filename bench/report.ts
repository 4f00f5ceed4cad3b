import type { DialectName } from '../packages/storage/database.ts';
import type { MachineInfo, MachineProbe } from './machine.ts';
import type { Summary } from './stats.ts';
import type { Workload } from './workload.ts';

/** Everything one bench invocation measured, as the report needs it. */
export interface BenchResults {
  machine: MachineInfo;
  /** The machine's speed before the first workload and after the last (see probeMachine). */
  probe: { start: MachineProbe; end: MachineProbe | null };
  commit: string;
  /** ISO date-time the bench started. */
  startedAt: string;
  runs: number;
  /** Versions of the databases that ran, e.g. { sqlite: '3.50.2' }. */
  databases: Partial<Record<DialectName, string>>;
  /** Why a requested dialect did not run. */
  skipped: string[];
  workloads: readonly Workload[];
  /** Summary per workload name, per dialect ('cpu' for pure-CPU workloads). */
  summaries: Map<string, Map<DialectName | 'cpu', Summary>>;
  /** The command line that produced the figures. */
  command: string;
  /**
   * With `--merge`: every registered workload in order, and the sections of
   * the previous report for those not run now (kept with their own stamp).
   */
  merge?: { all: readonly Workload[]; previous: Map<string, string>; databases: string | null };
}

/**
 * The stamp under a workload's description: when, at which commit, how many
 * runs, how busy the machine was (load, and the probe's random read in 8 MiB
 * at the run's start / end, see bench/machine.ts) — a section kept by
 * `--merge` keeps its own.
 */
export function measuredStamp(startedAt: string, commit: string, runs: number, load: number, cacheNs: string | null): string {
  return `_Measured ${startedAt.slice(0, 10)} ${startedAt.slice(11, 16)} UTC · commit ${commit} · runs ${runs} · load ${load} at start${cacheNs ? ` · 8 MiB random read ${cacheNs} ns` : ''}_`;
}

/** The 8 MiB random-read figure(s) of a probe line ("27.5 / 119.3"), from its text. */
function cacheNsOf(probeLine: string | undefined): string | null {
  return probeLine ? (/in 8 MiB \(.*?\) ([\d.]+(?: \/ [\d.]+)?) ns/.exec(probeLine)?.[1] ?? null) : null;
}

/**
 * The workload sections of a report (`### name` up to the next section or
 * `## Notes`), each with the stamp of its measurement: sections written
 * before stamps existed get the report's own date, commit, runs and load.
 */
/** The databases line of a report. */
export function previousDatabases(report: string): string | null {
  // The line may carry the versions of earlier sections in nested parentheses: the innermost real versions count.
  let line = /^- Databases: (.+)$/m.exec(report)?.[1] ?? null;
  while (line !== null) {
    const at = line.indexOf(' (earlier sections: ');
    const own = at < 0 ? line : line.slice(0, at);
    if (own !== 'none') return own;
    line = at < 0 ? null : line.slice(at + ' (earlier sections: '.length, -1);
  }
  return null;
}

export function previousSections(report: string): Map<string, string> {
  const date = /^Date: (\d{4}-\d{2}-\d{2}) \((\d{2}:\d{2}) UTC\) · commit (\S+) · runs per workload: (\d+)/m.exec(report);
  const load = /^- Load average \(1 min\) at start: ([\d.]+)/m.exec(report);
  // The report's own run's probe; a report merged before stamps carried it named the probe of its kept sections' run.
  const ownCache = cacheNsOf(/^- Speed probe, at start.*$/m.exec(report)?.[0]);
  const keptCache = cacheNsOf(/^- Speed probe of the run of the kept sections: .*$/m.exec(report)?.[0]);
  const ownStamp = date ? `_Measured ${date[1]} ${date[2]} UTC · commit ${date[3]} ·` : null;
  const out = new Map<string, string>();
  const lines = report.split('\n');
  let name: string | null = null;
  let body: string[] = [];
  const flush = () => {
    if (!name) return;
    while (body.length && body.at(-1) === '') body.pop();
    const stampAt = body.findIndex((l) => l.startsWith('_Measured '));
    if (date && stampAt < 0) {
      const at = body.findIndex((l, i) => i > 1 && l === '');
      body.splice(at < 0 ? body.length : at + 1, 0, measuredStamp(`${date[1]}T${date[2]}`, date[3]!, Number(date[4]), Number(load?.[1] ?? 0), ownCache), '');
    } else if (stampAt >= 0 && !body[stampAt]!.includes(' random read ')) {
      // A stamp from before stamps carried the probe: the report's own run's, or its kept sections' run's.
      const cache = ownStamp && body[stampAt]!.startsWith(ownStamp) ? ownCache : keptCache;
      if (cache) body[stampAt] = `${body[stampAt]!.slice(0, -1)} · 8 MiB random read ${cache} ns_`;
    }
    out.set(name, [...body, ''].join('\n'));
  };
  for (const l of lines) {
    if (l.startsWith('### ') || l.startsWith('## ')) {
      flush();
      name = l.startsWith('### ') ? l.slice(4).trim() : null;
      body = name ? [l] : [];
    } else if (name) body.push(l);
  }
  flush();
  return out;
}

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const dec = (digits: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Milliseconds for humans: "84.2 ms", "2.71 s". */
export function formatMs(ms: number): string {
  if (ms < 10) return `${dec(2).format(ms)} ms`;
  if (ms < 1000) return `${dec(1).format(ms)} ms`;
  return `${dec(2).format(ms / 1000)} s`;
}

const DIALECT_LABEL: Record<DialectName | 'cpu', string> = { sqlite: 'SQLite (file)', postgres: 'PostgreSQL', cpu: '— (CPU only)' };

function workloadTable(w: Workload, r: BenchResults): string[] {
  const byDialect = r.summaries.get(w.name);
  const lines = [`### ${w.name}`, '', w.description, '', measuredStamp(r.startedAt, r.commit, r.runs, r.machine.loadAtStart, probePair(r.probe, (p) => p.randomCacheNs.toFixed(1))), ''];
  if (!byDialect || byDialect.size === 0) return [...lines, '_Not run._', ''];
  const baseline = w.baseline ? r.summaries.get(w.baseline) : undefined;
  const extra = Object.entries(w.metricLabels ?? {});
  lines.push(`| Database | Median | Min | Max | Throughput (median) |${w.baseline ? ` Time vs ${w.baseline} |` : ''}${extra.map(([, label]) => ` ${label} |`).join('')}`);
  lines.push(`|---|--:|--:|--:|--:|${w.baseline ? '--:|' : ''}${extra.map(() => '--:|').join('')}`);
  for (const [dialect, s] of byDialect) {
    const b = baseline?.get(dialect);
    const ratio = w.baseline ? ` ${b ? `${dec(2).format(s.medianMs / b.medianMs)}×` : '—'} |` : '';
    const cells = extra.map(([k]) => ` ${s.metrics[k] === undefined ? '—' : s.metrics[k]! >= 100 ? int.format(s.metrics[k]!) : dec(1).format(s.metrics[k]!)} |`).join('');
    lines.push(`| ${DIALECT_LABEL[dialect]} | ${formatMs(s.medianMs)} | ${formatMs(s.minMs)} | ${formatMs(s.maxMs)} | ${int.format(s.perSecond)} ${w.unit}/s |${ratio}${cells}`);
  }
  return [...lines, ''];
}

/** A probe figure at start and, when taken, at end. */
function probePair(p: BenchResults['probe'], f: (x: MachineProbe) => string): string {
  return p.end ? `${f(p.start)} / ${f(p.end)}` : f(p.start);
}

/** docs/BENCHMARKS.md: machine, date, commit, one table per workload, how to reproduce. */
export function renderReport(r: BenchResults): string {
  const m = r.machine;
  const dbs = Object.entries(r.databases).map(([d, v]) => `${DIALECT_LABEL[d as DialectName]} ${v}`);
  const out = [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (bench/run.ts); edit the workloads, not this file. -->',
    '',
    'Figures from real code paths: the services of `packages/core/services.ts` on a SQLite file in a temp folder and on a throwaway PostgreSQL cluster, the way the CLI and the server call them. Each workload sets up untimed, then its run is timed; the median of the runs is reported with the spread.',
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpu}, ${m.cores} logical cores`,
    `- RAM: ${m.ramGiB} GiB`,
    `- OS: ${m.os}`,
    `- Node: ${m.node}`,
    `- Databases: ${dbs.length ? dbs.join('; ') : 'none'}${r.merge?.databases && r.merge.databases !== dbs.join('; ') ? ` (earlier sections: ${r.merge.databases})` : ''}`,
    `- Load average (1 min) at start: ${m.loadAtStart}${m.loadAtStart > m.cores / 2 ? ' — the machine was busy with other work; treat the figures as upper bounds of time' : ''}`,
    `- Speed probe, at start${r.probe.end ? ' / at end' : ''} (\`bench/machine.ts\`; compare these before comparing the figures of two reports): integer loop ${probePair(r.probe, (p) => `${p.cpuMs}`)} ms; first write to fresh memory ${probePair(r.probe, (p) => p.touchUsPerPage.toFixed(2))} µs per 4 KiB page; dependent random read in 8 MiB (last-level cache, shared with the host's other tenants) ${probePair(r.probe, (p) => p.randomCacheNs.toFixed(1))} ns, in 64 MiB ${probePair(r.probe, (p) => p.randomReadNs.toFixed(1))} ns`,
    '',
    `Date: ${r.startedAt.slice(0, 10)} (${r.startedAt.slice(11, 16)} UTC) · commit ${r.commit} · runs per workload: ${r.runs}`,
    '',
  ];
  if (r.merge) out.push(`This run measured ${r.workloads.map((w) => `\`${w.name}\``).join(', ')}; the other sections are kept from earlier runs, each with its own stamp (machine as above; the stamp's 8 MiB random read is that run's probe).`, '');
  if (r.skipped.length) out.push(...r.skipped.map((s) => `> Skipped: ${s}`), '');
  out.push('## Results', '');
  const ran = new Set(r.workloads.map((w) => w.name));
  for (const w of r.merge?.all ?? r.workloads) {
    if (ran.has(w.name)) out.push(...workloadTable(w, r));
    else if (r.merge?.previous.has(w.name)) out.push(r.merge.previous.get(w.name)!);
  }
  out.push(
    '## Notes',
    '',
    '- Throughput is the units of a run (rows, ops, records, codes) divided by the median time.',
    '- "Time vs" divides this workload\'s median by its baseline\'s on the same database: below 1× is faster.',
    '- The first run of a workload includes JIT warm-up; the median hides it, the max shows it.',
    '- PostgreSQL runs with `fsync=off`, `synchronous_commit=off` (as in the tests): the figures compare code paths, not disks. SQLite runs as the server does: WAL, `synchronous=NORMAL`.',
    '- The 10k organizations are generated deterministically (`bench/generate-orgs.ts`): groups of a prefecture office and four children across every province, a fifth in Zhejiang; re-import, list and verify share one database per dialect holding them.',
    '',
    '## Reproduce',
    '',
    '```sh',
    'npm run bench                          # 5 runs, SQLite and PostgreSQL, writes docs/BENCHMARKS.md',
    'npm run bench -- --runs 3 --only org-import-10k,org-reimport-10k',
    'npm run bench -- --runs 3 --only compliance-incremental --merge   # re-measure one workload, keep the other sections',
    'npm run bench -- --dialects sqlite     # without PostgreSQL',
    '```',
    '',
    `These figures: \`${r.command}\`. PostgreSQL needs the server binaries (\`apt-get install postgresql\`, found under /usr/lib/postgresql/15–17/bin); the bench starts and removes its own cluster and skips PostgreSQL with a note when they are absent.`,
    '',
  );
  return out.join('\n');
}
