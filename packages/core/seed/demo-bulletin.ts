import { repositories } from '../../storage/repositories/index.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { previousMonth } from '../bulletin/bulletin.rules.ts';
import type { Actor } from '../policy/policy.ts';
import type { Services } from '../services.ts';
import { toActor } from '../users/users.mapper.ts';

/**
 * The demo's bulletins (通报), after the campaign and its month-end
 * snapshots: the national monthly bulletin of the month before last,
 * numbered and published by the national office on the 3rd of last month;
 * last month's national bulletin as the draft generated on the 1st, waiting
 * to be edited, numbered and published; and Zhejiang's own bulletin of last
 * month as a draft of the province's administrator.
 */
export async function seedDemoBulletins(s: Services): Promise<{ published: string; drafts: string[] }> {
  const repos = repositories(s.database.db);
  const actor = async (username: string): Promise<Actor> => {
    const u = await repos.users.findByUsername(username);
    return u ? toActor(u) : SYSTEM_ACTOR;
  };
  const [nation, province] = [await actor('admin'), await actor('zj_admin')];
  const today = s.campaign.clock();
  const last = previousMonth(today);
  const before = previousMonth(`${last}-01`);
  const published = (await s.bulletins.create(nation, { kind: 'monthly', regionCode: '000000', month: before })).bulletin;
  await s.bulletins.publish(nation, published.id, { docNumber: `国软正办〔${before.slice(0, 4)}〕${Number(before.slice(5, 7))}号`, publishDate: `${last}-03` });
  const national = (await s.bulletins.create(nation, { kind: 'monthly', regionCode: '000000', month: last })).bulletin;
  const draft = (await s.bulletins.create(province, { kind: 'monthly', regionCode: '330000', month: last })).bulletin;
  return { published: published.id, drafts: [national.id, draft.id] };
}
