import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { SYSTEM_ACTOR } from '../../../packages/core/auth/system-actor.ts';
import { parseStoredInventory } from '../../../packages/core/inventory/agent-protocol.ts';
import { openContext, printJson } from '../context.ts';
import { resolveOrg } from './resolve-org.ts';

export function registerInventory(program: Command) {
  const agent = program.command('agent').description('Inventory agents / 采集代理');
  const creds = agent.command('credentials').description('Agent credentials / 代理凭据');
  creds
    .command('create')
    .description('Create agent credentials for an organization / 创建代理凭据')
    .requiredOption('--org <org>', 'organization id or USCC')
    .option('--label <label>', 'what the credentials are for', 'agents')
    .option('--server <url>', 'server URL for the printed command lines', 'http://127.0.0.1:8080')
    .option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data')
    .option('--json', 'print {"user":…,"password":…} for scripts')
    .action(async (o: { org: string; label: string; server: string; data: string; json?: boolean }) => {
      const ctx = await openContext(o);
      try {
        const org = await resolveOrg(ctx.services, o.org);
        const c = await ctx.services.agents.create(SYSTEM_ACTOR, org.id, o.label, o.server);
        if (o.json) printJson({ user: c.username, password: c.password, id: c.id, orgId: org.id, commands: c.commands });
        else {
          console.log(`Organization: ${org.name} (${org.uscc})`);
          console.log(`User:     ${c.username}\nPassword: ${c.password}   (shown once / 仅显示一次)\n`);
          for (const [k, v] of Object.entries(c.commands)) console.log(`${k.padEnd(10)} ${v}`);
        }
      } finally {
        await ctx.close();
      }
    });

  const device = program.command('device').description('Devices / 计算机');
  device
    .command('list')
    .description("List an organization's devices with software counts / 计算机列表")
    .requiredOption('--org <org>', 'organization id or USCC')
    .option('--status <status>', 'active | quarantined', 'active')
    .option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data')
    .option('--json', 'print JSON')
    .action(async (o: { org: string; status: string; data: string; json?: boolean }) => {
      const ctx = await openContext(o);
      try {
        const org = await resolveOrg(ctx.services, o.org);
        const all = [];
        for await (const batch of ctx.services.devices.iterate(SYSTEM_ACTOR, { orgId: org.id, status: o.status as 'active' })) all.push(...batch);
        if (o.json) printJson(all);
        else for (const d of all) console.log(`${(d.name ?? '-').padEnd(24)} ${String(d.softwareCount).padStart(5)}  ${d.osName ?? ''}  ${d.lastSeenAt.slice(0, 19)}`);
      } finally {
        await ctx.close();
      }
    });

  program
    .command('inventory-resume')
    .description('Process inventories stored but not processed (after a crash) / 续处理未完成的清单')
    .option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data')
    .action(async (o: { data: string }) => {
      const ctx = await openContext(o);
      try {
        const r = await ctx.services.inventory.resumePending(parseStoredInventory, (row) => row.channel === 'enroll');
        console.log(`${r.processed} processed, ${r.failed} failed`);
      } finally {
        await ctx.close();
      }
    });
}

/** `zb import FILE... --org ORG`: inventory files into an organization. */
export function registerImport(program: Command) {
  program
    .command('import <files...>')
    .description('Import inventory files: OCS/Fusion XML, GLPI JSON, SWID tags, CSV/XLSX template, zb scan result files / 导入软件清单')
    .requiredOption('--org <org>', 'organization id or USCC')
    .option('--dry-run', 'parse and report without writing')
    .option('--device-name <name>', 'computer name for SWID tag files')
    .option('--require-signature', 'refuse unsigned zb scan result files')
    .option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data')
    .option('--json', 'print the result as JSON')
    .action(async (files: string[], o: { org: string; dryRun?: boolean; deviceName?: string; requireSignature?: boolean; data: string; json?: boolean }) => {
      const ctx = await openContext(o);
      const bar = o.json || !process.stderr.isTTY ? null : new cliProgress.SingleBar({ format: 'import {bar} {value}/{total} computers' }, cliProgress.Presets.shades_classic);
      try {
        const org = await resolveOrg(ctx.services, o.org);
        const loaded = files.map((f) => ({ name: path.basename(f), content: fs.readFileSync(f) }));
        let started = false;
        const r = await ctx.services.inventoryImporter.import(SYSTEM_ACTOR, org.id, loaded, {
          dryRun: !!o.dryRun,
          deviceName: o.deviceName,
          requireSignature: o.requireSignature,
          // Local files: the only bound is this machine's memory.
          maxRows: 20_000_000,
          onProgress: (done, total) => {
            if (!bar) return;
            if (!started) bar.start(total, 0);
            started = true;
            bar.update(done);
          },
        });
        bar?.stop();
        if (o.json) printJson(r);
        else {
          console.log(`${r.dryRun ? '[dry run] ' : ''}${r.files} files, ${r.inventories} computers, ${r.softwareRows} software rows: ${r.devicesCreated} devices created, ${r.devicesUpdated} updated`);
          for (const e of r.errors) console.log(`  ${e.file}${e.row ? ` row ${e.row}` : ''}${e.field ? ` ${e.field}` : ''}: [${e.code}] ${e.message}`);
        }
        process.exitCode = r.errors.length > 0 ? 1 : 0;
      } finally {
        bar?.stop();
        await ctx.close();
      }
    });
}
