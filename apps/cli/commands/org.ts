import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { ADMIN_LEVELS, ORG_TYPES } from '../../../packages/contracts/index.ts';
import { SYSTEM_ACTOR } from '../../../packages/core/auth/system-actor.ts';
import { openContext, printJson } from '../context.ts';

export function registerOrg(program: Command) {
  const org = program.command('org').description('Organizations / 单位');
  org
    .command('import <file>')
    .description('Import organizations from XLSX or CSV (Chinese headers, see the template) / 导入单位')
    .option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data')
    .option('--valid-rows', 'import the valid rows even when some rows are invalid')
    .option('--dry-run', 'check and report without writing')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: { data: string; validRows?: boolean; dryRun?: boolean; json?: boolean }) => {
      const buf = fs.readFileSync(file);
      const ctx = await openContext(o);
      const bar = o.json || !process.stderr.isTTY ? null : new cliProgress.SingleBar({ format: 'import {bar} {value}/{total} rows' }, cliProgress.Presets.shades_classic);
      try {
        const r = await ctx.services.orgsImporter.import(SYSTEM_ACTOR, buf, {
          mode: o.validRows ? 'valid-rows' : 'all-or-nothing',
          dryRun: !!o.dryRun,
          filename: path.basename(file),
          lang: 'zh-CN',
          onProgress: (done, total) => {
            if (!bar) return;
            if (done <= 200 || done === total) bar.start(total, done);
            bar.update(done);
          },
        });
        bar?.stop();
        if (o.json) printJson(r);
        else {
          console.log(`${r.dryRun ? '[dry run] ' : ''}${r.totalRows} rows: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.skipped} skipped${r.rejected ? ' — REJECTED, nothing imported' : ''}`);
          for (const e of r.errors) console.log(`  row ${e.row} ${e.field}: ${e.message}`);
        }
        process.exitCode = r.errors.length > 0 ? 1 : 0;
      } finally {
        bar?.stop();
        await ctx.close();
      }
    });
  org
    .command('list')
    .description('List organizations / 单位列表')
    .option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data')
    .option('-q, --query <text>', 'name or USCC contains')
    .option('--type <type>', ORG_TYPES.join('|'))
    .option('--level <level>', ADMIN_LEVELS.join('|'))
    .option('--region <code>', 'region subtree')
    .option('--json', 'print JSON')
    .action(async (o: { data: string; query?: string; type?: string; level?: string; region?: string; json?: boolean }) => {
      const bad = (o.type && !(ORG_TYPES as readonly string[]).includes(o.type)) || (o.level && !(ADMIN_LEVELS as readonly string[]).includes(o.level)) || (o.region && !/^\d{6}$/.test(o.region));
      if (bad) {
        console.error(`invalid filter / 筛选条件无效: --type ${ORG_TYPES.join('|')}, --level ${ADMIN_LEVELS.join('|')}, --region 6 digits`);
        process.exitCode = 2;
        return;
      }
      const ctx = await openContext(o);
      try {
        const filters = { q: o.query, type: o.type as (typeof ORG_TYPES)[number] | undefined, level: o.level as (typeof ADMIN_LEVELS)[number] | undefined, regionCode: o.region };
        const all = [];
        for await (const batch of ctx.services.orgs.iterate(SYSTEM_ACTOR, filters)) all.push(...batch);
        if (o.json) printJson(all);
        else for (const x of all) console.log(`${x.uscc}  ${x.regionCode}  ${x.level.padEnd(10)} ${x.name}`);
      } finally {
        await ctx.close();
      }
    });
}
