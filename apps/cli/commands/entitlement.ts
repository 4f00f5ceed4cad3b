import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { METRIC_LABELS } from '../../../packages/contracts/index.ts';
import { SYSTEM_ACTOR } from '../../../packages/core/auth/system-actor.ts';
import { openContext, printJson, type DbOptions } from '../context.ts';
import { resolveOrg } from './resolve-org.ts';

export function registerEntitlement(program: Command) {
  const entitlement = program.command('entitlement').description('Entitlements (licences) / 授权');
  entitlement
    .command('import <file>')
    .description('Import entitlements from XLSX or CSV (Chinese headers, see the template); rows already recorded stay unchanged / 导入授权')
    .option('--valid-only', 'import the valid rows even when some rows are invalid')
    .option('--valid-rows', 'same as --valid-only (as in `zb org import`)')
    .option('--dry-run', 'check and report without writing')
    .option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: DbOptions & { validOnly?: boolean; validRows?: boolean; dryRun?: boolean; json?: boolean }) => {
      const buf = fs.readFileSync(file);
      const ctx = await openContext(o);
      const bar = o.json || !process.stderr.isTTY ? null : new cliProgress.SingleBar({ format: 'import {bar} {value}/{total} rows' }, cliProgress.Presets.shades_classic);
      try {
        const s = ctx.services;
        const importer = s.entitlementsImporter;
        const r = await importer.import(SYSTEM_ACTOR, buf, {
          mode: o.validOnly || o.validRows ? 'valid-rows' : 'all-or-nothing',
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
          console.log(`${r.dryRun ? '[dry run] ' : ''}${r.totalRows} rows: ${r.created} created, ${r.unchanged} unchanged, ${r.skipped} skipped${r.rejected ? ' — REJECTED, nothing imported' : ''}`);
          for (const e of r.errors) console.log(`  row ${e.row} ${e.field}: ${e.message}`);
        }
        process.exitCode = r.errors.length > 0 ? 1 : 0;
      } finally {
        bar?.stop();
        await ctx.close();
      }
    });
  entitlement
    .command('list')
    .description("List entitlements with their use / 授权列表")
    .option('--org <org>', 'owner organization id or USCC (default: all)')
    .option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data')
    .option('--json', 'print JSON')
    .action(async (o: DbOptions & { org?: string; json?: boolean }) => {
      const ctx = await openContext(o);
      try {
        const orgId = o.org ? (await resolveOrg(ctx.services, o.org)).id : undefined;
        const all = [];
        for await (const batch of ctx.services.entitlements.iterate(SYSTEM_ACTOR, { orgId })) all.push(...batch);
        if (o.json) printJson(all);
        else {
          for (const e of all) {
            const qty = ['site', 'free'].includes(e.metric) ? '∞' : String(e.effectiveQuantity);
            console.log(`${e.name}  [${METRIC_LABELS[e.metric]['zh-CN']}] ${e.consumed ?? '-'}/${qty}  ${e.validity}  ${e.productKeys.join(';')}  ${e.orgName}`);
          }
        }
      } finally {
        await ctx.close();
      }
    });
}
