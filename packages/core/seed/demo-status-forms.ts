import { formDraftBody, roundBody } from '../../contracts/index.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { addDays } from '../campaign/status-form.rules.ts';
import type { Actor } from '../policy/policy.ts';
import type { Services } from '../services.ts';
import { toActor } from '../users/users.mapper.ts';

/** The first and last day of the month `months` after `today`'s month. */
function month(today: string, months: number): { start: string; end: string; label: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 1 + months, 1));
  const end = new Date(Date.UTC(y, m + months, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10), label: `${start.getUTCFullYear()}年${start.getUTCMonth() + 1}月` };
}

/**
 * The demo profile's status forms (落实情况表): last month's round, due two
 * days ago — Zhejiang accepted by the national office, Hangzhou returned
 * once and then accepted by the province, Ningbo submitted late and waiting
 * for review, the other prefectures missing — and this month's round, open,
 * every form still to fill. Runs after the campaign; deterministic.
 */
export async function seedDemoStatusForms(s: Services, campaignId: string): Promise<void> {
  const forms = s.statusForms;
  const today = forms.clock();
  const repos = repositories(s.database.db);
  const user = async (username: string, fallback: Actor): Promise<Actor> => {
    const u = await repos.users.findByUsername(username);
    return u ? toActor(u) : fallback;
  };
  /** A region office without a demo user acts through the seed. */
  const office = (regionCode: string, name: string): Actor => ({ ...SYSTEM_ACTOR, role: 'region_admin', regionCode, displayName: name });
  const nation = await user('admin', SYSTEM_ACTOR);
  const zhejiang = await user('zj_admin', office('330000', '浙江省办公室'));
  const hangzhou = await user('hz_admin', office('330100', '杭州市办公室'));
  const ningbo = office('330200', '宁波市办公室');

  const last = month(today, -1);
  const due = addDays(today, -2);
  const realClock = forms.clock;
  const on = (day: string) => (forms.clock = () => day);
  try {
    on(addDays(due, -10));
    const round = await forms.createRound(nation, roundBody.parse({ campaignId, periodLabel: last.label, periodStart: last.start, periodEnd: last.end, levels: ['province', 'prefecture'], dueDay: due, note: '请如实填报，数字与系统预填不一致的请说明原因。' }));
    on(addDays(due, -4));
    await forms.submit(hangzhou, round.id, '330100', formDraftBody.parse({ figures: [{ key: 'computers', value: 0, note: '按财政资产台账统计' }], remarks: '市级机关自查整改按计划推进。' }));
    await forms.returnForm(zhejiang, round.id, '330100', '计算机数量与资产清查数据差异较大，请核实后重新报送。');
    on(addDays(due, -3));
    await forms.submit(zhejiang, round.id, '330000', formDraftBody.parse({ remarks: '省级机关检查整改工作按期推进，部分单位已通过验收。' }));
    await forms.accept(nation, round.id, '330000', '数据完整，予以接受。');
    on(addDays(due, -1));
    const back = await forms.detail(hangzhou, round.id, '330100');
    await forms.submit(hangzhou, round.id, '330100', formDraftBody.parse({ figures: back.content!.figures.map((f) => ({ key: f.key, value: f.prefilled, note: null })), remarks: '已按资产清查数据更正计算机数量。' }));
    await forms.accept(zhejiang, round.id, '330100', null);
    on(addDays(due, 1));
    await forms.submit(ningbo, round.id, '330200', formDraftBody.parse({ remarks: '因机构调整报送延迟。' }));
  } finally {
    forms.clock = realClock;
  }
  const current = month(today, 0);
  await forms.createRound(nation, roundBody.parse({ campaignId, periodLabel: current.label, periodStart: current.start, periodEnd: current.end, levels: ['province', 'prefecture'], dueDay: addDays(current.end, 5) }));
}
