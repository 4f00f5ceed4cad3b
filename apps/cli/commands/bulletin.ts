import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { BULLETIN_KIND_LABELS, BULLETIN_STATUS_LABELS } from '../../../packages/contracts/index.ts';
import { SYSTEM_ACTOR } from '../../../packages/core/auth/system-actor.ts';
import { bulletinPdf } from '../../../packages/core/bulletin/bulletin.pdf.ts';
import { rateText } from '../../../packages/core/bulletin/bulletin.rules.ts';
import { bulletinXlsx } from '../../../packages/core/bulletin/bulletin.xlsx.ts';
import { openContext, printJson, type DbOptions } from '../context.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const REGION = /^\d{6}$/;
const dataOption = (c: Command) => c.option('-d, --data <dir>', 'data folder (env ZB_DATA)', process.env.ZB_DATA ?? './data');

function usage(message: string): void {
  console.error(message);
  process.exitCode = 2;
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

/** `zb bulletin generate|list` (月度汇总通报). */
export function registerBulletin(program: Command) {
  const bulletin = program.command('bulletin').description('Bulletins of the campaign / 通报');

  dataOption(bulletin.command('generate').description('Draft (or reuse) the monthly bulletin of a month and write it as PDF, with its tables as XLSX / 生成月度汇总通报'))
    .option('--month <YYYY-MM>', 'the month reported (default: the previous month)')
    .option('--region <code>', "000000 national (default), or a province code for the province's own bulletin", '000000')
    .requiredOption('--out <file.pdf>', 'PDF file to write')
    .option('--xlsx <file.xlsx>', 'also write the tables as XLSX')
    .option('--json', 'print JSON')
    .action(async (o: DbOptions & { month?: string; region: string; out: string; xlsx?: string; json?: boolean }) => {
      if (o.month !== undefined && !MONTH.test(o.month)) return usage('--month takes YYYY-MM / 月份格式应为 YYYY-MM');
      if (!REGION.test(o.region) || (o.region !== '000000' && !o.region.endsWith('0000'))) return usage('--region takes 000000 or a province code (e.g. 330000) / 范围应为全国（000000）或省级区划代码');
      const ctx = await openContext(o);
      try {
        const { bulletin: b, created } = await ctx.services.bulletins.create(SYSTEM_ACTOR, { kind: 'monthly', regionCode: o.region, ...(o.month ? { month: o.month } : {}) });
        const doc = await ctx.services.bulletins.document(SYSTEM_ACTOR, b.id);
        const pdf = await bulletinPdf(doc);
        fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
        fs.writeFileSync(o.out, pdf);
        const xlsx = o.xlsx ? await bulletinXlsx(doc) : null;
        if (o.xlsx && xlsx) {
          fs.mkdirSync(path.dirname(path.resolve(o.xlsx)), { recursive: true });
          fs.writeFileSync(o.xlsx, xlsx);
        }
        if (o.json) return printJson({ id: b.id, created, status: b.status, month: b.month, regionCode: b.regionCode, snapshotDay: b.snapshotDay, pdf: path.resolve(o.out), xlsx: o.xlsx ? path.resolve(o.xlsx) : null });
        const t = doc.tables;
        console.log(`${created ? 'drafted' : 'existing'} ${b.status} bulletin / ${created ? '已生成' : '已有'}${BULLETIN_STATUS_LABELS[b.status]['zh-CN']}通报 ${b.id}: ${b.title}`);
        if (t) console.log(`  snapshot ${t.day} / 数据快照: ${t.totals.inScope.toLocaleString('en-US')} agencies in scope, ${t.totals.completed.toLocaleString('en-US')} completed (${rateText(t.totals.rate)}), ${t.totals.newlyCompleted.toLocaleString('en-US')} newly, ${t.totals.behindDeadline.toLocaleString('en-US')} behind deadline; ${t.progress.length} rows`);
        console.log(`wrote / 已写入 ${o.out} (PDF, ${kb(pdf.length)})`);
        if (o.xlsx && xlsx) console.log(`wrote / 已写入 ${o.xlsx} (XLSX, ${kb(xlsx.length)})`);
      } finally {
        await ctx.close();
      }
    });

  dataOption(bulletin.command('list').description('Bulletins, newest first, with the snapshot each came from / 列出通报'))
    .option('--json', 'print JSON')
    .action(async (o: DbOptions & { json?: boolean }) => {
      const ctx = await openContext(o);
      try {
        const items = await ctx.services.bulletins.list(SYSTEM_ACTOR);
        if (o.json) return printJson(items);
        if (!items.length) console.log('no bulletins / 暂无通报');
        for (const b of items) {
          console.log(`${b.id}  ${BULLETIN_KIND_LABELS[b.kind]['zh-CN']}  ${b.regionName}${b.month ? ` ${b.month}` : ''}  [${b.status}]  ${b.docNumber ?? '—'}  snapshot ${b.snapshotDay ?? '—'}${b.publishDate ? `  published ${b.publishDate}` : ''}`);
          console.log(`  ${b.title}`);
        }
      } finally {
        await ctx.close();
      }
    });
}
