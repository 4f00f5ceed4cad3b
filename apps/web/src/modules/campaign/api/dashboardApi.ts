import { api, apiDownload } from '../../../api/client.ts';
import type { CampaignDashboard, DashboardSheet } from '../../../contracts.ts';

/** The campaign dashboard endpoints (检查整改看板). */
export const dashboardApi = {
  get: (campaignId: string, regionCode?: string) => api.get<CampaignDashboard>(`/api/campaigns/${campaignId}/dashboard`, { regionCode }),
  /** The workbook: every chart's sheet, or one. */
  xlsx: (campaignId: string, regionCode: string | undefined, sheet?: DashboardSheet) => apiDownload(`/api/campaigns/${campaignId}/dashboard.xlsx`, { regionCode, sheet }, 'campaign-dashboard.xlsx'),
};
