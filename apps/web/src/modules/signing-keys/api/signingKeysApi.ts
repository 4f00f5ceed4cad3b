import { api } from '../../../api/client.ts';
import type { SigningKeyBody, SigningKeyView } from '../../../contracts.ts';

/** Signing keys (签名密钥) of `zb scan` result files: the signed-in user's, and (national office) anyone's. */
export const signingKeysApi = {
  list: () => api.get<{ items: SigningKeyView[] }>('/api/me/signing-keys').then((r) => r.items),
  register: (body: SigningKeyBody) => api.post<SigningKeyView>('/api/me/signing-keys', body),
  revoke: (keyId: string) => api.delete<SigningKeyView>(`/api/me/signing-keys/${encodeURIComponent(keyId)}`),
  /** A user's keys (national office). */
  listOf: (userId: string) => api.get<{ items: SigningKeyView[] }>(`/api/users/${encodeURIComponent(userId)}/signing-keys`).then((r) => r.items),
  /** Revokes a user's key (national office). */
  revokeOf: (userId: string, keyId: string) => api.delete<SigningKeyView>(`/api/users/${encodeURIComponent(userId)}/signing-keys/${encodeURIComponent(keyId)}`),
};
