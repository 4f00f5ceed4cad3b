import { api } from '../../../api/client.ts';
import type { Region } from '../../../contracts.ts';

/** Administrative divisions (行政区划, GB/T 2260). */
export const regionsApi = {
  /** Children of a region; the provinces when `parent` is absent. */
  children: (parent?: string) => api.get<{ items: Region[] }>('/api/regions', { parent }).then((r) => r.items),
  /** Regions whose name or code matches, together with their ancestors (a flat list). */
  search: (q: string) => api.get<{ items: Region[] }>('/api/regions', { q }).then((r) => r.items),
  /** One region with its ancestors, province first or last (callers sort by level). */
  get: (code: string) => api.get<{ region: Region; ancestors: Region[] }>(`/api/regions/${encodeURIComponent(code)}`),
};
