import type { Database } from '../storage/database.ts';
import { repositories } from '../storage/repositories/index.ts';
import { AuditService } from './audit/audit.service.ts';
import { AuthService } from './auth/auth.service.ts';
import { AgentsService } from './inventory/agents.service.ts';
import { CatalogueService } from './inventory/catalogue.service.ts';
import { DevicesService } from './inventory/devices.service.ts';
import { InventoryImporter } from './inventory/inventory.import.ts';
import { InventoryService } from './inventory/inventory.service.ts';
import { OrgsImporter } from './orgs/orgs.import.ts';
import { OrgsService } from './orgs/orgs.service.ts';
import { RecognitionService } from './recognition/recognition.service.ts';
import { RegionsService } from './regions/regions.service.ts';
import { UsersService } from './users/users.service.ts';
import { SigningKeysService } from './users/signing-keys.service.ts';
import { ComplianceEngine } from './licensing/compliance.engine.ts';
import { ComplianceService } from './licensing/compliance.service.ts';
import { EntitlementsService } from './licensing/entitlements.service.ts';
import { EntitlementsImporter } from './licensing/entitlements.import.ts';
import { CampaignService } from './campaign/campaign.service.ts';
import { SnapshotService } from './campaign/snapshot.service.ts';
import { BulletinService } from './bulletin/bulletin.service.ts';
import { StatusFormService } from './campaign/status-form.service.ts';
import { DashboardService } from './campaign/dashboard.service.ts';
import { InboxService } from './inbox/inbox.service.ts';
import { InspectionService } from './inspection/inspection.service.ts';

/** Every use case, wired to one database. Server and CLI both start here. */
export function createServices(database: Database) {
  const audit = new AuditService(database);
  const inbox = new InboxService(database);
  const orgs = new OrgsService(database, audit);
  const recognition = new RecognitionService(database, audit);
  const inventory = new InventoryService(database, (rows) => recognition.recognizeMany(rows));
  const catalogue = new CatalogueService(database, recognition);
  const engine = new ComplianceEngine(database);
  const devices = new DevicesService(database, audit);
  const entitlements = new EntitlementsService(database, audit, engine);
  const campaign = new CampaignService(database, audit);
  const snapshots = new SnapshotService(database, audit, campaign);
  // One "today" for the application: the campaign reads the compliance engine's clock.
  campaign.clock = () => engine.clock();
  // Supervision inspections evaluate scans on the compliance engine's day and post notices to the inbox.
  const inspection = new InspectionService(database, audit, (rows) => recognition.recognizeMany(rows));
  inspection.clock = () => engine.clock();
  inspection.inbox = inbox;
  // Saving a rule re-recognises the stored titles it changes; changed titles change positions.
  recognition.onRulesChanged = () => catalogue.rerecognize();
  // Closing the database waits for the refreshes already queued (nothing a user did is left half-counted).
  const close = database.close.bind(database);
  database.close = async () => {
    await engine.idle();
    await close();
  };
  // A moved or retyped organization may enter or leave the scope of any entitlement.
  orgs.onStructureChanged = () => engine.schedule({ full: true });
  catalogue.onTitlesChanged = async () => {
    await repositories(database.db).licensing.rebuildLicensedInstalls();
    await engine.recompute();
  };
  // A changed device updates the positions of its changed products (in the background, merged under load).
  inventory.onChanged = (orgId, r) => engine.schedule({ groups: r.licensedChanged.map((productKey) => ({ orgId, productKey })), countOrgs: [orgId] });
  devices.onChanged = (orgId) => engine.schedule({ orgIds: [orgId] });
  return {
    database,
    audit,
    inbox,
    regions: new RegionsService(database),
    orgs,
    orgsImporter: new OrgsImporter(database, orgs, audit),
    users: new UsersService(database, audit),
    auth: new AuthService(database, audit),
    signingKeys: new SigningKeysService(database, audit),
    inventory,
    inventoryImporter: new InventoryImporter(database, inventory),
    agents: new AgentsService(database, audit),
    devices,
    recognition,
    catalogue,
    compliance: new ComplianceService(database, audit, engine),
    entitlements,
    entitlementsImporter: new EntitlementsImporter(database, entitlements, audit, engine),
    campaign,
    snapshots,
    bulletins: new BulletinService(database, audit, snapshots, campaign),
    statusForms: new StatusFormService(database, audit, campaign, inbox),
    campaignDashboard: new DashboardService(database, campaign),
    inspection,
  };
}
export type Services = ReturnType<typeof createServices>;
