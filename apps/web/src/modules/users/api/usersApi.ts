import { api } from '../../../api/client.ts';
import type { Page } from '../../../api/Page.ts';
import type { Role, User, UserCreateInput, UserUpdateInput } from '../../../contracts.ts';

/** Filters of the user list. */
export interface UserFilters {
  q?: string;
  role?: Role;
}

/** User accounts and their roles and scopes. */
export const usersApi = {
  list: (query: UserFilters & { page?: number; pageSize?: number }) => api.get<Page<User>>('/api/users', { ...query }),
  get: (userId: string) => api.get<User>(`/api/users/${encodeURIComponent(userId)}`),
  create: (body: UserCreateInput) => api.post<User>('/api/users', body),
  update: (userId: string, body: UserUpdateInput) => api.put<User>(`/api/users/${encodeURIComponent(userId)}`, body),
};
