import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { parse as parseCsv } from 'csv-parse';
import { INSTALL_SOURCES, type InstallSource, type RecognitionResult } from '../../../packages/contracts/index.ts';
import { SYSTEM_ACTOR } from '../../../packages/core/auth/system-actor.ts';
import { shippedOnlyRecognizer } from '../../../packages/core/recognition/recognition.library.ts';
import type { Recognizer } from '../../../packages/core/recognition/recognition.rules.ts';
import { openContext, printJson } from '../context.ts';

/** Columns added to the input, in this order. */
export const RESULT_COLUMNS = ['publisher_norm', 'product', 'edition', 'version_norm', 'product_key', 'category', 'licence_class', 'requires_licence', 'domestic', 'rule_id', 'confidence'] as const;

function resultCells(r: RecognitionResult): string[] {
  return [r.publisherNorm ?? '', r.product ?? '', r.edition ?? '', r.versionNorm ?? '', r.productKey, r.category ?? '', r.licenceClass, String(r.requiresLicence), String(r.domestic), r.ruleId ?? '', String(r.confidence)];
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const csvLine = (cells: readonly string[]) => `${cells.map(csvCell).join(',')}\n`;

/** Writes, waiting when the stream asks to (tens of thousands of rows stay in bounded memory). */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

interface RecognizeOptions {
  in: string;
  out?: string;
  json?: boolean;
  source?: string;
  shippedOnly?: boolean;
  data: string;
}

/**
 * Streams a CSV of raw names (`display_name,publisher,version[,source]`)
 * through the recognizer into a CSV (or NDJSON with --json) with the result
 * columns appended; a progress bar on stderr when it is a terminal.
 */
async function recognizeFile(o: RecognizeOptions): Promise<void> {
  if (o.source && !(INSTALL_SOURCES as readonly string[]).includes(o.source)) throw new Error(`--source must be one of ${INSTALL_SOURCES.join(', ')}`);
  const size = fs.statSync(o.in).size;
  const ctx = o.shippedOnly ? null : await openContext(o);
  const recognizer: Recognizer = ctx ? await ctx.services.recognition.recognizer() : shippedOnlyRecognizer();
  const out: Writable = o.out ? fs.createWriteStream(o.out) : process.stdout;
  const bar = o.out && process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'recognize {bar} {percentage}% | {rows} rows', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
  const input = fs.createReadStream(o.in);
  const parser = input.pipe(parseCsv({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  const started = performance.now();
  let header: string[] | null = null;
  let col = { name: -1, publisher: -1, version: -1, source: -1 };
  let rows = 0;
  let unknown = 0;
  const distinct = new Set<string>();
  bar?.start(size, 0, { rows: 0 });
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      // (csv-parse yields arrays of cells: no `columns` option, the header is read here)
      if (!header) {
        header = record.map((h) => h.trim().toLowerCase());
        col = { name: header.indexOf('display_name'), publisher: header.indexOf('publisher'), version: header.indexOf('version'), source: header.indexOf('source') };
        if (col.name < 0) throw new Error(`${o.in}: no display_name column (columns: display_name,publisher,version[,source])`);
        if (!o.json) await write(out, csvLine([...record, ...RESULT_COLUMNS]));
        continue;
      }
      const cell = (i: number) => (i >= 0 ? (record[i] ?? '').trim() : '');
      const rowSource = cell(col.source) || o.source || '';
      const source = (INSTALL_SOURCES as readonly string[]).includes(rowSource) ? (rowSource as InstallSource) : null;
      const item = { displayName: cell(col.name), publisher: cell(col.publisher) || null, version: cell(col.version) || null, source };
      const r = recognizer.recognize(item);
      rows++;
      if (r.ruleId === null) unknown++;
      distinct.add(`${rowSource}\u001f${item.displayName}\u001f${item.publisher ?? ''}\u001f${item.version ?? ''}`);
      if (o.json) {
        const obj: Record<string, string> = {};
        header.forEach((h, i) => (obj[h] = record[i] ?? ''));
        await write(out, `${JSON.stringify({ ...obj, ...r })}\n`);
      } else await write(out, csvLine([...record, ...resultCells(r)]));
      if (bar && rows % 1000 === 0) bar.update(Math.min(size, parser.info.bytes), { rows });
    }
  } finally {
    bar?.update(size, { rows });
    bar?.stop();
    if (o.out) {
      out.end();
      await once(out, 'close');
    }
    await ctx?.close();
  }
  const ms = performance.now() - started;
  process.stderr.write(`${rows} rows (${distinct.size} distinct): ${rows - unknown} recognised, ${unknown} unknown, ${Math.round(ms)} ms${o.out ? ` → ${path.resolve(o.out)}` : ''}\n`);
}

export function registerRecognize(program: Command) {
  program
    .command('recognize')
    .description('Recognise raw software names from a CSV (display_name,publisher,version[,source]) / 软件识别')
    .requiredOption('-i, --in <file>', 'input CSV')
    .option('-o, --out <file>', 'output CSV (stdout when absent)')
    .option('--json', 'write NDJSON (one JSON object per row) instead of CSV')
    .option('--source <source>', `source of rows without a source column: ${INSTALL_SOURCES.join('|')}`)
    .option('--shipped-only', 'use the shipped library only (no database, no local rules)')
    .option('-d, --data <dir>', 'data folder', './data')
    .action(async (o: RecognizeOptions) => recognizeFile(o));

  const rules = program.command('recognition').description('Recognition rules / 识别规则').command('rules').description('Local recognition rules / 本地识别规则');
  rules
    .command('export <file>')
    .description('Export the local rules to a YAML or JSON file (by extension) / 导出本地规则')
    .option('-d, --data <dir>', 'data folder', './data')
    .option('--format <format>', 'yaml|json (default: by file extension)')
    .action(async (file: string, o: { data: string; format?: string }) => {
      const ctx = await openContext(o);
      try {
        const format = o.format === 'json' || (!o.format && /\.json$/i.test(file)) ? 'json' : 'yaml';
        const doc = await ctx.services.recognition.exportRules(SYSTEM_ACTOR, format);
        fs.writeFileSync(file, doc.body);
        console.log(`exported to ${file}`);
      } finally {
        await ctx.close();
      }
    });
  rules
    .command('import <file>')
    .description('Import rules from a YAML or JSON file (adds and updates) / 导入规则')
    .option('-d, --data <dir>', 'data folder', './data')
    .option('--replace', 'also delete local rules the file does not have')
    .option('--dry-run', 'check and report without writing')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: { data: string; replace?: boolean; dryRun?: boolean; json?: boolean }) => {
      const ctx = await openContext(o);
      try {
        const r = await ctx.services.recognition.importRules(SYSTEM_ACTOR, { content: fs.readFileSync(file, 'utf8'), mode: o.replace ? 'replace' : 'upsert', dryRun: !!o.dryRun });
        if (o.json) printJson(r);
        else {
          console.log(`${r.dryRun ? '[dry run] ' : ''}${r.total} rules: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.deleted} deleted${r.rejected ? ' — REJECTED, nothing imported' : ''}`);
          for (const e of r.errors) console.log(`  rule ${e.index + 1}${e.id ? ` (${e.id})` : ''} ${e.path}: ${e.message}`);
        }
        process.exitCode = r.rejected ? 1 : 0;
      } finally {
        await ctx.close();
      }
    });
}
