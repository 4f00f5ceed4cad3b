import { api } from '../../../api/client.ts';
import type { Page } from '../../../api/Page.ts';
import type { AuditRecord, AuditVerifyResult } from '../../../contracts.ts';

/** Filters of the audit trail; dates are YYYY-MM-DD, inclusive. */
export interface AuditFilters {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** The tamper-evident audit trail (hash-chained records). */
export const auditApi = {
  list: (query: AuditFilters & { page?: number; pageSize?: number }) => api.get<Page<AuditRecord>>('/api/audit', { ...query }),
  /** Walks the hash chain on the server and reports the first problem. */
  verify: () => api.get<AuditVerifyResult>('/api/audit/verify'),
};
