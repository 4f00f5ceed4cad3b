import { SYSTEM_ACTOR } from '../../packages/core/auth/system-actor.ts';
import { toCsv } from '../../packages/core/files/tabular.ts';
import { TABLE_HEADERS } from '../../packages/core/inventory/parsers/table.parser.ts';
import { buildOrg } from '../../test/builders.ts';
import type { Workload } from '../workload.ts';

const DEVICES = 1000;
const PER_DEVICE = 500;

/** The CSV template with DEVICES computers × PER_DEVICE software rows; titles repeat across computers as in a real fleet. */
function fleetCsv(): Buffer {
  const rows: string[][] = [[...TABLE_HEADERS]];
  for (let d = 0; d < DEVICES; d++) {
    const hex = d.toString(16).padStart(8, '0');
    for (let i = 0; i < PER_DEVICE; i++) {
      rows.push([`PC-${hex}`, `${hex}-0000-4000-8000-000000000000`, `SN${hex}`, '', 'Windows 10 专业版', '10.0.19045', `Software ${(i * 7 + d) % 3000}`, `1.${i % 13}`, 'Example Vendor', '2024-03-18', 'x64']);
    }
  }
  return Buffer.from(toCsv(rows));
}

let csv: Buffer | null = null;

export const inventoryImportCsv: Workload = {
  name: 'inventory-import-csv',
  description: `Bulk import of the CSV template: ${DEVICES.toLocaleString('en-US')} computers × ${PER_DEVICE} software rows (${(DEVICES * PER_DEVICE).toLocaleString('en-US')} rows) through \`zb import\`'s service, into a fresh database.`,
  unit: 'software rows',
  usesDatabase: true,
  async setup(ctx) {
    csv ??= fleetCsv();
    const s = await ctx.freshServices();
    const org = await s.orgs.create(SYSTEM_ACTOR, buildOrg());
    return {
      async run() {
        const r = await s.inventoryImporter.import(SYSTEM_ACTOR, org.id, [{ name: 'fleet.csv', content: csv! }], { dryRun: false, maxRows: 20_000_000 });
        if (r.devicesCreated !== DEVICES || r.softwareRows !== DEVICES * PER_DEVICE) throw new Error(`import check failed: ${JSON.stringify(r)}`);
        return r.softwareRows;
      },
    };
  },
};
