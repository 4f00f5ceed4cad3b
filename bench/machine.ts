import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** Where the figures were taken: they mean little without it. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  /** 1-minute load average when the bench started: other work on the machine skews figures. */
  loadAtStart: number;
}

function cpuModel(): string {
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.split(':').slice(1).join(':').trim();
  } catch {
    // not Linux: fall back to what Node reports
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function osName(): string {
  let pretty = `${os.type()}`;
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(fs.readFileSync('/etc/os-release', 'utf8'));
    if (m?.[1]) pretty = m[1];
  } catch {
    // no os-release: keep the kernel type
  }
  return `${pretty}, kernel ${os.release()} (${os.arch()})`;
}

export function machineInfo(): MachineInfo {
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: osName(),
    node: process.version,
    loadAtStart: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** Short commit of the checkout, marked when the working tree differs from it (read-only git calls). */
export function gitCommit(cwd: string): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/**
 * How fast the machine was at one moment, by four small fixed tasks: the
 * same machine type gives figures tens of percent apart from hour to hour
 * (a virtual machine shares its host), and these say how much of a change
 * between two reports is the machine's. Each is the median of three tries.
 */
export interface MachineProbe {
  /** an integer loop (3 × 10^8 FNV-1a steps): the processor alone, in ms */
  cpuMs: number;
  /** first write to fresh memory, per 4 KiB page, in µs (a page fault; what a heap or buffer that grows pays) */
  touchUsPerPage: number;
  /**
   * a dependent random read in 8 MiB, in ns: within the processor's last-level cache when the machine's other tenants leave
   * room for it (seen here: 27 to 119 ns from one minute to the next; hash tables and columns of a few MiB pay this)
   */
  randomCacheNs: number;
  /** a dependent random read in 64 MiB, in ns (memory: what walking large tables pays) */
  randomReadNs: number;
}

const median3 = (f: () => number): number => {
  const xs = [f(), f(), f()].sort((a, b) => a - b);
  return xs[1]!;
};

/** ns per read of a dependent random walk through `slots` Int32 slots (one cycle: Sattolo's shuffle). */
function randomReadNs(slots: number): number {
  const next = new Int32Array(slots);
  for (let i = 0; i < slots; i++) next[i] = i;
  let seed = 12345;
  for (let i = slots - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const j = seed % i;
    const t = next[i]!;
    next[i] = next[j]!;
    next[j] = t;
  }
  const READS = 4_000_000;
  const t0 = performance.now();
  let p = 0;
  for (let k = 0; k < READS; k++) p = next[p]!;
  if (p === -1) console.log(''); // keeps the loop
  return ((performance.now() - t0) * 1e6) / READS;
}

export function probeMachine(): MachineProbe {
  const cpuMs = median3(() => {
    const t0 = performance.now();
    let h = 0x811c9dc5;
    for (let i = 0; i < 3e8; i++) h = Math.imul(h ^ (i & 255), 0x01000193);
    if (h === 42) console.log(''); // keeps the loop
    return performance.now() - t0;
  });
  const PAGES = 32_768; // 128 MiB
  const touchUsPerPage = median3(() => {
    const t0 = performance.now();
    const b = Buffer.allocUnsafeSlow(PAGES * 4096);
    for (let i = 0; i < b.length; i += 4096) b[i] = 1;
    return ((performance.now() - t0) * 1000) / PAGES;
  });
  const randomCacheNs = median3(() => randomReadNs(2 << 20));
  const randomReadNs64 = median3(() => randomReadNs(16 << 20));
  const r = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
  return { cpuMs: r(cpuMs, 0), touchUsPerPage: r(touchUsPerPage, 2), randomCacheNs: r(randomCacheNs, 1), randomReadNs: r(randomReadNs64, 1) };
}
