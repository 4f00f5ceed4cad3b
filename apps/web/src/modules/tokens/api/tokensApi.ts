import type { z } from 'zod';
import { api } from '../../../api/client.ts';
import type { apiTokenCreated, apiTokenSchema } from '../../../contracts.ts';

export type ApiToken = z.infer<typeof apiTokenSchema>;
/** A new token with its secret, which the server shows only once. */
export type ApiTokenCreated = z.infer<typeof apiTokenCreated>;

/** Personal API tokens of the signed-in user. */
export const tokensApi = {
  list: () => api.get<{ items: ApiToken[] }>('/api/auth/tokens').then((r) => r.items),
  create: (name: string, expiresInDays: number | null) => api.post<ApiTokenCreated>('/api/auth/tokens', { name, expiresInDays }),
  revoke: (tokenId: string) => api.delete<{ ok: true }>(`/api/auth/tokens/${encodeURIComponent(tokenId)}`),
};
