import { campaignBody, type ProgressStatus } from '../../contracts/index.ts';
import { repositories } from '../../storage/repositories/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { PROGRAMME_CAMPAIGN } from '../campaign/programme-campaign.ts';
import { AppError } from '../errors.ts';
import { nowIso } from '../ids.ts';
import type { Actor } from '../policy/policy.ts';
import type { Services } from '../services.ts';
import { toActor } from '../users/users.mapper.ts';

/** The last day of the month `months` after `today`'s month (negative: before). */
function monthEndFrom(today: string, months: number): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m + months, 0)).toISOString().slice(0, 10);
}

/**
 * The demo profile's campaign: the programme's own campaign with its dates
 * moved so the demo looks live — provincial agencies were due at the end of
 * last month, prefecture level in about two months, county level in about a
 * year — and agencies spread over the states (some provincial ones behind
 * their deadline). Completion is declared only where the compliance figures
 * are evidence, or on an exception the national office approved. The history
 * is spread over the last five months; the month-end snapshots of the last
 * four months are taken. Deterministic; runs after the estate.
 */
export async function seedDemoCampaign(s: Services): Promise<{ campaignId: string; moved: number }> {
  const today = s.campaign.clock();
  const campaign = await s.campaign.create(
    SYSTEM_ACTOR,
    campaignBody.parse({ ...PROGRAMME_CAMPAIGN, deadlines: { provincial: monthEndFrom(today, -1), prefecture: monthEndFrom(today, 2), county: monthEndFrom(today, 12) } }),
  );
  const repos = repositories(s.database.db);
  const actor = async (username: string): Promise<Actor> => {
    const u = await repos.users.findByUsername(username);
    return u ? toActor(u) : SYSTEM_ACTOR;
  };
  const [province, nation] = [await actor('zj_admin'), await actor('admin')];

  const agencies = (await repos.orgs.list({ kind: 'all' }, { type: 'agency' }, { offset: 0, limit: 1000 })).rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let moved = 0;
  // The history is spread over the last five months (so last month's snapshot and bulletin have
  // something to say): each step of an agency has its own day, in order, a few hours apart in a day.
  const dayOf: Record<ProgressStatus, number> = { 'not-started': 0, 'self-check': -150, rectifying: -120, completed: -75, verified: -40 };
  let spread = 0;
  /** Runs `fn` with the campaign's clock on the day of step `to` (minus `daysBefore`). */
  const on = async <T>(to: ProgressStatus, fn: () => Promise<T>, daysBefore = 0): Promise<T> => {
    const daysAgo = dayOf[to] + (spread % 30) - daysBefore;
    const at = new Date(Date.parse(`${today}T02:00:00Z`) + daysAgo * 86_400_000 + (spread % 8) * 3_600_000).toISOString();
    s.campaign.now = () => at;
    try {
      return await fn();
    } finally {
      s.campaign.now = nowIso;
    }
  };
  const move = async (orgId: string, to: ProgressStatus, reason: string, by: Actor = province) => {
    await on(to, () => s.campaign.transition(by, campaign.id, orgId, { to, reason }));
    moved++;
  };
  /** Declares completion when the figures allow it; otherwise asks for an exception, approved by the national office when `approve`. */
  const complete = async (orgId: string, approve: boolean): Promise<boolean> => {
    try {
      await move(orgId, 'completed', '自查整改完成，正版化率达到要求');
      return true;
    } catch (e) {
      if (!(e instanceof AppError) || !approve) return false;
      const x = await on('completed', () => s.campaign.requestException(province, campaign.id, orgId, '少量专用设备的软件由上级主管部门统一授权，授权文件已提交'), 6);
      await on('completed', () => s.campaign.decideException(nation, campaign.id, x.id, { decision: 'approved', note: '经核查情况属实，同意' }), 2);
      await move(orgId, 'completed', '自查整改完成（例外情况已获批准）');
      return true;
    }
  };

  for (const [i, org] of agencies.entries()) {
    spread = i * 7;
    if (org.name === '浙江省财政厅') {
      // The demo organization administrator's own agency: rectifying, with no computers yet — declaring completion shows why it cannot.
      await move(org.id, 'self-check', '成立正版化工作小组，开展自查');
      await move(org.id, 'rectifying', '自查发现缺少资产清查数据，开始整改');
      continue;
    }
    const step = org.level === 'provincial' ? i % 5 : org.level === 'prefecture' ? i % 4 : i % 6;
    if (step === 0) continue; // not started
    await move(org.id, 'self-check', '开展软件正版化自查');
    if (step === 1) continue;
    await move(org.id, 'rectifying', '自查发现未授权软件，制定整改方案');
    if (step === 2 || org.level === 'county') continue;
    const done = await complete(org.id, org.level === 'provincial' && step === 4);
    if (done && org.level === 'provincial' && step >= 3) await move(org.id, 'verified', '督查组现场检查合格，予以验收');
  }
  // Month-end snapshots of the history, oldest first (a snapshot notes revisions of the one before it).
  for (const months of [-4, -3, -2]) await s.snapshots.create(SYSTEM_ACTOR, { day: monthEndFrom(today, months), campaignId: campaign.id });
  await s.snapshots.create(SYSTEM_ACTOR, { previousMonthEnd: true, campaignId: campaign.id });
  return { campaignId: campaign.id, moved };
}
