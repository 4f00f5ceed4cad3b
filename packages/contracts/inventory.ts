import { z } from 'zod';
import { LIMITS, SORT_ORDERS, idSchema, pageQuery } from './common.ts';

/** Where a device's last inventory came from. */
export const DEVICE_SOURCES = ['ocs-xml', 'glpi-json', 'swid', 'table', 'zb-scan'] as const;
export const DEVICE_STATUSES = ['active', 'quarantined'] as const;

export const deviceSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  name: z.string().nullable(),
  uuid: z.string().nullable(),
  serial: z.string().nullable(),
  macs: z.array(z.string()),
  agentDeviceId: z.string().nullable(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  osName: z.string().nullable(),
  osVersion: z.string().nullable(),
  osArch: z.string().nullable(),
  domain: z.string().nullable(),
  lastUser: z.string().nullable(),
  cpu: z.string().nullable(),
  memoryMb: z.number().nullable(),
  source: z.string(),
  agent: z.string().nullable(),
  status: z.enum(DEVICE_STATUSES),
  softwareCount: z.number().int(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});
export type Device = z.infer<typeof deviceSchema>;

/** Columns the device list can be sorted by (on the server, across pages). */
export const DEVICE_SORT_KEYS = ['name', 'orgName', 'osName', 'manufacturer', 'serial', 'lastUser', 'softwareCount', 'firstSeenAt', 'lastSeenAt'] as const;
export type DeviceSortKey = (typeof DEVICE_SORT_KEYS)[number];

export const deviceListQuery = pageQuery.extend({
  orgId: idSchema.optional().describe('one organization (else every organization in scope)'),
  q: z.string().trim().max(100).optional().describe('name, serial, UUID, MAC or last user contains'),
  os: z.string().trim().max(100).optional().describe('operating system contains'),
  source: z.enum(DEVICE_SOURCES).optional(),
  status: z.enum(DEVICE_STATUSES).default('active'),
  seenBefore: z.string().date().optional().describe('last seen before this date (stale devices)'),
  seenAfter: z.string().date().optional(),
  sort: z.enum(DEVICE_SORT_KEYS).optional().describe('column to sort by (ties by id); without it the most recently seen first'),
  order: z.enum(SORT_ORDERS).default('asc').describe('direction of sort (empty values last either way); ignored without sort'),
});
type DeviceListParsed = z.infer<typeof deviceListQuery>;
/** The list query as services take it: in-process callers may leave `order` out (ascending). */
export type DeviceListQuery = Omit<DeviceListParsed, 'order'> & Partial<Pick<DeviceListParsed, 'order'>>;

export const installedSoftwareSchema = z.object({
  key: z.string(),
  name: z.string(),
  version: z.string().nullable(),
  publisher: z.string().nullable(),
  arch: z.string().nullable(),
  installDate: z.string().nullable(),
  source: z.string().nullable(),
  guid: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  firstSeenAt: z.string(),
});

export const deviceChangeSchema = z.object({
  id: z.string(),
  inventoryId: z.string(),
  at: z.string(),
  change: z.enum(['added', 'removed', 'upgraded', 'downgraded']),
  name: z.string(),
  arch: z.string().nullable(),
  oldVersion: z.string().nullable(),
  newVersion: z.string().nullable(),
});

export const inventorySubmissionSchema = z.object({
  id: z.string(),
  deviceId: z.string().nullable(),
  receivedAt: z.string(),
  channel: z.string(),
  format: z.string(),
  agent: z.string().nullable(),
  remoteAddr: z.string().nullable(),
  size: z.number().int(),
  status: z.enum(['received', 'processed', 'failed']),
  error: z.string().nullable(),
  softwareCount: z.number().int().nullable(),
});

export const agentCredentialSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  username: z.string(),
  label: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});

/** Ready-to-paste command lines for the agents, with this server's URL. */
export const agentCommandsSchema = z.object({
  ocs: z.string(),
  fusion: z.string(),
  glpi: z.string(),
  zbScan: z.string(),
  /** open enrollment (no credentials; the organization's USCC as tag) */
  ocsEnroll: z.string(),
});

export const agentCredentialCreated = agentCredentialSchema.extend({
  /** shown once */
  password: z.string(),
  commands: agentCommandsSchema,
});

export const agentCredentialCreateBody = z.object({ label: z.string().trim().min(1).max(LIMITS.name).default('agents') }).strict();

export const inventorySettingsSchema = z.object({
  openEnrollment: z.boolean(),
  /** the open-enrollment command line (it needs no secret); the other agents' command lines come with new credentials */
  enrollCommand: z.string(),
});
export const inventorySettingsBody = z.object({ openEnrollment: z.boolean() }).strict();

export const inventoryImportQuery = z.object({
  dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export const inventoryImportResult = z.object({
  files: z.number().int(),
  inventories: z.number().int(),
  devicesCreated: z.number().int(),
  devicesUpdated: z.number().int(),
  softwareRows: z.number().int(),
  dryRun: z.boolean(),
  errors: z.array(z.object({ file: z.string(), row: z.number().int().nullable(), field: z.string().nullable(), code: z.string(), message: z.string() })),
});
export type InventoryImportResult = z.infer<typeof inventoryImportResult>;
