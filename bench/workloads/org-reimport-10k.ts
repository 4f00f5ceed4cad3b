import { SYSTEM_ACTOR } from '../../packages/core/auth/system-actor.ts';
import { IMPORT_OPTIONS, ORG_COUNT, importedOrgs, orgsCsv } from '../fixtures.ts';
import type { Workload } from '../workload.ts';

/**
 * The same file again: every row is looked up and compared, nothing is
 * written but the import's own audit record. What an office pays when it
 * re-sends its whole list after fixing one row.
 */
export const orgReimport10k: Workload = {
  name: 'org-reimport-10k',
  description: `Re-import of the same ${ORG_COUNT.toLocaleString('en-US')}-row CSV into the database that already holds it: every row unchanged.`,
  baseline: 'org-import-10k',
  unit: 'rows',
  usesDatabase: true,
  async setup(ctx) {
    const { services } = await importedOrgs(ctx);
    const csv = orgsCsv();
    return {
      async run() {
        const r = await services.orgsImporter.import(SYSTEM_ACTOR, csv, IMPORT_OPTIONS);
        if (r.unchanged !== ORG_COUNT) throw new Error(`unchanged ${r.unchanged} of ${ORG_COUNT} (created ${r.created}, updated ${r.updated})`);
        return r.totalRows;
      },
    };
  },
};
