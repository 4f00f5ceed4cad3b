import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import v8 from 'node:v8';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { buildApp } from '../../server/app.ts';
import { seedProfile } from '../../../packages/core/seed/seed.service.ts';
import { parseStoredInventory } from '../../../packages/core/inventory/agent-protocol.ts';
import { SEED_PROFILES, type SeedProfile } from '../../../packages/storage/seeds/seed.ts';
import { openContext } from '../context.ts';
import { newestMtime } from '../../../bin/server-bundle.mjs';

/** The checkout: the folder with our package.json above this module (from source or from the server bundle). */
function findRoot(from: string): string {
  for (let d = from; ; d = path.dirname(d)) {
    const pkg = path.join(d, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'zhengban') return d;
    if (path.dirname(d) === d) throw new Error(`zhengban checkout not found above ${from}`);
  }
}

const ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const WEB_DIST = path.join(ROOT, 'apps/web/dist');

/** Builds the web UI when the bundle is missing or older than its sources. */
export function ensureWebBuilt(): void {
  const index = path.join(WEB_DIST, 'index.html');
  const sources = newestMtime([path.join(ROOT, 'apps/web'), path.join(ROOT, 'packages/contracts')]);
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  console.log('Building the web UI / 正在构建前端…');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('web build failed');
}

export function registerServe(program: Command) {
  program
    .command('serve')
    .description('Start the server (web UI + API) / 启动服务')
    .option('-p, --port <n>', 'port (env PORT)', process.env.PORT ?? '8080')
    .option('--host <addr>', 'listen address', process.env.HOST ?? '127.0.0.1')
    .option('-d, --data <dir>', 'data folder for the SQLite file (env ZB_DATA; ignored with DATABASE_URL)', process.env.ZB_DATA ?? './data')
    .option('--seed <profile>', `seed this profile on first start (${SEED_PROFILES.join('|')})`)
    .option('--build-web', 'build the web UI first when it is missing or stale')
    .action(async (o: { port: string; host: string; data: string; seed?: string; buildWeb?: boolean }) => {
      // V8 lets the old generation grow to about four times what survived the last full
      // collection before collecting again; under a steady inventory load that is ~250 MB of
      // garbage. Twice is enough for a server (measured: peak RSS −100 MB, same CPU per
      // inventory). A soft factor, not a cap: a large upload still gets the memory it needs.
      v8.setFlagsFromString('--heap-growing-percent=100');
      if (o.buildWeb) ensureWebBuilt();
      const ctx = await openContext({ data: o.data });
      if (o.seed) {
        if (!SEED_PROFILES.includes(o.seed as SeedProfile)) throw new Error(`unknown profile ${o.seed}`);
        const r = await seedProfile(ctx.services, o.seed as SeedProfile);
        if (!r.skipped && r.orgs) console.log(`Seeded the ${r.profile} profile: ${r.orgs} organizations, ${r.users} users (password demo1234)`);
      }
      // The rule library is read and compiled before we listen (about a second): the first agents' submissions do not wait for it.
      await ctx.services.recognition.recognizer();
      // Submissions stored but not processed before a crash are processed before we listen.
      const resumed = await ctx.services.inventory.resumePending(parseStoredInventory, (row) => row.channel === 'enroll');
      if (resumed.processed || resumed.failed) console.log(`Resumed ${resumed.processed} stored inventories (${resumed.failed} failed)`);
      const { app } = await buildApp({ services: ctx.services, webDir: WEB_DIST, dataDir: o.data, decodeWorkers: true, logger: process.env.ZB_LOG === '1' });
      const stop = async () => {
        await app.close();
        await ctx.close();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      const address = await app.listen({ port: Number(o.port), host: o.host });
      console.log(`Zhengban listening on ${address} (${ctx.database.dialect}: ${ctx.database.describe}); API docs at ${address}/api/docs`);
      // Positions are evaluated on a day: bring them to today now, then whenever the day turns.
      const engine = ctx.services.compliance.engine;
      // Status form reminders go out once a day (posting again is a no-op: each reminder has a dedupe key).
      let remindedDay: string | null = null;
      const remind = async () => {
        const day = ctx.services.statusForms.clock();
        if (day === remindedDay) return;
        remindedDay = day;
        await ctx.services.statusForms.remindDue(day);
      };
      // When the month turns, the previous month's bulletin is drafted from its month-end snapshot (once, by the 5th).
      const bulletinDraft = () =>
        ctx.services.bulletins
          .ensureMonthlyDraft()
          .then((r) => r.created && console.log(`Drafted the monthly bulletin of ${r.bulletin!.month} from the snapshot of ${r.bulletin!.snapshotDay} / 已生成月度通报草稿`))
          .catch((e) => console.error('monthly bulletin draft failed:', e));
      const daily = () =>
        Promise.all([engine.ensureCurrentDay().catch((e) => console.error('compliance recompute failed:', e)), remind().catch((e) => console.error('status form reminders failed:', e)), bulletinDraft()]);
      void daily();
      setInterval(daily, 10 * 60_000).unref();
    });
}
