import { describe, expect, it } from 'vitest';
import { cliScene } from '../../../test/cli.ts';
import { testDialects } from '../../../test/dialects.ts';

/* `zb campaign list` and `zb snapshot create|verify` as a user runs them: child processes through bin/zb.mjs. */

describe.concurrent.each(testDialects())('zb snapshot on %s', { timeout: 120_000 }, (dialect) => {
  it('creates a month-end snapshot once, verifies it, and exits 1 naming an altered figure', async () => {
    const { run, exec } = await cliScene(dialect, 'zb-snapshot-');

    expect((await run('migrate')).code).toBe(0);
    const none = await run('snapshot', 'create', '--date', '2026-01-31');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('VALIDATION_FAILED');
    await exec(`insert into campaigns (id, name, description, threshold, categories_json, status, created_by, created_at, updated_at) values ('c1', '2026年检查整改', null, 1, '["operating-system","office-suite","security"]', 'active', 'test', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`);
    await exec(`insert into campaign_deadlines (campaign_id, level, deadline) values ('c1', 'county', '2026-12-31')`);

    const list = await run('campaign', 'list');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('2026年检查整改');
    expect(list.stdout).toContain('county 县级 2026-12-31');

    const created = await run('snapshot', 'create', '--date', '2026-01-31');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('snapshot 2026-01-31 (month-end) created');
    const again = await run('snapshot', 'create', '--date', '2026-01-31');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('SNAPSHOT_EXISTS');

    const ok = await run('snapshot', 'verify', '2026-01-31');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('match the stored records');

    await exec(`update snapshot_figures set spent = 12345 where subject = 'R:000000'`);
    const bad = await run('snapshot', 'verify', '2026-01-31');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('no longer match their checksum');
    expect(bad.stdout).toContain('全国 (R:000000) spent: 12345 → 0');

    expect((await run('snapshot', 'verify', '2026-02-30x')).code).toBe(2);
    const missing = await run('snapshot', 'verify', '2025-01-01');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('NOT_FOUND');
  });
});
