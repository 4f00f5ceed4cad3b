import { describe, expect, it } from 'vitest';
import type { RoundForms, RoundView } from '../../packages/contracts/index.ts';
import { cliScene } from '../../test/cli.ts';
import { testDialects } from '../../test/dialects.ts';

/* `zb statusform rounds|list` as a script runs them: child processes through bin/zb.mjs against a real database. */

const T = '2020-01-01T00:00:00.000Z';
const form = (id: string, code: string, level: string, status: string, version: number, late: number, submitted: string | null) =>
  `insert into status_forms (id, round_id, region_code, level, status, content_json, version, first_submitted_at, last_submitted_at, late, comments, accepted_version, accepted_checksum, updated_at, updated_by) values ('${id}', 'r1', '${code}', '${level}', '${status}', null, ${version}, ${submitted ? `'${submitted}'` : 'null'}, ${submitted ? `'${submitted}'` : 'null'}, ${late}, null, null, null, '${T}', 'test')`;

describe.concurrent.each(testDialects())('zb statusform on %s', { timeout: 120_000 }, (dialect) => {
  it('lists the rounds and the forms of a round with late and missing', async () => {
    const { run, exec } = await cliScene(dialect, 'zb-statusform-');

    expect((await run('migrate')).code).toBe(0);
    const empty = await run('statusform', 'rounds');
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toContain('no reporting rounds');
    // A round due long ago: Zhejiang accepted in time, Hangzhou submitted late, Ningbo never submitted.
    await exec(...[
      `insert into campaigns (id, name, description, threshold, categories_json, status, created_by, created_at, updated_at) values ('c1', '检查整改', null, 1, '["operating-system"]', 'active', 'test', '${T}', '${T}')`,
      `insert into status_rounds (id, campaign_id, period_label, period_start, period_end, levels_json, due_day, note, created_by, created_at) values ('r1', 'c1', '2020年1月', '2020-01-01', '2020-01-31', '["province","prefecture"]', '2020-02-05', null, 'test', '${T}')`,
      form('f1', '330000', 'province', 'accepted', 1, 0, '2020-02-03T02:00:00.000Z'),
      form('f2', '330100', 'prefecture', 'submitted', 1, 1, '2020-02-07T02:00:00.000Z'),
      form('f3', '330200', 'prefecture', 'draft', 0, 0, null),
    ]);

    const rounds = await run('statusform', 'rounds', '--json');
    expect(rounds.code, rounds.stderr).toBe(0);
    const [r] = JSON.parse(rounds.stdout) as RoundView[];
    expect(r).toMatchObject({ id: 'r1', periodLabel: '2020年1月', overdue: true, counts: { expected: 3, accepted: 1, submitted: 1, draft: 1, late: 1, missing: 1 } });
    const text = await run('statusform', 'rounds');
    expect(text.stdout).toContain('2020年1月');
    expect(text.stdout).toContain('late 逾期 1, missing 缺报 1');

    const list = await run('statusform', 'list', 'r1', '--json');
    expect(list.code, list.stderr).toBe(0);
    const forms = JSON.parse(list.stdout) as RoundForms;
    expect(forms.items.map((f) => `${f.regionCode}:${f.regionName}:${f.status}`)).toEqual(['330000:浙江省:accepted', '330100:杭州市:submitted', '330200:宁波市:draft']);
    expect(forms.late.map((f) => f.regionCode)).toEqual(['330100']);
    expect(forms.missing.map((f) => f.regionCode)).toEqual(['330200']);
    const human = await run('statusform', 'list', 'r1');
    expect(human.stdout).toContain('330200  宁波市  地市级  draft 填报中  v0  MISSING 缺报');
    expect(human.stdout).toContain('missing / 缺报: 宁波市; late / 逾期: 杭州市');

    const unknown = await run('statusform', 'list', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('NOT_FOUND');
  });
});
