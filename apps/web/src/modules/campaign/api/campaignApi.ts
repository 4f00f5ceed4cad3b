import { api } from '../../../api/client.ts';
import type { CampaignBody, CampaignLevel, CampaignView, DrillDown, ExceptionView, ProgressDetail, ProgressItem, ProgressStatus, SnapshotView, SnapshotVerify, StatusCounts, TransitionView } from '../../../contracts.ts';

/** Filters of the progress table (also kept in the URL). */
export interface ProgressFilters {
  status?: ProgressStatus | undefined;
  level?: CampaignLevel | undefined;
  regionCode?: string | undefined;
  q?: string | undefined;
  behind?: boolean | undefined;
}

/** The campaign endpoints (检查整改与快照). */
export const campaignApi = {
  list: () => api.get<{ items: CampaignView[] }>('/api/campaigns'),
  get: (id: string) => api.get<CampaignView>(`/api/campaigns/${id}`),
  create: (body: CampaignBody) => api.post<CampaignView>('/api/campaigns', body),
  update: (id: string, body: CampaignBody) => api.put<CampaignView>(`/api/campaigns/${id}`, body),
  progress: (id: string, q: ProgressFilters & { page: number; pageSize: number }) => api.get<{ items: ProgressItem[]; total: number; counts: StatusCounts }>(`/api/campaigns/${id}/progress`, { ...q, behind: q.behind ? 'true' : undefined }),
  detail: (id: string, orgId: string) => api.get<ProgressDetail>(`/api/campaigns/${id}/orgs/${orgId}`),
  transition: (id: string, orgId: string, body: { to: ProgressStatus; reason: string }) => api.post<TransitionView>(`/api/campaigns/${id}/orgs/${orgId}/transitions`, body),
  requestException: (id: string, orgId: string, reason: string) => api.post<ExceptionView>(`/api/campaigns/${id}/orgs/${orgId}/exceptions`, { reason }),
  decideException: (id: string, exceptionId: string, body: { decision: 'approved' | 'rejected'; note: string | null }) => api.post<ExceptionView>(`/api/campaigns/${id}/exceptions/${exceptionId}/decision`, body),
  snapshots: () => api.get<{ items: SnapshotView[] }>('/api/snapshots'),
  createSnapshot: (body: { day?: string; previousMonthEnd?: boolean }) => api.post<SnapshotView>('/api/snapshots', body),
  drill: (day: string, regionCode?: string) => api.get<DrillDown>(`/api/snapshots/${day}`, { regionCode }),
  verify: (day: string) => api.post<SnapshotVerify>(`/api/snapshots/${day}/verify`),
};
