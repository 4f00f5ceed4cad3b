import type { Database } from '../storage/database.ts';
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

/** Every use case, wired to one database. Server and CLI both start here. */
export function createServices(database: Database) {
  const audit = new AuditService(database);
  const orgs = new OrgsService(database, audit);
  const recognition = new RecognitionService(database, audit);
  const inventory = new InventoryService(database, (rows) => recognition.recognizeMany(rows));
  const catalogue = new CatalogueService(database, recognition);
  // Saving a rule re-recognises the stored titles it changes.
  recognition.onRulesChanged = () => catalogue.rerecognize();
  return {
    database,
    audit,
    regions: new RegionsService(database),
    orgs,
    orgsImporter: new OrgsImporter(database, orgs, audit),
    users: new UsersService(database, audit),
    auth: new AuthService(database, audit),
    inventory,
    inventoryImporter: new InventoryImporter(database, inventory),
    agents: new AgentsService(database, audit),
    devices: new DevicesService(database, audit),
    recognition,
    catalogue,
  };
}
export type Services = ReturnType<typeof createServices>;
