import fs from 'node:fs';
import type { Command } from 'commander';
import { FINDING_STATUS_LABELS, INSPECTION_TYPE_LABELS, PLAN_STATUS_LABELS, SEVERITY_LABELS } from '../../../packages/contracts/index.ts';
import { SYSTEM_ACTOR } from '../../../packages/core/auth/system-actor.ts';
import { gatherInspectionReport, inspectionReportPdf } from '../../../packages/core/inspection/inspection.report.ts';
import { openContext, printJson, type DbOptions } from '../context.ts';

const dataOption = (c: Command) => c.option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data');
const LEVELS: Record<string, string> = { national: 'national 国家级', provincial: 'provincial 省级', prefecture: 'prefecture 地市级', county: 'county 县级' };

/** `zb inspection list|sample|report` (督查). */
export function registerInspection(program: Command) {
  const inspection = program.command('inspection').description('Supervision inspections / 督查');

  dataOption(inspection.command('list').description('Inspection plans / 列出督查计划'))
    .option('--json', 'print JSON')
    .action(async (o: DbOptions & { json?: boolean }) => {
      const ctx = await openContext(o);
      try {
        const items = await ctx.services.inspection.list(SYSTEM_ACTOR);
        if (o.json) return printJson(items);
        if (!items.length) console.log('no inspection plans / 暂无督查计划');
        for (const p of items) {
          console.log(`${p.id}  ${p.year}-${String(p.month).padStart(2, '0')}  ${INSPECTION_TYPE_LABELS[p.type]['en-US']} ${INSPECTION_TYPE_LABELS[p.type]['zh-CN']}  [${PLAN_STATUS_LABELS[p.status]['en-US']} ${PLAN_STATUS_LABELS[p.status]['zh-CN']}]  ${p.title}`);
          console.log(`  targets / 被督查地区: ${p.targetRegions.map((r) => `${r.name ?? ''}(${r.code})`).join(', ') || '—'}; seed / 随机种子 ${p.seed ?? '—'}; ${p.counts.orgs} orgs / 单位, ${p.counts.devices} computers / 计算机, ${p.counts.findings} findings / 问题 (${p.counts.openFindings} open / 未整改)`);
        }
      } finally {
        await ctx.close();
      }
    });

  dataOption(inspection.command('sample').description('Draw and record the stratified sample of an on-site plan; the same seed gives the same sample / 抽取督查对象').argument('<plan>', 'plan id'))
    .option('--seed <n>', 'seed of the random draw (default: a new one, recorded)')
    .option('--json', 'print JSON')
    .action(async (planId: string, o: DbOptions & { seed?: string; json?: boolean }) => {
      let seed: number | undefined;
      if (o.seed !== undefined) {
        seed = Number(o.seed);
        if (!/^\d+$/.test(o.seed) || seed > 2_147_483_647) {
          console.error('--seed takes an integer 0…2147483647 / 随机种子应为 0…2147483647 的整数');
          process.exitCode = 2;
          return;
        }
      }
      const ctx = await openContext(o);
      try {
        const s = await ctx.services.inspection.sample(SYSTEM_ACTOR, planId, seed);
        if (o.json) return printJson(s);
        console.log(`seed / 随机种子 ${s.seed}; per level / 各级别抽取数: ${Object.entries(s.allocation ?? {}).filter(([, n]) => n > 0).map(([l, n]) => `${LEVELS[l] ?? l} ${n}/${s.population?.[l] ?? 0}`).join(', ') || '—'}`);
        for (const org of s.orgs) {
          console.log(`${String(org.position).padStart(3)}. ${org.orgName}  ${org.uscc}  ${LEVELS[org.level] ?? org.level}  ${org.regionName ?? ''}(${org.regionCode})`);
          for (const d of org.devices) console.log(`       ${d.name ?? '—'}  ${d.serial ?? ''}  ${d.os ?? ''}  [${d.deviceId}]`);
          if (!org.devices.length) console.log('       no computers on record / 无计算机记录');
        }
      } finally {
        await ctx.close();
      }
    });

  dataOption(inspection.command('findings').description('Findings of a plan, most severe first / 督查发现的问题').argument('<plan>', 'plan id'))
    .option('--json', 'print JSON')
    .action(async (planId: string, o: DbOptions & { json?: boolean }) => {
      const ctx = await openContext(o);
      try {
        const items = await ctx.services.inspection.findings(SYSTEM_ACTOR, planId);
        if (o.json) return printJson(items);
        for (const f of items) console.log(`[${SEVERITY_LABELS[f.severity]['zh-CN']}] ${f.orgName}: ${f.description}  due / 期限 ${f.fixDeadline}${f.overdue ? ' (overdue / 逾期)' : ''}  ${FINDING_STATUS_LABELS[f.status]['zh-CN']}`);
        if (!items.length) console.log('no findings / 未发现问题');
      } finally {
        await ctx.close();
      }
    });

  dataOption(inspection.command('report').description('Write the inspection report as PDF / 生成督查报告').argument('<plan>', 'plan id'))
    .requiredOption('--out <file>', 'PDF file to write')
    .action(async (planId: string, o: DbOptions & { out: string }) => {
      const ctx = await openContext(o);
      try {
        const pdf = await inspectionReportPdf(await gatherInspectionReport(ctx.services.inspection, SYSTEM_ACTOR, planId));
        fs.writeFileSync(o.out, pdf);
        console.log(`wrote / 已生成 ${o.out} (${pdf.length} bytes)`);
      } finally {
        await ctx.close();
      }
    });
}
