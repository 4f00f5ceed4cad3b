import type { Workload } from './workload.ts';
import { auditVerify10k } from './workloads/audit-verify-10k.ts';
import { bulletinMonthly } from './workloads/bulletin-monthly.ts';
import { complianceFullRecompute } from './workloads/compliance-full-recompute.ts';
import { complianceIncremental } from './workloads/compliance-incremental.ts';
import { complianceRegionDashboard } from './workloads/compliance-region-dashboard.ts';
import { inventoryReplay } from './workloads/inventory-replay.ts';
import { inventoryImportCsv } from './workloads/inventory-import-csv.ts';
import { orgImport10k } from './workloads/org-import-10k.ts';
import { orgListPage } from './workloads/org-list-page.ts';
import { orgListPageRegion } from './workloads/org-list-page-region.ts';
import { orgReimport10k } from './workloads/org-reimport-10k.ts';
import { usccValidate1m } from './workloads/uscc-validate-1m.ts';
import { recognitionEvalSet } from './workloads/recognition-eval-set.ts';
import { recognitionDistinct50k, recognitionInstalls1m } from './workloads/recognition-throughput.ts';

/** Every workload, in report order: a baseline comes before the workloads compared with it. */
export const WORKLOADS: readonly Workload[] = [orgImport10k, orgReimport10k, orgListPage, orgListPageRegion, auditVerify10k, usccValidate1m, ...inventoryReplay, inventoryImportCsv, recognitionDistinct50k, recognitionInstalls1m, recognitionEvalSet, complianceFullRecompute, complianceIncremental, complianceRegionDashboard, bulletinMonthly];
