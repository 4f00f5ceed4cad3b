import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { InventoryParseError } from '../inventory.types.ts';

/**
 * Agent bodies: zlib streams (RFC 1950; OCS and Fusion agents, glpi-agent),
 * gzip, or plain XML/JSON. Inflation stops as soon as the output passes a
 * hard cap, so a small body that would expand to gigabytes costs at most
 * the cap in memory and a few milliseconds per MiB.
 */

/** Default cap on an inflated body: 64 MiB (a 900-package inventory is ~350 KB). */
export const DEFAULT_MAX_INFLATED_BYTES = 64 * 1024 * 1024;

export type BodyEncoding = 'zlib' | 'gzip' | 'plain';

export interface InflateOptions {
  /** Largest inflated (or plain) body accepted, in bytes. */
  maxOutputLength?: number;
}

const inflateAsync = promisify(zlib.inflate) as (buf: Uint8Array, opts: zlib.ZlibOptions) => Promise<Buffer>;
const gunzipAsync = promisify(zlib.gunzip) as (buf: Uint8Array, opts: zlib.ZlibOptions) => Promise<Buffer>;

/**
 * How a body is encoded, from its first bytes: a zlib header (CM 8, the
 * FCHECK rule: `78 9C`, `78 DA`, `78 01`, …), the gzip magic `1F 8B`, or
 * plain text whose first non-blank character is `<`, `{` or `[` (a UTF-8 or
 * UTF-16 BOM may precede it). Null for anything else.
 */
export function sniffBodyEncoding(buf: Uint8Array): BodyEncoding | null {
  if (buf.length >= 2) {
    const cmf = buf[0]!;
    const flg = buf[1]!;
    if ((cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0) return 'zlib';
    if (cmf === 0x1f && flg === 0x8b) return 'gzip';
    if ((cmf === 0xff && flg === 0xfe) || (cmf === 0xfe && flg === 0xff)) return 'plain';
  }
  let i = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++;
  const c = buf[i];
  return c === 0x3c || c === 0x7b || c === 0x5b ? 'plain' : null;
}

/**
 * The body, inflated when compressed (plain bodies are returned as they
 * are; `sniffBodyEncoding` tells which it was).
 *
 * @throws InventoryParseError `body-empty`, `body-not-zlib` (neither zlib,
 *   gzip nor XML/JSON, or corrupt data), `body-truncated`,
 *   `body-too-large-inflated` (the cap was reached), `body-too-large`
 *   (a plain body above the cap)
 */
export async function inflateBody(buf: Uint8Array, opts: InflateOptions = {}): Promise<Buffer> {
  const max = opts.maxOutputLength ?? DEFAULT_MAX_INFLATED_BYTES;
  if (buf.length === 0) throw new InventoryParseError('body-empty', 'the request body is empty');
  const encoding = sniffBodyEncoding(buf);
  if (encoding === null) throw new InventoryParseError('body-not-zlib', 'the body is neither a zlib or gzip stream nor XML/JSON text');
  if (encoding === 'plain') {
    if (buf.length > max) throw new InventoryParseError('body-too-large', `the body is larger than ${max} bytes`);
    return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  try {
    // Output chunks sized to the body (XML inflates about tenfold, so most bodies fit one chunk):
    // with zlib's default 16 KiB, a 350 KB inventory takes ~22 trips through the thread pool
    // and a concatenation, about half again the CPU time.
    const chunkSize = Math.min(1024 * 1024, Math.max(16 * 1024, buf.length * 16));
    return await (encoding === 'zlib' ? inflateAsync : gunzipAsync)(buf, { maxOutputLength: max, chunkSize });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new InventoryParseError('body-too-large-inflated', `the body inflates to more than ${max} bytes`);
    }
    if (err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message)) throw new InventoryParseError('body-truncated', `the ${encoding} stream ends early`);
    throw new InventoryParseError('body-not-zlib', `corrupt ${encoding} stream: ${err.message}`);
  }
}
