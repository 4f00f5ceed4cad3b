import { api } from '../api/client.ts';
import type { Me } from '../contracts.ts';

/** Session endpoints: the session itself is an httpOnly cookie. */
export const authApi = {
  login: (username: string, password: string) => api.post<Me>('/api/auth/login', { username, password }),
  logout: () => api.post<{ ok: true }>('/api/auth/logout'),
  me: () => api.get<Me>('/api/auth/me'),
};
