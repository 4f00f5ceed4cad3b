/**
 * Sends a result file to the server (`zb scan --upload URL`): POST
 * URL/api/agent/scan with the agent credentials of the organization (HTTP
 * Basic), the result file as the JSON body.
 */
import { serializeResultFile, type ResultFile } from './result-file.ts';

export interface UploadOptions {
  /** Agent credentials created for the organization (`zb agent credentials create`). */
  user?: string;
  password?: string;
  timeoutMs?: number;
}

export type UploadResult = { ok: true; status: number; deviceId: string | null; body: unknown } | { ok: false; status: number | null; code: string; message: string };

/** The endpoint for a server base URL (with or without a trailing slash or path). */
export function scanEndpoint(baseUrl: string): string {
  const u = new URL(baseUrl);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/api/agent/scan`;
  return u.toString();
}

/** Uploads; never throws: network failures and error bodies become `{ ok: false }`. */
export async function uploadResultFile(baseUrl: string, file: ResultFile, opts: UploadOptions = {}): Promise<UploadResult> {
  let url: string;
  try {
    url = scanEndpoint(baseUrl);
  } catch {
    return { ok: false, status: null, code: 'BAD_URL', message: `invalid URL: ${baseUrl}` };
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.user !== undefined) headers.authorization = `Basic ${Buffer.from(`${opts.user}:${opts.password ?? ''}`, 'utf8').toString('base64')}`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body: serializeResultFile(file), signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = [cause?.code, cause?.message ?? (e as Error).message].filter(Boolean).join(' ');
    return { ok: false, status: null, code: 'NETWORK', message: `${url}: ${why}` };
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (a proxy's HTML page…): reported below with the status
  }
  const b = body as { ok?: unknown; deviceId?: unknown; error?: { code?: unknown; message?: unknown; details?: { message?: unknown } } } | null;
  if (res.ok && b && b.ok === true) return { ok: true, status: res.status, deviceId: typeof b.deviceId === 'string' ? b.deviceId : null, body };
  const err = b?.error;
  const asText = (m: unknown) => (typeof m === 'string' ? m : m && typeof m === 'object' ? Object.values(m as Record<string, string>).join(' / ') : null);
  const main = asText(err?.message) ?? `HTTP ${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`;
  // The server puts the precise reason (e.g. "changed after it was signed") in details.
  const detail = asText(err?.details?.message);
  return { ok: false, status: res.status, code: typeof err?.code === 'string' ? err.code : `HTTP_${res.status}`, message: detail ? `${main} — ${detail}` : main };
}
