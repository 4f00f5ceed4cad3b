import { SYSTEM_ACTOR } from '../packages/core/auth/system-actor.ts';
import type { ImportOptions } from '../packages/core/orgs/orgs.import.ts';
import type { Actor } from '../packages/core/policy/policy.ts';
import type { Services } from '../packages/core/services.ts';
import { toActor } from '../packages/core/users/users.mapper.ts';
import { repositories } from '../packages/storage/repositories/index.ts';
import { BENCH_PROVINCE, generateOrgsCsv } from './generate-orgs.ts';
import type { BenchContext } from './workload.ts';

/** Organizations in the import workloads and in the shared database. */
export const ORG_COUNT = 10_000;

let csv: Buffer | undefined;
/** The 10k-row CSV, generated once per process (same bytes every time). */
export function orgsCsv(): Buffer {
  csv ??= generateOrgsCsv(ORG_COUNT);
  return csv;
}

/** Options of a real, all-or-nothing import, as the CLI passes them. */
export const IMPORT_OPTIONS: ImportOptions = { mode: 'all-or-nothing', dryRun: false, filename: 'bench-orgs.csv', lang: 'zh-CN' };

/** A database holding the 10k organizations, and a region admin of the bench province. */
export interface ImportedOrgs {
  services: Services;
  regionAdmin: Actor;
}

/**
 * One database per dialect with the CSV imported, shared by the re-import,
 * list and verify workloads. Fails loudly when the import did not create
 * every row, so no figure is ever measured over a partial database.
 */
export function importedOrgs(ctx: BenchContext): Promise<ImportedOrgs> {
  return ctx.shared('imported-orgs-10k', async () => {
    const services = await ctx.freshServices();
    const r = await services.orgsImporter.import(SYSTEM_ACTOR, orgsCsv(), IMPORT_OPTIONS);
    if (r.created !== ORG_COUNT) throw new Error(`fixture import created ${r.created} of ${ORG_COUNT}: ${JSON.stringify(r.errors.slice(0, 3))}`);
    // A region admin the way test/builders.ts makes one: a real user, read back as an actor.
    const user = await services.users.create(SYSTEM_ACTOR, { username: 'bench_region_admin', displayName: '浙江省版权局（基准测试）', password: 'bench12345', role: 'region_admin', regionCode: BENCH_PROVINCE, orgId: null });
    const view = await repositories(services.database.db).users.findById(user.id);
    if (!view) throw new Error('region admin not found after creation');
    return { services, regionAdmin: toActor(view) };
  });
}
