import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';
import type { Database } from '../database.ts';
import { AuditRepository } from './audit.repository.ts';
import { BulletinRepository } from './bulletin.repository.ts';
import { CampaignRepository } from './campaign.repository.ts';
import { CatalogueRepository } from './catalogue.repository.ts';
import { InboxRepository } from './inbox.repository.ts';
import { InventoryRepository } from './inventory.repository.ts';
import { InspectionRepository } from './inspection.repository.ts';
import { LicensingRepository } from './licensing.repository.ts';
import { OrgsRepository } from './orgs.repository.ts';
import { RecognitionRepository } from './recognition.repository.ts';
import { RegionsRepository } from './regions.repository.ts';
import { SigningKeysRepository } from './signing-keys.repository.ts';
import { StatusFormRepository } from './status-form.repository.ts';
import { UploadsRepository } from './uploads.repository.ts';
import { UsersRepository } from './users.repository.ts';

export type { ScopeFilter } from './scope-filter.ts';
export type { OrgRow, OrgView, OrgFilter } from './orgs.repository.ts';
export type { UserRow, UserView } from './users.repository.ts';
export type { AuditRow, AuditFilter } from './audit.repository.ts';
export type { RegionRow } from './regions.repository.ts';
export type { RecognitionRuleRow, RecognitionRuleFilter } from './recognition.repository.ts';
export type { DeviceRow, DeviceView, DeviceFilter, InventoryRow, AgentCredentialRow } from './inventory.repository.ts';
export type { CatalogueFilter, ReviewFilter, TitleRow } from './catalogue.repository.ts';
export type * from './licensing.repository.ts';
export type { CampaignRow, DeadlineRow, ProgressRow, ProgressView as CampaignProgressView, ProgressFilter, TransitionRow, ExceptionRow, ExceptionView as CampaignExceptionView, SnapshotRow, SnapshotFigureRow, FigureFields } from './campaign.repository.ts';
export { FIGURE_COLUMNS } from './campaign.repository.ts';
export type { InspectionPlanRow, InspectionScanRow, InspectionFindingRow, InspectionFollowUpRow, InspectionAnswerRow, InspectionProposalRow, SampledOrgRow, SampledDeviceRow, FindingView as InspectionFindingView } from './inspection.repository.ts';
export type { BulletinRow, BulletinListRow, BulletinVisibility, BulletinFilter } from './bulletin.repository.ts';
export type { StatusRoundRow, StatusFormRow, StatusFormView, StatusFormVersionRow, StatusFormReviewRow, SubtreeAgency } from './status-form.repository.ts';
export type { DashboardAgencyRow, MonthEndTotals } from './campaign.repository.ts';
export type { InboxAddress, InboxMessageRow, InboxMessageView } from './inbox.repository.ts';
export type { SigningKeyRow, SigningKeyView, TrustedKeyRow } from './signing-keys.repository.ts';

/** Every repository bound to one connection or transaction. */
export function repositories(db: Kysely<DB>, database?: Pick<Database, 'bulkInsert'>) {
  return {
    regions: new RegionsRepository(db),
    orgs: new OrgsRepository(db),
    users: new UsersRepository(db),
    audit: new AuditRepository(db),
    uploads: new UploadsRepository(db),
    inventory: new InventoryRepository(db, database),
    catalogue: new CatalogueRepository(db),
    recognition: new RecognitionRepository(db),
    licensing: new LicensingRepository(db, database),
    campaign: new CampaignRepository(db, database),
    inspection: new InspectionRepository(db),
    bulletin: new BulletinRepository(db),
    statusForm: new StatusFormRepository(db),
    inbox: new InboxRepository(db),
    signingKeys: new SigningKeysRepository(db),
  };
}
export type Repositories = ReturnType<typeof repositories>;
