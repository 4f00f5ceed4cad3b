import type { Command } from 'commander';
import { ROLES, userCreateBody, translateIssue } from '../../../packages/contracts/index.ts';
import { SYSTEM_ACTOR } from '../../../packages/core/auth/system-actor.ts';
import { openContext, printJson } from '../context.ts';
import { resolveOrg } from './resolve-org.ts';

export function registerUser(program: Command) {
  const user = program.command('user').description('Users / 用户');
  user
    .command('add')
    .description('Add a user / 新增用户')
    .requiredOption('-u, --username <name>', 'login name')
    .requiredOption('-p, --password <password>', 'password (8+ characters, letters and digits)')
    .option('-n, --name <displayName>', 'display name (defaults to the user name)')
    .option('-r, --role <role>', `role (${ROLES.join('|')})`, 'national_admin')
    .option('--region <code>', 'region code (region admins)')
    .option('--org <org>', 'organization id or USCC (organization admins)')
    .option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data')
    .option('--json', 'print JSON')
    .action(async (o: { username: string; password: string; name?: string; role: string; region?: string; org?: string; data: string; json?: boolean }) => {
      const ctx = await openContext(o);
      try {
        const orgId = o.org ? (await resolveOrg(ctx.services, o.org)).id : null;
        const parsed = userCreateBody.safeParse({ username: o.username, password: o.password, displayName: o.name ?? o.username, role: o.role, regionCode: o.region ?? null, orgId });
        if (!parsed.success) {
          for (const i of parsed.error.issues) {
            const t = translateIssue(i, 'en-US');
            console.error(`${t.path}: ${t.message} / ${translateIssue(i, 'zh-CN').message}`);
          }
          process.exitCode = 2;
          return;
        }
        const u = await ctx.services.users.create(SYSTEM_ACTOR, parsed.data);
        if (o.json) printJson(u);
        else console.log(`User ${u.username} (${u.role}) created: ${u.id}`);
      } finally {
        await ctx.close();
      }
    });
}
