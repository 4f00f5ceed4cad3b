import { repositories } from '../../storage/repositories/index.ts';
import { DEMO_PASSWORD, DEMO_USERS, demoAgencies, demoEnterprises } from '../../storage/seeds/demo-profile.ts';
import type { SeedProfile } from '../../storage/seeds/seed.ts';
import { makeUscc, prng } from '../../storage/seeds/uscc-generator.ts';
import { SYSTEM_ACTOR } from '../auth/system-actor.ts';
import { seedDemoEstate } from './demo-estate.ts';
import { seedDemoCampaign } from './demo-campaign.ts';
import { seedDemoBulletins } from './demo-bulletin.ts';
import { seedDemoInspection } from './demo-inspection.ts';
import { seedDemoStatusForms } from './demo-status-forms.ts';
import type { Services } from '../services.ts';

export interface SeedResult {
  profile: SeedProfile;
  skipped: boolean;
  orgs: number;
  users: number;
}

/**
 * Loads a seed profile through the services (so every row is validated and
 * audited). Skips when the database already has organizations or users.
 */
export async function seedProfile(s: Services, profile: SeedProfile): Promise<SeedResult> {
  const repos = repositories(s.database.db);
  const hasData = (await repos.orgs.countAll()) > 0 || (await repos.users.list({ kind: 'all' }, {}, { offset: 0, limit: 1 })).total > 0;
  if (profile === 'empty' || hasData) return { profile, skipped: hasData, orgs: 0, users: 0 };

  const rand = prng(20120630);
  const idByKey = new Map<string, string>();
  let orgs = 0;
  await s.database.transaction(async (trx) => {
    for (const a of demoAgencies()) {
      const id = await s.orgs.createIn(trx, SYSTEM_ACTOR, {
        name: a.name,
        uscc: makeUscc('agency', a.regionCode, rand),
        type: 'agency',
        agencyKind: a.kind,
        level: a.level,
        regionCode: a.regionCode,
        parentId: a.parentKey ? (idByKey.get(a.parentKey) ?? null) : null,
        staffCount: a.staff,
      });
      idByKey.set(a.key, id);
      orgs++;
    }
    for (const e of demoEnterprises()) {
      await s.orgs.createIn(trx, SYSTEM_ACTOR, {
        name: e.name,
        uscc: makeUscc('enterprise', e.regionCode, rand),
        type: 'enterprise',
        ownership: e.ownership,
        industry: e.industry,
        level: e.regionCode.endsWith('0000') ? 'provincial' : e.regionCode.endsWith('00') ? 'prefecture' : 'county',
        regionCode: e.regionCode,
        staffCount: e.staff,
      });
      orgs++;
    }
    for (const u of DEMO_USERS) {
      await s.users.createIn(trx, SYSTEM_ACTOR, {
        username: u.username,
        displayName: u.displayName,
        password: DEMO_PASSWORD,
        role: u.role,
        regionCode: u.regionCode ?? null,
        orgId: u.orgKey ? (idByKey.get(u.orgKey) ?? null) : null,
      });
    }
  });
  await seedDemoEstate(s);
  const { campaignId } = await seedDemoCampaign(s);
  await seedDemoBulletins(s);
  await seedDemoStatusForms(s, campaignId);
  await seedDemoInspection(s);
  return { profile, skipped: false, orgs, users: DEMO_USERS.length };
}
