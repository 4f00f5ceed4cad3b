import { api } from '../../../api/client.ts';
import type { InboxPage } from '../../../contracts.ts';

/** Tells the header badge that the unread count changed (a page marked messages read). */
export const INBOX_CHANGED = 'zb:inbox-changed';
export const announceInboxChange = () => window.dispatchEvent(new Event(INBOX_CHANGED));

/** My inbox (待办与通知). */
export const inboxApi = {
  list: (query: { unread?: boolean; page?: number; pageSize?: number }) => api.get<InboxPage>('/api/inbox', { ...query, unread: query.unread ? 'true' : undefined }),
  unread: () => api.get<{ unread: number }>('/api/inbox/unread'),
  markRead: (id: string) => api.post<{ unread: number }>(`/api/inbox/${id}/read`),
  markAllRead: () => api.post<{ unread: number }>('/api/inbox/read-all'),
};
