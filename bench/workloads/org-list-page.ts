import { SYSTEM_ACTOR } from '../../packages/core/auth/system-actor.ts';
import { BENCH_NAME_FILTER } from '../generate-orgs.ts';
import { ORG_COUNT, importedOrgs } from '../fixtures.ts';
import { LIST_CALLS, listPagesRun } from '../list-pages.ts';
import type { Workload } from '../workload.ts';

/** The organization table of a national admin: filter by name over the whole country. */
export const orgListPage: Workload = {
  name: 'org-list-page',
  description: `${LIST_CALLS} calls of services.orgs.list (one op = one call: a page of 50 and the total; name contains "${BENCH_NAME_FILTER}", pages 1–10) over ${ORG_COUNT.toLocaleString('en-US')} organizations as the national admin (no scope filter).`,
  unit: 'ops',
  usesDatabase: true,
  async setup(ctx) {
    const { services } = await importedOrgs(ctx);
    return listPagesRun(services, SYSTEM_ACTOR);
  },
};
