import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cliScene } from '../../test/cli.ts';
import { testDialects } from '../../test/dialects.ts';

/* `zb bulletin generate|list` as a user runs them: child processes through bin/zb.mjs, a real SQLite file or PostgreSQL database. */

let pdftotext = true;
try {
  execFileSync('which', ['pdftotext'], { stdio: 'ignore' });
} catch {
  pdftotext = false;
}

/** The month before the current one (China Standard Time), as the command's default. */
function previousMonth(): string {
  const now = new Date(Date.now() + 8 * 3_600_000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

describe.concurrent.each(testDialects())('zb bulletin on %s', { timeout: 180_000 }, (dialect) => {
  it('drafts January’s bulletin from its month-end snapshot, writes PDF and XLSX, reuses the draft, lists it', async () => {
    const { dir, run, exec } = await cliScene(dialect, 'zb-bulletin-cli-');

    expect((await run('migrate')).code).toBe(0);
    const out = path.join(dir, 'out', '通报.pdf');
    const xlsx = path.join(dir, 'out', '通报.xlsx');
    // Nothing to report yet: no campaign to freeze.
    const none = await run('bulletin', 'generate', '--month', '2026-01', '--out', out);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('VALIDATION_FAILED');
    expect((await run('bulletin', 'generate', '--month', '2026-13', '--out', out)).code).toBe(2);
    expect((await run('bulletin', 'generate', '--region', '330100', '--out', out)).code).toBe(2);

    // A campaign, two agencies; the Hangzhou one completed on 20 January.
    const stamp = '2026-01-01T00:00:00.000Z';
    await exec(
      `insert into campaigns (id, name, description, threshold, categories_json, status, created_by, created_at, updated_at) values ('c1', '2026年检查整改', null, 1, '["operating-system","office-suite","security"]', 'active', 'test', '${stamp}', '${stamp}')`,
      `insert into campaign_deadlines (campaign_id, level, deadline) values ('c1', 'prefecture', '2026-12-31'), ('c1', 'county', '2026-12-31')`,
      `insert into organizations (id, name, uscc, type, agency_kind, ownership, industry, level, region_code, parent_id, path, staff_count, created_at, updated_at) values ('o1', '杭州市数据局', '113301000000000011', 'agency', 'government', null, null, 'prefecture', '330100', null, '/o1/', 10, '${stamp}', '${stamp}'), ('o2', '东城区档案馆', '111101010000000012', 'agency', 'government', null, null, 'county', '110101', null, '/o2/', 10, '${stamp}', '${stamp}')`,
      `insert into campaign_transitions (id, campaign_id, org_id, from_status, to_status, at, by_user, reason, evidence_json) values ('t1', 'c1', 'o1', 'not-started', 'self-check', '2026-01-05T02:00:00.000Z', 'test', '自查', null), ('t2', 'c1', 'o1', 'self-check', 'completed', '2026-01-20T02:00:00.000Z', 'test', '完成', null)`,
      `insert into campaign_progress (campaign_id, org_id, status, updated_at) values ('c1', 'o1', 'completed', '2026-01-20T02:00:00.000Z')`,
    );

    const made = await run('bulletin', 'generate', '--month', '2026-01', '--out', out, '--xlsx', xlsx);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('drafted draft bulletin');
    expect(made.stdout).toContain('关于2026年1月全国软件正版化检查整改工作进展情况的通报');
    expect(made.stdout).toContain('snapshot 2026-01-31');
    expect(made.stdout).toContain('2 agencies in scope, 1 completed (50.0%), 1 newly');
    expect(made.stdout).toContain(`wrote / 已写入 ${out} (PDF`);
    expect(made.stdout).toContain(`wrote / 已写入 ${xlsx} (XLSX`);
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    if (pdftotext) {
      const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(text).toContain('推进使用正版软件工作部际联席会议办公室文件');
      expect(text).toContain('完成率50.0%');
      expect(text).toContain('杭州市数据局');
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const progress = wb.getWorksheet('进展情况')!;
    expect([progress.getRow(2).getCell(3).value, progress.getRow(2).getCell(4).value, progress.getRow(2).getCell(7).value]).toEqual(['浙江省', 1, 1]);

    const again = await run('bulletin', 'generate', '--month', '2026-01', '--out', out);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('existing draft bulletin');

    // Default month: the previous one (its month-end snapshot taken now).
    const dflt = await run('bulletin', 'generate', '--out', path.join(dir, 'previous.pdf'));
    expect(dflt.code, dflt.stderr).toBe(0);
    expect(dflt.stdout).toContain(`snapshot ${previousMonth()}-`);

    const list = await run('bulletin', 'list');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('月度汇总通报  全国 2026-01  [draft]  —  snapshot 2026-01-31');
    const json = JSON.parse((await run('bulletin', 'list', '--json')).stdout) as { month: string }[];
    expect(json.map((b) => b.month).sort()).toEqual(['2026-01', previousMonth()].sort());
  });
});
