import { Command } from 'commander';
import { AppError } from '../../packages/core/errors.ts';
import { errorMessage } from '../../packages/contracts/index.ts';
import { registerAdmin } from './commands/admin.ts';
import { registerBulletin } from './commands/bulletin.ts';
import { registerCampaign } from './commands/campaign.ts';
import { registerInspection } from './commands/inspection.ts';
import { registerCompliance } from './commands/compliance.ts';
import { registerEntitlement } from './commands/entitlement.ts';
import { registerImport, registerInventory } from './commands/inventory.ts';
import { registerOpenapi } from './commands/openapi.ts';
import { registerOrg } from './commands/org.ts';
import { registerRecognize } from './commands/recognize.ts';
import { registerScan } from './commands/scan.ts';
import { registerServe } from './commands/serve.ts';
import { registerStatusForm } from './commands/statusform.ts';
import { registerUser } from './commands/user.ts';

// `zb org list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const program = new Command();
program
  .name('zb')
  .description('Zhengban (正版) — software legalization programme platform / 软件正版化工作平台')
  .version('0.1.0')
  .showHelpAfterError()
  .addHelpText('after', '\nEnvironment: DATABASE_URL=postgres://… selects PostgreSQL; PORT sets the port of `serve`.\n环境变量：DATABASE_URL 指定 PostgreSQL；PORT 指定服务端口。');

registerServe(program);
registerAdmin(program);
registerUser(program);
registerOrg(program);
registerInventory(program);
registerImport(program);
registerOpenapi(program);
registerScan(program);
registerRecognize(program);
registerEntitlement(program);
registerCompliance(program);
registerCampaign(program);
registerBulletin(program);
registerInspection(program);
registerStatusForm(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof AppError) {
    console.error(`${e.code}: ${errorMessage(e.code, 'en-US')} / ${errorMessage(e.code, 'zh-CN')}${e.options.details ? ` ${JSON.stringify(e.options.details)}` : ''}`);
  } else {
    console.error((e as Error).message);
  }
  process.exitCode = 1;
}
