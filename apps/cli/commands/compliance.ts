import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../../../packages/core/auth/system-actor.ts';
import { complianceReportPdf, complianceReportXlsx, gatherComplianceReport } from '../../../packages/core/licensing/compliance.report.ts';
import { openContext, printJson, type DbOptions } from '../context.ts';
import { resolveOrg } from './resolve-org.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `--at DAY` evaluates as of that day (China Standard Time) instead of today. */
function badDay(at: string | undefined): boolean {
  if (at === undefined || DAY.test(at)) return false;
  console.error('--at takes a day YYYY-MM-DD / 日期格式应为 YYYY-MM-DD');
  process.exitCode = 2;
  return true;
}

export function registerCompliance(program: Command) {
  const compliance = program.command('compliance').description('Compliance: positions and the legalization rate / 合规与正版化率');
  compliance
    .command('recompute')
    .description('Recompute every stored position; --check compares without writing / 重新计算有效许可状况')
    .option('--check', 'compare the stored positions with a recomputation, write nothing; exit 1 when they differ')
    .option('--at <day>', 'evaluation day YYYY-MM-DD (default: today, China Standard Time)')
    .option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data')
    .option('--json', 'print the result as JSON')
    .action(async (o: DbOptions & { check?: boolean; at?: string; json?: boolean }) => {
      if (badDay(o.at)) return;
      const ctx = await openContext(o);
      try {
        if (o.at) ctx.services.compliance.engine.clock = () => o.at!;
        const r = await ctx.services.compliance.recompute(SYSTEM_ACTOR, { check: !!o.check });
        if (o.json) printJson(r);
        else {
          console.log(`${o.check ? '[check] ' : ''}day ${r.day}: ${r.installs} installs, ${r.positions} positions, ${r.orgs} organizations, ${r.ms} ms`);
          if (r.differenceCount === 0) console.log('no differences / 存储结果与重新计算一致');
          else {
            console.log(`${r.differenceCount} differences${o.check ? '' : ' (repaired / 已修复)'} / 差异 ${r.differenceCount} 处:`);
            for (const d of r.differences) console.log(`  ${d}`);
            if (r.differenceCount > r.differences.length) console.log(`  … and ${r.differenceCount - r.differences.length} more`);
          }
          if (!o.check) console.log(`written; ${r.tasksClosed} rectification tasks closed / 已写入`);
        }
        process.exitCode = o.check && r.differenceCount > 0 ? 1 : 0;
      } finally {
        await ctx.close();
      }
    });
  compliance
    .command('report')
    .description('Write the compliance report of an organization to a PDF or XLSX file / 导出合规报告')
    .requiredOption('--org <org>', 'organization id or USCC')
    .requiredOption('-o, --out <file>', 'output file: .pdf or .xlsx')
    .option('--at <day>', 'evaluation day YYYY-MM-DD (default: today, China Standard Time)')
    .option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data')
    .action(async (o: DbOptions & { org: string; out: string; at?: string }) => {
      const ext = path.extname(o.out).toLowerCase();
      if (ext !== '.pdf' && ext !== '.xlsx') {
        console.error('--out must end in .pdf or .xlsx / 输出文件须为 .pdf 或 .xlsx');
        process.exitCode = 2;
        return;
      }
      if (badDay(o.at)) return;
      const ctx = await openContext(o);
      try {
        if (o.at) ctx.services.compliance.engine.clock = () => o.at!;
        const org = await resolveOrg(ctx.services, o.org);
        const data = await gatherComplianceReport(ctx.services, SYSTEM_ACTOR, org.id);
        const buf = ext === '.pdf' ? await complianceReportPdf(data) : await complianceReportXlsx(data);
        fs.writeFileSync(o.out, buf);
        const s = data.summary;
        const rate = s.overall.rate === null ? '—' : `${(s.overall.rate * 100).toFixed(1)}%`;
        console.log(`${org.name} (${org.uscc}), day ${s.day ?? '—'}: legalization rate ${rate}, ${s.compliantDevices}/${s.devices} compliant devices → ${path.resolve(o.out)}`);
      } finally {
        await ctx.close();
      }
    });
}
