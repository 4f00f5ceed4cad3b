import type { z } from 'zod';
import { api, apiDownload, apiUpload } from '../../../api/client.ts';
import type { Query } from '../../../api/client.ts';
import type { Page } from '../../../api/Page.ts';
import type {
  CoverageStatus,
  EntitlementListQuery,
  EntitlementView,
  InstallCoverageView,
  LicenceMetric,
  OrgCompliance,
  PositionView,
  ProofDocument,
  Proposal,
  RecomputeResult,
  RegionDashboard,
  SoftwareCategory,
  TaskAction,
  TaskStatus,
  TaskView,
  TransferView,
  TrendPoint,
  UncoveredReason,
  deviceComplianceSchema,
  entitlementBody,
  entitlementDetailSchema,
} from '../../../contracts.ts';

/** One entitlement with its proof documents, transfers and covered installs. */
export type EntitlementDetail = z.infer<typeof entitlementDetailSchema>;
/** A device with its installs needing and lacking a licence. */
export type DeviceCompliance = z.infer<typeof deviceComplianceSchema>;

export type Paging = { page: number; pageSize: number };

/** Filters of the entitlement list (the list query without paging). */
export type EntitlementFilters = Partial<Omit<EntitlementListQuery, 'page' | 'pageSize'>>;

/** Filters of an organization's positions. */
export type PositionFilters = {
  q?: string;
  /** only products with a shortfall */
  shortfall?: boolean;
  category?: SoftwareCategory;
};

/** Filters of the install drill-down. */
export type InstallFilters = {
  productKey?: string;
  deviceId?: string;
  status?: CoverageStatus;
  reason?: UncoveredReason;
  category?: SoftwareCategory;
};

/** Filters of the rectification task list. */
export type TaskFilters = {
  orgId?: string;
  status?: TaskStatus;
  /** open and past due */
  overdue?: boolean;
};

/** What a user records for a new task (整改任务). */
export interface TaskCreateInput {
  productKey: string;
  action: TaskAction;
  replacementKey: string | null;
  assigneeId: string | null;
  dueDate: string;
  quantity: number | null;
  note: string | null;
}

/** A change to a task: reassign, reschedule, cancel or reopen. */
export interface TaskUpdateInput {
  assigneeId?: string | null;
  dueDate?: string;
  note?: string | null;
  status?: 'open' | 'cancelled';
}

/** The entitlement body as the form sends it (the server fills the defaults). */
export type EntitlementInput = z.input<typeof entitlementBody>;

const org = (orgId: string) => `/api/orgs/${encodeURIComponent(orgId)}`;
const entitlement = (orgId: string, id: string) => `${org(orgId)}/entitlements/${encodeURIComponent(id)}`;
const compliance = (orgId: string) => `/api/compliance/orgs/${encodeURIComponent(orgId)}`;

/** 授权与合规: entitlements, the effective licence position, the legalization rate, rectification tasks. */
export const licensingApi = {
  entitlements: (query: EntitlementFilters & Paging) => api.get<Page<EntitlementView>>('/api/entitlements', query as Query),
  entitlement: (orgId: string, id: string) => api.get<EntitlementDetail>(entitlement(orgId, id)),
  createEntitlement: (orgId: string, body: EntitlementInput) => api.post<EntitlementView>(`${org(orgId)}/entitlements`, body),
  updateEntitlement: (orgId: string, id: string, body: EntitlementInput) => api.put<EntitlementView>(entitlement(orgId, id), body),
  removeEntitlement: (orgId: string, id: string) => api.delete<{ ok: true }>(entitlement(orgId, id)),
  /** Moves units to another organization; the receiver gets a new entitlement. */
  transfer: (orgId: string, id: string, body: { toOrgId: string; quantity: number; reason: string }) => api.post<TransferView>(`${entitlement(orgId, id)}/transfers`, body),
  /** Uploads a proof document (PDF or image), kept with its SHA-256. */
  uploadDocument: (orgId: string, id: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return apiUpload<ProofDocument>(`${entitlement(orgId, id)}/documents`, form, undefined);
  },
  downloadDocument: (orgId: string, id: string, doc: Pick<ProofDocument, 'id' | 'filename'>) =>
    apiDownload(`${entitlement(orgId, id)}/documents/${encodeURIComponent(doc.id)}`, undefined, doc.filename),

  orgSummary: (orgId: string) => api.get<OrgCompliance>(compliance(orgId)),
  positions: (orgId: string, query: PositionFilters & Paging) => api.get<Page<PositionView>>(`${compliance(orgId)}/positions`, query as Query),
  installs: (orgId: string, query: InstallFilters & Paging) => api.get<Page<InstallCoverageView>>(`${compliance(orgId)}/installs`, query as Query),
  devices: (orgId: string, query: { compliant?: boolean } & Paging) => api.get<Page<DeviceCompliance>>(`${compliance(orgId)}/devices`, query as Query),
  proposal: (orgId: string, productKey: string) => api.get<Proposal>(`${compliance(orgId)}/proposals`, { productKey }),
  /** The roll-up of a region node; 000000 is the national total. */
  region: (regionCode: string) => api.get<RegionDashboard>(`/api/compliance/regions/${encodeURIComponent(regionCode)}`),
  trend: (subject: { orgId: string } | { regionCode: string }, days = 180) => api.get<{ items: TrendPoint[] }>('/api/compliance/trend', { ...subject, days }).then((r) => r.items),
  /** Recomputes every position; `check` compares without writing. */
  recompute: (check: boolean) => api.post<RecomputeResult>('/api/compliance/recompute', undefined, { check: String(check) }),

  tasks: (query: TaskFilters & Paging) => api.get<Page<TaskView>>('/api/rectification-tasks', query as Query),
  createTask: (orgId: string, body: TaskCreateInput) => api.post<TaskView>(`${org(orgId)}/rectification-tasks`, body),
  updateTask: (orgId: string, taskId: string, body: TaskUpdateInput) => api.patch<TaskView>(`${org(orgId)}/rectification-tasks/${encodeURIComponent(taskId)}`, body),
};

/** The metrics whose quantity counts (site and free are unlimited, OEM is one device). */
export function metricHasQuantity(metric: LicenceMetric | undefined): boolean {
  return metric !== undefined && !['site', 'free', 'oem'].includes(metric);
}
