import { execFile } from 'node:child_process';
import type { CommandResult, CommandRunner } from './scan.types.ts';

/** Default time a single collector command may take. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 60_000;

/**
 * Runs a program without a shell and resolves with its output, whatever
 * happens: a missing program gives `found: false`, a timeout `timedOut: true`.
 * Collectors must never throw because a tool is absent.
 */
export const runCommand: CommandRunner = (file, args, opts = {}) =>
  new Promise<CommandResult>((resolve) => {
    try {
      execFile(
        file,
        [...args],
        { encoding: 'buffer', timeout: opts.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024, windowsHide: true, env: opts.env ?? process.env },
        (err, stdout, stderr) => {
          const e = err as (NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: unknown }) | null;
          const base = { stdout: Buffer.from(stdout ?? []), stderr: Buffer.from(stderr ?? []) };
          if (!e) return resolve({ ...base, found: true, code: 0, timedOut: false, error: null });
          if (e.code === 'ENOENT') return resolve({ ...base, found: false, code: null, timedOut: false, error: null });
          const timedOut = e.killed === true && e.signal === 'SIGTERM';
          const code = typeof e.code === 'number' ? e.code : null;
          resolve({ ...base, found: true, code, timedOut, error: typeof e.code === 'string' ? `${e.code}: ${e.message}` : code === null ? e.message : null });
        },
      );
    } catch (e) {
      resolve({ found: false, code: null, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), timedOut: false, error: (e as Error).message });
    }
  });

/** A one-line explanation of a failed command for the warnings list. */
export function describeFailure(label: string, r: CommandResult): string {
  if (r.timedOut) return `${label}: timed out`;
  if (r.error) return `${label}: ${r.error}`;
  const err = decodeConsoleOutput(r.stderr).trim().split(/\r?\n/)[0] ?? '';
  return `${label}: exit code ${r.code}${err ? ` — ${err.slice(0, 200)}` : ''}`;
}

/**
 * Decodes what a console program printed: UTF-16LE when it says so (BOM, or
 * NULs in every other byte as `wmic` writes), UTF-8 when valid, else GB18030
 * — the ANSI/OEM code page of Chinese Windows (936), a superset of GBK.
 */
export function decodeConsoleOutput(buf: Uint8Array): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return new TextDecoder('utf-8').decode(buf.subarray(3));
  if (looksUtf16le(buf)) return new TextDecoder('utf-16le').decode(buf);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

/** ASCII text in UTF-16LE has a zero in (nearly) every odd byte. */
export function looksUtf16le(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 400) & ~1;
  if (n < 4) return false;
  let zeros = 0;
  for (let i = 1; i < n; i += 2) if (buf[i] === 0) zeros++;
  return zeros / (n / 2) > 0.6;
}
