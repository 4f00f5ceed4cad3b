import type { Command } from 'commander';
import { PROGRESS_LABELS, PROGRESS_STATUSES } from '../../../packages/contracts/index.ts';
import { SYSTEM_ACTOR } from '../../../packages/core/auth/system-actor.ts';
import { openContext, printJson, type DbOptions } from '../context.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dataOption = (c: Command) => c.option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data');

function badDay(day: string | undefined, what: string): boolean {
  if (day === undefined || DAY.test(day)) return false;
  console.error(`${what} takes a day YYYY-MM-DD / 日期格式应为 YYYY-MM-DD`);
  process.exitCode = 2;
  return true;
}

/** `zb campaign list`; `zb snapshot create|verify|list` (检查整改与快照). */
export function registerCampaign(program: Command) {
  const campaign = program.command('campaign').description('Rectification campaigns / 检查整改');
  dataOption(campaign.command('list').description('Campaigns with their deadlines and progress / 列出检查整改'))
    .option('--json', 'print JSON')
    .action(async (o: DbOptions & { json?: boolean }) => {
      const ctx = await openContext(o);
      try {
        const items = await ctx.services.campaign.list(SYSTEM_ACTOR);
        if (o.json) return printJson(items);
        if (!items.length) console.log('no campaigns / 暂无检查整改');
        for (const c of items) {
          const d = c.deadlines;
          console.log(`${c.id}  ${c.name}  [${c.status}]  threshold ${(c.threshold * 100).toFixed(0)}%`);
          console.log(`  deadlines / 期限: provincial 省级 ${d.provincial ?? '—'}, prefecture 地市级 ${d.prefecture ?? '—'}, county 县级 ${d.county ?? '—'}`);
          console.log(`  ${c.counts.inScope} agencies in scope / 范围内单位; ${PROGRESS_STATUSES.map((s) => `${PROGRESS_LABELS[s]['zh-CN']} ${c.counts[s]}`).join(', ')}; behind deadline / 逾期 ${c.counts.behindDeadline}`);
        }
      } finally {
        await ctx.close();
      }
    });

  const snapshot = program.command('snapshot').description('Frozen dated figures of the campaign / 数据快照');
  dataOption(snapshot.command('create').description('Freeze the figures of a day (default today; a month’s last day is a month-end snapshot) / 生成快照'))
    .option('--date <day>', 'day YYYY-MM-DD (China Standard Time), default today')
    .option('--json', 'print JSON')
    .action(async (o: DbOptions & { date?: string; json?: boolean }) => {
      if (badDay(o.date, '--date')) return;
      const ctx = await openContext(o);
      try {
        const s = await ctx.services.snapshots.create(SYSTEM_ACTOR, o.date ? { day: o.date } : {});
        if (o.json) return printJson(s);
        console.log(`snapshot ${s.day} (${s.kind}) created / 已生成快照: ${s.rows} rows, ${s.revisedRows} with revisions of the previous snapshot / 含修订 ${s.revisedRows} 行; sha256 ${s.checksum}`);
      } finally {
        await ctx.close();
      }
    });
  dataOption(snapshot.command('verify').description('Recompute a snapshot from the stored records; exit 1 when it does not match / 校验快照').argument('<day>', 'day YYYY-MM-DD'))
    .option('--json', 'print JSON')
    .action(async (day: string, o: DbOptions & { json?: boolean }) => {
      if (badDay(day, 'DAY')) return;
      const ctx = await openContext(o);
      try {
        const v = await ctx.services.snapshots.verify(SYSTEM_ACTOR, day);
        if (o.json) printJson(v);
        else if (v.ok) console.log(`snapshot ${day}: ${v.checked} rows match the stored records / 快照与存储记录一致`);
        else {
          if (!v.checksumOk) console.log(`snapshot ${day}: the frozen rows no longer match their checksum (altered) / 快照数据校验和不符（已被改动）`);
          console.log(`snapshot ${day}: ${v.differences.length} differences / 差异 ${v.differences.length} 处 (frozen → recomputed / 快照值 → 重算值):`);
          for (const d of v.differences) console.log(`  ${d.name} (${d.subject}) ${d.field}: ${d.frozen ?? '—'} → ${d.recomputed ?? '—'}`);
        }
        process.exitCode = v.ok ? 0 : 1;
      } finally {
        await ctx.close();
      }
    });
  dataOption(snapshot.command('list').description('Snapshots, newest first / 列出快照'))
    .option('--json', 'print JSON')
    .action(async (o: DbOptions & { json?: boolean }) => {
      const ctx = await openContext(o);
      try {
        const items = await ctx.services.snapshots.list(SYSTEM_ACTOR);
        if (o.json) return printJson(items);
        for (const s of items) console.log(`${s.day}  ${s.kind}  ${s.rows} rows  revised ${s.revisedRows}  ${s.createdAt}  ${s.checksum.slice(0, 16)}…`);
      } finally {
        await ctx.close();
      }
    });
}
