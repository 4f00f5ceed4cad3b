import type { RecognitionInput } from '../../packages/contracts/index.ts';
import { shippedLibrary } from '../../packages/core/recognition/recognition.library.ts';
import { compileLibrary, type Recognizer } from '../../packages/core/recognition/recognition.rules.ts';
import type { BenchContext, Workload } from '../workload.ts';
import { asParsed, distinctNames, installRows } from './recognition-names.ts';

const DISTINCT = 50_000;
const ROWS = 1_000_000;
const INVENTORY = 250;

/**
 * CPU time of this process since `from` (user + system, every thread): the
 * per-core figure that other work on a busy machine does not inflate.
 */
function cpuMsSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

/**
 * The shipped library compiled once, as a server keeps it, with every memo
 * emptied (Recognizer.forget): each distinct name of the run is worked out
 * from scratch. The regular expressions stay compiled from the first run on,
 * as in a running server; a recognizer compiled afresh for each run would
 * compile them again whenever a garbage collection had emptied V8's cache
 * of compiled expressions in between (about 30 µs for each pattern a name
 * meets, twice: first use, then machine code), a start-up cost that the
 * first run shows (the max) and a running server pays once.
 */
async function coldRecognizer(ctx: BenchContext): Promise<Recognizer> {
  const recognizer = await ctx.shared('recognition-compiled', async () => {
    const lib = shippedLibrary();
    return compileLibrary(lib.rules, { publishers: lib.publishers });
  });
  recognizer.forget();
  return recognizer;
}

/** Recognition of distinct names only: the cost of the rule library per new name. */
export const recognitionDistinct50k: Workload = {
  name: 'recognition-distinct-50k',
  description: `${DISTINCT.toLocaleString('en-US')} distinct raw names (Windows ARP names, dpkg/rpm packages, macOS bundles, 10% unknown) through the shipped library (compiled once, as a server keeps it) with every memo emptied before the run; one core, no database.`,
  unit: 'names',
  usesDatabase: false,
  metricLabels: { cpuPerSecond: 'names per CPU-second' },
  async setup(ctx) {
    // Fresh copies every run: names parsed from input, not strings whose hash an earlier run computed.
    const names = asParsed(await ctx.shared('recognition-distinct', async () => distinctNames(DISTINCT)));
    const recognizer = await coldRecognizer(ctx);
    let cpuMs = 0;
    return {
      async run() {
        const c0 = process.cpuUsage();
        let known = 0;
        for (const x of names) if (recognizer.recognize(x).ruleId !== null) known++;
        cpuMs = cpuMsSince(c0);
        if (known === 0) throw new Error('nothing recognised');
        return names.length;
      },
      metrics: () => ({ cpuPerSecond: names.length / (cpuMs / 1000) }),
    };
  },
};

/**
 * The figure: 1,000,000 install rows with 50,000 distinct names.
 * Each distinct name is recognised once (memo), so the distinct-name rate is
 * 50,000 / the whole run's time — conservative, the 950,000 repeats included.
 * Every row is its own object with its own strings (see asParsed).
 */
export const recognitionInstalls1m: Workload = {
  name: 'recognition-installs-1m',
  description: `${ROWS.toLocaleString('en-US')} install rows with ${DISTINCT.toLocaleString('en-US')} distinct names through the shipped library (compiled once, as a server keeps it), every memo emptied before the run; every row its own object and strings, as parsed from a JSON body (repeats share nothing with the first sighting); "distinct names/s" counts the whole run. One core, no database.`,
  unit: 'rows',
  usesDatabase: false,
  metricLabels: { distinctPerSecond: 'distinct names/s', cpuDistinctPerSecond: 'distinct names per CPU-second', inventoryP95Ms: 'one inventory p95 ms' },
  async setup(ctx) {
    // Fresh copies every run: each row its own object and strings, as parsed from input (see asParsed).
    const rows = asParsed(await ctx.shared('recognition-rows', async () => installRows(distinctNames(DISTINCT), ROWS)));
    const recognizer = await coldRecognizer(ctx);
    let ms = 0;
    let cpuMs = 0;
    let inventoryP95 = 0;
    return {
      async run() {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        let known = 0;
        for (let i = 0; i < rows.length; i++) if (recognizer.recognize(rows[i]!).ruleId !== null) known++;
        ms = performance.now() - t0;
        cpuMs = cpuMsSince(c0);
        if (known === 0) throw new Error('nothing recognised');
        inventoryP95 = perInventoryP95(recognizer, rows);
        return rows.length;
      },
      metrics: () => ({ distinctPerSecond: DISTINCT / (ms / 1000), cpuDistinctPerSecond: DISTINCT / (cpuMs / 1000), inventoryP95Ms: inventoryP95 }),
    };
  },
};

/** Time to recognise one new inventory of 250 installs once the library is warm (what ingestion adds). */
function perInventoryP95(recognizer: Recognizer, rows: readonly RecognitionInput[]): number {
  const times: number[] = [];
  for (let k = 0; k < 200; k++) {
    const start = (k * 4999) % (rows.length - INVENTORY);
    const inv = rows.slice(start, start + INVENTORY);
    const t0 = performance.now();
    recognizer.recognizeMany(inv);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length * 0.95)]!;
}
