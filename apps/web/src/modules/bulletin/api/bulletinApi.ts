import { api, apiDownload } from '../../../api/client.ts';
import type { BulletinKind, BulletinListQuery, BulletinPublishBody, BulletinSummary, BulletinUpdateBody, BulletinView } from '../../../contracts.ts';

/** The bulletin endpoints (通报). */
export const bulletinApi = {
  list: (q: BulletinListQuery) => api.get<{ items: BulletinSummary[] }>('/api/bulletins', { ...q }),
  get: (id: string) => api.get<BulletinView>(`/api/bulletins/${id}`),
  /** A monthly draft (the existing one when the month already has one), a special bulletin or an information report. */
  create: (body: { kind: BulletinKind; regionCode: string; month?: string | undefined }) => api.post<BulletinView>('/api/bulletins', body),
  update: (id: string, body: BulletinUpdateBody) => api.put<BulletinView>(`/api/bulletins/${id}`, body),
  publish: (id: string, body: BulletinPublishBody) => api.post<BulletinView>(`/api/bulletins/${id}/publish`, body),
  remove: (id: string) => api.delete<{ ok: true }>(`/api/bulletins/${id}`),
  downloadPdf: (b: Pick<BulletinSummary, 'id'>) => apiDownload(`/api/bulletins/${b.id}/pdf`, undefined, 'bulletin.pdf'),
  downloadXlsx: (b: Pick<BulletinSummary, 'id'>) => apiDownload(`/api/bulletins/${b.id}/xlsx`, undefined, 'bulletin.xlsx'),
};
