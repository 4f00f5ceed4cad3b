import { api, apiDownload, apiUpload } from '../../../api/client.ts';
import type { AnswersBody, FindingBody, FindingSeverity, FindingStatus, FindingView, FollowUpBody, InspectionProposal, InspectionType, PlanBody, PlanDetail, PlanStatus, PlanView, QuestionnaireBody, QuestionnaireView, SampleView, ScanView, User } from '../../../contracts.ts';

const plan = (id: string) => `/api/inspections/${encodeURIComponent(id)}`;

/** The inspection endpoints (督查). */
export const inspectionApi = {
  list: (q: { year?: number; type?: InspectionType; status?: PlanStatus; mine?: boolean } = {}) => api.get<{ items: PlanView[] }>('/api/inspections', { ...q, mine: q.mine ? 'true' : undefined }),
  get: (id: string) => api.get<PlanDetail>(plan(id)),
  create: (body: PlanBody) => api.post<PlanDetail>('/api/inspections', body),
  update: (id: string, body: PlanBody) => api.put<PlanDetail>(plan(id), body),
  confirm: (id: string) => api.post<PlanDetail>(`${plan(id)}/confirm`),
  close: (id: string) => api.post<PlanDetail>(`${plan(id)}/close`),
  sample: (id: string, seed?: number) => api.post<SampleView>(`${plan(id)}/sample`, seed === undefined ? {} : { seed }),
  sampleView: (id: string) => api.get<SampleView>(`${plan(id)}/sample`),
  scans: (id: string, orgId?: string) => api.get<{ items: ScanView[] }>(`${plan(id)}/scans`, { orgId }),
  /** Uploads a signed `zb scan` result file of a sampled organization; the server verifies and evaluates it. */
  uploadScan: (id: string, orgId: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return apiUpload<ScanView>(`${plan(id)}/orgs/${encodeURIComponent(orgId)}/scans`, form, undefined);
  },
  findings: (id: string, q: { orgId?: string; status?: FindingStatus; severity?: FindingSeverity } = {}) => api.get<{ items: FindingView[] }>(`${plan(id)}/findings`, q),
  addFinding: (id: string, body: FindingBody) => api.post<FindingView>(`${plan(id)}/findings`, body),
  followUp: (findingId: string, body: FollowUpBody) => api.post<FindingView>(`/api/inspection-findings/${encodeURIComponent(findingId)}/follow-ups`, body),
  questionnaire: (id: string) => api.get<QuestionnaireView>(`${plan(id)}/questionnaire`),
  setQuestionnaire: (id: string, body: QuestionnaireBody) => api.put<QuestionnaireView>(`${plan(id)}/questionnaire`, body),
  sendQuestionnaire: (id: string) => api.post<QuestionnaireView>(`${plan(id)}/questionnaire/send`),
  answer: (id: string, body: AnswersBody) => api.put<QuestionnaireView>(`${plan(id)}/answers`, body),
  proposal: (id: string) => api.get<InspectionProposal>(`${plan(id)}/proposal`),
  propose: (id: string, count: number) => api.post<InspectionProposal>(`${plan(id)}/proposal`, { count }),
  confirmProposal: (id: string, regionCodes: string[]) => api.post<InspectionProposal>(`${plan(id)}/proposal/confirm`, { regionCodes }),
  report: (id: string) => apiDownload(`${plan(id)}/report.pdf`, undefined, 'inspection-report.pdf'),
  /** Users with the inspector role, to assign (national office). */
  inspectors: () => api.get<{ items: User[]; total: number }>('/api/users', { role: 'inspector', pageSize: 500 }),
};
