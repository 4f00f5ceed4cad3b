import { importedOrgs } from '../fixtures.ts';
import type { Workload } from '../workload.ts';

/** The hash chain check an auditor (or `zb audit verify`) runs over the whole trail. */
export const auditVerify10k: Workload = {
  name: 'audit-verify-10k',
  description: 'services.audit.verify over the audit chain of the shared database: 10,000 organization creations, the imports and the region admin, read in batches of 2,000 and re-hashed (sha256).',
  unit: 'records',
  usesDatabase: true,
  async setup(ctx) {
    const { services } = await importedOrgs(ctx);
    return {
      async run() {
        const r = await services.audit.verify('en-US');
        if (!r.ok || r.checked < 10_000) throw new Error(`verify: ${JSON.stringify(r)}`);
        return r.checked;
      },
    };
  },
};
