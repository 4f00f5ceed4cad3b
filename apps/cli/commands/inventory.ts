import type { Command } from 'commander';
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
