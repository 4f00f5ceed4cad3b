import type { Command } from 'commander';
import { FORM_LEVEL_LABELS, FORM_STATUS_LABELS } from '../../../packages/contracts/index.ts';
import { SYSTEM_ACTOR } from '../../../packages/core/auth/system-actor.ts';
import { openContext, printJson, type DbOptions } from '../context.ts';

const dataOption = (c: Command) => c.option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data');

/** `zb statusform rounds|list` (落实情况表): reporting rounds and the forms of the region offices, for scripts. */
export function registerStatusForm(program: Command) {
  const sf = program.command('statusform').description('Status forms of the region offices / 落实情况表');
  dataOption(sf.command('rounds').description('Reporting rounds with their counts / 填报任务'))
    .option('--json', 'print JSON')
    .action(async (o: DbOptions & { json?: boolean }) => {
      const ctx = await openContext(o);
      try {
        const items = await ctx.services.statusForms.listRounds(SYSTEM_ACTOR);
        if (o.json) return printJson(items);
        if (!items.length) console.log('no reporting rounds / 暂无填报任务');
        for (const r of items) {
          const c = r.counts;
          console.log(`${r.id}  ${r.periodLabel}  due / 截止 ${r.dueDay}${r.overdue ? ' (past / 已过)' : ''}  levels / 级别 ${r.levels.map((l) => FORM_LEVEL_LABELS[l]['zh-CN']).join('、')}`);
          console.log(`  ${c.expected} forms / 份: submitted 已提交 ${c.submitted}, returned 已退回 ${c.returned}, accepted 已接受 ${c.accepted}, not submitted 未提交 ${c.draft}; late 逾期 ${c.late}, missing 缺报 ${c.missing}`);
        }
      } finally {
        await ctx.close();
      }
    });
  dataOption(sf.command('list').description('The forms of a round with status, late and missing / 落实情况表报送情况').argument('<round>', 'round id'))
    .option('--json', 'print JSON')
    .action(async (round: string, o: DbOptions & { json?: boolean }) => {
      const ctx = await openContext(o);
      try {
        const r = await ctx.services.statusForms.roundForms(SYSTEM_ACTOR, round);
        if (o.json) return printJson(r);
        console.log(`${r.round.periodLabel}  due / 截止 ${r.round.dueDay}`);
        for (const f of r.items) {
          const flags = [f.late ? 'LATE 逾期' : '', f.missing ? 'MISSING 缺报' : ''].filter(Boolean).join(' ');
          console.log(`  ${f.regionCode}  ${f.regionName ?? ''}  ${FORM_LEVEL_LABELS[f.level]['zh-CN']}  ${f.status} ${FORM_STATUS_LABELS[f.status]['zh-CN']}  v${f.version}${flags ? `  ${flags}` : ''}`);
        }
        console.log(`missing / 缺报: ${r.missing.map((f) => f.regionName ?? f.regionCode).join('、') || '—'}; late / 逾期: ${r.late.map((f) => f.regionName ?? f.regionCode).join('、') || '—'}`);
      } finally {
        await ctx.close();
      }
    });
}
