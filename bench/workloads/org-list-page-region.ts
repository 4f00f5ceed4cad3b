import { BENCH_NAME_FILTER, BENCH_PROVINCE } from '../generate-orgs.ts';
import { ORG_COUNT, importedOrgs } from '../fixtures.ts';
import { LIST_CALLS, listPagesRun } from '../list-pages.ts';
import type { Workload } from '../workload.ts';

/** The same table for a provincial admin: the scope adds a region-prefix filter. */
export const orgListPageRegion: Workload = {
  name: 'org-list-page-region',
  description: `As org-list-page, but as a region admin of ${BENCH_PROVINCE} (浙江省, about a fifth of the ${ORG_COUNT.toLocaleString('en-US')} organizations): the policy scope adds \`region_code like '33%'\`. Filter "${BENCH_NAME_FILTER}".`,
  baseline: 'org-list-page',
  unit: 'ops',
  usesDatabase: true,
  async setup(ctx) {
    const { services, regionAdmin } = await importedOrgs(ctx);
    return listPagesRun(services, regionAdmin);
  },
};
