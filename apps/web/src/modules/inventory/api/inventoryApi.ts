import type { z } from 'zod';
import { api, apiDownload, apiUpload } from '../../../api/client.ts';
import type { Query, UploadProgress } from '../../../api/client.ts';
import type { Page } from '../../../api/Page.ts';
import type {
  agentCommandsSchema,
  agentCredentialCreated,
  agentCredentialSchema,
  Device,
  DeviceListQuery,
  deviceChangeSchema,
  installedSoftwareSchema,
  InventoryImportResult,
  inventorySettingsSchema,
  inventorySubmissionSchema,
} from '../../../contracts.ts';

export type InstalledSoftware = z.infer<typeof installedSoftwareSchema>;
export type DeviceChange = z.infer<typeof deviceChangeSchema>;
export type InventorySubmission = z.infer<typeof inventorySubmissionSchema>;
export type AgentCredential = z.infer<typeof agentCredentialSchema>;
/** New credentials with their password and ready command lines, shown once. */
export type AgentCredentialCreated = z.infer<typeof agentCredentialCreated>;
export type AgentCommands = z.infer<typeof agentCommandsSchema>;
export type InventorySettings = z.infer<typeof inventorySettingsSchema>;

/** Filters of the device list (the list query without paging). */
export type DeviceFilters = Partial<Omit<DeviceListQuery, 'page' | 'pageSize'>>;

const org = (orgId: string) => `/api/orgs/${encodeURIComponent(orgId)}`;
const device = (orgId: string, deviceId: string) => `${org(orgId)}/devices/${encodeURIComponent(deviceId)}`;

/** 资产清查: devices, their software and history, agent credentials, imports. */
export const inventoryApi = {
  /** Devices in the user's scope; one organization with `orgId`. */
  devices: (query: DeviceFilters & { page?: number; pageSize?: number }) => api.get<Page<Device>>('/api/devices', query as Query),
  /** Downloads the device list, with the same filters, as an Excel workbook. */
  exportDevices: (filters: DeviceFilters) => apiDownload('/api/devices/export.xlsx', filters as Query, 'devices.xlsx'),
  /** The operating systems seen, for the filter's choices. */
  operatingSystems: (orgId?: string) => api.get<{ items: string[] }>('/api/devices/operating-systems', { orgId }).then((r) => r.items),
  device: (orgId: string, deviceId: string) => api.get<Device>(device(orgId, deviceId)),
  software: (orgId: string, deviceId: string, query: { q?: string; page: number; pageSize: number }) =>
    api.get<Page<InstalledSoftware>>(`${device(orgId, deviceId)}/software`, query),
  history: (orgId: string, deviceId: string, query: { page: number; pageSize: number }) => api.get<Page<DeviceChange>>(`${device(orgId, deviceId)}/history`, query),
  submissions: (orgId: string, query: { deviceId?: string; page: number; pageSize: number }) => api.get<Page<InventorySubmission>>(`${org(orgId)}/inventories`, query),
  /** Accepts a device waiting in quarantine (open enrollment). */
  approve: (orgId: string, deviceId: string) => api.post<Device>(`${device(orgId, deviceId)}/approve`),
  /** Rejects a quarantined device: it is removed, its submissions stay on record. */
  reject: (orgId: string, deviceId: string) => api.post<{ ok: true }>(`${device(orgId, deviceId)}/reject`),

  credentials: (orgId: string) => api.get<{ items: AgentCredential[] }>(`${org(orgId)}/agent-credentials`).then((r) => r.items),
  createCredential: (orgId: string, label: string) => api.post<AgentCredentialCreated>(`${org(orgId)}/agent-credentials`, { label }),
  revokeCredential: (orgId: string, credentialId: string) => api.delete<{ ok: true }>(`${org(orgId)}/agent-credentials/${encodeURIComponent(credentialId)}`),
  settings: (orgId: string) => api.get<InventorySettings>(`${org(orgId)}/inventory-settings`),
  setOpenEnrollment: (orgId: string, openEnrollment: boolean) => api.put<InventorySettings>(`${org(orgId)}/inventory-settings`, { openEnrollment }),

  /**
   * Uploads inventory files (OCS/Fusion XML, GLPI JSON, SWID tags, the
   * CSV/XLSX template, `zb scan` result files) into an organization.
   * `deviceName` names the computer of SWID tags, which carry no hardware identity.
   */
  import: (orgId: string, files: File[], options: { dryRun: boolean; deviceName?: string }, onProgress?: (progress: UploadProgress) => void) => {
    const form = new FormData();
    for (const file of files) form.append('file', file, file.name);
    return apiUpload<InventoryImportResult>(`${org(orgId)}/inventory/import`, form, { dryRun: String(options.dryRun), deviceName: options.deviceName }, onProgress);
  },
  /** Downloads the import template (Chinese headers, one row per device × software). */
  template: (format: 'xlsx' | 'csv') =>
    apiDownload('/api/inventory/import-template.xlsx', format === 'csv' ? { format } : undefined, `inventory-template.${format}`),
};
