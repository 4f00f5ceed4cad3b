import { SYSTEM_ACTOR } from '../../packages/core/auth/system-actor.ts';
import { IMPORT_OPTIONS, ORG_COUNT, orgsCsv } from '../fixtures.ts';
import type { Workload } from '../workload.ts';

/** Importing 10k new organizations into an empty database: parse, validate, insert, audit. */
export const orgImport10k: Workload = {
  name: 'org-import-10k',
  description: `services.orgsImporter.import of a ${ORG_COUNT.toLocaleString('en-US')}-row CSV (groups of a prefecture office and four children) into a fresh, migrated database; one transaction, one audit record per organization.`,
  unit: 'rows',
  usesDatabase: true,
  async setup(ctx) {
    const services = await ctx.freshServices();
    const csv = orgsCsv();
    return {
      async run() {
        const r = await services.orgsImporter.import(SYSTEM_ACTOR, csv, IMPORT_OPTIONS);
        if (r.created !== ORG_COUNT) throw new Error(`created ${r.created} of ${ORG_COUNT}`);
        return r.totalRows;
      },
    };
  },
};
