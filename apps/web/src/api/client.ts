import type { Lang } from '../contracts.ts';
import { ApiError } from './ApiError.ts';

/** Query parameters; empty values are left out. */
export type Query = Record<string, string | number | boolean | null | undefined>;

interface RequestOptions {
  query?: Query;
  /** JSON body; or a FormData for uploads (the browser sets the boundary). */
  body?: unknown;
}

// Module state rather than React state: the client is called from
// everywhere, and these three change rarely.
let csrfToken: string | null = null;
let lang: Lang = 'zh-CN';
let onUnauthenticated: (() => void) | null = null;

/** Remembers the CSRF token returned by login and /auth/me; sent on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The language asked of the server, so error messages come back in it. */
export function setApiLang(next: Lang): void {
  lang = next;
}

/** Called when any request answers 401 (session expired or signed out elsewhere). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

/** Builds `/api/...?a=1&b=2`, leaving out empty parameters. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function headersFor(method: string, body: unknown): Headers {
  const headers = new Headers({ 'Accept-Language': lang, Accept: 'application/json' });
  if (body !== undefined && !(body instanceof FormData)) headers.set('Content-Type', 'application/json');
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers.set('x-csrf-token', csrfToken);
  return headers;
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      credentials: 'same-origin',
      headers: headersFor(method, options.body),
      body: options.body === undefined ? undefined : options.body instanceof FormData ? options.body : JSON.stringify(options.body),
    });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : String(cause));
  }
  if (!response.ok) throw await toApiError(response, path);
  return response;
}

/** Turns an error response into an ApiError; a 401 also signs the UI out. */
async function toApiError(response: Response, path: string): Promise<ApiError> {
  let parsed: { error?: { code?: string; message?: string; fields?: ApiError['fields']; details?: unknown } } = {};
  try {
    parsed = (await response.json()) as typeof parsed;
  } catch {
    // Not JSON (a proxy error page, say): fall back to the status line.
  }
  const error = parsed.error ?? {};
  // A failed sign-in is a 401 too, but it must stay on the login form.
  if (response.status === 401 && path !== '/api/auth/login') onUnauthenticated?.();
  return new ApiError(response.status, error.code ?? `HTTP_${response.status}`, error.message ?? response.statusText, error.fields ?? [], error.details);
}

/** Sends a request and parses the JSON answer. */
export async function apiRequest<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** The typed verbs used by the module APIs. */
export const api = {
  get: <T>(path: string, query?: Query) => apiRequest<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, query?: Query) => apiRequest<T>('POST', path, { body, query }),
  put: <T>(path: string, body: unknown) => apiRequest<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>('PATCH', path, { body }),
  delete: <T>(path: string) => apiRequest<T>('DELETE', path),
};

/** The file name from a Content-Disposition header (RFC 6266 filename* first). */
function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star?.[1]) return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/**
 * Downloads a file (exports, templates). Fetched rather than linked so the
 * language header goes along and errors can be shown instead of saved.
 */
export async function apiDownload(path: string, query: Query | undefined, fallbackName: string): Promise<void> {
  const response = await send('GET', path, { query });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameFrom(response.headers.get('Content-Disposition'), fallbackName);
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke later: some browsers start the download asynchronously.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Progress of an upload: bytes sent so far and in all (0 when unknown). */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * POSTs a FormData and parses the JSON answer, reporting the upload's
 * progress. XMLHttpRequest rather than fetch: fetch has no upload progress,
 * and large inventory files take a while to send. Same headers, CSRF and
 * error handling as `apiRequest`.
 */
export function apiUpload<T>(path: string, form: FormData, query: Query | undefined, onProgress?: (progress: UploadProgress) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(path, query));
    xhr.withCredentials = true;
    headersFor('POST', form).forEach((value, key) => xhr.setRequestHeader(key, value));
    xhr.responseType = 'text';
    if (onProgress) xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0 });
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'upload failed'));
    xhr.onload = () => {
      const headers = new Headers();
      const type = xhr.getResponseHeader('Content-Type');
      if (type) headers.set('Content-Type', type);
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers });
      if (!response.ok) {
        void toApiError(response, path).then(reject);
        return;
      }
      if (xhr.status === 204) {
        resolve(undefined as T);
        return;
      }
      response.json().then((body) => resolve(body as T), reject);
    };
    xhr.send(form);
  });
}
