import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { capturedInventory, inventoryCopy } from '../replay-fixture.ts';
import type { Workload } from '../workload.ts';
import { freePort } from '../../test/free-port.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ZB = path.join(ROOT, 'bin/zb.mjs');
/** Inventories per run (the issue's workload: 2,000). */
const COUNT = Number(process.env.BENCH_REPLAY_COUNT ?? 2000);


function rss(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/**
 * For looking, not for figures: BENCH_SERVER_PROFILE=DIR writes a CPU profile of the server
 * process into DIR; BENCH_SERVER_NODE_ARGS adds node/V8 options (e.g. "--trace-gc");
 * BENCH_SERVER_LOG=FILE keeps the server's standard output.
 */
const serverNodeArgs = () => [...(process.env.BENCH_SERVER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROFILE}`] : []), ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];

/** CPU time (user + system, all threads) of a process so far, in ms, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/**
 * POSTs a body and resolves with the response's status once it is read. Node's own HTTP
 * client with keep-alive: the agent's side costs this process about half the CPU of fetch,
 * and on a 2-core machine the client's CPU is taken from the server.
 */
function post(agent: http.Agent, port: number, pathname: string, body: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: '127.0.0.1', port, path: pathname, method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

/**
 * The agent replay: real-shaped OCS inventories (a capture of this machine,
 * ~900 packages, a unique identity per copy), zlib-compressed exactly as the
 * agent sends them, POSTed over HTTP to a separate server process.
 */
function replay(concurrency: number): Workload {
  return {
    name: `inventory-replay-c${concurrency}`,
    description: `${COUNT.toLocaleString('en-US')} agent inventories (OCS XML + zlib, ~900 packages each, from a capture of this machine) sent over HTTP at concurrency ${concurrency} to \`zb serve\` in its own process; row counts verified after each run.`,
    baseline: concurrency === 1 ? undefined : 'inventory-replay-c1',
    unit: 'inventories',
    usesDatabase: true,
    metricLabels: { rowsPerSec: 'software rows/s', serverCpuMs: 'server CPU ms per inventory', clientCpuMs: 'client CPU ms per inventory', p50Ms: 'p50 ms', p95Ms: 'p95 ms', peakRssMb: 'server peak RSS MB' },
    async setup(ctx) {
      const { xml } = capturedInventory();
      const target = await ctx.freshDatabaseTarget();
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
      delete env.DATABASE_URL;
      if (target.databaseUrl) env.DATABASE_URL = target.databaseUrl;
      const cli = (args: string[]) => execFileSync(process.execPath, [ZB, ...args, '--data', target.dataDir], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      cli(['seed', '--profile', 'demo']);
      const org = (JSON.parse(cli(['org', 'list', '--json'])) as { id: string }[])[0]!;
      const cred = JSON.parse(cli(['agent', 'credentials', 'create', '--org', org.id, '--json'])) as { user: string; password: string };
      // The demo profile has computers of its own: count the replay's on top of them.
      const demoDevices = (JSON.parse(cli(['device', 'list', '--org', org.id, '--json'])) as unknown[]).length;
      const auth = `Basic ${Buffer.from(`${cred.user}:${cred.password}`).toString('base64')}`;
      const runId = Math.random().toString(16).slice(2, 6);
      const bodies = Array.from({ length: COUNT }, (_, i) => deflateSync(inventoryCopy(xml, i, runId)));
      const perInventory = (xml.match(/<SOFTWARES>/g) ?? []).length;
      const port = await freePort();
      const server: ChildProcess = spawn(process.execPath, [...serverNodeArgs(), ZB, 'serve', '--port', String(port), '--data', target.dataDir], { cwd: ROOT, env, stdio: process.env.BENCH_SERVER_LOG ? ['ignore', fs.openSync(process.env.BENCH_SERVER_LOG, 'w'), 'ignore'] : 'ignore' });
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
        } catch {
          /* starting */
        }
        if (i > 300) throw new Error('server did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
      const latencies: number[] = [];
      let peak = 0;
      let ms = 0;
      let cpu = 0;
      let clientCpu = 0;
      return {
        async run() {
          const t0 = performance.now();
          const cpu0 = cpuMs(server.pid!);
          const client0 = process.cpuUsage();
          const timer = setInterval(() => (peak = Math.max(peak, rss(server.pid!))), 25);
          let next = 0;
          const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
          const worker = async () => {
            while (next < bodies.length) {
              const body = bodies[next++]!;
              const s = performance.now();
              const status = await post(agent, port, '/ocsinventory', body, { authorization: auth, 'content-type': 'application/x-compress', 'user-agent': 'OCS-NG_unified_unix_agent_v2.10.0' });
              if (status !== 200) throw new Error(`HTTP ${status}`);
              latencies.push(performance.now() - s);
            }
          };
          await Promise.all(Array.from({ length: concurrency }, worker));
          agent.destroy();
          clearInterval(timer);
          ms = performance.now() - t0;
          cpu = cpuMs(server.pid!) - cpu0;
          const client = process.cpuUsage(client0);
          clientCpu = (client.user + client.system) / 1000;
          return COUNT;
        },
        metrics: () => ({ rowsPerSec: (COUNT * perInventory) / (ms / 1000), serverCpuMs: cpu / COUNT, clientCpuMs: clientCpu / COUNT, p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95), peakRssMb: peak / 1024 / 1024 }),
        async dispose() {
          server.kill('SIGTERM');
          await new Promise((r) => server.once('exit', r));
          const devices = JSON.parse(cli(['device', 'list', '--org', org.id, '--json'])) as { softwareCount: number }[];
          const rows = devices.reduce((n, d) => n + d.softwareCount, 0);
          if (devices.length !== demoDevices + COUNT || devices.some((d) => d.softwareCount === 0)) throw new Error(`row check failed: ${devices.length} devices (${demoDevices} of the demo), ${rows} software rows`);
        },
      };
    },
  };
}

export const inventoryReplay = [1, 2, 4, 8].map(replay);
