import { repositories } from '../../storage/repositories/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { previousMonth } from '../bulletin/bulletin.rules.ts';
import type { Actor } from '../policy/policy.ts';
import type { Services } from '../services.ts';
import { toActor } from '../users/users.mapper.ts';

/**
 * The demo's bulletins (通报), after the campaign and its month-end
 * snapshot: last month's national monthly bulletin, numbered and published
 * by the national office on the 3rd (or today, early in the month), and
 * Zhejiang's own bulletin of the same month as a draft of the province's
 * administrator, ready to be edited and published.
 */
export async function seedDemoBulletins(s: Services): Promise<{ published: string; draft: string }> {
  const repos = repositories(s.database.db);
  const actor = async (username: string): Promise<Actor> => {
    const u = await repos.users.findByUsername(username);
    return u ? toActor(u) : SYSTEM_ACTOR;
  };
  const [nation, province] = [await actor('admin'), await actor('zj_admin')];
  const today = s.campaign.clock();
  const month = previousMonth(today);
  const national = (await s.bulletins.create(nation, { kind: 'monthly', regionCode: '000000', month })).bulletin;
  const publishDate = today.slice(8, 10) >= '03' ? `${today.slice(0, 8)}03` : today;
  await s.bulletins.publish(nation, national.id, { docNumber: `国软正办〔${today.slice(0, 4)}〕${Number(month.slice(5, 7))}号`, publishDate });
  const draft = (await s.bulletins.create(province, { kind: 'monthly', regionCode: '330000', month })).bulletin;
  return { published: national.id, draft: draft.id };
}
