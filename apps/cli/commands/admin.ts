import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { SYSTEM_ACTOR } from '../../../packages/core/auth/system-actor.ts';
import { seedProfile } from '../../../packages/core/seed/seed.service.ts';
import { migrateToLatest } from '../../../packages/storage/migrate.ts';
import { SEED_PROFILES, type SeedProfile } from '../../../packages/storage/seeds/seed.ts';
import { openContext, printJson } from '../context.ts';

export function registerAdmin(program: Command) {
  program
    .command('migrate')
    .description('Create or upgrade the database schema and load the regions / 数据库迁移')
    .option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data')
    .action(async (o: { data: string }) => {
      const ctx = await openContext(o);
      const r = await migrateToLatest(ctx.database);
      console.log(`Schema up to date (${ctx.database.dialect}); ${r.regions} regions loaded.`);
      await ctx.close();
    });

  program
    .command('seed')
    .description('Load a seed profile into an empty database / 导入演示数据')
    .option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data')
    .option('--profile <name>', `profile (${SEED_PROFILES.join('|')})`, 'demo')
    .action(async (o: { data: string; profile: string }) => {
      if (!SEED_PROFILES.includes(o.profile as SeedProfile)) throw new Error(`unknown profile ${o.profile}`);
      const ctx = await openContext(o);
      const r = await seedProfile(ctx.services, o.profile as SeedProfile);
      console.log(r.skipped ? 'The database already has data: nothing seeded.' : `Seeded ${r.profile}: ${r.orgs} organizations, ${r.users} users.`);
      await ctx.close();
    });

  const audit = program.command('audit').description('Audit trail / 审计日志');
  audit
    .command('verify')
    .description('Verify the hash chain; exit 1 naming the first altered or missing record / 校验审计哈希链')
    .option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data')
    .option('--json', 'print JSON')
    .action(async (o: { data: string; json?: boolean }) => {
      const ctx = await openContext(o);
      const bar = o.json || !process.stderr.isTTY ? null : new cliProgress.SingleBar({ format: 'verify {bar} {value} records' }, cliProgress.Presets.shades_classic);
      bar?.start(0, 0);
      const r = await ctx.services.audit.verify(process.env.LANG?.startsWith('zh') ? 'zh-CN' : 'en-US', (n) => bar?.update(n));
      bar?.stop();
      if (o.json) printJson(r);
      else if (r.ok) console.log(`OK: ${r.checked} records, head ${r.headSeq ?? '-'}`);
      else console.log(`FAILED at record ${r.problem!.seq} (${r.problem!.kind}): ${r.problem!.message}`);
      await ctx.close();
      process.exitCode = r.ok ? 0 : 1;
    });
  void SYSTEM_ACTOR;
}
