import { api } from '../../../api/client.ts';
import type { FormDetail, FormDraftBody, RoundBody, RoundForms, RoundView } from '../../../contracts.ts';

/** The status form endpoints (落实情况表). */
export const statusFormApi = {
  rounds: () => api.get<{ items: RoundView[] }>('/api/status-rounds'),
  createRound: (body: RoundBody) => api.post<RoundView>('/api/status-rounds', body),
  forms: (roundId: string) => api.get<RoundForms>(`/api/status-rounds/${roundId}/forms`),
  form: (roundId: string, regionCode: string) => api.get<FormDetail>(`/api/status-rounds/${roundId}/forms/${regionCode}`),
  save: (roundId: string, regionCode: string, body: FormDraftBody) => api.put<FormDetail>(`/api/status-rounds/${roundId}/forms/${regionCode}`, body),
  prefill: (roundId: string, regionCode: string) => api.post<FormDetail>(`/api/status-rounds/${roundId}/forms/${regionCode}/prefill`),
  submit: (roundId: string, regionCode: string, body: FormDraftBody) => api.post<FormDetail>(`/api/status-rounds/${roundId}/forms/${regionCode}/submit`, body),
  returnForm: (roundId: string, regionCode: string, comments: string) => api.post<FormDetail>(`/api/status-rounds/${roundId}/forms/${regionCode}/return`, { comments }),
  accept: (roundId: string, regionCode: string, comments: string | null) => api.post<FormDetail>(`/api/status-rounds/${roundId}/forms/${regionCode}/accept`, { comments }),
};
