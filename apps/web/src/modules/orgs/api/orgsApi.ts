import { api, apiDownload, apiRequest } from '../../../api/client.ts';
import type { Query } from '../../../api/client.ts';
import type { Page } from '../../../api/Page.ts';
import type { Org, OrgCreateInput, OrgImportResult, OrgListQuery } from '../../../contracts.ts';

/** Filters of the organization list (the list query without paging). */
export type OrgFilters = Partial<Omit<OrgListQuery, 'page' | 'pageSize'>>;

/** Import modes of the contract: reject the file on any bad row, or keep the good rows. */
export type OrgImportMode = 'all-or-nothing' | 'valid-rows';

/** Organizations (单位): government agencies and enterprises. */
export const orgsApi = {
  list: (query: OrgFilters & { page?: number; pageSize?: number }) => api.get<Page<Org>>('/api/orgs', query as Query),
  get: (orgId: string) => api.get<Org>(`/api/orgs/${encodeURIComponent(orgId)}`),
  create: (body: OrgCreateInput) => api.post<Org>('/api/orgs', body),
  update: (orgId: string, body: OrgCreateInput) => api.put<Org>(`/api/orgs/${encodeURIComponent(orgId)}`, body),
  remove: (orgId: string) => api.delete<{ ok: true }>(`/api/orgs/${encodeURIComponent(orgId)}`),
  /** Downloads the list, with the same filters, as an Excel workbook. */
  exportXlsx: (filters: OrgFilters) => apiDownload('/api/orgs/export.xlsx', filters as Query, 'orgs.xlsx'),
  /** Downloads the import template as .xlsx or .csv. */
  template: (format: 'xlsx' | 'csv') =>
    apiDownload('/api/orgs/import-template.xlsx', format === 'csv' ? { format } : undefined, `orgs-template.${format}`),
  /** Uploads an .xlsx/.csv file; `dryRun` checks without writing. */
  import: (file: File, mode: OrgImportMode, dryRun: boolean) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return apiRequest<OrgImportResult>('POST', '/api/orgs/import', { body: form, query: { mode, dryRun: String(dryRun) } });
  },
};
