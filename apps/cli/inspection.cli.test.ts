import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOrg } from '../../test/builders.ts';
import { cliScene } from '../../test/cli.ts';
import { testDialects } from '../../test/dialects.ts';
import { planBody } from '../../packages/contracts/index.ts';
import { SYSTEM_ACTOR } from '../../packages/core/auth/system-actor.ts';
import { createServices } from '../../packages/core/services.ts';
import { openDatabase } from '../../packages/storage/database.ts';
import { migrateToLatest } from '../../packages/storage/migrate.ts';

/* `zb inspection list|sample|report` as a user runs them: child processes through bin/zb.mjs. */

describe.concurrent.each(testDialects())('zb inspection on %s', { timeout: 120_000 }, (dialect) => {
  it('lists plans, samples reproducibly from a seed and writes the report', async () => {
    const { dir, env, run } = await cliScene(dialect, 'zb-inspection-');
    // The plan and the agencies, written through the services (as the web UI would).
    const database = openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: dir });
    await migrateToLatest(database);
    const s = createServices(database);
    for (const [name, regionCode, level] of [['浙江省督查厅', '330000', 'provincial'], ['杭州市督查局', '330100', 'prefecture'], ['宁波市督查局', '330200', 'prefecture'], ['西湖区督查局', '330106', 'county'], ['上城区督查局', '330102', 'county']] as const) {
      await s.orgs.create(SYSTEM_ACTOR, buildOrg({ name, regionCode, level }));
    }
    const plan = await s.inspection.create(SYSTEM_ACTOR, planBody.parse({ year: 2026, type: 'on-site', month: 8, title: '2026年8月实地督查', targetRegions: ['330000'], orgSampleSize: 3 }));
    await s.inspection.confirm(SYSTEM_ACTOR, plan.id);
    await database.close();

    const list = await run('inspection', 'list');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('2026年8月实地督查');
    expect(list.stdout).toContain('实地督查');

    const first = await run('inspection', 'sample', plan.id, '--seed', '20120630', '--json');
    expect(first.code, first.stderr).toBe(0);
    const sample = JSON.parse(first.stdout) as { seed: number; allocation: Record<string, number>; orgs: { orgName: string; level: string }[] };
    expect(sample.seed).toBe(20120630);
    expect(sample.allocation).toEqual({ national: 0, provincial: 1, prefecture: 1, county: 1 });
    expect(new Set(sample.orgs.map((o) => o.level))).toEqual(new Set(['provincial', 'prefecture', 'county']));
    const again = await run('inspection', 'sample', plan.id, '--seed', '20120630', '--json');
    expect((JSON.parse(again.stdout) as typeof sample).orgs).toEqual(sample.orgs);

    const text = await run('inspection', 'sample', plan.id, '--seed', '20120630');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('seed / 随机种子 20120630');
    expect(text.stdout).toContain('浙江省督查厅');
    expect((await run('inspection', 'sample', plan.id, '--seed', 'abc')).code).toBe(2);
    const missing = await run('inspection', 'sample', 'no-such-plan');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('NOT_FOUND');

    const out = path.join(dir, 'report.pdf');
    const report = await run('inspection', 'report', plan.id, '--out', out);
    expect(report.code, report.stderr).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
